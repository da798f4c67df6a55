//! The Compare page's results: counts, the pooled block, subgroups, leave-one-out, the
//! side-by-side view and the table(s) of the current page of rows.

use crate::domain::data::Indication;
use crate::domain::evidence::{methods_sentence, pooled, pooled_text, Row, SortKey};
use crate::domain::format::{number, scientific};
use crate::domain::stats::pool::{PoolError, Pooled};
use crate::html;
use crate::html::markup::attr;
use crate::html::Html;
use crate::screens::analysis::state::{
    capitalise, Analysis, Column, Summary, MAX_SELECTED, PAGE_SIZE,
};
use crate::screens::Links;

fn percent(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// "60.0% (38.7–78.9)" (shared with the forest plot and the report).
pub use crate::domain::format::interval;

pub fn estimate_cell(row: &Row) -> String {
    match (&row.proportion, &row.note) {
        (Some(p), _) => interval(p.estimate, p.lower, p.upper),
        (None, Some(note)) => format!("— {note}"),
        (None, None) => "—".into(),
    }
}

/// The estimate with, for a proportion left out of pooling, the reason beside it.
pub fn estimate_html(row: &Row) -> Html {
    let reason = row
        .unpooled()
        .filter(|_| row.proportion.is_some())
        .map(|u| {
            html!(
                r#" <small class="muted" data-testid="unpooled-reason">{}</small>"#,
                u.tag()
            )
        });
    html!("{}{}", estimate_cell(row), reason)
}

pub fn events_cell(row: &Row) -> String {
    row.proportion
        .map(|p| format!("{}/{}", p.events, p.n))
        .unwrap_or_else(|| "—".into())
}

pub fn dose_cell(row: &Row) -> String {
    row.dose_per_kg
        .map(scientific)
        .unwrap_or_else(|| "—".into())
}

pub fn n_cell(row: &Row) -> String {
    row.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

pub fn source_cell(row: &Row) -> String {
    row.tissues
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The pooled result (or why there is none) with its methods sentence and the rows left
/// out; above it, the notice when the rows pooled mix indications or designs.
fn pooled_block(summary: &Summary, a: &Analysis) -> Html {
    let left_out = left_out_html(summary);
    let block = match &summary.pooled {
        Ok(p) => html!(
            r#"<section class="pooled" aria-labelledby="pooled-title" data-testid="pooled"><h2 id="pooled-title">Pooled, {} studies</h2><p class="pooled__value"><strong data-testid="pooled-estimate">{}%</strong> <span data-testid="pooled-ci">(95% CI {}–{}%)</span></p><p data-testid="pooled-text">{}</p>{}<p class="muted" data-testid="methods">{}</p></section>"#,
            p.studies,
            percent(p.estimate),
            percent(p.lower),
            percent(p.upper),
            pooled_text(p),
            left_out,
            methods_sentence(p, a.ci)
        ),
        Err(error) => {
            let single = summary
                .shown
                .iter()
                .find(|r| r.unpooled().is_none())
                .filter(|_| *error == PoolError::OneStudy)
                .map(|r| format!(" {}: {}.", r.label, estimate_cell(r)));
            html!(
                r#"<section class="pooled" data-testid="pooled"><p class="notice notice--info" data-testid="pooled-message">{}{}</p>{}</section>"#,
                error.to_string(),
                single,
                left_out
            )
        }
    };
    html!("{}{}", mix_html(summary), block)
}

/// How many rows shown are not pooled, and why.
pub fn left_out_html(summary: &Summary) -> Option<Html> {
    summary
        .left_out
        .as_ref()
        .map(|text| html!(r#"<p class="muted" data-testid="left-out">{}</p>"#, text))
}

/// The notice that the rows pooled mix indications or designs (nothing when they do not).
pub fn mix_html(summary: &Summary) -> Option<Html> {
    summary.mix.as_ref().map(|text| {
        html!(
            r#"<p class="notice notice--warning" data-testid="mix-notice">{}</p>"#,
            text
        )
    })
}

fn table_head(a: &Analysis) -> Html {
    let sortable = |key: SortKey, label: &str| {
        let state = match (a.sort == Some(key), a.descending) {
            (false, _) => None,
            (true, true) => Some("descending"),
            (true, false) => Some("ascending"),
        };
        html!(
            r#"<th scope="col"{}><button type="button" class="sort" data-sort="{}" data-testid="sort-{}">{}</button></th>"#,
            attr("aria-sort", state),
            key.key(),
            key.key(),
            label
        )
    };
    let mut html = html!(
        r#"<thead><tr><th scope="col"><span class="visually-hidden">Side by side</span></th>"#
    );
    html.push(sortable(SortKey::Study, "Study"));
    for c in Column::ALL.into_iter().filter(|c| a.shows(*c)) {
        html.push(sortable(c.sort_key(), c.label()));
    }
    html.push(sortable(SortKey::Events, "Events / N"));
    html.push(sortable(SortKey::Estimate, "Estimate (95% CI)"));
    html.push(html!("</tr></thead>"));
    html
}

fn cell(row: &Row, column: Column) -> String {
    match column {
        Column::Source => source_cell(row),
        Column::Age => row.age_group.label().into(),
        Column::Dose => dose_cell(row),
        Column::Grade => row.grade.clone().unwrap_or_else(|| "—".into()),
        Column::N => n_cell(row),
        Column::Arm => format!(
            "{}{}",
            row.arm.label(),
            row.months
                .map(|m| format!(", {} months", number(m)))
                .unwrap_or_default()
        ),
        Column::Printed => format!("{}: {}", row.outcome, row.value),
        Column::Basis => row
            .basis
            .as_ref()
            .map(|b| b.label().to_string())
            .unwrap_or_else(|| "—".into()),
    }
}

fn table_row(row: &Row, a: &Analysis, links: &Links) -> Html {
    let flags = (!row.flags.is_empty()).then(|| {
        let messages = row.flags.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" ");
        html!(
            r#" <a class="flag-mark"{} title="{}" data-testid="row-flag">⚑<span class="visually-hidden"> data-quality flag: {}</span></a>"#,
            links.study(&row.study_id),
            messages,
            messages
        )
    });
    let cells: Html = Column::ALL
        .into_iter()
        .filter(|c| a.shows(*c))
        .map(|c| html!("<td>{}</td>", cell(row, c)))
        .collect();
    html!(
        r#"<tr data-testid="compare-row" data-study="{}"{}><td><input type="checkbox" data-pick="{}" aria-label="Compare {} side by side"{}></td><th scope="row"><a{}>{}</a>{}</th>{}<td data-testid="events">{}</td><td data-testid="estimate">{}</td></tr>"#,
        row.study_id,
        attr("class", row.proportion.is_none().then_some("row--muted")),
        row.study_id,
        row.label,
        if a.selected.contains(&row.study_id) {
            " checked"
        } else {
            ""
        },
        links.study(&row.study_id),
        row.label,
        flags,
        cells,
        events_cell(row),
        estimate_html(row)
    )
}

fn columns_shown(a: &Analysis) -> usize {
    4 + Column::ALL.iter().filter(|c| a.shows(**c)).count()
}

fn pooled_row(result: &Result<Pooled, PoolError>, a: &Analysis) -> Html {
    let span = columns_shown(a) - 1;
    match result {
        Ok(p) => html!(
            r#"<tfoot><tr class="row--pooled" data-testid="pooled-row"><th scope="row" colspan="{}">Pooled, random effects ({} studies, {})</th><td>{}</td></tr></tfoot>"#,
            span,
            p.studies,
            p.options.tau2.label(),
            interval(p.estimate, p.lower, p.upper)
        ),
        Err(e) => html!(
            r#"<tfoot><tr class="row--pooled" data-testid="pooled-row"><td colspan="{}">{}</td></tr></tfoot>"#,
            span + 1,
            e.to_string()
        ),
    }
}

fn table(
    caption: &str,
    rows: &[Row],
    pool: &Result<Pooled, PoolError>,
    a: &Analysis,
    links: &Links,
) -> Html {
    let body: Html = rows.iter().map(|row| table_row(row, a, links)).collect();
    html!(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="{}, scrollable"><table class="data-table compare" data-testid="compare-table"><caption>{}</caption>{}<tbody>{}</tbody>{}</table></div>"#,
        caption,
        caption,
        table_head(a),
        body,
        pooled_row(pool, a)
    )
}

/// A table in a scroll region: `head` is the header cells' labels.
pub fn simple_table(label: &str, testid: &str, head: &[&str], body: Html) -> Html {
    let head: Html = head
        .iter()
        .map(|h| html!(r#"<th scope="col">{}</th>"#, h))
        .collect();
    html!(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="{}, scrollable"><table class="data-table" data-testid="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>"#,
        label,
        testid,
        head,
        body
    )
}

fn subgroup_block(summary: &Summary, a: &Analysis) -> Option<Html> {
    let groups = summary.subgroups.as_ref()?;
    let body: Html = groups
        .groups
        .iter()
        .map(|(label, result)| {
            let (k, value, i2) = match result {
                Ok(p) => (p.studies.to_string(), interval(p.estimate, p.lower, p.upper), format!("{:.0}%", p.i2)),
                Err(PoolError::OneStudy) => ("1".into(), "one study: not pooled".into(), "—".into()),
                Err(e) => ("0".into(), e.to_string(), "—".into()),
            };
            html!(
                r#"<tr data-testid="subgroup-row"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                label,
                k,
                value,
                i2
            )
        })
        .collect();
    let test = match groups.between {
        Some((q, df, p)) => html!(
            r#"<p data-testid="subgroup-test">Test for subgroup differences (random effects): Q = {:.2}, df = {}, {}.</p>"#,
            q,
            df,
            p.map(crate::domain::format::p_value)
                .unwrap_or_else(|| "p not computable".into())
        ),
        None => html!(
            r#"<p class="muted" data-testid="subgroup-test">No test of subgroup differences: it needs at least two subgroups with a pooled estimate.</p>"#
        ),
    };
    Some(html!(
        r#"<section aria-labelledby="subgroups-title"><h2 id="subgroups-title">Subgroups by {}</h2>{}{}</section>"#,
        a.group.label().to_ascii_lowercase(),
        simple_table(
            "Subgroups",
            "subgroups",
            &["Subgroup", "Studies", "Pooled (95% CI)", "I²"],
            body
        ),
        test
    ))
}

fn leave_one_out_block(summary: &Summary) -> Option<Html> {
    if summary.leave_one_out.is_empty() {
        return None;
    }
    let body: Html = summary
        .leave_one_out
        .iter()
        .map(|(label, result)| {
            let (value, i2) = match result {
                Ok(p) => (
                    interval(p.estimate, p.lower, p.upper),
                    format!("{:.0}%", p.i2),
                ),
                Err(e) => (e.to_string(), "—".into()),
            };
            html!(
                r#"<tr data-testid="loo-row"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
                label,
                value,
                i2
            )
        })
        .collect();
    Some(html!(
        r#"<section aria-labelledby="loo-title"><h2 id="loo-title">Leave-one-out</h2>{}</section>"#,
        simple_table(
            "Leave-one-out",
            "loo",
            &["Left out", "Pooled without it (95% CI)", "I²"],
            body
        )
    ))
}

fn side_by_side(a: &Analysis, all: &[Row]) -> Option<Html> {
    if a.selected.is_empty() {
        return None;
    }
    let mut body = Html::new();
    for id in &a.selected {
        let rows: Vec<&Row> = all.iter().filter(|r| &r.study_id == id).collect();
        if rows.is_empty() {
            body.push(html!(
                r#"<tr data-testid="sbs-row"><th scope="row">{}</th><td colspan="7">This study does not report {}.</td></tr>"#,
                id,
                a.measure.label()
            ));
        }
        body.extend(rows.into_iter().map(|row| {
            html!(
                r#"<tr data-testid="sbs-row"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                row.label,
                source_cell(row),
                dose_cell(row),
                n_cell(row),
                format!("{}: {}", row.outcome, row.value),
                events_cell(row),
                estimate_cell(row),
                row.basis.as_ref().map(|b| b.label()).unwrap_or("—")
            )
        }));
    }
    let head = [
        "Study",
        "Source",
        "Dose (cells/kg)",
        "N",
        "Outcome as printed",
        "Events / N",
        "Estimate (95% CI)",
        "Basis",
    ];
    Some(html!(
        r#"<section aria-labelledby="sbs-title" data-testid="side-by-side"><h2 id="sbs-title">Side by side ({} of at most {})</h2>{}{}</section>"#,
        a.selected.len(),
        MAX_SELECTED,
        (a.selected.len() < 2)
            .then(|| html!(r#"<p class="muted">Tick one more study to compare.</p>"#)),
        simple_table("Side by side", "sbs", &head, body)
    ))
}

pub(crate) fn pager(page: usize, pages: usize, start: usize, count: usize, total: usize) -> Html {
    let disabled = |off: bool| if off { " disabled" } else { "" };
    html!(
        r#"<nav class="pager" aria-label="Pages of rows" data-testid="pager"><button type="button" class="button button--secondary" data-page="{}"{}>Previous</button> <span>Rows {}–{} of {} (page {} of {})</span> <button type="button" class="button button--secondary" data-page="{}"{}>Next</button></nav>"#,
        page.saturating_sub(1),
        disabled(page == 0),
        start + 1,
        start + count,
        total,
        page + 1,
        pages,
        page + 1,
        disabled(page + 1 >= pages)
    )
}

/// The Compare page's results for a summary of `all` (every row of the measure).
pub fn results_html(summary: &Summary, a: &Analysis, all: &[Row], links: &Links) -> Html {
    let shown = &summary.shown;
    let usable = shown.iter().filter(|r| r.proportion.is_some()).count();
    let mut html = html!(
        r#"<p data-testid="row-count" aria-live="polite">{} — {} of {} rows shown; {} as events / N.</p>"#,
        a.title(),
        shown.len(),
        summary.total,
        usable
    );
    if shown.is_empty() {
        html.push(html!(r#"<p class="notice notice--info" data-testid="no-rows">No row matches these filters. Clear a filter to see rows again.</p>"#));
    }
    if let Err(message) = a.min_n_value() {
        html.push(html!(
            r#"<p class="notice notice--warning">{}</p>"#,
            message
        ));
    }
    html.push(pooled_block(summary, a));
    html.push(subgroup_block(summary, a));
    html.push(leave_one_out_block(summary));
    html.push(side_by_side(a, all));
    let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
    let page = a.page.min(pages - 1);
    let start = page * PAGE_SIZE;
    let slice = &shown[start..(start + PAGE_SIZE).min(shown.len())];
    if a.split {
        for indication in Indication::ALL {
            let rows: Vec<Row> = slice
                .iter()
                .filter(|r| r.indication == indication)
                .cloned()
                .collect();
            if rows.is_empty() {
                continue;
            }
            let all_of: Vec<Row> = shown
                .iter()
                .filter(|r| r.indication == indication)
                .cloned()
                .collect();
            html.push(table(
                indication.label(),
                &rows,
                &pooled(&all_of, a.options),
                a,
                links,
            ));
        }
    } else if !slice.is_empty() {
        let within = a
            .filters
            .indication
            .map_or("every indication", |i| i.label());
        let caption = format!("{} — {within}", capitalise(a.measure.label()));
        html.push(table(&caption, slice, &summary.pooled, a, links));
    }
    if pages > 1 {
        html.push(pager(page, pages, start, slice.len(), shown.len()));
    }
    html
}
