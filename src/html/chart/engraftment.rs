//! Engraftment: median days to neutrophil and platelet engraftment per study (and days to
//! platelets > 50 × 10⁹/L), MSC (filled) and control (hollow) where reported, with the
//! printed range of patients as a line.

use super::scale::{nice_ticks, LinearScale};
use crate::domain::data::{Arm, Evidence, Measure, Study};
use crate::html;
use crate::html::Html;

/// One value of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct EngraftmentPoint {
    pub study_id: String,
    pub label: String,
    pub measure: Measure,
    pub arm: Arm,
    pub days: f64,
    pub range: Option<(f64, f64)>,
}

/// Every engraftment time of the studies `keep` accepts.
pub fn engraftment_points(
    evidence: &Evidence,
    keep: impl Fn(&Study) -> bool,
) -> Vec<EngraftmentPoint> {
    let measures = [
        Measure::NeutrophilEngraftmentDays,
        Measure::PlateletEngraftmentDays,
        Measure::Platelet50Days,
    ];
    evidence
        .dataset
        .studies
        .iter()
        .filter(|study| keep(study))
        .flat_map(|study| {
            study
                .outcomes
                .iter()
                .filter(|o| measures.contains(&o.measure))
                .filter_map(move |o| {
                    Some(EngraftmentPoint {
                        study_id: study.id.clone(),
                        label: evidence.study_label(study),
                        measure: o.measure,
                        arm: o.arm,
                        days: o.value?,
                        range: o.low.zip(o.high),
                    })
                })
        })
        .collect()
}

/// The chart as SVG markup; None without points.
pub fn engraftment_svg(points: &[EngraftmentPoint], width: f64) -> Option<Html> {
    if points.is_empty() {
        return None;
    }
    let rows = chart_rows(points);
    let max = points
        .iter()
        .map(|p| p.range.map(|r| r.1).unwrap_or(p.days).max(p.days))
        .fold(0.0, f64::max);
    let (_, high, ticks) = nice_ticks(0.0, max, 6);
    let (left, right, top) = (300.0, width - 24.0, 48.0);
    let row_height = 24.0;
    let bottom = top + rows.len() as f64 * row_height;
    let height = bottom + 44.0;
    let x = LinearScale {
        domain: (0.0, high),
        range: (left, right),
    };
    let mut svg = html!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="engraftment-chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="group" aria-labelledby="engraft-title" data-testid="engraftment-chart"><title id="engraft-title">Median days to neutrophil and platelet engraftment, MSC (filled) and control (hollow)</title><text class="chart__title" x="8" y="20">Days to engraftment: MSC ● control ○</text>"#,
        width,
        height
    );
    svg.extend(ticks.iter().map(|tick| {
        html!(
            r#"<line class="chart__grid" x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}"/><text class="chart__tick" x="{0:.1}" y="{3:.1}" text-anchor="middle">{4}</text>"#,
            x.map(*tick),
            top,
            bottom,
            bottom + 16.0,
            crate::domain::format::number(*tick)
        )
    }));
    svg.push(html!(
        r#"<text class="chart__axis" x="{:.1}" y="{:.1}" text-anchor="middle">Days after transplantation</text>"#,
        (left + right) / 2.0,
        height - 8.0
    ));
    for (index, (id, label, measure)) in rows.iter().enumerate() {
        let y = top + index as f64 * row_height + row_height / 2.0;
        // The row label writes the measure as markup as it always has (a bare `>` is
        // valid text); the tooltips carry it as escaped text.
        let (what, what_markup) = match measure {
            Measure::NeutrophilEngraftmentDays => ("neutrophils", html!("neutrophils")),
            Measure::PlateletEngraftmentDays => ("platelets", html!("platelets")),
            _ => ("platelets > 50 × 10⁹/L", html!("platelets > 50 × 10⁹/L")),
        };
        svg.push(html!(
            r#"<text x="8" y="{:.1}">{} — {}</text>"#,
            y + 4.0,
            super::forest::truncate(label, 28),
            what_markup
        ));
        let row = (id.as_str(), *measure);
        dots_html(&mut svg, points, row, x, y, label, what);
    }
    svg.push(html!("</svg>"));
    Some(svg)
}

/// The dots of one row (study id and measure) at height `y`, filled for MSC and hollow
/// for control, with their ranges and tooltips.
fn dots_html(
    svg: &mut Html,
    points: &[EngraftmentPoint],
    (id, measure): (&str, Measure),
    x: LinearScale,
    y: f64,
    label: &str,
    what: &str,
) {
    for p in points
        .iter()
        .filter(|p| p.study_id == id && p.measure == measure)
    {
        let (cx, arm) = (x.map(p.days), p.arm.label());
        if let Some((low, high)) = p.range {
            svg.push(html!(
                r#"<line class="chart__range" x1="{0:.1}" y1="{1:.1}" x2="{2:.1}" y2="{1:.1}"/>"#,
                x.map(low),
                y,
                x.map(high)
            ));
        }
        let class = if p.arm == Arm::Control {
            "chart__dot chart__dot--control"
        } else {
            "chart__dot"
        };
        let range = p
            .range
            .map(|(l, h)| format!(" (range {l}–{h})"))
            .unwrap_or_default();
        svg.push(html!(
            r#"<circle class="{}" tabindex="0" role="img" data-testid="engraftment-dot" cx="{:.1}" cy="{:.1}" r="5"><title>{}</title></circle>"#,
            class,
            cx,
            y,
            format!(
                "{label}, {what}, {arm}: {} days{range}",
                crate::domain::format::number(p.days)
            )
        ));
    }
}

/// One row per study and measure, in order of first appearance; MSC and control share it.
fn chart_rows(points: &[EngraftmentPoint]) -> Vec<(String, String, Measure)> {
    let mut rows: Vec<(String, String, Measure)> = Vec::new();
    for p in points {
        if !rows
            .iter()
            .any(|(id, _, m)| *id == p.study_id && *m == p.measure)
        {
            rows.push((p.study_id.clone(), p.label.clone(), p.measure));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;

    #[test]
    fn every_engraftment_time_is_a_dot_and_controls_are_hollow() {
        let points = engraftment_points(evidence().unwrap(), |_| true);
        // refs 28, 29, 31, 33: neutrophils and platelets; ref 30: MSC and control.
        assert_eq!(points.len(), 10);
        let svg = engraftment_svg(&points, 760.0).unwrap();
        assert_eq!(svg.matches(r#"data-testid="engraftment-dot""#).count(), 10);
        assert_eq!(
            svg.matches("chart__dot--control").count(),
            1,
            "ref 30's non-MSC group"
        );
        assert_eq!(
            svg.matches(r#"class="chart__range""#).count(),
            4,
            "ranges printed for refs 28 and 33"
        );
        assert!(engraftment_svg(&[], 760.0).is_none());
    }
}
