//! The label checks of a plan: each a warning with its reason, never a silent change to
//! the numbers. The plan decides when to check; these say what is wrong and why.

use crate::domain::format::{number, scientific};

use super::product::{AgeBand, Population, ProductInfo, WeightBand};
use super::round_to;

/// A warning with its reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

/// Kinds of warnings, for tests and styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    DoseAboveLabel,
    DoseBelowLabel,
    DoseOutsideStudied,
    WeightBetweenBands,
    AgeOutsidePopulation,
    IntervalTooShort,
}

/// Relative tolerance for comparing doses with the label (floating-point noise only).
const TOLERANCE: f64 = 1e-9;

/// `name` closing a sentence: "of TEMCELL HS Inj." not "of TEMCELL HS Inj..".
fn closing(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

/// The labelled dose range as printed: "2 × 10⁶" or "1 × 10⁶–2 × 10⁶".
pub fn labelled_range(info: &ProductInfo) -> String {
    let (low, high) = info.labelled_dose;
    if low == high {
        scientific(high)
    } else {
        format!("{}–{}", scientific(low), scientific(high))
    }
}

/// A dose per kg outside the labelled dose. `effective` says the dose is what the label's
/// bags give (Obnitix) rather than what the user typed.
pub fn dose_against_label(info: &ProductInfo, dose: f64, effective: bool) -> Option<Warning> {
    let (low, high) = info.labelled_dose;
    let (kind, side) = if dose > high * (1.0 + TOLERANCE) {
        (WarningKind::DoseAboveLabel, "above")
    } else if dose < low * (1.0 - TOLERANCE) {
        (WarningKind::DoseBelowLabel, "below")
    } else {
        return None;
    };
    let message = if effective {
        format!(
            "The label's bags for this weight give {} cells/kg, {side} the labelled {} cells/kg of {}",
            scientific(dose),
            labelled_range(info),
            closing(info.name)
        )
    } else {
        format!(
            "{} cells/kg is {side} the labelled {} cells/kg of {}",
            scientific(dose),
            labelled_range(info),
            closing(info.name)
        )
    };
    Some(Warning { kind, message })
}

/// A patient outside the labelled population.
pub fn age_against_population(info: &ProductInfo, age: AgeBand) -> Option<Warning> {
    match info.population {
        Some(Population::ChildrenFrom2Months) if age != AgeBand::Child => Some(Warning {
            kind: WarningKind::AgeOutsidePopulation,
            message: format!(
                "{} is labelled for children from 2 months of age; a patient {} is outside the labelled population.",
                info.name,
                age.label()
            ),
        }),
        _ => None,
    }
}

/// Infusions closer together than the label allows.
pub fn interval_too_short(
    product_name: &str,
    interval_days: u32,
    min_days: u32,
) -> Option<Warning> {
    (interval_days < min_days).then(|| Warning {
        kind: WarningKind::IntervalTooShort,
        message: format!(
            "Every {interval_days} days is shorter than the label's minimum of {min_days} days between infusions of {}",
            closing(product_name)
        ),
    })
}

/// Where a dose per kg stands against the label, in words.
fn standing(info: &ProductInfo, dose: f64) -> &'static str {
    let (low, high) = info.labelled_dose;
    if dose > high * (1.0 + TOLERANCE) {
        "above"
    } else if dose < low * (1.0 - TOLERANCE) {
        "below"
    } else {
        "within"
    }
}

/// A weight between two printed bands (30.5 kg between 15–30 and 31–60 kg): which band the
/// plan uses and the dose per kg each band would give, so the reader sees why.
pub fn weight_between_bands(
    info: &ProductInfo,
    kg: f64,
    chosen: &WeightBand,
    other: &WeightBand,
) -> Warning {
    let band = |b: &WeightBand| format!("{}–{} kg", number(b.low_kg), number(b.high_kg));
    let (lower, upper) = if chosen.low_kg < other.low_kg {
        (chosen, other)
    } else {
        (other, chosen)
    };
    let dose = |b: &WeightBand| b.cells() / kg;
    Warning {
        kind: WarningKind::WeightBetweenBands,
        message: format!(
            "{} kg falls between the label's bands {} and {}. The plan uses the {} band: {} gives {} cells/kg, {} the labelled {} cells/kg; the {} band ({}) would give {} cells/kg, {} it. Confirm the choice against the label.",
            number(round_to(kg, 2)),
            band(lower),
            band(upper),
            band(chosen),
            chosen.bags_text(),
            scientific(dose(chosen)),
            standing(info, dose(chosen)),
            labelled_range(info),
            band(other),
            other.bags_text(),
            scientific(dose(other)),
            standing(info, dose(other)),
        ),
    }
}
