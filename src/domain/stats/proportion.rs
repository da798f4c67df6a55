//! A proportion k/n with its confidence interval.
//!
//! - Clopper-Pearson (exact): lower = B⁻¹(α/2; k, n−k+1) (0 when k = 0), upper =
//!   B⁻¹(1−α/2; k+1, n−k) (1 when k = n), where B⁻¹ is the beta quantile.
//! - Wilson (score): (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), p̂ = k/n.

use statrs::distribution::{Beta, ContinuousCDF};

use super::z_quantile;

crate::keyed_enum! {
    /// The interval method.
    #[derive(Default)]
    pub enum CiMethod {
        #[default]
        ClopperPearson = ("cp", "Clopper-Pearson (exact)"),
        Wilson = ("wilson", "Wilson (score)"),
    }
}

/// A proportion with its interval, all on 0–1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proportion {
    pub events: u32,
    pub n: u32,
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
}

/// k/n with a `level` interval; None when n = 0, k > n or the level is not in (0, 1).
pub fn proportion(events: u32, n: u32, level: f64, method: CiMethod) -> Option<Proportion> {
    if n == 0 || events > n || !(level > 0.0 && level < 1.0) {
        return None;
    }
    let (k, total) = (f64::from(events), f64::from(n));
    let estimate = k / total;
    let (lower, upper) = match method {
        CiMethod::ClopperPearson => {
            let alpha = 1.0 - level;
            let lower = if events == 0 {
                0.0
            } else {
                Beta::new(k, total - k + 1.0).ok()?.inverse_cdf(alpha / 2.0)
            };
            let upper = if events == n {
                1.0
            } else {
                Beta::new(k + 1.0, total - k)
                    .ok()?
                    .inverse_cdf(1.0 - alpha / 2.0)
            };
            (lower, upper)
        }
        CiMethod::Wilson => {
            let z = z_quantile(level);
            let z2 = z * z;
            let denominator = 1.0 + z2 / total;
            let centre = (estimate + z2 / (2.0 * total)) / denominator;
            let half = z / denominator
                * (estimate * (1.0 - estimate) / total + z2 / (4.0 * total * total)).sqrt();
            ((centre - half).max(0.0), (centre + half).min(1.0))
        }
    };
    (lower.is_finite() && upper.is_finite()).then_some(Proportion {
        events,
        n,
        estimate,
        lower,
        upper,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clopper_pearson_38_of_54_is_56_4_to_82_0() {
        // The product brief's reference point (Ryoncil MSB-GVHD001 day-28 overall response).
        let p = proportion(38, 54, 0.95, CiMethod::ClopperPearson).unwrap();
        assert_eq!(format!("{:.1}", 100.0 * p.estimate), "70.4");
        assert_eq!(format!("{:.1}", 100.0 * p.lower), "56.4");
        assert_eq!(format!("{:.1}", 100.0 * p.upper), "82.0");
    }

    #[test]
    fn edges_zero_and_all_events() {
        let zero = proportion(0, 10, 0.95, CiMethod::ClopperPearson).unwrap();
        assert_eq!(zero.lower, 0.0);
        assert!((zero.upper - 0.308_497).abs() < 1e-6, "1 − 0.025^(1/10)");
        let all = proportion(10, 10, 0.95, CiMethod::ClopperPearson).unwrap();
        assert_eq!(all.upper, 1.0);
        assert!((all.lower - 0.691_503).abs() < 1e-6);
        for method in [CiMethod::ClopperPearson, CiMethod::Wilson] {
            assert!(proportion(3, 0, 0.95, method).is_none());
            assert!(proportion(4, 3, 0.95, method).is_none());
            assert!(proportion(1, 3, 1.0, method).is_none());
        }
    }

    #[test]
    fn every_interval_contains_its_estimate() {
        for n in 1..=60 {
            for k in 0..=n {
                for method in [CiMethod::ClopperPearson, CiMethod::Wilson] {
                    let p = proportion(k, n, 0.95, method).unwrap();
                    assert!(
                        p.lower <= p.estimate + 1e-12 && p.estimate <= p.upper + 1e-12,
                        "{k}/{n} {method:?}"
                    );
                    assert!((0.0..=1.0).contains(&p.lower) && (0.0..=1.0).contains(&p.upper));
                }
            }
        }
    }
}
