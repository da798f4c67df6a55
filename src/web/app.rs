//! The app shell and its small router: the current URL lives in a signal, links inside
//! the app are followed with the History API, the back button restores the page.
//!
//! Measured: leptos_router cost 56 KB gzip of WASM (235 KB with it, 179 KB without),
//! almost a quarter of the 250 KB budget of the whole app; this router is a few KB. The
//! decisions (which page, which links stay in the app, query decoding) are pure
//! functions in `core::route`, tested natively.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::screens::route::{
    internal_target, is_same_origin_path, page_href, router_base_from_asset_url, Page, Route,
};
use crate::screens::shell::{footer_html, header_html};
use crate::web::pages::{
    AboutPage, CalculatorPage, ChartsPage, ComparePage, NotFoundPage, StudiesPage,
};

/// The router base (e.g. `""` or `"/msc"`), provided as context so links can carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppBase(pub String);

/// The current route, provided as context.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub Memo<Route>);

/// Moves the app to another URL inside it. Copy it into event handlers.
#[derive(Clone, Copy)]
pub struct Navigator {
    url: RwSignal<(String, String)>,
}

impl Navigator {
    /// Goes to `to` (path, query and fragment). `replace` rewrites the current history
    /// entry (typing in a field); otherwise a new entry is pushed and the page starts at
    /// the top with focus on the main content, so screen readers announce it.
    pub fn go(&self, to: &str, replace: bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(history) = window.history() {
            let result = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
            };
            if result.is_err() {
                // A URL the History API refuses: let the browser load it, but never
                // on another origin.
                if is_same_origin_path(to) {
                    let _ = window.location().set_href(to);
                }
                return;
            }
        }
        self.url.set(current_url());
        if !replace {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(main) = window
                .document()
                .and_then(|d| d.get_element_by_id("main"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = main.focus();
            }
        }
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let base = router_base();
    provide_context(AppBase(base.clone()));
    let url = RwSignal::new(current_url());
    let navigator = Navigator { url };
    provide_context(navigator);
    let route = Memo::new(move |_| url.with(|(path, search)| Route::parse(&base, path, search)));
    provide_context(CurrentRoute(route));
    let page = Memo::new(move |_| route.with(|r| r.page));

    let popstate = window_event_listener(ev::popstate, move |_| url.set(current_url()));
    let base_for_clicks = use_context::<AppBase>().map(|b| b.0).unwrap_or_default();
    let clicks = window_event_listener(ev::click, move |event| {
        if crate::web::bind::closest(&event, "[data-copy-link]").is_some() {
            copy_page_link();
            return;
        }
        if let Some(to) = link_to_follow(&event, &base_for_clicks) {
            event.prevent_default();
            navigator.go(&to, false);
        }
    });
    on_cleanup(move || {
        popstate.remove();
        clicks.remove();
    });

    // The current page's link in the header says so to assistive technology.
    Effect::new(move |_| {
        let current = page.get().map(|p| p.path()).unwrap_or_default();
        if let Ok(nav_links) = document().query_selector_all("[data-page-link]") {
            for index in 0..nav_links.length() {
                let Some(link) = nav_links
                    .item(index)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let _ = if link.get_attribute("data-page-link").as_deref() == Some(current) {
                    link.set_attribute("aria-current", "page")
                } else {
                    link.remove_attribute("aria-current")
                };
            }
        }
    });
    let links = app_links();
    let version = crate::web::bundle::evidence()
        .map(|e| e.dataset.version.clone())
        .unwrap_or_else(|_| "unavailable".into());

    view! {
        <a class="skip-link" href="#main" rel="external">"Skip to content"</a>
        {crate::web::bind::markup(header_html(&links))}
        <main id="main" class="page" tabindex="-1">
            {move || match page.get() {
                Some(Page::Calculator) => view! { <CalculatorPage/> }.into_any(),
                Some(Page::Studies) => view! { <StudiesPage/> }.into_any(),
                Some(Page::Compare) => view! { <ComparePage/> }.into_any(),
                Some(Page::Charts) => view! { <ChartsPage/> }.into_any(),
                Some(Page::About) => view! { <AboutPage/> }.into_any(),
                None => view! { <NotFoundPage/> }.into_any(),
            }}
        </main>
        {crate::web::bind::markup(footer_html(&version))}
    }
}

/// The in-app target of a plain left click on a link, if the app should handle it: not
/// with a modifier key, not a download, no explicit target, not `rel="external"`, and
/// inside the app (see [`internal_target`]).
fn link_to_follow(event: &web_sys::MouseEvent, base: &str) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let anchor: web_sys::HtmlAnchorElement = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into()
        .ok()?;
    let rel = anchor.rel();
    if !anchor.target().is_empty()
        || anchor.has_attribute("download")
        || rel.split_whitespace().any(|r| r == "external")
    {
        return None;
    }
    let origin = web_sys::window()?.location().origin().ok()?;
    internal_target(&origin, base, &anchor.href())
}

/// Copies the page's address; the page's `[data-copy-status]` says whether it worked (or
/// offers the link to copy by hand).
fn copy_page_link() {
    let href = window().location().href().unwrap_or_default();
    crate::web::bind::copy_to_clipboard(
        href,
        "Link",
        "Link copied: it opens this exact view.",
        |status| {
            if let Ok(Some(element)) = document().query_selector("[data-copy-status]") {
                crate::web::trusted::set_inner(&element, &crate::screens::status_html(&status));
            }
        },
    );
}

/// `(pathname, search)` of the window's location.
fn current_url() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            (
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// The href of `page` under the app's base (context [`AppBase`]; `""` without one).
pub fn href_to(page: Page) -> String {
    let base = use_context::<AppBase>()
        .map(|base| base.0)
        .unwrap_or_default();
    page_href(&base, page)
}

/// Link builder for HTML rendered by `core::render`, carrying the app's base.
pub fn app_links() -> crate::screens::Links {
    crate::screens::Links {
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
        .and_then(|element| element.dyn_into::<web_sys::HtmlLinkElement>().ok())
        .map(|link| link.href())
        .unwrap_or_default();
    let origin = window().location().origin().unwrap_or_default();
    router_base_from_asset_url(&origin, &icon_url)
}
