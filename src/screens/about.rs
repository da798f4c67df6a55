//! The About page: contents, disclaimer and source; the dataset's version and
//! changelog, downloads, the data-quality report (every flag, grouped by rule, linked to
//! its study) and the glossary; privacy. A screen with one kind of message: a download.

use super::{glossed, Links};
use crate::domain::data::review::REVIEW;
use crate::domain::data::{Evidence, ABBREVIATIONS_JSON, REFERENCES_JSON, STUDIES_JSON};
use crate::domain::export::studies_csv;
use crate::domain::quality::{check_all, Flag, Rule};
use crate::html;
use crate::html::{Href, Html};
use crate::screens::screen::{Command, EventKind, Refusal, Region, Screen, UiEvent};

/// The static sections of the About page: contents, disclaimer and source.
pub fn intro() -> Html {
    html!(
        r##"<h1 data-testid="page-title">About</h1>{}<nav class="toc" aria-label="On this page"><ul><li><a href="#about-disclaimer" rel="external">Disclaimer</a></li><li><a href="#about-source" rel="external">Source</a></li><li><a href="#about-data" rel="external">Dataset and downloads</a></li><li><a href="#about-quality" rel="external">Data quality</a></li><li><a href="#about-glossary" rel="external">Glossary</a></li><li><a href="#about-privacy" rel="external">Privacy</a></li></ul></nav><section aria-labelledby="about-disclaimer"><h2 id="about-disclaimer">Disclaimer</h2><div class="notice notice--warning" data-testid="disclaimer"><p><strong>Decision support for professionals, not a prescription.</strong> MSC·HSCT helps transplant physicians, pharmacists, cell-therapy laboratories and researchers work with the published evidence. It does not replace the product label, the institution's protocol or clinical judgement.</p></div></section><section aria-labelledby="about-source"><h2 id="about-source">Source of the data</h2><p>Every study and number in this app is taken from one review:</p><blockquote class="citation" data-testid="review-citation"><p>{}. <cite>{}</cite>. <em>{}</em>, {} (published online {}).</p></blockquote><p>The review is published under the <a{} rel="license external noopener" target="_blank">Creative Commons Attribution 4.0 International licence ({})</a>; values are copied as printed and never corrected. <a{} rel="external noopener" target="_blank">Find the review on PubMed</a> (opens a search; the app itself never contacts another site).</p></section>"##,
        super::copy_link(),
        REVIEW.authors.join(", "),
        REVIEW.title,
        REVIEW.journal,
        REVIEW.year,
        REVIEW.published_online,
        Href::new(REVIEW.licence_url).ok(),
        REVIEW.licence,
        Href::new(&REVIEW.pubmed_search_url()).ok()
    )
}

/// The privacy section.
pub fn privacy() -> Html {
    html!(
        r#"<section aria-labelledby="about-privacy"><h2 id="about-privacy">Privacy</h2><p>Everything runs in your browser. There is no server, no account and no analytics: a patient's weight or any other input never leaves this device.</p></section>"#
    )
}

/// Version, counts and changelog.
pub fn dataset_summary(evidence: &Evidence) -> Html {
    let studies = &evidence.dataset.studies;
    let outcomes: usize = studies.iter().map(|s| s.outcomes.len()).sum();
    let changes: Html = evidence
        .dataset
        .changelog
        .iter()
        .map(|e| {
            html!(
                "<li><strong>{}</strong> ({}): {}</li>",
                e.version,
                e.date,
                e.text
            )
        })
        .collect();
    html!(
        r#"<p>Dataset version <strong data-testid="dataset-version">{}</strong>: {} cohorts with {} outcomes, {} references and {} abbreviations. Every value keeps the exact text it was read from; derived values are marked as such.</p><ul class="changelog">{}</ul>"#,
        evidence.dataset.version,
        studies.len(),
        outcomes,
        evidence.references.len(),
        evidence.abbreviations.len(),
        changes
    )
}

/// Every flag, grouped by rule, each linked to its study.
pub fn quality_report(evidence: &Evidence, flags: &[Flag], links: &Links) -> Html {
    let rules: Html = Rule::ALL
        .into_iter()
        .map(|rule| {
            let matching: Vec<&Flag> = flags.iter().filter(|f| f.rule == rule).collect();
            let items: Html = matching
                .iter()
                .map(|flag| {
                    let label = evidence
                        .study(&flag.study_id)
                        .map(|s| evidence.study_label(s))
                        .unwrap_or_else(|| flag.study_id.clone());
                    html!(
                        r#"<li class="flag flag--{}"><a{}>{}</a> ({}, {}): {}</li>"#,
                        flag.severity.label(),
                        links.study(&flag.study_id),
                        label,
                        flag.field,
                        flag.severity.label(),
                        flag.message
                    )
                })
                .collect();
            html!(
                r#"<details class="rule" data-testid="rule"><summary><strong>{}</strong> — {} flagged</summary><p class="muted">{}</p><ul>{}</ul></details>"#,
                rule.title(),
                matching.len(),
                rule.explanation(),
                items
            )
        })
        .collect();
    html!(
        r#"<p>Rules in the app check every study and flag what a careful reader would notice. A flag never changes a value: the review's figures are shown as printed. <span data-testid="flag-total">{}</span> flags in this dataset.</p>{}"#,
        flags.len(),
        rules
    )
}

/// The glossary table: abbreviation, meaning, where the review defines it.
pub fn glossary_table(evidence: &Evidence) -> Html {
    let rows: Html = evidence
        .abbreviations
        .iter()
        .map(|entry| {
            html!(
                r#"<tr><th scope="row"><abbr title="{}">{}</abbr></th><td>{}</td><td>{}{}</td></tr>"#,
                entry.meaning,
                entry.abbr,
                glossed(&entry.meaning, &evidence.abbreviations),
                entry.source,
                if entry.supplied { " (meaning supplied by MSC·HSCT)" } else { "" }
            )
        })
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Glossary table, scrollable"><table class="data-table glossary" data-testid="glossary"><thead><tr><th scope="col">Abbreviation</th><th scope="col">Meaning</th><th scope="col">Defined in</th></tr></thead><tbody>{}</tbody></table></div>"#,
        rows
    )
}

crate::keyed_enum! {
    /// A file the About page offers (`data-download`).
    pub enum Download {
        StudiesJson = ("studies-json", "Studies (JSON)"),
        StudiesCsv = ("studies-csv", "Outcomes (CSV)"),
        ReferencesJson = ("references-json", "References (JSON)"),
        AbbreviationsJson = ("abbreviations-json", "Abbreviations (JSON)"),
    }
}

/// The dataset sections of About: version and changelog, download buttons, the
/// data-quality report and the glossary.
pub fn data_sections(evidence: &Evidence, flags: &[Flag], links: &Links) -> Html {
    let buttons: Html = Download::ALL
        .into_iter()
        .enumerate()
        .map(|(index, d)| {
            html!(
                r#"<button type="button" class="button{}" data-download="{}" data-testid="download-{}">{}</button>"#,
                if index < 2 { "" } else { " button--secondary" },
                d.key(),
                d.key(),
                d.label()
            )
        })
        .collect();
    html!(
        r#"<section aria-labelledby="about-data"><h2 id="about-data">The dataset</h2>{}<div class="button-row" role="group" aria-label="Download the dataset">{}</div><div id="download-status" role="alert"></div><p class="muted">The JSON files use the schema documented in docs/DATASET.md; the CSV has one row per outcome with its study, printed text, derived values and flags.</p></section><section aria-labelledby="about-quality"><h2 id="about-quality">Data-quality report</h2>{}</section><section aria-labelledby="about-glossary"><h2 id="about-glossary">Glossary</h2><p>Abbreviations as the review defines them (list, table footnotes, text). Entries the review uses without defining are marked; their meaning is ours. In the app, every abbreviation explains itself on hover and on keyboard focus.</p>{}</section>"#,
        dataset_summary(evidence),
        buttons,
        quality_report(evidence, flags, links),
        glossary_table(evidence)
    )
}

/// The message shown if the bundled dataset cannot be read (the tests make this
/// unreachable, but a panic must never be the answer).
pub fn dataset_error(message: &str) -> Html {
    html!(
        r#"<h1 data-testid="page-title">Data unavailable</h1><div class="notice notice--warning" role="alert"><p><strong>The bundled dataset could not be read.</strong> {}</p></div>"#,
        message
    )
}

/// The About page over a dataset (None: it could not be read; the rest still shows).
pub struct AboutScreen {
    evidence: Option<&'static Evidence>,
    flags: Vec<Flag>,
    error: String,
    links: Links,
}

impl AboutScreen {
    pub fn new(evidence: Result<&'static Evidence, String>, links: Links) -> Self {
        let (evidence, error) = match evidence {
            Ok(e) => (Some(e), String::new()),
            Err(e) => (None, e),
        };
        AboutScreen {
            flags: evidence.map(check_all).unwrap_or_default(),
            evidence,
            error,
            links,
        }
    }
}

impl Screen for AboutScreen {
    type State = ();
    type Msg = Download;
    const STATUS: &'static str = "download-status";

    fn read_link(&self, _search: &str) -> ((), Vec<String>) {
        ((), Vec::new())
    }

    fn link(&self, _state: &()) -> String {
        String::new()
    }

    fn page(&self, _state: &(), _notices: &[String]) -> Html {
        let data = match self.evidence {
            Some(evidence) => data_sections(evidence, &self.flags, &self.links),
            None => dataset_error(&self.error),
        };
        html!("{}{}{}", intro(), data, privacy())
    }

    fn regions(&self, _state: &()) -> Vec<Region> {
        Vec::new()
    }

    fn decode(&self, event: &UiEvent) -> Option<Download> {
        if event.kind != EventKind::Click {
            return None;
        }
        event.data("download").and_then(Download::from_key)
    }

    fn update(&self, _state: &mut (), download: Download) -> Result<Vec<Command>, Refusal> {
        let evidence = self
            .evidence
            .ok_or_else(|| Refusal("The bundled dataset could not be read.".into()))?;
        let (name, mime, text) = match download {
            Download::StudiesJson => (
                "msc-hsct-studies.json",
                "application/json",
                STUDIES_JSON.to_string(),
            ),
            Download::StudiesCsv => (
                "msc-hsct-outcomes.csv",
                "text/csv",
                studies_csv(evidence, &self.flags),
            ),
            Download::ReferencesJson => (
                "msc-hsct-references.json",
                "application/json",
                REFERENCES_JSON.to_string(),
            ),
            Download::AbbreviationsJson => (
                "msc-hsct-abbreviations.json",
                "application/json",
                ABBREVIATIONS_JSON.to_string(),
            ),
        };
        Ok(vec![Command::Download {
            name: name.into(),
            mime,
            text,
        }])
    }
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
    fn every_download_is_offered_and_decodes_to_its_file() {
        let screen = AboutScreen::new(
            evidence().map_err(|e| e.to_string()),
            Links {
                base: String::new(),
            },
        );
        let page = screen.page(&(), &[]);
        for d in Download::ALL {
            assert!(page.contains(&format!(r#"data-download="{}""#, d.key())));
            let event = UiEvent::click("download", d.key());
            assert_eq!(screen.decode(&event), Some(d));
            let commands = screen.update(&mut (), d).unwrap();
            assert!(matches!(&commands[0], Command::Download { text, .. } if !text.is_empty()));
        }
    }

    #[test]
    fn the_summary_names_the_version() {
        let html = dataset_summary(evidence().unwrap());
        assert!(html.contains(r#"<strong data-testid="dataset-version">2023.1</strong>"#));
    }
}
