//! The `msc-hsct-engine pool` command: its JSON contract, its edge cases and its errors.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_msc-hsct-engine"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the engine starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("the engine ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn pool(input: &str) -> Value {
    let (code, stdout, stderr) = run(&["pool"], input);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON out")
}

const FIVE: &str = r#"[{"label":"a","events":16,"n":17},{"label":"b","events":5,"n":12},
  {"label":"c","events":10,"n":15},{"label":"d","events":0,"n":9},{"label":"e","events":7,"n":7}]"#;

#[test]
fn every_model_reports_the_contract_fields() {
    for (model, hk) in [("glmm", false), ("reml", false), ("dl", true)] {
        for pi in ["z", "t-k1", "t-k2"] {
            let out = pool(&format!(
                r#"{{"studies":{FIVE},"model":"{model}","hk":{hk},"pi":"{pi}","ci":"wilson"}}"#
            ));
            assert_eq!(out["k"], 5);
            assert_eq!(out["model"], model);
            for key in ["estimate", "logit", "se", "tau2", "i2", "q", "q_p"] {
                assert!(out[key].is_f64(), "{model} {key}: {out}");
            }
            assert_eq!(out["q_df"], 4);
            let (lo, hi) = (
                out["ci"][0].as_f64().unwrap(),
                out["ci"][1].as_f64().unwrap(),
            );
            let est = out["estimate"].as_f64().unwrap();
            assert!(0.0 <= lo && lo < est && est < hi && hi <= 1.0);
            assert!(out["pi"][0].as_f64().unwrap() <= lo);
            let studies = out["studies"].as_array().unwrap();
            assert_eq!(studies.len(), 5);
            if model == "glmm" {
                assert!(studies.iter().all(|s| s["weight"].is_null()));
                assert!(out["tau2_ci"].is_null() && out["lrt"]["statistic"].is_f64());
            } else {
                let total: f64 = studies.iter().map(|s| s["weight"].as_f64().unwrap()).sum();
                assert!((total - 100.0).abs() < 1e-9);
                assert!(out["tau2_ci"][1].as_f64().unwrap() >= out["tau2"].as_f64().unwrap());
                assert!(out["i2_ci"].is_array());
            }
            assert!(out["methods"]
                .as_str()
                .unwrap()
                .contains("prediction interval"));
        }
    }
}

#[test]
fn edge_cases_are_stated() {
    let one = pool(r#"{"studies":[{"label":"a","events":38,"n":54}]}"#);
    assert_eq!(one["k"], 1);
    assert!((one["ci"][0].as_f64().unwrap() - 0.564).abs() < 1e-3);
    assert!(one["note"].as_str().unwrap().contains("one study"));
    let zeros = pool(
        r#"{"studies":[{"events":0,"n":10},{"events":0,"n":20},{"events":0,"n":0}],"model":"glmm"}"#,
    );
    assert_eq!(zeros["k"], 2);
    assert_eq!(zeros["model"], "reml", "falls back visibly");
    assert_eq!(zeros["fallback"]["from"], "glmm");
    assert!(zeros["note"].as_str().unwrap().contains("0 events"));
    assert_eq!(zeros["excluded"][0]["reason"], "n = 0: no patients");
    let none = pool(r#"{"studies":[]}"#);
    assert_eq!(none["k"], 0);
    assert!(none["estimate"].is_null() && none["note"].is_string());
    let all = pool(
        r#"{"studies":[{"events":5,"n":5},{"events":9,"n":9},{"events":2,"n":2}],"model":"glmm"}"#,
    );
    assert!(all["estimate"].as_f64().unwrap() > 0.8 && all["fallback"].is_object());
}

#[test]
fn bad_input_exits_2_with_one_line() {
    for (args, input, says) in [
        (&["pool"][..], "not json", "not a valid request"),
        (
            &["pool"][..],
            r#"{"studies":[{"events":6,"n":5}]}"#,
            "more events",
        ),
        (&["pool"][..], r#"{"studies":[],"model":"ml"}"#, "model"),
        (&["pool"][..], r#"{"studies":[],"pi":"t"}"#, "pi"),
        (&["pool"][..], r#"{"studies":[],"ci":"exact"}"#, "ci"),
        (
            &["pool"][..],
            r#"{"studies":[],"model":"glmm","hk":true}"#,
            "hk",
        ),
        (
            &["pool"][..],
            r#"{"studies":[{"events":-1,"n":5}]}"#,
            "not a valid request",
        ),
        (&["pool"][..], r#"{"studies":[],"typo":1}"#, "typo"),
        (&["pooled"][..], "{}", "unknown command"),
        (&[][..], "{}", "missing command"),
    ] {
        let (code, stdout, stderr) = run(args, input);
        assert_eq!(code, 2, "{input}");
        assert!(stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{input}: {stderr}");
    }
}
