//! The dataset as CSV: one row per outcome, with its study's fields, the printed text,
//! the derived values and the data-quality flags, so a spreadsheet shows the same facts
//! as the app.
use crate::domain::encode::csv_field;

use crate::domain::data::{Evidence, Provenance, Study};
use crate::domain::derive::{
    age_group, denominator, reconstructed_events, representative_dose_per_kg,
};
use crate::domain::format::pretty_raw;
use crate::domain::quality::Flag;

/// Column headers of [`studies_csv`].
pub const CSV_COLUMNS: [&str; 31] = [
    "study_id",
    "study",
    "refs",
    "indication",
    "design",
    "provenance",
    "n",
    "source",
    "source_printed",
    "diseases",
    "age_printed",
    "age_group",
    "grade_printed",
    "dose_printed",
    "dose_basis",
    "dose_cells_per_kg",
    "infusions_printed",
    "timing_printed",
    "measure",
    "outcome",
    "arm",
    "value",
    "unit",
    "time_months",
    "denominator",
    "events_reconstructed",
    "p_printed",
    "estimate",
    "outcome_provenance",
    "printed_text",
    "flags",
];

/// One CSV record with its CRLF line end.
fn csv_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    let line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str(&line);
    out.push_str("\r\n");
}

/// Every outcome of every study as CSV (RFC 4180, UTF-8, header row first). Written by
/// hand rather than with the csv crate, which pulled std's I/O error machinery into the
/// WASM; the tests read the output back with the csv crate.
pub fn studies_csv(evidence: &Evidence, flags: &[Flag]) -> String {
    let mut out = String::new();
    csv_record(&mut out, &CSV_COLUMNS);
    for study in &evidence.dataset.studies {
        for (index, outcome) in study.outcomes.iter().enumerate() {
            let field = format!("outcomes[{index}]");
            let outcome_flags = flags_text(flags, &study.id, &field);
            let provenance = study.where_printed(outcome);
            let reconstructed = reconstructed_events(study, outcome)
                .map(|d| format!("{}/{}", d.events, d.n))
                .unwrap_or_default();
            let record = [
                study.id.clone(),
                evidence.study_label(study),
                join(study.refs.iter()),
                study.indication.key().to_string(),
                study.design.label().to_string(),
                join(study.provenance.iter().map(Provenance::describe)),
                opt(study.n),
                study.source.describe("; "),
                pretty_raw(&study.source.raw),
                diseases(study),
                raw_text(study.age.as_ref().map(|a| a.raw.as_str())),
                age_group(study).label().to_string(),
                raw_text(study.grade.as_ref().map(|g| g.raw.as_str())),
                raw_text(study.dose.as_ref().map(|d| d.raw.as_str())),
                study
                    .dose
                    .as_ref()
                    .map(|d| format!("{:?}", d.basis))
                    .unwrap_or_default(),
                study
                    .dose
                    .as_ref()
                    .and_then(representative_dose_per_kg)
                    .map(|v| format!("{v:e}"))
                    .unwrap_or_default(),
                raw_text(study.infusions.as_ref().map(|i| i.raw.as_str())),
                study.timing.as_deref().map(pretty_raw).unwrap_or_default(),
                outcome.measure.label().to_string(),
                outcome.label.clone(),
                outcome.arm.label().to_string(),
                value_text(
                    outcome.value,
                    outcome.low,
                    outcome.high,
                    outcome.relation.as_deref(),
                ),
                format!("{:?}", outcome.unit),
                opt(outcome.months),
                denominator(study, outcome)
                    .map(|d| d.n.to_string())
                    .unwrap_or_default(),
                reconstructed,
                outcome.p.as_deref().map(pretty_raw).unwrap_or_default(),
                format!("{:?}", outcome.estimate),
                provenance,
                pretty_raw(&outcome.raw),
                outcome_flags,
            ];
            csv_record(&mut out, &record);
        }
    }
    out
}

/// The flags of one outcome (`field`) and of its study as a whole, joined by " | ".
fn flags_text(flags: &[Flag], study_id: &str, field: &str) -> String {
    flags
        .iter()
        .filter(|f| {
            f.study_id == study_id && (f.field == field || !f.field.starts_with("outcomes["))
        })
        .map(|f| format!("{}: {}", f.rule.title(), f.message))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A printed text as the CSV shows it, blank when not printed.
fn raw_text(raw: Option<&str>) -> String {
    raw.map(pretty_raw).unwrap_or_default()
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn join<T: ToString>(items: impl Iterator<Item = T>) -> String {
    items
        .map(|item| item.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn diseases(study: &Study) -> String {
    join(study.diseases.iter().map(|d| match d.count {
        Some(count) => format!("{}: {count}", d.name),
        None => d.name.clone(),
    }))
}

/// "Incidence of aGVHD: 9.4%": an outcome's label, value and unit in one line.
pub fn outcome_summary(outcome: &crate::domain::data::Outcome) -> String {
    format!(
        "{}: {}",
        crate::domain::format::pretty_raw(&outcome.label),
        outcome_value(outcome)
    )
}

/// "9.4%", "<10%", "30–70%", "6 patients": an outcome's value with its unit.
pub fn outcome_value(outcome: &crate::domain::data::Outcome) -> String {
    let value = value_text(
        outcome.value,
        outcome.low,
        outcome.high,
        outcome.relation.as_deref(),
    );
    format!("{value}{}", outcome.unit.suffix())
}

/// "9.4", "<10", "30–70".
pub fn value_text(
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    relation: Option<&str>,
) -> String {
    use crate::domain::format::number;
    match (value, low, high) {
        (Some(value), _, _) => format!("{}{}", relation.unwrap_or_default(), number(value)),
        (None, Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
        _ => String::new(),
    }
}

// Native only: the csv crate that reads the output back is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::quality::check_all;

    #[test]
    fn one_row_per_outcome_with_quoted_fields_that_round_trip() {
        let evidence = evidence().unwrap();
        let flags = check_all(evidence);
        let text = studies_csv(evidence, &flags);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().len(), CSV_COLUMNS.len());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let outcomes: usize = evidence
            .dataset
            .studies
            .iter()
            .map(|s| s.outcomes.len())
            .sum();
        assert_eq!(rows.len(), outcomes);
        let first = &rows[0];
        assert_eq!(&first[0], "r38");
        assert_eq!(&first[13], "1 × 10⁶");
        assert_eq!(&first[15], "1e6");
        assert_eq!(&first[21], "9.4");
        assert!(
            first[30].contains("Percentage no whole number of patients gives"),
            "{}",
            &first[30]
        );
        let r39 = rows.iter().find(|r| &r[0] == "r39").unwrap();
        assert_eq!(&r39[25], "4/17", "23.5% of 17 reconstructed as 4 events");
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        let mut out = String::new();
        csv_record(&mut out, &["x,y", "z"]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!((&record[0], &record[1]), ("x,y", "z"));
    }

    #[test]
    fn values_ranges_and_relations() {
        assert_eq!(value_text(Some(9.4), None, None, None), "9.4");
        assert_eq!(value_text(Some(10.0), None, None, Some("<")), "<10");
        assert_eq!(value_text(None, Some(30.0), Some(70.0), None), "30–70");
        assert_eq!(value_text(None, None, None, None), "");
    }
}
