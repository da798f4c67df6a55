//! Native rendering: a page's full markup comes from its pure screen, without a browser
//! (what pre-rendering writes). The Leptos component itself needs a browser now: it is the
//! binder, which reads the address and the DOM.
#![cfg(not(target_arch = "wasm32"))]

use msc_hsct::domain::data::evidence;
use msc_hsct::screens::about::AboutScreen;
use msc_hsct::screens::screen::Screen;
use msc_hsct::screens::Links;

#[test]
fn about_page_html_cites_the_review_and_links_its_licence() {
    let screen = AboutScreen::new(
        evidence().map_err(|e| e.to_string()),
        Links {
            base: String::new(),
        },
    );
    let html = screen.page(&(), &[]);
    assert!(
        html.contains("Ting Lin, Yunfan Yang, Xinchuan Chen"),
        "{html}"
    );
    assert!(html.contains("European Journal of Medical Research"));
    assert!(html.contains(r#"href="https://creativecommons.org/licenses/by/4.0/""#));
    assert!(html.contains("https://pubmed.ncbi.nlm.nih.gov/?term=A+review+of+the+application"));
    assert!(html.contains("not a prescription"));
}
