//! Random-effects pooling of proportions on the logit scale.
//!
//! Per study i with k events of n: y = ln(k / (n−k)), v = 1/k + 1/(n−k); with 0 or n
//! events, 0.5 is added to both cells: y = ln((k+½)/(n−k+½)), v = 1/(k+½) + 1/(n−k+½).
//!
//! - Fixed-effect weights w = 1/v; Q = Σ w (y − ȳ_w)², df = K − 1.
//! - tau² by DerSimonian-Laird: max(0, (Q − df) / (Σw − Σw²/Σw)); or by REML, with
//!   metafor's Fisher scoring from Hedges' estimate (steps halved to stay ≥ 0, to
//!   |Δ| ≤ 1e-12; 0 instead when the restricted likelihood is higher there) — the REML
//!   likelihood can have two maxima, and this finds the one metafor reports.
//! - Pooled μ = Σw*y/Σw*, SE = √(1/Σw*); 95% CI μ ± z·SE; with Hartung-Knapp,
//!   SE_HK = √(Σw*(y−μ)²/((K−1)Σw*)) and μ ± t(K−1)·SE_HK.
//! - I² = 100·tau²/(tau² + s²), s² = (K−1)Σw/((Σw)² − Σw²) (the typical within-study
//!   variance; for DL this equals the Q-based (Q−df)/Q).
//! - 95% prediction interval μ ± c·√(tau² + SE²), c by [`PredictionMethod`]: normal,
//!   t(K−1) or t(K−2) (default; needs K ≥ 3).
//! - Everything is back-transformed to proportions with expit.
//!
//! Freeman-Tukey is not used: its back-transformation misleads with unequal sizes.

use super::{chi2_p, expit, t_quantile, z_quantile, PredictionMethod};

crate::keyed_enum! {
    /// The tau² estimator.
    #[derive(Default)]
    pub enum Tau2Method {
        #[default]
        Reml = ("reml", "REML"),
        DerSimonianLaird = ("dl", "DerSimonian-Laird"),
    }
}

/// Options of a pooled analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PoolOptions {
    pub tau2: Tau2Method,
    pub hartung_knapp: bool,
    /// The prediction interval's quantile (default t with K − 2 df).
    pub prediction: PredictionMethod,
}

/// One study on the logit scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogitStudy {
    pub y: f64,
    pub v: f64,
    /// Whether 0.5 was added (0 or all events).
    pub corrected: bool,
}

/// The logit and its variance for k of n; None when n = 0 or k > n.
pub fn logit_study(events: u32, n: u32) -> Option<LogitStudy> {
    if n == 0 || events > n {
        return None;
    }
    let (k, total) = (f64::from(events), f64::from(n));
    let corrected = events == 0 || events == n;
    let (a, b) = if corrected {
        (k + 0.5, total - k + 0.5)
    } else {
        (k, total - k)
    };
    Some(LogitStudy {
        y: (a / b).ln(),
        v: 1.0 / a + 1.0 / b,
        corrected,
    })
}

/// A pooled result; all interval ends are proportions (0–1).
#[derive(Clone, Debug, PartialEq)]
pub struct Pooled {
    pub studies: usize,
    pub logit: f64,
    pub se: f64,
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
    /// 95% prediction interval, when K ≥ 3.
    pub prediction: Option<(f64, f64)>,
    pub tau2: f64,
    pub q: f64,
    pub df: usize,
    pub q_p: Option<f64>,
    /// I² in percent.
    pub i2: f64,
    /// Random-effects weights, percent, in input order.
    pub weights: Vec<f64>,
    pub options: PoolOptions,
}

/// Why no pooled estimate exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolError {
    NoStudies,
    /// One study: its own estimate is all there is.
    OneStudy,
    /// A study with n = 0 or more events than patients.
    InvalidStudy {
        index: usize,
    },
}

impl std::fmt::Display for PoolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PoolError::NoStudies => write!(
                f,
                "No study reports this outcome with events and patients: nothing to pool."
            ),
            PoolError::OneStudy => write!(
                f,
                "Only one study: its own estimate is shown; pooling needs at least two."
            ),
            PoolError::InvalidStudy { index } => write!(
                f,
                "Study {} has no patients or more events than patients.",
                index + 1
            ),
        }
    }
}

/// The DerSimonian-Laird tau².
pub fn tau2_dl(studies: &[LogitStudy]) -> f64 {
    let w: Vec<f64> = studies.iter().map(|s| 1.0 / s.v).collect();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let mean = studies.iter().zip(&w).map(|(s, w)| w * s.y).sum::<f64>() / sw;
    let q: f64 = studies
        .iter()
        .zip(&w)
        .map(|(s, w)| w * (s.y - mean).powi(2))
        .sum();
    let df = studies.len() as f64 - 1.0;
    let c = sw - sw2 / sw;
    if c <= 0.0 {
        0.0
    } else {
        ((q - df) / c).max(0.0)
    }
}

/// The restricted log-likelihood (constants dropped) at tau², intercept only:
/// −½[Σ ln(v + tau²) + ln Σw + Σw(y − μ̂)²], w = 1/(v + tau²).
pub fn reml_log_likelihood(studies: &[LogitStudy], tau2: f64) -> f64 {
    let w: Vec<f64> = studies.iter().map(|s| 1.0 / (s.v + tau2)).collect();
    let sw: f64 = w.iter().sum();
    let mu = studies.iter().zip(&w).map(|(s, w)| w * s.y).sum::<f64>() / sw;
    let rss: f64 = studies
        .iter()
        .zip(&w)
        .map(|(s, w)| w * (s.y - mu).powi(2))
        .sum();
    let logs: f64 = studies.iter().map(|s| (s.v + tau2).ln()).sum();
    -0.5 * (logs + sw.ln() + rss)
}

/// The REML tau², computed as metafor does (Fisher scoring from Hedges' estimate, then
/// tau² = 0 if the restricted likelihood is higher there): see
/// [`super::sensitivity::rma`].
pub fn tau2_reml(studies: &[LogitStudy]) -> f64 {
    let (y, v): (Vec<f64>, Vec<f64>) = studies.iter().map(|s| (s.y, s.v)).unzip();
    super::sensitivity::rma(&y, &v, None, Tau2Method::Reml, false).map_or(0.0, |f| f.tau2)
}

/// Pools (events, n) pairs.
pub fn pool(counts: &[(u32, u32)], options: PoolOptions) -> Result<Pooled, PoolError> {
    let studies = counts
        .iter()
        .enumerate()
        .map(|(index, (k, n))| logit_study(*k, *n).ok_or(PoolError::InvalidStudy { index }))
        .collect::<Result<Vec<_>, _>>()?;
    match studies.len() {
        0 => return Err(PoolError::NoStudies),
        1 => return Err(PoolError::OneStudy),
        _ => {}
    }
    Ok(pool_logits(&studies, options))
}

/// Pools studies already on the logit scale (at least two).
pub fn pool_logits(studies: &[LogitStudy], options: PoolOptions) -> Pooled {
    let count = studies.len();
    let df = count - 1;
    let w: Vec<f64> = studies.iter().map(|s| 1.0 / s.v).collect();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let fixed = studies.iter().zip(&w).map(|(s, w)| w * s.y).sum::<f64>() / sw;
    let q: f64 = studies
        .iter()
        .zip(&w)
        .map(|(s, w)| w * (s.y - fixed).powi(2))
        .sum();
    let tau2 = match options.tau2 {
        Tau2Method::DerSimonianLaird => tau2_dl(studies),
        Tau2Method::Reml => tau2_reml(studies),
    };
    let wr: Vec<f64> = studies.iter().map(|s| 1.0 / (s.v + tau2)).collect();
    let swr: f64 = wr.iter().sum();
    let mu = studies.iter().zip(&wr).map(|(s, w)| w * s.y).sum::<f64>() / swr;
    let se_normal = (1.0 / swr).sqrt();
    let (se, half) = if options.hartung_knapp {
        let qhk: f64 = studies
            .iter()
            .zip(&wr)
            .map(|(s, w)| w * (s.y - mu).powi(2))
            .sum::<f64>()
            / df as f64;
        let se = (qhk / swr).sqrt();
        (se, t_quantile(0.95, df as f64).unwrap_or(f64::NAN) * se)
    } else {
        (se_normal, z_quantile(0.95) * se_normal)
    };
    let s2 = df as f64 * sw / (sw * sw - sw2);
    let i2 = if tau2 + s2 > 0.0 {
        100.0 * tau2 / (tau2 + s2)
    } else {
        0.0
    };
    let prediction = options.prediction.quantile(count).map(|t| {
        let spread = t * (tau2 + se * se).sqrt();
        (expit(mu - spread), expit(mu + spread))
    });
    Pooled {
        studies: count,
        logit: mu,
        se,
        estimate: expit(mu),
        lower: expit(mu - half),
        upper: expit(mu + half),
        prediction,
        tau2,
        q,
        df,
        q_p: chi2_p(q, df as f64),
        i2,
        weights: wr.iter().map(|w| 100.0 * w / swr).collect(),
        options,
    }
}

/// Pooled results per subgroup and the test of subgroup differences.
#[derive(Clone, Debug, PartialEq)]
pub struct Subgroups {
    /// (group label, pooled result or why not).
    pub groups: Vec<(String, Result<Pooled, PoolError>)>,
    /// Q between subgroups, its df and p (over groups with a pooled estimate).
    pub between: Option<(f64, usize, Option<f64>)>,
}

/// Pools each group separately; tests differences with
/// Q_b = Σ (μ_g − μ̄)²/SE_g², μ̄ = Σ(μ_g/SE_g²)/Σ(1/SE_g²), df = G − 1.
pub fn subgroups(groups: &[(String, Vec<(u32, u32)>)], options: PoolOptions) -> Subgroups {
    let pooled: Vec<(String, Result<Pooled, PoolError>)> = groups
        .iter()
        .map(|(label, counts)| (label.clone(), pool(counts, options)))
        .collect();
    let estimates: Vec<(f64, f64)> = pooled
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .map(|p| (p.logit, 1.0 / (p.se * p.se)))
        .collect();
    let between = (estimates.len() >= 2).then(|| {
        let sw: f64 = estimates.iter().map(|(_, w)| w).sum();
        let mean = estimates.iter().map(|(m, w)| m * w).sum::<f64>() / sw;
        let q: f64 = estimates.iter().map(|(m, w)| w * (m - mean).powi(2)).sum();
        let df = estimates.len() - 1;
        (q, df, chi2_p(q, df as f64))
    });
    Subgroups {
        groups: pooled,
        between,
    }
}

/// The pooled result without each study in turn (input order).
pub fn leave_one_out(
    counts: &[(u32, u32)],
    options: PoolOptions,
) -> Vec<Result<Pooled, PoolError>> {
    (0..counts.len())
        .map(|skip| {
            let rest: Vec<(u32, u32)> = counts
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect();
            pool(&rest, options)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REML: PoolOptions = PoolOptions {
        tau2: Tau2Method::Reml,
        hartung_knapp: false,
        prediction: PredictionMethod::TK2,
    };
    const DL: PoolOptions = PoolOptions {
        tau2: Tau2Method::DerSimonianLaird,
        hartung_knapp: false,
        prediction: PredictionMethod::TK2,
    };

    #[test]
    fn continuity_correction_only_for_zero_or_all_events() {
        let zero = logit_study(0, 10).unwrap();
        assert!(zero.corrected && (zero.y - (0.5f64 / 10.5).ln()).abs() < 1e-12);
        let all = logit_study(10, 10).unwrap();
        assert!(all.corrected && (all.v - (1.0 / 10.5 + 1.0 / 0.5)).abs() < 1e-12);
        let some = logit_study(3, 10).unwrap();
        assert!(!some.corrected && (some.y - (3.0f64 / 7.0).ln()).abs() < 1e-12);
        assert!(logit_study(1, 0).is_none() && logit_study(5, 4).is_none());
    }

    #[test]
    fn identical_studies_have_no_heterogeneity() {
        let p = pool(&[(10, 50), (10, 50), (10, 50)], REML).unwrap();
        assert_eq!((p.tau2, p.i2), (0.0, 0.0));
        assert!((p.estimate - 0.2).abs() < 1e-12);
        assert!(p.q.abs() < 1e-12);
        assert!(p.weights.iter().all(|w| (w - 100.0 / 3.0).abs() < 1e-9));
    }

    #[test]
    fn too_few_studies_say_so() {
        assert_eq!(pool(&[], REML), Err(PoolError::NoStudies));
        assert_eq!(pool(&[(38, 54)], REML), Err(PoolError::OneStudy));
        assert_eq!(
            pool(&[(3, 10), (4, 0)], REML),
            Err(PoolError::InvalidStudy { index: 1 })
        );
        let two = pool(&[(3, 10), (6, 10)], DL).unwrap();
        assert!(
            two.prediction.is_none(),
            "a prediction interval needs three studies"
        );
    }

    #[test]
    fn reml_is_a_fixed_point_and_dl_matches_its_formula() {
        let counts = [(6, 25), (5, 26), (11, 25), (8, 14), (5, 6)];
        let studies: Vec<LogitStudy> = counts
            .iter()
            .map(|(k, n)| logit_study(*k, *n).unwrap())
            .collect();
        let tau2 = tau2_reml(&studies);
        let w: Vec<f64> = studies.iter().map(|s| 1.0 / (s.v + tau2)).collect();
        let sw: f64 = w.iter().sum();
        let mu = studies.iter().zip(&w).map(|(s, w)| w * s.y).sum::<f64>() / sw;
        let sw2: f64 = w.iter().map(|x| x * x).sum();
        let again = studies
            .iter()
            .zip(&w)
            .map(|(s, w)| w * w * ((s.y - mu).powi(2) - s.v))
            .sum::<f64>()
            / sw2
            + 1.0 / sw;
        assert!((again - tau2).abs() < 1e-9);
        let dl = pool(&counts, DL).unwrap();
        assert!(dl.q > dl.df as f64, "heterogeneous: Q exceeds its df");
        assert!(
            (dl.i2 - 100.0 * (dl.q - dl.df as f64) / dl.q).abs() < 1e-9,
            "DL: I² = (Q − df)/Q"
        );
    }

    #[test]
    fn leave_one_out_and_subgroups() {
        let counts = [(6, 25), (5, 26), (11, 25), (8, 14)];
        let loo = leave_one_out(&counts, REML);
        assert_eq!(loo.len(), 4);
        assert!(loo.iter().all(|r| r.as_ref().map(|p| p.studies) == Ok(3)));
        let groups = vec![
            ("a".to_string(), vec![(6, 25), (5, 26)]),
            ("b".to_string(), vec![(11, 25), (8, 14)]),
            ("c".to_string(), vec![(1, 2)]),
        ];
        let sub = subgroups(&groups, REML);
        assert_eq!(sub.groups[2].1, Err(PoolError::OneStudy));
        let (q, df, p) = sub.between.unwrap();
        assert_eq!(df, 1);
        assert!(q > 0.0 && p.unwrap() > 0.0 && p.unwrap() < 1.0);
    }
}
