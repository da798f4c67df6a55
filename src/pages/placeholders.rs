//! Pages whose features are still being built: each says so plainly, and the 404 page.

use leptos::prelude::*;

use super::set_title;
use crate::app::href_to;
use crate::core::render::not_built;
use crate::core::route::Page;

/// Outcome comparison tables.
#[component]
pub fn ComparePage() -> impl IntoView {
    set_title(Page::Compare);
    view! {
        <div inner_html=not_built(
            "Compare outcomes",
            "Filterable tables with exact confidence intervals and random-effects pooling.",
            "The statistics are built and tested (exact and Wilson CIs, REML/DL pooling checked against scipy and statsmodels); the page that shows them is not wired yet.",
        )></div>
    }
}

/// Charts.
#[component]
pub fn ChartsPage() -> impl IntoView {
    set_title(Page::Charts);
    view! {
        <div inner_html=not_built(
            "Charts",
            "Forest plot, dose-response and engraftment charts that download as SVG and PNG.",
            "The charts are drawn and tested in the app's core; the page that shows them is not wired yet.",
        )></div>
    }
}

/// Shown for any path that is not a page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1 data-testid="page-title">"Page not found"</h1>
        <p>"This address is not a page of the app. Choose a page:"</p>
        <ul class="link-list">
            {Page::ALL
                .into_iter()
                .map(|page| view! { <li><a href=href_to(page)>{page.nav_label()}</a></li> })
                .collect_view()}
        </ul>
    }
}
