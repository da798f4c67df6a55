//! The Studies page: every study grouped by indication, or one study's detail when the
//! link names it (`?study=r38`). A screen whose state is the study chosen; the
//! data-quality flags are computed once for the dataset and handed to the views.

pub mod detail;

use std::collections::BTreeMap;

use crate::domain::data::{Evidence, Indication, Provenance, Study};
use crate::domain::derive::representative_dose_per_kg;
use crate::domain::export::outcome_summary;
use crate::domain::format::scientific;
use crate::domain::quality::{check_all, Flag, Severity};
use crate::html;
use crate::html::Html;
use crate::screens::calculator::link::{param, print_pairs};
use crate::screens::screen::{Command, Refusal, Region, Screen, UiEvent};
use crate::screens::{glossed, Links};
pub use detail::study_detail;

/// Per study: how many flags, and whether any is a warning.
type FlagCounts<'a> = BTreeMap<&'a str, (usize, bool)>;

/// The list of every study, grouped by indication in the review's order.
pub fn study_list(evidence: &Evidence, flags: &[Flag], links: &Links) -> Html {
    let studies = &evidence.dataset.studies;
    let mut counts: FlagCounts = BTreeMap::new();
    for flag in flags {
        let entry = counts.entry(flag.study_id.as_str()).or_default();
        entry.0 += 1;
        entry.1 |= flag.severity == Severity::Warning;
    }
    let groups: Vec<Indication> = Indication::ALL
        .into_iter()
        .filter(|i| studies.iter().any(|s| s.indication == *i))
        .collect();
    let toc: Html = groups
        .iter()
        .map(|i| {
            html!(
                r#"<li><a{} rel="external">{}</a></li>"#,
                html::Href::anchor(i.key()),
                i.label()
            )
        })
        .collect();
    let sections: Html = groups
        .into_iter()
        .map(|indication| {
            let group: Vec<&Study> = studies.iter().filter(|s| s.indication == indication).collect();
            let cards: Html = group.iter().map(|s| study_card(evidence, s, &counts, links)).collect();
            html!(
                r#"<section class="study-group" aria-labelledby="{}" data-testid="group-{}"><h2 id="{}">{} ({})</h2><ul class="study-list">{}</ul></section>"#,
                indication.key(),
                indication.key(),
                indication.key(),
                indication.label(),
                group.len(),
                cards
            )
        })
        .collect();
    html!(
        r#"<h1 data-testid="page-title">Studies</h1><p class="lead">{} cohorts from the review, grouped as the review groups them. Each opens with every value beside the text it was read from.</p>{}<nav class="toc" aria-label="Indications"><ul>{}</ul></nav>{}"#,
        studies.len(),
        crate::screens::copy_link(),
        toc,
        sections
    )
}

fn study_card(evidence: &Evidence, study: &Study, counts: &FlagCounts, links: &Links) -> Html {
    let mut facts = String::new();
    if let Some(n) = study.n {
        facts.push_str(&format!("N = {n} · "));
    }
    facts.push_str(&study.source.describe(" + "));
    if let Some(dose) = study.dose.as_ref().and_then(representative_dose_per_kg) {
        facts.push_str(&format!(" · {} cells/kg", scientific(dose)));
    }
    let outcomes = study
        .outcomes
        .iter()
        .take(3)
        .map(outcome_summary)
        .collect::<Vec<_>>()
        .join(" · ");
    let where_printed = study
        .provenance
        .first()
        .map(Provenance::describe)
        .unwrap_or_default();
    let flags = counts.get(study.id.as_str()).map(|&(count, warning)| {
        let text = if count == 1 {
            "1 data-quality flag".to_string()
        } else {
            format!("{count} data-quality flags")
        };
        html!(
            r#"<p class="study-card__flags"><span class="badge badge--{}">{}</span></p>"#,
            if warning { "warning" } else { "info" },
            text
        )
    });
    html!(
        r#"<li class="study-card" data-testid="study-{}"><div class="study-card__head"><a class="study-card__title"{}>{}</a><span class="study-card__where">{}</span></div><p class="study-card__facts">{}</p><p class="study-card__outcomes">{}</p>{}</li>"#,
        study.id,
        links.study(&study.id),
        evidence.study_label(study),
        where_printed,
        facts,
        glossed(&outcomes, &evidence.abbreviations),
        flags
    )
}

/// The page for an unknown study id.
pub fn study_not_found(id: &str, version: &str, links: &Links) -> Html {
    html!(
        r#"<h1 data-testid="page-title">Study not found</h1><p class="notice notice--warning" role="alert" data-testid="study-not-found">No study has the id “{}” in dataset {}. <a{}>See all studies</a></p>"#,
        id,
        version,
        links.page(crate::screens::route::Page::Studies)
    )
}

/// The Studies page over a dataset.
pub struct StudiesScreen {
    evidence: &'static Evidence,
    flags: Vec<Flag>,
    links: Links,
}

impl StudiesScreen {
    pub fn new(evidence: &'static Evidence, links: Links) -> Self {
        StudiesScreen {
            evidence,
            flags: check_all(evidence),
            links,
        }
    }

    fn content(&self, selected: &Option<String>) -> Html {
        let evidence = self.evidence;
        match selected {
            None => study_list(evidence, &self.flags, &self.links),
            Some(id) => match evidence.study(id) {
                Some(study) => study_detail(evidence, study, &self.flags, &self.links),
                None => study_not_found(id, &evidence.dataset.version, &self.links),
            },
        }
    }
}

impl Screen for StudiesScreen {
    /// The study shown (None: the list).
    type State = Option<String>;
    /// The page has no controls of its own (links navigate; copy-link is the app's).
    type Msg = ();
    const STATUS: &'static str = "studies-status";

    fn read_link(&self, search: &str) -> (Option<String>, Vec<String>) {
        let study = crate::domain::encode::decode_query(search)
            .into_iter()
            .find(|(name, _)| name == param::STUDY)
            .map(|(_, id)| id);
        (study, Vec::new())
    }

    fn link(&self, selected: &Option<String>) -> String {
        match selected {
            Some(id) => print_pairs(&[(param::STUDY, id.clone())]),
            None => String::new(),
        }
    }

    fn page(&self, selected: &Option<String>, _notices: &[String]) -> Html {
        html!(
            r#"<div class="studies" id="studies-content">{}</div><div id="studies-status" aria-live="polite"></div>"#,
            self.content(selected)
        )
    }

    fn regions(&self, selected: &Option<String>) -> Vec<Region> {
        vec![("studies-content", self.content(selected))]
    }

    fn decode(&self, _event: &UiEvent) -> Option<()> {
        None
    }

    fn update(&self, _state: &mut Option<String>, _msg: ()) -> Result<Vec<Command>, Refusal> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;

    fn links() -> Links {
        Links {
            base: "/msc".into(),
        }
    }

    #[test]
    fn the_list_groups_every_study_under_its_indication() {
        let evidence = evidence().unwrap();
        let html = study_list(evidence, &check_all(evidence), &links());
        assert_eq!(
            html.matches(r#"class="study-card""#).count(),
            evidence.dataset.studies.len()
        );
        assert!(html.contains(r#"data-testid="group-agvhd_treatment""#));
        assert!(html.contains(r#"href="/msc/studies?study=r38""#));
        let engraftment = html.find(r#"id="engraftment""#).unwrap();
        let prevention = html.find(r#"id="gvhd_prevention""#).unwrap();
        assert!(engraftment < prevention, "the review's order");
        let flagged = check_all(evidence).len();
        assert!(flagged > 0 && html.contains("data-quality flag"));
    }

    #[test]
    fn unknown_ids_are_escaped() {
        let html = study_not_found("<script>", "2023.1", &links());
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    }

    #[test]
    fn the_link_names_the_study_and_an_unknown_one_says_so() {
        let screen = StudiesScreen::new(evidence().unwrap(), links());
        let (state, _) = screen.read_link("?study=r42&x=1");
        assert_eq!(state.as_deref(), Some("r42"));
        assert_eq!(screen.link(&state), "?study=r42");
        assert!(screen.regions(&state)[0]
            .1
            .contains("Implausible dose per kg"));
        let (missing, _) = screen.read_link("?study=%3Cb%3E");
        assert!(screen.regions(&missing)[0].1.contains("study-not-found"));
        assert_eq!(screen.link(&screen.read_link("").0), "");
    }
}
