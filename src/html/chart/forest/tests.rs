use super::*;
use crate::domain::data::{Indication, Measure};
use crate::domain::evidence::{default_options, pooled, rows_for};
use crate::domain::format::interval;

fn agvhd_cr() -> Vec<Row> {
    rows_for(Indication::AgvhdTreatment, Measure::Cr)
}

#[test]
fn one_mark_per_plotted_study_and_the_pooled_diamond() {
    let rows = agvhd_cr();
    let p = pooled(&rows, default_options()).unwrap();
    let svg = forest_svg(
        &rows,
        Some(&p),
        "Complete response — treatment of aGVHD",
        760.0,
    )
    .unwrap();
    let plotted = rows.iter().filter(|r| r.proportion.is_some()).count();
    assert_eq!(svg.matches(r#"data-testid="forest-row""#).count(), plotted);
    assert_eq!(
        svg.matches(r#"class="forest__square""#).count(),
        p.studies,
        "a square per pooled study"
    );
    assert_eq!(
        svg.matches(r#"class="forest__unpooled""#).count(),
        plotted - p.studies,
        "the meta-analysis is not pooled"
    );
    assert_eq!(svg.matches("forest-diamond").count(), 1);
    assert!(svg.contains(r#"data-testid="forest-pi""#));
    let bm = rows
        .iter()
        .filter(|r| {
            r.proportion.is_some() && r.tissues == [crate::domain::data::Tissue::BoneMarrow]
        })
        .count();
    assert!(
        bm > 0 && svg.matches(">marrow</text>").count() == bm,
        "a source column"
    );
    assert!(
        svg.contains(">dose/kg</text>") && svg.contains(" × 10⁶</text>"),
        "a dose column"
    );
    assert!(
        svg.contains("Not plotted: "),
        "rows that are not proportions are named"
    );
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert!(
        svg.contains(&format!("{:.1}% (", 100.0 * p.estimate)),
        "the pooled value as text"
    );
}

#[test]
fn height_grows_with_rows_and_labels_are_cut() {
    let rows = agvhd_cr();
    let one: Vec<Row> = rows
        .iter()
        .filter(|r| r.proportion.is_some())
        .take(1)
        .cloned()
        .collect();
    let fifty: Vec<Row> = (0..50)
        .map(|i| Row {
            study_id: format!("s{i}"),
            ..one[0].clone()
        })
        .collect();
    let height = |svg: &str| {
        svg.split("height=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let h1 = height(&forest_svg(&one, None, "t", 760.0).unwrap());
    let h50 = height(&forest_svg(&fifty, None, "t", 760.0).unwrap());
    assert_eq!(h50 - h1, 49.0 * ROW);
    assert_eq!(
        truncate("Macías-Sánchez et al., 2022 [66] and more", 30)
            .chars()
            .count(),
        30
    );
    assert_eq!(truncate("short", 30), "short");
}

#[test]
fn subgroups_are_blocks_with_their_own_diamonds() {
    use crate::domain::stats::pool::pool;
    let rows = agvhd_cr();
    let (bm, other): (Vec<&Row>, Vec<&Row>) = rows
        .iter()
        .partition(|r| r.tissues == [crate::domain::data::Tissue::BoneMarrow]);
    let counts = |rs: &[&Row]| -> Vec<(u32, u32)> {
        rs.iter()
            .filter(|r| !r.not_poolable)
            .filter_map(|r| r.proportion.map(|p| (p.events, p.n)))
            .collect()
    };
    let bm_pooled = pool(&counts(&bm), default_options()).ok();
    let all = pooled(&rows, default_options()).unwrap();
    let blocks = [
        Block {
            label: Some("bone marrow"),
            rows: bm.clone(),
            pooled: bm_pooled.as_ref(),
        },
        Block {
            label: Some("other"),
            rows: other.clone(),
            pooled: None,
        },
    ];
    let svg = forest_blocks_svg(&blocks, Some(&all), "t", 760.0).unwrap();
    assert_eq!(svg.matches(r#"data-testid="forest-group""#).count(), 2);
    assert_eq!(
        svg.matches(r#"data-testid="forest-subgroup-diamond""#)
            .count(),
        usize::from(bm_pooled.is_some())
    );
    assert_eq!(svg.matches(r#"data-testid="forest-diamond""#).count(), 1);
    let plotted = rows.iter().filter(|r| r.proportion.is_some()).count();
    assert_eq!(svg.matches(r#"data-testid="forest-row""#).count(), plotted);
    if let Some(p) = &bm_pooled {
        assert!(svg.contains(&format!("Subgroup bone marrow ({} studies", p.studies)));
    }
    // A subgroup with nothing to plot gets no heading; its rows are named as not plotted.
    let unplottable: Vec<&Row> = rows.iter().filter(|r| r.proportion.is_none()).collect();
    let blocks = [
        Block {
            label: Some("bone marrow"),
            rows: bm,
            pooled: bm_pooled.as_ref(),
        },
        Block {
            label: Some("nothing"),
            rows: unplottable.clone(),
            pooled: None,
        },
    ];
    let svg = forest_blocks_svg(&blocks, Some(&all), "t", 760.0).unwrap();
    assert!(!svg.contains(">nothing</text>"));
    assert!(svg.contains(&format!("Not plotted: {}", unplottable[0].label)));
}

#[test]
fn labels_and_notes_are_escaped_everywhere() {
    let mut rows = agvhd_cr();
    let plotted = rows.iter().position(|r| r.proportion.is_some()).unwrap();
    let unplotted = rows.iter().position(|r| r.proportion.is_none()).unwrap();
    rows[plotted].label = "<b>plotted</b>".into();
    rows[unplotted].label = "<i>unplotted</i> & co".into();
    let svg = forest_svg(&rows, None, "<t>", 760.0).unwrap();
    assert!(!svg.contains("<b>") && !svg.contains("<i>") && !svg.contains("<t>"));
    assert!(svg.contains("Not plotted: &lt;i&gt;unplotted&lt;/i&gt; &amp; co ("));
    assert!(svg.contains("&lt;b&gt;plotted&lt;/b&gt;"));
}

#[test]
fn nothing_to_plot_is_said() {
    let none: Vec<Row> = agvhd_cr()
        .into_iter()
        .filter(|r| r.proportion.is_none())
        .collect();
    assert_eq!(
        forest_svg(&none, None, "t", 760.0),
        Err(ForestError::NoRows)
    );
    assert_eq!(forest_svg(&[], None, "t", 760.0), Err(ForestError::NoRows));
}

/// The numbers between `open` and `close` wherever they occur, e.g. every weight.
fn numbers_after(svg: &str, open: &str, close: char) -> Vec<f64> {
    svg.split(open)
        .skip(1)
        .filter_map(|rest| rest.split(close).next()?.parse().ok())
        .collect()
}

#[test]
fn every_row_and_the_pooled_row_carry_estimate_weight_and_heterogeneity_as_text() {
    let rows = agvhd_cr();
    let p = pooled(&rows, default_options()).unwrap();
    let svg = forest_svg(&rows, Some(&p), "t", 900.0).unwrap().to_string();
    for row in rows.iter() {
        if let Some(q) = row.proportion {
            let text = format!(
                r#"data-testid="forest-estimate">{}</text>"#,
                interval(q.estimate, q.lower, q.upper)
            );
            assert!(svg.contains(&text), "{text}");
        }
    }
    let pooled_text = interval(p.estimate, p.lower, p.upper);
    assert!(svg.contains(&format!(
        r#"data-testid="forest-estimate">{pooled_text}</text>"#
    )));
    let weights = numbers_after(&svg, r#"data-testid="forest-weight">"#, '%');
    assert_eq!(weights.len(), p.studies, "a weight per pooled row");
    let sum: f64 = weights.iter().sum();
    assert!((sum - 100.0).abs() <= 0.1, "weights add up to {sum}");
    assert!(svg.contains(&format!(
        ">Heterogeneity: {}</text>",
        crate::domain::evidence::heterogeneity_text(&p)
    )));
    assert!(
        svg.contains(">Pooled, random effects (REML)</text>"),
        "the model"
    );
    let (l, h) = p.prediction.unwrap();
    assert!(svg.contains(&format!(
        ">95% prediction interval {:.1}–{:.1}%</text>",
        100.0 * l,
        100.0 * h
    )));
    assert_eq!(svg.matches(r#"data-testid="forest-ref""#).count(), 1);
    assert!(svg.contains(">Weight</text>") && svg.contains(">events/N</text>"));
}

#[test]
fn subgroup_weights_add_up_within_each_subgroup() {
    let rows = agvhd_cr();
    let refs: Vec<&Row> = rows.iter().collect();
    let p = pooled(&rows, default_options()).unwrap();
    let weights: Vec<f64> = row_weights(&refs, Some(&p)).into_iter().flatten().collect();
    assert_eq!(weights.len(), p.studies);
    assert!(
        (weights.iter().sum::<f64>() - 100.0).abs() < 1e-9,
        "{weights:?}"
    );
    for (w, raw) in weights.iter().zip(&p.weights) {
        assert!((w - raw).abs() <= 0.1 + 1e-9, "{w} is {raw} rounded");
    }
    assert!(row_weights(&refs, None).iter().all(Option::is_none));
}

#[test]
fn the_axis_fits_the_intervals_on_round_ticks_and_the_plot_scales_to_its_box() {
    let rows = agvhd_cr();
    let p = pooled(&rows, default_options()).unwrap();
    let svg = forest_svg(&rows, Some(&p), "t", 900.0).unwrap().to_string();
    let ticks = numbers_after(&svg, r#"text-anchor="middle">"#, '%');
    let (first, last) = (ticks[0], ticks[ticks.len() - 1]);
    let mut ends: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.proportion)
        .flat_map(|q| [q.lower, q.upper])
        .collect();
    ends.extend([
        p.lower,
        p.upper,
        p.prediction.unwrap().0,
        p.prediction.unwrap().1,
    ]);
    for end in ends {
        assert!(
            first <= 100.0 * end + 1e-9 && 100.0 * end <= last + 1e-9,
            "{end}"
        );
    }
    assert!(
        ticks.iter().all(|t| t % 10.0 == 0.0 || t % 5.0 == 0.0),
        "{ticks:?}"
    );
    // Intervals within 40–100% get an axis from 40%, not from 0.
    let (low, high, ticks) = crate::html::chart::scale::proportion_axis(&[0.42, 0.97]);
    assert_eq!((low, high, ticks.len()), (0.4, 1.0, 4));
    // A viewBox and CSS that scales it to its box: no fixed width forces a sideways scroll.
    let height = numbers_after(&svg, r#" height=""#, '"')[0];
    assert!(svg.contains(&format!(r#"viewBox="0 0 900 {height}""#)));
    assert!(!svg.contains("style="));
    let css = include_str!("../../../../style/analysis.css");
    assert!(css.contains(".chart .forest {\n  width: 100%;\n  height: auto;\n  min-width: 45rem;"));
}
