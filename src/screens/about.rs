//! The About page's data sections as HTML: the dataset's version and changelog, the
//! data-quality report (every flag, grouped by rule, linked to its study) and the glossary.

use std::fmt::Write;

use super::{glossed, Links};
use crate::domain::data::Evidence;
use crate::domain::encode::esc;
use crate::domain::quality::{Flag, Rule};

/// The static sections of the About page: contents, disclaimer and source.
pub fn intro() -> String {
    use crate::domain::data::review::REVIEW;
    format!(
        r##"<h1 data-testid="page-title">About</h1>{copy}<nav class="toc" aria-label="On this page"><ul><li><a href="#about-disclaimer" rel="external">Disclaimer</a></li><li><a href="#about-source" rel="external">Source</a></li><li><a href="#about-data" rel="external">Dataset and downloads</a></li><li><a href="#about-quality" rel="external">Data quality</a></li><li><a href="#about-glossary" rel="external">Glossary</a></li><li><a href="#about-privacy" rel="external">Privacy</a></li></ul></nav><section aria-labelledby="about-disclaimer"><h2 id="about-disclaimer">Disclaimer</h2><div class="notice notice--warning" data-testid="disclaimer"><p><strong>Decision support for professionals, not a prescription.</strong> MSC·HSCT helps transplant physicians, pharmacists, cell-therapy laboratories and researchers work with the published evidence. It does not replace the product label, the institution's protocol or clinical judgement.</p></div></section><section aria-labelledby="about-source"><h2 id="about-source">Source of the data</h2><p>Every study and number in this app is taken from one review:</p><blockquote class="citation" data-testid="review-citation"><p>{authors}. <cite>{title}</cite>. <em>{journal}</em>, {year} (published online {online}).</p></blockquote><p>The review is published under the <a href="{licence_url}" rel="license external noopener" target="_blank">Creative Commons Attribution 4.0 International licence ({licence})</a>; values are copied as printed and never corrected. <a href="{pubmed}" rel="external noopener" target="_blank">Find the review on PubMed</a> (opens a search; the app itself never contacts another site).</p></section>"##,
        authors = esc(&REVIEW.authors.join(", ")),
        title = esc(REVIEW.title),
        journal = esc(REVIEW.journal),
        year = REVIEW.year,
        online = esc(REVIEW.published_online),
        licence_url = esc(REVIEW.licence_url),
        licence = esc(REVIEW.licence),
        pubmed = esc(&REVIEW.pubmed_search_url()),
        copy = super::copy_link(),
    )
}

/// The privacy section.
pub const PRIVACY: &str = r#"<section aria-labelledby="about-privacy"><h2 id="about-privacy">Privacy</h2><p>Everything runs in your browser. There is no server, no account and no analytics: a patient's weight or any other input never leaves this device.</p></section>"#;

/// Version, counts and changelog.
pub fn dataset_summary(evidence: &Evidence) -> String {
    let studies = &evidence.dataset.studies;
    let outcomes: usize = studies.iter().map(|s| s.outcomes.len()).sum();
    let mut html = format!(
        r#"<p>Dataset version <strong data-testid="dataset-version">{}</strong>: {} cohorts with {} outcomes, {} references and {} abbreviations. Every value keeps the exact text it was read from; derived values are marked as such.</p><ul class="changelog">"#,
        esc(&evidence.dataset.version),
        studies.len(),
        outcomes,
        evidence.references.len(),
        evidence.abbreviations.len()
    );
    for entry in &evidence.dataset.changelog {
        let _ = write!(
            html,
            "<li><strong>{}</strong> ({}): {}</li>",
            esc(&entry.version),
            esc(&entry.date),
            esc(&entry.text)
        );
    }
    html.push_str("</ul>");
    html
}

/// Every flag, grouped by rule, each linked to its study.
pub fn quality_report(evidence: &Evidence, flags: &[Flag], links: &Links) -> String {
    let mut html = format!(
        r#"<p>Rules in the app check every study and flag what a careful reader would notice. A flag never changes a value: the review's figures are shown as printed. <span data-testid="flag-total">{}</span> flags in this dataset.</p>"#,
        flags.len()
    );
    for rule in Rule::ALL {
        let matching: Vec<&Flag> = flags.iter().filter(|f| f.rule == rule).collect();
        let _ = write!(
            html,
            r#"<details class="rule" data-testid="rule"><summary><strong>{}</strong> — {} flagged</summary><p class="muted">{}</p><ul>"#,
            esc(rule.title()),
            matching.len(),
            esc(rule.explanation())
        );
        for flag in matching {
            let label = evidence
                .study(&flag.study_id)
                .map(|s| evidence.study_label(s))
                .unwrap_or_else(|| flag.study_id.clone());
            let _ = write!(
                html,
                r#"<li class="flag flag--{sev}"><a href="{href}">{label}</a> ({field}, {sev}): {message}</li>"#,
                sev = flag.severity.label(),
                href = esc(&links.study(&flag.study_id)),
                label = esc(&label),
                field = esc(&flag.field),
                message = esc(&flag.message)
            );
        }
        html.push_str("</ul></details>");
    }
    html
}

/// The glossary table: abbreviation, meaning, where the review defines it.
pub fn glossary_table(evidence: &Evidence) -> String {
    let mut html = String::from(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Glossary table, scrollable"><table class="data-table glossary" data-testid="glossary"><thead><tr><th scope="col">Abbreviation</th><th scope="col">Meaning</th><th scope="col">Defined in</th></tr></thead><tbody>"#,
    );
    for entry in &evidence.abbreviations {
        let _ = write!(
            html,
            r#"<tr><th scope="row"><abbr title="{m}">{a}</abbr></th><td>{meaning}</td><td>{source}{supplied}</td></tr>"#,
            m = esc(&entry.meaning),
            a = esc(&entry.abbr),
            meaning = glossed(&entry.meaning, &evidence.abbreviations),
            source = esc(&entry.source),
            supplied = if entry.supplied {
                " (meaning supplied by MSC·HSCT)"
            } else {
                ""
            }
        );
    }
    html.push_str("</tbody></table></div>");
    html
}

/// The dataset sections of About: version and changelog, download buttons (bound by the
/// UI through `data-download`), the data-quality report and the glossary.
pub fn data_sections(evidence: &Evidence, flags: &[Flag], links: &Links) -> String {
    format!(
        r#"<section aria-labelledby="about-data"><h2 id="about-data">The dataset</h2>{}<div class="button-row" role="group" aria-label="Download the dataset"><button type="button" class="button" data-download="studies-json" data-testid="download-studies-json">Studies (JSON)</button><button type="button" class="button" data-download="studies-csv" data-testid="download-studies-csv">Outcomes (CSV)</button><button type="button" class="button button--secondary" data-download="references-json" data-testid="download-references-json">References (JSON)</button><button type="button" class="button button--secondary" data-download="abbreviations-json" data-testid="download-abbreviations-json">Abbreviations (JSON)</button></div><div id="download-status" role="alert"></div><p class="muted">The JSON files use the schema documented in docs/DATASET.md; the CSV has one row per outcome with its study, printed text, derived values and flags.</p></section><section aria-labelledby="about-quality"><h2 id="about-quality">Data-quality report</h2>{}</section><section aria-labelledby="about-glossary"><h2 id="about-glossary">Glossary</h2><p>Abbreviations as the review defines them (list, table footnotes, text). Entries the review uses without defining are marked; their meaning is ours. In the app, every abbreviation explains itself on hover and on keyboard focus.</p>{}</section>"#,
        dataset_summary(evidence),
        quality_report(evidence, flags, links),
        glossary_table(evidence)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::quality::check_all;

    #[test]
    fn the_report_lists_every_flag_under_its_rule() {
        let evidence = evidence().unwrap();
        let flags = check_all(evidence);
        let html = quality_report(
            evidence,
            &flags,
            &Links {
                base: String::new(),
            },
        );
        assert_eq!(html.matches(r#"<li class="flag"#).count(), flags.len());
        assert_eq!(html.matches("<details").count(), Rule::ALL.len());
        assert!(html.contains(r#"href="/studies?study=r42""#));
    }

    #[test]
    fn the_glossary_has_every_entry_and_marks_supplied_meanings() {
        let evidence = evidence().unwrap();
        let html = glossary_table(evidence);
        assert_eq!(
            html.matches("<tr><th scope=\"row\">").count(),
            evidence.abbreviations.len()
        );
        assert!(html.contains("VSAA</abbr>") && html.contains("(meaning supplied by MSC·HSCT)"));
    }

    #[test]
    fn the_summary_names_the_version() {
        let html = dataset_summary(evidence().unwrap());
        assert!(html.contains(r#"<strong data-testid="dataset-version">2023.1</strong>"#));
    }
}
