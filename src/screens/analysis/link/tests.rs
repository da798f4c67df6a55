//! The analysis link: printing, reading, old links and the opening view.

use super::*;
use crate::domain::data::{evidence, Indication, Measure};
use crate::domain::evidence::SortKey;

fn choices() -> Choices {
    Choices::of(evidence().unwrap())
}

#[test]
fn every_indication_prints_ind_all_and_reopens_every_indication() {
    let c = choices();
    let all = Analysis::default();
    assert_eq!(query(&all, "2023.1"), "?v=2023.1&ind=all");
    let (back, notices) = from_query("?v=2023.1&ind=all", &c, "2023.1");
    assert_eq!((back, notices), (all, Vec::new()));
}

/// The link of the opening view names its indication, and reopens the same view (the
/// indication then no longer follows the outcome: the link chose it).
#[test]
fn the_opening_view_is_for_a_visit_without_parameters_and_its_link_reopens_it() {
    let c = choices();
    let opening = Analysis::opening(&c);
    assert!(opening.indication_follows);
    assert_eq!(opening.measure, Measure::Or);
    assert_eq!(opening.filters.indication, Some(Indication::AgvhdTreatment));
    for search in ["", "?", "?utm_source=mail&zz=1"] {
        let (a, _) = from_query(search, &c, "2023.1");
        assert_eq!(a, opening, "{search:?}");
    }
    let link = query(&opening, "2023.1");
    assert_eq!(link, "?v=2023.1&ind=agvhd_treatment");
    let (back, notices) = from_query(&link, &c, "2023.1");
    assert!(notices.is_empty(), "{notices:?}");
    assert!(!back.indication_follows);
    assert_eq!(
        Analysis {
            indication_follows: true,
            ..back.clone()
        },
        opening
    );
    assert_eq!(query(&back, "2023.1"), link, "and prints the same link");
}

/// A link with any parameter of the pages but no `ind` meant every indication, and
/// still does; a link without parameters is the only one that opens the new default.
#[test]
fn links_without_ind_still_mean_every_indication() {
    let c = choices();
    for link in [
        "?v=2023.1",
        "?v=1999.1",
        "?m=overall-response",
        "?m=complete-response",
        "?chart=forest",
        "?src=bone-marrow",
        "?pg=1&zz=1",
    ] {
        let (a, _) = from_query(link, &c, "2023.1");
        assert_eq!(a.filters.indication, None, "{link}");
        assert!(!a.indication_follows, "{link}");
        let (back, _) = from_query(&query(&a, "2023.1"), &c, "2023.1");
        assert_eq!(back, a, "{link} prints back to the same view");
        assert!(query(&a, "2023.1").contains("&ind=all"), "{link}");
    }
    let (_, notices) = from_query("?ind=mars", &c, "2023.1");
    assert!(
        notices[0].contains("expected engraftment, ") && notices[0].ends_with(", all."),
        "{notices:?}"
    );
}

#[test]
fn parameter_names_are_unique_and_not_the_dataset_s() {
    let mut names: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
    names.push(DATASET);
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn measure_keys_are_unique_and_parse_back() {
    let c = choices();
    let mut keys: Vec<&str> = c.measures.iter().map(|(m, _)| m.link_key()).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
    for (m, _) in &c.measures {
        let (a, notices) = from_query(&format!("?m={}", m.link_key()), &c, "2023.1");
        assert_eq!((a.measure, notices.len()), (*m, 0));
    }
}

#[test]
fn every_choice_round_trips_through_the_link() {
    let c = choices();
    let mut a = Analysis {
        measure: Measure::Cr,
        ci: CiMethod::Wilson,
        ..Analysis::default()
    };
    a.options.tau2 = Tau2Method::DerSimonianLaird;
    a.options.hartung_knapp = true;
    a.filters.indication = Some(Indication::AgvhdTreatment);
    a.filters.tissue = c.tissues.first().copied();
    a.filters.grade = c.grades.first().cloned();
    a.filters.age_group = c.ages.first().copied();
    a.filters.dose_band = Some(crate::domain::evidence::DoseBand::From1To2e6);
    a.min_n = "5".into();
    a.filters.min_n = Some(5);
    a.filters.disease = "AML & co".into();
    a.filters.text = "le blanc".into();
    a.filters.arm = c.arms.first().copied();
    a.sort = Some(SortKey::Estimate);
    a.descending = true;
    a.hidden = vec![Column::Grade, Column::Basis];
    a.group = Grouping::DoseBand;
    a.split = true;
    a.leave_one_out = true;
    a.exclude_flagged = true;
    a.selected = vec!["r56".into(), "r57".into()];
    a.chart = ChartKind::DoseResponse;
    a.page = 2;
    let link = query(&a, "2023.1");
    let (back, notices) = from_query(&link, &c, "2023.1");
    assert_eq!(notices, Vec::<String>::new(), "{link}");
    assert_eq!(back, a, "{link}");
    for param in PARAMS {
        assert!(
            link.contains(&format!("&{}=", param.name)),
            "{} is not in {link}: the test must set every parameter",
            param.name
        );
    }
}

#[test]
fn bad_and_unknown_parameters_are_named_and_the_rest_used() {
    let c = choices();
    let (a, notices) = from_query(
        "?m=happiness&ind=agvhd_treatment&src=moon&hide=dose,zz&sel=a,b,c,d,e&pg=0&zz=1&v=1999.1&desc=yes&sel=nope",
        &c,
        "2023.1",
    );
    assert_eq!(a.filters.indication, Some(Indication::AgvhdTreatment));
    assert_eq!(a.measure, Measure::Or, "unchanged");
    assert!(a.hidden.is_empty() && a.selected.is_empty() && a.page == 0);
    assert_eq!(notices.len(), 9, "{notices:#?}");
    assert!(notices[0].contains("“m=happiness”") && notices[0].contains("an outcome"));
    assert!(notices.iter().any(|n| n.contains("unknown parameter “zz”")));
    assert!(notices.iter().any(|n| n.contains("dataset 1999.1")));
    assert!(notices.iter().any(|n| n.contains("“nope” is none")));
}

/// Links people have shared since the first version: each must open the same view.
#[test]
fn links_shared_before_the_keys_were_written_out_still_open_the_same_view() {
    let c = choices();
    type Opens = fn(&Analysis) -> bool;
    let cases: &[(&str, Opens)] = &[
        ("?v=2023.1", |a| a == &Analysis::default()),
        ("?v=2023.1&m=overall-response", |a| a.measure == Measure::Or),
        ("?v=2023.1&m=agvhd-grade-ii-iv&ind=gvhd_prevention", |a| {
            a.measure == Measure::Agvhd2to4
                && a.filters.indication == Some(Indication::GvhdPrevention)
        }),
        (
            "?v=2023.1&m=complete-response&src=bone-marrow&ci=wilson&tau=dl&hk=1",
            |a| {
                a.measure == Measure::Cr
                    && a.filters.tissue == Some(crate::domain::data::Tissue::BoneMarrow)
                    && a.ci == CiMethod::Wilson
                    && a.options.tau2 == Tau2Method::DerSimonianLaird
                    && a.options.hartung_knapp
            },
        ),
        (
            "?v=2023.1&age=paediatric&band=1e6-2e6&arm=MSC&sort=estimate&desc=1",
            |a| {
                a.filters.age_group == Some(crate::domain::data::AgeGroup::Paediatric)
                    && a.filters.dose_band == Some(crate::domain::evidence::DoseBand::From1To2e6)
                    && a.filters.arm == Some(crate::domain::data::Arm::Msc)
                    && a.sort == Some(SortKey::Estimate)
                    && a.descending
            },
        ),
        (
            "?v=2023.1&hide=grade,basis&by=dose&split=1&loo=1&noflag=1&chart=dose&pg=3",
            |a| {
                a.hidden == [Column::Grade, Column::Basis]
                    && a.group == Grouping::DoseBand
                    && a.split
                    && a.leave_one_out
                    && a.exclude_flagged
                    && a.chart == ChartKind::DoseResponse
                    && a.page == 2
            },
        ),
        (
            "?v=2023.1&chart=engraftment&m=death&src=umbilical-cord",
            |a| {
                a.chart == ChartKind::Engraftment
                    && a.measure == Measure::Mortality
                    && a.filters.tissue == Some(crate::domain::data::Tissue::UmbilicalCord)
            },
        ),
        ("?v=2023.1&sort=n&minn=10&q=le+blanc&dis=AML", |a| {
            a.sort == Some(SortKey::N)
                && a.filters.min_n == Some(10)
                && a.filters.text == "le blanc"
                && a.filters.disease == "AML"
        }),
    ];
    for (link, opens) in cases {
        let (a, notices) = from_query(link, &c, "2023.1");
        assert_eq!(notices, Vec::<String>::new(), "{link}");
        assert!(opens(&a), "{link} opened {a:#?}");
        if !link.contains("ind=") {
            assert_eq!(a.filters.indication, None, "{link}: every indication");
        }
        let (back, _) = from_query(&query(&a, "2023.1"), &c, "2023.1");
        assert_eq!(back, a, "{link} prints back to the same view");
    }
}
