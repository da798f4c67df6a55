//! The bundled dataset against its source: every table row and printed text is in the
//! review, counts per table, units, ranges, abbreviations, derived values and the flags
//! the data-quality rules raise (the expected flags were found by reading the review).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use msc_hsct::domain::data::{evidence, AgeGroup, Evidence, Indication, Provenance, Unit};
use msc_hsct::domain::derive::{age_group, derived_overall_response, reconstructed_events};
use msc_hsct::domain::format::collapse_whitespace;
use msc_hsct::domain::quality::{check_all, Rule, Severity};

const SOURCE: &str = include_str!("../data/source/lin-yang-chen-2023.md");

fn ev() -> &'static Evidence {
    evidence().unwrap_or_else(|error| panic!("dataset does not load: {error}"))
}

fn in_source(text: &str) -> bool {
    let source = collapse_whitespace(SOURCE);
    text.split(" … ")
        .all(|fragment| source.contains(&collapse_whitespace(fragment)))
}

fn table_rows(table: u8) -> Vec<(&'static msc_hsct::domain::data::Study, u8)> {
    ev().dataset
        .studies
        .iter()
        .filter_map(|s| {
            s.provenance.iter().find_map(|p| match p {
                Provenance::Table { table: t, row } if *t == table => Some((s, *row)),
                _ => None,
            })
        })
        .collect()
}

#[test]
fn tables_have_7_12_and_4_rows_in_printed_order() {
    for (table, rows) in [(1, 7), (2, 12), (3, 4)] {
        let mut found: Vec<u8> = table_rows(table).into_iter().map(|(_, row)| row).collect();
        found.sort_unstable();
        assert_eq!(found, (1..=rows).collect::<Vec<u8>>(), "Table {table}");
    }
}

#[test]
fn every_table_row_is_a_printed_line_and_its_fields_are_its_cells() {
    let lines: Vec<&str> = SOURCE.lines().collect();
    for table in 1..=3u8 {
        let info = ev()
            .dataset
            .tables
            .iter()
            .find(|t| t.number == table)
            .unwrap();
        assert!(
            lines.contains(&info.columns.join("\t").as_str()),
            "Table {table} header"
        );
        for (study, row) in table_rows(table) {
            let cells = study.row.as_ref().unwrap();
            assert!(
                lines.contains(&cells.join("\t").as_str()),
                "{} row {row}",
                study.id
            );
            let cell = |starts: &str| -> &str {
                let index = info
                    .columns
                    .iter()
                    .position(|c| c.starts_with(starts))
                    .unwrap();
                &cells[index]
            };
            assert_eq!(cell("N"), study.n.unwrap().to_string(), "{} N", study.id);
            assert_eq!(cell("Source"), study.source.raw, "{} source", study.id);
            assert_eq!(
                cell("Ref"),
                format!("[{}]", study.refs[0]),
                "{} ref",
                study.id
            );
            let dose = study.dose.as_ref().unwrap();
            let dose_column = if table == 3 { "Dose" } else { "Median dose" };
            assert_eq!(cell(dose_column), dose.raw, "{} dose", study.id);
            if let Some(age) = &study.age {
                assert_eq!(cell("Age"), age.raw, "{} age", study.id);
            }
            if let Some(grade) = &study.grade {
                assert_eq!(cell("Grade"), grade.raw, "{} grade", study.id);
            }
            if let Some(infusions) = &study.infusions {
                assert_eq!(
                    cell("Number of infusions"),
                    infusions.raw,
                    "{} infusions",
                    study.id
                );
            }
            let timing = info.columns.iter().position(|c| c.contains("ime")).unwrap();
            assert_eq!(
                Some(cells[timing].as_str()),
                study.timing.as_deref(),
                "{} timing",
                study.id
            );
            let outcome_cell = cell("Outcome");
            for outcome in study.outcomes.iter().filter(|o| o.source.is_none()) {
                assert!(
                    outcome_cell.contains(&outcome.raw),
                    "{}: {:?}",
                    study.id,
                    outcome.raw
                );
            }
            let diseases_column = info
                .columns
                .iter()
                .position(|c| c == "Diseases" || c == "Diagnosis");
            if let Some(index) = diseases_column {
                for disease in &study.diseases {
                    assert!(
                        cells[index].contains(&disease.name),
                        "{} {}",
                        study.id,
                        disease.name
                    );
                    if let Some(count) = disease.count {
                        let printed = format!("{}: {count}", disease.name);
                        assert!(cells[index].contains(&printed), "{}: {printed}", study.id);
                    }
                }
            }
        }
    }
}

#[test]
fn every_raw_text_is_printed_in_the_review() {
    let mut failures: Vec<String> = Vec::new();
    for study in &ev().dataset.studies {
        let mut raws: Vec<&str> = vec![&study.source.raw];
        raws.extend(study.population.as_deref());
        raws.extend(study.arms.as_ref().map(|a| a.raw.as_str()));
        raws.extend(study.dose.as_ref().map(|d| d.raw.as_str()));
        raws.extend(study.grade.as_ref().map(|g| g.raw.as_str()));
        raws.extend(study.infusions.as_ref().map(|i| i.raw.as_str()));
        raws.extend(study.timing.as_deref());
        raws.extend(study.outcomes.iter().map(|o| o.raw.as_str()));
        for raw in raws {
            if !in_source(raw) {
                failures.push(format!("{}: not printed in the review: {raw:?}", study.id));
            }
        }
        for outcome in &study.outcomes {
            for number in [outcome.value, outcome.low, outcome.high, outcome.percent]
                .into_iter()
                .flatten()
            {
                let found = msc_hsct::domain::derive::numbers_in(&outcome.raw)
                    .iter()
                    .any(|(printed, _)| (printed - number).abs() < 1e-9);
                let words = [
                    (39.0, "Thirty-nine"),
                    (5.0, "Five"),
                    (0.0, "no patients"),
                    (1.0, "a case"),
                ];
                let spelled = words
                    .iter()
                    .any(|(n, w)| *n == number && outcome.raw.contains(w));
                // A value counted from the text (not printed as a figure) must say so.
                let counted = outcome.value == Some(number) && outcome.note.is_some();
                if !(found || spelled || counted) {
                    failures.push(format!(
                        "{}: {number} is not in {:?}",
                        study.id, outcome.raw
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_study_has_provenance_and_existing_references() {
    for study in &ev().dataset.studies {
        assert!(!study.provenance.is_empty(), "{}", study.id);
        for number in &study.refs {
            let reference = ev()
                .reference(*number)
                .unwrap_or_else(|| panic!("{}", study.id));
            assert!(in_source(&reference.text), "reference {number}");
        }
        for provenance in study
            .provenance
            .iter()
            .chain(study.outcomes.iter().filter_map(|o| o.source.as_ref()))
        {
            if let Provenance::Text { section, .. } = provenance {
                assert!(
                    SOURCE
                        .lines()
                        .any(|l| l.trim_start_matches('#').trim().trim_matches('*') == section),
                    "{}: section {section:?}",
                    study.id
                );
            }
        }
    }
}

#[test]
fn every_numeric_study_of_the_text_is_in_the_dataset() {
    // The references the running text reports with numbers, read paragraph by paragraph.
    let expected: BTreeSet<u16> = [
        28, 29, 30, 31, 32, 33, 35, 38, 39, 40, 41, 46, 47, 48, 49, 50, 51, 52, 54, 66, 72, 73, 76,
        77, 79, 88,
    ]
    .into();
    let present: BTreeSet<u16> = ev()
        .dataset
        .studies
        .iter()
        .flat_map(|s| s.refs.iter().copied())
        .collect();
    let missing: Vec<_> = expected.difference(&present).collect();
    assert!(missing.is_empty(), "missing references: {missing:?}");
    let count = |indication| {
        ev().dataset
            .studies
            .iter()
            .filter(|s| s.indication == indication)
            .count()
    };
    assert_eq!(count(Indication::Engraftment), 6);
    assert_eq!(count(Indication::Complications), 4);
    assert_eq!(count(Indication::Relapse), 1);
    assert_eq!(count(Indication::Dsc), 1);
}

#[test]
fn units_and_ranges() {
    let flags = check_all(ev());
    let flagged = |id: &str, field: &str, rule: Rule| {
        flags
            .iter()
            .any(|f| f.study_id == id && f.field == field && f.rule == rule)
    };
    for study in &ev().dataset.studies {
        for (index, outcome) in study.outcomes.iter().enumerate() {
            let field = format!("outcomes[{index}]");
            if outcome.unit == Unit::Unspecified {
                assert!(
                    flagged(&study.id, &field, Rule::UnitLooksWrong),
                    "{} {field}",
                    study.id
                );
            }
            if outcome.unit == Unit::Percent {
                for value in [outcome.value, outcome.low, outcome.high]
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        (0.0..=100.0).contains(&value),
                        "{} {field}: {value}",
                        study.id
                    );
                }
            }
            if outcome.unit == Unit::Patients {
                if let (Some(value), Some(d)) = (
                    outcome.value,
                    msc_hsct::domain::derive::denominator(study, outcome),
                ) {
                    assert!(
                        value <= f64::from(d.n)
                            || flagged(&study.id, &field, Rule::CountExceedsDenominator)
                    );
                }
            }
        }
    }
}

/// Abbreviation-like tokens: two or more capitals, e.g. "AML", "UCB-MSCs", "aGVHD".
fn abbreviations_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| t.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2)
        .filter(|t| !t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))) // grades II–IV
        .map(str::to_string)
        .collect()
}

#[test]
fn every_abbreviation_used_is_defined() {
    let defined: BTreeSet<&str> = ev().abbreviations.iter().map(|a| a.abbr.as_str()).collect();
    let mut undefined = BTreeSet::new();
    for study in &ev().dataset.studies {
        let mut texts: Vec<String> = study.diseases.iter().map(|d| d.name.clone()).collect();
        texts.push(study.source.raw.clone());
        texts.extend(study.outcomes.iter().map(|o| o.label.clone()));
        texts.extend(study.row.iter().flatten().cloned());
        for text in texts {
            for token in abbreviations_in(&text) {
                let is_defined = |word: &str| {
                    defined.contains(word) || defined.contains(format!("{word}s").as_str())
                };
                let known = is_defined(&token)
                    || token.split('-').all(|part| {
                        part.chars().filter(|c| c.is_ascii_uppercase()).count() < 2
                            || is_defined(part)
                    });
                if !known {
                    undefined.insert(token);
                }
            }
        }
    }
    assert!(
        undefined.is_empty(),
        "used but not in the glossary: {undefined:?}"
    );
    for entry in &ev().abbreviations {
        if !entry.supplied {
            assert!(
                SOURCE.contains(&entry.abbr),
                "{} is not in the review",
                entry.abbr
            );
        }
    }
    let listed = ev()
        .abbreviations
        .iter()
        .filter(|a| a.source.starts_with("Abbreviations list"))
        .count();
    assert_eq!(listed, 25, "the review's list has 25 entries");
}

#[test]
fn derived_values_are_marked_and_computed_from_printed_counts() {
    let study = |id: &str| ev().study(id).unwrap();
    let or = derived_overall_response(study("r56"));
    assert_eq!((or[0].events, or[0].n), (15, 25));
    assert_eq!(or[0].how, "CR + PR = 6 + 9 = 15 of 25");
    let or = derived_overall_response(study("r48"));
    assert_eq!((or[0].events, or[0].n), (82, 99));
    assert!(
        derived_overall_response(study("r51")).is_empty(),
        "r51 prints its OR rate"
    );
    let r39 = study("r39");
    let events = reconstructed_events(r39, &r39.outcomes[0]).unwrap();
    assert_eq!((events.events, events.n), (4, 17));
    assert!(
        reconstructed_events(r39, &r39.outcomes[1]).is_none(),
        "14.2% of 17 is not whole"
    );
    assert_eq!(age_group(study("r55")), AgeGroup::Paediatric);
    assert_eq!(age_group(study("r56")), AgeGroup::Mixed);
    assert_eq!(age_group(study("r69")), AgeGroup::Adult);
    assert_eq!(
        age_group(study("r28")),
        AgeGroup::Paediatric,
        "'35 children'"
    );
    assert_eq!(
        age_group(study("r60")),
        AgeGroup::Mixed,
        "'< 40 years' may include children"
    );
}

#[test]
fn the_flags_of_the_bundled_dataset() {
    // Each line was checked against the review by hand (see docs/DATASET.md, "Flags").
    let expected: BTreeSet<(&str, &str, Rule)> = [
        ("r38", "outcomes[0]", Rule::PercentNotAchievable), // 9.4% of 33
        ("r38", "outcomes[1]", Rule::PercentNotAchievable), // 25% of 33
        ("r38", "outcomes[2]", Rule::PercentNotAchievable), // 6.2% of 33
        ("r38", "outcomes[3]", Rule::PercentNotAchievable), // 18.8% of 33
        ("r42", "outcomes[0]", Rule::PercentNotAchievable), // 29.3% of 44
        ("r42", "outcomes[1]", Rule::PercentNotAchievable), // 14.6% of 44
        ("r42", "dose", Rule::ImplausibleDose),             // 3.6 × 10^8 cells/kg
        ("r39", "outcomes[1]", Rule::PercentNotAchievable), // 14.2% of 17 (table)
        ("r39", "outcomes[5]", Rule::PercentNotAchievable), // 14.2% of 17 (text)
        ("r41", "outcomes[3]", Rule::MissingDenominator),   // control 48.4%, no N
        ("r41", "infusions", Rule::NotAMedian),             // 3.7 infusions
        ("r45", "outcomes[2]", Rule::PercentNotAchievable), // 7% of 77
        ("r55", "outcomes[0]", Rule::UnitLooksWrong),       // "OR: 46"
        ("r55", "outcomes[1]", Rule::UnitLooksWrong),       // "100 day survival: 35"
        ("r56", "outcomes", Rule::CountsDoNotAddUp),        // 6+9+4+1 = 20 of 25
        ("r58", "timing_groups", Rule::CountsDoNotAddUp),   // 23 + 15 = 38 of 40
        ("r59", "outcomes[0]", Rule::PercentNotAchievable), // CR 65% of 35
        ("r60", "outcomes", Rule::CountsDoNotAddUp),        // 11+6+7 = 24 of 25
        ("r60", "age", Rule::NotAMedian),                   // age bands
        ("r63", "age", Rule::NotAMedian),                   // "15 12"
        ("r66-agvhd", "source", Rule::TwoSources),          // Bone marrow Adipose tissue
        ("r69", "outcomes", Rule::CountsDoNotAddUp),        // 10+4 of 19 (note)
        ("r71", "outcomes", Rule::CountsDoNotAddUp),        // 8+2 of 14 (note)
        ("r30", "n", Rule::MissingDenominator),
        ("r31", "source", Rule::TwoSources), // UCB-MSCs and UC-MSCs
        ("r40", "source", Rule::TwoSources), // bone marrow or cord blood
        ("r49", "outcomes[0]", Rule::MissingDenominator),
        ("r49", "outcomes[1]", Rule::MissingDenominator),
        ("r49", "n", Rule::MissingDenominator),
        ("r51", "outcomes", Rule::CountsDoNotAddUp), // 136+69 of 301 (note)
        ("r54", "outcomes[1]", Rule::MissingDenominator), // control 42.1%
        ("r66-cgvhd", "outcomes[0]", Rule::PercentNotAchievable), // 65.50% of 16
        ("r66-cgvhd", "source", Rule::TwoSources),
        ("r76", "outcomes[0]", Rule::UnitLooksWrong), // Hb 4.9 g/L
        ("r76", "outcomes[1]", Rule::UnitLooksWrong), // Hb 5.1 g/L
        ("r76", "outcomes[4]", Rule::UnitLooksWrong), // Hb 13 g/L
        ("r76", "outcomes[5]", Rule::UnitLooksWrong), // Hb 12 g/L
        ("r77", "source", Rule::TwoSources),          // BM-MSCs and PMSCs
    ]
    .into();
    let flags = check_all(ev());
    let actual: BTreeSet<(&str, &str, Rule)> = flags
        .iter()
        .map(|f| (f.study_id.as_str(), f.field.as_str(), f.rule))
        .collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "unexpected {unexpected:?}\nmissing {missing:?}"
    );
    assert_eq!(flags.len(), expected.len(), "one flag per finding");
    let info = |id: &str| {
        flags
            .iter()
            .find(|f| f.study_id == id && f.rule == Rule::CountsDoNotAddUp)
            .unwrap()
            .severity
    };
    assert_eq!(info("r69"), Severity::Info);
    assert_eq!(info("r56"), Severity::Warning);
    let r38 = flags.iter().find(|f| f.study_id == "r38").unwrap();
    assert!(r38.message.contains("N = 32"), "{}", r38.message);
}
