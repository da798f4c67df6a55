//! Dose-response: x = dose in cells/kg on a log scale, y = the chosen outcome as a
//! proportion, bubble area proportional to N, colour by cell source (Okabe-Ito, safe for
//! colour-blind readers and legible in dark mode), and the weighted meta-regression line of
//! the logit outcome on log10 dose with its 95% confidence band. Each bubble is focusable,
//! carries a tooltip and names its study (`data-study`) so the page can open it.

use super::scale::{log_ticks, proportion_axis, LinearScale, LogScale};
use crate::domain::data::Tissue;
use crate::domain::evidence::Row;
use crate::domain::format::{scientific, superscript};
use crate::domain::stats::expit;
use crate::domain::stats::pool::logit_study;
use crate::domain::stats::regression::{meta_regression, MetaRegression};
use crate::html;
use crate::html::Html;

/// Okabe-Ito colours by source; "two or more sources" and unspecified get grey.
pub fn source_colour(tissues: &[Tissue]) -> (&'static str, &'static str) {
    match tissues {
        [Tissue::BoneMarrow] => ("#0072B2", "bone marrow"),
        [Tissue::Adipose] => ("#E69F00", "adipose tissue"),
        [Tissue::UmbilicalCord] => ("#009E73", "umbilical cord"),
        [Tissue::CordBlood] => ("#CC79A7", "cord blood"),
        [Tissue::Placenta] | [Tissue::Decidua] => ("#D55E00", "placenta / decidua"),
        _ => ("#999999", "two sources or not specified"),
    }
}

/// Why there is no chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoseResponseError {
    /// No study has both a dose per kg and the outcome as events out of patients.
    NoPoints,
}

impl std::fmt::Display for DoseResponseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "No study in the selection reports both a dose per kg and this outcome as events out of patients, so there is nothing to plot.")
    }
}

/// The fitted line for the rows (None with fewer than three points or a single dose).
pub fn fit(rows: &[Row]) -> Option<MetaRegression> {
    let data: Vec<(f64, f64, f64)> = rows
        .iter()
        .filter(|r| !r.not_poolable)
        .filter_map(|r| {
            let (dose, p) = (r.dose_per_kg?, r.proportion?);
            let study = logit_study(p.events, p.n)?;
            Some((dose.log10(), study.y, study.v))
        })
        .collect();
    meta_regression(&data)
}

/// The chart as SVG markup.
pub fn dose_response_svg(
    rows: &[Row],
    title: &str,
    outcome: &str,
    width: f64,
) -> Result<Html, DoseResponseError> {
    let points: Vec<&Row> = rows
        .iter()
        .filter(|r| r.dose_per_kg.is_some() && r.proportion.is_some())
        .collect();
    if points.is_empty() {
        return Err(DoseResponseError::NoPoints);
    }
    let doses: Vec<f64> = points.iter().filter_map(|r| r.dose_per_kg).collect();
    let min_dose = doses.iter().copied().fold(f64::INFINITY, f64::min);
    let max_dose = doses.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let decades = log_ticks(min_dose, max_dose);
    let (Some(&x_low), Some(&x_high)) = (decades.first(), decades.last()) else {
        return Err(DoseResponseError::NoPoints);
    };
    let line = fit(rows);
    let mut ends: Vec<f64> = points
        .iter()
        .filter_map(|r| r.proportion)
        .map(|p| p.estimate)
        .collect();
    let band = band_points(line.as_ref(), x_low, x_high);
    ends.extend(band.iter().flat_map(|(_, y, lo, hi)| [*y, *lo, *hi]));
    let (y_low, y_high, y_ticks) = proportion_axis(&ends);
    let height = 380.0;
    let (left, right, top, bottom) = (64.0, width - 180.0, 40.0, height - 56.0);
    let frame = Frame {
        x: LogScale {
            domain: (x_low, x_high),
            range: (left, right),
        },
        y: LinearScale {
            domain: (y_low, y_high),
            range: (bottom, top),
        },
        left,
        right,
        top,
        bottom,
    };
    let mut svg = html!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="dose-chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="group" aria-labelledby="dose-title dose-desc" data-testid="dose-chart"><title id="dose-title">{2}</title><desc id="dose-desc">{3} studies by dose ({4} to {5} cells/kg). {6}</desc><text class="chart__title" x="8" y="20">{2}</text>"#,
        width,
        height,
        title,
        points.len(),
        scientific(min_dose),
        scientific(max_dose),
        summary_text(line.as_ref()),
    );
    axes_html(&mut svg, &frame, &decades, &y_ticks);
    svg.push(html!(
        r#"<text class="chart__axis" x="{:.1}" y="{:.1}" text-anchor="middle">Dose (cells/kg, log scale)</text><text class="chart__axis" transform="rotate(-90)" x="{:.1}" y="16" text-anchor="middle">{} (%)</text>"#,
        (left + right) / 2.0,
        height - 12.0,
        -(top + bottom) / 2.0,
        outcome
    ));
    if !band.is_empty() {
        svg.push(band_html(&band, &frame));
    }
    let legend = bubbles_html(&mut svg, &points, &frame);
    legend_html(&mut svg, &legend, &frame);
    Ok(svg)
}

/// Where the chart draws: the scales and the plot area's edges.
struct Frame {
    x: LogScale,
    y: LinearScale,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// The fitted line and its 95% band at 41 doses across the axis: (dose, fit, low, high)
/// as proportions; empty without a line.
fn band_points(
    line: Option<&MetaRegression>,
    x_low: f64,
    x_high: f64,
) -> Vec<(f64, f64, f64, f64)> {
    line.map(|m| {
        (0..=40)
            .map(|i| {
                let lx = x_low.log10() + (x_high.log10() - x_low.log10()) * f64::from(i) / 40.0;
                let (y, lo, hi) = m.predict(lx);
                (10f64.powf(lx), expit(y), expit(lo), expit(hi))
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The regression's slope test in words, for the chart's description.
fn summary_text(line: Option<&MetaRegression>) -> String {
    match line {
        Some(m) => {
            let (low, high, p) = m.slope_test();
            format!(
                "Meta-regression of the logit outcome on log10 dose: slope {:.2} per tenfold dose (95% CI {:.2} to {:.2}, p = {:.3}), residual tau² {:.3}.",
                m.slope, low, high, p, m.tau2
            )
        }
        None => {
            "No regression line: it needs at least three studies with different doses.".to_string()
        }
    }
}

/// The grid lines and tick labels: one per decade of dose, one per proportion tick.
fn axes_html(svg: &mut Html, f: &Frame, decades: &[f64], y_ticks: &[f64]) {
    svg.extend(decades.iter().map(|tick| {
        html!(
            r#"<line class="chart__grid" x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}"/><text class="chart__tick" x="{0:.1}" y="{3:.1}" text-anchor="middle">10{4}</text>"#,
            f.x.map(*tick),
            f.top,
            f.bottom,
            f.bottom + 18.0,
            superscript(tick.log10().round() as i32)
        )
    }));
    svg.extend(y_ticks.iter().map(|tick| {
        html!(
            r#"<line class="chart__grid" x1="{0}" y1="{1:.1}" x2="{2}" y2="{1:.1}"/><text class="chart__tick" x="{3:.1}" y="{4:.1}" text-anchor="end">{5}%</text>"#,
            f.left,
            f.y.map(*tick),
            f.right,
            f.left - 6.0,
            f.y.map(*tick) + 4.0,
            crate::domain::format::number((1000.0 * tick).round() / 10.0)
        )
    }));
}

/// The confidence band as a polygon and the fitted line over it, clamped to the axis.
fn band_html(band: &[(f64, f64, f64, f64)], f: &Frame) -> Html {
    let (x, y) = (f.x, f.y);
    let (y_low, y_high) = y.domain;
    let upper: Vec<String> = band
        .iter()
        .map(|(d, _, _, hi)| format!("{:.1},{:.1}", x.map(*d), y.map(hi.clamp(y_low, y_high))))
        .collect();
    let lower: Vec<String> = band
        .iter()
        .rev()
        .map(|(d, _, lo, _)| format!("{:.1},{:.1}", x.map(*d), y.map(lo.clamp(y_low, y_high))))
        .collect();
    let centre: Vec<String> = band
        .iter()
        .map(|(d, m, _, _)| format!("{:.1},{:.1}", x.map(*d), y.map(m.clamp(y_low, y_high))))
        .collect();
    html!(
        r#"<polygon class="chart__band" data-testid="dose-band" points="{} {}"/><polyline class="chart__line" data-testid="dose-line" points="{}"/>"#,
        upper.join(" "),
        lower.join(" "),
        centre.join(" ")
    )
}

/// One focusable bubble per study, area by N and colour by source; the sources seen, in
/// order, for the legend.
fn bubbles_html(svg: &mut Html, points: &[&Row], f: &Frame) -> Vec<(&'static str, &'static str)> {
    let max_n = points
        .iter()
        .filter_map(|r| r.proportion.map(|p| p.n))
        .max()
        .unwrap_or(1) as f64;
    let mut legend: Vec<(&str, &str)> = Vec::new();
    for row in points {
        let (Some(dose), Some(p)) = (row.dose_per_kg, row.proportion) else {
            continue;
        };
        let (colour, source) = source_colour(&row.tissues);
        if !legend.iter().any(|(c, _)| *c == colour) {
            legend.push((colour, source));
        }
        let radius = 3.0 + 12.0 * (f64::from(p.n) / max_n).sqrt();
        svg.push(html!(
            r#"<circle class="chart__bubble" tabindex="0" role="link" data-testid="dose-bubble" data-study="{}" cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{}"><title>{}</title></circle>"#,
            row.study_id,
            f.x.map(dose),
            f.y.map(p.estimate),
            radius,
            colour,
            format!(
                "{}: {} cells/kg, {}/{} = {:.1}% ({}); N = {}. Press Enter to open the study.",
                row.label,
                scientific(dose),
                p.events,
                p.n,
                100.0 * p.estimate,
                source,
                p.n
            ),
        ));
    }
    legend
}

/// The colour legend right of the plot, then the note on bubble area; closes the SVG.
fn legend_html(svg: &mut Html, legend: &[(&str, &str)], f: &Frame) {
    let (right, top) = (f.right, f.top);
    svg.extend(legend.iter().enumerate().map(|(i, (colour, source))| {
        let ly = top + 10.0 + 20.0 * i as f64;
        html!(
            r#"<circle cx="{:.1}" cy="{:.1}" r="6" fill="{}"/><text class="chart__legend" x="{:.1}" y="{:.1}">{}</text>"#,
            right + 18.0,
            ly,
            colour,
            right + 30.0,
            ly + 4.0,
            source
        )
    }));
    svg.push(html!(
        r#"<text class="chart__legend" x="{:.1}" y="{:.1}">Bubble area ∝ N</text></svg>"#,
        right + 12.0,
        top + 20.0 + 20.0 * legend.len() as f64
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::{Indication, Measure};
    use crate::domain::evidence::rows_for;

    fn agvhd_cr() -> Vec<Row> {
        rows_for(Indication::AgvhdTreatment, Measure::Cr)
    }

    #[test]
    fn a_bubble_per_study_with_dose_and_proportion_and_the_line() {
        let rows = agvhd_cr();
        let svg = dose_response_svg(
            &rows,
            "Complete response by dose",
            "Complete response",
            760.0,
        )
        .unwrap();
        let expected = rows
            .iter()
            .filter(|r| r.dose_per_kg.is_some() && r.proportion.is_some())
            .count();
        assert_eq!(
            svg.matches(r#"data-testid="dose-bubble""#).count(),
            expected
        );
        assert!(svg.contains("dose-line") && svg.contains("dose-band"));
        assert!(svg.contains("slope") && !svg.contains("NaN"));
        assert!(
            svg.contains(r##"fill="#0072B2""##),
            "bone marrow in Okabe-Ito blue"
        );
    }

    #[test]
    fn too_few_points_draw_bubbles_without_a_line_and_none_say_so() {
        let rows: Vec<Row> = agvhd_cr()
            .into_iter()
            .filter(|r| r.proportion.is_some() && r.dose_per_kg.is_some())
            .take(2)
            .collect();
        let svg = dose_response_svg(&rows, "t", "CR", 760.0).unwrap();
        assert!(!svg.contains("dose-line") && svg.contains("No regression line"));
        assert_eq!(
            dose_response_svg(&[], "t", "CR", 760.0),
            Err(DoseResponseError::NoPoints)
        );
    }

    #[test]
    fn colours_by_source() {
        assert_eq!(source_colour(&[Tissue::Adipose]).0, "#E69F00");
        assert_eq!(
            source_colour(&[Tissue::BoneMarrow, Tissue::Adipose]).1,
            "two sources or not specified"
        );
    }
}
