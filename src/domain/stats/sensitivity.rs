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

use super::pool::{LogitStudy, PoolOptions, Tau2Method};
use super::{chi2_p, expit, t_quantile, z_quantile};

/// A fitted `rma.uni` with at most one moderator (p = 1 or 2).
#[derive(Clone, Debug, PartialEq)]
pub struct RmaFit {
    pub k: usize,
    /// 1 (intercept only) or 2 (intercept and slope).
    pub p: usize,
    pub beta: [f64; 2],
    /// Cov(β̂), Hartung-Knapp scaled when it applies.
    pub vb: [[f64; 2]; 2],
    pub tau2: f64,
    /// Residual heterogeneity Q_E (fixed-effect weights), df K − p.
    pub qe: f64,
    /// Hartung-Knapp scale (1 without it, or when K = p).
    pub s2w: f64,
    /// Whether the test is Hartung-Knapp (t with K − p df); false when K = p.
    pub hk: bool,
    /// Random-effects weights 1/(v + tau²), input order.
    pub w: Vec<f64>,
    /// Typical within-study variance (K − p)/tr(P₀) (for I²).
    pub vt: f64,
}

impl RmaFit {
    /// I² in percent.
    pub fn i2(&self) -> f64 {
        i2_of(self.tau2, self.vt)
    }

    /// The coefficient `j`'s SE.
    pub fn se(&self, j: usize) -> f64 {
        self.vb[j][j].max(0.0).sqrt()
    }

    /// The critical value of the coefficient tests and CIs (z, or t with K − p df).
    pub fn crit(&self) -> f64 {
        if self.hk {
            t_quantile(0.95, (self.k - self.p) as f64).unwrap_or_else(|| z_quantile(0.95))
        } else {
            z_quantile(0.95)
        }
    }

    /// Q_E's p-value (1 when df = 0).
    pub fn qe_p(&self) -> f64 {
        if self.k > self.p {
            chi2_p(self.qe, (self.k - self.p) as f64).unwrap_or(1.0)
        } else {
            1.0
        }
    }
}

fn i2_of(tau2: f64, vt: f64) -> f64 {
    if tau2 + vt > 0.0 && vt.is_finite() {
        100.0 * tau2 / (tau2 + vt)
    } else {
        0.0
    }
}

/// Weighted least squares with rows (1, x_i): β, (XᵀWX)⁻¹; None when singular.
fn wls(y: &[f64], x: Option<&[f64]>, w: &[f64]) -> Option<([f64; 2], [[f64; 2]; 2])> {
    match x {
        None => {
            let sw: f64 = w.iter().sum();
            let swy: f64 = y.iter().zip(w).map(|(y, w)| y * w).sum();
            (sw > 0.0 && sw.is_finite()).then(|| ([swy / sw, 0.0], [[1.0 / sw, 0.0], [0.0, 0.0]]))
        }
        Some(x) => {
            let (mut s0, mut s1, mut s2, mut t0, mut t1) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for ((y, x), w) in y.iter().zip(x).zip(w) {
                s0 += w;
                s1 += w * x;
                s2 += w * x * x;
                t0 += w * y;
                t1 += w * x * y;
            }
            let det = s0 * s2 - s1 * s1;
            if !(det.is_finite() && det > 1e-12 * s0 * s2) {
                return None;
            }
            let inv = [[s2 / det, -s1 / det], [-s1 / det, s0 / det]];
            let b0 = inv[0][0] * t0 + inv[0][1] * t1;
            let b1 = inv[1][0] * t0 + inv[1][1] * t1;
            Some(([b0, b1], inv))
        }
    }
}

fn row(x: Option<&[f64]>, i: usize) -> [f64; 2] {
    [1.0, x.map_or(0.0, |x| x[i])]
}

/// tr(P), yᵀPPy and tr(PP) at weights w.
fn p_traces(y: &[f64], x: Option<&[f64]>, w: &[f64]) -> Option<(f64, f64, f64)> {
    let (beta, inv) = wls(y, x, w)?;
    let p = if x.is_some() { 2 } else { 1 };
    // B = XᵀW²X, C = XᵀW³X.
    let mut b = [[0.0; 2]; 2];
    let mut c = [[0.0; 2]; 2];
    let mut ypy = 0.0;
    let (mut sw, mut sw2) = (0.0, 0.0);
    for i in 0..y.len() {
        let r = row(x, i);
        let wi = w[i];
        let fitted = r[0] * beta[0] + r[1] * beta[1];
        ypy += (wi * (y[i] - fitted)).powi(2);
        sw += wi;
        sw2 += wi * wi;
        for a in 0..p {
            for d in 0..p {
                b[a][d] += wi * wi * r[a] * r[d];
                c[a][d] += wi * wi * wi * r[a] * r[d];
            }
        }
    }
    let mut tr_ab = 0.0;
    let mut tr_ac = 0.0;
    let mut ab = [[0.0; 2]; 2];
    for a in 0..p {
        for d in 0..p {
            for e in 0..p {
                ab[a][d] += inv[a][e] * b[e][d];
            }
        }
    }
    let mut tr_abab = 0.0;
    for a in 0..p {
        tr_ab += ab[a][a];
        for e in 0..p {
            tr_ac += inv[a][e] * c[e][a];
            tr_abab += ab[a][e] * ab[e][a];
        }
    }
    Some((sw - tr_ab, ypy, sw2 - 2.0 * tr_ac + tr_abab))
}

/// Hedges' (HE) estimate: (Σr² − Σv_i(1 − h_ii))/(K − p), ordinary least squares.
fn hedges(y: &[f64], v: &[f64], x: Option<&[f64]>) -> Option<f64> {
    let k = y.len();
    let p = if x.is_some() { 2 } else { 1 };
    if k <= p {
        return None;
    }
    let ones = vec![1.0; k];
    let (beta, inv) = wls(y, x, &ones)?;
    let mut rss = 0.0;
    let mut trace = 0.0;
    for i in 0..k {
        let r = row(x, i);
        rss += (y[i] - r[0] * beta[0] - r[1] * beta[1]).powi(2);
        let h = r[0] * (inv[0][0] * r[0] + inv[0][1] * r[1])
            + r[1] * (inv[1][0] * r[0] + inv[1][1] * r[1]);
        trace += v[i] * (1.0 - h);
    }
    Some((rss - trace) / (k - p) as f64)
}

/// The restricted log-likelihood (constants dropped): −½[Σ ln(v + tau²) + ln det(XᵀWX) + Σw r²].
fn reml_ll(y: &[f64], v: &[f64], x: Option<&[f64]>, tau2: f64) -> Option<f64> {
    let w: Vec<f64> = v.iter().map(|v| 1.0 / (v + tau2)).collect();
    let (beta, inv) = wls(y, x, &w)?;
    let det_inv = if x.is_some() {
        inv[0][0] * inv[1][1] - inv[0][1] * inv[1][0]
    } else {
        inv[0][0]
    };
    let rss: f64 = (0..y.len())
        .map(|i| {
            let r = row(x, i);
            w[i] * (y[i] - r[0] * beta[0] - r[1] * beta[1]).powi(2)
        })
        .sum();
    let logs: f64 = v.iter().map(|v| (v + tau2).ln()).sum();
    Some(-0.5 * (logs - det_inv.ln() + rss))
}

/// Fits the model to logits `y` with variances `v` and optional moderator `x`.
/// None when K < p, a variance is not positive and finite, or XᵀWX is singular.
pub fn rma(y: &[f64], v: &[f64], x: Option<&[f64]>, tau2: Tau2Method, hk: bool) -> Option<RmaFit> {
    let k = y.len();
    let p = if x.is_some() { 2 } else { 1 };
    if k < p
        || v.len() != k
        || x.is_some_and(|x| x.len() != k || x.iter().any(|x| !x.is_finite()))
        || v.iter().any(|v| !(v.is_finite() && *v > 0.0))
        || y.iter().any(|y| !y.is_finite())
    {
        return None;
    }
    let w0: Vec<f64> = v.iter().map(|v| 1.0 / v).collect();
    let (b0, _) = wls(y, x, &w0)?;
    let qe: f64 = (0..k)
        .map(|i| {
            let r = row(x, i);
            w0[i] * (y[i] - r[0] * b0[0] - r[1] * b0[1]).powi(2)
        })
        .sum();
    let (tr_p0, _, _) = p_traces(y, x, &w0)?;
    let df = (k - p) as f64;
    let vt = if tr_p0 > 0.0 { df / tr_p0 } else { 0.0 };
    let dl = if k > p && tr_p0 > 0.0 {
        ((qe - df) / tr_p0).max(0.0)
    } else {
        0.0
    };
    let tau2 = if k <= p {
        0.0
    } else {
        match tau2 {
            Tau2Method::DerSimonianLaird => dl,
            Tau2Method::Reml => {
                // metafor's Fisher scoring: from max(0, Hedges' estimate), steps halved
                // until tau² stays ≥ 0, to a change below 1e-12.
                let mut t = hedges(y, v, x).unwrap_or(dl).max(0.0);
                for _ in 0..10_000 {
                    let w: Vec<f64> = v.iter().map(|v| 1.0 / (v + t)).collect();
                    let Some((tr, ypy, trpp)) = p_traces(y, x, &w) else {
                        break;
                    };
                    let mut adj = (ypy - tr) / trpp;
                    if !adj.is_finite() {
                        break;
                    }
                    while t + adj < 0.0 && adj != 0.0 {
                        adj /= 2.0;
                    }
                    t += adj;
                    if adj.abs() <= 1e-12 {
                        break;
                    }
                }
                // metafor: a local maximum below the likelihood at 0 gives way to 0.
                match (reml_ll(y, v, x, 0.0), reml_ll(y, v, x, t)) {
                    (Some(at0), Some(at_t)) if t > 1e-12 && at0 - at_t > 1.5e-8 => 0.0,
                    _ => t,
                }
            }
        }
    };
    let w: Vec<f64> = v.iter().map(|v| 1.0 / (v + tau2)).collect();
    let (beta, inv) = wls(y, x, &w)?;
    let hk = hk && k > p;
    let s2w = if hk {
        (0..k)
            .map(|i| {
                let r = row(x, i);
                w[i] * (y[i] - r[0] * beta[0] - r[1] * beta[1]).powi(2)
            })
            .sum::<f64>()
            / df
    } else {
        1.0
    };
    let vb = [
        [s2w * inv[0][0], s2w * inv[0][1]],
        [s2w * inv[1][0], s2w * inv[1][1]],
    ];
    Some(RmaFit {
        k,
        p,
        beta,
        vb,
        tau2,
        qe,
        s2w,
        hk,
        w,
        vt,
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::pool::{logit_study, pool};

    fn logits(counts: &[(u32, u32)]) -> Vec<LogitStudy> {
        counts
            .iter()
            .filter_map(|(x, n)| logit_study(*x, *n))
            .collect()
    }

    const COUNTS: [(u32, u32); 6] = [(6, 25), (5, 26), (11, 25), (8, 14), (5, 6), (20, 60)];

    #[test]
    fn rma_agrees_with_pool() {
        for tau2 in [Tau2Method::Reml, Tau2Method::DerSimonianLaird] {
            for hk in [false, true] {
                let options = PoolOptions {
                    tau2,
                    hartung_knapp: hk,
                    ..PoolOptions::default()
                };
                let p = pool(&COUNTS, options).unwrap();
                let (y, v) = split(&logits(&COUNTS));
                let f = rma(&y, &v, None, tau2, hk).unwrap();
                assert!((f.tau2 - p.tau2).abs() < 1e-8, "{tau2:?}");
                assert!((f.beta[0] - p.logit).abs() < 1e-8 && (f.se(0) - p.se).abs() < 1e-8);
                assert!((f.qe - p.q).abs() < 1e-10 && (f.i2() - p.i2).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn q_profile_brackets_the_estimate() {
        let s = logits(&COUNTS);
        let p = pool(&COUNTS, PoolOptions::default()).unwrap();
        let ci = q_profile(&s, p.tau2).unwrap();
        assert!(
            ci.tau2.0 <= p.tau2 && p.tau2 <= ci.tau2.1,
            "{ci:?} {}",
            p.tau2
        );
        assert_eq!(ci.kinds.1, BoundKind::Root);
        let (y, v) = split(&s);
        let crit_l = ChiSquared::new(5.0).unwrap().inverse_cdf(0.025);
        assert!((q_general(&y, &v, ci.tau2.1) - crit_l).abs() < 1e-9);
        let same = logits(&[(3, 10), (3, 10), (3, 10)]);
        let ci = q_profile(&same, 0.0).unwrap();
        assert!(ci.empty && ci.tau2 == (0.0, 0.0) && ci.i2 == (0.0, 0.0));
        assert!(q_profile(&same[..1], 0.0).is_none());
    }

    #[test]
    fn influence_cumulative_baujat_and_tests_cover_every_study() {
        let s = logits(&COUNTS);
        let o = PoolOptions::default();
        let inf = influence(&s, o).unwrap();
        assert_eq!(inf.len(), 6);
        assert!((inf.iter().map(|i| i.weight).sum::<f64>() - 100.0).abs() < 1e-9);
        assert!(inf
            .iter()
            .all(|i| i.rstudent.is_some() && i.cook_d.unwrap() >= 0.0));
        let order: Vec<usize> = (0..6).rev().collect();
        let cum = cumulative(&s, &order, o).unwrap();
        assert_eq!(cum.len(), 6);
        assert!((cum[0].logit - s[5].y).abs() < 1e-12 && cum[0].tau2 == 0.0);
        let last = pool(&COUNTS, o).unwrap();
        assert!((cum[5].logit - last.logit).abs() < 1e-8);
        assert!(cumulative(&s, &[0, 0, 1, 2, 3, 4], o).is_none());
        assert_eq!(baujat(&s, o).unwrap().len(), 6);
        let n: Vec<u32> = COUNTS.iter().map(|c| c.1).collect();
        for predictor in [
            SmallStudyPredictor::StandardError,
            SmallStudyPredictor::InverseN,
        ] {
            let t = small_study_test(&s, &n, predictor, o).unwrap();
            assert!(t.p > 0.0 && t.p <= 1.0);
        }
        assert!(small_study_test(&s[..2], &n[..2], SmallStudyPredictor::InverseN, o).is_none());
        // Two studies: each left-out fit has one study (tau² 0, normal test).
        let two = influence(
            &s[..2],
            PoolOptions {
                hartung_knapp: true,
                ..o
            },
        )
        .unwrap();
        assert!(two.iter().all(|i| i.tau2_del == Some(0.0)));
        assert!(influence(&s[..1], o).is_none());
    }
}
