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
