use super::*;

#[test]
fn gauss_hermite_7_matches_lme4() {
    let rule = gauss_hermite(7);
    assert!((rule[0].0 + 3.750_440).abs() < 1e-6 && (rule[0].1 - 0.000_548_268_9).abs() < 1e-10);
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
    let counts = counts(&data);
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
