//! About: the review the app is built on, its licence and the disclaimer; the dataset's
//! version, downloads, data-quality report and glossary; privacy.

use leptos::prelude::*;

use super::set_title;
use super::studies::dataset_error;
use crate::app::app_links;
use crate::bundle::evidence;
use crate::components::download::download_text;
use crate::core::export::studies_csv;
use crate::core::quality::check_all;
use crate::core::render::about::{dataset_summary, glossary_table, intro, quality_report, PRIVACY};
use crate::core::route::Page;
use crate::data::{Evidence, ABBREVIATIONS_JSON, REFERENCES_JSON, STUDIES_JSON};

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_title(Page::About);
    view! {
        <div inner_html=intro()></div>
        {match evidence() {
            Ok(evidence) => view! { <DataSections evidence=evidence/> }.into_any(),
            Err(error) => view! { <div inner_html=dataset_error(&error.to_string())></div> }.into_any(),
        }}
        <div inner_html=PRIVACY></div>
    }
}

/// Dataset version and changelog, downloads, the data-quality report and the glossary.
#[component]
fn DataSections(
    /// The bundled evidence.
    evidence: &'static Evidence,
) -> impl IntoView {
    let (download_error, set_download_error) = signal(None::<String>);
    let save = move |name: &str, mime: &str, content: &str| {
        set_download_error.set(download_text(name, mime, content).err());
    };
    let links = app_links();
    let flags = check_all(evidence);
    let report = quality_report(evidence, &flags, &links);
    view! {
        <section aria-labelledby="about-data">
            <h2 id="about-data">"The dataset"</h2>
            <div inner_html=dataset_summary(evidence)></div>
            <div class="button-row" role="group" aria-label="Download the dataset">
                <button type="button" class="button" data-testid="download-studies-json"
                    on:click=move |_| save("msc-hsct-studies.json", "application/json", STUDIES_JSON)>
                    "Studies (JSON)"
                </button>
                <button type="button" class="button" data-testid="download-studies-csv"
                    on:click=move |_| save("msc-hsct-outcomes.csv", "text/csv", &studies_csv(evidence, &check_all(evidence)))>
                    "Outcomes (CSV)"
                </button>
                <button type="button" class="button button--secondary" data-testid="download-references-json"
                    on:click=move |_| save("msc-hsct-references.json", "application/json", REFERENCES_JSON)>
                    "References (JSON)"
                </button>
                <button type="button" class="button button--secondary" data-testid="download-abbreviations-json"
                    on:click=move |_| save("msc-hsct-abbreviations.json", "application/json", ABBREVIATIONS_JSON)>
                    "Abbreviations (JSON)"
                </button>
            </div>
            {move || download_error.get().map(|message| view! { <p class="notice notice--warning" role="alert">{message}</p> })}
            <p class="muted">"The JSON files use the schema documented in docs/DATASET.md; the CSV has one row per outcome with its study, printed text, derived values and flags."</p>
        </section>
        <section aria-labelledby="about-quality">
            <h2 id="about-quality">"Data-quality report"</h2>
            <div inner_html=report></div>
        </section>
        <section aria-labelledby="about-glossary">
            <h2 id="about-glossary">"Glossary"</h2>
            <p>"Abbreviations as the review defines them (list, table footnotes, text). Entries the review uses without defining are marked; their meaning is ours. In the app, every abbreviation explains itself on hover and on keyboard focus."</p>
            <div inner_html=glossary_table(evidence)></div>
        </section>
    }
}
