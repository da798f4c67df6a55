//! Where a dose sits among the doses the review's studies used for one indication: the
//! studied doses (one per study: median, single dose, range midpoint or weighted mean of
//! dose groups), their min, median and max, the dose's percentile rank, and the studies
//! closest in dose. Doses the data-quality rules flag as implausible are left out and named.

use crate::domain::data::{Evidence, Indication, Study};
use crate::domain::derive::representative_dose_per_kg;
use crate::domain::export::outcome_summary;
use crate::domain::format::scientific;
use crate::domain::quality::implausible_doses;

/// One study's dose for the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct StudiedDose {
    pub study_id: String,
    pub label: String,
    pub n: Option<u32>,
    pub dose_per_kg: f64,
    /// The first outcome the review reports, as text.
    pub main_outcome: String,
}

/// The placement of a dose.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub indication: Indication,
    /// Studied doses, ascending.
    pub doses: Vec<StudiedDose>,
    /// Left out: (label, printed dose, why).
    pub excluded: Vec<(String, String, String)>,
    pub min: f64,
    pub median: f64,
    pub max: f64,
    /// Percentile rank of the dose: share of studied doses below it plus half of those
    /// equal to it, in percent.
    pub percentile: f64,
    /// Up to three studies closest to the dose on a log scale (ties: larger N first).
    pub closest: Vec<StudiedDose>,
}

impl Placement {
    /// Whether the dose lies outside the studied range, with a sentence saying so.
    pub fn outside(&self, dose: f64) -> Option<String> {
        let tolerance = 1e-9;
        if dose < self.min * (1.0 - tolerance) {
            Some(format!(
                "{} cells/kg is below every dose studied for “{}” in the review (lowest {}).",
                scientific(dose),
                self.indication.label(),
                scientific(self.min)
            ))
        } else if dose > self.max * (1.0 + tolerance) {
            Some(format!(
                "{} cells/kg is above every dose studied for “{}” in the review (highest {}).",
                scientific(dose),
                self.indication.label(),
                scientific(self.max)
            ))
        } else {
            None
        }
    }
}

/// The studied doses for `indication`, or None when no study of it prints a dose per kg.
pub fn place_dose(evidence: &Evidence, indication: Indication, dose: f64) -> Option<Placement> {
    let mut doses = Vec::new();
    let mut excluded = Vec::new();
    for study in evidence
        .dataset
        .studies
        .iter()
        .filter(|s| s.indication == indication)
    {
        let Some(value) = study.dose.as_ref().and_then(representative_dose_per_kg) else {
            continue;
        };
        let label = evidence.study_label(study);
        // The same rule the data-quality report applies (Rule::ImplausibleDose).
        let implausible = study
            .dose
            .as_ref()
            .is_some_and(|d| implausible_doses(d).next().is_some());
        if implausible {
            excluded.push((
                label,
                scientific(value),
                "flagged as an implausible dose per kg".to_string(),
            ));
            continue;
        }
        doses.push(StudiedDose {
            study_id: study.id.clone(),
            label,
            n: study.n,
            dose_per_kg: value,
            main_outcome: main_outcome(study),
        });
    }
    if doses.is_empty() || !dose.is_finite() || dose <= 0.0 {
        return None;
    }
    crate::domain::sort::sort_by(&mut doses, |a, b| a.dose_per_kg.total_cmp(&b.dose_per_kg));
    let values: Vec<f64> = doses.iter().map(|d| d.dose_per_kg).collect();
    let count = values.len() as f64;
    let below = values.iter().filter(|v| **v < dose * (1.0 - 1e-9)).count() as f64;
    let equal = values
        .iter()
        .filter(|v| (**v - dose).abs() <= dose * 1e-9)
        .count() as f64;
    let mut closest = doses.clone();
    crate::domain::sort::sort_by(&mut closest, |a, b| {
        let da = (a.dose_per_kg.log10() - dose.log10()).abs();
        let db = (b.dose_per_kg.log10() - dose.log10()).abs();
        da.total_cmp(&db)
            .then(b.n.unwrap_or(0).cmp(&a.n.unwrap_or(0)))
    });
    closest.truncate(3);
    Some(Placement {
        indication,
        min: values[0],
        max: values[values.len() - 1],
        median: median(&values),
        percentile: 100.0 * (below + 0.5 * equal) / count,
        closest,
        doses,
        excluded,
    })
}

/// Median of sorted values.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn main_outcome(study: &Study) -> String {
    study
        .outcomes
        .first()
        .map(outcome_summary)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;

    #[test]
    fn agvhd_treatment_doses() {
        // Table 2's 12 rows plus the text's Frassoni (1.4e6) and reference 54 (1e6), by hand:
        // 1, 1, 1, 1, 1.05, 1.1, 1.39, 1.4, 1.5, 2, 2, 2, 2, 3.3 (× 10^6) → median 1.395e6.
        let p = place_dose(evidence().unwrap(), Indication::AgvhdTreatment, 2e6).unwrap();
        assert_eq!(p.doses.len(), 14);
        assert_eq!((p.min, p.max), (1e6, 3.3e6));
        assert!((p.median - 1.395e6).abs() < 1.0);
        // 9 below 2e6, 4 equal: (9 + 2) / 14 = 78.57%.
        assert!(
            (p.percentile - 100.0 * 11.0 / 14.0).abs() < 1e-9,
            "{}",
            p.percentile
        );
        assert!(
            p.closest.iter().all(|d| d.dose_per_kg == 2e6),
            "{:?}",
            p.closest
        );
        assert_eq!(p.closest[0].n, Some(75), "ties: the largest study first");
        assert_eq!(p.outside(2e6), None);
        assert!(p.outside(5e6).unwrap().contains("above every dose studied"));
        assert!(p.outside(5e5).unwrap().contains("lowest 1 × 10⁶"));
    }

    #[test]
    fn implausible_doses_are_left_out_and_named() {
        let p = place_dose(evidence().unwrap(), Indication::GvhdPrevention, 1e6).unwrap();
        assert_eq!(p.excluded.len(), 1);
        assert!(
            p.excluded[0].0.starts_with("Liu et al."),
            "{:?}",
            p.excluded
        );
        assert_eq!(p.max, 6.5e6);
        assert_eq!(p.min, 5e5);
    }

    #[test]
    fn no_placement_without_studied_doses() {
        assert!(place_dose(evidence().unwrap(), Indication::Relapse, 1e6).is_none());
        assert!(place_dose(evidence().unwrap(), Indication::AgvhdTreatment, f64::NAN).is_none());
    }
}
