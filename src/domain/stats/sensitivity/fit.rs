//! The `rma.uni` fit itself: tau² (DL or REML by Fisher scoring), the coefficients and their
//! covariance; the module above builds the uncertainty and sensitivity analyses on it.

use crate::domain::stats::pool::Tau2Method;
use crate::domain::stats::{chi2_p, t_quantile, z_quantile};

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

pub(super) fn i2_of(tau2: f64, vt: f64) -> f64 {
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
        Some(x) => crate::domain::stats::regression::wls_rows(
            x.iter().zip(y).zip(w).map(|((&x, &y), &w)| (x, y, w)),
        ),
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

/// Σ w_i (y_i − x_iᵀβ)²: Q_E with fixed-effect weights, the Hartung-Knapp numerator with
/// random-effects ones.
fn weighted_rss(y: &[f64], x: Option<&[f64]>, w: &[f64], beta: [f64; 2]) -> f64 {
    (0..y.len())
        .map(|i| {
            let r = row(x, i);
            w[i] * (y[i] - r[0] * beta[0] - r[1] * beta[1]).powi(2)
        })
        .sum()
}

/// REML tau² (K > p); `dl` is the start when Hedges' estimate is undefined.
fn reml_tau2(y: &[f64], v: &[f64], x: Option<&[f64]>, dl: f64) -> f64 {
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
    let qe = weighted_rss(y, x, &w0, b0);
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
            Tau2Method::Reml => reml_tau2(y, v, x, dl),
        }
    };
    let w: Vec<f64> = v.iter().map(|v| 1.0 / (v + tau2)).collect();
    let (beta, inv) = wls(y, x, &w)?;
    let hk = hk && k > p;
    let s2w = if hk {
        weighted_rss(y, x, &w, beta) / df
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
