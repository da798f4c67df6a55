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

use super::pool::{logit_study, LogitStudy};
use super::{chi2_p, expit, z_quantile, PredictionMethod};

mod likelihood;
#[cfg(test)]
mod tests;

pub use likelihood::gauss_hermite;
use likelihood::{binomial_log, hessian, ln_choose, log_likelihood, saturated_glm, Counts};

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

/// Beyond this τ (logit scale) the fit is declared unbounded.
const TAU_MAX: f64 = 50.0;

/// Each study's events, patients and log binomial coefficient.
fn counts(data: &[(u32, u32)]) -> Vec<Counts> {
    data.iter()
        .map(|(x, n)| Counts {
            x: f64::from(*x),
            n: f64::from(*n),
            lchoose: ln_choose(*n, *x),
        })
        .collect()
}

/// Fits the GLMM to (events, n) pairs.
pub fn glmm(data: &[(u32, u32)], options: GlmmOptions) -> Result<GlmmFit, GlmmError> {
    let (events, total) = check_input(data, options)?;
    let k = data.len();
    let rule = gauss_hermite(options.nodes);
    let counts = counts(data);
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
    let start = [mu_fixed, super::pool::tau2_dl(&logits).sqrt().max(0.3)];
    let found = maximise(&counts, &rule, start, &mut modes)?;
    let (value, grad, iterations) = (found.value, found.grad, found.iterations);
    let tau = found.at[1].abs();
    let mu = found.at[0];
    let boundary = tau < 1e-7;
    let h = hessian(&counts, [mu, tau], &rule, &mut modes);
    let variance = mu_variance(h, boundary).ok_or(GlmmError::NotConverged { iterations })?;
    let se = variance.sqrt();
    let tau2 = tau * tau;
    let z = z_quantile(0.95);

    // Heterogeneity tests of the two binomial GLMs (df = K − 1).
    let df = k - 1;
    let (wald, lrt) = saturated_tests(data, &counts, loglik_fixed);
    let lrt_tau = (2.0 * (value - loglik_fixed)).max(0.0);
    let mut lrt_tau2 = test(lrt_tau, 1);
    lrt_tau2.p = if lrt_tau > 0.0 { 0.5 * lrt_tau2.p } else { 1.0 };

    let i2 = i2_of(&logits, tau2, df);
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

/// The refusals before any fitting; the total events and total N.
fn check_input(data: &[(u32, u32)], options: GlmmOptions) -> Result<(f64, f64), GlmmError> {
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
    Ok((events, total))
}

/// Where Newton's method stopped: (μ, τ) with τ of either sign, ℓ and its gradient there.
struct Maximum {
    at: [f64; 2],
    value: f64,
    grad: [f64; 2],
    iterations: usize,
}

/// Maximises ℓ(μ, τ) from `start`; `modes` holds the conditional modes at the result.
fn maximise(
    counts: &[Counts],
    rule: &[(f64, f64)],
    start: [f64; 2],
    modes: &mut Vec<f64>,
) -> Result<Maximum, GlmmError> {
    let mut at = start;
    let (mut value, mut grad) = log_likelihood(counts, at[0], at[1], rule, modes, true);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < 200 {
        iterations += 1;
        if at[1].abs() > TAU_MAX {
            return Err(GlmmError::Unbounded);
        }
        let h = hessian(counts, at, rule, modes);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        // Newton direction when −H is positive definite, otherwise a scaled gradient step.
        let newton = h[0][0] < 0.0 && det > 0.0;
        let direction = search_direction(h, det, grad, newton);
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..60 {
            let trial = [at[0] + step * direction[0], at[1] + step * direction[1]];
            let mut trial_modes = modes.clone();
            let (v, g) = log_likelihood(counts, trial[0], trial[1], rule, &mut trial_modes, true);
            if v.is_finite() && v >= value - 1e-12 * value.abs().max(1.0) {
                let moved = (trial[0] - at[0]).abs().max((trial[1] - at[1]).abs());
                at = trial;
                value = v;
                grad = g;
                *modes = trial_modes;
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
    Ok(Maximum {
        at,
        value,
        grad,
        iterations,
    })
}

/// The Newton direction −H⁻¹g when `newton`, else the unit gradient; at most 5 long.
fn search_direction(h: [[f64; 2]; 2], det: f64, grad: [f64; 2], newton: bool) -> [f64; 2] {
    let direction = if newton {
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
        [direction[0] * 5.0 / length, direction[1] * 5.0 / length]
    } else {
        direction
    }
}

/// Var(μ̂) from the Hessian at the maximum; None when it is not positive and finite.
fn mu_variance(h: [[f64; 2]; 2], boundary: bool) -> Option<f64> {
    // Observed information I = −H; Var(μ̂) = I_ττ / det(I) (1/I_μμ on the boundary).
    let (i_mm, i_mt, i_tt) = (-h[0][0], -h[0][1], -h[1][1]);
    let det = i_mm * i_tt - i_mt * i_mt;
    let variance = if !boundary && i_tt > 0.0 && det > 0.0 {
        i_tt / det
    } else {
        1.0 / i_mm
    };
    (variance.is_finite() && variance > 0.0).then_some(variance)
}

/// The Wald-type and likelihood-ratio statistics of the saturated GLM against the common
/// proportion (whose log-likelihood is `loglik_fixed`).
fn saturated_tests(data: &[(u32, u32)], counts: &[Counts], loglik_fixed: f64) -> (f64, f64) {
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
    (wald, lrt)
}

fn test(statistic: f64, df: usize) -> Test {
    Test {
        statistic,
        df,
        p: chi2_p(statistic, df as f64).unwrap_or(1.0),
    }
}

/// I² with the typical within-study variance of the corrected logits.
fn i2_of(logits: &[LogitStudy], tau2: f64, df: usize) -> f64 {
    let w: Vec<f64> = logits.iter().map(|s| 1.0 / s.v).collect();
    let (sw, sw2) = (w.iter().sum::<f64>(), w.iter().map(|x| x * x).sum::<f64>());
    let s2 = df as f64 * sw / (sw * sw - sw2);
    if tau2 + s2 > 0.0 && s2.is_finite() {
        100.0 * tau2 / (tau2 + s2)
    } else {
        0.0
    }
}
