//! Weighted meta-regression of logit proportions on a covariate (log10 dose):
//! y_i = β0 + β1·x_i + u_i + e_i, u_i ~ N(0, tau²), e_i ~ N(0, v_i).
//!
//! Residual tau² by the method of moments (DerSimonian-Laird generalised to regression):
//! fit weighted least squares with w = 1/v, Q_E = Σw(y − ŷ)², P = W − WX(XᵀWX)⁻¹XᵀW,
//! tau² = max(0, (Q_E − (K − 2)) / tr(P)). Then β = (XᵀW*X)⁻¹XᵀW*y with w* = 1/(v + tau²),
//! Cov(β) = (XᵀW*X)⁻¹, and the 95% confidence band at x is ŷ(x) ± z·√(Var ŷ(x)).

use super::z_quantile;

/// The fitted line.
#[derive(Clone, Debug, PartialEq)]
pub struct MetaRegression {
    pub intercept: f64,
    pub slope: f64,
    /// Covariance of (intercept, slope): [[var0, cov], [cov, var1]].
    pub covariance: [[f64; 2]; 2],
    pub tau2: f64,
    pub q_residual: f64,
    pub studies: usize,
}

impl MetaRegression {
    /// ŷ(x) on the logit scale and its 95% confidence band (lower, upper).
    pub fn predict(&self, x: f64) -> (f64, f64, f64) {
        let y = self.intercept + self.slope * x;
        let [[a, b], [_, d]] = self.covariance;
        let variance = a + 2.0 * b * x + d * x * x;
        let half = z_quantile(0.95) * variance.max(0.0).sqrt();
        (y, y - half, y + half)
    }

    /// The slope's 95% CI and two-sided p-value (normal).
    pub fn slope_test(&self) -> (f64, f64, f64) {
        let se = self.covariance[1][1].max(0.0).sqrt();
        let z = z_quantile(0.95);
        let normal = statrs::distribution::Normal::standard();
        use statrs::distribution::ContinuousCDF;
        let p = 2.0 * (1.0 - normal.cdf((self.slope / se).abs()));
        (self.slope - z * se, self.slope + z * se, p)
    }
}

/// Weighted least squares of y on x with weights w: (β0, β1, (XᵀWX)⁻¹).
fn wls(points: &[(f64, f64)], weights: &[f64]) -> Option<(f64, f64, [[f64; 2]; 2])> {
    let ([b0, b1], inverse) = wls_rows(points.iter().zip(weights).map(|(&(x, y), &w)| (x, y, w)))?;
    Some((b0, b1, inverse))
}

/// Weighted least squares of y on (1, x) over (x, y, w) rows: β and (XᵀWX)⁻¹; None when
/// XᵀWX is singular (x does not vary) or not finite. Shared by the meta-regression and the
/// sensitivity fits (both checked against metafor / statsmodels).
pub(crate) fn wls_rows(
    rows: impl Iterator<Item = (f64, f64, f64)>,
) -> Option<([f64; 2], [[f64; 2]; 2])> {
    let (mut s0, mut s1, mut s2, mut t0, mut t1) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (x, y, w) in rows {
        s0 += w;
        s1 += w * x;
        s2 += w * x * x;
        t0 += w * y;
        t1 += w * x * y;
    }
    let det = s0 * s2 - s1 * s1;
    // With positive weights det >= 0; a relative floor keeps rounding noise out.
    if !(det.is_finite() && det > 1e-12 * s0 * s2) {
        return None;
    }
    let inverse = [[s2 / det, -s1 / det], [-s1 / det, s0 / det]];
    let b0 = inverse[0][0] * t0 + inverse[0][1] * t1;
    let b1 = inverse[1][0] * t0 + inverse[1][1] * t1;
    Some(([b0, b1], inverse))
}

/// Fits the meta-regression to (x, y, v) triples; None with fewer than 3 studies or when
/// every x is the same.
pub fn meta_regression(data: &[(f64, f64, f64)]) -> Option<MetaRegression> {
    if data.len() < 3
        || data
            .iter()
            .any(|(x, y, v)| !x.is_finite() || !y.is_finite() || !v.is_finite() || *v <= 0.0)
    {
        return None;
    }
    let points: Vec<(f64, f64)> = data.iter().map(|(x, y, _)| (*x, *y)).collect();
    let w: Vec<f64> = data.iter().map(|(_, _, v)| 1.0 / v).collect();
    let (b0, b1, inverse) = wls(&points, &w)?;
    let q: f64 = points
        .iter()
        .zip(&w)
        .map(|((x, y), w)| w * (y - b0 - b1 * x).powi(2))
        .sum();
    // tr(P) = Σw − tr((XᵀWX)⁻¹ XᵀW²X)
    let (mut u0, mut u1, mut u2) = (0.0, 0.0, 0.0);
    for ((x, _), w) in points.iter().zip(&w) {
        u0 += w * w;
        u1 += w * w * x;
        u2 += w * w * x * x;
    }
    let trace_correction = inverse[0][0] * u0 + 2.0 * inverse[0][1] * u1 + inverse[1][1] * u2;
    let trace = w.iter().sum::<f64>() - trace_correction;
    let df = data.len() as f64 - 2.0;
    let tau2 = if trace > 0.0 {
        ((q - df) / trace).max(0.0)
    } else {
        0.0
    };
    let w_star: Vec<f64> = data.iter().map(|(_, _, v)| 1.0 / (v + tau2)).collect();
    let (intercept, slope, covariance) = wls(&points, &w_star)?;
    Some(MetaRegression {
        intercept,
        slope,
        covariance,
        tau2,
        q_residual: q,
        studies: data.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_line_is_recovered_with_no_residual_heterogeneity() {
        let data: Vec<(f64, f64, f64)> = [6.0, 6.3, 6.5, 7.0]
            .iter()
            .map(|x| (*x, 1.0 - 0.5 * x, 0.2))
            .collect();
        let fit = meta_regression(&data).unwrap();
        assert!((fit.intercept - 1.0).abs() < 1e-9 && (fit.slope + 0.5).abs() < 1e-9);
        assert_eq!(fit.tau2, 0.0);
        let (y, low, high) = fit.predict(6.2);
        assert!((y + 2.1).abs() < 1e-9 && low < y && y < high);
    }

    #[test]
    fn too_little_data_gives_no_line() {
        assert!(meta_regression(&[(6.0, 0.0, 0.1), (6.5, 0.2, 0.1)]).is_none());
        assert!(
            meta_regression(&[(6.0, 0.0, 0.1), (6.0, 0.2, 0.1), (6.0, 0.4, 0.1)]).is_none(),
            "one dose"
        );
        assert!(
            meta_regression(&[(6.0, 0.0, 0.1), (6.5, f64::NAN, 0.1), (7.0, 0.4, 0.1)]).is_none()
        );
    }
}
