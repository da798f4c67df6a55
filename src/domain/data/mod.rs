//! The evidence the app bundles, as typed data: the review's citation, its studies,
//! references and abbreviations, embedded at build time from `data/*.json`.
//! Pure: no leptos or web-sys.

pub mod model;
pub mod review;

use std::fmt;
use std::sync::OnceLock;

pub use model::*;

/// The dataset file, embedded in the binary (and offered for download as is).
pub const STUDIES_JSON: &str = include_str!("../../../data/studies.json");
/// The reference list as printed.
pub const REFERENCES_JSON: &str = include_str!("../../../data/references.json");
/// Abbreviations from the list, the table footnotes and the text.
pub const ABBREVIATIONS_JSON: &str = include_str!("../../../data/abbreviations.json");

/// Everything the app knows from the review.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub dataset: Dataset,
    pub references: Vec<Reference>,
    pub abbreviations: Vec<Abbreviation>,
    /// The studied doses of each indication, sorted on first use (the calculator's
    /// placement); a clone starts empty.
    pub(crate) dose_index_cache: crate::domain::placement::DoseIndexCache,
}

/// Why the evidence could not be loaded or is inconsistent, naming the study and field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// A file is not valid JSON for the schema.
    Parse { file: &'static str, message: String },
    /// A study breaks a structural rule (see [`validate`]).
    Invalid {
        study: String,
        field: String,
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Parse { file, message } => write!(f, "{file}: {message}"),
            LoadError::Invalid {
                study,
                field,
                message,
            } => write!(f, "study {study}, field {field}: {message}"),
        }
    }
}

impl Evidence {
    /// Checks parsed parts with [`validate`] and assembles them.
    pub fn from_parts(
        dataset: Dataset,
        references: Vec<Reference>,
        abbreviations: Vec<Abbreviation>,
    ) -> Result<Self, LoadError> {
        let evidence = Evidence {
            dataset,
            references,
            abbreviations,
            dose_index_cache: Default::default(),
        };
        match validate(&evidence).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(evidence),
        }
    }

    /// Parses (with serde_json) and validates the three files. The browser build parses
    /// with the browser's `JSON.parse` instead (`crate::web::bundle`), which keeps serde_json's
    /// parser out of the WASM.
    pub fn parse(studies: &str, references: &str, abbreviations: &str) -> Result<Self, LoadError> {
        let parse_error = |file: &'static str| {
            move |error: serde_json::Error| LoadError::Parse {
                file,
                message: error.to_string(),
            }
        };
        Evidence::from_parts(
            serde_json::from_str(studies).map_err(parse_error("studies.json"))?,
            serde_json::from_str(references).map_err(parse_error("references.json"))?,
            serde_json::from_str(abbreviations).map_err(parse_error("abbreviations.json"))?,
        )
    }

    /// The study with `id`.
    pub fn study(&self, id: &str) -> Option<&Study> {
        self.dataset.studies.iter().find(|study| study.id == id)
    }

    /// Reference number `number`.
    pub fn reference(&self, number: u16) -> Option<&Reference> {
        self.references.iter().find(|r| r.number == number)
    }

    /// A human label for a study: first author and year of its first reference.
    pub fn study_label(&self, study: &Study) -> String {
        if study.indication == Indication::Background {
            return format!("Background rate [{}]", join_refs(&study.refs));
        }
        let first = study.refs.first().and_then(|&n| self.reference(n));
        match first {
            Some(reference) => format!("{} [{}]", reference.short_label(), reference.number),
            None => study.id.clone(),
        }
    }
}

fn join_refs(refs: &[u16]) -> String {
    refs.iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The bundled evidence, parsed once with serde_json (native code and tests; the UI
/// uses `crate::web::bundle::evidence`). An error here is caught by `cargo test` long before a
/// user could see it; the UI still shows it as a message rather than panicking.
pub fn evidence() -> Result<&'static Evidence, &'static LoadError> {
    static EVIDENCE: OnceLock<Result<Evidence, LoadError>> = OnceLock::new();
    EVIDENCE
        .get_or_init(|| Evidence::parse(STUDIES_JSON, REFERENCES_JSON, ABBREVIATIONS_JSON))
        .as_ref()
}

/// Structural rules every study must meet (data-quality *flags* are separate: they
/// describe the source, these describe mistakes in the dataset file).
pub fn validate(evidence: &Evidence) -> Vec<LoadError> {
    let mut problems = Vec::new();
    let mut problem = |study: &str, field: &str, message: String| {
        problems.push(LoadError::Invalid {
            study: study.to_string(),
            field: field.to_string(),
            message,
        })
    };
    let dataset = &evidence.dataset;
    for (index, reference) in evidence.references.iter().enumerate() {
        if usize::from(reference.number) != index + 1 {
            problem(
                "-",
                "references",
                format!(
                    "reference {} is at position {}",
                    reference.number,
                    index + 1
                ),
            );
        }
    }
    let mut ids = std::collections::HashSet::new();
    for study in &dataset.studies {
        let id = study.id.as_str();
        if !ids.insert(id) {
            problem(id, "id", "duplicate id".into());
        }
        if study.refs.is_empty() {
            problem(id, "refs", "no reference".into());
        }
        for &number in &study.refs {
            if evidence.reference(number).is_none() {
                problem(id, "refs", format!("reference {number} is not in the list"));
            }
        }
        if study.provenance.is_empty() {
            problem(id, "provenance", "no provenance".into());
        }
        for provenance in &study.provenance {
            if let Provenance::Table { table, row } = provenance {
                match dataset.tables.iter().find(|t| t.number == *table) {
                    None => problem(id, "provenance", format!("no table {table}")),
                    Some(info) => match &study.row {
                        None => problem(id, "row", format!("table {table} row {row} has no cells")),
                        Some(cells) if cells.len() != info.columns.len() => problem(
                            id,
                            "row",
                            format!("{} cells for {} columns", cells.len(), info.columns.len()),
                        ),
                        Some(_) => {}
                    },
                }
            }
        }
        if study.outcomes.is_empty() {
            problem(id, "outcomes", "no outcome".into());
        }
        validate_outcomes(id, study, &mut problem);
        validate_dose(id, study, &mut problem);
    }
    problems
}

/// Each outcome has its printed text, a value or a full range the right way round, and
/// finite, non-negative numbers.
fn validate_outcomes(id: &str, study: &Study, problem: &mut dyn FnMut(&str, &str, String)) {
    for (index, outcome) in study.outcomes.iter().enumerate() {
        let field = format!("outcomes[{index}]");
        if outcome.raw.trim().is_empty() {
            problem(id, &field, "empty raw text".into());
        }
        if outcome.value.is_none() && (outcome.low.is_none() || outcome.high.is_none()) {
            problem(id, &field, "neither a value nor a range".into());
        }
        if let (Some(low), Some(high)) = (outcome.low, outcome.high) {
            if low > high {
                problem(id, &field, format!("range {low}–{high} is reversed"));
            }
        }
        for number in [outcome.value, outcome.low, outcome.high, outcome.percent]
            .into_iter()
            .flatten()
        {
            if !number.is_finite() || number < 0.0 {
                problem(
                    id,
                    &field,
                    format!("{number} is not a finite, non-negative number"),
                );
            }
        }
    }
}

/// Dose values are positive, and the basis says "not reported" exactly when none is given.
fn validate_dose(id: &str, study: &Study, problem: &mut dyn FnMut(&str, &str, String)) {
    if let Some(dose) = &study.dose {
        let values = [dose.value, dose.low, dose.high]
            .into_iter()
            .flatten()
            .chain(dose.groups.iter().map(|g| g.value));
        for value in values {
            if !value.is_finite() || value <= 0.0 {
                problem(id, "dose", format!("{value} is not a positive number"));
            }
        }
        let has_number = dose.value.is_some() || dose.low.is_some() || !dose.groups.is_empty();
        if (dose.basis == DoseBasis::NotReported) == has_number {
            problem(id, "dose", "basis and values disagree".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_evidence_loads() {
        let evidence = evidence().unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(evidence.references.len(), 89);
        assert!(!evidence.dataset.studies.is_empty());
    }

    #[test]
    fn a_malformed_file_names_the_file_and_position() {
        let error = Evidence::parse("{", REFERENCES_JSON, ABBREVIATIONS_JSON).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("studies.json: "), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }

    #[test]
    fn an_unknown_field_is_rejected() {
        let bad = STUDIES_JSON.replacen("\"refs\"", "\"referencez\"", 1);
        let error = Evidence::parse(&bad, REFERENCES_JSON, ABBREVIATIONS_JSON).unwrap_err();
        assert!(error.to_string().contains("referencez"), "{error}");
    }

    #[test]
    fn an_inconsistent_study_is_named_with_its_field() {
        let bad = STUDIES_JSON.replacen("\"refs\": [38]", "\"refs\": [238]", 1);
        let error = Evidence::parse(&bad, REFERENCES_JSON, ABBREVIATIONS_JSON).unwrap_err();
        assert_eq!(
            error,
            LoadError::Invalid {
                study: "r38".into(),
                field: "refs".into(),
                message: "reference 238 is not in the list".into()
            }
        );
    }

    #[test]
    fn reference_labels_from_the_printed_list() {
        let evidence = evidence().unwrap();
        let label = |n: u16| evidence.reference(n).unwrap().short_label();
        assert_eq!(label(47), "Le Blanc et al., 2008");
        assert_eq!(label(1), "Guadix et al., 2017");
        assert_eq!(label(66), "Macías-Sánchez et al., 2022");
        assert_eq!(label(40), "Bacigalupo et al., 2019");
    }

    #[test]
    fn reference_titles_and_pubmed_searches() {
        let evidence = evidence().unwrap();
        let reference = |n: u16| evidence.reference(n).unwrap();
        assert_eq!(
            reference(47).title(),
            "Mesenchymal stem cells for treatment of steroid-resistant, severe, acute graft-versus-host disease: a phase II study"
        );
        // "… et al. 2019. Comparison of …": the year is skipped, not taken as the title.
        assert!(reference(19)
            .title()
            .starts_with("Comparison of mesenchymal stromal cells"));
        let url = reference(47).pubmed_search_url();
        assert!(url.starts_with(
            "https://pubmed.ncbi.nlm.nih.gov/?term=Mesenchymal+stem+cells+for+treatment"
        ));
        assert!(url.ends_with("+Le+Blanc"), "{url}");
        for reference in &evidence.references {
            let title = reference.title();
            assert!(
                title.split_whitespace().count() >= 3,
                "{}: {title}",
                reference.number
            );
        }
    }
}
