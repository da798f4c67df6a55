//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into the
//! real DOM. Run with `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use msc_hsct::web::app::App;
use msc_hsct::web::pages::{AboutPage, ComparePage};

#[wasm_bindgen_test]
fn the_bundled_evidence_parses_in_the_browser() {
    let evidence = msc_hsct::web::bundle::evidence().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(evidence.references.len(), 89);
    assert_eq!(evidence.dataset.studies.len(), 46);
    // The browser path must give the same data as serde_json natively.
    let native = msc_hsct::domain::data::Evidence::parse(
        msc_hsct::domain::data::STUDIES_JSON,
        msc_hsct::domain::data::REFERENCES_JSON,
        msc_hsct::domain::data::ABBREVIATIONS_JSON,
    )
    .unwrap();
    assert_eq!(*evidence, native);
}
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element appended to `<body>` to mount into.
fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

#[wasm_bindgen_test]
fn about_page_renders_the_citation_licence_and_disclaimer() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), AboutPage);
    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("Ting Lin, Yunfan Yang, Xinchuan Chen"),
        "{text}"
    );
    assert!(text.contains("CC BY 4.0"), "{text}");
    assert!(text.contains("Decision support for professionals, not a prescription."));
    let citation = host
        .query_selector("[data-testid=review-citation] cite")
        .unwrap()
        .expect("the title is marked up as <cite>");
    assert!(citation
        .text_content()
        .unwrap_or_default()
        .starts_with("A review of the application of mesenchymal stem cells"));
    drop(handle);
    assert_eq!(host.child_element_count(), 0, "unmounting removes the page");
}

#[wasm_bindgen_test]
async fn the_comparison_renders_rows_and_a_pooled_estimate() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), ComparePage);
    // Effects fill the output after mounting.
    leptos::task::tick().await;
    let rows = host
        .query_selector_all("[data-testid=compare-row]")
        .unwrap()
        .length();
    assert!(rows >= 10, "{rows} rows of overall response");
    let pooled = host
        .query_selector("[data-testid=pooled-estimate]")
        .unwrap()
        .expect("a pooled estimate across the rows shown");
    assert!(pooled.text_content().unwrap_or_default().ends_with('%'));
}

#[wasm_bindgen_test]
fn app_shell_has_one_nav_link_per_page() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), App);
    let links = host.query_selector_all("nav a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .filter_map(|element| element.get_attribute("href"))
        .collect();
    assert_eq!(hrefs, ["/", "/studies", "/compare", "/charts", "/about"]);
    // The bundled dataset loads in the browser (JSON.parse + serde-wasm-bindgen path).
    let version = host
        .query_selector("[data-testid=footer-dataset-version]")
        .unwrap()
        .expect("footer version")
        .text_content()
        .unwrap_or_default();
    assert_eq!(version, "2023.1");
    assert!(host.query_selector("main#main").unwrap().is_some());
    assert!(host.query_selector("footer").unwrap().is_some());
}
