use super::*;
use crate::domain::data::Study;

/// A minimal single-arm study from a JSON fragment of extra fields.
fn study(extra: &str) -> Study {
    let json = format!(
        r#"{{"id": "t", "refs": [1], "indication": "agvhd_treatment", "design": "single_arm",
            "provenance": [{{"section": "S", "paragraph": 1}}],
            "source": {{"tissues": ["bone_marrow"], "raw": "BM"}}, {extra}}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn rules(study: &Study) -> Vec<(String, Rule, Severity)> {
    check_study(study, &[])
        .into_iter()
        .map(|f| (f.field, f.rule, f.severity))
        .collect()
}

const NO_OUTCOMES: &str = r#""outcomes": []"#;

#[test]
fn diagnoses_that_do_not_add_up() {
    let bad = study(&format!(
        r#""n": 10, "diseases": [{{"name": "AML", "count": 4}}, {{"name": "ALL", "count": 5}}], {NO_OUTCOMES}"#
    ));
    let flags = check_study(&bad, &[]);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::CountsDoNotAddUp);
    assert_eq!(
        flags[0].message,
        "The diagnoses add up to 9 patients (AML (4) + ALL (5)), but N is 10."
    );
    let good = study(&format!(
        r#""n": 9, "diseases": [{{"name": "AML", "count": 4}}, {{"name": "ALL", "count": 5}}], {NO_OUTCOMES}"#
    ));
    assert!(rules(&good).is_empty());
    // A diagnosis without a count cannot be summed.
    let partial = study(&format!(
        r#""n": 10, "diseases": [{{"name": "AML", "count": 4}}, {{"name": "ALL"}}], {NO_OUTCOMES}"#
    ));
    assert!(rules(&partial).is_empty());
}

#[test]
fn response_categories_more_fewer_and_exact() {
    let categories = |n: u32, no_response: &str| {
        study(&format!(
            r#""n": {n}, "outcomes": [
              {{"measure": "cr", "label": "CR", "value": 5, "unit": "patients", "raw": "CR: 5"}},
              {{"measure": "pr", "label": "PR", "value": 3, "unit": "patients", "raw": "PR: 3"}}
              {no_response}]"#
        ))
    };
    let nr = r#", {"measure": "no_response", "label": "NR", "value": 2, "unit": "patients", "raw": "NR: 2"}"#;
    assert!(rules(&categories(10, nr)).is_empty(), "5 + 3 + 2 = 10");
    assert_eq!(
        rules(&categories(9, nr)),
        [("outcomes".into(), Rule::CountsDoNotAddUp, Severity::Warning)],
        "10 > 9"
    );
    assert_eq!(
        rules(&categories(12, nr)),
        [("outcomes".into(), Rule::CountsDoNotAddUp, Severity::Warning)],
        "non-responders printed, still 2 missing"
    );
    assert_eq!(
        rules(&categories(12, "")),
        [("outcomes".into(), Rule::CountsDoNotAddUp, Severity::Info)],
        "no non-responder figure: missing, not contradictory"
    );
}

#[test]
fn percentages_whole_numbers_cannot_give() {
    let percent = |value: &str, n: u32, estimate: &str| {
        study(&format!(
            r#""n": {n}, "outcomes": [{{"measure": "agvhd", "label": "aGVHD", "value": {value},
               "unit": "percent", "estimate": "{estimate}", "raw": "aGVHD: {value}%"}}]"#
        ))
    };
    let flags = check_study(&percent("9.4", 33, "crude"), &[]);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::PercentNotAchievable);
    assert!(
        flags[0].message.contains("N = 32 or N = 53 would fit"),
        "{}",
        flags[0].message
    );
    assert!(rules(&percent("9.4", 32, "crude")).is_empty());
    assert!(
        rules(&percent("9.4", 33, "time_to_event")).is_empty(),
        "Kaplan-Meier estimates are not k/N"
    );
    assert_eq!(
        rules(&percent("101", 33, "crude")),
        [(
            "outcomes[0]".into(),
            Rule::PercentOutOfRange,
            Severity::Warning
        )]
    );
}

#[test]
fn percentage_printed_beside_a_count() {
    let count = |percent: &str| {
        study(&format!(
            r#""n": 99, "outcomes": [{{"measure": "cr", "label": "CR", "value": 56, "unit": "patients",
               "percent": {percent}, "raw": "56 ({percent}%) achieved CR"}}]"#
        ))
    };
    assert!(rules(&count("56.6")).is_empty(), "56/99 = 56.57%");
    assert_eq!(
        rules(&count("58.6")),
        [(
            "outcomes[0]".into(),
            Rule::PercentDisagreesWithCount,
            Severity::Warning
        )]
    );
}

#[test]
fn count_larger_than_its_group() {
    let s = study(
        r#""n": 5, "outcomes": [{"measure": "cr", "label": "CR", "value": 6, "unit": "patients", "raw": "CR: 6"}]"#,
    );
    assert_eq!(
        rules(&s),
        [(
            "outcomes[0]".into(),
            Rule::CountExceedsDenominator,
            Severity::Warning
        )]
    );
}

#[test]
fn doses_outside_the_plausible_range_per_kg() {
    let dose = |value: &str, basis: &str| {
        study(&format!(
            r#""dose": {{"raw": "x", "basis": "{basis}", "stat": "median", "value": {value}}}, {NO_OUTCOMES}"#
        ))
    };
    for implausible in ["3.6e8", "5e4"] {
        assert_eq!(
            rules(&dose(implausible, "per_kg")),
            [
                ("dose".into(), Rule::ImplausibleDose, Severity::Warning),
                ("n".into(), Rule::MissingDenominator, Severity::Info)
            ],
            "{implausible}"
        );
    }
    for plausible in ["1e5", "2e6", "5e7"] {
        assert_eq!(
            rules(&dose(plausible, "per_kg")).len(),
            1,
            "{plausible}: only the missing N"
        );
    }
    assert_eq!(
        rules(&dose("3.6e8", "total")).len(),
        1,
        "totals are not per kg"
    );
}

#[test]
fn units_that_look_wrong_or_are_missing() {
    let hb = |value: &str| {
        study(&format!(
            r#""n": 1, "outcomes": [{{"measure": "hemoglobin", "label": "Hb", "value": {value},
               "unit": "g_per_l", "estimate": "individual", "raw": "{value} g/L"}}]"#
        ))
    };
    assert_eq!(
        rules(&hb("4.9")),
        [(
            "outcomes[0]".into(),
            Rule::UnitLooksWrong,
            Severity::Warning
        )]
    );
    assert!(rules(&hb("98")).is_empty());
    let no_unit = study(
        r#""n": 75, "outcomes": [{"measure": "or", "label": "OR", "value": 46, "unit": "unspecified", "raw": "OR: 46"}]"#,
    );
    let flags = check_study(&no_unit, &[]);
    assert_eq!(flags[0].rule, Rule::UnitLooksWrong);
    assert!(
        flags[0].message.contains("61.3% if a count"),
        "{}",
        flags[0].message
    );
    let days_in_weeks = study(
        r#""n": 5, "outcomes": [{"measure": "neutrophil_engraftment_days", "label": "x", "value": 2, "unit": "weeks", "estimate": "median", "raw": "2 weeks"}]"#,
    );
    assert_eq!(
        rules(&days_in_weeks),
        [(
            "outcomes[0]".into(),
            Rule::UnitLooksWrong,
            Severity::Warning
        )]
    );
}

#[test]
fn a_cell_naming_two_sources() {
    let two: Study = serde_json::from_str(
        r#"{"id": "t", "refs": [1], "indication": "agvhd_treatment", "design": "single_arm", "n": 3,
            "provenance": [{"section": "S", "paragraph": 1}],
            "source": {"tissues": ["bone_marrow", "adipose"], "raw": "Bone marrow Adipose tissue"}, "outcomes": []}"#,
    )
    .unwrap();
    let flags = check_study(&two, &[]);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::TwoSources);
    assert!(flags[0].message.contains("bone marrow and adipose tissue"));
}

#[test]
fn ranges_and_means_where_a_median_is_expected() {
    let table = TableInfo {
        number: 2,
        title: "t".into(),
        columns: vec![
            "Age of patients (median/range, years)".into(),
            "Median dose of MSCs (cells/kg)".into(),
        ],
        footnote: None,
    };
    let in_table = |extra: &str| {
        let mut s = study(extra);
        s.provenance = vec![crate::domain::data::Provenance::Table { table: 2, row: 1 }];
        check_study(&s, std::slice::from_ref(&table))
            .into_iter()
            .map(|f| (f.field, f.rule))
            .collect::<Vec<_>>()
    };
    let bands = format!(
        r#""n": 3, "age": {{"raw": "< 40: 1 > 40: 2", "bands": [{{"label": "< 40", "count": 1}}, {{"label": "> 40", "count": 2}}]}}, {NO_OUTCOMES}"#
    );
    assert_eq!(in_table(&bands), [("age".to_string(), Rule::NotAMedian)]);
    let median = format!(
        r#""n": 3, "age": {{"raw": "8 [2–17]", "median": 8, "low": 2, "high": 17}}, {NO_OUTCOMES}"#
    );
    assert!(in_table(&median).is_empty());
    let range = format!(
        r#""n": 3, "dose": {{"raw": "1–2", "basis": "per_kg", "stat": "range", "low": 1e6, "high": 2e6}}, {NO_OUTCOMES}"#
    );
    assert_eq!(in_table(&range), [("dose".to_string(), Rule::NotAMedian)]);
    let mean = format!(r#""n": 3, "infusions": {{"raw": "3.7", "mean": 3.7}}, {NO_OUTCOMES}"#);
    assert_eq!(
        in_table(&mean),
        [("infusions".to_string(), Rule::NotAMedian)]
    );
}

#[test]
fn missing_denominators() {
    let no_n = study(
        r#""outcomes": [{"measure": "or", "label": "OR", "value": 29, "unit": "percent", "raw": "29%"}]"#,
    );
    assert_eq!(
        rules(&no_n),
        [
            (
                "outcomes[0]".into(),
                Rule::MissingDenominator,
                Severity::Info
            ),
            ("n".into(), Rule::MissingDenominator, Severity::Info)
        ]
    );
    let control_without_size = study(
        r#""n": 10, "arms": {"msc": 10, "raw": "10"}, "outcomes": [
           {"measure": "or", "label": "OR", "value": 50, "unit": "percent", "raw": "50%"},
           {"measure": "or", "label": "OR", "value": 40, "unit": "percent", "arm": "control", "raw": "40%"}]"#,
    );
    assert_eq!(
        rules(&control_without_size),
        [(
            "outcomes[1]".into(),
            Rule::MissingDenominator,
            Severity::Info
        )]
    );
}

#[test]
fn every_rule_has_a_title_and_an_explanation() {
    for rule in Rule::ALL {
        assert!(
            !rule.title().is_empty() && rule.explanation().ends_with('.'),
            "{rule:?}"
        );
    }
}
