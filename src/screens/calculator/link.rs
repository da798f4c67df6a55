//! Share links: the state of a view as a query string and back. One module owns the
//! parameter names; printing leaves out defaults; parsing never fails — unknown or
//! malformed parameters are ignored and named in notices — and a link made with another
//! dataset version says so. Calculator inputs are kept as typed (text), so a link shows
//! exactly what its author saw, including a field's error.

use crate::domain::encode::{decode_query, percent_encode_query};
use crate::screens::calculator::control::Field;
use crate::screens::calculator::form::CalculatorForm;
use crate::screens::screen::Expected;

/// Parameter names that are not a calculator control's (those are
/// [`Field::param`]).
pub mod param {
    pub const DATASET: &str = "v";
    pub const STUDY: &str = "study";
}

/// The calculator's parameters, printed from the form: every control whose value is not
/// the default's, in [`Field::ALL`] order.
pub fn calculator_query(form: &CalculatorForm, defaults: &CalculatorForm, dataset: &str) -> String {
    let mut pairs: Vec<(&str, String)> = vec![(param::DATASET, dataset.to_string())];
    for field in Field::ALL {
        let value = form.value(field);
        if value != defaults.value(field) {
            pairs.push((field.param(), value));
        }
    }
    print_pairs(&pairs)
}

/// `?a=1&b=x+y` from pairs (empty string when there are none).
pub fn print_pairs(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let body = pairs
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                percent_encode_query(name),
                percent_encode_query(value)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    format!("?{body}")
}

/// Applies a calculator link to a fresh form; returns a notice for each parameter it
/// ignored.
pub fn apply_calculator(search: &str, form: &mut CalculatorForm, dataset: &str) -> Vec<String> {
    let mut notices = Vec::new();
    for (name, value) in decode_query(search) {
        if name == param::DATASET {
            if value != dataset {
                notices.push(format!(
                    "This link was made with dataset {value}; the app has dataset {dataset}, so studied doses and studies may differ."
                ));
            }
            continue;
        }
        match Field::from_param(&name) {
            Some(field) => {
                if let Err(Expected(expected)) = form.read(field, &value) {
                    notices.push(format!(
                        "The link's “{name}={value}” was ignored: expected {expected}."
                    ));
                }
            }
            None => notices.push(format!(
                "The link's unknown parameter “{name}” was ignored."
            )),
        }
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dose::{AgeBand, ProductId};

    fn defaults() -> CalculatorForm {
        CalculatorForm::new("2026-11-25")
    }

    #[test]
    fn a_default_form_prints_only_the_dataset_version() {
        assert_eq!(
            calculator_query(&defaults(), &defaults(), "2023.1"),
            "?v=2023.1"
        );
    }

    #[test]
    fn a_form_round_trips_through_its_link() {
        let mut form = defaults();
        form.set(Field::Weight, "70,5").unwrap();
        form.set(Field::WeightUnit, "lb").unwrap();
        form.set(Field::Product, "custom").unwrap();
        form.set(Field::Dose, "2 × 10^6").unwrap();
        form.set(Field::CustomCells, "25 million").unwrap();
        form.set(Field::CustomMl, "3.8 mL").unwrap();
        form.set(Field::CustomSchedule, "1").unwrap();
        form.set(Field::Infusions, "4").unwrap();
        form.set(Field::Start, "2028-02-29").unwrap();
        form.set(Field::Age, "adult").unwrap();
        form.set(Field::Indication, "cgvhd_treatment").unwrap();
        let link = calculator_query(&form, &defaults(), "2023.1");
        let mut back = defaults();
        let notices = apply_calculator(&link, &mut back, "2023.1");
        assert_eq!(notices, Vec::<String>::new());
        assert_eq!(back, form);
    }

    #[test]
    fn bad_and_unknown_parameters_are_named_and_the_rest_used() {
        let mut form = defaults();
        let notices = apply_calculator(
            "?w=23.4&u=stone&p=aspirin&zz=1&v=2022.9&age=adult",
            &mut form,
            "2023.1",
        );
        assert_eq!(form.weight.kg, Ok(23.4));
        assert_eq!(form.age, AgeBand::Adult);
        assert_eq!(form.product, ProductId::Ryoncil, "unchanged");
        assert_eq!(notices.len(), 4, "{notices:?}");
        assert!(notices[0].contains("“u=stone”") && notices[0].contains("kg or lb"));
        assert!(notices.iter().any(|n| n.contains("unknown parameter “zz”")));
        assert!(notices.iter().any(|n| n.contains("dataset 2022.9")));
    }

    #[test]
    fn printing_encodes_what_needs_it() {
        assert_eq!(
            print_pairs(&[("w", "70 kg".into()), ("dose", "2×10⁶&x".into())]),
            "?w=70+kg&dose=2%C3%9710%E2%81%B6%26x"
        );
        assert_eq!(print_pairs(&[]), "");
    }
}
