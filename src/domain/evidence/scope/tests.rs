use super::*;
use crate::domain::data::{evidence, Study};
use crate::domain::derive::derived_overall_response;
use crate::domain::evidence::poolable;

fn all_rows(measure: Measure) -> Vec<Row> {
    rows(evidence().unwrap(), measure, CiMethod::ClopperPearson)
}

/// Whether a study reports `measure`, read from the dataset itself (overall response also
/// when it can be derived as CR + PR).
fn reports(study: &Study, measure: Measure) -> bool {
    study.outcomes.iter().any(|o| o.measure == measure)
        || (measure == Measure::Or && !derived_overall_response(study).is_empty())
}

#[test]
fn each_outcome_opens_in_the_indication_with_the_most_studies() {
    let ev = evidence().unwrap();
    let choices = measure_choices(ev);
    assert!(choices.len() > 10);
    let mut ties = 0;
    for choice in &choices {
        // Studies per indication, counted from the studies (not from the rows).
        let counts: Vec<(Indication, usize)> = Indication::ALL
            .into_iter()
            .filter(|i| *i != Indication::Background)
            .map(|i| {
                let n = ev
                    .dataset
                    .studies
                    .iter()
                    .filter(|s| s.indication == i && reports(s, choice.measure))
                    .count();
                (i, n)
            })
            .collect();
        let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let expected = counts.iter().find(|(_, n)| *n == most && most > 0);
        assert_eq!(
            choice.main,
            expected.map(|(i, _)| *i),
            "{:?}: {counts:?}",
            choice.measure
        );
        if counts
            .iter()
            .filter(|(_, n)| *n == most && most > 0)
            .count()
            > 1
        {
            ties += 1;
        }
    }
    assert!(
        ties > 0,
        "the dataset has ties: they go to the first indication"
    );
    let main = |m: Measure| choices.iter().find(|c| c.measure == m).and_then(|c| c.main);
    assert_eq!(main(Measure::Or), Some(Indication::AgvhdTreatment));
    assert_eq!(main(Measure::Cr), Some(Indication::AgvhdTreatment));
    assert_eq!(
        main(Measure::Os),
        Some(Indication::GvhdPrevention),
        "4 studies each in prevention and aGVHD treatment: the first in the review's order"
    );
}

#[test]
fn background_rates_alone_give_no_main_indication() {
    let background: Vec<Row> = all_rows(Measure::Os)
        .into_iter()
        .filter(|r| r.indication == Indication::Background)
        .collect();
    assert!(!background.is_empty());
    assert_eq!(most_studied(&background), None);
    assert_eq!(most_studied(&[]), None);
}

#[test]
fn every_row_left_out_of_pooling_says_why() {
    let ev = evidence().unwrap();
    let mut seen = Vec::new();
    for choice in measure_choices(ev) {
        let rows = all_rows(choice.measure);
        let pooled = rows.iter().filter(|r| r.unpooled().is_none()).count();
        assert_eq!(pooled, poolable(&rows).len(), "{:?}", choice.measure);
        for row in &rows {
            let study = ev.dataset.studies.iter().find(|s| s.id == row.study_id);
            let study = study.expect("a row's study is in the dataset");
            let expected = if row.proportion.is_none() {
                Some(Unpooled::NotEventsN)
            } else if study.design == Design::MetaAnalysis {
                Some(Unpooled::MetaAnalysis)
            } else if study.indication == Indication::Background {
                Some(Unpooled::Background)
            } else {
                None
            };
            assert_eq!(
                row.unpooled(),
                expected,
                "{} {:?}",
                row.study_id,
                choice.measure
            );
            seen.extend(expected);
        }
    }
    // The dataset's background rates are none of them events / N (the examples below
    // cover a background rate that is).
    for reason in [Unpooled::MetaAnalysis, Unpooled::NotEventsN] {
        assert!(seen.contains(&reason), "the dataset has a row {reason:?}");
    }
    assert_eq!(Unpooled::MetaAnalysis.tag(), "not pooled: meta-analysis");
    assert_eq!(Unpooled::Background.tag(), "not pooled: background rate");
}

/// A pooled row of overall response and copies of it left out for each reason.
fn examples() -> (Row, Row, Row) {
    let rows = all_rows(Measure::Or);
    let pooled = rows
        .iter()
        .find(|r| r.unpooled().is_none())
        .unwrap()
        .clone();
    let meta = Row {
        design: Design::MetaAnalysis,
        not_poolable: true,
        ..pooled.clone()
    };
    let background = Row {
        indication: Indication::Background,
        design: Design::NotStated,
        not_poolable: true,
        ..pooled.clone()
    };
    (pooled, meta, background)
}

#[test]
fn the_rows_left_out_are_counted_by_reason() {
    let (pooled, meta, background) = examples();
    let no_n = Row {
        proportion: None,
        ..pooled.clone()
    };
    assert_eq!(left_out_text(std::slice::from_ref(&pooled)), None);
    let rows = [pooled.clone(), meta.clone(), background.clone()];
    assert_eq!(
        left_out(&rows),
        [(Unpooled::MetaAnalysis, 1), (Unpooled::Background, 1)]
    );
    assert_eq!(
        left_out_text(&rows).unwrap(),
        "2 rows not pooled: 1 meta-analysis, 1 background rate."
    );
    let rows = [background, meta.clone(), meta, no_n, pooled];
    assert_eq!(
        left_out_text(&rows).unwrap(),
        "4 rows not pooled: 2 meta-analyses, 1 background rate, 1 not events / N."
    );
    let only = [examples().1];
    assert_eq!(
        left_out_text(&only).unwrap(),
        "1 row not pooled: 1 meta-analysis."
    );
}

#[test]
fn a_notice_says_when_the_rows_pooled_mix_indications_or_designs() {
    let rows = all_rows(Measure::Or);
    let (indications, designs) = pooled_span(&rows);
    assert!(indications.len() >= 2, "{indications:?}");
    let notice = mix_notice(&rows).expect("overall response pools aGVHD and cGVHD");
    assert!(
        notice.starts_with(&format!(
            "The pooled rows span {} indications (Treatment of aGVHD, Treatment of cGVHD",
            indications.len()
        )),
        "{notice}"
    );
    assert!(notice.contains("mixes different diseases"), "{notice}");
    assert_eq!(notice.contains("study designs"), designs.len() > 1);

    // One indication and one design: no notice, whatever is shown but not pooled.
    let (pooled, meta, background) = examples();
    let same = Row {
        study_id: "other".into(),
        ..pooled.clone()
    };
    assert_eq!(mix_notice(&[pooled.clone(), same.clone()]), None);
    assert_eq!(
        mix_notice(&[pooled.clone(), same.clone(), meta, background]),
        None,
        "rows left out of pooling mix nothing"
    );
    let other_design = [Design::Randomized, Design::SingleArm, Design::CaseSeries]
        .into_iter()
        .find(|d| *d != pooled.design && *d != Design::MetaAnalysis)
        .unwrap();
    let designed = Row {
        design: other_design,
        ..same.clone()
    };
    let notice = mix_notice(&[pooled.clone(), designed]).unwrap();
    assert!(
        notice.starts_with("The pooled rows span 2 study designs ("),
        "{notice}"
    );
    assert!(notice.ends_with("mixes different designs."), "{notice}");
    let elsewhere = Row {
        indication: Indication::CgvhdTreatment,
        design: other_design,
        ..same
    };
    let both = mix_notice(&[pooled, elsewhere]).unwrap();
    assert!(both.contains(" indications (") && both.contains(" and 2 study designs ("));
    assert!(
        both.ends_with("mixes different diseases and designs."),
        "{both}"
    );
}
