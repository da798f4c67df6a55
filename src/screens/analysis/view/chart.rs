//! The Charts page's chart (or what it cannot draw) and its data table: always there for
//! screen readers, on screen when asked for.

use crate::domain::data::Evidence;
use crate::domain::evidence::{pooled_text, Row};
use crate::domain::format::number;
use crate::html;
use crate::html::chart::{
    dose_response::{dose_response_svg, fit},
    engraftment::{engraftment_points, engraftment_svg},
    forest::{forest_blocks_svg, forest_svg, Block},
};
use crate::html::Html;
use crate::screens::analysis::state::PAGE_SIZE;
use crate::screens::analysis::state::{Analysis, ChartKind, Summary};
use crate::screens::analysis::view::table::{
    dose_cell, estimate_html, events_cell, left_out_html, mix_html, n_cell, pager,
};

/// The forest plot, in subgroup blocks with their diamonds when the analysis has subgroups.
/// `rows` are the rows drawn (all shown rows, or one page of them); the diamonds are
/// always over every shown row.
pub fn forest_grouped(
    summary: &Summary,
    rows: &[Row],
    a: &Analysis,
    title: &str,
    width: f64,
) -> Result<Html, String> {
    let overall = summary.pooled.as_ref().ok();
    let Some(groups) = summary.subgroups.as_ref() else {
        return forest_svg(rows, overall, title, width).map_err(|e| e.to_string());
    };
    // Rows in subgroup order (first appearance), rows without a value for the grouping last.
    let group_of = |row: &Row| a.group.of(row).unwrap_or_else(|| "not reported".into());
    let mut labels: Vec<String> = Vec::new();
    for row in rows {
        let label = group_of(row);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    let blocks: Vec<Block> = labels
        .iter()
        .map(|label| Block {
            label: Some(label.as_str()),
            rows: rows.iter().filter(|r| group_of(r) == *label).collect(),
            pooled: groups
                .groups
                .iter()
                .find(|(l, _)| l == label)
                .and_then(|(_, r)| r.as_ref().ok()),
        })
        .collect();
    forest_blocks_svg(&blocks, overall, title, width).map_err(|e| e.to_string())
}

/// The rows a forest plot draws: every shown row, or the table's page of them when there
/// are more than a page (a plot of thousands of rows is neither readable nor drawn within
/// a frame), with the pager and a sentence saying the diamonds are over every row.
fn forest_page<'a>(summary: &'a Summary, a: &Analysis) -> (&'a [Row], Html) {
    let shown = &summary.shown;
    if shown.len() <= PAGE_SIZE {
        return (shown, Html::new());
    }
    let pages = shown.len().div_ceil(PAGE_SIZE);
    let page = a.page.min(pages - 1);
    let start = page * PAGE_SIZE;
    let rows = &shown[start..(start + PAGE_SIZE).min(shown.len())];
    let mut html = pager(page, pages, start, rows.len(), shown.len());
    html.push(html!(
        r#"<p class="muted" data-testid="forest-paged">The plot draws {} of the {} rows, a page at a time; the pooled estimates are over all of them.</p>"#,
        rows.len(),
        shown.len()
    ));
    (rows, html)
}

/// The chart's data table, with the button that puts it on screen.
fn data_table(show: bool, label: &str, head: &[&str], body: Html) -> Html {
    let head: Html = head
        .iter()
        .map(|h| html!(r#"<th scope="col">{}</th>"#, h))
        .collect();
    html!(
        r#"<p class="no-print"><button type="button" class="button button--secondary" data-action="table" aria-pressed="{}" data-testid="chart-table-toggle">Show the chart's data as a table</button></p><div class="chart-data{}" data-testid="chart-table"><div class="table-scroll" tabindex="0" role="region" aria-label="{}, scrollable"><table class="data-table"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></div>"#,
        if show { "true" } else { "false" },
        if show { "" } else { " visually-hidden" },
        label,
        label,
        head,
        body
    )
}

fn figure(chart: Result<Html, String>) -> Html {
    match chart {
        Ok(svg) => html!(
            r#"<figure class="chart" data-testid="chart">{}</figure>"#,
            svg
        ),
        Err(message) => html!(
            r#"<p class="notice notice--info" data-testid="chart-message">{}</p>"#,
            message
        ),
    }
}

fn engraftment(evidence: &Evidence, a: &Analysis, width: f64, show_table: bool) -> Html {
    let points = engraftment_points(evidence, |s| {
        a.filters.indication.is_none_or(|i| s.indication == i)
            && a.filters.tissue.is_none_or(|t| s.source.tissues == [t])
    });
    let chart = engraftment_svg(&points, width).ok_or_else(|| {
        "No study in the selection reports days to engraftment, so there is nothing to plot."
            .to_string()
    });
    let body: Html = points
        .iter()
        .map(|p| {
            html!(
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                p.label,
                p.measure.label(),
                p.arm.label(),
                number(p.days),
                p.range
                    .map(|(l, h)| format!("{}–{}", number(l), number(h)))
                    .unwrap_or_else(|| "—".into())
            )
        })
        .collect();
    let mut html = figure(chart);
    html.push(data_table(
        show_table,
        "Engraftment data",
        &["Study", "Measure", "Arm", "Median days", "Range"],
        body,
    ));
    html
}

fn regression(summary: &Summary) -> Html {
    match fit(&summary.shown) {
        Some(m) => {
            let (low, high, p) = m.slope_test();
            html!(
                r#"<p data-testid="regression">Weighted meta-regression of the logit proportion on log10 dose ({} studies, random effects): slope {:.3} on the logit scale per tenfold dose (95% CI {:.3} to {:.3}, {}). An association across studies, not an effect of dose within patients.</p>"#,
                m.studies,
                m.slope,
                low,
                high,
                crate::domain::format::p_value(p)
            )
        }
        None => html!(
            r#"<p class="muted" data-testid="regression">No regression line: it needs at least three studies with two different doses.</p>"#
        ),
    }
}

/// The chart of the analysis and its data table (on screen when `show_table`).
pub fn chart_html(
    evidence: &Evidence,
    summary: &Summary,
    a: &Analysis,
    width: f64,
    show_table: bool,
) -> Html {
    let title = a.title();
    let (drawn, pager) = forest_page(summary, a);
    let (chart, rows): (Result<Html, String>, Vec<&Row>) = match a.chart {
        ChartKind::Forest => (
            forest_grouped(summary, drawn, a, &title, width),
            drawn.iter().filter(|r| r.proportion.is_some()).collect(),
        ),
        ChartKind::DoseResponse => (
            dose_response_svg(&summary.shown, &title, a.measure.label(), width)
                .map_err(|e| e.to_string()),
            summary
                .shown
                .iter()
                .filter(|r| r.proportion.is_some() && r.dose_per_kg.is_some())
                .collect(),
        ),
        ChartKind::Engraftment => return engraftment(evidence, a, width, show_table),
    };
    let mut html = Html::new();
    if a.chart == ChartKind::Forest && chart.is_ok() {
        // Above the pooled diamond: what the pooled rows mix, and what is left out.
        html.push(mix_html(summary));
        html.push(left_out_html(summary));
    }
    html.push(figure(chart));
    if a.chart == ChartKind::Forest {
        html.push(pager);
    }
    if a.chart == ChartKind::DoseResponse {
        html.push(regression(summary));
    }
    let mut body: Html = rows
        .iter()
        .map(|row| {
            html!(
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                row.label,
                dose_cell(row),
                n_cell(row),
                row.proportion.is_some().then(|| events_cell(row)),
                estimate_html(row)
            )
        })
        .collect();
    if let (ChartKind::Forest, Ok(p)) = (a.chart, &summary.pooled) {
        body.push(html!(
            r#"<tr><th scope="row">Pooled ({} studies)</th><td></td><td></td><td></td><td>{}</td></tr>"#,
            p.studies,
            pooled_text(p)
        ));
    }
    html.push(data_table(
        show_table,
        "Chart data",
        &[
            "Study",
            "Dose (cells/kg)",
            "N",
            "Events / N",
            "Estimate (95% CI)",
        ],
        body,
    ));
    html
}
