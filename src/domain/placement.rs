//! Where a dose sits among the doses the review's studies used for one indication: the
//! studied doses (one per study: median, single dose, range midpoint or weighted mean of
//! dose groups), their min, median and max, the dose's percentile rank, and the studies
//! closest in dose. Doses the data-quality rules flag as implausible are left out and named.
//!
//! The studied doses of each indication are sorted once per dataset ([`DoseIndex`], cached
//! in the [`Evidence`]); placing a dose is then two binary searches and a walk outwards
//! from where the dose falls, not a scan of every study per keystroke.

use std::sync::{Arc, OnceLock};

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
    /// Studied doses, ascending (shared with the index: placing a dose copies nothing).
    pub doses: Arc<[StudiedDose]>,
    /// Left out: (label, printed dose, why).
    pub excluded: Arc<[(String, String, String)]>,
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

/// The studied doses of one indication, sorted once.
#[derive(Clone, Debug, PartialEq)]
pub struct DoseIndex {
    pub indication: Indication,
    /// Ascending by dose; equal doses keep the dataset's order.
    doses: Arc<[StudiedDose]>,
    /// log10 of each dose, in the same order (the distance "closest" is measured in).
    log_doses: Vec<f64>,
    excluded: Arc<[(String, String, String)]>,
}

/// Relative tolerance for "the same dose" (floating-point noise only).
const TOLERANCE: f64 = 1e-9;

impl DoseIndex {
    /// Collects and sorts the studied doses of `indication`.
    pub fn build(evidence: &Evidence, indication: Indication) -> DoseIndex {
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
        crate::domain::sort::sort_by(&mut doses, |a, b| a.dose_per_kg.total_cmp(&b.dose_per_kg));
        DoseIndex {
            indication,
            log_doses: doses.iter().map(|d| d.dose_per_kg.log10()).collect(),
            doses: doses.into(),
            excluded: excluded.into(),
        }
    }

    /// The studied doses, ascending.
    pub fn doses(&self) -> &[StudiedDose] {
        &self.doses
    }

    /// Where `dose` sits, or None when no study prints a dose or the dose is not positive.
    pub fn place(&self, dose: f64) -> Option<Placement> {
        let doses = &self.doses;
        if doses.is_empty() || !dose.is_finite() || dose <= 0.0 {
            return None;
        }
        let count = doses.len();
        // Both predicates are monotone along ascending doses, so each count is a
        // partition point: below = v < dose(1 − t); equal = |v − dose| ≤ dose·t.
        let below = doses.partition_point(|d| d.dose_per_kg < dose * (1.0 - TOLERANCE));
        let tolerance = dose * TOLERANCE;
        let equal_from = doses.partition_point(|d| d.dose_per_kg - dose < -tolerance);
        let equal_to = doses.partition_point(|d| d.dose_per_kg - dose <= tolerance);
        let equal = equal_to - equal_from;
        let values = |i: usize| doses[i].dose_per_kg;
        Some(Placement {
            indication: self.indication,
            min: values(0),
            max: values(count - 1),
            median: if count % 2 == 1 {
                values(count / 2)
            } else {
                (values(count / 2 - 1) + values(count / 2)) / 2.0
            },
            percentile: 100.0 * (below as f64 + 0.5 * equal as f64) / count as f64,
            closest: self.closest(dose, 3),
            doses: Arc::clone(doses),
            excluded: Arc::clone(&self.excluded),
        })
    }

    /// Up to `k` studies closest to `dose` on a log scale; ties: larger N first, then
    /// ascending dose order (the order a stable sort of every dose gives).
    fn closest(&self, dose: f64, k: usize) -> Vec<StudiedDose> {
        let target = dose.log10();
        let distance = |i: usize| (self.log_doses[i] - target).abs();
        // Distances fall towards the insertion point from the left and rise away from it
        // on the right: merge both sides outwards, nearest first, and keep every study
        // tied with the k-th nearest so the tie-break sees all of them.
        let split = self.doses.partition_point(|d| d.dose_per_kg < dose);
        let (mut left, mut right) = (split, split);
        let mut candidates: Vec<usize> = Vec::new();
        let mut kth = f64::INFINITY;
        loop {
            let next_left = (left > 0).then(|| distance(left - 1));
            let next_right = (right < self.doses.len()).then(|| distance(right));
            let take_left = match (next_left, next_right) {
                (None, None) => break,
                (Some(l), Some(r)) => l <= r,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            let (index, d) = if take_left {
                left -= 1;
                (left, next_left.unwrap_or_default())
            } else {
                right += 1;
                (right - 1, next_right.unwrap_or_default())
            };
            if candidates.len() >= k && d > kth {
                break;
            }
            candidates.push(index);
            if candidates.len() == k {
                kth = d;
            }
        }
        crate::domain::sort::sort_by(&mut candidates, |&a, &b| {
            distance(a)
                .total_cmp(&distance(b))
                .then(
                    self.doses[b]
                        .n
                        .unwrap_or(0)
                        .cmp(&self.doses[a].n.unwrap_or(0)),
                )
                .then(a.cmp(&b))
        });
        candidates
            .into_iter()
            .take(k)
            .map(|i| self.doses[i].clone())
            .collect()
    }
}

/// The dose index of each indication, built when that indication is first placed, from
/// the studies as they are then. Evidence is not changed once loaded; a clone (as
/// `synthetic_evidence` makes before replacing the studies) starts with an empty cache, so
/// it never sees another dataset's index.
#[derive(Default)]
pub struct DoseIndexCache([OnceLock<Arc<DoseIndex>>; Indication::ALL.len()]);

impl DoseIndexCache {
    /// The index of `indication` in `evidence` (whose cache this is).
    pub fn get(&self, evidence: &Evidence, indication: Indication) -> Arc<DoseIndex> {
        let build = || Arc::new(DoseIndex::build(evidence, indication));
        match Indication::ALL.iter().position(|i| *i == indication) {
            Some(slot) => Arc::clone(self.0[slot].get_or_init(build)),
            None => build(),
        }
    }
}

impl Clone for DoseIndexCache {
    fn clone(&self) -> Self {
        DoseIndexCache::default()
    }
}

/// A cache never makes two evidences differ.
impl PartialEq for DoseIndexCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for DoseIndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let built = self.0.iter().filter(|slot| slot.get().is_some()).count();
        write!(f, "DoseIndexCache({built} built)")
    }
}

/// Where `dose` sits among the studied doses of `indication`, or None when no study of
/// it prints a dose per kg. Uses the evidence's index (built on the first call).
pub fn place_dose(evidence: &Evidence, indication: Indication, dose: f64) -> Option<Placement> {
    evidence
        .dose_index_cache
        .get(evidence, indication)
        .place(dose)
}

/// Median of sorted values.
#[cfg(test)]
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

    /// The placement as it was computed before the index: a scan of every study and two
    /// full sorts per call. Kept to check the index gives identical results.
    fn place_dose_by_scan(
        evidence: &Evidence,
        indication: Indication,
        dose: f64,
    ) -> Option<Placement> {
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
            doses: doses.into(),
            excluded: excluded.into(),
        })
    }

    /// Doses to place: studied ones exactly, neighbours within and beyond the tolerance,
    /// halfway points, extremes and nonsense.
    fn probes(index: &DoseIndex) -> Vec<f64> {
        let mut probes = vec![
            1.0,
            1e3,
            1e5,
            3.3e5,
            1e6,
            1.5e6,
            2e6,
            1e7,
            1e9,
            0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
        ];
        for pair in index.doses().windows(2) {
            let (a, b) = (pair[0].dose_per_kg, pair[1].dose_per_kg);
            probes.extend([
                a,
                a * (1.0 + 5e-10),
                a * (1.0 - 5e-10),
                a * (1.0 + 2e-9),
                (a + b) / 2.0,
                (a * b).sqrt(),
            ]);
        }
        probes
    }

    #[test]
    fn the_index_places_every_dose_as_the_scan_did() {
        let real = evidence().unwrap();
        let synthetic = crate::domain::synthetic::synthetic_evidence(real, 10_000, 1);
        for ev in [real, &synthetic] {
            for indication in Indication::ALL {
                let index = DoseIndex::build(ev, indication);
                let probes = probes(&index);
                // The scan costs a pass over 10,000 studies per dose: about 40 doses
                // spread over the range of each indication suffice there.
                let step = if ev.dataset.studies.len() > 1_000 {
                    (probes.len() / 40).max(1)
                } else {
                    1
                };
                for dose in probes.into_iter().step_by(step) {
                    assert_eq!(
                        place_dose(ev, indication, dose),
                        place_dose_by_scan(ev, indication, dose),
                        "{indication:?} at {dose}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_clone_of_the_evidence_does_not_reuse_its_index() {
        let real = evidence().unwrap();
        assert!(place_dose(real, Indication::AgvhdTreatment, 2e6).is_some());
        let mut other = real.clone();
        other
            .dataset
            .studies
            .retain(|s| s.indication != Indication::AgvhdTreatment);
        assert!(place_dose(&other, Indication::AgvhdTreatment, 2e6).is_none());
    }

    #[test]
    fn no_placement_without_studied_doses() {
        assert!(place_dose(evidence().unwrap(), Indication::Relapse, 1e6).is_none());
        assert!(place_dose(evidence().unwrap(), Indication::AgvhdTreatment, f64::NAN).is_none());
    }
}
