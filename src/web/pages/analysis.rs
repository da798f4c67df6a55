//! The Compare and Charts pages: the analysis screen, mounted by the binder.

use leptos::prelude::*;

use crate::html;
use crate::screens::analysis::state::Choices;
use crate::screens::analysis::AnalysisScreen;
use crate::screens::route::Page;
use crate::web::app::app_links;
use crate::web::bind::{mount, static_page};
use crate::web::bundle::evidence;

/// Outcome comparison tables.
#[component]
pub fn ComparePage() -> impl IntoView {
    analysis_page(Page::Compare)
}

/// Charts of the same analysis.
#[component]
pub fn ChartsPage() -> impl IntoView {
    analysis_page(Page::Charts)
}

fn analysis_page(page: Page) -> AnyView {
    let evidence = match evidence() {
        Ok(evidence) => evidence,
        Err(error) => {
            let html = html!(
                r#"<h1 data-testid="page-title">{}</h1><p class="notice notice--warning">{}</p>"#,
                page.nav_label(),
                error.to_string()
            );
            return static_page(page, html).into_any();
        }
    };
    // What the dataset offers never changes: computed once per session, not per visit
    // (it builds the rows of every outcome).
    static CHOICES: std::sync::OnceLock<Choices> = std::sync::OnceLock::new();
    let choices: &'static Choices = CHOICES.get_or_init(|| Choices::of(evidence));
    mount(
        AnalysisScreen::new(page, evidence, choices, app_links()),
        page,
    )
    .into_any()
}
