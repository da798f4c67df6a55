//! Property tests of the parsers and the dose arithmetic: no input makes a parser panic,
//! containers always hold the dose, and doses scale with weight.
#![cfg(not(target_arch = "wasm32"))]

use msc_hsct::core::calculator::{evaluate, CalculatorForm};
use msc_hsct::core::date::Date;
use msc_hsct::core::dose::{
    containers_needed, plan, AgeBand, PlanInput, ProductId, ScheduleChoice,
};
use msc_hsct::core::quantity::{parse_count, parse_dose_per_kg, parse_weight, WeightUnit};
use msc_hsct::core::route::{decode_query, Route};
use proptest::prelude::*;

/// Cases per property: `default` in the test command, more with PROPTEST_CASES
/// (`scripts/fuzz.sh` runs 100,000).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Strings near the formats people type, plus arbitrary Unicode.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 .,eE×x*^⁰¹²³⁴⁵⁶⁷⁸⁹⁻+-]{0,16}",
        "[0-9]{1,4}(\\.[0-9]{1,3})? ?(x|×|\\*) ?10\\^-?[0-9]{1,3}",
        "[0-9]{1,3}(,[0-9]{3}){0,4}",
        "[0-9.]{1,6} ?(million|mio|m|k|bn|billion|kg|lb|lbs|mL|cells/kg)",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(20_000)))]

    #[test]
    fn parsers_never_panic(text in typed()) {
        let _ = parse_dose_per_kg(&text);
        let _ = parse_count(&text);
        let _ = parse_weight(&text, WeightUnit::Kg);
        let _ = parse_weight(&text, WeightUnit::Lb);
        let _ = Date::parse(&text);
        let _ = decode_query(&text);
        let _ = Route::parse("/msc", &text, &text);
    }

    #[test]
    fn accepted_doses_are_finite_and_in_range(text in typed()) {
        if let Ok(dose) = parse_dose_per_kg(&text) {
            prop_assert!(dose.is_finite() && (1e3..=1e10).contains(&dose));
        }
        if let Ok(kg) = parse_weight(&text, WeightUnit::Lb) {
            prop_assert!((0.3..=350.0).contains(&kg));
        }
    }

    #[test]
    fn the_form_never_panics(weight in typed(), dose in typed(), cells in typed(), ml in typed(), n in typed(), start in typed()) {
        let mut form = CalculatorForm::new("2026-11-25");
        form.weight.edit(&weight);
        form.dose = dose;
        form.product = ProductId::Custom;
        form.custom_cells = cells;
        form.custom_ml = ml;
        form.infusions = n.clone();
        form.interval_days = n;
        form.start = start;
        let _ = evaluate(&form, None);
    }
}

fn plan_for(product: ProductId, kg: f64, dose: f64) -> PlanInput {
    PlanInput {
        weight_kg: kg,
        age: AgeBand::Child,
        dose_per_kg: dose,
        product,
        custom_container: Some((25e6, 4.0)),
        schedule: ScheduleChoice::Custom {
            infusions: 4,
            interval_days: 7,
        },
        start: Date::parse("2028-02-27").unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(5_000)))]

    #[test]
    fn containers_hold_at_least_the_dose(cells in 1.0f64..1e12, per in 1.0f64..1e10) {
        let count = containers_needed(cells, per);
        prop_assert!(f64::from(count) * per >= cells * (1.0 - 1e-9));
        prop_assert!(count == 0 || f64::from(count - 1) * per < cells * (1.0 + 1e-9), "not one container too many");
    }

    #[test]
    fn plans_scale_linearly_with_weight(kg in 1.0f64..150.0, dose in 1e5f64..1e7, product in prop_oneof![Just(ProductId::Ryoncil), Just(ProductId::Temcell), Just(ProductId::Custom)]) {
        let one = plan(&plan_for(product, kg, dose)).unwrap();
        let two = plan(&plan_for(product, 2.0 * kg, dose)).unwrap();
        prop_assert!((two.cells_per_infusion - 2.0 * one.cells_per_infusion).abs() <= one.cells_per_infusion * 1e-12);
        prop_assert!((two.cells_per_course - 2.0 * one.cells_per_course).abs() <= one.cells_per_course * 1e-12);
        let (c1, c2) = (one.containers.unwrap(), two.containers.unwrap());
        if let (Some(v1), Some(v2)) = (c1.volume_ml, c2.volume_ml) {
            prop_assert!((v2 - 2.0 * v1).abs() <= v1 * 1e-12);
        }
        prop_assert!(c1.cells_thawed >= one.cells_per_infusion * (1.0 - 1e-9));
        prop_assert!(c2.cells_left >= 0.0);
    }
}

mod share_links {
    use super::cases;
    use msc_hsct::core::calculator::CalculatorForm;
    use msc_hsct::core::share::{apply_calculator, calculator_query};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ -~]{0,12}", "[0-9.,e×x^ ]{0,10}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(5_000)))]

        #[test]
        fn any_query_string_applies_without_panicking(query in any::<String>(), form_query in "(\\??([a-z]{1,5}=[^&]{0,8}&?){0,6})") {
            let mut form = CalculatorForm::new("2026-11-25");
            let _ = apply_calculator(&query, &mut form, "2023.1");
            let _ = apply_calculator(&form_query, &mut form, "2023.1");
        }

        #[test]
        fn every_form_round_trips_through_its_link(
            weight in text(), dose in text(), cells in text(), ml in text(), n in text(), interval in text(), start in text(),
            unit in prop_oneof![Just("kg"), Just("lb")],
            age in prop_oneof![Just("infant"), Just("child"), Just("adult")],
            product in prop_oneof![Just("ryoncil"), Just("temcell"), Just("obnitix"), Just("custom")],
            indication in prop_oneof![Just("engraftment"), Just("agvhd_treatment"), Just("cgvhd_treatment"), Just("dsc")],
            custom in any::<bool>(),
        ) {
            let defaults = CalculatorForm::new("2026-11-25");
            let mut form = defaults.clone();
            form.set("weight-unit", unit, false);
            form.set("weight", &weight, false);
            for (id, value) in [("dose", &dose), ("custom-cells", &cells), ("custom-ml", &ml), ("infusions", &n), ("interval", &interval), ("start", &start)] {
                form.set(id, value, false);
            }
            form.set("age", age, false);
            form.set("product", product, false);
            form.set("indication", indication, false);
            form.set("custom-schedule", "", custom);
            let link = calculator_query(&form, &defaults, "2023.1");
            let mut back = defaults.clone();
            let notices = apply_calculator(&link, &mut back, "2023.1");
            prop_assert!(notices.is_empty(), "{:?}", notices);
            prop_assert_eq!(back, form);
        }
    }
}
