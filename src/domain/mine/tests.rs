use super::store::to_json;
use super::table::match_header;
use super::text;
use super::*;
use crate::domain::data::{Indication, Measure, Tissue};

/// A valid entry: 8 of 20 complete responses at day 28.
pub(super) fn sample() -> Entry {
    Entry {
        label: "Our centre 2019–2023".into(),
        indication: Some(Indication::AgvhdTreatment),
        tissue: Some(Tissue::BoneMarrow),
        dose: Some("2 x 10^6".into()),
        infusions: Some(2),
        age_group: Some(AgeGroup::Adult),
        grade: Some(GradeRange { low: 3, high: 4 }),
        n: Some(20),
        outcomes: vec![
            EntryOutcome {
                events: Some(8),
                time: Some(TimePoint {
                    amount: 28,
                    unit: TimeUnit::Days,
                }),
                ..EntryOutcome::new(Measure::Cr)
            },
            EntryOutcome {
                percent: Some("65".into()),
                ..EntryOutcome::new(Measure::Or)
            },
        ],
        notes: Some("steroid-refractory".into()),
    }
}

fn errors(entry: &Entry) -> Vec<(Option<usize>, Field, String)> {
    validate(entry)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| (p.outcome, p.field, p.message))
        .collect()
}

fn with_outcome(f: impl FnOnce(&mut EntryOutcome)) -> Entry {
    let mut entry = sample();
    f(&mut entry.outcomes[0]);
    entry
}

#[test]
fn the_sample_is_valid_and_blank_is_not_reported() {
    assert_eq!(validate(&sample()), vec![]);
    let json = to_json(&[Entry {
        label: "x".into(),
        ..Entry::default()
    }]);
    assert!(
        !json.contains("null") && !json.contains(":0"),
        "blank fields are left out: {json}"
    );
    assert_eq!(
        json,
        r#"{"format":"msc-hsct/my-data","version":1,"entries":[{"label":"x","outcomes":[]}]}"#
    );
    assert_eq!(crate::domain::keys::check_keys::<Field>(), Ok(()));
    assert_eq!(crate::domain::keys::check_keys::<TimeUnit>(), Ok(()));
}

#[test]
fn counts_at_their_edges() {
    assert!(
        errors(&with_outcome(|o| o.events = Some(0))).is_empty(),
        "0 events is a count"
    );
    assert!(
        errors(&with_outcome(|o| o.events = Some(20))).is_empty(),
        "N events of N"
    );
    let over = errors(&with_outcome(|o| o.events = Some(21)));
    assert_eq!(
        over,
        vec![(Some(0), Field::Events, "21 is more than N = 20.".into())]
    );
    let mut zero = sample();
    zero.n = Some(0);
    assert!(errors(&zero)
        .iter()
        .any(|(_, f, m)| *f == Field::N && m.starts_with("must be at least 1")));
    assert!(errors(&with_outcome(|o| o.n = Some(0)))
        .iter()
        .any(|(_, f, _)| *f == Field::OutcomeN));
    let mut one = sample();
    one.n = Some(1);
    one.outcomes.truncate(1);
    one.outcomes[0].events = Some(1);
    assert!(errors(&one).is_empty(), "N = 1 is allowed");
    let mut infusions = sample();
    infusions.infusions = Some(0);
    assert_eq!(errors(&infusions)[0].1, Field::Infusions);
    let neither = errors(&with_outcome(|o| o.events = None));
    assert_eq!(neither[0].1, Field::Events);
    let mut no_n = sample();
    no_n.n = None;
    assert!(errors(&no_n).iter().all(|(_, f, _)| *f == Field::OutcomeN));
    let control = errors(&with_outcome(|o| o.arm = crate::domain::data::Arm::Control));
    assert!(control[0].2.contains("this arm"), "{control:?}");
    assert!(errors(&with_outcome(|o| {
        o.arm = crate::domain::data::Arm::Control;
        o.n = Some(10);
        o.events = Some(10);
    }))
    .is_empty());
}

#[test]
fn percentages_at_their_edges() {
    let percent = |p: &str, n: u32| {
        let mut entry = with_outcome(|o| {
            o.events = None;
            o.percent = Some(p.into());
            o.n = Some(n);
        });
        entry.outcomes.truncate(1);
        errors(&entry)
            .into_iter()
            .map(|(_, _, m)| m)
            .collect::<Vec<_>>()
    };
    assert!(percent("0", 20).is_empty());
    assert!(percent("100", 20).is_empty());
    assert!(percent("40%", 20).is_empty(), "a trailing % is allowed");
    assert!(percent("23.5", 17).is_empty(), "4/17 = 23.53%");
    assert_eq!(percent("100.1", 20), vec!["100.1% is more than 100%."]);
    assert_eq!(percent("-1", 20), vec!["cannot be negative."]);
    assert_eq!(percent("9.4", 33)[0], "no whole number of 33 patients gives 9.4%: check the percentage and N, or enter the events.");
    assert_eq!(
        percent("50", 1000)[0],
        "50% of 1000 could be any of 495–505 patients: enter the events."
    );
    assert!(
        percent("50.0", 1000).is_empty(),
        "one decimal: only 500 fits"
    );
    assert!(percent("56,6", 99)[0].starts_with("use a point"));
    assert!(percent("abc", 10)[0].contains("not a percentage"));
    // With events, the percentage must agree.
    let both = |events: u32, p: &str| {
        errors(&with_outcome(|o| {
            o.events = Some(events);
            o.percent = Some(p.into());
        }))
    };
    assert!(both(8, "40").is_empty());
    assert_eq!(both(9, "40")[0].2, "9 of 20 is 45%, not 40%.");
    assert_eq!(validate::events_from_percent("23.5", 17), Some(4));
    assert_eq!(validate::events_from_percent("50", 1000), None);
}

#[test]
fn dose_label_grade_and_outcome_rules() {
    let mut entry = sample();
    entry.dose = Some("2,5e6".into());
    assert!(errors(&entry)
        .iter()
        .any(|(_, f, m)| *f == Field::Dose && m.contains("point")));
    entry.dose = Some("2e9".into());
    let warnings: Vec<Problem> = validate(&entry)
        .into_iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].field, Field::Dose);
    assert!(
        warnings[0].message.contains("outside the plausible range"),
        "the dataset's rule"
    );
    assert_eq!(
        validate::dose_echo("2 x 10^6"),
        Ok("Read as 2 × 10⁶ cells/kg".into())
    );
    assert!(validate::dose_echo("two").is_err());
    entry = sample();
    entry.label = "  ".into();
    entry.indication = None;
    entry.grade = Some(GradeRange { low: 4, high: 2 });
    let fields: Vec<Field> = errors(&entry).into_iter().map(|e| e.1).collect();
    assert_eq!(fields, vec![Field::Label, Field::Indication, Field::Grade]);
    entry = sample();
    entry.outcomes.clear();
    assert_eq!(
        errors(&entry),
        vec![(None, Field::Measure, "add at least one outcome.".into())]
    );
    entry = sample();
    entry.outcomes[0].measure = Measure::Hemoglobin;
    assert!(errors(&entry)[0].2.contains("not a count"));
    entry = sample();
    entry.outcomes.push(entry.outcomes[0].clone());
    assert!(validate(&entry)
        .iter()
        .any(|p| p.severity == Severity::Warning && p.message.contains("twice")));
    entry = sample();
    entry.outcomes[0].n = Some(25);
    assert!(validate(&entry)
        .iter()
        .any(|p| p.field == Field::OutcomeN && p.severity == Severity::Warning));
}

#[test]
fn response_categories_that_do_not_add_up_are_flagged_by_the_dataset_rule() {
    let mut entry = sample();
    entry.outcomes = vec![
        EntryOutcome {
            events: Some(15),
            ..EntryOutcome::new(Measure::Cr)
        },
        EntryOutcome {
            events: Some(8),
            ..EntryOutcome::new(Measure::Pr)
        },
    ];
    let warnings: Vec<Problem> = validate(&entry)
        .into_iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|p| p.message.contains("more than N = 20")),
        "{warnings:?}"
    );
}

#[test]
fn identifiers_and_dates_of_birth_get_a_warning() {
    for text in [
        "DOB 12/03/1987",
        "born 1987-03-12",
        "MRN 00123",
        "pt 12345678",
        "seen 3.4.21",
        "NHS no",
        "patient ID 7",
    ] {
        assert!(text::identifier_warning(text).is_some(), "{text}");
    }
    for text in [
        "Our centre 2019–2023",
        "steroid-refractory",
        "grade III-IV",
        "2 x 10^6",
        "dose 1.5",
        "day 100",
        "stubborn case",
    ] {
        assert_eq!(text::identifier_warning(text), None, "{text}");
    }
    let mut entry = sample();
    entry.notes = Some("John, DOB 01/02/1960".into());
    let warning = validate(&entry)
        .into_iter()
        .find(|p| p.field == Field::Notes)
        .expect("a warning");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.to_string().starts_with("Notes: "));
}

#[test]
fn cells_are_read_with_messages() {
    assert_eq!(text::whole(""), Ok(None));
    assert_eq!(text::whole(" 20 "), Ok(Some(20)));
    assert_eq!(
        text::whole("2.5"),
        Err("must be a whole number, not 2.5.".into())
    );
    assert_eq!(text::whole("-3"), Err("cannot be negative.".into()));
    assert!(text::whole("99999999999").is_err());
    assert!(text::whole("x").is_err());
    assert_eq!(text::grade("II–IV"), Ok(GradeRange { low: 2, high: 4 }));
    assert_eq!(text::grade("grade 3-4"), Ok(GradeRange { low: 3, high: 4 }));
    assert_eq!(text::grade("III"), Ok(GradeRange { low: 3, high: 3 }));
    assert!(text::grade("IV-II").is_err());
    assert!(text::grade("5").is_err());
    let t = |text: &str| text::time_point(text).map(|t| (t.amount, t.unit));
    assert_eq!(t("day 100"), Ok((100, TimeUnit::Days)));
    assert_eq!(t("d28"), Ok((28, TimeUnit::Days)));
    assert_eq!(t("6 wk"), Ok((6, TimeUnit::Weeks)));
    assert_eq!(t("12 mo"), Ok((12, TimeUnit::Months)));
    assert_eq!(t("1 year"), Ok((1, TimeUnit::Years)));
    assert!(t("12").unwrap_err().contains("add a unit"));
    assert!(t("12 fortnights").is_err());
    assert!(t("soon").is_err());
    assert_eq!(
        TimePoint {
            amount: 1,
            unit: TimeUnit::Years
        }
        .text(),
        "1 year"
    );
    assert_eq!(
        TimePoint {
            amount: 1,
            unit: TimeUnit::Years
        }
        .months(),
        12.0
    );
    assert_eq!(text::tissue("BM-MSC"), Ok(Tissue::BoneMarrow));
    assert_eq!(text::tissue("umbilical cord"), Ok(Tissue::UmbilicalCord));
    assert_eq!(text::indication("aGVHD"), Ok(Indication::AgvhdTreatment));
    assert_eq!(
        text::indication("Treatment of aGVHD"),
        Ok(Indication::AgvhdTreatment)
    );
    assert_eq!(text::age_group("children"), Ok(AgeGroup::Paediatric));
    assert_eq!(text::measure("CR"), Ok(Measure::Cr));
    assert_eq!(text::measure("overall response"), Ok(Measure::Or));
    assert!(
        text::measure("days-to-neutrophil-engraftment").is_err(),
        "days are not counts"
    );
    assert!(text::tissue("liver").unwrap_err().contains("bone-marrow"));
}

#[test]
fn every_choice_reads_back_from_its_key_and_label_and_no_two_collide() {
    for m in text::MEASURES
        .into_iter()
        .filter(|m| text::is_countable(*m))
    {
        assert_eq!(text::measure(m.link_key()), Ok(m));
        assert_eq!(text::measure(m.label()), Ok(m), "{}", m.label());
    }
    for i in Indication::ALL {
        assert_eq!(text::indication(i.key()), Ok(i));
        assert_eq!(text::indication(i.label()), Ok(i));
    }
    for f in Field::ALL {
        assert_eq!(match_header(f.key()), Some(f));
        assert_eq!(match_header(f.label()), Some(f));
    }
    assert_eq!(match_header(" Cells / kg "), Some(Field::Dose));
    assert_eq!(match_header("%"), Some(Field::Percent));
    assert_eq!(match_header("Patient initials"), None);
}
