//! The marginal likelihood of the binomial-normal model and what the fit needs around it:
//! the Gauss-Hermite rule, one study's adaptive quadrature term, ℓ and its gradient, the
//! Hessian by differences, and the saturated binomial GLM of the heterogeneity tests.

use crate::domain::stats::expit;

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
pub(super) struct Counts {
    pub(super) x: f64,
    pub(super) n: f64,
    pub(super) lchoose: f64,
}

pub(super) fn ln_choose(n: u32, k: u32) -> f64 {
    use statrs::function::gamma::ln_gamma;
    let (n, k) = (f64::from(n), f64::from(k));
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// x ln p + (n − x) ln(1 − p) at η.
pub(super) fn binomial_log(c: &Counts, eta: f64) -> f64 {
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
pub(super) fn log_likelihood(
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
pub(super) fn hessian(
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
pub(super) fn saturated_glm(data: &[(u32, u32)]) -> (Vec<f64>, Vec<f64>) {
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
