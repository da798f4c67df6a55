//! The statistics engine as a command, for researchers' scripts and differential tests:
//!
//! ```text
//! echo '{"studies":[{"label":"a","events":16,"n":17},{"label":"b","events":5,"n":12}],
//!        "model":"glmm","hk":false,"pi":"z","ci":"cp"}' |
//!   cargo run --release --quiet --bin msc-hsct-engine -- pool
//! ```
//!
//! Input (JSON on stdin): `studies` [{`label`, `events`, `n`}], `model` "glmm" | "reml" |
//! "dl" (default "reml"), `hk` (Hartung-Knapp, inverse-variance models only; default
//! false), `pi` "z" | "t-k1" | "t-k2" (default "t-k2"), `ci` "cp" | "wilson" (per-study
//! intervals; default "cp"). Output (JSON on stdout): `k`, `model`, `estimate`, `ci`,
//! `pi` (proportions, 0–1), `logit`, `se`, `tau2`, `tau2_ci`, `i2` (percent), `i2_ci`, `q`,
//! `q_df`, `q_p` (for the GLMM: the Wald-type test, with the likelihood-ratio test in
//! `lrt`), `studies` [{`label`, `events`, `n`, `estimate`, `ci`, `weight` (percent; null
//! for the GLMM)}], `excluded` (rows with n = 0, with the reason), `note` (why a figure is
//! missing, or the fallback taken) and `methods` (one sentence).
//!
//! Rows with n = 0 are left out and listed. One study: its own estimate, no pooling. A
//! GLMM without a finite maximum or that does not converge falls back to REML and says so.
//! Bad input: exit status 2 and one line on stderr naming the problem.

#[cfg(not(target_arch = "wasm32"))]
mod engine {
    use std::io::Read;

    use msc_hsct::domain::stats::glmm::{glmm, GlmmFit, GlmmOptions};
    use msc_hsct::domain::stats::pool::{logit_study, pool, LogitStudy, PoolOptions, Tau2Method};
    use msc_hsct::domain::stats::proportion::{proportion, CiMethod};
    use msc_hsct::domain::stats::sensitivity::q_profile;
    use msc_hsct::domain::stats::PredictionMethod;
    use serde::Deserialize;
    use serde_json::{json, Value};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Study {
        #[serde(default)]
        label: Option<String>,
        events: u32,
        n: u32,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Request {
        studies: Vec<Study>,
        #[serde(default)]
        model: Option<String>,
        #[serde(default)]
        hk: bool,
        #[serde(default)]
        pi: Option<String>,
        #[serde(default)]
        ci: Option<String>,
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Model {
        Glmm,
        Iv(Tau2Method),
    }

    fn finite(x: f64) -> Value {
        if x.is_finite() {
            json!(x)
        } else {
            Value::Null
        }
    }

    fn pair(p: Option<(f64, f64)>) -> Value {
        match p {
            Some((a, b)) if a.is_finite() && b.is_finite() => json!([a, b]),
            _ => Value::Null,
        }
    }

    /// The analysis of a parsed request, or the one-line problem.
    pub fn run(input: &str, command: Option<&str>) -> Result<Value, String> {
        match command {
            Some("pool") => {}
            Some(other) => return Err(format!("unknown command {other:?}: the command is `pool`")),
            None => return Err("missing command: the command is `pool`".into()),
        }
        let request: Request = serde_json::from_str(input)
            .map_err(|e| format!("input is not a valid request: {e}"))?;
        let (model, prediction, ci) = methods(&request)?;
        let (kept, excluded) = split_studies(&request.studies)?;
        let counts: Vec<(u32, u32)> = kept.iter().map(|(_, x, n)| (*x, *n)).collect();
        let k = counts.len();
        let options = PoolOptions {
            tau2: match model {
                Model::Iv(t) => t,
                Model::Glmm => Tau2Method::Reml,
            },
            hartung_knapp: request.hk,
            prediction,
        };
        let mut out = json!({
            "k": k, "model": request.model.as_deref().unwrap_or("reml"),
            "estimate": null, "ci": null, "pi": null, "logit": null, "se": null,
            "tau2": null, "tau2_ci": null, "i2": null, "i2_ci": null,
            "q": null, "q_df": null, "q_p": null, "note": null, "excluded": excluded,
        });
        let mut weights: Option<Vec<f64>> = None;
        let note: Option<String>;
        if k == 1 {
            let (_, x, n) = kept[0];
            if let Some(p) = proportion(x, n, 0.95, ci) {
                out["estimate"] = finite(p.estimate);
                out["ci"] = pair(Some((p.lower, p.upper)));
            }
            note = Some("Only one study: its own estimate and interval are shown; pooling needs at least two.".into());
        } else if k == 0 {
            note = Some("No study with patients: nothing to pool.".into());
        } else {
            (weights, note) = fit(&mut out, &counts, model, options);
        }
        out["note"] = note.map_or(Value::Null, Value::from);
        out["studies"] = kept
            .iter()
            .enumerate()
            .map(|(i, (label, x, n))| {
                let p = proportion(*x, *n, 0.95, ci);
                json!({
                    "label": label, "events": x, "n": n,
                    "estimate": p.map_or(Value::Null, |p| finite(p.estimate)),
                    "ci": pair(p.map(|p| (p.lower, p.upper))),
                    "weight": weights.as_ref().map_or(Value::Null, |w| finite(w[i])),
                })
            })
            .collect();
        let model_text = model_text(out["model"].as_str(), request.hk);
        out["methods"] = json!(format!(
            "{model_text}; 95% prediction interval with the {}; per-study CIs by {}.",
            prediction.label(),
            ci.label()
        ));
        Ok(out)
    }

    /// The model, prediction interval and per-study CI the request names (defaults REML,
    /// t with K − 2 df, Clopper-Pearson).
    fn methods(request: &Request) -> Result<(Model, PredictionMethod, CiMethod), String> {
        let model = match request.model.as_deref().unwrap_or("reml") {
            "glmm" => Model::Glmm,
            "reml" => Model::Iv(Tau2Method::Reml),
            "dl" => Model::Iv(Tau2Method::DerSimonianLaird),
            other => {
                return Err(format!(
                    "model {other:?} is not one of \"glmm\", \"reml\", \"dl\""
                ))
            }
        };
        if model == Model::Glmm && request.hk {
            return Err("hk (Hartung-Knapp) applies to the inverse-variance models \"reml\" and \"dl\", not \"glmm\"".into());
        }
        let pi_key = request.pi.as_deref().unwrap_or("t-k2");
        let prediction = PredictionMethod::from_key(pi_key)
            .ok_or_else(|| format!("pi {pi_key:?} is not one of \"z\", \"t-k1\", \"t-k2\""))?;
        let ci = match request.ci.as_deref().unwrap_or("cp") {
            "cp" => CiMethod::ClopperPearson,
            "wilson" => CiMethod::Wilson,
            other => return Err(format!("ci {other:?} is not one of \"cp\", \"wilson\"")),
        };
        Ok((model, prediction, ci))
    }

    /// The studies kept (label, events, n) and those left out with n = 0; more events than
    /// patients is an error.
    #[allow(clippy::type_complexity)]
    fn split_studies(studies: &[Study]) -> Result<(Vec<(String, u32, u32)>, Vec<Value>), String> {
        let mut kept = Vec::new();
        let mut excluded = Vec::new();
        for (i, s) in studies.iter().enumerate() {
            let label = s.label.clone().unwrap_or_else(|| format!("{}", i + 1));
            if s.events > s.n {
                return Err(format!(
                    "study {} ({label:?}) has more events ({}) than patients ({})",
                    i + 1,
                    s.events,
                    s.n
                ));
            }
            if s.n == 0 {
                excluded.push(json!({"label": label, "reason": "n = 0: no patients"}));
            } else {
                kept.push((label, s.events, s.n));
            }
        }
        Ok((kept, excluded))
    }

    /// Pools two or more studies with `model` into `out`: the study weights (none for the
    /// GLMM) and the note (why a figure is missing, or the fallback to REML).
    fn fit(
        out: &mut Value,
        counts: &[(u32, u32)],
        model: Model,
        options: PoolOptions,
    ) -> (Option<Vec<f64>>, Option<String>) {
        let glmm_options = GlmmOptions {
            nodes: 7,
            prediction: options.prediction,
        };
        match model {
            Model::Iv(_) => match iv(out, counts, options) {
                Ok(w) => (Some(w), None),
                Err(e) => (None, Some(e)),
            },
            Model::Glmm => {
                match glmm(counts, glmm_options) {
                    Ok(f) => {
                        write_glmm(out, &f);
                        (None, None)
                    }
                    Err(e) => {
                        out["model"] = json!("reml");
                        let fallback = PoolOptions {
                            tau2: Tau2Method::Reml,
                            ..options
                        };
                        let note = Some(format!("GLMM not shown: {e} Showing the inverse-variance model (REML) instead."));
                        out["fallback"] = json!({"from": "glmm", "reason": e.to_string()});
                        (iv(out, counts, fallback).ok(), note)
                    }
                }
            }
        }
    }

    /// The inverse-variance pool into `out`, with the Q-profile CIs of tau² and I²; the
    /// study weights.
    fn iv(
        out: &mut Value,
        counts: &[(u32, u32)],
        options: PoolOptions,
    ) -> Result<Vec<f64>, String> {
        let logits: Vec<LogitStudy> = counts
            .iter()
            .filter_map(|(x, n)| logit_study(*x, *n))
            .collect();
        let p = pool(counts, options).map_err(|e| e.to_string())?;
        out["estimate"] = finite(p.estimate);
        out["ci"] = pair(Some((p.lower, p.upper)));
        out["pi"] = pair(p.prediction);
        out["logit"] = finite(p.logit);
        out["se"] = finite(p.se);
        out["tau2"] = finite(p.tau2);
        out["i2"] = finite(p.i2);
        out["q"] = finite(p.q);
        out["q_df"] = json!(p.df);
        out["q_p"] = p.q_p.map_or(Value::Null, finite);
        if let Some(h) = q_profile(&logits, p.tau2) {
            out["tau2_ci"] = pair(Some(h.tau2));
            out["i2_ci"] = pair(Some(h.i2));
        }
        Ok(p.weights)
    }

    /// The GLMM fit into `out`, its Wald-type test as `q`, the likelihood-ratio tests and
    /// the convergence.
    fn write_glmm(out: &mut Value, f: &GlmmFit) {
        out["estimate"] = finite(f.estimate);
        out["ci"] = pair(Some((f.lower, f.upper)));
        out["pi"] = pair(f.prediction);
        out["logit"] = finite(f.logit);
        out["se"] = finite(f.se);
        out["tau2"] = finite(f.tau2);
        out["i2"] = finite(f.i2);
        out["q"] = finite(f.wald.statistic);
        out["q_df"] = json!(f.wald.df);
        out["q_p"] = finite(f.wald.p);
        out["lrt"] =
            json!({"statistic": finite(f.lrt.statistic), "df": f.lrt.df, "p": finite(f.lrt.p)});
        out["lrt_tau2"] =
            json!({"statistic": finite(f.lrt_tau2.statistic), "df": 1, "p": finite(f.lrt_tau2.p)});
        out["converged"] = json!({"iterations": f.convergence.iterations, "tau2_on_boundary": f.convergence.boundary});
    }

    /// The model sentence of `methods` for the model actually shown.
    fn model_text(model: Option<&str>, hk: bool) -> String {
        match model {
            Some("glmm") => "a random-intercept logistic model (binomial-normal GLMM) fitted by maximum likelihood with 7-node adaptive Gauss-Hermite quadrature, without continuity correction".to_string(),
            Some(m) => format!(
                "inverse-variance random-effects pooling of logit proportions (0.5 added to both cells of studies with 0 or all events), tau² by {}{}",
                if m == "dl" { "DerSimonian-Laird" } else { "REML" },
                if hk { ", CI by Hartung-Knapp (t, K − 1 df)" } else { "" }
            ),
            None => String::new(),
        }
    }

    pub fn main() {
        let command = std::env::args().nth(1);
        let mut input = String::new();
        let result = std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| format!("cannot read stdin: {e}"))
            .and_then(|_| run(&input, command.as_deref()));
        match result {
            Ok(value) => println!("{value}"),
            Err(problem) => {
                eprintln!("msc-hsct-engine: {}", problem.replace('\n', " "));
                std::process::exit(2);
            }
        }
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    engine::main();
}
