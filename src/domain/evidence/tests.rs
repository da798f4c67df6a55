use super::*;
use crate::domain::format::number;

/// "r56 · 6/25 · 24% (9.4–45.1)": a row in one line.
fn row_text(row: &Row) -> String {
    match row.proportion {
        Some(p) => format!(
            "{} · {}/{} · {}% ({}–{})",
            row.study_id,
            p.events,
            p.n,
            number((1000.0 * p.estimate).round() / 10.0),
            number((1000.0 * p.lower).round() / 10.0),
            number((1000.0 * p.upper).round() / 10.0)
        ),
        None => format!("{} · {}", row.study_id, row.value),
    }
}

use crate::domain::data::evidence;

fn cr_rows() -> Vec<Row> {
    rows(evidence().unwrap(), Measure::Cr, CiMethod::ClopperPearson)
}

#[test]
fn complete_response_rows_are_counts_or_explained() {
    let rows = cr_rows();
    let r56 = rows.iter().find(|r| r.study_id == "r56").unwrap();
    assert_eq!(row_text(r56), "r56 · 6/25 · 24% (9.4–45.1)");
    assert_eq!(r56.basis, Some(Basis::Reported));
    let r59 = rows.iter().find(|r| r.study_id == "r59").unwrap();
    assert!(
        r59.proportion.is_none()
            && r59
                .note
                .as_deref()
                .unwrap()
                .contains("No whole number of 35")
    );
    let r50 = rows.iter().find(|r| r.study_id == "r50").unwrap();
    assert_eq!(r50.note.as_deref(), Some("The denominator is not stated."));
    let r51 = rows.iter().find(|r| r.study_id == "r51").unwrap();
    assert!(
        r51.not_poolable && r51.proportion.is_some(),
        "a meta-analysis is shown, not pooled"
    );
    assert!(!poolable(&rows).contains(&(136, 301)));
}

#[test]
fn overall_response_includes_derived_rows_labelled() {
    let rows = rows(evidence().unwrap(), Measure::Or, CiMethod::ClopperPearson);
    let derived: Vec<_> = rows
        .iter()
        .filter(|r| matches!(r.basis, Some(Basis::Derived(_))))
        .map(|r| r.study_id.as_str())
        .collect();
    assert_eq!(
        derived,
        ["r56", "r57", "r60", "r61", "r67", "r69", "r71", "r48"]
    );
    let reconstructed = rows.iter().find(|r| r.study_id == "r66-agvhd").unwrap();
    assert!(
        matches!(reconstructed.basis, Some(Basis::Reconstructed(_))),
        "58.7% of 46 = 27"
    );
    assert_eq!(reconstructed.proportion.unwrap().events, 27);
}

#[test]
fn filters_sort_and_pool_the_rows_shown() {
    let mut rows = cr_rows();
    let filters = Filters {
        indication: Some(Indication::AgvhdTreatment),
        tissue: Some(Tissue::BoneMarrow),
        arm: Some(Arm::Msc),
        ..Filters::default()
    };
    rows.retain(|r| filters.keep(r));
    assert!(rows
        .iter()
        .all(|r| r.indication == Indication::AgvhdTreatment && r.tissues == [Tissue::BoneMarrow]));
    sort(&mut rows, SortKey::Estimate, true);
    let estimates: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.proportion.map(|p| p.estimate))
        .collect();
    assert!(estimates.windows(2).all(|w| w[0] >= w[1]));
    assert!(
        rows.last().unwrap().proportion.is_none(),
        "rows without an estimate go last"
    );
    let pooled = pooled(&rows, default_options()).unwrap();
    assert_eq!(pooled.studies, poolable(&rows).len());
    assert!(methods_sentence(&pooled, CiMethod::ClopperPearson)
        .starts_with("Random-effects meta-analysis of"));
    assert!(pooled_text(&pooled).contains("% (95% CI "));
    let min = estimates.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = estimates.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        pooled.estimate >= min && pooled.estimate <= max,
        "within the study estimates"
    );
}

#[test]
fn every_column_sorts_text_without_case_and_missing_values_last() {
    let mut rows = rows(evidence().unwrap(), Measure::Or, CiMethod::ClopperPearson);
    sort(&mut rows, SortKey::Source, false);
    let sources: Vec<String> = rows
        .iter()
        .map(|r| {
            r.tissues
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    assert!(sources.windows(2).all(|w| w[0] <= w[1]), "{sources:?}");
    sort(&mut rows, SortKey::Grade, true);
    let first_missing = rows.iter().position(|r| r.grade.is_none()).unwrap();
    assert!(
        rows[first_missing..].iter().all(|r| r.grade.is_none()),
        "no grade: last, even descending"
    );
    let grades: Vec<String> = rows[..first_missing]
        .iter()
        .map(|r| r.grade.clone().unwrap().to_ascii_lowercase())
        .collect();
    assert!(grades.windows(2).all(|w| w[0] >= w[1]));
    sort(&mut rows, SortKey::Events, false);
    let events: Vec<u32> = rows
        .iter()
        .filter_map(|r| r.proportion.map(|p| p.events))
        .collect();
    assert!(events.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn text_disease_n_and_dose_filters() {
    let rows = cr_rows();
    let keep = |f: Filters| {
        rows.iter()
            .filter(|r| f.keep(r))
            .map(|r| r.study_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keep(Filters {
            text: "muroi".into(),
            ..Filters::default()
        }),
        ["r56", "r61"]
    );
    assert!(keep(Filters {
        disease: "jmml".into(),
        ..Filters::default()
    })
    .contains(&"r59".to_string()));
    assert!(keep(Filters {
        min_n: Some(50),
        ..Filters::default()
    })
    .iter()
    .all(|id| ["r48", "r51"].contains(&id.as_str())));
    assert!(keep(Filters {
        dose_band: Some(DoseBand::Above2e6),
        ..Filters::default()
    })
    .is_empty());
    assert_eq!(
        keep(Filters {
            dose_band: Some(DoseBand::Below1e6),
            ..Filters::default()
        }),
        ["r69"]
    );
    assert_eq!(DoseBand::of(2e6), DoseBand::From1To2e6);
    assert_eq!(DoseBand::of(5e5), DoseBand::Below1e6);
}

#[test]
fn json_strings_escape_quotes_and_controls() {
    assert_eq!(json_string("a\"b\\\n\u{1}"), "\"a\\\"b\\\\\\n\\u0001\"");
}

#[test]
fn subgroups_by_source() {
    let rows = rows(evidence().unwrap(), Measure::Or, CiMethod::ClopperPearson);
    let groups = pooled_by(&rows, default_options(), |r| {
        (r.tissues.len() == 1).then(|| r.tissues[0].label().to_string())
    });
    assert!(!groups.groups.is_empty());
    assert!(groups
        .groups
        .iter()
        .all(|(label, _)| !label.contains(" and ")));
}

#[test]
fn every_measure_is_offered_with_its_count() {
    let measures = available_measures(evidence().unwrap());
    let count = |m: Measure| measures.iter().find(|(x, _)| *x == m).map(|(_, c)| *c);
    assert!(count(Measure::Cr).unwrap() >= 9);
    assert!(count(Measure::Or).unwrap() >= 10);
    assert_eq!(
        count(Measure::Os),
        Some(1),
        "overall survival is mostly time-to-event: only r70's 4/4 is k/N"
    );
}
