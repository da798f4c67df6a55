//! The analysis as a report, for print (A4, one or two pages for a selection of a few
//! dozen rows) and as a self-contained HTML file: the question, the rows shown, the forest
//! plot, the pooled result with its heterogeneity, the methods, the data-quality flags of
//! the rows and the citations. Every number comes from the functions the pages use; the
//! report is built only when asked for (Print report, Download report), never per change.

use crate::domain::data::review::REVIEW;
use crate::domain::data::Evidence;
use crate::domain::evidence::{methods_sentence, pooled_text, Row};
use crate::domain::format::{interval, pretty_raw};
use crate::domain::quality::Rule;
use crate::html;
use crate::html::chart::forest::row_weights;
use crate::html::Html;
use crate::screens::analysis::state::{Analysis, Grouping, Summary};
use crate::screens::analysis::view::chart::forest_grouped;
use crate::screens::analysis::view::table::{estimate_html, events_cell};

/// The report's rules (`style/report.css`, also the page's print rules).
const STYLE: &str = include_str!("../../../style/report.css");

/// The rules of the rows' flags, each once, in the order met: the table numbers them.
fn rules(rows: &[Row]) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for flag in rows.iter().flat_map(|r| &r.flags) {
        if !rules.contains(&flag.rule) {
            rules.push(flag.rule);
        }
    }
    rules
}

/// The rows shown with their weight in the overall pool and their flags' numbers.
fn rows_table(summary: &Summary, rules: &[Rule]) -> Html {
    let refs: Vec<&Row> = summary.shown.iter().collect();
    let weights = row_weights(&refs, summary.pooled.as_ref().ok());
    let body: Html = refs
        .iter()
        .zip(weights)
        .map(|(row, weight)| {
            let mut flags: Vec<String> = Vec::new();
            for f in &row.flags {
                let n = rules.iter().position(|r| *r == f.rule).map_or(0, |i| i + 1);
                if !flags.contains(&n.to_string()) {
                    flags.push(n.to_string());
                }
            }
            html!(
                r#"<tr data-testid="report-row"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                row.label,
                row.indication.label(),
                events_cell(row),
                estimate_html(row),
                weight.map_or("—".into(), |w| format!("{w:.1}%")),
                flags.join(", ")
            )
        })
        .collect();
    let foot = summary.pooled.as_ref().ok().map(|p| {
        html!(
            r#"<tfoot><tr><th scope="row" colspan="3">Pooled, random effects ({} studies, {})</th><td>{}</td><td>100%</td><td></td></tr></tfoot>"#,
            p.studies,
            p.options.tau2.label(),
            interval(p.estimate, p.lower, p.upper)
        )
    });
    html!(
        r#"<table><thead><tr><th scope="col">Study</th><th scope="col">Indication</th><th scope="col">Events / N</th><th scope="col">Estimate (95% CI)</th><th scope="col">Weight</th><th scope="col">Flags</th></tr></thead><tbody>{}</tbody>{}</table>"#,
        body,
        foot
    )
}

/// Each flag rule with its explanation and the rows it flags.
fn flags_list(rows: &[Row], rules: &[Rule]) -> Html {
    if rules.is_empty() {
        return html!("<p>No row shown has a data-quality flag.</p>");
    }
    let items: Html = rules
        .iter()
        .map(|rule| {
            let which: Vec<String> = rows
                .iter()
                .flat_map(|r| r.flags.iter().map(move |f| (r, f)))
                .filter(|(_, f)| f.rule == *rule)
                .map(|(r, f)| format!("{}: {}", r.label, f.message))
                .collect();
            html!(
                r#"<li data-testid="report-flag"><strong>{}.</strong> {} <span class="muted">{}</span></li>"#,
                rule.title(),
                rule.explanation(),
                which.join(" ")
            )
        })
        .collect();
    html!("<ol>{}</ol>", items)
}

/// The references of the studies shown, each once, by number.
fn citations(evidence: &Evidence, rows: &[Row]) -> Html {
    let mut numbers: Vec<u16> = rows
        .iter()
        .filter_map(|r| evidence.study(&r.study_id))
        .flat_map(|s| s.refs.iter().copied())
        .collect();
    crate::domain::sort::sort_dedup(&mut numbers);
    numbers
        .iter()
        .filter_map(|n| evidence.reference(*n))
        .map(|r| {
            html!(
                r#"<li data-testid="report-citation">[{}] {}</li>"#,
                r.number,
                pretty_raw(&r.text)
            )
        })
        .collect()
}

/// The report as markup (an `<article class="report">`), its chart `width` wide.
pub fn report_html(evidence: &Evidence, summary: &Summary, a: &Analysis, width: f64) -> Html {
    let title = a.title();
    let rules = rules(&summary.shown);
    let grouping = (a.group != Grouping::None)
        .then(|| format!("; subgroups by {}", a.group.label().to_ascii_lowercase()));
    let chart = match forest_grouped(summary, &summary.shown, a, &title, width) {
        Ok(svg) => html!("<figure>{}</figure>", svg),
        Err(message) => html!("<p>{}</p>", message),
    };
    let pooled = match &summary.pooled {
        Ok(p) => html!(
            r#"<p data-testid="report-pooled"><strong>{}</strong></p><p data-testid="report-methods">{}</p>"#,
            pooled_text(p),
            methods_sentence(p, a.ci)
        ),
        Err(e) => html!(r#"<p data-testid="report-pooled">{}</p>"#, e.to_string()),
    };
    let notes: Html = [&summary.mix, &summary.left_out]
        .into_iter()
        .flatten()
        .map(|t| html!("<p>{}</p>", t))
        .collect();
    html!(
        r#"<article class="report" data-testid="report"><h1>MSC·HSCT analysis report</h1><p data-testid="report-question"><strong>{}</strong>. {} rows shown of {}{}.</p><h2>Studies</h2>{}{}<h2>Pooled result</h2>{}{}<h2>Data-quality flags</h2>{}<h2>References</h2><ul class="report__refs">{}</ul><p class="muted">Data: {} Dataset {}. Made with MSC·HSCT: decision support, not a substitute for reading the studies.</p></article>"#,
        title,
        summary.shown.len(),
        summary.total,
        grouping,
        rows_table(summary, &rules),
        chart,
        notes,
        pooled,
        flags_list(&summary.shown, &rules),
        citations(evidence, &summary.shown),
        REVIEW.to_text(),
        evidence.dataset.version
    )
}

/// The report as a file of its own: UTF-8, its title, its style inline (the chart's and
/// the report's rules), no script and nothing fetched.
pub fn report_document(evidence: &Evidence, summary: &Summary, a: &Analysis, width: f64) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{}</title><style>{}{}</style></head><body>{}</body></html>"#,
        Html::text(&format!("MSC·HSCT report: {}", a.title())),
        crate::html::chart::STYLE,
        STYLE,
        report_html(evidence, summary, a, width)
    )
}

#[cfg(test)]
mod tests;
