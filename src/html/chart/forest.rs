//! The forest plot as RevMan and metafor draw it: per study the proportion and its CI
//! (square sized by pooling weight), the pooled diamond with the model, a dashed line at
//! the pooled estimate, the 95% prediction interval and the heterogeneity under it, on an
//! axis with round ticks that fits every interval; columns for the study, events/N, dose
//! and source, the estimate and CI as text and the weight. Rows that are not proportions
//! are listed in the description, not drawn. The SVG has a viewBox: the page scales it to
//! its box (style/analysis.css); its width and height are the downloaded file's size.

use super::scale::{proportion_axis, LinearScale};
use crate::domain::evidence::{heterogeneity_text, Row};
use crate::domain::format::interval;
use crate::domain::stats::pool::Pooled;
use crate::domain::stats::proportion::Proportion;
use crate::html;
use crate::html::Html;

const ROW: f64 = 24.0;
const TOP: f64 = 64.0;
const LABEL_CHARS: usize = 28;
/// Where the plot starts: after the study, events/N, dose and source columns.
const PLOT_LEFT: f64 = 412.0;
/// Right ends of the events/N and dose columns, start of the source column.
const EVENTS_X: f64 = 236.0;
const DOSE_X: f64 = 312.0;
const SOURCE_X: f64 = 322.0;
/// Right of the plot: the estimate text and the weight (right-aligned at its end).
const RIGHT_COLUMNS: f64 = 196.0;
const WEIGHT_END: f64 = 188.0;

/// The MSC source in a word or two, for the forest plot's narrow column.
fn source_short(tissues: &[crate::domain::data::Tissue]) -> String {
    use crate::domain::data::Tissue;
    tissues
        .iter()
        .map(|t| match t {
            Tissue::BoneMarrow => "marrow",
            Tissue::Adipose => "adipose",
            Tissue::UmbilicalCord => "cord",
            Tissue::CordBlood => "cord blood",
            Tissue::Placenta => "placenta",
            Tissue::Decidua => "decidua",
            Tissue::Unspecified => "not stated",
            Tissue::None => "none",
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Why there is no plot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForestError {
    /// No row is a proportion: nothing to draw.
    NoRows,
}

impl std::fmt::Display for ForestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "No study in the selection reports this outcome as events out of patients, so there is nothing to plot.")
    }
}

/// `text` cut to `max` characters with an ellipsis, so labels never run into the plot.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// Rows drawn together: a subgroup (its label and pooled result) or, unlabelled, every row.
pub struct Block<'a> {
    pub label: Option<&'a str>,
    pub rows: Vec<&'a Row>,
    /// The subgroup's pooled result (its weights size the squares); None unlabelled.
    pub pooled: Option<&'a Pooled>,
}

/// The forest plot as SVG markup, `width` pixels wide.
pub fn forest_svg(
    rows: &[Row],
    pooled: Option<&Pooled>,
    title: &str,
    width: f64,
) -> Result<Html, ForestError> {
    let block = Block {
        label: None,
        rows: rows.iter().collect(),
        pooled: None,
    };
    forest_blocks_svg(&[block], pooled, title, width)
}

/// Each row's weight in `pooled` (percent), None for a row it does not pool. `pooled`
/// pooled the rows that are poolable proportions, in order (as `evidence::pooled` does).
/// Rounded to 0.1 by largest remainder, so the weights printed add up to 100.0%.
pub fn row_weights(rows: &[&Row], pooled: Option<&Pooled>) -> Vec<Option<f64>> {
    let weights = pooled.map_or(&[][..], |p| &p.weights[..]);
    let tenths: Vec<f64> = weights.iter().map(|w| w * 10.0).collect();
    let mut shares: Vec<f64> = tenths.iter().map(|t| t.floor()).collect();
    let missing = (tenths.iter().sum::<f64>() - shares.iter().sum::<f64>()).round();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    let rest = |i: usize| tenths[i] - tenths[i].floor();
    crate::domain::sort::sort_by(&mut order, |a, b| rest(*b).total_cmp(&rest(*a)));
    for i in order.into_iter().take(missing.max(0.0) as usize) {
        shares[i] += 1.0;
    }
    let mut shares = shares.into_iter().map(|t| t / 10.0);
    rows.iter()
        .map(|r| {
            (!r.not_poolable && r.proportion.is_some())
                .then(|| shares.next())
                .flatten()
        })
        .collect()
}

/// A diamond for a pooled result at height `y` (`testid` names it for tests).
fn diamond(
    x: &LinearScale,
    p: &Pooled,
    y: f64,
    label: &str,
    class: &str,
    testid: &str,
    text_x: f64,
) -> Html {
    let (x0, x1, xe) = (x.map(p.lower), x.map(p.upper), x.map(p.estimate));
    let pi = p.prediction.filter(|_| testid == "forest-pooled");
    let prediction = pi.map(|(l, h)| {
        html!(
            r#"<line class="forest__pi" x1="{0:.1}" y1="{1:.1}" x2="{2:.1}" y2="{1:.1}" data-testid="forest-pi"/>"#,
            x.map(l),
            y,
            x.map(h)
        )
    });
    let interval_text =
        pi.map(|(l, h)| format!("; 95% prediction interval {}–{}%", percent(l), percent(h)));
    let hk = if p.options.hartung_knapp {
        ", Hartung-Knapp"
    } else {
        ""
    };
    let polygon = if testid == "forest-pooled" {
        "forest-diamond"
    } else {
        "forest-subgroup-diamond"
    };
    html!(
        r#"<g class="{0}" tabindex="0" role="img" data-testid="{1}"><title>{2} ({3} studies, {4}): {5}% (95% CI {6}–{7}%){8}</title><text x="8" y="{9:.1}">{10}</text>{11}<polygon class="forest__diamond" data-testid="{12}" points="{13:.1},{14:.1} {15:.1},{16:.1} {17:.1},{14:.1} {15:.1},{18:.1}"/><text x="{19:.1}" y="{9:.1}" data-testid="forest-estimate">{20}</text></g>{21}"#,
        class,
        testid,
        label,
        p.studies,
        p.options.tau2.label(),
        percent(p.estimate),
        percent(p.lower),
        percent(p.upper),
        interval_text,
        y + 4.0,
        truncate(&format!("{label} ({}{})", p.options.tau2.label(), hk), 50),
        prediction,
        polygon,
        x0,
        y,
        xe,
        y - 7.0,
        x1,
        y + 7.0,
        text_x,
        interval(p.estimate, p.lower, p.upper),
        note(
            y + ROW,
            &format!("Heterogeneity: {}", heterogeneity_text(p))
        ),
    )
}

/// A line of small text under a diamond (heterogeneity, prediction interval), left.
fn note(y: f64, text: &str) -> Html {
    html!(
        r#"<text class="forest__note" x="8" y="{:.1}" data-testid="forest-note">{}</text>"#,
        y + 4.0,
        text
    )
}

/// A study's tooltip: its events / N, estimate and CI, and its weight or why it has none.
fn row_tip(row: &Row, p: &Proportion, weight: Option<f64>) -> String {
    format!(
        "{}: {}/{} = {}% (95% CI {}–{}%){}",
        row.label,
        p.events,
        p.n,
        percent(p.estimate),
        percent(p.lower),
        percent(p.upper),
        match (weight, row.unpooled()) {
            (Some(w), _) => format!(", weight {w:.1}%"),
            (None, Some(reason)) => format!(", {}", reason.tag()),
            (None, None) => ", no subgroup estimate".into(),
        }
    )
}

/// The reason beside an unpooled row, on the side of its CI (`x0`–`x1`) with more room.
fn reason_mark(row: &Row, x: &LinearScale, x0: f64, x1: f64, y: f64) -> Option<Html> {
    let (left, right) = x.range;
    row.unpooled().map(|reason| {
        let (at, anchor) = if right - x1 >= x0 - left {
            (x1 + 6.0, "start")
        } else {
            (x0 - 6.0, "end")
        };
        html!(
            r#"<text class="forest__reason" x="{:.1}" y="{:.1}" text-anchor="{}" data-testid="forest-reason">{}</text>"#,
            at,
            y + 4.0,
            anchor,
            reason.tag()
        )
    })
}

/// One study's row at height `y`: its columns, CI, square (area by `weight`) or open
/// circle with the reason it is not pooled, and the estimate as text at `text_x`.
fn study_row(
    row: &Row,
    p: Proportion,
    y: f64,
    weight: Option<f64>,
    x: &LinearScale,
    text_x: f64,
) -> Html {
    let side = weight.map(|w| (4.0 + 10.0 * (w / 100.0).sqrt()).min(14.0));
    let (x0, x1, xe) = (x.map(p.lower), x.map(p.upper), x.map(p.estimate));
    let marker = match side {
        Some(s) => html!(
            r#"<rect class="forest__square" x="{0:.1}" y="{1:.1}" width="{2:.1}" height="{2:.1}"/>"#,
            xe - s / 2.0,
            y - s / 2.0,
            s
        ),
        None => html!(
            r#"<circle class="forest__unpooled" cx="{:.1}" cy="{:.1}" r="4"/>"#,
            xe,
            y
        ),
    };
    html!(
        r#"<g class="forest__row" tabindex="0" role="img" data-testid="forest-row" data-study="{0}"><title>{1}</title><text x="8" y="{2:.1}">{3}</text><text x="{4}" y="{2:.1}" text-anchor="end">{5}/{6}</text><text x="{17}" y="{2:.1}" text-anchor="end">{7}</text><text x="{18}" y="{2:.1}">{8}</text><line class="forest__ci" x1="{9:.1}" y1="{10:.1}" x2="{11:.1}" y2="{10:.1}"/>{12}{16}<text x="{13:.1}" y="{2:.1}" data-testid="forest-estimate">{14}</text>{15}</g>"#,
        row.study_id,
        row_tip(row, &p, weight),
        y + 4.0,
        truncate(&row.label, LABEL_CHARS),
        EVENTS_X,
        p.events,
        p.n,
        row.dose_per_kg
            .map(crate::domain::format::scientific)
            .unwrap_or_else(|| "–".into()),
        source_short(&row.tissues),
        x0,
        y,
        x1,
        marker,
        text_x,
        interval(p.estimate, p.lower, p.upper),
        weight.map(|w| html!(
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" data-testid="forest-weight">{:.1}%</text>"#,
            text_x - 12.0 + WEIGHT_END,
            y + 4.0,
            w
        )),
        reason_mark(row, x, x0, x1, y),
        DOSE_X,
        SOURCE_X,
    )
}

/// The forest plot of `blocks` (subgroups with their diamonds), then the overall diamond
/// and prediction interval.
pub fn forest_blocks_svg(
    blocks: &[Block],
    pooled: Option<&Pooled>,
    title: &str,
    width: f64,
) -> Result<Html, ForestError> {
    let plotted: Vec<&Row> = blocks
        .iter()
        .flat_map(|b| b.rows.iter().copied())
        .filter(|r| r.proportion.is_some())
        .collect();
    if plotted.is_empty() {
        return Err(ForestError::NoRows);
    }
    let (low, high, ticks) = proportion_axis(&axis_ends(&plotted, blocks, pooled));
    let (plot_left, plot_right) = (PLOT_LEFT, (width - RIGHT_COLUMNS).max(PLOT_LEFT + 150.0));
    let text_x = plot_right + 12.0;
    let x = LinearScale {
        domain: (low, high),
        range: (plot_left, plot_right),
    };
    // A block with nothing to plot is left out (its rows are named under "Not plotted").
    let drawn: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.rows.iter().any(|r| r.proportion.is_some()))
        .collect();
    // Row slots: every plotted row, and per labelled block a heading and its diamond with
    // its heterogeneity.
    let slots = plotted.len()
        + drawn
            .iter()
            .filter(|b| b.label.is_some())
            .map(|b| 1 + 2 * usize::from(b.pooled.is_some()))
            .sum::<usize>();
    // The overall diamond: a gap, the diamond, its heterogeneity and prediction interval.
    let extra = pooled.map_or(0.0, |p| {
        ROW * (3.0 + f64::from(u8::from(p.prediction.is_some())))
    });
    let bottom = TOP + slots as f64 * ROW + extra;
    let height = bottom + 60.0;
    let pooled_text = pooled.map(|p| {
        format!(
            ", pooled {}% ({}–{}%)",
            percent(p.estimate),
            percent(p.lower),
            percent(p.upper)
        )
    });
    let mut svg = html!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="forest" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="group" aria-labelledby="forest-title forest-desc" data-testid="forest-plot"><title id="forest-title">{2}</title><desc id="forest-desc">{3} studies plotted{4}. Axis {5}% to {6}%.{7}</desc>"#,
        width,
        height,
        title,
        plotted.len(),
        pooled_text,
        percent(low),
        percent(high),
        not_plotted_text(blocks),
    );
    frame_html(&mut svg, title, &ticks, &x, bottom, text_x, pooled);
    let slot = blocks_html(&mut svg, &drawn, pooled, &x, text_x);
    svg.push(pooled.map(|p| overall_html(p, &x, TOP + slot as f64 * ROW + ROW, text_x)));
    svg.push(html!("</svg>"));
    Ok(svg)
}

/// The overall diamond at height `y`, its heterogeneity and its prediction interval.
fn overall_html(p: &Pooled, x: &LinearScale, y: f64, text_x: f64) -> Html {
    let mut html = diamond(
        x,
        p,
        y,
        "Pooled, random effects",
        "forest__pooled",
        "forest-pooled",
        text_x,
    );
    html.push(p.prediction.map(|(l, h)| {
        note(
            y + 2.0 * ROW,
            &format!("95% prediction interval {}–{}%", percent(l), percent(h)),
        )
    }));
    html
}

/// Every CI end the axis must hold: the plotted rows', the diamonds' and the prediction
/// interval's.
fn axis_ends(plotted: &[&Row], blocks: &[Block], pooled: Option<&Pooled>) -> Vec<f64> {
    let mut ends: Vec<f64> = plotted
        .iter()
        .filter_map(|r| r.proportion)
        .flat_map(|p| [p.lower, p.upper])
        .collect();
    for p in blocks.iter().filter_map(|b| b.pooled).chain(pooled) {
        ends.extend([p.lower, p.upper]);
    }
    if let Some((low, high)) = pooled.and_then(|p| p.prediction) {
        ends.extend([low, high]);
    }
    ends
}

/// " Not plotted: …" naming the rows without a proportion and why, for the description.
fn not_plotted_text(blocks: &[Block]) -> Option<String> {
    let not_plotted: Vec<&Row> = blocks
        .iter()
        .flat_map(|b| b.rows.iter().copied())
        .filter(|r| r.proportion.is_none())
        .collect();
    (!not_plotted.is_empty()).then(|| {
        format!(
            " Not plotted: {}.",
            not_plotted
                .iter()
                .map(|r| format!("{} ({})", r.label, r.note.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

/// The title, the column heads, the grid with its ticks, the reference line at the pooled
/// estimate, and the axis title and legend under them (naming the prediction interval
/// when there is one).
fn frame_html(
    svg: &mut Html,
    title: &str,
    ticks: &[f64],
    x: &LinearScale,
    bottom: f64,
    text_x: f64,
    pooled: Option<&Pooled>,
) {
    let (plot_left, plot_right) = x.range;
    let prediction = pooled.is_some_and(|p| p.prediction.is_some());
    svg.push(html!(
        r#"<text class="forest__title" x="8" y="20">{0}</text><text class="forest__head" x="8" y="{1}">Study</text><text class="forest__head" x="{3}" y="{1}" text-anchor="end">events/N</text><text class="forest__head" x="{4}" y="{1}" text-anchor="end">dose/kg</text><text class="forest__head" x="{5}" y="{1}">source</text><text class="forest__head" x="{2}" y="{1}">Estimate (95% CI)</text><text class="forest__head" x="{6}" y="{1}" text-anchor="end">Weight</text>"#,
        truncate(title, 90),
        TOP - 12.0,
        text_x,
        EVENTS_X,
        DOSE_X,
        SOURCE_X,
        text_x - 12.0 + WEIGHT_END
    ));
    svg.extend(ticks.iter().map(|tick| {
        html!(
            r#"<line class="forest__grid" x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}"/><text class="forest__tick" x="{0:.1}" y="{3:.1}" text-anchor="middle">{4}%</text>"#,
            x.map(*tick),
            TOP - 4.0,
            bottom,
            bottom + 16.0,
            crate::domain::format::number((1000.0 * tick).round() / 10.0)
        )
    }));
    // The reference line is at the pooled estimate: a null line (RR 1, difference 0) means
    // nothing for single-arm proportions, which have no comparator.
    svg.push(pooled.map(|p| {
        html!(
            r#"<line class="forest__ref" x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" data-testid="forest-ref"/>"#,
            x.map(p.estimate),
            TOP - 4.0,
            bottom
        )
    }));
    // Axis title and legend under the ticks.
    svg.push(html!(
        r#"<text class="forest__tick" x="{:.1}" y="{:.1}" text-anchor="middle">Proportion of patients (%)</text><text class="forest__tick" x="8" y="{:.1}" data-testid="forest-legend">■ study, area by weight · ○ not pooled · ◆ pooled, 95% CI · dashed: pooled estimate{}</text>"#,
        (plot_left + plot_right) / 2.0,
        bottom + 32.0,
        bottom + 50.0,
        if prediction {
            " · — 95% prediction interval"
        } else {
            ""
        }
    ));
}

/// Each drawn block: its heading, its rows (weighted within the subgroup's pool, or the
/// overall one for an unlabelled block) and its diamond. Returns the next free slot.
fn blocks_html(
    svg: &mut Html,
    drawn: &[&Block],
    pooled: Option<&Pooled>,
    x: &LinearScale,
    text_x: f64,
) -> usize {
    let mut slot = 0usize;
    for block in drawn {
        let centre = |slot: usize| TOP + slot as f64 * ROW + ROW / 2.0;
        if let Some(label) = block.label {
            svg.push(html!(
                r#"<text class="forest__group" x="8" y="{:.1}" data-testid="forest-group">{}</text>"#,
                centre(slot) + 4.0,
                truncate(label, 60)
            ));
            slot += 1;
        }
        // A subgroup's rows are weighted within it, an unlabelled block's in the whole.
        let pool = if block.label.is_some() {
            block.pooled
        } else {
            pooled
        };
        for (row, weight) in block.rows.iter().zip(row_weights(&block.rows, pool)) {
            let Some(p) = row.proportion else { continue };
            let y = centre(slot);
            slot += 1;
            svg.push(study_row(row, p, y, weight, x, text_x));
        }
        if let (Some(label), Some(p)) = (block.label, block.pooled) {
            svg.push(diamond(
                x,
                p,
                centre(slot),
                &format!("Subgroup {label}"),
                "forest__pooled forest__subgroup",
                "forest-subgroup",
                text_x,
            ));
            slot += 2;
        }
    }
    slot
}

#[cfg(test)]
mod tests;
