//! The calculator form as the UI holds it (the texts people typed, the choices they made)
//! and its evaluation: a message for each field that cannot be read, the values as
//! parsed (echoed back), and the plan and evidence placement only when every field is
//! valid, so no stale or partial number is ever shown as current.

use crate::domain::data::{Evidence, Indication};
use crate::domain::date::{Date, DateError};
use crate::domain::dose::{
    band_dose, plan, AgeBand, BandDose, DoseRule, Plan, PlanError, PlanInput, ProductId,
    ScheduleChoice,
};
use crate::domain::placement::{place_dose, Placement};
use crate::domain::quantity::{
    parse_count, parse_dose_per_kg, parse_weight, QuantityError, WeightUnit,
};
use crate::screens::calculator::control::Field;
use crate::screens::field::FieldState;
use crate::screens::screen::Expected;

/// A weight field: the text typed, its unit, and the weight in kg it means. Switching the
/// unit rewrites the text in the new unit but keeps the kg, so nothing drifts by rounding.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightField {
    pub text: String,
    pub unit: WeightUnit,
    pub kg: Result<f64, QuantityError>,
}

impl WeightField {
    pub fn new(text: &str, unit: WeightUnit) -> Self {
        WeightField {
            text: text.to_string(),
            unit,
            kg: parse_weight(text, unit),
        }
    }

    /// The user typed `text`.
    pub fn edit(&mut self, text: &str) {
        *self = WeightField::new(text, self.unit);
    }

    /// The user chose another unit: a valid weight is shown in it (2 decimals), an invalid
    /// text is kept as typed and read in the new unit.
    pub fn switch(&mut self, unit: WeightUnit) {
        if unit == self.unit {
            return;
        }
        match self.kg {
            Ok(kg) => {
                self.unit = unit;
                self.text = crate::domain::format::number(crate::domain::dose::round_to(
                    unit.from_kg(kg),
                    2,
                ));
            }
            Err(_) => *self = WeightField::new(&self.text, unit),
        }
    }
}

/// Everything on the calculator form.
#[derive(Clone, Debug, PartialEq)]
pub struct CalculatorForm {
    pub weight: WeightField,
    pub age: AgeBand,
    pub indication: Indication,
    pub dose: String,
    pub product: ProductId,
    pub custom_cells: String,
    pub custom_ml: String,
    pub custom_schedule: bool,
    pub infusions: String,
    pub interval_days: String,
    pub start: String,
}

impl CalculatorForm {
    /// The form as it first appears: labelled dose of the first product, today as start.
    pub fn new(today: &str) -> Self {
        CalculatorForm {
            weight: WeightField::new("", WeightUnit::Kg),
            age: AgeBand::Child,
            indication: Indication::AgvhdTreatment,
            dose: "2 × 10^6".to_string(),
            product: ProductId::Ryoncil,
            custom_cells: String::new(),
            custom_ml: String::new(),
            custom_schedule: false,
            infusions: "8".to_string(),
            interval_days: "7".to_string(),
            start: today.to_string(),
        }
    }
}

/// A message for each field that cannot be read (None = fine or not used).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub weight: Option<String>,
    pub dose: Option<String>,
    pub custom_cells: Option<String>,
    pub custom_ml: Option<String>,
    pub infusions: Option<String>,
    pub interval_days: Option<String>,
    pub start: Option<String>,
}

impl FieldErrors {
    pub fn any(&self) -> bool {
        [
            &self.weight,
            &self.dose,
            &self.custom_cells,
            &self.custom_ml,
            &self.infusions,
            &self.interval_days,
            &self.start,
        ]
        .iter()
        .any(|e| e.is_some())
    }
}

/// The evaluation of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub errors: FieldErrors,
    /// The weight in kg, when valid (echoed when typed in lb).
    pub weight_kg: Option<f64>,
    /// How the product's dose is set: a product dosed by weight band takes no typed dose.
    pub dose_rule: DoseRule,
    /// The dose per kg: as typed and parsed (echoed back in scientific notation), or for a
    /// product dosed by weight band the dose its bags give at this weight (derived).
    pub dose_per_kg: Option<f64>,
    /// For a product dosed by weight band and a valid weight: the band's bags, or why
    /// there are none.
    pub band: Option<Result<BandDose, PlanError>>,
    /// Fields still empty: the results ask for them instead of showing an error.
    pub missing: Vec<&'static str>,
    /// The plan, when every field is valid.
    pub plan: Option<Result<Plan, PlanError>>,
    /// Where the dose sits among the studied doses (needs only a valid dose).
    pub placement: Option<Placement>,
}

/// Reads every field; a field left empty is "missing" (asked for), not an error.
pub fn evaluate(form: &CalculatorForm, evidence: Option<&Evidence>) -> Evaluation {
    let mut errors = FieldErrors::default();
    let mut missing = Vec::new();
    let weight_kg = match &form.weight.kg {
        Ok(kg) => Some(*kg),
        Err(e) => {
            note(
                &mut missing,
                &mut errors.weight,
                "the patient's weight",
                e,
                *e == QuantityError::Empty,
            );
            None
        }
    };
    let dose_rule = form.product.dose_rule();
    let band = weight_kg.and_then(|kg| band_dose(form.product, kg));
    // A product dosed by weight band ignores the typed dose: it is neither read nor
    // reported as wrong, and the dose is what the band's bags give.
    let typed_dose = match (dose_rule, parse_dose_per_kg(&form.dose)) {
        (DoseRule::ByWeightBand, _) => None,
        (_, Ok(dose)) => Some(dose),
        (_, Err(e)) => {
            let empty = e == QuantityError::Empty;
            note(&mut missing, &mut errors.dose, "the dose per kg", &e, empty);
            None
        }
    };
    let custom_container = read_custom_container(form, &mut errors, &mut missing);
    let schedule = read_schedule(form, &mut errors, &mut missing);
    let start = match Date::parse(&form.start) {
        Ok(date) => Some(date),
        Err(e) => {
            let empty = e == DateError::Empty;
            note(&mut missing, &mut errors.start, "the start date", &e, empty);
            None
        }
    };
    let dose_per_kg = match dose_rule {
        DoseRule::ByWeightBand => band
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .map(|b| b.dose_per_kg),
        _ => typed_dose,
    };
    let placement =
        dose_per_kg.and_then(|dose| evidence.and_then(|ev| place_dose(ev, form.indication, dose)));
    let complete = !errors.any() && missing.is_empty();
    let plan = match (complete, weight_kg, schedule, start) {
        (true, Some(weight_kg), Some(schedule), Some(start)) => Some(plan(&PlanInput {
            weight_kg,
            age: form.age,
            dose_per_kg: typed_dose,
            product: form.product,
            custom_container,
            schedule,
            start,
        })),
        _ => None,
    };
    Evaluation {
        errors,
        weight_kg,
        dose_rule,
        dose_per_kg,
        band,
        missing,
        plan,
        placement,
    }
}

/// Records a field that could not be read: an empty one is named in `missing` (in the
/// order the form reads them), anything else gets its message in `slot`.
fn note(
    missing: &mut Vec<&'static str>,
    slot: &mut Option<String>,
    name: &'static str,
    error: &dyn ToString,
    empty: bool,
) {
    if empty {
        missing.push(name);
    } else {
        *slot = Some(error.to_string());
    }
}

/// The custom product's cells and mL per container; read only for the custom product.
fn read_custom_container(
    form: &CalculatorForm,
    errors: &mut FieldErrors,
    missing: &mut Vec<&'static str>,
) -> Option<(f64, f64)> {
    if form.product != ProductId::Custom {
        return None;
    }
    let cells = parse_count(&form.custom_cells)
        .map_err(|e| {
            let empty = e == QuantityError::Empty;
            note(
                missing,
                &mut errors.custom_cells,
                "the cells per container",
                &e,
                empty,
            )
        })
        .ok();
    let ml = parse_millilitres(&form.custom_ml)
        .map_err(|e| {
            let empty = e == QuantityError::Empty;
            note(
                missing,
                &mut errors.custom_ml,
                "the volume per container",
                &e,
                empty,
            )
        })
        .ok();
    cells.zip(ml)
}

/// The label's schedule, or the typed one when asked for (always for the custom product).
fn read_schedule(
    form: &CalculatorForm,
    errors: &mut FieldErrors,
    missing: &mut Vec<&'static str>,
) -> Option<ScheduleChoice> {
    if !(form.custom_schedule || form.product == ProductId::Custom) {
        return Some(ScheduleChoice::Label);
    }
    let infusions = parse_whole(&form.infusions, 1, 52)
        .map_err(|e| {
            let empty = form.infusions.trim().is_empty();
            note(
                missing,
                &mut errors.infusions,
                "the number of infusions",
                &e,
                empty,
            )
        })
        .ok();
    let interval = parse_whole(&form.interval_days, 1, 60)
        .map_err(|e| {
            let empty = form.interval_days.trim().is_empty();
            note(
                missing,
                &mut errors.interval_days,
                "the interval in days",
                &e,
                empty,
            )
        })
        .ok();
    infusions
        .zip(interval)
        .map(|(infusions, interval_days)| ScheduleChoice::Custom {
            infusions,
            interval_days,
        })
}

/// A volume in mL: a plain positive number with an optional `mL`.
pub fn parse_millilitres(text: &str) -> Result<f64, QuantityError> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let number = lower
        .strip_suffix("ml")
        .map(str::trim_end)
        .unwrap_or(&lower);
    if number.chars().any(|c| c.is_alphabetic() && c != 'e') {
        let unit: String = number.chars().skip_while(|c| !c.is_alphabetic()).collect();
        return Err(QuantityError::UnknownUnit { unit });
    }
    let value = parse_count(number).map_err(|e| match e {
        QuantityError::NotANumber { .. } => QuantityError::NotANumber {
            text: trimmed.to_string(),
        },
        other => other,
    })?;
    if value > 10_000.0 {
        return Err(QuantityError::OutOfRange {
            value: format!("{} mL", crate::domain::format::number(value)),
            min: "0".into(),
            max: "10000 mL".into(),
        });
    }
    Ok(value)
}

/// A whole number between `min` and `max`.
pub fn parse_whole(text: &str, min: u32, max: u32) -> Result<u32, QuantityError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(QuantityError::Empty);
    }
    let value: u32 = trimmed.parse().map_err(|_| QuantityError::NotANumber {
        text: trimmed.to_string(),
    })?;
    if value < min || value > max {
        return Err(QuantityError::OutOfRange {
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(value)
}

impl CalculatorForm {
    /// Applies a change of `field` (an input's text, a select's value, a checkbox's
    /// "1" or "0"). A value the control cannot hold is refused with what it expects, and
    /// the form is left as it was. Choosing another weight unit converts the weight.
    pub fn set(&mut self, field: Field, value: &str) -> Result<(), Expected> {
        match field {
            Field::WeightUnit => self.weight.switch(unit(value)?),
            _ => self.read(field, value)?,
        }
        Ok(())
    }

    /// Reads `field` from a link: as [`CalculatorForm::set`], except that the unit says
    /// how the weight was typed (nothing is converted).
    pub fn read(&mut self, field: Field, value: &str) -> Result<(), Expected> {
        fn choice<T>(found: Option<T>, expected: &str) -> Result<T, Expected> {
            found.ok_or_else(|| Expected(expected.into()))
        }
        match field {
            Field::Weight => self.weight.edit(value),
            Field::WeightUnit => self.weight = WeightField::new(&self.weight.text, unit(value)?),
            Field::Age => self.age = choice(AgeBand::from_key(value), "infant, child or adult")?,
            Field::Indication => {
                self.indication = choice(
                    Indication::ALL.into_iter().find(|i| i.key() == value),
                    "an indication of the dataset",
                )?
            }
            Field::Product => {
                self.product = choice(
                    ProductId::from_key(value),
                    "ryoncil, temcell, obnitix or custom",
                )?
            }
            Field::Dose => self.dose = value.to_string(),
            Field::CustomCells => self.custom_cells = value.to_string(),
            Field::CustomMl => self.custom_ml = value.to_string(),
            Field::CustomSchedule => {
                self.custom_schedule = match value {
                    "1" => true,
                    "0" => false,
                    _ => return Err(Expected("1 or 0".into())),
                }
            }
            Field::Infusions => self.infusions = value.to_string(),
            Field::Interval => self.interval_days = value.to_string(),
            Field::Start => self.start = value.to_string(),
        }
        Ok(())
    }

    /// What `field` holds, as the control and the link write it.
    pub fn value(&self, field: Field) -> String {
        match field {
            Field::Weight => self.weight.text.clone(),
            Field::WeightUnit => self.weight.unit.symbol().into(),
            Field::Age => self.age.key().into(),
            Field::Indication => self.indication.key().into(),
            Field::Product => self.product.key().into(),
            Field::Dose => self.dose.clone(),
            Field::CustomCells => self.custom_cells.clone(),
            Field::CustomMl => self.custom_ml.clone(),
            Field::CustomSchedule => (if self.custom_schedule { "1" } else { "0" }).into(),
            Field::Infusions => self.infusions.clone(),
            Field::Interval => self.interval_days.clone(),
            Field::Start => self.start.clone(),
        }
    }

    /// Every control's state for this form and its evaluation.
    pub fn field_states(&self, eval: &Evaluation) -> Vec<FieldState> {
        let custom_product = self.product == ProductId::Custom;
        let custom_schedule = self.custom_schedule || custom_product;
        let weight_echo = self.weight_echo(eval);
        let by_band = eval.dose_rule == DoseRule::ByWeightBand;
        let dose_echo = eval
            .dose_per_kg
            .filter(|_| !by_band)
            .map(|d| format!("Read as {} cells/kg", crate::domain::format::scientific(d)));
        vec![
            text_state(
                "weight",
                &self.weight.text,
                &eval.errors.weight,
                weight_echo,
                true,
            ),
            choice_state("weight-unit", self.weight.unit.symbol()),
            choice_state("age", self.age.key()),
            choice_state("indication", self.indication.key()),
            choice_state("product", self.product.key()),
            text_state(
                "custom-cells",
                &self.custom_cells,
                &eval.errors.custom_cells,
                None,
                custom_product,
            ),
            text_state(
                "custom-ml",
                &self.custom_ml,
                &eval.errors.custom_ml,
                None,
                custom_product,
            ),
            text_state("dose", &self.dose, &eval.errors.dose, dose_echo, !by_band),
            // A product dosed by weight band shows the dose its bags give instead of a
            // field inviting a choice the label does not offer.
            FieldState {
                id: "dose-effective",
                value: None,
                checked: None,
                error: None,
                echo: by_band.then(|| effective_dose_text(eval)),
                visible: by_band,
            },
            FieldState {
                id: "custom-schedule",
                value: None,
                checked: Some(custom_schedule),
                error: None,
                echo: None,
                visible: !custom_product,
            },
            text_state(
                "infusions",
                &self.infusions,
                &eval.errors.infusions,
                None,
                custom_schedule,
            ),
            text_state(
                "interval",
                &self.interval_days,
                &eval.errors.interval_days,
                None,
                custom_schedule,
            ),
            self.start_state(eval),
        ]
    }

    /// The kg a weight typed in lb means, echoed beside it.
    fn weight_echo(&self, eval: &Evaluation) -> Option<String> {
        eval.weight_kg
            .filter(|_| self.weight.unit == WeightUnit::Lb)
            .map(|kg| {
                format!(
                    "= {} kg",
                    crate::domain::format::number(crate::domain::dose::round_to(kg, 2))
                )
            })
    }

    /// A date input holds only `YYYY-MM-DD` (anything else is refused with a console
    /// warning): text from a link that is not date-shaped stays out of the control, and the
    /// field's error says what was wrong.
    fn start_state(&self, eval: &Evaluation) -> FieldState {
        let mut start = text_state("start", &self.start, &eval.errors.start, None, true);
        if !date_shaped(&self.start) {
            start.value = Some(String::new());
        }
        start
    }
}

/// A text field's state: its text, its error, an echo, and whether it is shown.
fn text_state(
    id: &'static str,
    value: &str,
    error: &Option<String>,
    echo: Option<String>,
    visible: bool,
) -> FieldState {
    FieldState {
        id,
        value: Some(value.to_string()),
        checked: None,
        error: error.clone(),
        echo,
        visible,
    }
}

/// A choice's state: always shown, never in error.
fn choice_state(id: &'static str, value: &str) -> FieldState {
    FieldState {
        id,
        value: Some(value.to_string()),
        checked: None,
        error: None,
        echo: None,
        visible: true,
    }
}

fn unit(value: &str) -> Result<WeightUnit, Expected> {
    match value {
        "kg" => Ok(WeightUnit::Kg),
        "lb" => Ok(WeightUnit::Lb),
        _ => Err(Expected("kg or lb".into())),
    }
}

/// The dose of a product dosed by weight band, as the form shows it in place of the dose
/// field: the bags and the dose per kg they give, or what is needed to know them.
pub fn effective_dose_text(eval: &Evaluation) -> String {
    use crate::domain::format::{number, scientific};
    match &eval.band {
        Some(Ok(b)) => format!(
            "{} cells/kg: {} = {} cells for {}–{} kg, the whole content. Set by the label's weight band, not a choice.",
            scientific(b.dose_per_kg),
            b.band.bags_text(),
            scientific(b.cells),
            number(b.band.low_kg),
            number(b.band.high_kg)
        ),
        Some(Err(error)) => error.to_string(),
        None => "Set by the label's weight band: enter the patient's weight.".to_string(),
    }
}

/// Whether `text` has the shape a date input accepts: `YYYY-MM-DD` in ASCII digits.
fn date_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod field_tests;
#[cfg(test)]
mod tests;
