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
use crate::core::render::about::{dataset_summary, glossary_table, quality_report};
use crate::core::route::Page;
use crate::data::review::REVIEW;
use crate::data::{Evidence, ABBREVIATIONS_JSON, REFERENCES_JSON, STUDIES_JSON};

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_title(Page::About);
    view! {
        <h1 data-testid="page-title">"About"</h1>
        <nav class="toc" aria-label="On this page">
            <ul>
                <li><a href="#about-disclaimer" rel="external">"Disclaimer"</a></li>
                <li><a href="#about-source" rel="external">"Source"</a></li>
                <li><a href="#about-data" rel="external">"Dataset and downloads"</a></li>
                <li><a href="#about-quality" rel="external">"Data quality"</a></li>
                <li><a href="#about-glossary" rel="external">"Glossary"</a></li>
                <li><a href="#about-privacy" rel="external">"Privacy"</a></li>
            </ul>
        </nav>
        <section aria-labelledby="about-disclaimer">
            <h2 id="about-disclaimer">"Disclaimer"</h2>
            <div class="notice notice--warning" data-testid="disclaimer">
                <p>
                    <strong>"Decision support for professionals, not a prescription."</strong>
                    " MSC·HSCT helps transplant physicians, pharmacists, cell-therapy laboratories and "
                    "researchers work with the published evidence. It does not replace the product "
                    "label, the institution's protocol or clinical judgement."
                </p>
            </div>
        </section>
        <section aria-labelledby="about-source">
            <h2 id="about-source">"Source of the data"</h2>
            <p>"Every study and number in this app is taken from one review:"</p>
            <blockquote class="citation" data-testid="review-citation">
                <p>
                    {REVIEW.authors.join(", ")} ". "
                    <cite>{REVIEW.title}</cite> ". "
                    <em>{REVIEW.journal}</em> ", " {REVIEW.year}
                    " (published online " {REVIEW.published_online} ")."
                </p>
            </blockquote>
            <p>
                "The review is published under the "
                <a href=REVIEW.licence_url rel="license external noopener" target="_blank">
                    "Creative Commons Attribution 4.0 International licence (" {REVIEW.licence} ")"
                </a>
                "; values are copied as printed and never corrected. "
                <a href=REVIEW.pubmed_search_url() rel="external noopener" target="_blank">
                    "Find the review on PubMed"
                </a>
                " (opens a search; the app itself never contacts another site)."
            </p>
        </section>
        {match evidence() {
            Ok(evidence) => view! { <DataSections evidence=evidence/> }.into_any(),
            Err(error) => view! { <div inner_html=dataset_error(&error.to_string())></div> }.into_any(),
        }}
        <section aria-labelledby="about-privacy">
            <h2 id="about-privacy">"Privacy"</h2>
            <p>
                "Everything runs in your browser. There is no server, no account and no analytics: "
                "a patient's weight or any other input never leaves this device."
            </p>
        </section>
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
