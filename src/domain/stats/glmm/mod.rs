//! Random-intercept logistic model (binomial-normal GLMM) for single-arm proportions, as
//! metafor's `rma.glmm(xi, ni, measure = "PLO", method = "ML")` fits it through
//! `lme4::glmer(cbind(x, n − x) ~ 1 + (1 | study), family = binomial, nAGQ = 7)`:
//!
//! x_i ~ Binomial(n_i, expit(μ + τ·u_i)), u_i ~ N(0, 1), no continuity correction.
//!
//! - The marginal log-likelihood ℓ(μ, τ) = Σ log ∫ Bin(x_i | expit(μ + τu)) φ(u) du is
//!   computed by adaptive Gauss-Hermite quadrature (7 nodes by default, as lme4's `nAGQ`):
//!   nodes centred at each study's conditional mode û_i and scaled by
//!   s_i = (1 + τ² n_i p̂_i(1 − p̂_i))^(−½), exactly lme4's rule.
//! - (μ, τ) maximise ℓ by Newton's method with the analytic gradient (the total derivative,
//!   modes and scales included) and a Hessian by central differences of that gradient, with
//!   step halving. ℓ is even in τ, so the search runs over all real τ and reports |τ|: the
//!   boundary τ = 0 is an ordinary stationary point, reached without special cases.
//! - SE(μ̂) from the inverse of the observed information of (μ, τ) jointly, as lme4's
//!   `vcov` (`use.hessian = TRUE`) which metafor reports; 95% CI μ̂ ± z·SE.
//! - Heterogeneity tests as metafor prints them: the Wald-type test of the saturated model
//!   (one logit per study) against the common proportion, and the likelihood-ratio test of
//!   the same two binomial GLMs (both fitted as R's `glm` does, IRLS included, so that
//!   studies with 0 or all events contribute what they contribute in R); df = K − 1.
//! - I² = 100·τ²/(τ² + s²) with s² the typical within-study variance of the 0.5-corrected
//!   logits (as metafor, which computes it from `escalc(measure = "PLO")`).
//! - Prediction interval μ̂ ± c·√(SE² + τ²), c by [`PredictionMethod`] (metafor: normal).

use super::pool::logit_study;
use super::{chi2_p, expit, z_quantile, PredictionMethod};

/// Options of the GLMM fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlmmOptions {
    /// Gauss-Hermite nodes per study (lme4/metafor: 7). 1 is the Laplace approximation.
    pub nodes: usize,
    pub prediction: PredictionMethod,
}

impl Default for GlmmOptions {
    fn default() -> Self {
        GlmmOptions {
            nodes: 7,
            prediction: PredictionMethod::Normal,
        }
    }
}

/// A heterogeneity test: statistic, df, p.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Test {
    pub statistic: f64,
    pub df: usize,
    pub p: f64,
}

/// How the optimiser ended (only converged fits are returned as results).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Convergence {
    pub iterations: usize,
    /// Largest absolute gradient component of ℓ at the solution.
    pub gradient: f64,
    /// τ̂ = 0: the heterogeneity variance is on its boundary.
    pub boundary: bool,
}

/// The fitted GLMM; interval ends are proportions (0–1).
#[derive(Clone, Debug, PartialEq)]
pub struct GlmmFit {
    pub studies: usize,
    pub logit: f64,
    pub se: f64,
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
    pub tau2: f64,
    /// Prediction interval (proportions); None when its t quantile needs more studies.
    pub prediction: Option<(f64, f64)>,
    /// I² in percent.
    pub i2: f64,
    /// Wald-type test of heterogeneity (metafor's `QE.Wld`).
    pub wald: Test,
    /// Likelihood-ratio test of heterogeneity, saturated vs common proportion (`QE.LRT`).
    pub lrt: Test,
    /// Likelihood-ratio test of τ² = 0 (this model against the common proportion), p from
    /// the ½χ²(0) + ½χ²(1) mixture.
    pub lrt_tau2: Test,
    /// Marginal log-likelihood (binomial coefficients included).
    pub log_likelihood: f64,
    pub convergence: Convergence,
    pub options: GlmmOptions,
}

/// Why there is no GLMM result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlmmError {
    NoStudies,
    OneStudy,
    InvalidStudy {
        index: usize,
    },
    /// Every study has 0 events (`true`) or every study all events (`false`): the ML
    /// estimate is on the boundary (a proportion of 0 or 1, logit ∓∞).
    NoVariation {
        all_zero: bool,
    },
    /// The likelihood keeps growing with τ (e.g. only studies with 0 or all events): no
    /// finite ML estimate of tau² (the search stops at τ = 50 on the logit scale).
    Unbounded,
    /// The optimiser did not reach a maximum.
    NotConverged {
        iterations: usize,
    },
    /// Fewer than 1 or more than 64 quadrature nodes.
    Nodes,
}

impl std::fmt::Display for GlmmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlmmError::NoStudies => write!(f, "No study with events and patients: nothing to pool."),
            GlmmError::OneStudy => write!(
                f,
                "Only one study: the random-effects GLMM needs at least two (metafor: more parameters than observations)."
            ),
            GlmmError::InvalidStudy { index } => write!(
                f,
                "Study {} has no patients or more events than patients.",
                index + 1
            ),
            GlmmError::NoVariation { all_zero: true } => write!(
                f,
                "Every study has 0 events: the GLMM's maximum-likelihood proportion is 0 (logit −∞), so it has no finite estimate or interval."
            ),
            GlmmError::NoVariation { all_zero: false } => write!(
                f,
                "Every study has all events: the GLMM's maximum-likelihood proportion is 1 (logit +∞), so it has no finite estimate or interval."
            ),
            GlmmError::Unbounded => write!(
                f,
                "The GLMM's likelihood keeps increasing with tau² (the studies are all at 0% or 100%, on both sides): there is no finite maximum-likelihood estimate."
            ),
            GlmmError::NotConverged { iterations } => write!(
                f,
                "The GLMM fit did not converge after {iterations} iterations."
            ),
            GlmmError::Nodes => write!(f, "The quadrature needs 1 to 64 nodes."),
        }
    }
}

/// Gauss-Hermite nodes and weights for ∫ f(z) φ(z) dz (φ the standard normal density),
/// as lme4's `GHrule(n)`: Newton's method on the orthonormal Hermite recurrence.
pub fn gauss_hermite(n: usize) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.0, 1.0)];
    }
    let pim4 = std::f64::consts::PI.powf(-0.25);
    let nf = n as f64;
    let half = n.div_ceil(2);
    let mut x = vec![0.0f64; n];
    let mut w = vec![0.0f64; n];
    let mut z = 0.0f64;
    for i in 0..half {
        z = match i {
            0 => (2.0 * nf + 1.0).sqrt() - 1.85575 * (2.0 * nf + 1.0).powf(-0.16667),
            1 => z - 1.14 * nf.powf(0.426) / z,
            2 => 1.86 * z - 0.86 * x[0],
            3 => 1.91 * z - 0.91 * x[1],
            _ => 2.0 * z - x[i - 2],
        };
        let mut pp = 1.0;
        for _ in 0..100 {
            let (mut p1, mut p2) = (pim4, 0.0);
            for j in 1..=n {
                let jf = j as f64;
                let p3 = p2;
                p2 = p1;
                p1 = z * (2.0 / jf).sqrt() * p2 - ((jf - 1.0) / jf).sqrt() * p3;
            }
            pp = (2.0 * nf).sqrt() * p2;
            let previous = z;
            z = previous - p1 / pp;
            if (z - previous).abs() <= 1e-15 * z.abs().max(1.0) {
                break;
            }
        }
        x[i] = z;
        x[n - 1 - i] = -z;
        w[i] = 2.0 / (pp * pp);
        w[n - 1 - i] = w[i];
    }
    let root_pi = std::f64::consts::PI.sqrt();
    let mut rule: Vec<(f64, f64)> = x
        .iter()
        .zip(&w)
        .map(|(x, w)| (std::f64::consts::SQRT_2 * x, w / root_pi))
        .collect();
    if n % 2 == 1 {
        rule[n / 2].0 = 0.0;
    }
    rule.reverse();
    rule
}

/// ln(1 + eᵗ) without overflow.
fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// A study's counts and its log binomial coefficient.
#[derive(Clone, Copy, Debug)]
struct Counts {
    x: f64,
    n: f64,
    lchoose: f64,
}

fn ln_choose(n: u32, k: u32) -> f64 {
    use statrs::function::gamma::ln_gamma;
    let (n, k) = (f64::from(n), f64::from(k));
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// x ln p + (n − x) ln(1 − p) at η.
fn binomial_log(c: &Counts, eta: f64) -> f64 {
    -c.x * softplus(-eta) - (c.n - c.x) * softplus(eta)
}

/// One study's log marginal likelihood and its gradient in (μ, τ) under AGQ; `mode` is the
/// warm start and receives the conditional mode.
fn study_term(
    c: &Counts,
    mu: f64,
    tau: f64,
    rule: &[(f64, f64)],
    mode: &mut f64,
    gradient: bool,
) -> (f64, [f64; 2]) {
    // Conditional mode of f(u) = x ln p + (n−x) ln(1−p) − u²/2, p = expit(μ + τu):
    // g(u) = τ(x − n p) − u is strictly decreasing; the root lies in [−τ(n−x), τx].
    let (mut lo, mut hi) = if tau >= 0.0 {
        (-tau * (c.n - c.x), tau * c.x)
    } else {
        (tau * c.x, -tau * (c.n - c.x))
    };
    let mut u = mode.clamp(lo, hi);
    for _ in 0..200 {
        let p = expit(mu + tau * u);
        let g = tau * (c.x - c.n * p) - u;
        if g > 0.0 {
            lo = u;
        } else {
            hi = u;
        }
        let slope = tau * tau * c.n * p * (1.0 - p) + 1.0;
        let mut next = u + g / slope;
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        let done =
            (next - u).abs() <= 1e-14 * (1.0 + u.abs()) || hi - lo <= 1e-15 * (1.0 + u.abs());
        u = next;
        if done {
            break;
        }
    }
    *mode = u;
    let eta0 = mu + tau * u;
    let p0 = expit(eta0);
    let pq0 = p0 * (1.0 - p0);
    let curvature = 1.0 + tau * tau * c.n * pq0;
    let s = curvature.powf(-0.5);
    let f0 = binomial_log(c, eta0) - 0.5 * u * u;
    let mut sum = 0.0;
    let mut terms = [0.0f64; 64];
    for (index, (z, w)) in rule.iter().enumerate() {
        let uk = u + s * z;
        let fk = binomial_log(c, mu + tau * uk) - 0.5 * uk * uk;
        let e = w * (fk - f0 + 0.5 * z * z).exp();
        terms[index] = e;
        sum += e;
    }
    let value = c.lchoose + f0 + s.ln() + sum.ln();
    if !gradient {
        return (value, [0.0, 0.0]);
    }
    // Total derivatives (the mode and the scale move with μ and τ).
    let n_pq = c.n * pq0;
    let du = [
        -tau * n_pq / curvature,
        ((c.x - c.n * p0) - tau * n_pq * u) / curvature,
    ];
    let deta = [1.0 + tau * du[0], u + tau * du[1]];
    let skew = tau * tau * n_pq * (1.0 - 2.0 * p0);
    let dc = [skew * deta[0], 2.0 * tau * n_pq + skew * deta[1]];
    let ds = [-0.5 * s / curvature * dc[0], -0.5 * s / curvature * dc[1]];
    let mut grad = [-0.5 * dc[0] / curvature, -0.5 * dc[1] / curvature];
    for (index, (z, _)) in rule.iter().enumerate() {
        let weight = terms[index] / sum;
        let uk = u + s * z;
        let resid = c.x - c.n * expit(mu + tau * uk);
        let fu = tau * resid - uk;
        grad[0] += weight * (resid + fu * (du[0] + z * ds[0]));
        grad[1] += weight * (resid * uk + fu * (du[1] + z * ds[1]));
    }
    (value, grad)
}

/// The log-likelihood (and gradient) of all studies.
fn log_likelihood(
    counts: &[Counts],
    mu: f64,
    tau: f64,
    rule: &[(f64, f64)],
    modes: &mut [f64],
    gradient: bool,
) -> (f64, [f64; 2]) {
    let mut total = 0.0;
    let mut grad = [0.0, 0.0];
    for (c, mode) in counts.iter().zip(modes.iter_mut()) {
        let (v, g) = study_term(c, mu, tau, rule, mode, gradient);
        total += v;
        grad[0] += g[0];
        grad[1] += g[1];
    }
    (total, grad)
}

/// The Hessian of ℓ by central differences of the analytic gradient.
fn hessian(
    counts: &[Counts],
    at: [f64; 2],
    rule: &[(f64, f64)],
    modes: &mut [f64],
) -> [[f64; 2]; 2] {
    let mut h = [[0.0; 2]; 2];
    for axis in 0..2 {
        let step = 1e-5 * at[axis].abs().max(1.0);
        let mut plus = at;
        let mut minus = at;
        plus[axis] += step;
        minus[axis] -= step;
        let (_, gp) = log_likelihood(counts, plus[0], plus[1], rule, modes, true);
        let (_, gm) = log_likelihood(counts, minus[0], minus[1], rule, modes, true);
        for other in 0..2 {
            h[other][axis] = (gp[other] - gm[other]) / (2.0 * step);
        }
    }
    let cross = 0.5 * (h[0][1] + h[1][0]);
    h[0][1] = cross;
    h[1][0] = cross;
    h
}

/// R's `glm` (binomial, logit) IRLS for the saturated model, study by study with the
/// shared deviance stopping rule: (final logits, IRLS weights of the last iteration).
fn saturated_glm(data: &[(u32, u32)]) -> (Vec<f64>, Vec<f64>) {
    const EPS: f64 = f64::EPSILON;
    let linkinv = |eta: f64| {
        let t = if eta < -30.0 {
            EPS
        } else if eta > 30.0 {
            1.0 / EPS
        } else {
            eta.exp()
        };
        t / (1.0 + t)
    };
    let mu_eta = |eta: f64| {
        if !(-30.0..=30.0).contains(&eta) {
            EPS
        } else {
            let e = eta.exp();
            e / ((1.0 + e) * (1.0 + e))
        }
    };
    let y_log_y = |y: f64, mu: f64| if y > 0.0 { y * (y / mu).ln() } else { 0.0 };
    let deviance = |mus: &[f64]| -> f64 {
        data.iter()
            .zip(mus)
            .map(|((x, n), mu)| {
                let y = f64::from(*x) / f64::from(*n);
                2.0 * f64::from(*n) * (y_log_y(y, *mu) + y_log_y(1.0 - y, 1.0 - mu))
            })
            .sum()
    };
    let mut eta: Vec<f64> = data
        .iter()
        .map(|(x, n)| {
            let start = (f64::from(*x) + 0.5) / (f64::from(*n) + 1.0);
            (start / (1.0 - start)).ln()
        })
        .collect();
    let mut mu: Vec<f64> = eta.iter().map(|e| linkinv(*e)).collect();
    let mut dev_old = deviance(&mu);
    let mut weights = vec![0.0; data.len()];
    for _ in 0..25 {
        for (i, (x, n)) in data.iter().enumerate() {
            let y = f64::from(*x) / f64::from(*n);
            let d = mu_eta(eta[i]);
            weights[i] = f64::from(*n) * d * d / (mu[i] * (1.0 - mu[i]));
            eta[i] += (y - mu[i]) / d;
            mu[i] = linkinv(eta[i]);
        }
        let dev = deviance(&mu);
        if (dev - dev_old).abs() / (dev.abs() + 0.1) < 1e-8 {
            break;
        }
        dev_old = dev;
    }
    (eta, weights)
}

/// Beyond this τ (logit scale) the fit is declared unbounded.
const TAU_MAX: f64 = 50.0;

/// Fits the GLMM to (events, n) pairs.
pub fn glmm(data: &[(u32, u32)], options: GlmmOptions) -> Result<GlmmFit, GlmmError> {
    if options.nodes == 0 || options.nodes > 64 {
        return Err(GlmmError::Nodes);
    }
    if let Some(index) = data.iter().position(|(x, n)| *n == 0 || x > n) {
        return Err(GlmmError::InvalidStudy { index });
    }
    match data.len() {
        0 => return Err(GlmmError::NoStudies),
        1 => return Err(GlmmError::OneStudy),
        _ => {}
    }
    let (events, total) = data.iter().fold((0.0, 0.0), |(e, t), (x, n)| {
        (e + f64::from(*x), t + f64::from(*n))
    });
    if events == 0.0 || events == total {
        return Err(GlmmError::NoVariation {
            all_zero: events == 0.0,
        });
    }
    let k = data.len();
    let rule = gauss_hermite(options.nodes);
    let counts: Vec<Counts> = data
        .iter()
        .map(|(x, n)| Counts {
            x: f64::from(*x),
            n: f64::from(*n),
            lchoose: ln_choose(*n, *x),
        })
        .collect();
    let logits: Vec<_> = data
        .iter()
        .filter_map(|(x, n)| logit_study(*x, *n))
        .collect();
    let mu_fixed = (events / (total - events)).ln();
    let mut modes = vec![0.0; k];
    let loglik_fixed: f64 = counts
        .iter()
        .map(|c| c.lchoose + binomial_log(c, mu_fixed))
        .sum();

    // Newton's method from (common logit, max(√tau²_DL, 0.3)).
    let mut at = [mu_fixed, super::pool::tau2_dl(&logits).sqrt().max(0.3)];
    let (mut value, mut grad) = log_likelihood(&counts, at[0], at[1], &rule, &mut modes, true);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < 200 {
        iterations += 1;
        if at[1].abs() > TAU_MAX {
            return Err(GlmmError::Unbounded);
        }
        let h = hessian(&counts, at, &rule, &mut modes);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        // Newton direction when −H is positive definite, otherwise a scaled gradient step.
        let newton = h[0][0] < 0.0 && det > 0.0;
        let mut direction = if newton {
            [
                -(h[1][1] * grad[0] - h[0][1] * grad[1]) / det,
                -(-h[1][0] * grad[0] + h[0][0] * grad[1]) / det,
            ]
        } else {
            // A unit step uphill, halved below until ℓ increases.
            let norm = grad[0].hypot(grad[1]).max(1e-300);
            [grad[0] / norm, grad[1] / norm]
        };
        // Steps of more than 5 on the logit scale are never needed.
        let length = direction[0].hypot(direction[1]);
        if length > 5.0 {
            direction = [direction[0] * 5.0 / length, direction[1] * 5.0 / length];
        }
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..60 {
            let trial = [at[0] + step * direction[0], at[1] + step * direction[1]];
            let mut trial_modes = modes.clone();
            let (v, g) = log_likelihood(&counts, trial[0], trial[1], &rule, &mut trial_modes, true);
            if v.is_finite() && v >= value - 1e-12 * value.abs().max(1.0) {
                let moved = (trial[0] - at[0]).abs().max((trial[1] - at[1]).abs());
                at = trial;
                value = v;
                grad = g;
                modes = trial_modes;
                accepted = true;
                // Converged when a full Newton step moves less than 1e-10.
                if newton && moved < 1e-10 * (1.0 + at[0].abs().max(at[1].abs())) {
                    converged = grad[0].abs().max(grad[1].abs()) < 1e-6;
                }
                break;
            }
            step *= 0.5;
        }
        let small = grad[0].abs().max(grad[1].abs()) < 1e-13 * value.abs().max(1.0);
        if small || converged {
            converged = true;
            break;
        }
        if !accepted {
            converged = grad[0].abs().max(grad[1].abs()) < 1e-6;
            break;
        }
    }
    if !converged || !value.is_finite() {
        return Err(GlmmError::NotConverged { iterations });
    }
    let tau = at[1].abs();
    let mu = at[0];
    let boundary = tau < 1e-7;
    let at = [mu, tau];
    let h = hessian(&counts, at, &rule, &mut modes);
    // Observed information I = −H; Var(μ̂) = I_ττ / det(I) (1/I_μμ on the boundary).
    let (i_mm, i_mt, i_tt) = (-h[0][0], -h[0][1], -h[1][1]);
    let det = i_mm * i_tt - i_mt * i_mt;
    let variance = if !boundary && i_tt > 0.0 && det > 0.0 {
        i_tt / det
    } else {
        1.0 / i_mm
    };
    if !(variance.is_finite() && variance > 0.0) {
        return Err(GlmmError::NotConverged { iterations });
    }
    let se = variance.sqrt();
    let tau2 = tau * tau;
    let z = z_quantile(0.95);

    // Heterogeneity tests of the two binomial GLMs (df = K − 1).
    let df = k - 1;
    let (sat_eta, sat_w) = saturated_glm(data);
    let sw: f64 = sat_w.iter().sum();
    let mean = sat_eta.iter().zip(&sat_w).map(|(e, w)| e * w).sum::<f64>() / sw;
    let wald = sat_eta
        .iter()
        .zip(&sat_w)
        .map(|(e, w)| w * (e - mean).powi(2))
        .sum::<f64>()
        .max(0.0);
    let loglik_saturated: f64 = counts
        .iter()
        .zip(&sat_eta)
        .map(|(c, eta)| c.lchoose + binomial_log(c, *eta))
        .sum();
    let lrt = (2.0 * (loglik_saturated - loglik_fixed)).max(0.0);
    let lrt_tau = (2.0 * (value - loglik_fixed)).max(0.0);
    let test = |statistic: f64, df: usize| Test {
        statistic,
        df,
        p: chi2_p(statistic, df as f64).unwrap_or(1.0),
    };
    let mut lrt_tau2 = test(lrt_tau, 1);
    lrt_tau2.p = if lrt_tau > 0.0 { 0.5 * lrt_tau2.p } else { 1.0 };

    // I² with the typical within-study variance of the corrected logits.
    let w: Vec<f64> = logits.iter().map(|s| 1.0 / s.v).collect();
    let (sw, sw2) = (w.iter().sum::<f64>(), w.iter().map(|x| x * x).sum::<f64>());
    let s2 = df as f64 * sw / (sw * sw - sw2);
    let i2 = if tau2 + s2 > 0.0 && s2.is_finite() {
        100.0 * tau2 / (tau2 + s2)
    } else {
        0.0
    };
    let prediction = options.prediction.quantile(k).map(|c| {
        let spread = c * (variance + tau2).sqrt();
        (expit(mu - spread), expit(mu + spread))
    });
    Ok(GlmmFit {
        studies: k,
        logit: mu,
        se,
        estimate: expit(mu),
        lower: expit(mu - z * se),
        upper: expit(mu + z * se),
        tau2,
        prediction,
        i2,
        wald: test(wald, df),
        lrt: test(lrt, df),
        lrt_tau2,
        log_likelihood: value,
        convergence: Convergence {
            iterations,
            gradient: grad[0].abs().max(grad[1].abs()),
            boundary,
        },
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_hermite_7_matches_lme4() {
        let rule = gauss_hermite(7);
        assert!(
            (rule[0].0 + 3.750_440).abs() < 1e-6 && (rule[0].1 - 0.000_548_268_9).abs() < 1e-10
        );
        assert!((rule[3].1 - 0.457_142_857_1).abs() < 1e-9 && rule[3].0 == 0.0);
        let total: f64 = rule.iter().map(|(_, w)| w).sum();
        assert!((total - 1.0).abs() < 1e-13);
        // Exact for polynomials up to degree 13: E[z⁴] = 3, E[z¹²] = 10395.
        let m4: f64 = rule.iter().map(|(z, w)| w * z.powi(4)).sum();
        let m12: f64 = rule.iter().map(|(z, w)| w * z.powi(12)).sum();
        assert!((m4 - 3.0).abs() < 1e-11 && (m12 - 10395.0).abs() < 1e-7);
        for n in [1, 2, 20, 64] {
            let total: f64 = gauss_hermite(n).iter().map(|(_, w)| w).sum();
            assert!((total - 1.0).abs() < 1e-12, "{n}");
        }
    }

    #[test]
    fn analytic_gradient_matches_differences() {
        let data = [(3, 10), (5, 12), (10, 15), (0, 9), (7, 7)];
        let counts: Vec<Counts> = data
            .iter()
            .map(|(x, n)| Counts {
                x: f64::from(*x),
                n: f64::from(*n),
                lchoose: ln_choose(*n, *x),
            })
            .collect();
        let rule = gauss_hermite(7);
        let mut modes = vec![0.0; 5];
        let (_, g) = log_likelihood(&counts, -0.2, 1.7, &rule, &mut modes, true);
        let h = 1e-6;
        let f = |mu: f64, tau: f64| {
            let mut m = vec![0.0; 5];
            log_likelihood(&counts, mu, tau, &rule, &mut m, false).0
        };
        let dmu = (f(-0.2 + h, 1.7) - f(-0.2 - h, 1.7)) / (2.0 * h);
        let dtau = (f(-0.2, 1.7 + h) - f(-0.2, 1.7 - h)) / (2.0 * h);
        assert!(
            (g[0] - dmu).abs() < 1e-6 && (g[1] - dtau).abs() < 1e-6,
            "{g:?} {dmu} {dtau}"
        );
    }

    #[test]
    fn metafor_example_with_zero_and_all_events() {
        // R: rma.glmm(xi = c(3,5,10,0,7), ni = c(10,12,15,9,7), measure = "PLO",
        //   control = list(glmerCtrl = list(tolPwrss = 1e-12))): tau = 2.125153, mu = −0.1658143,
        //   se = 1.05234; QE.Wld 3.4151, QE.LRT 25.6903.
        let fit = glmm(
            &[(3, 10), (5, 12), (10, 15), (0, 9), (7, 7)],
            GlmmOptions::default(),
        )
        .unwrap();
        assert!(
            (fit.tau2.sqrt() - 2.125_153).abs() < 2e-4,
            "{}",
            fit.tau2.sqrt()
        );
        assert!((fit.logit + 0.165_814_3).abs() < 1e-4, "{}", fit.logit);
        assert!((fit.se - 1.052_34).abs() < 1e-3, "{}", fit.se);
        assert!(
            (fit.wald.statistic - 3.4151).abs() < 1e-3,
            "{}",
            fit.wald.statistic
        );
        assert!(
            (fit.lrt.statistic - 25.6903).abs() < 1e-3,
            "{}",
            fit.lrt.statistic
        );
        assert!(!fit.convergence.boundary);
    }

    #[test]
    fn edges_are_stated() {
        let o = GlmmOptions::default();
        assert_eq!(glmm(&[], o), Err(GlmmError::NoStudies));
        assert_eq!(glmm(&[(3, 10)], o), Err(GlmmError::OneStudy));
        assert_eq!(
            glmm(&[(3, 10), (3, 0)], o),
            Err(GlmmError::InvalidStudy { index: 1 })
        );
        assert_eq!(
            glmm(&[(0, 10), (0, 5)], o),
            Err(GlmmError::NoVariation { all_zero: true })
        );
        assert_eq!(
            glmm(&[(10, 10), (5, 5)], o),
            Err(GlmmError::NoVariation { all_zero: false })
        );
        let same = glmm(&[(3, 10), (3, 10), (3, 10)], o).unwrap();
        assert!(same.convergence.boundary && same.tau2 < 1e-12);
        assert!((same.estimate - 0.3).abs() < 1e-9);
        // Common-proportion SE: 1/√(N p(1−p)).
        assert!((same.se - 1.0 / (30.0f64 * 0.21).sqrt()).abs() < 1e-6);
        // metafor reports tau² ≈ 29,616 here, where lme4 stopped; there is no maximum.
        assert_eq!(glmm(&[(0, 10), (10, 10)], o), Err(GlmmError::Unbounded));
        let mixed = glmm(&[(0, 10), (10, 10), (3, 8)], o).unwrap();
        assert!(mixed.se.is_finite() && mixed.tau2 > 1.0);
        let huge = glmm(&[(1, 2), (40_000, 100_000), (3, 7)], o).unwrap();
        assert!(huge.se.is_finite() && huge.lower < huge.estimate && huge.estimate < huge.upper);
    }

    #[test]
    fn never_nan_never_panics() {
        // A fixed LCG: small and extreme sets, including 0 and all events and n = 1.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u32| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % u64::from(m)) as u32
        };
        for _ in 0..300 {
            let k = 2 + next(12) as usize;
            let data: Vec<(u32, u32)> = (0..k)
                .map(|_| {
                    let tiny = next(4) == 0;
                    let n = 1 + next(if tiny { 3 } else { 300 });
                    let kind = next(5);
                    let x = match kind {
                        0 => 0,
                        1 => n,
                        _ => next(n + 1),
                    };
                    (x, n)
                })
                .collect();
            match glmm(&data, GlmmOptions::default()) {
                Ok(f) => {
                    let all = [
                        f.logit,
                        f.se,
                        f.estimate,
                        f.lower,
                        f.upper,
                        f.tau2,
                        f.i2,
                        f.wald.statistic,
                        f.wald.p,
                        f.lrt.statistic,
                        f.lrt.p,
                        f.lrt_tau2.p,
                    ];
                    assert!(all.iter().all(|x| x.is_finite()), "{data:?}: {f:?}");
                    assert!(f.lower <= f.estimate && f.estimate <= f.upper, "{data:?}");
                    assert!(f
                        .prediction
                        .is_some_and(|(a, b)| a.is_finite() && b.is_finite()));
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
}
