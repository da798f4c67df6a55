//! A user's entries as the rows Compare shows for the literature: each entry becomes a
//! `Study` (counts as printed-patient values, percentages as printed percentages) and
//! goes through the same `evidence::study_rows`, so its CI, basis, data-quality flags and
//! pooling are the literature's; the rows are then marked [`Origin::Mine`].

use crate::domain::data::Measure;
use crate::domain::data::{
    Design, Dose, DoseBasis, Estimate, Grade, Infusions, Outcome, Source, Study, Tissue, Unit,
};
use crate::domain::evidence::{study_rows, Origin, Row};
use crate::domain::mine::Entry;
use crate::domain::quantity::parse_dose_per_kg;
use crate::domain::stats::proportion::CiMethod;

/// The id of the entry at `index` in Compare's rows and links: `my-1`, `my-2`, …
pub fn entry_id(index: usize) -> String {
    format!("my-{}", index + 1)
}

/// `entry` as a study of the dataset's schema (id [`entry_id`]`(index)`).
pub fn entry_study(entry: &Entry, index: usize) -> Study {
    let dose = entry.dose.as_ref().map(|raw| Dose {
        raw: raw.clone(),
        basis: DoseBasis::PerKg,
        stat: None,
        value: parse_dose_per_kg(raw).ok(),
        low: None,
        high: None,
        groups: Vec::new(),
    });
    let tissues = entry.tissue.map_or_else(Vec::new, |t| vec![t]);
    Study {
        id: entry_id(index),
        refs: Vec::new(),
        indication: entry
            .indication
            .unwrap_or(crate::domain::data::Indication::Background),
        design: Design::NotStated,
        provenance: Vec::new(),
        row: None,
        population: None,
        n: entry.n,
        arms: None,
        studies_pooled: None,
        source: Source {
            raw: entry
                .tissue
                .map(Tissue::label)
                .unwrap_or_default()
                .to_string(),
            tissues,
        },
        diseases: Vec::new(),
        age: None,
        age_group: entry.age_group,
        grade: entry.grade.map(|g| Grade {
            raw: g.text(),
            low: Some(g.low),
            high: Some(g.high),
            per_patient: Vec::new(),
        }),
        dose,
        infusions: entry.infusions.map(|count| Infusions {
            raw: count.to_string(),
            count: Some(count),
            mean: None,
            median: None,
            low: None,
            high: None,
        }),
        timing: None,
        timing_groups: Vec::new(),
        outcomes: entry.outcomes.iter().map(|o| outcome(entry, o)).collect(),
        notes: entry.notes.iter().cloned().collect(),
    }
}

/// An outcome as the dataset would print it: a count of patients with its N (and the
/// percentage beside it), or a crude percentage of N.
fn outcome(entry: &Entry, o: &crate::domain::mine::EntryOutcome) -> Outcome {
    let n = o.denominator(entry);
    let percent = o
        .percent
        .as_deref()
        .and_then(|p| crate::domain::mine::text::percent(p).ok());
    let of_n = n.map(|n| format!(" of {n}")).unwrap_or_default();
    let (value, unit, raw) = match (o.events, &o.percent) {
        (Some(events), Some(p)) => (
            Some(f64::from(events)),
            Unit::Patients,
            format!("{events}{of_n} ({p}%)"),
        ),
        (Some(events), None) => (
            Some(f64::from(events)),
            Unit::Patients,
            format!("{events}{of_n}"),
        ),
        (None, Some(p)) => (
            percent.map(|(v, _)| v),
            Unit::Percent,
            format!("{p}%{of_n}"),
        ),
        (None, None) => (None, Unit::Patients, String::new()),
    };
    Outcome {
        measure: o.measure,
        label: o.measure.label().to_string(),
        value,
        unit,
        arm: o.arm,
        months: o.time.map(|t| t.months()),
        days: None,
        n,
        percent: o.events.and(percent.map(|(v, _)| v)),
        low: None,
        high: None,
        relation: None,
        spread: None,
        p: None,
        estimate: Estimate::Crude,
        subgroup: None,
        timepoint: o.time.map(|t| t.text()),
        note: None,
        source: None,
        raw,
    }
}

/// The rows of the user's entries for `measure`, in entry order, marked as theirs; with
/// the literature's rows (`evidence::rows`) they filter, sort and pool alike. Meant for
/// entries that pass [`validate`](crate::domain::mine::validate) (an entry without an
/// indication would read as a background rate).
pub fn rows(entries: &[Entry], measure: Measure, ci: CiMethod) -> Vec<Row> {
    let mut out = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let study = entry_study(entry, index);
        let start = out.len();
        study_rows(&study, || entry.label.clone(), &[], measure, ci, &mut out);
        for row in &mut out[start..] {
            row.origin = Origin::Mine;
        }
    }
    out
}
