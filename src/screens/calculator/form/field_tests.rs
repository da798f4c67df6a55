use super::*;

#[test]
fn a_start_that_is_not_a_date_stays_out_of_the_date_input() {
    let mut form = CalculatorForm::new("2026-11-25");
    form.set(Field::Start, "1").unwrap();
    let eval = evaluate(&form, None);
    let start = form
        .field_states(&eval)
        .into_iter()
        .find(|f| f.id == "start")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some(""));
    assert!(start.error.is_some(), "the field says what is wrong");
    assert!(
        date_shaped("2028-02-29") && !date_shaped("2028-2-29") && !date_shaped("２０２８-02-29")
    );
}

#[test]
fn controls_change_the_form_and_ignore_nonsense() {
    let mut form = CalculatorForm::new("2026-11-25");
    form.set(Field::Weight, "70").unwrap();
    form.set(Field::WeightUnit, "lb").unwrap();
    assert_eq!(form.weight.text, "154.32");
    form.set(Field::Product, "obnitix").unwrap();
    assert!(form.set(Field::Product, "no-such-product").is_err());
    assert_eq!(form.product, ProductId::Obnitix);
    form.set(Field::Age, "adult").unwrap();
    form.set(Field::Indication, "cgvhd_treatment").unwrap();
    form.set(Field::CustomSchedule, "1").unwrap();
    assert_eq!(
        (form.age, form.indication, form.custom_schedule),
        (AgeBand::Adult, Indication::CgvhdTreatment, true)
    );
}

#[test]
fn field_states_show_errors_echoes_and_hide_unused_fields() {
    let mut form = CalculatorForm::new("2026-11-25");
    form.set(Field::Weight, "70,5").unwrap();
    let states = form.field_states(&evaluate(&form, None));
    let state = |id: &str| states.iter().find(|s| s.id == id).unwrap().clone();
    assert_eq!(
        state("weight").error.as_deref(),
        Some("Use a point for decimals: 70.5.")
    );
    assert_eq!(
        state("dose").echo.as_deref(),
        Some("Read as 2 × 10⁶ cells/kg")
    );
    assert!(!state("custom-cells").visible && !state("infusions").visible);
    form.set(Field::Product, "custom").unwrap();
    let states = form.field_states(&evaluate(&form, None));
    let state = |id: &str| states.iter().find(|s| s.id == id).unwrap().clone();
    assert!(state("custom-cells").visible && state("infusions").visible);
    assert!(
        !state("custom-schedule").visible,
        "a custom product always has a custom schedule"
    );
}
