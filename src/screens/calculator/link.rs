//! Share links: the state of a view as a query string and back. One module owns the
//! parameter names; printing leaves out defaults; parsing never fails — unknown or
//! malformed parameters are ignored and named in notices — and a link made with another
//! dataset version says so. Calculator inputs are kept as typed (text), so a link shows
//! exactly what its author saw, including a field's error.

use crate::domain::data::Indication;
use crate::domain::dose::{AgeBand, ProductId};
use crate::domain::encode::decode_query;
use crate::domain::encode::percent_encode_query;
use crate::domain::quantity::WeightUnit;
use crate::screens::calculator::form::CalculatorForm;

/// Parameter names, all in one place.
pub mod param {
    pub const DATASET: &str = "v";
    pub const STUDY: &str = "study";
    pub const WEIGHT: &str = "w";
    pub const UNIT: &str = "u";
    pub const AGE: &str = "age";
    pub const INDICATION: &str = "ind";
    pub const DOSE: &str = "dose";
    pub const PRODUCT: &str = "p";
    pub const CUSTOM_CELLS: &str = "cc";
    pub const CUSTOM_ML: &str = "cml";
    pub const CUSTOM_SCHEDULE: &str = "cs";
    pub const INFUSIONS: &str = "n";
    pub const INTERVAL: &str = "iv";
    pub const START: &str = "start";
}

/// What a link says, as far as the app understood it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `(name, value)` pairs the page can use, in link order.
    pub known: Vec<(String, String)>,
    /// Human-readable notices: unknown parameters, bad values, another dataset version.
    pub notices: Vec<String>,
}

/// The calculator's parameters, printed from the form (defaults left out).
pub fn calculator_query(form: &CalculatorForm, defaults: &CalculatorForm, dataset: &str) -> String {
    let mut pairs: Vec<(&str, String)> = vec![(param::DATASET, dataset.to_string())];
    let mut text = |name: &'static str, value: &str, default: &str| {
        if value != default {
            pairs.push((name, value.to_string()));
        }
    };
    text(param::WEIGHT, &form.weight.text, &defaults.weight.text);
    text(
        param::UNIT,
        form.weight.unit.symbol(),
        defaults.weight.unit.symbol(),
    );
    text(param::AGE, form.age.key(), defaults.age.key());
    text(
        param::INDICATION,
        form.indication.key(),
        defaults.indication.key(),
    );
    text(param::DOSE, &form.dose, &defaults.dose);
    text(param::PRODUCT, form.product.key(), defaults.product.key());
    text(
        param::CUSTOM_CELLS,
        &form.custom_cells,
        &defaults.custom_cells,
    );
    text(param::CUSTOM_ML, &form.custom_ml, &defaults.custom_ml);
    text(
        param::CUSTOM_SCHEDULE,
        if form.custom_schedule { "1" } else { "0" },
        if defaults.custom_schedule { "1" } else { "0" },
    );
    text(param::INFUSIONS, &form.infusions, &defaults.infusions);
    text(
        param::INTERVAL,
        &form.interval_days,
        &defaults.interval_days,
    );
    text(param::START, &form.start, &defaults.start);
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

/// Applies a calculator link to a fresh form; returns the notices.
pub fn apply_calculator(search: &str, form: &mut CalculatorForm, dataset: &str) -> Vec<String> {
    let mut notices = Vec::new();
    fn bad(name: &str, value: &str, expected: &str) -> String {
        format!("The link's “{name}={value}” was ignored: expected {expected}.")
    }
    for (name, value) in decode_query(search) {
        match name.as_str() {
            param::DATASET => {
                if value != dataset {
                    notices.push(format!(
                        "This link was made with dataset {value}; the app has dataset {dataset}, so studied doses and studies may differ."
                    ));
                }
            }
            param::WEIGHT => form.weight.edit(&value),
            param::UNIT => match value.as_str() {
                "kg" => {
                    form.weight = crate::screens::calculator::form::WeightField::new(
                        &form.weight.text,
                        WeightUnit::Kg,
                    )
                }
                "lb" => {
                    form.weight = crate::screens::calculator::form::WeightField::new(
                        &form.weight.text,
                        WeightUnit::Lb,
                    )
                }
                _ => notices.push(bad(&name, &value, "kg or lb")),
            },
            param::AGE => match AgeBand::from_key(&value) {
                Some(age) => form.age = age,
                None => notices.push(bad(&name, &value, "infant, child or adult")),
            },
            param::INDICATION => match Indication::ALL.into_iter().find(|i| i.key() == value) {
                Some(indication) => form.indication = indication,
                None => notices.push(bad(&name, &value, "an indication of the dataset")),
            },
            param::DOSE => form.dose = value,
            param::PRODUCT => match ProductId::from_key(&value) {
                Some(product) => form.product = product,
                None => notices.push(bad(&name, &value, "ryoncil, temcell, obnitix or custom")),
            },
            param::CUSTOM_CELLS => form.custom_cells = value,
            param::CUSTOM_ML => form.custom_ml = value,
            param::CUSTOM_SCHEDULE => match value.as_str() {
                "1" => form.custom_schedule = true,
                "0" => form.custom_schedule = false,
                _ => notices.push(bad(&name, &value, "1 or 0")),
            },
            param::INFUSIONS => form.infusions = value,
            param::INTERVAL => form.interval_days = value,
            param::START => form.start = value,
            _ => notices.push(format!(
                "The link's unknown parameter “{name}” was ignored."
            )),
        }
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

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
        form.set("weight", "70,5", false);
        form.set("weight-unit", "lb", false);
        form.set("product", "custom", false);
        form.set("dose", "2 × 10^6", false);
        form.set("custom-cells", "25 million", false);
        form.set("custom-ml", "3.8 mL", false);
        form.set("custom-schedule", "", true);
        form.set("infusions", "4", false);
        form.set("start", "2028-02-29", false);
        form.set("age", "adult", false);
        form.set("indication", "cgvhd_treatment", false);
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
