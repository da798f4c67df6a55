//! Studies: the list of every study, or one study when the link names it
//! (`?study=r38`). The content is rendered by `core::render::studies`.

use leptos::prelude::*;

use super::set_title;
use crate::screens::route::Page;
use crate::screens::studies::{study_detail, study_list, study_not_found};
use crate::web::app::{app_links, CurrentRoute};
use crate::web::bundle::evidence;

/// The Studies page.
#[component]
pub fn StudiesPage() -> impl IntoView {
    set_title(Page::Studies);
    let links = app_links();
    let route = use_context::<CurrentRoute>();
    let html = move || {
        let selected = route.and_then(|r| r.0.with(|r| r.query("study").map(str::to_string)));
        match (evidence(), selected) {
            (Err(error), _) => dataset_error(&error.to_string()),
            (Ok(evidence), None) => study_list(evidence, &links),
            (Ok(evidence), Some(id)) => match evidence.study(&id) {
                Some(study) => study_detail(evidence, study, &links),
                None => study_not_found(&id, &evidence.dataset.version, &links),
            },
        }
    };
    view! { <div class="studies" inner_html=html></div> }
}

/// The message shown if the bundled dataset cannot be read (the tests make this
/// unreachable, but a panic must never be the answer).
pub fn dataset_error(message: &str) -> String {
    format!(
        r#"<h1 data-testid="page-title">Data unavailable</h1><div class="notice notice--warning" role="alert"><p><strong>The bundled dataset could not be read.</strong> {}</p></div>"#,
        crate::domain::encode::esc(message)
    )
}
