use super::*;
use crate::domain::data::evidence;

fn form() -> CalculatorForm {
    let mut form = CalculatorForm::new("2026-11-25");
    form.weight.edit("23.4");
    form
}

#[test]
fn a_complete_form_gives_a_plan_and_a_placement() {
    let eval = evaluate(&form(), evidence().ok());
    assert!(!eval.errors.any() && eval.missing.is_empty(), "{eval:?}");
    assert_eq!(eval.dose_per_kg, Some(2e6));
    let plan = eval.plan.unwrap().unwrap();
    assert_eq!(plan.course.len(), 8);
    assert_eq!(eval.placement.unwrap().doses.len(), 14);
}

#[test]
fn empty_fields_are_asked_for_and_bad_ones_explained_with_no_plan() {
    let mut f = CalculatorForm::new("2026-11-25");
    let eval = evaluate(&f, None);
    assert_eq!(eval.missing, ["the patient's weight"]);
    assert_eq!(eval.errors, FieldErrors::default());
    assert!(eval.plan.is_none());
    f.weight.edit("70,5");
    f.dose = "lots".into();
    let eval = evaluate(&f, None);
    assert_eq!(
        eval.errors.weight.as_deref(),
        Some("Use a point for decimals: 70.5.")
    );
    assert_eq!(eval.errors.dose.as_deref(), Some("“lots” is not a number."));
    assert!(eval.plan.is_none() && eval.placement.is_none());
}

#[test]
fn switching_units_keeps_the_weight() {
    let mut w = WeightField::new("70", WeightUnit::Kg);
    w.switch(WeightUnit::Lb);
    assert_eq!(w.text, "154.32");
    assert_eq!(
        w.kg,
        Ok(70.0),
        "kg kept exactly, not re-read from the rounded text"
    );
    w.switch(WeightUnit::Kg);
    assert_eq!((w.text.as_str(), w.kg.clone()), ("70", Ok(70.0)));
    let mut bad = WeightField::new("abc", WeightUnit::Kg);
    bad.switch(WeightUnit::Lb);
    assert_eq!(bad.text, "abc");
    assert_eq!(bad.unit, WeightUnit::Lb);
}

#[test]
fn custom_products_need_their_container_and_schedule() {
    let mut f = form();
    f.product = ProductId::Custom;
    let eval = evaluate(&f, None);
    assert_eq!(
        eval.missing,
        ["the cells per container", "the volume per container"]
    );
    f.custom_cells = "20 million".into();
    f.custom_ml = "5 mL".into();
    let eval = evaluate(&f, None);
    let plan = eval.plan.unwrap().unwrap();
    assert_eq!(
        plan.course.len(),
        8,
        "the default custom schedule: 8 infusions"
    );
    assert_eq!(plan.course[1].day, 8, "every 7 days");
    f.custom_ml = "5 mg".into();
    assert!(evaluate(&f, None)
        .errors
        .custom_ml
        .unwrap()
        .contains("“mg”"));
}

#[test]
fn whole_numbers_and_volumes() {
    assert_eq!(parse_whole("8", 1, 52), Ok(8));
    assert!(parse_whole("0", 1, 52).is_err());
    assert!(parse_whole("2.5", 1, 52).is_err());
    assert_eq!(parse_millilitres("3.8 mL"), Ok(3.8));
    assert_eq!(parse_millilitres("3.8"), Ok(3.8));
    assert!(parse_millilitres("-1").is_err());
}

#[test]
fn obnitix_shows_the_dose_its_bags_give_instead_of_a_dose_field() {
    let mut f = form();
    f.set(Field::Product, "obnitix").unwrap();
    f.set(Field::Weight, "95").unwrap();
    f.set(Field::Dose, "lots").unwrap();
    let eval = evaluate(&f, evidence().ok());
    assert_eq!(
        eval.errors,
        FieldErrors::default(),
        "a typed dose is not read"
    );
    assert_eq!(eval.dose_rule, DoseRule::ByWeightBand);
    assert!((eval.dose_per_kg.unwrap() - 120e6 / 95.0).abs() < 1e-6);
    let plan = eval.plan.clone().unwrap().unwrap();
    assert_eq!(plan.cells_per_infusion, 120e6);
    assert!(eval.placement.is_some(), "placed at the effective dose");
    let states = f.field_states(&eval);
    let state = |id: &str| states.iter().find(|s| s.id == id).unwrap().clone();
    assert!(!state("dose").visible);
    let effective = state("dose-effective");
    assert!(effective.visible);
    assert_eq!(
        effective.echo.as_deref(),
        Some("1.26 × 10⁶ cells/kg: 2 × Obnitix 60 = 1.2 × 10⁸ cells for 91–120 kg, the whole content. Set by the label's weight band, not a choice.")
    );
    f.set(Field::Weight, "121").unwrap();
    let eval = evaluate(&f, None);
    assert!(matches!(
        eval.plan,
        Some(Err(PlanError::WeightOutsideBands { .. }))
    ));
    assert_eq!(eval.dose_per_kg, None);
    let states = f.field_states(&eval);
    let effective = states.iter().find(|s| s.id == "dose-effective").unwrap();
    assert!(effective
        .echo
        .as_deref()
        .unwrap()
        .starts_with("121 kg is outside"));
    f.set(Field::Weight, "").unwrap();
    let eval = evaluate(&f, None);
    assert_eq!(eval.missing, ["the patient's weight"]);
    assert_eq!(
        effective_dose_text(&eval),
        "Set by the label's weight band: enter the patient's weight."
    );
    f.set(Field::Product, "ryoncil").unwrap();
    let states = f.field_states(&evaluate(&f, None));
    let state = |id: &str| states.iter().find(|s| s.id == id).unwrap().clone();
    assert!(state("dose").visible && !state("dose-effective").visible);
}

#[test]
fn a_bad_start_date_is_explained() {
    let mut f = form();
    f.start = "2026-02-30".into();
    let eval = evaluate(&f, None);
    assert_eq!(
        eval.errors.start.as_deref(),
        Some("2026-02-30 does not exist in the calendar.")
    );
    assert!(eval.plan.is_none());
}
