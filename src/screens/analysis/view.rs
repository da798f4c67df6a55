//! The Compare and Charts pages as HTML: the analysis form (rendered once, then bound by
//! the UI), the comparison tables with pooled, subgroup and leave-one-out rows, the
//! side-by-side view, and the chart with its data table.

use std::fmt::Write;

use crate::domain::data::{Evidence, Indication};
use crate::domain::encode::esc;
use crate::domain::evidence::{methods_sentence, pooled, pooled_text, Row, SortKey};
use crate::domain::format::{number, scientific};
use crate::domain::stats::pool::{PoolError, Pooled};
use crate::html::chart::{
    dose_response::{dose_response_svg, fit},
    engraftment::{engraftment_points, engraftment_svg},
    forest::{forest_blocks_svg, forest_svg, Block},
};
use crate::screens::analysis::state::{
    band_key, capitalise, dose_bands, measure_key, option_key, sort_key, Analysis, ChartKind,
    Choices, Column, Grouping, Summary, MAX_SELECTED, PAGE_SIZE, SORT_KEYS,
};
use crate::screens::route::Page;
use crate::screens::Links;

fn select(id: &str, label: &str, options: &[(String, String)], chosen: &str) -> String {
    let mut html = format!(
        r#"<div class="field" id="{id}-field"><label class="field__label" for="{id}">{}</label><select class="field__input" id="{id}" data-testid="{id}">"#,
        esc(label)
    );
    for (value, text) in options {
        let _ = write!(
            html,
            r#"<option value="{}"{}>{}</option>"#,
            esc(value),
            if value == chosen { " selected" } else { "" },
            esc(text)
        );
    }
    html.push_str("</select></div>");
    html
}

fn checkbox(id: &str, label: &str, checked: bool) -> String {
    format!(
        r#"<div class="field field--check"><input type="checkbox" id="{id}" data-testid="{id}"{}><label for="{id}">{}</label></div>"#,
        if checked { " checked" } else { "" },
        esc(label)
    )
}

fn text_input(id: &str, label: &str, value: &str, hint: &str) -> String {
    format!(
        r#"<div class="field" id="{id}-field"><label class="field__label" for="{id}">{}</label><p class="field__hint" id="{id}-hint">{}</p><input class="field__input" type="text" id="{id}" data-testid="{id}" value="{}" autocomplete="off" aria-describedby="{id}-hint {id}-error"><p class="field__error" id="{id}-error" aria-live="polite"></p></div>"#,
        esc(label),
        esc(hint),
        esc(value)
    )
}

fn any(label: &str) -> (String, String) {
    (String::new(), label.to_string())
}

/// The form of the Compare (`Page::Compare`) or Charts page, with the analysis's values.
pub fn controls_html(choices: &Choices, a: &Analysis, page: Page) -> String {
    let f = &a.filters;
    let mut html = String::from(r#"<fieldset class="analysis__group"><legend>Outcome</legend>"#);
    let measures: Vec<(String, String)> = choices
        .measures
        .iter()
        .map(|(m, usable)| {
            (
                measure_key(*m),
                format!("{} ({usable} as events/N)", capitalise(m.label())),
            )
        })
        .collect();
    html += &select("a-measure", "Outcome", &measures, &measure_key(a.measure));
    if page == Page::Charts {
        let charts: Vec<(String, String)> = ChartKind::ALL
            .iter()
            .map(|c| (c.key().into(), c.label().into()))
            .collect();
        html += &select("a-chart", "Chart", &charts, a.chart.key());
    }
    html.push_str(r#"</fieldset><fieldset class="analysis__group"><legend>Filters</legend>"#);
    let mut options = vec![any("All indications")];
    options.extend(
        choices
            .indications
            .iter()
            .map(|i| (i.key().into(), i.label().into())),
    );
    html += &select(
        "a-indication",
        "Indication",
        &options,
        f.indication.map(|i| i.key()).unwrap_or_default(),
    );
    let keyed = |labels: Vec<&str>, all: &str| {
        let mut options = vec![any(all)];
        options.extend(labels.into_iter().map(|l| (option_key(l), capitalise(l))));
        options
    };
    html += &select(
        "a-source",
        "MSC source",
        &keyed(
            choices.tissues.iter().map(|t| t.label()).collect(),
            "All sources",
        ),
        &f.tissue.map(|t| option_key(t.label())).unwrap_or_default(),
    );
    let mut grades = vec![any("All grades")];
    grades.extend(choices.grades.iter().map(|g| (g.clone(), g.clone())));
    html += &select(
        "a-grade",
        "GVHD grade",
        &grades,
        f.grade.as_deref().unwrap_or_default(),
    );
    html += &select(
        "a-age",
        "Age group",
        &keyed(choices.ages.iter().map(|a| a.label()).collect(), "All ages"),
        &f.age_group
            .map(|a| option_key(a.label()))
            .unwrap_or_default(),
    );
    let mut bands = vec![any("All doses")];
    bands.extend(dose_bands().map(|(k, l)| (k.to_string(), l.to_string())));
    html += &select(
        "a-band",
        "Dose band",
        &bands,
        f.dose_band.map(band_key).unwrap_or_default(),
    );
    html += &select(
        "a-arm",
        "Arm",
        &keyed(choices.arms.iter().map(|a| a.label()).collect(), "All arms"),
        &f.arm.map(|a| option_key(a.label())).unwrap_or_default(),
    );
    html += &text_input(
        "a-min-n",
        "Minimum N",
        &a.min_n,
        "Patients in the row, e.g. 10.",
    );
    html += &text_input(
        "a-disease",
        "Disease",
        &f.disease,
        "Part of a diagnosis, e.g. AML.",
    );
    html += &text_input(
        "a-text",
        "Search",
        &f.text,
        "Study, outcome or printed text.",
    );
    html += &checkbox(
        "a-noflag",
        "Leave out rows with data-quality flags",
        a.exclude_flagged,
    );
    html.push_str(r#"</fieldset><fieldset class="analysis__group"><legend>Statistics</legend>"#);
    html += &select(
        "a-ci",
        "Study CI",
        &[
            ("cp".into(), "Clopper-Pearson (exact)".into()),
            ("wilson".into(), "Wilson (score)".into()),
        ],
        a.ci.key(),
    );
    html += &select(
        "a-tau",
        "tau² estimator",
        &[
            ("reml".into(), "REML".into()),
            ("dl".into(), "DerSimonian-Laird".into()),
        ],
        if a.options.tau2 == crate::domain::stats::pool::Tau2Method::Reml {
            "reml"
        } else {
            "dl"
        },
    );
    html += &checkbox(
        "a-hk",
        "Hartung-Knapp CI for the pooled estimate",
        a.options.hartung_knapp,
    );
    let groups: Vec<(String, String)> = Grouping::ALL
        .iter()
        .map(|g| (g.key().into(), g.label().into()))
        .collect();
    html += &select("a-group", "Subgroups", &groups, a.group.key());
    html += &checkbox("a-loo", "Leave-one-out", a.leave_one_out);
    html.push_str(
        r#"</fieldset><fieldset class="analysis__group"><legend>Order and layout</legend>"#,
    );
    let mut sorts = vec![any("Review order")];
    sorts.extend(
        SORT_KEYS
            .iter()
            .map(|(key, name)| (name.to_string(), sort_label(*key).to_string())),
    );
    let sort_value = a.sort.map(sort_key).unwrap_or_default();
    html += &select("a-sort", "Sort by", &sorts, sort_value);
    html += &checkbox("a-desc", "Descending", a.descending);
    if page == Page::Compare {
        html += &checkbox(
            "a-split",
            "One table per indication, as in the review",
            a.split,
        );
        html.push_str(
            r#"<div class="columns" role="group" aria-label="Columns shown"><p>Columns</p>"#,
        );
        for c in Column::ALL {
            html += &checkbox(&format!("a-col-{}", c.key()), c.label(), a.shows(c));
        }
        html.push_str("</div>");
    }
    html.push_str("</fieldset>");
    html
}

/// The name of a sort key in the form.
fn sort_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Study => "Study",
        SortKey::Events => "Events",
        SortKey::Estimate => "Estimate",
        other => Column::ALL
            .into_iter()
            .find(|c| c.sort_key() == other)
            .map(|c| c.label())
            .unwrap_or("Study"),
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// "60.0% (38.7–78.9)".
fn interval(estimate: f64, lower: f64, upper: f64) -> String {
    format!(
        "{}% ({}–{})",
        percent(estimate),
        percent(lower),
        percent(upper)
    )
}

fn estimate_cell(row: &Row) -> String {
    match (&row.proportion, &row.note) {
        (Some(p), _) => interval(p.estimate, p.lower, p.upper),
        (None, Some(note)) => format!("— {note}"),
        (None, None) => "—".into(),
    }
}

/// The pooled result (or why there is none) with its methods sentence.
fn pooled_block(result: &Result<Pooled, PoolError>, rows: &[Row], a: &Analysis) -> String {
    match result {
        Ok(p) => format!(
            r#"<section class="pooled" aria-labelledby="pooled-title" data-testid="pooled"><h2 id="pooled-title">Pooled, {} studies</h2><p class="pooled__value"><strong data-testid="pooled-estimate">{}%</strong> <span data-testid="pooled-ci">(95% CI {}–{}%)</span></p><p data-testid="pooled-text">{}</p><p class="muted" data-testid="methods">{}</p></section>"#,
            p.studies,
            percent(p.estimate),
            percent(p.lower),
            percent(p.upper),
            esc(&pooled_text(p)),
            esc(&methods_sentence(p, a.ci))
        ),
        Err(error) => {
            let single = rows
                .iter()
                .find(|r| !r.not_poolable && r.proportion.is_some())
                .filter(|_| *error == PoolError::OneStudy)
                .map(|r| format!(" {}: {}.", r.label, estimate_cell(r)))
                .unwrap_or_default();
            format!(
                r#"<section class="pooled" data-testid="pooled"><p class="notice notice--info" data-testid="pooled-message">{}{}</p></section>"#,
                esc(&error.to_string()),
                esc(&single)
            )
        }
    }
}

fn table_head(a: &Analysis) -> String {
    let mut html = String::from(
        r#"<thead><tr><th scope="col"><span class="visually-hidden">Side by side</span></th>"#,
    );
    let sortable = |key: &str, label: &str, sort: Option<SortKey>| {
        let state = if a.sort == sort && sort.is_some() {
            if a.descending {
                " aria-sort=\"descending\""
            } else {
                " aria-sort=\"ascending\""
            }
        } else {
            ""
        };
        format!(
            r#"<th scope="col"{state}><button type="button" class="sort" data-sort="{key}" data-testid="sort-{key}">{}</button></th>"#,
            esc(label)
        )
    };
    html += &sortable("study", "Study", Some(SortKey::Study));
    for c in Column::ALL.into_iter().filter(|c| a.shows(*c)) {
        html += &sortable(sort_key(c.sort_key()), c.label(), Some(c.sort_key()));
    }
    html += &sortable("events", "Events / N", Some(SortKey::Events));
    html += &sortable("estimate", "Estimate (95% CI)", Some(SortKey::Estimate));
    html.push_str("</tr></thead>");
    html
}

fn table_row(row: &Row, a: &Analysis, links: &Links) -> String {
    let picked = a.selected.contains(&row.study_id);
    let flags = if row.flags.is_empty() {
        String::new()
    } else {
        format!(
            r#" <a class="flag-mark" href="{}" title="{}" data-testid="row-flag">⚑<span class="visually-hidden"> data-quality flag: {}</span></a>"#,
            esc(&links.study(&row.study_id)),
            esc(&row
                .flags
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")),
            esc(&row
                .flags
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" "))
        )
    };
    let mut html = format!(
        r#"<tr data-testid="compare-row" data-study="{id}"{cls}><td><input type="checkbox" data-pick="{id}" aria-label="Compare {label} side by side"{checked}></td><th scope="row"><a href="{href}">{label}</a>{flags}</th>"#,
        id = esc(&row.study_id),
        cls = if row.proportion.is_none() {
            r#" class="row--muted""#
        } else {
            ""
        },
        label = esc(&row.label),
        checked = if picked { " checked" } else { "" },
        href = esc(&links.study(&row.study_id)),
    );
    for c in Column::ALL.into_iter().filter(|c| a.shows(*c)) {
        let cell = match c {
            Column::Source => row
                .tissues
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(" + "),
            Column::Age => row.age_group.label().into(),
            Column::Dose => row
                .dose_per_kg
                .map(scientific)
                .unwrap_or_else(|| "—".into()),
            Column::Grade => row.grade.clone().unwrap_or_else(|| "—".into()),
            Column::N => row.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
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
        };
        let _ = write!(html, "<td>{}</td>", esc(&cell));
    }
    let _ = write!(
        html,
        r#"<td data-testid="events">{}</td><td data-testid="estimate">{}</td></tr>"#,
        row.proportion
            .map(|p| format!("{}/{}", p.events, p.n))
            .unwrap_or_else(|| "—".into()),
        esc(&estimate_cell(row))
    );
    html
}

fn columns_shown(a: &Analysis) -> usize {
    4 + Column::ALL.iter().filter(|c| a.shows(**c)).count()
}

fn pooled_row(result: &Result<Pooled, PoolError>, a: &Analysis, testid: &str) -> String {
    let span = columns_shown(a) - 1;
    match result {
        Ok(p) => format!(
            r#"<tfoot><tr class="row--pooled" data-testid="{testid}"><th scope="row" colspan="{span}">Pooled, random effects ({} studies, {})</th><td>{}% ({}–{})</td></tr></tfoot>"#,
            p.studies,
            p.options.tau2.label(),
            percent(p.estimate),
            percent(p.lower),
            percent(p.upper)
        ),
        Err(e) => format!(
            r#"<tfoot><tr class="row--pooled" data-testid="{testid}"><td colspan="{}">{}</td></tr></tfoot>"#,
            span + 1,
            esc(&e.to_string())
        ),
    }
}

fn table(
    caption: &str,
    rows: &[Row],
    pool: Option<&Result<Pooled, PoolError>>,
    a: &Analysis,
    links: &Links,
    testid: &str,
) -> String {
    let mut html = format!(
        r#"<div class="table-scroll" tabindex="0" role="region" aria-label="{c}, scrollable"><table class="data-table compare" data-testid="{testid}"><caption>{c}</caption>{}<tbody>"#,
        table_head(a),
        c = esc(caption)
    );
    for row in rows {
        html += &table_row(row, a, links);
    }
    html.push_str("</tbody>");
    if let Some(result) = pool {
        html += &pooled_row(result, a, "pooled-row");
    }
    html.push_str("</table></div>");
    html
}

fn subgroup_block(summary: &Summary, a: &Analysis) -> String {
    let Some(groups) = &summary.subgroups else {
        return String::new();
    };
    let mut html = format!(
        r#"<section aria-labelledby="subgroups-title"><h2 id="subgroups-title">Subgroups by {}</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Subgroups, scrollable"><table class="data-table" data-testid="subgroups"><thead><tr><th scope="col">Subgroup</th><th scope="col">Studies</th><th scope="col">Pooled (95% CI)</th><th scope="col">I²</th></tr></thead><tbody>"#,
        esc(&a.group.label().to_ascii_lowercase())
    );
    for (label, result) in &groups.groups {
        let (k, value, i2) = match result {
            Ok(p) => (
                p.studies.to_string(),
                interval(p.estimate, p.lower, p.upper),
                format!("{:.0}%", p.i2),
            ),
            Err(PoolError::OneStudy) => ("1".into(), "one study: not pooled".into(), "—".into()),
            Err(e) => ("0".into(), e.to_string(), "—".into()),
        };
        let _ = write!(
            html,
            r#"<tr data-testid="subgroup-row"><th scope="row">{}</th><td>{k}</td><td>{}</td><td>{i2}</td></tr>"#,
            esc(label),
            esc(&value)
        );
    }
    html.push_str("</tbody></table></div>");
    html += &match groups.between {
        Some((q, df, p)) => format!(
            r#"<p data-testid="subgroup-test">Test for subgroup differences (random effects): Q = {q:.2}, df = {df}, {}.</p>"#,
            p.map(crate::domain::format::p_value)
                .unwrap_or_else(|| "p not computable".into())
        ),
        None => r#"<p class="muted" data-testid="subgroup-test">No test of subgroup differences: it needs at least two subgroups with a pooled estimate.</p>"#.into(),
    };
    html.push_str("</section>");
    html
}

fn leave_one_out_block(summary: &Summary) -> String {
    if summary.leave_one_out.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        r#"<section aria-labelledby="loo-title"><h2 id="loo-title">Leave-one-out</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Leave-one-out, scrollable"><table class="data-table" data-testid="loo"><thead><tr><th scope="col">Left out</th><th scope="col">Pooled without it (95% CI)</th><th scope="col">I²</th></tr></thead><tbody>"#,
    );
    for (label, result) in &summary.leave_one_out {
        let (value, i2) = match result {
            Ok(p) => (
                interval(p.estimate, p.lower, p.upper),
                format!("{:.0}%", p.i2),
            ),
            Err(e) => (e.to_string(), "—".into()),
        };
        let _ = write!(
            html,
            r#"<tr data-testid="loo-row"><th scope="row">{}</th><td>{}</td><td>{i2}</td></tr>"#,
            esc(label),
            esc(&value)
        );
    }
    html.push_str("</tbody></table></div></section>");
    html
}

fn side_by_side(a: &Analysis, all: &[Row]) -> String {
    if a.selected.is_empty() {
        return String::new();
    }
    let mut html = format!(
        r#"<section aria-labelledby="sbs-title" data-testid="side-by-side"><h2 id="sbs-title">Side by side ({} of at most {MAX_SELECTED})</h2>"#,
        a.selected.len()
    );
    if a.selected.len() < 2 {
        html.push_str(r#"<p class="muted">Tick one more study to compare.</p>"#);
    }
    html.push_str(r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Side by side, scrollable"><table class="data-table"><thead><tr><th scope="col">Study</th><th scope="col">Source</th><th scope="col">Dose (cells/kg)</th><th scope="col">N</th><th scope="col">Outcome as printed</th><th scope="col">Events / N</th><th scope="col">Estimate (95% CI)</th><th scope="col">Basis</th></tr></thead><tbody>"#);
    for id in &a.selected {
        let rows: Vec<&Row> = all.iter().filter(|r| &r.study_id == id).collect();
        if rows.is_empty() {
            let _ = write!(
                html,
                r#"<tr data-testid="sbs-row"><th scope="row">{}</th><td colspan="7">This study does not report {}.</td></tr>"#,
                esc(id),
                esc(a.measure.label())
            );
        }
        for row in rows {
            let _ = write!(
                html,
                r#"<tr data-testid="sbs-row"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&row.label),
                esc(&row
                    .tissues
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(" + ")),
                esc(&row
                    .dose_per_kg
                    .map(scientific)
                    .unwrap_or_else(|| "—".into())),
                row.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
                esc(&format!("{}: {}", row.outcome, row.value)),
                row.proportion
                    .map(|p| format!("{}/{}", p.events, p.n))
                    .unwrap_or_else(|| "—".into()),
                esc(&estimate_cell(row)),
                esc(row.basis.as_ref().map(|b| b.label()).unwrap_or("—"))
            );
        }
    }
    html.push_str("</tbody></table></div></section>");
    html
}

/// The Compare page's results: counts, pooled block, subgroups, leave-one-out, side by
/// side, and the table(s) of the current page of rows.
pub fn results_html(summary: &Summary, a: &Analysis, all: &[Row], links: &Links) -> String {
    let shown = &summary.shown;
    let usable = shown.iter().filter(|r| r.proportion.is_some()).count();
    let mut html = format!(
        r#"<p data-testid="row-count" aria-live="polite">{} — {} of {} rows shown; {usable} as events / N.</p>"#,
        esc(&a.title()),
        shown.len(),
        summary.total
    );
    if shown.is_empty() {
        html.push_str(r#"<p class="notice notice--info" data-testid="no-rows">No row matches these filters. Clear a filter to see rows again.</p>"#);
    }
    if let Err(message) = a.min_n_value() {
        let _ = write!(
            html,
            r#"<p class="notice notice--warning">{}</p>"#,
            esc(&message)
        );
    }
    html += &pooled_block(&summary.pooled, shown, a);
    html += &subgroup_block(summary, a);
    html += &leave_one_out_block(summary);
    html += &side_by_side(a, all);
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
            html += &table(
                indication.label(),
                &rows,
                Some(&pooled(&all_of, a.options)),
                a,
                links,
                "compare-table",
            );
        }
    } else if !slice.is_empty() {
        html += &table(
            &format!("{} — every indication", capitalise(a.measure.label())),
            slice,
            Some(&summary.pooled),
            a,
            links,
            "compare-table",
        );
    }
    if pages > 1 {
        let _ = write!(
            html,
            r#"<nav class="pager" aria-label="Pages of rows" data-testid="pager"><button type="button" class="button button--secondary" data-page="{}"{}>Previous</button> <span>Rows {}–{} of {} (page {} of {pages})</span> <button type="button" class="button button--secondary" data-page="{}"{}>Next</button></nav>"#,
            page.saturating_sub(1),
            if page == 0 { " disabled" } else { "" },
            start + 1,
            start + slice.len(),
            shown.len(),
            page + 1,
            page + 1,
            if page + 1 >= pages { " disabled" } else { "" },
        );
    }
    html
}

/// The forest plot, in subgroup blocks with their diamonds when the analysis has subgroups.
fn forest_grouped(
    summary: &Summary,
    a: &Analysis,
    title: &str,
    width: f64,
) -> Result<crate::html::Html, crate::html::chart::forest::ForestError> {
    let overall = summary.pooled.as_ref().ok();
    let Some(groups) = summary.subgroups.as_ref() else {
        return forest_svg(&summary.shown, overall, title, width);
    };
    // Rows in subgroup order (first appearance), rows without a value for the grouping last.
    let mut labels: Vec<String> = Vec::new();
    for row in &summary.shown {
        let label = a.group.of(row).unwrap_or_else(|| "not reported".into());
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    let blocks: Vec<Block> = labels
        .iter()
        .map(|label| Block {
            label: Some(label.as_str()),
            rows: summary
                .shown
                .iter()
                .filter(|r| a.group.of(r).unwrap_or_else(|| "not reported".into()) == *label)
                .collect(),
            pooled: groups
                .groups
                .iter()
                .find(|(l, _)| l == label)
                .and_then(|(_, r)| r.as_ref().ok()),
        })
        .collect();
    forest_blocks_svg(&blocks, overall, title, width)
}

/// The chart's data table: always there for screen readers, on screen when asked for
/// (`show`). Opens the wrapper, the scroll region and the table.
fn table_open(show: bool, label: &str) -> String {
    format!(
        r#"<p class="no-print"><button type="button" class="button button--secondary" data-action="table" aria-pressed="{show}" data-testid="chart-table-toggle">Show the chart's data as a table</button></p><div class="chart-data{}" data-testid="chart-table"><div class="table-scroll" tabindex="0" role="region" aria-label="{label}, scrollable"><table class="data-table"><caption>{label}</caption>"#,
        if show { "" } else { " visually-hidden" }
    )
}

/// The Charts page's chart (or what it cannot draw) and its data table (on screen when
/// `show_table`, otherwise only for screen readers).
pub fn chart_html(
    evidence: &Evidence,
    summary: &Summary,
    a: &Analysis,
    width: f64,
    show_table: bool,
) -> String {
    let title = a.title();
    let (chart, table_rows): (Result<crate::html::Html, String>, Vec<&Row>) = match a.chart {
        ChartKind::Forest => (
            forest_grouped(summary, a, &title, width).map_err(|e| e.to_string()),
            summary
                .shown
                .iter()
                .filter(|r| r.proportion.is_some())
                .collect(),
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
        ChartKind::Engraftment => {
            let points = engraftment_points(evidence, |s| {
                a.filters.indication.is_none_or(|i| s.indication == i)
                    && a.filters.tissue.is_none_or(|t| s.source.tissues == [t])
            });
            let mut html = match engraftment_svg(&points, width) {
                Some(svg) => format!(r#"<figure class="chart" data-testid="chart">{svg}</figure>"#),
                None => r#"<p class="notice notice--info" data-testid="chart-message">No study in the selection reports days to engraftment, so there is nothing to plot.</p>"#.into(),
            };
            html += &table_open(show_table, "Engraftment data");
            html.push_str(r#"<thead><tr><th scope="col">Study</th><th scope="col">Measure</th><th scope="col">Arm</th><th scope="col">Median days</th><th scope="col">Range</th></tr></thead><tbody>"#);
            for p in &points {
                let _ = write!(
                    html,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&p.label),
                    esc(p.measure.label()),
                    esc(p.arm.label()),
                    number(p.days),
                    p.range
                        .map(|(l, h)| format!("{}–{}", number(l), number(h)))
                        .unwrap_or_else(|| "—".into())
                );
            }
            html.push_str("</tbody></table></div></div>");
            return html;
        }
    };
    let mut html = match chart {
        Ok(svg) => format!(r#"<figure class="chart" data-testid="chart">{svg}</figure>"#),
        Err(message) => format!(
            r#"<p class="notice notice--info" data-testid="chart-message">{}</p>"#,
            esc(&message)
        ),
    };
    if a.chart == ChartKind::DoseResponse {
        html += &match fit(&summary.shown) {
            Some(m) => {
                let (low, high, p) = m.slope_test();
                format!(
                    r#"<p data-testid="regression">Weighted meta-regression of the logit proportion on log10 dose ({} studies, random effects): slope {:.3} on the logit scale per tenfold dose (95% CI {low:.3} to {high:.3}, {}). An association across studies, not an effect of dose within patients.</p>"#,
                    m.studies, m.slope, crate::domain::format::p_value(p)
                )
            }
            None => r#"<p class="muted" data-testid="regression">No regression line: it needs at least three studies with two different doses.</p>"#.into(),
        };
    }
    html += &table_open(show_table, "Chart data");
    html.push_str(r#"<thead><tr><th scope="col">Study</th><th scope="col">Dose (cells/kg)</th><th scope="col">N</th><th scope="col">Events / N</th><th scope="col">Estimate (95% CI)</th></tr></thead><tbody>"#);
    for row in &table_rows {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.label),
            esc(&row
                .dose_per_kg
                .map(scientific)
                .unwrap_or_else(|| "—".into())),
            row.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
            row.proportion
                .map(|p| format!("{}/{}", p.events, p.n))
                .unwrap_or_default(),
            esc(&estimate_cell(row))
        );
    }
    if let (ChartKind::Forest, Ok(p)) = (a.chart, &summary.pooled) {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">Pooled ({} studies)</th><td></td><td></td><td></td><td>{}</td></tr>",
            p.studies,
            esc(&pooled_text(p))
        );
    }
    html.push_str("</tbody></table></div></div>");
    html
}

/// The whole Compare or Charts page as rendered once: title, link notices, the form, the
/// buttons and the (empty) status and output regions the UI fills.
pub fn page_html(page: Page, notices: &[String], choices: &Choices, a: &Analysis) -> String {
    let (title, lead) = match page {
        Page::Charts => (
            "Charts",
            "The analysis as a forest plot, a dose-response chart or the engraftment times, with the same outcome and filters as the tables.",
        ),
        _ => (
            "Compare outcomes",
            "Choose an outcome: every study that reports it, with events / N, an exact 95% CI and random-effects pooling of the rows shown.",
        ),
    };
    let mut html =
        format!(r#"<h1 data-testid="page-title">{title}</h1><p class="lead">{lead}</p>"#);
    html.push_str(crate::screens::notices_html(notices).as_str());
    let buttons = match page {
        Page::Charts => {
            r#"<button type="button" class="button" data-action="svg" data-testid="download-svg">Download SVG</button><button type="button" class="button button--secondary" data-action="png" data-testid="download-png">Download PNG</button>"#
        }
        _ => {
            r#"<button type="button" class="button" data-action="csv" data-testid="export-csv">Export CSV</button><button type="button" class="button button--secondary" data-action="json" data-testid="export-json">Export JSON</button>"#
        }
    };
    let _ = write!(
        html,
        r##"<div class="analysis"><p class="analysis__skip"><a href="#analysis-output" rel="external" data-testid="skip-to-results">Skip to the results</a></p><form class="analysis__form" aria-label="Analysis choices">{}</form><div class="analysis__output"><div class="button-row no-print">{buttons}<button type="button" class="button button--secondary" data-action="link" data-testid="copy-link">Copy link</button><a class="button button--secondary" id="other-view" data-testid="other-view" href="">{}</a></div><div id="analysis-status" aria-live="polite" data-testid="status"></div><div id="analysis-output" class="analysis__chart-host" data-testid="analysis-output"></div><p id="chart-tip" class="chart-tip" data-testid="chart-tip" hidden></p></div></div>"##,
        controls_html(choices, a, page),
        if page == Page::Charts {
            "Show as table"
        } else {
            "Show as chart"
        }
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::evidence::rows;

    fn render(a: &Analysis, ev: &Evidence) -> (String, Summary) {
        let all = rows(ev, a.measure, a.ci);
        let summary = a.summarize(&all);
        let links = Links {
            base: String::new(),
        };
        (results_html(&summary, a, &all, &links), summary)
    }

    #[test]
    fn the_table_shows_every_row_and_the_pooled_numbers() {
        let ev = evidence().unwrap();
        let a = Analysis {
            filters: crate::domain::evidence::Filters {
                indication: Some(Indication::AgvhdTreatment),
                ..Default::default()
            },
            ..Analysis::default()
        };
        let (html, summary) = render(&a, ev);
        assert_eq!(
            html.matches(r#"data-testid="compare-row""#).count(),
            summary.shown.len()
        );
        let p = summary.pooled.as_ref().unwrap();
        assert!(html.contains(&format!(
            r#"<strong data-testid="pooled-estimate">{:.1}%</strong>"#,
            100.0 * p.estimate
        )));
        assert!(html.contains(r#"data-testid="pooled-row""#));
        assert!(
            !html.contains("data-testid=\"pager\""),
            "46 studies fit one page"
        );
    }

    #[test]
    fn ten_thousand_studies_render_one_page_of_rows_and_a_pager() {
        let ev = crate::domain::synthetic::synthetic_evidence(evidence().unwrap(), 10_000, 7);
        let mut a = Analysis::default();
        let (html, summary) = render(&a, &ev);
        assert!(summary.shown.len() > PAGE_SIZE);
        assert_eq!(
            html.matches(r#"data-testid="compare-row""#).count(),
            PAGE_SIZE
        );
        assert!(html.contains(r#"data-testid="pager""#));
        a.page = summary.shown.len() / PAGE_SIZE + 5;
        let (html, _) = render(&a, &ev);
        assert!(
            html.contains("Next</button>") && html.contains(" disabled>Next"),
            "a page past the end shows the last"
        );
    }

    #[test]
    fn one_table_per_indication_each_with_its_pooled_row() {
        let ev = evidence().unwrap();
        let a = Analysis {
            split: true,
            ..Analysis::default()
        };
        let (html, summary) = render(&a, ev);
        let indications: std::collections::BTreeSet<_> =
            summary.shown.iter().map(|r| r.indication).collect();
        assert_eq!(html.matches("<caption>").count(), indications.len());
        assert_eq!(
            html.matches(r#"data-testid="pooled-row""#).count(),
            indications.len()
        );
    }

    #[test]
    fn charts_say_what_they_cannot_draw_and_state_the_regression() {
        let ev = evidence().unwrap();
        let mut a = Analysis::default();
        a.filters.text = "nothing matches this".into();
        let all = rows(ev, a.measure, a.ci);
        for chart in [ChartKind::Forest, ChartKind::DoseResponse] {
            a.chart = chart;
            let html = chart_html(ev, &a.summarize(&all), &a, 760.0, false);
            assert!(html.contains(r#"data-testid="chart-message""#), "{chart:?}");
            assert!(!html.contains("<svg"));
        }
        a.filters.text.clear();
        a.chart = ChartKind::DoseResponse;
        let summary = a.summarize(&all);
        let html = chart_html(ev, &summary, &a, 760.0, false);
        let m = fit(&summary.shown).unwrap();
        assert!(html.contains(&format!("slope {:.3} on the logit scale", m.slope)));
        a.chart = ChartKind::Engraftment;
        assert!(chart_html(ev, &summary, &a, 760.0, false)
            .contains(r#"data-testid="engraftment-chart""#));
    }
}
