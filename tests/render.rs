//! Native rendering tests (leptos `ssr` in dev-dependencies): components render to HTML
//! without a browser.
#![cfg(not(target_arch = "wasm32"))]

use leptos::prelude::*;
use msc_hsct::web::pages::AboutPage;

#[test]
fn about_page_html_cites_the_review_and_links_its_licence() {
    let html = view! { <AboutPage/> }.to_html();
    assert!(
        html.contains("Ting Lin, Yunfan Yang, Xinchuan Chen"),
        "{html}"
    );
    assert!(html.contains("European Journal of Medical Research"));
    assert!(html.contains(r#"href="https://creativecommons.org/licenses/by/4.0/""#));
    assert!(html.contains("https://pubmed.ncbi.nlm.nih.gov/?term=A+review+of+the+application"));
    assert!(html.contains("not a prescription"));
}
