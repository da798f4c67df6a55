//! Values computed from what the review prints, always marked as derived: denominators,
//! events reconstructed from a percentage and N, overall response as CR + PR, the age
//! group of a cohort, and the per-kg dose figure used for comparisons.

use crate::domain::data::{
    AgeGroup, Arm, Dose, DoseBasis, Estimate, Measure, Outcome, Study, Unit,
};

/// The number of patients an outcome's value refers to, and where that number comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Denominator {
    pub n: u32,
    pub basis: DenominatorBasis,
}

/// Where a denominator was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenominatorBasis {
    /// Printed with the value itself ("17 of 99").
    Outcome,
    /// The arm's printed size.
    Arm,
    /// The study's N (single-arm studies, MSC arm).
    Study,
}

/// The denominator of `outcome` in `study`, if the review prints one.
pub fn denominator(study: &Study, outcome: &Outcome) -> Option<Denominator> {
    if let Some(n) = outcome.n {
        return Some(Denominator {
            n,
            basis: DenominatorBasis::Outcome,
        });
    }
    let arm_size = study.arms.as_ref().and_then(|arms| match outcome.arm {
        Arm::Msc => arms.msc,
        Arm::Control => arms.control,
        Arm::Reference => None,
    });
    if let Some(n) = arm_size {
        return Some(Denominator {
            n,
            basis: DenominatorBasis::Arm,
        });
    }
    // The study's N describes the MSC arm only when there is no control arm of unknown size.
    let single_arm = study.arms.is_none();
    match (outcome.arm, study.n) {
        (Arm::Msc, Some(n)) if single_arm => Some(Denominator {
            n,
            basis: DenominatorBasis::Study,
        }),
        _ => None,
    }
}

/// The number of decimals the review printed for `value` in `raw` (e.g. 1 for "50.0%").
pub fn printed_decimals(raw: &str, value: f64) -> Option<u32> {
    numbers_in(raw)
        .into_iter()
        .find(|(number, _)| (number - value).abs() < 1e-9)
        .map(|(_, decimals)| decimals)
}

/// Every decimal number in `text` with its count of decimals.
pub fn numbers_in(text: &str) -> Vec<(f64, u32)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let mut decimals = 0;
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                    decimals += 1;
                }
            }
            if let Ok(number) = text[start..i].parse::<f64>() {
                found.push((number, decimals));
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Whether some whole number of events out of `n` rounds to `percent` printed with
/// `decimals` decimals (ties either way).
pub fn percent_fits(percent: f64, decimals: u32, n: u32) -> bool {
    events_for_percent(percent, decimals, n).is_some()
}

/// The whole number of events out of `n` that rounds to `percent`, if one exists.
pub fn events_for_percent(percent: f64, decimals: u32, n: u32) -> Option<u32> {
    if n == 0 || !percent.is_finite() {
        return None;
    }
    let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
    let nearest = (percent * f64::from(n) / 100.0).round();
    [nearest - 1.0, nearest, nearest + 1.0]
        .into_iter()
        .filter(|k| *k >= 0.0 && *k <= f64::from(n))
        .find(|k| (100.0 * k / f64::from(n) - percent).abs() <= tolerance)
        .map(|k| k as u32)
}

/// The range of whole numbers of events out of `n` that round to `percent` printed with
/// `decimals` decimals, by the same tolerance as [`events_for_percent`]: `(first, last)`,
/// or `None` when none fits. A percentage identifies its events only when `first == last`.
pub fn fitting_events(percent: f64, decimals: u32, n: u32) -> Option<(u32, u32)> {
    if n == 0 || !percent.is_finite() || decimals > 12 {
        return None;
    }
    let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
    let fits = |k: u32| (100.0 * f64::from(k) / f64::from(n) - percent).abs() <= tolerance;
    let bound = |x: f64| x.clamp(0.0, f64::from(n)) as u32;
    let low = bound(((percent - tolerance) * f64::from(n) / 100.0).floor() - 1.0);
    let high = bound(((percent + tolerance) * f64::from(n) / 100.0).ceil() + 1.0);
    // The fitting counts are one interval; its ends lie within a few steps of the estimates.
    let first = (low..=high).take(4).find(|&k| fits(k))?;
    let last = (first..=high).rev().take(4).find(|&k| fits(k))?;
    Some((first, last))
}

/// The sizes closest to `n` (within half to twice `n`) for which `percent` is achievable,
/// nearest first; at most `limit` of them.
pub fn fitting_sizes(percent: f64, decimals: u32, n: u32, limit: usize) -> Vec<u32> {
    let mut sizes = Vec::new();
    let low = (n / 2).max(1);
    let high = n.saturating_mul(2).max(2);
    for distance in 1..=n.max(1) {
        for candidate in [n.checked_sub(distance), n.checked_add(distance)]
            .into_iter()
            .flatten()
        {
            if (low..=high).contains(&candidate) && percent_fits(percent, decimals, candidate) {
                sizes.push(candidate);
                if sizes.len() == limit {
                    return sizes;
                }
            }
        }
    }
    sizes
}

/// A value computed from printed values.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub measure: Measure,
    pub arm: Arm,
    pub months: Option<f64>,
    pub events: u32,
    pub n: u32,
    /// How it was computed, in words and figures ("CR + PR = 6 + 9").
    pub how: String,
}

/// Overall response as CR + PR where both are printed as patient counts for the same arm
/// and time point, and no overall response count is printed for them.
pub fn derived_overall_response(study: &Study) -> Vec<Derived> {
    let count = |measure: Measure, arm: Arm, months: Option<f64>| {
        study.outcomes.iter().find(|o| {
            o.measure == measure && o.arm == arm && o.months == months && o.unit == Unit::Patients
        })
    };
    let mut derived = Vec::new();
    for cr in study
        .outcomes
        .iter()
        .filter(|o| o.measure == Measure::Cr && o.unit == Unit::Patients)
    {
        let Some(pr) = count(Measure::Pr, cr.arm, cr.months) else {
            continue;
        };
        let reported = study
            .outcomes
            .iter()
            .any(|o| o.measure == Measure::Or && o.arm == cr.arm && o.months == cr.months);
        let Some(denominator) = denominator(study, cr) else {
            continue;
        };
        let (Some(crs), Some(prs)) = (cr.value, pr.value) else {
            continue;
        };
        if reported {
            continue;
        }
        let events = (crs + prs) as u32;
        derived.push(Derived {
            measure: Measure::Or,
            arm: cr.arm,
            months: cr.months,
            events,
            n: denominator.n,
            how: format!("CR + PR = {crs} + {prs} = {events} of {}", denominator.n),
        });
    }
    derived
}

/// Events reconstructed from a crude percentage and its denominator, when exactly one
/// whole number of patients gives the printed percentage.
pub fn reconstructed_events(study: &Study, outcome: &Outcome) -> Option<Derived> {
    if outcome.unit != Unit::Percent || outcome.estimate != Estimate::Crude {
        return None;
    }
    let value = outcome.value?;
    let decimals = printed_decimals(&outcome.raw, value).unwrap_or(0);
    let denominator = denominator(study, outcome)?;
    let events = events_for_percent(value, decimals, denominator.n)?;
    Some(Derived {
        measure: outcome.measure,
        arm: outcome.arm,
        months: outcome.months,
        events,
        n: denominator.n,
        how: format!(
            "{value}% × {n} = {exact:.2}, rounded to {events} (and {events}/{n} = {back:.2}%)",
            n = denominator.n,
            exact = value * f64::from(denominator.n) / 100.0,
            back = 100.0 * f64::from(events) / f64::from(denominator.n),
        ),
    })
}

/// The age group of a cohort: from printed ages (< 18 years paediatric), else as stated.
pub fn age_group(study: &Study) -> AgeGroup {
    if let Some(age) = &study.age {
        let mut lows = Vec::new();
        let mut highs = Vec::new();
        if let (Some(low), Some(high)) = (age.low, age.high) {
            lows.push(low);
            highs.push(high);
        }
        for value in &age.values {
            lows.push(*value);
            highs.push(*value);
        }
        for band in &age.bands {
            lows.push(band.low.unwrap_or(0.0));
            highs.push(band.high.unwrap_or(f64::INFINITY));
        }
        let youngest = lows.iter().copied().fold(f64::INFINITY, f64::min);
        let oldest = highs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if youngest.is_finite() || oldest.is_finite() {
            return if oldest < 18.0 {
                AgeGroup::Paediatric
            } else if youngest >= 18.0 {
                AgeGroup::Adult
            } else {
                AgeGroup::Mixed
            };
        }
    }
    study.age_group.unwrap_or(AgeGroup::Unknown)
}

/// One representative cells/kg figure for a per-kg dose: the median or single dose, the
/// midpoint of a range, or the patient-weighted mean of dose groups.
pub fn representative_dose_per_kg(dose: &Dose) -> Option<f64> {
    if dose.basis != DoseBasis::PerKg {
        return None;
    }
    if let Some(value) = dose.value {
        return Some(value);
    }
    if let (Some(low), Some(high)) = (dose.low, dose.high) {
        return Some((low + high) / 2.0);
    }
    let patients: u32 = dose.groups.iter().map(|g| g.count).sum();
    if patients > 0 {
        let weighted: f64 = dose
            .groups
            .iter()
            .map(|g| g.value * f64::from(g.count))
            .sum();
        return Some(weighted / f64::from(patients));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_printed() {
        assert_eq!(printed_decimals("1 year OS: 50.0%", 50.0), Some(1));
        assert_eq!(printed_decimals("CR: 65%", 65.0), Some(0));
        assert_eq!(printed_decimals("65.50% of the patients", 65.5), Some(2));
        assert_eq!(printed_decimals("no such number", 3.0), None);
    }

    #[test]
    fn percentages_that_whole_numbers_can_and_cannot_give() {
        assert!(percent_fits(56.6, 1, 99)); // 56/99 = 56.57%
        assert!(percent_fits(75.0, 0, 28)); // 21/28
        assert!(percent_fits(42.1, 1, 19)); // 8/19 = 42.105%
        assert!(!percent_fits(9.4, 1, 33)); // 3/33 = 9.09%, 4/33 = 12.12%
        assert!(percent_fits(9.4, 1, 32)); // 3/32 = 9.375%
        assert!(percent_fits(6.2, 1, 32)); // 2/32 = 6.25%: a tie, accepted
        assert!(!percent_fits(65.0, 0, 35)); // 22/35 = 62.9%, 23/35 = 65.7%
        assert!(percent_fits(0.0, 0, 10));
        assert!(percent_fits(100.0, 0, 4));
        assert!(!percent_fits(50.0, 0, 0));
    }

    #[test]
    fn events_for_a_percentage() {
        assert_eq!(events_for_percent(23.5, 1, 17), Some(4));
        assert_eq!(events_for_percent(58.7, 1, 46), Some(27));
        assert_eq!(events_for_percent(9.4, 1, 33), None);
    }

    #[test]
    fn ranges_of_events_that_fit() {
        assert_eq!(fitting_events(23.5, 1, 17), Some((4, 4)));
        assert_eq!(fitting_events(9.4, 1, 33), None);
        assert_eq!(fitting_events(50.0, 0, 1000), Some((495, 505)));
        assert_eq!(fitting_events(50.0, 0, 3), None);
        assert_eq!(fitting_events(0.0, 0, 10), Some((0, 0)));
        assert_eq!(fitting_events(100.0, 0, 4), Some((4, 4)));
        assert_eq!(
            fitting_events(6.2, 1, 32),
            Some((2, 2)),
            "a tie is accepted"
        );
        assert_eq!(fitting_events(50.0, 0, 0), None);
        assert_eq!(fitting_events(f64::NAN, 0, 5), None);
        for n in 1..200 {
            for k in 0..=n {
                let p = (1000.0 * f64::from(k) / f64::from(n)).round() / 10.0;
                let (first, last) = fitting_events(p, 1, n).expect("k/n fits its own percentage");
                assert!(first <= k && k <= last, "{k}/{n} = {p}%");
                if first == last {
                    assert_eq!(events_for_percent(p, 1, n), Some(k));
                }
            }
        }
    }

    #[test]
    fn nearest_sizes_that_fit() {
        assert_eq!(fitting_sizes(9.4, 1, 33, 2), vec![32, 53]);
        assert_eq!(fitting_sizes(29.3, 1, 44, 1), vec![41]);
        assert!(
            fitting_sizes(65.5, 2, 16, 3).is_empty(),
            "65.50% is not k/N for N in 8..=32"
        );
    }

    #[test]
    fn numbers_are_found_in_text() {
        assert_eq!(
            numbers_in("56 (56.6%) achieved CR, 1.05"),
            vec![(56.0, 0), (56.6, 1), (1.05, 2)]
        );
    }
}
