//! About: the review the app is built on, its licence and the disclaimer; the dataset's
//! version, downloads, data-quality report and glossary; privacy. The content is rendered
//! by `core::render::about`; this binds the download buttons.

use leptos::prelude::*;

use super::set_title;
use super::studies::dataset_error;
use crate::domain::data::{ABBREVIATIONS_JSON, REFERENCES_JSON, STUDIES_JSON};
use crate::domain::export::studies_csv;
use crate::domain::quality::check_all;
use crate::screens::about::{data_sections, intro, PRIVACY};
use crate::screens::route::Page;
use crate::screens::{status_html, Status};
use crate::web::app::app_links;
use crate::web::bind::{closest, set_html};
use crate::web::bundle::evidence;
use crate::web::download::download_text;

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_title(Page::About);
    let data = match evidence() {
        Ok(evidence) => data_sections(evidence, &check_all(evidence), &app_links()),
        Err(error) => dataset_error(&error.to_string()),
    };
    let html = format!("{}{data}{PRIVACY}", intro());
    let on_click = move |event: web_sys::MouseEvent| {
        let Some(button) = closest(&event, "[data-download]") else {
            return;
        };
        let Ok(evidence) = evidence() else {
            return;
        };
        let result = match button.get_attribute("data-download").as_deref() {
            Some("studies-json") => {
                download_text("msc-hsct-studies.json", "application/json", STUDIES_JSON)
            }
            Some("studies-csv") => download_text(
                "msc-hsct-outcomes.csv",
                "text/csv",
                &studies_csv(evidence, &check_all(evidence)),
            ),
            Some("references-json") => download_text(
                "msc-hsct-references.json",
                "application/json",
                REFERENCES_JSON,
            ),
            Some("abbreviations-json") => download_text(
                "msc-hsct-abbreviations.json",
                "application/json",
                ABBREVIATIONS_JSON,
            ),
            _ => Ok(()),
        };
        set_html(
            "download-status",
            &result
                .err()
                .map(|e| status_html(&Status::Problem(e)))
                .unwrap_or_default(),
        );
    };
    view! { <div on:click=on_click inner_html=html></div> }
}
