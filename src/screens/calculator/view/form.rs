//! The calculator's form: its text fields, choices and the checkbox, each showing the state
//! `CalculatorForm::field_states` gives it.

use crate::domain::data::Indication;
use crate::domain::dose::{product, AgeBand, ProductId};
use crate::html;
use crate::html::widgets::{checkbox_field, select, TextField};
use crate::html::Html;
use crate::screens::calculator::control::Field;
use crate::screens::field::FieldState;

/// The calculator's form showing `states` (values, errors, echoes, visibility); the
/// binder keeps them in step with `CalculatorForm::field_states` after every change.
pub fn form_html(states: &[FieldState]) -> Html {
    let ages: Vec<(&str, &str)> = AgeBand::ALL.iter().map(|a| (a.key(), a.label())).collect();
    let indications: Vec<(&str, &str)> = Indication::ALL
        .iter()
        .filter(|i| **i != Indication::Background)
        .map(|i| (i.key(), i.label()))
        .collect();
    let names = product_names();
    let products = ProductId::ALL
        .iter()
        .zip(&names)
        .map(|(p, n)| (p.key(), n.as_str()));
    let choose = |field: Field, testid: &str, options: Vec<(&str, &str)>| {
        select(
            field.key(),
            testid,
            field.label(),
            options,
            &value(states, field),
        )
    };
    let text = |field: Field, inputmode: &str, kind: &str| {
        text_field(states, field, None, inputmode, kind, None)
    };
    let schedule = state(states, Field::CustomSchedule);
    html!(
        r#"<fieldset><legend>Patient</legend>{}{}</fieldset><fieldset><legend>Treatment</legend>{}{}{}{}{}{}{}{}{}{}</fieldset>"#,
        text_field(
            states,
            Field::Weight,
            None,
            "decimal",
            "text",
            Some(weight_unit_html(&value(states, Field::WeightUnit)))
        ),
        choose(Field::Age, "age", ages),
        choose(Field::Indication, "indication", indications),
        choose(Field::Product, "product-select", products.collect()),
        text_field(
            states,
            Field::CustomCells,
            Some("e.g. 25 million or 2.5 × 10^7"),
            "text",
            "text",
            None
        ),
        text(Field::CustomMl, "decimal", "text"),
        text_field(
            states,
            Field::Dose,
            Some("2e6, 2 x 10^6, 2×10⁶, 2 million or 2,000,000"),
            "text",
            "text",
            None
        ),
        effective_dose_html(states),
        checkbox_field(
            Field::CustomSchedule.key(),
            Field::CustomSchedule.label(),
            schedule.and_then(|s| s.checked).unwrap_or(false),
            None,
            schedule.is_some_and(|s| !s.visible)
        ),
        text(Field::Infusions, "numeric", "text"),
        text(Field::Interval, "numeric", "text"),
        text(Field::Start, "none", "date")
    )
}

fn state(states: &[FieldState], field: Field) -> Option<&FieldState> {
    states.iter().find(|s| s.id == field.key())
}

fn value(states: &[FieldState], field: Field) -> String {
    state(states, field)
        .and_then(|s| s.value.clone())
        .unwrap_or_default()
}

/// A text field with its echo, error and visibility from `states`.
fn text_field(
    states: &[FieldState],
    field: Field,
    hint: Option<&str>,
    inputmode: &str,
    kind: &str,
    unit: Option<Html>,
) -> Html {
    let s = state(states, field);
    TextField {
        id: field.key(),
        label: field.label(),
        hint,
        value: &value(states, field),
        inputmode,
        kind,
        unit,
        echo: true,
        echo_text: s.and_then(|s| s.echo.as_deref()),
        error: s.and_then(|s| s.error.as_deref()),
        hidden: s.is_some_and(|s| !s.visible),
    }
    .html()
}

/// The kg/lb choice beside the weight, `unit_value` selected.
fn weight_unit_html(unit_value: &str) -> Html {
    let selected = |unit: &str| if unit_value == unit { " selected" } else { "" };
    html!(
        r#"<select id="weight-unit" class="field__unit" aria-label="Weight unit" data-testid="weight-unit"><option value="kg"{}>kg</option><option value="lb"{}>lb</option></select>"#,
        selected("kg"),
        selected("lb")
    )
}

/// Each product's name as the list shows it, in `ProductId::ALL` order.
fn product_names() -> Vec<String> {
    ProductId::ALL
        .iter()
        .map(|p| {
            product(*p)
                .map(|i| format!("{} ({})", i.name, i.generic))
                .unwrap_or_else(|| "Custom product".into())
        })
        .collect()
}

/// A product dosed by weight band shows the dose its bags give, not a field to type in.
fn effective_dose_html(states: &[FieldState]) -> Html {
    let effective_state = states.iter().find(|s| s.id == "dose-effective");
    html!(
        r#"<div class="field" id="dose-effective-field"{}><p class="field__label">Dose per kg (cells/kg)</p><p class="field__echo" id="dose-effective-echo" data-testid="dose-effective" aria-live="polite">{}</p></div>"#,
        if effective_state.is_some_and(|s| s.visible) {
            ""
        } else {
            " hidden"
        },
        effective_state.and_then(|s| s.echo.as_deref())
    )
}
