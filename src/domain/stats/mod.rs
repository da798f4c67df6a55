//! Statistics for comparing outcomes across studies, with the formulas they implement:
//!
//! - [`proportion`]: a study's proportion with a 95% CI, Clopper-Pearson (exact, default)
//!   or Wilson (score).
//! - [`pool`]: random-effects pooling of proportions on the logit scale with inverse-variance
//!   weights; tau² by REML (default) or DerSimonian-Laird; Q, I², tau², pooled estimate with
//!   95% CI (normal, or Hartung-Knapp), 95% prediction interval; subgroups with a test of
//!   differences; leave-one-out.
//! - [`regression`]: weighted meta-regression of the logit proportion on log10 dose.
//! - [`glmm`]: the random-intercept logistic model (binomial-normal GLMM, ML with 7-node
//!   adaptive Gauss-Hermite quadrature, as metafor's `rma.glmm(measure = "PLO")`), with
//!   the Wald-type and likelihood-ratio heterogeneity tests.
//! - [`sensitivity`]: the inverse-variance model as metafor's `rma.uni` (one moderator at
//!   most), Q-profile CIs for tau² and I² (`confint`), influence diagnostics
//!   (`influence`), cumulative meta-analysis (`cumul`), Baujat coordinates (`baujat`) and
//!   the Egger and Peters tests (`regtest`).
//! - [`PredictionMethod`]: the prediction interval's quantile (z, t with K − 1 or K − 2 df).
//!
//! Quantiles come from `statrs` (beta, normal, Student t, chi-squared). Every function
//! returns `None` (or an explanation) instead of a number it cannot compute: no NaN leaves
//! this module. Results are checked against an independent implementation (Python's
//! scipy/statsmodels, `scripts/stats_fixtures.py`) in `tests/stats_golden.rs`, and against
//! metafor itself on 200 seeded random sets and metafor's proportion examples
//! (`scripts/metafor_reference.R`, `tests/metafor_golden.rs`).

pub mod glmm;
pub mod pool;
pub mod proportion;
pub mod regression;
pub mod sensitivity;

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

crate::keyed_enum! {
    /// How the 95% prediction interval's quantile is chosen: μ ± c·√(tau² + SE²).
    /// metafor's default is the normal quantile (t with K − 1 df under Hartung-Knapp);
    /// Higgins, Thompson and Spiegelhalter (2009) and Riley et al. (2011) use t with K − 2.
    pub enum PredictionMethod {
        Normal = ("z", "normal quantile"),
        TK1 = ("t-k1", "t quantile with K − 1 df"),
        TK2 = ("t-k2", "t quantile with K − 2 df"),
    }
}

impl Default for PredictionMethod {
    /// t with K − 2 df: the app's long-standing choice, cautious with few studies.
    fn default() -> Self {
        PredictionMethod::TK2
    }
}

impl PredictionMethod {
    /// The quantile for `studies` studies; None when the t distribution has no df left
    /// (K − 1 < 1 or K − 2 < 1).
    pub fn quantile(self, studies: usize) -> Option<f64> {
        match self {
            PredictionMethod::Normal => Some(z_quantile(0.95)),
            PredictionMethod::TK1 => (studies >= 2)
                .then(|| t_quantile(0.95, (studies - 1) as f64))
                .flatten(),
            PredictionMethod::TK2 => (studies >= 3)
                .then(|| t_quantile(0.95, (studies - 2) as f64))
                .flatten(),
        }
    }
}

/// The two-sided normal quantile for `level` (0.95 → 1.959964…).
pub fn z_quantile(level: f64) -> f64 {
    let normal = Normal::standard();
    normal.inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

/// The two-sided Student t quantile for `level` with `df` degrees of freedom.
pub fn t_quantile(level: f64, df: f64) -> Option<f64> {
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    Some(t.inverse_cdf(1.0 - (1.0 - level) / 2.0))
}

/// Upper-tail p-value of a chi-squared statistic.
pub fn chi2_p(statistic: f64, df: f64) -> Option<f64> {
    if !statistic.is_finite() || df <= 0.0 {
        return None;
    }
    let chi2 = ChiSquared::new(df).ok()?;
    Some(1.0 - chi2.cdf(statistic.max(0.0)))
}

/// logit(p) = ln(p / (1 − p)).
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// The inverse of [`logit`].
pub fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}
