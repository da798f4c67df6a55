//! Property tests of the parsers and the dose arithmetic: no input makes a parser panic,
//! containers always hold the dose, and doses scale with weight.
#![cfg(not(target_arch = "wasm32"))]

use msc_hsct::domain::date::Date;
use msc_hsct::domain::dose::{
    containers_needed, plan, AgeBand, PlanInput, ProductId, ScheduleChoice,
};
use msc_hsct::domain::encode::decode_query;
use msc_hsct::domain::quantity::{parse_count, parse_dose_per_kg, parse_weight, WeightUnit};
use msc_hsct::screens::calculator::form::{evaluate, CalculatorForm};
use msc_hsct::screens::route::Route;
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
        dose_per_kg: Some(dose),
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
    use msc_hsct::screens::calculator::control::Field;
    use msc_hsct::screens::calculator::form::CalculatorForm;
    use msc_hsct::screens::calculator::link::{apply_calculator, calculator_query};
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
            form.set(Field::WeightUnit, unit).unwrap();
            form.set(Field::Weight, &weight).unwrap();
            for (field, value) in [(Field::Dose, &dose), (Field::CustomCells, &cells), (Field::CustomMl, &ml), (Field::Infusions, &n), (Field::Interval, &interval), (Field::Start, &start)] {
                form.set(field, value).unwrap();
            }
            form.set(Field::Age, age).unwrap();
            form.set(Field::Product, product).unwrap();
            form.set(Field::Indication, indication).unwrap();
            form.set(Field::CustomSchedule, if custom { "1" } else { "0" }).unwrap();
            let link = calculator_query(&form, &defaults, "2023.1");
            let mut back = defaults.clone();
            let notices = apply_calculator(&link, &mut back, "2023.1");
            prop_assert!(notices.is_empty(), "{:?}", notices);
            prop_assert_eq!(back, form);
        }
    }
}

mod analysis_links {
    use super::cases;
    use msc_hsct::domain::data::evidence;
    use msc_hsct::domain::evidence::{rows, SortKey};
    use msc_hsct::domain::keys::Keyed;
    use msc_hsct::screens::analysis::control::{apply, Control, Msg};
    use msc_hsct::screens::analysis::link::{from_query, query};
    use msc_hsct::screens::analysis::state::{Analysis, Choices, Column};
    use msc_hsct::screens::analysis::view::{chart_html, results_html};
    use msc_hsct::screens::Links;
    use proptest::prelude::*;

    fn keys<T: Keyed>() -> Vec<String> {
        T::ALL.iter().map(|t| t.key().to_string()).collect()
    }

    /// One message, with values drawn from what the form offers plus arbitrary text for
    /// the text fields.
    fn change(choices: &Choices) -> impl Strategy<Value = Msg> {
        let ids = choices.study_ids.clone();
        let measures: Vec<String> = choices
            .measures
            .iter()
            .map(|(m, _)| m.link_key().to_string())
            .collect();
        let indications: Vec<String> = choices
            .indications
            .iter()
            .map(|i| i.key().to_string())
            .collect();
        let tissues: Vec<String> = choices
            .tissues
            .iter()
            .map(|t| t.link_key().to_string())
            .collect();
        let grades = choices.grades.clone();
        let ages: Vec<String> = choices
            .ages
            .iter()
            .map(|a| a.link_key().to_string())
            .collect();
        let arms: Vec<String> = choices
            .arms
            .iter()
            .map(|a| a.link_key().to_string())
            .collect();
        let select = |control: Control, values: Vec<String>| {
            let mut values = values;
            values.push(String::new());
            proptest::sample::select(values).prop_map(move |v| Msg::Set(control, v))
        };
        let toggle = |control: Control| {
            any::<bool>().prop_map(move |c| Msg::Set(control, (if c { "1" } else { "0" }).into()))
        };
        let typed = |control: Control| any::<String>().prop_map(move |v| Msg::Set(control, v));
        prop_oneof![
            proptest::sample::select(measures).prop_map(|v| Msg::Set(Control::Measure, v)),
            select(Control::Indication, indications),
            select(Control::Source, tissues),
            select(Control::Grade, grades),
            select(Control::Age, ages),
            select(Control::Arm, arms),
            select(
                Control::Band,
                vec!["lt1e6".into(), "1e6-2e6".into(), "gt2e6".into()]
            ),
            select(Control::Sort, keys::<SortKey>()),
            select(Control::Ci, vec!["cp".into(), "wilson".into()]),
            select(Control::Tau2, vec!["reml".into(), "dl".into()]),
            proptest::sample::select(vec!["none", "source", "indication", "dose", "age"])
                .prop_map(|v| Msg::Set(Control::Group, v.into())),
            proptest::sample::select(vec!["forest", "dose", "engraftment"])
                .prop_map(|v| Msg::Set(Control::Chart, v.into())),
            toggle(Control::HartungKnapp),
            toggle(Control::Descending),
            toggle(Control::Split),
            toggle(Control::LeaveOneOut),
            toggle(Control::NoFlagged),
            (
                proptest::sample::select(Column::ALL.to_vec()),
                any::<bool>()
            )
                .prop_map(|(c, shown)| Msg::ShowColumn(c, shown)),
            proptest::sample::select(SortKey::ALL.to_vec()).prop_map(Msg::SortBy),
            typed(Control::MinN),
            typed(Control::Disease),
            typed(Control::Text),
            (proptest::sample::select(ids), any::<bool>()).prop_map(|(id, c)| Msg::Pick(id, c)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

        #[test]
        fn any_link_opens_and_renders_without_panicking(query in any::<String>(), shaped in "(\\??([a-z]{1,6}=[^&]{0,10}&?){0,8})") {
            let ev = evidence().unwrap();
            let choices = Choices::of(ev);
            for q in [&query, &shaped] {
                let (a, _) = from_query(q, &choices, "2023.1");
                let all = rows(ev, a.measure, a.ci);
                let summary = a.summarize(&all);
                let _ = results_html(&summary, &a, &all, &Links { base: String::new() });
                let _ = chart_html(ev, &summary, &a, 760.0, false);
                let _ = a.export_json(&summary);
            }
        }

        #[test]
        fn every_analysis_round_trips_through_its_link(changes in proptest::collection::vec(change(&Choices::of(evidence().unwrap())), 0..12), page in 0usize..5, opening in any::<bool>()) {
            let choices = Choices::of(evidence().unwrap());
            // From a link (every indication) or from the opening view (its indication
            // follows the outcome until one is chosen).
            let mut a = if opening { Analysis::opening(&choices) } else { Analysis::default() };
            for msg in &changes {
                let _ = apply(&mut a, msg, &choices);
            }
            a.page = page;
            let link = query(&a, "2023.1");
            let (back, notices) = from_query(&link, &choices, "2023.1");
            prop_assert!(notices.is_empty(), "{:?} from {}", notices, link);
            prop_assert!(!back.indication_follows, "a link names its indication");
            prop_assert_eq!(Analysis { indication_follows: a.indication_follows, ..back }, a);
        }
    }
}
