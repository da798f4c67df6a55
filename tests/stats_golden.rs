//! The statistics against an independent implementation: reference values written by
//! `scripts/stats_fixtures.py` (scipy and statsmodels) into `tests/fixtures/stats.json`.
//! Every figure must agree to 1e-6.
#![cfg(not(target_arch = "wasm32"))]

use msc_hsct::domain::stats::pool::{pool, PoolOptions, Tau2Method};
use msc_hsct::domain::stats::proportion::{proportion, CiMethod};
use msc_hsct::domain::stats::regression::meta_regression;
use serde_json::Value;

const TOLERANCE: f64 = 1e-6;

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/stats.json")).expect("valid fixtures")
}

fn close(actual: f64, expected: &Value, what: &str) {
    let expected = expected
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number"));
    assert!(
        (actual - expected).abs() <= TOLERANCE,
        "{what}: {actual} vs reference {expected} (diff {:e})",
        (actual - expected).abs()
    );
}

fn counts(value: &Value) -> Vec<(u32, u32)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_u64().unwrap() as u32,
                pair[1].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

#[test]
fn confidence_intervals_match_scipy_and_statsmodels() {
    let fixtures = fixtures();
    let cases = fixtures["proportions"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (k, n) = (
            case["events"].as_u64().unwrap() as u32,
            case["n"].as_u64().unwrap() as u32,
        );
        let cp = proportion(k, n, 0.95, CiMethod::ClopperPearson).unwrap();
        close(
            cp.lower,
            &case["clopper_pearson"][0],
            &format!("CP lower {k}/{n}"),
        );
        close(
            cp.upper,
            &case["clopper_pearson"][1],
            &format!("CP upper {k}/{n}"),
        );
        let wilson = proportion(k, n, 0.95, CiMethod::Wilson).unwrap();
        close(
            wilson.lower,
            &case["wilson"][0],
            &format!("Wilson lower {k}/{n}"),
        );
        close(
            wilson.upper,
            &case["wilson"][1],
            &format!("Wilson upper {k}/{n}"),
        );
    }
}

#[test]
fn pooling_matches_the_reference_for_every_case() {
    let fixtures = fixtures();
    let cases = fixtures["pooling"].as_object().unwrap();
    assert!(cases.len() >= 8);
    for (name, case) in cases {
        let data = counts(&case["counts"]);
        for (key, options) in [
            (
                "dl",
                PoolOptions {
                    tau2: Tau2Method::DerSimonianLaird,
                    hartung_knapp: false,
                    prediction: Default::default(),
                },
            ),
            (
                "reml",
                PoolOptions {
                    tau2: Tau2Method::Reml,
                    hartung_knapp: false,
                    prediction: Default::default(),
                },
            ),
            (
                "reml_hk",
                PoolOptions {
                    tau2: Tau2Method::Reml,
                    hartung_knapp: true,
                    prediction: Default::default(),
                },
            ),
        ] {
            let reference = &case[key];
            let result = pool(&data, options).unwrap();
            let what = |field: &str| format!("{name} {key} {field}");
            if let Some(tau2) = reference.get("tau2") {
                close(result.tau2, tau2, &what("tau2"));
                close(result.i2, &reference["i2"], &what("I2"));
            }
            close(result.logit, &reference["logit"], &what("logit"));
            close(result.se, &reference["se"], &what("se"));
            close(result.estimate, &reference["estimate"], &what("estimate"));
            close(result.lower, &reference["lower"], &what("lower"));
            close(result.upper, &reference["upper"], &what("upper"));
            match (result.prediction, reference.get("prediction")) {
                (Some((low, high)), Some(expected)) => {
                    close(low, &expected[0], &what("prediction lower"));
                    close(high, &expected[1], &what("prediction upper"));
                }
                (None, None) => {}
                (mine, theirs) => panic!("{}: prediction {mine:?} vs {theirs:?}", what("")),
            }
            close(result.q, &case["q"], &what("Q"));
            close(result.q_p.unwrap(), &case["q_p"], &what("Q p"));
        }
        // DL against statsmodels' own combine_effects.
        let dl = pool(
            &data,
            PoolOptions {
                tau2: Tau2Method::DerSimonianLaird,
                hartung_knapp: false,
                prediction: Default::default(),
            },
        )
        .unwrap();
        close(
            dl.logit,
            &case["dl"]["statsmodels_mean"],
            &format!("{name} statsmodels mean"),
        );
        close(
            dl.se,
            &case["dl"]["statsmodels_se"],
            &format!("{name} statsmodels se"),
        );
    }
}

#[test]
fn meta_regression_matches_statsmodels_wls() {
    let fixtures = fixtures();
    let reference = &fixtures["regression"];
    let data: Vec<(f64, f64, f64)> = counts(&reference["counts"])
        .iter()
        .zip(reference["doses"].as_array().unwrap())
        .map(|((k, n), dose)| {
            let study = msc_hsct::domain::stats::pool::logit_study(*k, *n).unwrap();
            (dose.as_f64().unwrap().log10(), study.y, study.v)
        })
        .collect();
    let fit = meta_regression(&data).unwrap();
    close(fit.tau2, &reference["tau2"], "regression tau2");
    close(fit.q_residual, &reference["q_residual"], "regression Q_E");
    close(fit.intercept, &reference["intercept"], "intercept");
    close(fit.slope, &reference["slope"], "slope");
    for (i, row) in fit.covariance.iter().enumerate() {
        for (j, value) in row.iter().enumerate() {
            close(
                *value,
                &reference["covariance"][i][j],
                &format!("covariance[{i}][{j}]"),
            );
        }
    }
}
