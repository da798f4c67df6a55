//! The app shell: router with a base taken from where the app is served, header with
//! navigation, the page outlet and the footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::{Footer, Header};
use crate::core::route::{page_href, router_base_from_asset_url, Page};
use crate::pages::{AboutPage, CalculatorPage, ChartsPage, ComparePage, NotFoundPage, StudiesPage};

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let base = router_base();
    provide_context(AppBase(base.clone()));
    view! {
        <Router base=base>
            <a class="skip-link" href="#main" rel="external">"Skip to content"</a>
            <Header/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=CalculatorPage/>
                    <Route path=path!("/index.html") view=CalculatorPage/>
                    <Route path=path!("/studies") view=StudiesPage/>
                    <Route path=path!("/compare") view=ComparePage/>
                    <Route path=path!("/charts") view=ChartsPage/>
                    <Route path=path!("/about") view=AboutPage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// The router base (e.g. `""` or `"/msc"`), provided as context so links can carry it:
/// the router's `<A>` passes absolute hrefs through unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppBase(pub String);

/// The href of `page` under the app's base (context [`AppBase`]; `""` without one).
pub fn href_to(page: Page) -> String {
    let base = use_context::<AppBase>()
        .map(|base| base.0)
        .unwrap_or_default();
    page_href(&base, page)
}

/// Link builder for HTML rendered by `core::render`, carrying the app's base.
pub fn app_links() -> crate::core::render::Links {
    crate::core::render::Links {
        base: use_context::<AppBase>()
            .map(|base| base.0)
            .unwrap_or_default(),
    }
}

/// The router base for wherever the app is hosted: read from the resolved URL of the
/// app's icon, which `index.html` links relatively (see [`router_base_from_asset_url`]).
fn router_base() -> String {
    let icon_url = document()
        .query_selector("link[rel~='icon']")
        .ok()
        .flatten()
        .and_then(|element| {
            use wasm_bindgen::JsCast;
            element.dyn_into::<web_sys::HtmlLinkElement>().ok()
        })
        .map(|link| link.href())
        .unwrap_or_default();
    router_base_from_asset_url(&icon_url)
}
