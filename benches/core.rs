//! `cargo bench --bench core`: what each input change costs in the pure core, on the real
//! dataset and on seeded synthetic datasets of 100, 1,000 and 10,000 studies
//! (`core::synthetic`). Figures and the machine are recorded in docs/PERFORMANCE.md.

// Criterion is a native dev-dependency; the wasm32 lint pass compiles an empty bench.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, BenchmarkId, Criterion};
    use std::hint::black_box;

    use msc_hsct::domain::data::{evidence, Indication, Measure};
    use msc_hsct::domain::evidence::{default_options, pooled, rows, sort, Filters, SortKey};
    use msc_hsct::domain::placement::DoseIndex;
    use msc_hsct::domain::quality::check_all;
    use msc_hsct::domain::quantity::parse_dose_per_kg;
    use msc_hsct::domain::stats::pool::{pool, PoolOptions, Tau2Method};
    use msc_hsct::domain::stats::proportion::CiMethod;
    use msc_hsct::domain::stats::regression::meta_regression;
    use msc_hsct::domain::synthetic::{synthetic_evidence, Rng};
    use msc_hsct::screens::analysis::state::Analysis;
    use msc_hsct::screens::analysis::view::results_html;
    use msc_hsct::screens::calculator::form::{evaluate, CalculatorForm};
    use msc_hsct::screens::calculator::view::results;
    use msc_hsct::screens::studies::study_list;
    use msc_hsct::screens::Links;

    fn calculator(c: &mut Criterion) {
        let ev = evidence().expect("dataset");
        let links = Links {
            base: String::new(),
        };
        c.bench_function("parse dose, 6 notations", |b| {
            b.iter(|| {
                for text in ["2e6", "2 x 10^6", "2×10⁶", "2 million", "2,000,000", "1.5M"] {
                    black_box(parse_dose_per_kg(black_box(text)).ok());
                }
            })
        });
        let mut form = CalculatorForm::new("2026-11-25");
        let _ = form.set(
            msc_hsct::screens::calculator::control::Field::Weight,
            "23.4",
        );
        c.bench_function("calculator: evaluate + render results (a keystroke)", |b| {
            b.iter(|| {
                let eval = evaluate(black_box(&form), Some(ev));
                black_box(results(&form, &eval, &links, "2023.1"))
            })
        });
    }

    /// Placement among every studied dose: building the sorted index (what every keystroke
    /// paid before the index, a scan of every study plus sorts) against placing a dose with
    /// the index built, and a whole calculator keystroke on 10,000 studies.
    fn placement(c: &mut Criterion) {
        let base = evidence().expect("dataset");
        let links = Links {
            base: String::new(),
        };
        let mut group = c.benchmark_group("placement, aGVHD treatment");
        for size in [46usize, 1_000, 10_000] {
            let ev = if size == 46 {
                base.clone()
            } else {
                synthetic_evidence(base, size, 1)
            };
            group.bench_with_input(BenchmarkId::new("build index", size), &ev, |b, ev| {
                b.iter(|| black_box(DoseIndex::build(ev, Indication::AgvhdTreatment)))
            });
            let index = DoseIndex::build(&ev, Indication::AgvhdTreatment);
            group.bench_with_input(
                BenchmarkId::new("place a dose", size),
                &index,
                |b, index| b.iter(|| black_box(index.place(black_box(1.3e6)))),
            );
        }
        group.finish();
        let ev = synthetic_evidence(base, 10_000, 1);
        let mut form = CalculatorForm::new("2026-11-25");
        let _ = form.set(
            msc_hsct::screens::calculator::control::Field::Weight,
            "23.4",
        );
        black_box(evaluate(&form, Some(&ev)));
        c.bench_function(
            "calculator at 10,000 studies: evaluate + render results (a keystroke)",
            |b| {
                b.iter(|| {
                    let eval = evaluate(black_box(&form), Some(&ev));
                    black_box(results(&form, &eval, &links, "2023.1"))
                })
            },
        );
    }

    fn dataset(c: &mut Criterion) {
        let ev = evidence().expect("dataset");
        let links = Links {
            base: String::new(),
        };
        c.bench_function("data-quality rules, real dataset", |b| {
            b.iter(|| black_box(check_all(ev)))
        });
        let flags = check_all(ev);
        c.bench_function("studies page HTML, real dataset", |b| {
            b.iter(|| black_box(study_list(ev, &flags, &links)))
        });
    }

    fn comparison(c: &mut Criterion) {
        let base = evidence().expect("dataset");
        // A filter change re-runs filter + sort + pool over rows already built for the outcome.
        let mut group = c.benchmark_group("compare: filter + sort + pool (REML), rows built");
        for size in [46usize, 100, 1_000, 10_000] {
            let ev = if size == 46 {
                base.clone()
            } else {
                synthetic_evidence(base, size, 42)
            };
            let all = rows(&ev, Measure::Cr, CiMethod::ClopperPearson);
            let filters = Filters {
                indication: Some(Indication::AgvhdTreatment),
                ..Filters::default()
            };
            group.bench_with_input(BenchmarkId::from_parameter(size), &all, |b, all| {
                b.iter(|| {
                    let mut shown: Vec<_> =
                        all.iter().filter(|r| filters.keep(r)).cloned().collect();
                    sort(&mut shown, SortKey::Estimate, true);
                    black_box(pooled(&shown, default_options()).ok())
                })
            });
        }
        group.finish();
        // What a filter change costs on the page: filter + sort + pool of every row of the
        // outcome (no filter narrows it: the worst case) and the first page of the table.
        let mut group = c.benchmark_group("compare page: summarize + table HTML, all rows");
        for size in [46usize, 1_000, 10_000] {
            let ev = if size == 46 {
                base.clone()
            } else {
                synthetic_evidence(base, size, 42)
            };
            let all = rows(&ev, Measure::Or, CiMethod::ClopperPearson);
            let analysis = Analysis {
                sort: Some(SortKey::Estimate),
                ..Analysis::default()
            };
            let links = Links {
                base: String::new(),
            };
            group.bench_with_input(BenchmarkId::from_parameter(size), &all, |b, all| {
                b.iter(|| {
                    let summary = analysis.summarize(all);
                    black_box(results_html(&summary, &analysis, all, &links))
                })
            });
        }
        group.finish();
        // Choosing another outcome builds the rows (CIs, flags, labels) first.
        let mut group = c.benchmark_group("compare: build rows + filter + sort + pool (REML)");
        for size in [46usize, 100, 1_000, 10_000] {
            let ev = if size == 46 {
                base.clone()
            } else {
                synthetic_evidence(base, size, 42)
            };
            let filters = Filters {
                indication: Some(Indication::AgvhdTreatment),
                ..Filters::default()
            };
            group.bench_with_input(BenchmarkId::from_parameter(size), &ev, |b, ev| {
                b.iter(|| {
                    let mut shown: Vec<_> = rows(ev, Measure::Cr, CiMethod::ClopperPearson)
                        .into_iter()
                        .filter(|r| filters.keep(r))
                        .collect();
                    sort(&mut shown, SortKey::Estimate, true);
                    black_box(pooled(&shown, default_options()).ok())
                })
            });
        }
        group.finish();
    }

    fn pooling(c: &mut Criterion) {
        let mut group = c.benchmark_group("pool");
        for size in [100usize, 1_000, 10_000] {
            let mut rng = Rng::new(size as u64);
            let counts: Vec<(u32, u32)> = (0..size)
                .map(|_| {
                    let n = rng.between(5, 300);
                    (rng.between(0, n), n)
                })
                .collect();
            for (name, tau2) in [
                ("REML", Tau2Method::Reml),
                ("DL", Tau2Method::DerSimonianLaird),
            ] {
                let options = PoolOptions {
                    tau2,
                    hartung_knapp: false,
                    prediction: Default::default(),
                };
                group.bench_with_input(BenchmarkId::new(name, size), &counts, |b, counts| {
                    b.iter(|| black_box(pool(counts, options).ok()))
                });
            }
            let data: Vec<(f64, f64, f64)> = counts
                .iter()
                .map(|(k, n)| {
                    let s = msc_hsct::domain::stats::pool::logit_study(*k, *n).unwrap();
                    (5.0 + f64::from(rng.between(0, 200)) / 100.0, s.y, s.v)
                })
                .collect();
            group.bench_with_input(
                BenchmarkId::new("meta-regression", size),
                &data,
                |b, data| b.iter(|| black_box(meta_regression(data))),
            );
        }
        group.finish();
    }

    /// Single-arm studies like the review's: N 5–300, proportions spread on the logit scale.
    fn studies(size: usize, seed: u64) -> Vec<(u32, u32)> {
        let mut rng = Rng::new(seed);
        (0..size)
            .map(|_| {
                let n = rng.between(5, 300);
                let p = f64::from(rng.between(5, 95)) / 100.0;
                let x = (p * f64::from(n)).round() as u32;
                (x.min(n), n)
            })
            .collect()
    }

    fn glmm_fit(c: &mut Criterion) {
        use msc_hsct::domain::stats::glmm::{glmm, GlmmOptions};
        let mut group = c.benchmark_group("GLMM fit (ML, 7-node AGQ)");
        for size in [10usize, 20, 100, 1_000] {
            let counts = studies(size, 7 + size as u64);
            group.bench_with_input(BenchmarkId::from_parameter(size), &counts, |b, counts| {
                b.iter(|| black_box(glmm(counts, GlmmOptions::default()).ok()))
            });
        }
        group.finish();
    }

    fn sensitivity(c: &mut Criterion) {
        use msc_hsct::domain::stats::pool::logit_study;
        use msc_hsct::domain::stats::sensitivity::{cumulative, influence, q_profile};
        let mut group = c.benchmark_group("sensitivity (REML)");
        group.sample_size(10);
        for size in [100usize, 10_000] {
            let logits: Vec<_> = studies(size, 11 + size as u64)
                .iter()
                .filter_map(|(x, n)| logit_study(*x, *n))
                .collect();
            let order: Vec<usize> = (0..logits.len()).collect();
            let options = PoolOptions::default();
            group.bench_with_input(BenchmarkId::new("influence", size), &logits, |b, s| {
                b.iter(|| black_box(influence(s, options)))
            });
            group.bench_with_input(BenchmarkId::new("cumulative", size), &logits, |b, s| {
                b.iter(|| black_box(cumulative(s, &order, options)))
            });
            group.bench_with_input(BenchmarkId::new("Q-profile CI", size), &logits, |b, s| {
                b.iter(|| black_box(q_profile(s, 0.5)))
            });
        }
        group.finish();
    }

    criterion_group! {
        name = benches;
        config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
        targets = calculator, placement, dataset, comparison, pooling, glmm_fit, sensitivity
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
