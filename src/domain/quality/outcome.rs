//! The checks of one outcome value: a percentage a whole number of patients gives, a count
//! within its group and agreeing with its printed percentage, a plausible unit.

use super::{Rule, Severity, LOWEST_HEMOGLOBIN_G_PER_L};
use crate::domain::data::{Arm, Estimate, Measure, Outcome, Study, Unit};
use crate::domain::derive::{
    denominator, fitting_sizes, percent_fits, printed_decimals, Denominator,
};
use crate::domain::format::number;

pub(super) fn check_outcome(
    study: &Study,
    outcome: &Outcome,
    field: &str,
    flag: &mut impl FnMut(&str, Rule, Severity, String),
) {
    let Some(value) = outcome.value else {
        return;
    };
    let denominator = denominator(study, outcome);
    match outcome.unit {
        Unit::Percent
            if outcome.measure != Measure::Reticulocytes
                && outcome.measure != Measure::Karnofsky =>
        {
            let go_on = check_percent(outcome, value, denominator, field, flag);
            if !go_on {
                return;
            }
        }
        Unit::Patients => check_count(outcome, value, denominator, field, flag),
        Unit::GPerL
            if outcome.measure == Measure::Hemoglobin && value < LOWEST_HEMOGLOBIN_G_PER_L =>
        {
            flag(
                field,
                Rule::UnitLooksWrong,
                Severity::Warning,
                format!("A hemoglobin of {} g/L is incompatible with life (normal is about 120–160 g/L); the figure reads like g/dL.", number(value)),
            );
        }
        Unit::Unspecified => {
            let of = denominator
                .map(|d| {
                    format!(
                        " (of {} patients: {:.1}% if a count)",
                        d.n,
                        100.0 * value / f64::from(d.n)
                    )
                })
                .unwrap_or_default();
            flag(
                field,
                Rule::UnitLooksWrong,
                Severity::Warning,
                format!(
                    "No unit is printed: {} could be a number of patients or a percentage{of}.",
                    number(value)
                ),
            );
        }
        _ => {}
    }
    if outcome.measure.is_in_days() && outcome.unit != Unit::Days {
        flag(
            field,
            Rule::UnitLooksWrong,
            Severity::Warning,
            format!(
                "{} is measured in days, but the unit is {:?}.",
                outcome.measure.label(),
                outcome.unit
            ),
        );
    }
}

/// A percentage of patients: within 0–100 and, when crude, one that a whole number of the
/// group gives. False when the outcome's remaining checks are skipped (out of range, or
/// not a crude estimate).
fn check_percent(
    outcome: &Outcome,
    value: f64,
    denominator: Option<Denominator>,
    field: &str,
    flag: &mut impl FnMut(&str, Rule, Severity, String),
) -> bool {
    if !(0.0..=100.0).contains(&value) {
        flag(
            field,
            Rule::PercentOutOfRange,
            Severity::Warning,
            format!("{}% is not a percentage of patients.", number(value)),
        );
        return false;
    }
    if outcome.estimate != Estimate::Crude {
        return false;
    }
    let decimals = printed_decimals(&outcome.raw, value).unwrap_or(0);
    match denominator {
        Some(d) if !percent_fits(value, decimals, d.n) => flag(
            field,
            Rule::PercentNotAchievable,
            Severity::Warning,
            not_achievable_message(value, decimals, d.n),
        ),
        Some(_) => {}
        None if outcome.arm != Arm::Reference => missing_denominator(outcome, field, flag),
        None => {}
    }
    true
}

/// Why `value`% (printed with `decimals`) of `n` patients is no whole number of them, and
/// which group sizes near `n` would give it.
fn not_achievable_message(value: f64, decimals: u32, n: u32) -> String {
    let exact = value * f64::from(n) / 100.0;
    let below = exact.floor();
    let above = exact.ceil();
    let fits = fitting_sizes(value, decimals, n, 2);
    let fit_text = match fits.as_slice() {
        [] => format!(
            "no N between {} and {} gives it either",
            (n / 2).max(1),
            n * 2
        ),
        sizes => format!(
            "N = {} would fit",
            sizes
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" or N = ")
        ),
    };
    let printed = format!("{value:.*}", decimals as usize);
    format!(
        "{printed}% of {} patients is {:.2} patients: no whole number gives {printed}% ({}/{} = {:.1}%, {}/{} = {:.1}%); {fit_text}.",
        n, exact,
        below, n, 100.0 * below / f64::from(n),
        above, n, 100.0 * above / f64::from(n),
    )
}

/// A number of patients: no more than the group, and agreeing with a printed percentage.
fn check_count(
    outcome: &Outcome,
    value: f64,
    denominator: Option<Denominator>,
    field: &str,
    flag: &mut impl FnMut(&str, Rule, Severity, String),
) {
    let Some(d) = denominator else {
        if outcome.estimate == Estimate::Crude && outcome.arm != Arm::Reference {
            missing_denominator(outcome, field, flag);
        }
        return;
    };
    if value > f64::from(d.n) {
        flag(
            field,
            Rule::CountExceedsDenominator,
            Severity::Warning,
            format!(
                "{} patients is more than the {} in the group.",
                number(value),
                d.n
            ),
        );
    }
    if let Some(percent) = outcome.percent {
        let decimals = printed_decimals(&outcome.raw, percent).unwrap_or(0);
        let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
        let actual = 100.0 * value / f64::from(d.n);
        if (actual - percent).abs() > tolerance {
            flag(
                field,
                Rule::PercentDisagreesWithCount,
                Severity::Warning,
                format!(
                    "{} of {} is {:.2}%, not the printed {}%.",
                    number(value),
                    d.n,
                    actual,
                    number(percent)
                ),
            );
        }
    }
}

fn missing_denominator(
    outcome: &Outcome,
    field: &str,
    flag: &mut impl FnMut(&str, Rule, Severity, String),
) {
    flag(
        field,
        Rule::MissingDenominator,
        Severity::Info,
        format!(
            "The review prints no number of patients for the {} group's \"{}\": it cannot get a confidence interval or be pooled.",
            outcome.arm.label(),
            outcome.label
        ),
    );
}
