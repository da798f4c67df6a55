use super::*;
use crate::domain::data::{Indication, Measure};
use crate::domain::evidence::{default_options, pooled, rows_for};

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
