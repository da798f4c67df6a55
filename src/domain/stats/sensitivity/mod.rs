//! The inverse-variance model's uncertainty and sensitivity, as metafor computes them for
//! `rma.uni` fits (intercept only, or with one moderator for the small-study tests):
//!
//! - [`rma`]: y_i = x_iᵀβ + u_i + e_i, u_i ~ N(0, tau²), e_i ~ N(0, v_i). tau² by DL,
//!   max(0, (Q_E − (K − p))/tr(P)) with FE weights, or by REML with metafor's Fisher
//!   scoring, Δ = (yᵀPPy − tr P)/tr(PP), P = W − WX(XᵀWX)⁻¹XᵀW, from max(0, Hedges'
//!   estimate), Δ halved while tau² + Δ < 0, to |Δ| ≤ 1e-12; then 0 if the restricted
//!   likelihood is higher there (metafor's check for a local maximum).
//!   Cov(β̂) = s²_w (XᵀWX)⁻¹, s²_w = 1, or Σw r²/(K − p) with Hartung-Knapp (K > p).
//! - [`q_profile`]: the Q-profile 95% CI for tau² (Viechtbauer 2007): the tau² values where
//!   the generalised Q(tau²) = Σ w(tau²)(y − μ̂(tau²))² equals the χ²(K − 1) quantiles 0.975
//!   (lower) and 0.025 (upper), found by bisection in [0, max(100, 10·tau²)] as metafor's
//!   `confint`; bounds below 0 are 0, and the I² interval follows from
//!   I² = 100·tau²/(tau² + s²).
//! - [`influence`]: `influence.rma.uni` — per study, with (−i) the fit without it: externally
//!   standardised residual (y_i − μ̂₍₋ᵢ₎)/√(s²_w₍₋ᵢ₎(v_i + tau²₍₋ᵢ₎) + Var μ̂₍₋ᵢ₎), DFFITS
//!   (μ̂ − μ̂₍₋ᵢ₎)/√(s²_w₍₋ᵢ₎ h_i (tau²₍₋ᵢ₎ + v_i)), Cook's distance (μ̂ − μ̂₍₋ᵢ₎)²/Var μ̂,
//!   covariance ratio Var μ̂₍₋ᵢ₎/Var μ̂, tau² and Q_E without i, leverage h_i = w_i/Σw, weight
//!   and DFBETAS; a study is influential when |DFFITS| > 3√(1/(K−1)), or
//!   P(χ²₁ ≤ Cook) > 0.5, or h_i > 3/K, or |DFBETAS| > 1 (metafor's rule).
//! - [`cumulative`]: `cumul` — the model refitted to the first 1, 2, …, K studies in a given
//!   order (one study: its own estimate, normal CI).
//! - [`baujat`]: `baujat` — x_i = (y_i − μ̂)²/(tau² + v_i), y_i = (μ̂₍₋ᵢ₎ − μ̂)²/Var μ̂₍₋ᵢ₎.
//! - [`small_study_test`]: `regtest(model = "rma")` — the meta-regression of y on the
//!   standard error √v (Egger) or on 1/n (Peters), with the analysis' tau² method and test;
//!   the test of the slope and the limit estimate (the intercept).

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

use super::expit;
use super::pool::{LogitStudy, PoolOptions, Tau2Method};

mod fit;
#[cfg(test)]
mod tests;

use fit::i2_of;
pub use fit::{rma, RmaFit};

fn split(studies: &[LogitStudy]) -> (Vec<f64>, Vec<f64>) {
    studies.iter().map(|s| (s.y, s.v)).unzip()
}

/// How a Q-profile bound was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundKind {
    /// A root of the Q-profile equation.
    Root,
    /// The equation's root is below 0: the bound is 0.
    Zero,
    /// Beyond the search limit max(100, 10·tau²): the bound is that limit.
    AboveLimit,
}

/// The Q-profile 95% CIs for tau² and I² (percent).
#[derive(Clone, Debug, PartialEq)]
pub struct HeterogeneityCi {
    pub tau2: (f64, f64),
    pub i2: (f64, f64),
    pub kinds: (BoundKind, BoundKind),
    /// Both bounds fall below 0 (metafor: "the CIs are equal to the null/empty set").
    pub empty: bool,
}

/// Generalised Q at tau² (intercept only).
fn q_general(y: &[f64], v: &[f64], tau2: f64) -> f64 {
    let (mut sw, mut swy) = (0.0, 0.0);
    for (y, v) in y.iter().zip(v) {
        let w = 1.0 / (v + tau2);
        sw += w;
        swy += w * y;
    }
    let mu = swy / sw;
    y.iter()
        .zip(v)
        .map(|(y, v)| (y - mu).powi(2) / (v + tau2))
        .sum()
}

/// Q-profile CIs for studies pooled with tau² estimate `tau2_hat` (which sets the search
/// limit). None with fewer than 2 studies or invalid variances.
pub fn q_profile(studies: &[LogitStudy], tau2_hat: f64) -> Option<HeterogeneityCi> {
    let k = studies.len();
    if k < 2
        || studies
            .iter()
            .any(|s| !(s.v > 0.0 && s.v.is_finite() && s.y.is_finite()))
    {
        return None;
    }
    let (y, v) = split(studies);
    let fit = rma(&y, &v, None, Tau2Method::DerSimonianLaird, false)?;
    let df = (k - 1) as f64;
    let chi = ChiSquared::new(df).ok()?;
    let crit_u = chi.inverse_cdf(0.975);
    let crit_l = chi.inverse_cdf(0.025);
    let max = 100f64.max(10.0 * tau2_hat);
    let q_min = q_general(&y, &v, 0.0);
    let q_max = q_general(&y, &v, max);
    // Q(tau²) decreases in tau²: bisection for Q = target.
    let root = |target: f64| {
        let (mut lo, mut hi) = (0.0f64, max);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if q_general(&y, &v, mid) > target {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo <= 1e-15 * hi.max(1e-300) {
                break;
            }
        }
        0.5 * (lo + hi)
    };
    // metafor's confint.rma.uni, case by case.
    let mut empty = false;
    let (mut upper, mut upper_kind) = if q_min < crit_l {
        empty = true;
        (0.0, BoundKind::Zero)
    } else if q_max > crit_l {
        (max, BoundKind::AboveLimit)
    } else {
        (root(crit_l), BoundKind::Root)
    };
    let (lower, lower_kind) = if q_max > crit_u {
        upper = max;
        upper_kind = BoundKind::AboveLimit;
        (max, BoundKind::AboveLimit)
    } else if q_min < crit_u {
        (0.0, BoundKind::Zero)
    } else {
        (root(crit_u), BoundKind::Root)
    };
    Some(HeterogeneityCi {
        tau2: (lower, upper),
        i2: (i2_of(lower, fit.vt), i2_of(upper, fit.vt)),
        kinds: (lower_kind, upper_kind),
        empty,
    })
}

/// One study's influence diagnostics (None where metafor has NA: a fit without the study
/// or a ratio that does not exist).
#[derive(Clone, Debug, PartialEq)]
pub struct Influence {
    pub rstudent: Option<f64>,
    pub dffits: Option<f64>,
    pub cook_d: Option<f64>,
    pub cov_r: Option<f64>,
    pub tau2_del: Option<f64>,
    pub qe_del: Option<f64>,
    /// Leverage h_i = w_i/Σw.
    pub hat: f64,
    /// Weight, percent.
    pub weight: f64,
    pub dfbetas: Option<f64>,
    /// metafor's mark ("*").
    pub influential: bool,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn without(values: &[f64], skip: usize) -> Vec<f64> {
    values
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != skip)
        .map(|(_, x)| *x)
        .collect()
}

/// The leave-one-out fits (intercept only), input order.
fn leave_one_out(y: &[f64], v: &[f64], options: PoolOptions) -> Vec<Option<RmaFit>> {
    (0..y.len())
        .map(|i| {
            rma(
                &without(y, i),
                &without(v, i),
                None,
                options.tau2,
                options.hartung_knapp,
            )
        })
        .collect()
}

/// Influence diagnostics for every study; None with fewer than 2 studies.
pub fn influence(studies: &[LogitStudy], options: PoolOptions) -> Option<Vec<Influence>> {
    let k = studies.len();
    if k < 2 {
        return None;
    }
    let (y, v) = split(studies);
    let full = rma(&y, &v, None, options.tau2, options.hartung_knapp)?;
    let sw: f64 = full.w.iter().sum();
    let mu = full.beta[0];
    let vb = full.vb[0][0];
    // A zero variance (Hartung-Knapp with identical studies, whose scale is 0 up to
    // rounding): no ratio exists.
    if vb.is_nan() || vb <= 0.0 || (full.hk && full.s2w < 1e-20) {
        return None;
    }
    let chi1 = ChiSquared::new(1.0).ok()?;
    let loo = leave_one_out(&y, &v, options);
    let out = loo
        .iter()
        .enumerate()
        .map(|(i, fit)| {
            let hat = full.w[i] / sw;
            let weight = 100.0 * hat;
            let Some(del) = fit else {
                return Influence {
                    rstudent: None,
                    dffits: None,
                    cook_d: None,
                    cov_r: None,
                    tau2_del: None,
                    qe_del: None,
                    hat,
                    weight,
                    dfbetas: None,
                    influential: hat > 3.0 / k as f64,
                };
            };
            let mu_del = del.beta[0];
            let vb_del = del.vb[0][0];
            let mut resid = y[i] - mu_del;
            if resid.abs() < 100.0 * f64::EPSILON {
                resid = 0.0;
            }
            let se_resid = (v[i] * del.s2w + vb_del + del.tau2 * del.s2w).sqrt();
            let diff = mu - mu_del;
            let dffits = diff / (del.s2w * hat * (del.tau2 + v[i])).sqrt();
            let vb_all = 1.0 / v.iter().map(|v| 1.0 / (v + del.tau2)).sum::<f64>();
            let dfbetas = diff / (del.s2w * vb_all).sqrt();
            let cook = diff * diff / vb;
            let influential = dffits.abs() > 3.0 * (1.0 / (k as f64 - 1.0)).sqrt()
                || chi1.cdf(cook) > 0.5
                || hat > 3.0 / k as f64
                || dfbetas.abs() > 1.0;
            Influence {
                rstudent: finite(resid / se_resid),
                dffits: finite(dffits),
                cook_d: finite(cook),
                cov_r: finite(vb_del / vb),
                tau2_del: Some(del.tau2),
                qe_del: Some(del.qe),
                hat,
                weight,
                dfbetas: finite(dfbetas),
                influential,
            }
        })
        .collect();
    Some(out)
}

/// One step of a cumulative meta-analysis (the first `studies` studies); logit scale
/// except `estimate`, `ci` and `prediction` (proportions).
#[derive(Clone, Debug, PartialEq)]
pub struct CumulativeStep {
    pub studies: usize,
    pub logit: f64,
    pub se: f64,
    pub estimate: f64,
    pub ci: (f64, f64),
    pub ci_logit: (f64, f64),
    pub prediction: Option<(f64, f64)>,
    pub tau2: f64,
    pub i2: f64,
    pub qe: f64,
    pub qe_p: f64,
}

/// The cumulative meta-analysis of `studies` in the order `order` (indices into
/// `studies`; every index once). None when `order` is not a permutation.
pub fn cumulative(
    studies: &[LogitStudy],
    order: &[usize],
    options: PoolOptions,
) -> Option<Vec<CumulativeStep>> {
    let k = studies.len();
    let mut seen = vec![false; k];
    for &i in order {
        if i >= k || seen[i] {
            return None;
        }
        seen[i] = true;
    }
    if order.len() != k {
        return None;
    }
    let mut y = Vec::with_capacity(k);
    let mut v = Vec::with_capacity(k);
    let mut steps = Vec::with_capacity(k);
    for &i in order {
        y.push(studies[i].y);
        v.push(studies[i].v);
        let fit = rma(&y, &v, None, options.tau2, options.hartung_knapp)?;
        let se = fit.se(0);
        let mu = fit.beta[0];
        let half = fit.crit() * se;
        // metafor's predict: normal, or t(K − 1) under Hartung-Knapp; here the chosen method.
        let prediction = options.prediction.quantile(fit.k).map(|c| {
            let spread = c * (fit.vb[0][0] + fit.tau2).sqrt();
            (expit(mu - spread), expit(mu + spread))
        });
        steps.push(CumulativeStep {
            studies: fit.k,
            logit: mu,
            se,
            estimate: expit(mu),
            ci: (expit(mu - half), expit(mu + half)),
            ci_logit: (mu - half, mu + half),
            prediction,
            tau2: fit.tau2,
            i2: fit.i2(),
            qe: fit.qe,
            qe_p: fit.qe_p(),
        });
    }
    Some(steps)
}

/// Baujat coordinates (x: contribution to heterogeneity, y: influence on the result) per
/// study; None with fewer than 2 studies.
pub fn baujat(studies: &[LogitStudy], options: PoolOptions) -> Option<Vec<(f64, Option<f64>)>> {
    if studies.len() < 2 {
        return None;
    }
    let (y, v) = split(studies);
    let full = rma(&y, &v, None, options.tau2, options.hartung_knapp)?;
    let mu = full.beta[0];
    let loo = leave_one_out(&y, &v, options);
    Some(
        loo.iter()
            .enumerate()
            .map(|(i, del)| {
                let x = (y[i] - mu).powi(2) / (full.tau2 + v[i]);
                let yy = del
                    .as_ref()
                    .and_then(|d| finite((d.beta[0] - mu).powi(2) / d.vb[0][0]));
                (x, yy)
            })
            .collect(),
    )
}

/// The small-study regression's predictor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmallStudyPredictor {
    /// Egger: the standard error √v (`predictor = "sei"`).
    StandardError,
    /// Peters: 1/n (`predictor = "ninv"`).
    InverseN,
}

/// A regression test for funnel-plot asymmetry.
#[derive(Clone, Debug, PartialEq)]
pub struct SmallStudyTest {
    pub predictor: SmallStudyPredictor,
    pub slope: f64,
    pub slope_se: f64,
    /// z, or t with `df` under Hartung-Knapp.
    pub statistic: f64,
    pub df: Option<usize>,
    pub p: f64,
    /// The intercept: the logit as the predictor goes to 0, with its 95% CI.
    pub limit: f64,
    pub limit_ci: (f64, f64),
    pub tau2: f64,
}

/// The test for `studies` with sizes `n`; None with fewer than 3 studies or a predictor
/// that does not vary.
pub fn small_study_test(
    studies: &[LogitStudy],
    n: &[u32],
    predictor: SmallStudyPredictor,
    options: PoolOptions,
) -> Option<SmallStudyTest> {
    let k = studies.len();
    if k < 3 || n.len() != k || n.contains(&0) {
        return None;
    }
    let (y, v) = split(studies);
    let x: Vec<f64> = match predictor {
        SmallStudyPredictor::StandardError => v.iter().map(|v| v.sqrt()).collect(),
        SmallStudyPredictor::InverseN => n.iter().map(|n| 1.0 / f64::from(*n)).collect(),
    };
    let fit = rma(&y, &v, Some(&x), options.tau2, options.hartung_knapp)?;
    let slope_se = fit.se(1);
    let statistic = fit.beta[1] / slope_se;
    let (df, p) = if fit.hk {
        let df = k - 2;
        let t = StudentsT::new(0.0, 1.0, df as f64).ok()?;
        (Some(df), 2.0 * (1.0 - t.cdf(statistic.abs())))
    } else {
        (None, 2.0 * (1.0 - Normal::standard().cdf(statistic.abs())))
    };
    let half = fit.crit() * fit.se(0);
    finite(statistic)?;
    Some(SmallStudyTest {
        predictor,
        slope: fit.beta[1],
        slope_se,
        statistic,
        df,
        p,
        limit: fit.beta[0],
        limit_ci: (fit.beta[0] - half, fit.beta[0] + half),
        tau2: fit.tau2,
    })
}
