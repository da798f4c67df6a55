use super::*;

fn input(product: ProductId, kg: f64, dose: f64) -> PlanInput {
    PlanInput {
        weight_kg: kg,
        age: AgeBand::Child,
        dose_per_kg: Some(dose),
        product,
        custom_container: None,
        schedule: ScheduleChoice::Label,
        start: Date::parse("2026-11-25").unwrap(),
    }
}

fn obnitix(kg: f64) -> Result<Plan, PlanError> {
    plan(&PlanInput {
        dose_per_kg: None,
        age: AgeBand::Adult,
        ..input(ProductId::Obnitix, kg, 0.0)
    })
}

fn kinds(plan: &Plan) -> Vec<WarningKind> {
    plan.warnings.iter().map(|w| w.kind).collect()
}

/// Every line's provenance, by figure.
fn provenances(plan: &Plan) -> Vec<(Figure, Provenance)> {
    plan.lines
        .iter()
        .map(|l| (l.figure, l.provenance))
        .collect()
}

use Figure as F;
use Provenance::{Derived, Label, User};

#[test]
fn a_23_4_kg_child_on_ryoncil() {
    // By hand: 23.4 × 2e6 = 46.8e6 cells; a vial holds 6.68e6 × 3.8 = 25.384e6,
    // so 2 vials (50.768e6), 3.968e6 left; 46.8e6 / 6.68e6 = 7.006 mL.
    let plan = plan(&input(ProductId::Ryoncil, 23.4, 2e6)).unwrap();
    assert!((plan.cells_per_infusion - 46.8e6).abs() < 1.0);
    let c = plan.containers.as_ref().unwrap();
    assert_eq!((c.count, c.description.as_str()), (2, "2 vials"));
    assert!((c.cells_thawed - 50.768e6).abs() < 1.0);
    assert!((c.cells_left - 3.968e6).abs() < 1.0);
    assert!(!c.whole_content);
    assert!((c.volume_ml.unwrap() - 7.005_988).abs() < 1e-5);
    assert_eq!(plan.course.len(), 8);
    let days: Vec<i64> = plan.course.iter().map(|i| i.day).collect();
    assert_eq!(days, [1, 4, 8, 11, 15, 18, 22, 25]);
    assert_eq!(plan.course[0].date.iso(), "2026-11-25");
    assert_eq!(plan.course[7].date.iso(), "2026-12-19");
    assert_eq!(
        plan.assessment.map(|(d, date)| (d, date.iso())),
        Some((28, "2026-12-22".to_string()))
    );
    assert_eq!(plan.branches.len(), 3);
    assert_eq!(plan.branches[0].action, "stop");
    assert_eq!(
        plan.branches[1]
            .infusions
            .iter()
            .map(|i| i.date.iso())
            .collect::<Vec<_>>(),
        ["2026-12-23", "2026-12-30", "2027-01-06", "2027-01-13"]
    );
    assert_eq!(plan.branches[2].infusions.len(), 8);
    assert!((plan.cells_per_course - 8.0 * 46.8e6).abs() < 8.0);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert!(
        plan.steps.iter().any(|s| s
            == "Vials = ceil(4.68 × 10⁷ / 2.54 × 10⁷) = 2 (derived: ceil(cells / cells per vial))"),
        "{:?}",
        plan.steps
    );
}

#[test]
fn ryoncil_lines_say_what_the_label_fixes() {
    let plan = plan(&input(ProductId::Ryoncil, 23.4, 2e6)).unwrap();
    assert_eq!(
        provenances(&plan),
        [
            (F::Weight, User),
            (F::DosePerKg, Label),
            (F::CellsPerInfusion, Derived),
            (F::CellsPerContainer, Derived),
            (F::Containers, Derived),
            (F::CellsLeft, Derived),
            (F::VolumeToDraw, Derived),
            (F::Schedule, Label),
            (F::StartDate, User),
            (F::Calendar, Derived),
            (F::CellsPerCourse, Derived),
        ]
    );
    assert_eq!(plan.dose_rule, DoseRule::PerKg(2e6));
    assert_eq!(
        plan.line(F::Containers).unwrap().basis,
        "ceil(cells / cells per vial)"
    );
    assert_eq!(
        plan.line(F::CellsPerContainer).unwrap().value,
        "2.54 × 10⁷ cells per vial"
    );
    // A typed dose other than the label's is the user's choice, and warned about.
    let off = super::plan(&input(ProductId::Ryoncil, 23.4, 3e6)).unwrap();
    assert_eq!(off.provenance(F::DosePerKg), Some(User));
    assert_eq!(kinds(&off), [WarningKind::DoseAboveLabel]);
}

#[test]
fn a_70_kg_adult_on_temcell() {
    // 70 × 2e6 = 140e6; bags of 72e6 → 2 bags (144e6), 4e6 left;
    // 140e6 / (72e6 / 10.8 mL) = 21 mL of product; diluted: 140e6 / (72e6 / 28.8) = 56 mL.
    let mut i = input(ProductId::Temcell, 70.0, 2e6);
    i.age = AgeBand::Adult;
    let plan = plan(&i).unwrap();
    let c = plan.containers.as_ref().unwrap();
    assert_eq!(c.count, 2);
    assert!((c.cells_left - 4e6).abs() < 1.0);
    assert!((c.volume_ml.unwrap() - 21.0).abs() < 1e-9);
    assert!((c.diluted_ml.unwrap() - 56.0).abs() < 1e-9);
    assert_eq!(plan.course.len(), 8);
    assert_eq!(plan.assessment, None);
    assert_eq!(plan.branches[0].infusions.len(), 4);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        provenances(&plan),
        [
            (F::Weight, User),
            (F::DosePerKg, Label),
            (F::CellsPerInfusion, Derived),
            (F::CellsPerContainer, Label),
            (F::Containers, Derived),
            (F::CellsLeft, Derived),
            (F::VolumeToDraw, Derived),
            (F::Diluent, Label),
            (F::DilutedVolume, Derived),
            (F::Schedule, Label),
            (F::StartDate, User),
            (F::Calendar, Derived),
            (F::CellsPerCourse, Derived),
        ]
    );
    assert_eq!(
        plan.line(F::CellsPerContainer).unwrap().value,
        "7.2 × 10⁷ cells per 10.8 mL bag"
    );
    assert_eq!(plan.line(F::Diluent).unwrap().value, "18 mL saline per bag");
    let low = super::plan(&input(ProductId::Temcell, 70.0, 1e6)).unwrap();
    assert_eq!(kinds(&low), [WarningKind::DoseBelowLabel]);
    assert_eq!(
        low.warnings[0].message,
        "1 × 10⁶ cells/kg is below the labelled 2 × 10⁶ cells/kg of TEMCELL HS Inj."
    );
}

#[test]
fn a_95_kg_adult_on_obnitix_gets_two_whole_bags() {
    // 91–120 kg → two Obnitix 60 = 1.2e8 cells, all of it given: 1.2e8 / 95 = 1.26e6/kg.
    let plan = obnitix(95.0).unwrap();
    assert_eq!(plan.dose_rule, DoseRule::ByWeightBand);
    assert!((plan.cells_per_infusion - 120e6).abs() < 1e-6);
    assert!((plan.dose_per_kg - 120e6 / 95.0).abs() < 1e-6);
    let c = plan.containers.as_ref().unwrap();
    assert_eq!(
        (c.count, c.description.as_str()),
        (2, "2 × Obnitix 60 (6 × 10⁷ cells each)")
    );
    assert_eq!((c.cells_thawed, c.cells_left), (120e6, 0.0));
    assert!(c.whole_content);
    assert_eq!((c.volume_ml, c.diluted_ml), (None, None));
    assert_eq!(
        plan.course.iter().map(|i| i.day).collect::<Vec<_>>(),
        [1, 8, 15, 22]
    );
    assert!((plan.cells_per_course - 4.0 * 120e6).abs() < 1e-6);
    assert_eq!(
        plan.line(F::DosePerKg).unwrap().value,
        "1.26 × 10⁶ cells/kg"
    );
    assert_eq!(
        plan.line(F::CellsPerInfusion).unwrap().value,
        "1.2 × 10⁸ cells"
    );
    assert!(
        plan.steps
            .iter()
            .any(|s| s == "Dose per kg = 1.2 × 10⁸ / 95 kg = 1.26 × 10⁶ cells/kg (derived; the label's range is 1 × 10⁶–2 × 10⁶ cells/kg)"),
        "{:?}",
        plan.steps
    );
    assert!(
        !plan
            .steps
            .iter()
            .any(|s| s.contains("thawed but not given")),
        "{:?}",
        plan.steps
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(
        provenances(&plan),
        [
            (F::Weight, User),
            (F::DosePerKg, Derived),
            (F::CellsPerInfusion, Derived),
            (F::Containers, Label),
            (F::CellsLeft, Label),
            (F::Administration, Label),
            (F::Schedule, Label),
            (F::StartDate, User),
            (F::Calendar, Derived),
            (F::CellsPerCourse, Derived),
        ]
    );
}

#[test]
fn obnitix_ignores_a_typed_dose() {
    let typed = plan(&PlanInput {
        age: AgeBand::Adult,
        ..input(ProductId::Obnitix, 95.0, 5e6)
    })
    .unwrap();
    assert_eq!(typed, obnitix(95.0).unwrap());
}

#[test]
fn obnitix_at_every_band_edge() {
    // (kg, bags' cells, dose per kg, warnings)
    let between = vec![WarningKind::WeightBetweenBands];
    let cases: [(f64, f64, Vec<WarningKind>); 9] = [
        (15.0, 30e6, vec![]),
        (30.0, 30e6, vec![]),
        (30.5, 60e6, between.clone()),
        (31.0, 60e6, vec![]),
        (60.0, 60e6, vec![]),
        (61.0, 90e6, vec![]),
        (90.0, 90e6, vec![]),
        (91.0, 120e6, vec![]),
        (120.0, 120e6, vec![]),
    ];
    for (kg, cells, warnings) in cases {
        let plan = obnitix(kg).unwrap();
        assert_eq!(plan.cells_per_infusion, cells, "{kg} kg");
        assert!((plan.dose_per_kg - cells / kg).abs() < 1e-6, "{kg} kg");
        assert!(
            (1e6..=2e6 + 1e-3).contains(&plan.dose_per_kg),
            "{kg} kg: {}",
            plan.dose_per_kg
        );
        assert_eq!(kinds(&plan), warnings, "{kg} kg");
        assert_eq!(plan.containers.unwrap().cells_left, 0.0);
    }
    assert_eq!(
        obnitix(15.0).unwrap().containers.unwrap().description,
        "1 × Obnitix 30 (3 × 10⁷ cells)"
    );
    assert_eq!(
        obnitix(15.0).unwrap().line(F::DosePerKg).unwrap().value,
        "2 × 10⁶ cells/kg"
    );
    assert_eq!(
        obnitix(30.0).unwrap().line(F::DosePerKg).unwrap().value,
        "1 × 10⁶ cells/kg"
    );
    for kg in [120.5, 14.9, 121.0, 0.5, 300.0] {
        let error = obnitix(kg).unwrap_err();
        assert!(
            matches!(
                error,
                PlanError::WeightOutsideBands {
                    low: 15.0,
                    high: 120.0,
                    ..
                }
            ),
            "{kg} kg: {error:?}"
        );
    }
    assert_eq!(
        obnitix(120.5).unwrap_err().to_string(),
        "120.5 kg is outside the label's weight bands for Obnitix (15–120 kg): the label names no bag for this weight, so no plan is made. An off-label plan can be made with the custom product."
    );
    assert!(obnitix(14.9)
        .unwrap_err()
        .to_string()
        .starts_with("14.9 kg is outside"));
}

#[test]
fn a_weight_between_bands_states_both_bands() {
    let plan = obnitix(30.5).unwrap();
    assert_eq!(
        plan.warnings[0].message,
        "30.5 kg falls between the label's bands 15–30 kg and 31–60 kg. The plan uses the 31–60 kg band: 1 × Obnitix 60 gives 1.97 × 10⁶ cells/kg, within the labelled 1 × 10⁶–2 × 10⁶ cells/kg; the 15–30 kg band (1 × Obnitix 30) would give 9.84 × 10⁵ cells/kg, below it. Confirm the choice against the label."
    );
    for (kg, cells) in [(60.5, 90e6), (90.5, 120e6), (30.99, 60e6)] {
        let plan = obnitix(kg).unwrap();
        assert_eq!(plan.cells_per_infusion, cells, "{kg} kg");
        assert_eq!(kinds(&plan), [WarningKind::WeightBetweenBands], "{kg} kg");
    }
}

#[test]
fn the_band_table_keeps_every_labelled_weight_within_the_labelled_dose() {
    // Every weight from 15 to 120 kg in steps of 0.05 kg, between bands included.
    for step in 0..=2100 {
        let kg = 15.0 + f64::from(step) * 0.05;
        let plan = obnitix(kg).unwrap();
        assert!(
            !kinds(&plan).contains(&WarningKind::DoseAboveLabel)
                && !kinds(&plan).contains(&WarningKind::DoseBelowLabel),
            "{kg} kg: {:?}",
            plan.warnings
        );
    }
}

#[test]
fn effective_doses_outside_the_label_are_warned() {
    // The printed table never gives one, so a table that would: 40 kg on one bag of 30.
    static BANDS: [WeightBand; 1] = [WeightBand {
        low_kg: 20.0,
        high_kg: 60.0,
        bags: &[NamedBag {
            name: "Test 30",
            cells: 30e6,
        }],
    }];
    let info = ProductInfo {
        packaging: Packaging::WeightBands(&BANDS),
        ..product(ProductId::Obnitix).unwrap()
    };
    let low = packaging::pack(Some(&info), &info.packaging, 40.0, None).unwrap();
    assert_eq!(
        low.warnings
            .iter()
            .map(|w| (w.kind, w.message.as_str()))
            .collect::<Vec<_>>(),
        [(
            WarningKind::DoseBelowLabel,
            "The label's bags for this weight give 7.5 × 10⁵ cells/kg, below the labelled 1 × 10⁶–2 × 10⁶ cells/kg of Obnitix."
        )]
    );
    let high = packaging::pack(Some(&info), &info.packaging, 12.0, None);
    assert!(matches!(high, Err(PlanError::WeightOutsideBands { .. })));
    let high = packaging::pack(Some(&info), &info.packaging, 20.0 - 1e-12, None);
    assert!(high.is_err());
    let info = ProductInfo {
        labelled_dose: (1e6, 1.2e6),
        ..info
    };
    let high = packaging::pack(Some(&info), &info.packaging, 20.0, None).unwrap();
    assert_eq!(high.warnings[0].kind, WarningKind::DoseAboveLabel);
}

#[test]
fn band_dose_for_the_form() {
    let b = band_dose(ProductId::Obnitix, 95.0).unwrap().unwrap();
    assert_eq!(
        (b.cells, b.band.bags_text()),
        (120e6, "2 × Obnitix 60".to_string())
    );
    assert!(band_dose(ProductId::Obnitix, 121.0).unwrap().is_err());
    assert!(band_dose(ProductId::Ryoncil, 95.0).is_none());
    assert_eq!(ProductId::Obnitix.dose_rule(), DoseRule::ByWeightBand);
    assert_eq!(ProductId::Temcell.dose_rule(), DoseRule::PerKg(2e6));
    assert_eq!(ProductId::Custom.dose_rule(), DoseRule::Chosen);
}

#[test]
fn warnings_say_why() {
    let plan_for = |product, kg, dose| plan(&input(product, kg, dose)).unwrap();
    let high = plan_for(ProductId::Ryoncil, 20.0, 3e6);
    assert_eq!(kinds(&high), [WarningKind::DoseAboveLabel]);
    assert_eq!(
        high.warnings[0].message,
        "3 × 10⁶ cells/kg is above the labelled 2 × 10⁶ cells/kg of Ryoncil."
    );
    let mut adult = input(ProductId::Ryoncil, 70.0, 2e6);
    adult.age = AgeBand::Adult;
    assert_eq!(
        kinds(&plan(&adult).unwrap()),
        [WarningKind::AgeOutsidePopulation]
    );
    let mut infant = input(ProductId::Ryoncil, 4.0, 2e6);
    infant.age = AgeBand::Infant;
    assert_eq!(
        kinds(&plan(&infant).unwrap()),
        [WarningKind::AgeOutsidePopulation]
    );
    let mut fast = input(ProductId::Temcell, 30.0, 2e6);
    fast.schedule = ScheduleChoice::Custom {
        infusions: 6,
        interval_days: 2,
    };
    let fast = plan(&fast).unwrap();
    assert_eq!(kinds(&fast), [WarningKind::IntervalTooShort]);
    assert_eq!(
        fast.course.iter().map(|i| i.day).collect::<Vec<_>>(),
        [1, 3, 5, 7, 9, 11]
    );
    assert_eq!(fast.provenance(F::Schedule), Some(User));
}

#[test]
fn custom_products_and_schedules() {
    let mut i = input(ProductId::Custom, 50.0, 1e6);
    assert_eq!(plan(&i), Err(PlanError::MissingCustomContainer));
    i.custom_container = Some((20e6, 5.0));
    assert_eq!(plan(&i), Err(PlanError::NoSchedule));
    i.schedule = ScheduleChoice::Custom {
        infusions: 3,
        interval_days: 7,
    };
    let p = plan(&i).unwrap();
    let c = p.containers.as_ref().unwrap();
    assert_eq!(c.count, 3, "50e6 / 20e6 = 2.5 → 3");
    assert!((c.volume_ml.unwrap() - 12.5).abs() < 1e-9);
    assert_eq!(p.course.len(), 3);
    assert!(p.warnings.is_empty(), "no label to check against");
    assert_eq!(
        provenances(&p),
        [
            (F::Weight, User),
            (F::DosePerKg, User),
            (F::CellsPerInfusion, Derived),
            (F::CellsPerContainer, User),
            (F::Containers, Derived),
            (F::CellsLeft, Derived),
            (F::VolumeToDraw, Derived),
            (F::Schedule, User),
            (F::StartDate, User),
            (F::Calendar, Derived),
            (F::CellsPerCourse, Derived),
        ]
    );
    assert_eq!(
        plan(&PlanInput {
            dose_per_kg: None,
            ..i.clone()
        }),
        Err(PlanError::MissingDose)
    );
    i.schedule = ScheduleChoice::Custom {
        infusions: 0,
        interval_days: 7,
    };
    assert!(matches!(
        plan(&i),
        Err(PlanError::ScheduleOutOfRange { .. })
    ));
}

#[test]
fn exact_multiples_do_not_thaw_an_extra_container() {
    assert_eq!(containers_needed(72e6, 72e6), 1);
    assert_eq!(containers_needed(144e6, 72e6), 2);
    assert_eq!(
        containers_needed(0.1 * 3.0 * 1e9, 0.3e9),
        1,
        "floating point noise"
    );
    assert_eq!(containers_needed(72e6 + 1.0, 72e6), 2);
    assert_eq!(containers_needed(0.0, 72e6), 0);
    assert_eq!(containers_needed(f64::NAN, 72e6), 0);
}

#[test]
fn every_product_cites_its_label() {
    for id in [ProductId::Ryoncil, ProductId::Temcell, ProductId::Obnitix] {
        let info = product(id).unwrap();
        assert!(!info.figures.is_empty());
        assert_eq!(ProductId::from_key(id.key()), Some(id));
        for group in info.figures {
            let c = group.citation;
            assert!(!group.figures.is_empty());
            assert!(!c.issuer.is_empty() && !c.document.is_empty() && !c.section.is_empty());
            let text = c.text();
            for shown in group.figures.iter().copied().chain([text.as_str()]) {
                assert!(!shown.to_lowercase().contains("brief"), "{shown}");
            }
        }
    }
    assert!(product(ProductId::Custom).is_none());
    let cite = |id| {
        product(id)
            .unwrap()
            .citations()
            .iter()
            .map(Citation::text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cite(ProductId::Ryoncil),
        [
            "Mesoblast, Inc.; US Food and Drug Administration (FDA), Ryoncil (remestemcel-L-rknd) US Prescribing Information (Initial U.S. Approval: 2024; revision date not recorded in MSC·HSCT), section 2, Dosage and Administration",
            "Mesoblast, Inc.; US Food and Drug Administration (FDA), Ryoncil (remestemcel-L-rknd) US Prescribing Information (Initial U.S. Approval: 2024; revision date not recorded in MSC·HSCT), section 3, Dosage Forms and Strengths, and 16, How Supplied/Storage and Handling",
            "Mesoblast, Inc.; US Food and Drug Administration (FDA), Ryoncil (remestemcel-L-rknd) US Prescribing Information (Initial U.S. Approval: 2024; revision date not recorded in MSC·HSCT), section 1, Indications and Usage",
        ]
    );
    let temcell = cite(ProductId::Temcell);
    assert_eq!(temcell.len(), 2);
    assert!(temcell
        .iter()
        .all(|c| c.starts_with("JCR Pharmaceuticals Co., Ltd.")
            && c.contains("PMDA")
            && c.contains("package insert")
            && c.contains(VERSION_UNKNOWN)));
    let obnitix = cite(ProductId::Obnitix);
    assert_eq!(obnitix.len(), 1);
    assert!(obnitix[0].starts_with("DRK-Blutspendedienst Baden-Württemberg–Hessen"));
    assert!(obnitix[0].contains("§4b AMG") && obnitix[0].contains("Fachinformation"));
    assert!(obnitix[0].contains(VERSION_UNKNOWN));
}
