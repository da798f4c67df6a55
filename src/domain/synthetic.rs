//! Seeded synthetic datasets for benchmarks and scale tests: copies of the review's studies
//! with new ids and drawn counts, so every code path sees realistic shapes. Never shown to
//! users as evidence.

use crate::domain::data::{Evidence, Unit};

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same dataset.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next_u64() % u64::from(high - low + 1)) as u32
    }
}

/// `studies` studies cycled from `base`, with fresh ids, sizes between 5 and 300 and
/// patient counts redrawn within each new size (percentages and days are kept).
pub fn synthetic_evidence(base: &Evidence, studies: usize, seed: u64) -> Evidence {
    let mut rng = Rng::new(seed);
    let mut evidence = base.clone();
    let originals = &base.dataset.studies;
    evidence.dataset.studies = (0..studies)
        .map(|i| {
            let mut study = originals[i % originals.len()].clone();
            study.id = format!("syn{i}");
            let n = rng.between(5, 300);
            study.n = Some(n);
            study.arms = None;
            study.diseases.iter_mut().for_each(|d| d.count = None);
            study.timing_groups.clear();
            if let Some(age) = study.age.as_mut() {
                age.bands.clear();
            }
            if let Some(dose) = study
                .dose
                .as_mut()
                .filter(|d| d.basis == crate::domain::data::DoseBasis::PerKg)
            {
                dose.groups.clear();
                dose.low = None;
                dose.high = None;
                dose.stat = Some(crate::domain::data::DoseStat::Median);
                dose.value = Some(f64::from(rng.between(5, 100)) * 1e5);
            }
            for outcome in &mut study.outcomes {
                outcome.n = None;
                outcome.percent = None;
                if outcome.unit == Unit::Patients {
                    outcome.value = Some(f64::from(rng.between(0, n)));
                }
            }
            study
        })
        .collect();
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;

    #[test]
    fn the_same_seed_gives_the_same_dataset_and_counts_stay_within_n() {
        let base = evidence().unwrap();
        let a = synthetic_evidence(base, 500, 7);
        let b = synthetic_evidence(base, 500, 7);
        assert_eq!(a, b);
        assert_ne!(a, synthetic_evidence(base, 500, 8));
        assert_eq!(a.dataset.studies.len(), 500);
        for study in &a.dataset.studies {
            let n = f64::from(study.n.unwrap());
            for o in study.outcomes.iter().filter(|o| o.unit == Unit::Patients) {
                assert!(o.value.unwrap() <= n);
            }
        }
        assert!(crate::domain::data::validate(&a).is_empty());
    }
}
