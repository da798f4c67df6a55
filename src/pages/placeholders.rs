//! Pages whose features are still being built: each says so plainly, and the 404 page.

use leptos::prelude::*;

use super::set_title;
use crate::app::href_to;
use crate::components::shell::NotBuiltYet;
use crate::core::route::Page;

/// Outcome comparison tables.
#[component]
pub fn ComparePage() -> impl IntoView {
    set_title(Page::Compare);
    view! {
        <h1 data-testid="page-title">"Compare outcomes"</h1>
        <p class="lead">
            "Filterable tables with exact confidence intervals and random-effects pooling."
        </p>
        <NotBuiltYet will="The tables arrive with the dataset and statistics."/>
    }
}

/// Charts.
#[component]
pub fn ChartsPage() -> impl IntoView {
    set_title(Page::Charts);
    view! {
        <h1 data-testid="page-title">"Charts"</h1>
        <p class="lead">
            "Forest plot, dose-response and engraftment charts that download as SVG and PNG."
        </p>
        <NotBuiltYet will="The charts arrive after the comparison tables."/>
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
