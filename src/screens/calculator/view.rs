//! The calculator's results as typed markup (totals, warnings, calendar, arithmetic,
//! where the dose sits among the studied doses with a strip chart, the product's
//! labelled figures), its form and page, and the plan as plain text for copying.

use crate::domain::data::review::REVIEW;
use crate::domain::dose::{product, round_to, Figure, Infusion, Plan, ProductId, Provenance};
use crate::domain::format::{number, scientific, superscript};
use crate::domain::placement::Placement;
use crate::html;
use crate::html::Html;
use crate::screens::calculator::form::{CalculatorForm, Evaluation};
use crate::screens::Links;

mod form;
mod text;

pub use form::form_html;
pub use text::plan_text;

/// The results area for an evaluation.
pub fn results(
    form: &CalculatorForm,
    eval: &Evaluation,
    links: &Links,
    dataset_version: &str,
) -> Html {
    let mut html = match &eval.plan {
        None if eval.errors.any() => html!(
            r#"<p class="notice notice--warning results-empty" data-testid="results-empty">Fix the highlighted fields to see the plan. No result is shown until every field can be read.</p>"#
        ),
        None => html!(
            r#"<p class="notice notice--info results-empty" data-testid="results-empty">Enter {} to see the plan.</p>"#,
            join_words(&eval.missing)
        ),
        Some(Err(error)) => html!(
            r#"<p class="notice notice--warning" data-testid="results-empty">{}</p>"#,
            error.to_string()
        ),
        Some(Ok(plan)) => plan_html(form, eval, plan),
    };
    if let (Some(placement), Some(dose)) = (&eval.placement, eval.dose_per_kg) {
        html.push(placement_html(placement, dose, links, dataset_version));
    }
    html.push(product_html(form.product));
    html
}

/// What the screen reader hears when the plan changes.
pub fn summary_text(eval: &Evaluation) -> String {
    match &eval.plan {
        Some(Ok(plan)) => format!(
            "Plan updated: {} cells per infusion{}.",
            scientific(plan.cells_per_infusion),
            plan.containers
                .as_ref()
                .map(|c| format!(", {}", c.description))
                .unwrap_or_default()
        ),
        _ => String::new(),
    }
}

fn join_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn warnings_html(eval: &Evaluation, plan: &Plan) -> Option<Html> {
    let mut warnings = plan
        .warnings
        .iter()
        .map(|w| (format!("{:?}", w.kind), w.message.clone()))
        .collect::<Vec<_>>();
    if let (Some(placement), Some(dose)) = (&eval.placement, eval.dose_per_kg) {
        if let Some(message) = placement.outside(dose) {
            warnings.push(("DoseOutsideStudied".into(), message));
        }
    }
    if warnings.is_empty() {
        return None;
    }
    let items: Html = warnings
        .iter()
        .map(|(kind, message)| {
            html!(
                r#"<li class="flag flag--warning" data-testid="warning-{}">{}</li>"#,
                kind,
                message
            )
        })
        .collect();
    Some(html!(
        r#"<section class="warnings" aria-labelledby="warnings-title" data-testid="warnings"><h2 id="warnings-title">Check before use</h2><ul>{}</ul></section>"#,
        items
    ))
}

fn totals_html(plan: &Plan) -> Html {
    // Each total says whether the label fixes it, the user chose it or it is derived.
    let total = |label: &str, testid: &str, value: String| {
        let tag = plan.lines.iter().find(|l| l.figure.key() == testid).map(|l| {
            html!(
                r#" <span class="provenance provenance--{}" data-testid="provenance-{}" title="{}">{}</span>"#,
                l.provenance.key(),
                testid,
                l.basis,
                l.provenance.label()
            )
        });
        html!(
            r#"<div class="totals__item"><dt>{}{}</dt><dd data-testid="{}">{}</dd></div>"#,
            label,
            tag,
            testid,
            value
        )
    };
    let mut html = total(
        "Cells per infusion",
        "cells-per-infusion",
        format!("{} cells", scientific(plan.cells_per_infusion)),
    );
    match &plan.containers {
        Some(c) => {
            html.push(total(
                "Containers to thaw",
                "containers",
                c.description.clone(),
            ));
            html.push(total(
                "Cells thawed but not given",
                "cells-left",
                if c.whole_content {
                    "none: the whole content is infused".into()
                } else {
                    format!("{} cells", scientific(c.cells_left))
                },
            ));
            html.push(total(
                "Volume to draw",
                "volume",
                match c.volume_ml {
                    None if c.whole_content => "none: the whole bag content is given".into(),
                    Some(ml) => format!("{} mL", number(round_to(ml, 2))),
                    None => "not among the product's labelled figures: see the label".into(),
                },
            ));
            if let Some(diluted) = c.diluted_ml {
                html.push(total(
                    "After the labelled dilution",
                    "diluted-volume",
                    format!("{} mL", number(round_to(diluted, 2))),
                ));
            }
        }
        None => html.push(total(
            "Containers to thaw",
            "containers",
            "no labelled container for this weight".into(),
        )),
    }
    html.push(total(
        "Cells per course",
        "cells-per-course",
        format!(
            "{} cells ({} infusions)",
            scientific(plan.cells_per_course),
            plan.course.len()
        ),
    ));
    html
}

fn calendar_html(plan: &Plan) -> Html {
    let mut rows: Html = plan.course.iter().map(calendar_row).collect();
    if let Some((day, date)) = plan.assessment {
        rows.push(html!(
            r#"<tr class="calendar__assessment" data-testid="assessment"><th scope="row">Day-{} assessment</th><td>{}</td><td>{}</td></tr>"#,
            day,
            day,
            date.human()
        ));
    }
    let branches = (!plan.branches.is_empty()).then(|| {
        let items: Html = plan
            .branches
            .iter()
            .map(|branch| {
                let dates = branch.dates_text();
                html!(
                    "<li><strong>{}</strong>: {}{}</li>",
                    branch.condition,
                    branch.action,
                    (!dates.is_empty()).then(|| format!(" — {dates}"))
                )
            })
            .collect();
        html!(
            r#"<h3>After the first course</h3><ul class="branches" data-testid="branches">{}</ul>"#,
            items
        )
    });
    html!(
        r#"<section aria-labelledby="calendar-title"><h2 id="calendar-title">Infusion calendar</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Infusion calendar, scrollable"><table class="data-table calendar" data-testid="calendar"><thead><tr><th scope="col">Infusion</th><th scope="col">Day</th><th scope="col">Date</th></tr></thead><tbody>{}</tbody></table></div>{}</section>"#,
        rows,
        branches
    )
}

fn plan_html(form: &CalculatorForm, eval: &Evaluation, plan: &Plan) -> Html {
    let steps: Html = plan
        .steps
        .iter()
        .map(|step| html!("<li>{}</li>", step))
        .collect();
    html!(
        r#"{}<section aria-labelledby="per-infusion"><h2 id="per-infusion">Per infusion: {}</h2><p data-testid="plan-inputs">For a patient of {} kg ({}), {} cells/kg{}, first infusion {}.</p><dl class="totals">{}</dl></section>{}<details class="steps" data-testid="steps"><summary>How was this computed?</summary><ol>{}</ol></details>"#,
        warnings_html(eval, plan),
        plan.product_name,
        number(round_to(plan.weight_kg, 2)),
        form.age.label(),
        scientific(plan.dose_per_kg),
        match plan.provenance(Figure::DosePerKg) {
            Some(Provenance::Derived) => " (what the label's bags give at this weight)",
            Some(Provenance::Label) => " (the labelled dose)",
            _ => "",
        },
        plan.course.first().map(|i| i.date.human()),
        totals_html(plan),
        calendar_html(plan),
        steps
    )
}

fn calendar_row(infusion: &Infusion) -> Html {
    html!(
        r#"<tr data-testid="infusion"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
        infusion.number,
        infusion.day,
        infusion.date.human()
    )
}

/// Studies left out of the placement that are named one by one; the rest are counted.
const MAX_EXCLUDED: usize = 10;

fn placement_html(p: &Placement, dose: f64, links: &Links, dataset_version: &str) -> Html {
    let closest: Html = p
        .closest
        .iter()
        .map(|d| {
            html!(
                r#"<li><a{}>{}</a> — {} cells/kg{}: {}</li>"#,
                links.study(&d.study_id),
                d.label,
                scientific(d.dose_per_kg),
                d.n.map(|n| format!(", N = {n}")),
                d.main_outcome
            )
        })
        .collect();
    let mut excluded: Html = p
        .excluded
        .iter()
        .take(MAX_EXCLUDED)
        .map(|(label, dose, why)| {
            html!(
                r#"<p class="muted">Left out: {} ({} cells/kg), {}.</p>"#,
                label,
                dose,
                why
            )
        })
        .collect();
    if p.excluded.len() > MAX_EXCLUDED {
        excluded.push(html!(
            r#"<p class="muted">Left out as well: {} more studies flagged as an implausible dose per kg.</p>"#,
            p.excluded.len() - MAX_EXCLUDED
        ));
    }
    html!(
        r#"<section class="placement" aria-labelledby="placement-title" data-testid="placement"><h2 id="placement-title">Among the studied doses</h2><p data-testid="placement-summary">For “{}” the review's studies used {} to {} cells/kg (median {}, {} studies). {} cells/kg is at the {} percentile.</p>{}<h3>Closest studies by dose</h3><ul class="closest" data-testid="closest">{}</ul>{}<p class="muted">One dose per study (median, single dose, range midpoint or patient-weighted mean of dose groups), from {} ({}), dataset {}.</p></section>"#,
        p.indication.label(),
        scientific(p.min),
        scientific(p.max),
        scientific(p.median),
        p.doses.len(),
        scientific(dose),
        ordinal(p.percentile.round() as u32),
        strip_chart(p, dose),
        closest,
        excluded,
        REVIEW.authors_short(),
        REVIEW.year,
        dataset_version
    )
}

/// "1st", "2nd", "79th".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The studied doses as dots on a log axis with the chosen dose marked. The summary
/// sentence and the list of closest studies carry the same information as text.
pub fn strip_chart(p: &Placement, dose: f64) -> Html {
    let (width, height, left, right) = (600.0, 70.0, 20.0, 580.0);
    let low = p.min.min(dose).log10().floor();
    let high = p.max.max(dose).log10().ceil().max(low + 1.0);
    let x = |value: f64| left + (value.log10() - low) / (high - low) * (right - left);
    let mut ticks = Html::new();
    let mut exponent = low as i32;
    while f64::from(exponent) <= high {
        let tick = x(10f64.powi(exponent));
        ticks.push(html!(
            r#"<line class="strip__tick" x1="{:.1}" y1="36" x2="{:.1}" y2="44"/><text class="strip__label" x="{:.1}" y="62" text-anchor="middle">10{}</text>"#,
            tick,
            tick,
            tick,
            superscript(exponent)
        ));
        exponent += 1;
    }
    let dots = if p.doses.len() <= MAX_DOTS {
        dots(p, &x)
    } else {
        density(p, &x, left, right)
    };
    let mark = x(dose);
    html!(
        r#"<svg class="strip" viewBox="0 0 {} {}" role="img" aria-labelledby="strip-title" data-testid="strip-chart"><title id="strip-title">{} studied doses on a log scale from 10{} to 10{} cells/kg; the chosen dose, {} cells/kg, is marked</title><line class="strip__axis" x1="{}" y1="40" x2="{}" y2="40"/>{}{}<line class="strip__dose" x1="{:.1}" y1="6" x2="{:.1}" y2="48" data-testid="strip-dose"/></svg>"#,
        width,
        height,
        p.doses.len(),
        superscript(low as i32),
        superscript(high as i32),
        scientific(dose),
        left,
        right,
        ticks,
        dots,
        mark,
        mark
    )
}

/// Up to this many studied doses the strip chart draws one dot per study; above it (a
/// dataset of thousands) one bar per 4 px column, so a keystroke stays within a frame.
const MAX_DOTS: usize = 200;

/// One dot per study; equal doses stack upwards so each study stays visible (the doses
/// are ascending, so equal ones are neighbours and a running count is enough).
fn dots(p: &Placement, x: &dyn Fn(f64) -> f64) -> Html {
    let mut same_before = 0.0;
    let mut dots = Html::new();
    for (index, d) in p.doses.iter().enumerate() {
        if index > 0 && p.doses[index - 1].dose_per_kg == d.dose_per_kg {
            same_before += 1.0;
        } else {
            same_before = 0.0;
        }
        dots.push(html!(
            r#"<circle class="strip__dot" cx="{:.1}" cy="{:.1}" r="4" data-testid="strip-dot"><title>{}: {} cells/kg</title></circle>"#,
            x(d.dose_per_kg),
            32.0 - same_before * 7.0,
            d.label,
            scientific(d.dose_per_kg)
        ));
    }
    dots
}

/// The studies per 4 px column as bars (height by count, the tallest 28 px), each named
/// with its count and dose range.
fn density(p: &Placement, x: &dyn Fn(f64) -> f64, left: f64, right: f64) -> Html {
    const COLUMN: f64 = 4.0;
    let columns = ((right - left) / COLUMN).ceil() as usize + 1;
    // (count, lowest, highest) per column; the doses are ascending.
    let mut bins: Vec<(u32, f64, f64)> = vec![(0, 0.0, 0.0); columns];
    for d in p.doses.iter() {
        let column = (((x(d.dose_per_kg) - left) / COLUMN).max(0.0) as usize).min(columns - 1);
        let bin = &mut bins[column];
        if bin.0 == 0 {
            bin.1 = d.dose_per_kg;
        }
        bin.0 += 1;
        bin.2 = d.dose_per_kg;
    }
    let tallest = f64::from(bins.iter().map(|b| b.0).max().unwrap_or(1).max(1));
    let mut bars = Html::new();
    for (column, &(count, low, high)) in bins.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let height = (f64::from(count) / tallest * 28.0).max(2.0);
        bars.push(html!(
            r#"<rect class="strip__dot" x="{:.1}" y="{:.1}" width="3" height="{:.1}" data-testid="strip-bar"><title>{} studies, {} to {} cells/kg</title></rect>"#,
            left + column as f64 * COLUMN - 1.5,
            36.0 - height,
            height,
            count,
            scientific(low),
            scientific(high)
        ));
    }
    bars
}

fn product_html(id: ProductId) -> Html {
    let Some(info) = product(id) else {
        return html!(
            r#"<section aria-labelledby="product-title" data-testid="product"><h2 id="product-title">Custom product</h2><p>Containers and volume come from the figures you typed; check them against the product's documentation.</p></section>"#
        );
    };
    let figures: Html = info
        .figures
        .iter()
        .map(|group| {
            let items: Html = group
                .figures
                .iter()
                .map(|f| html!("<li>{}</li>", f))
                .collect();
            html!(
                r#"{}<li class="muted" data-testid="citation">Source: {}.</li>"#,
                items,
                group.citation.text()
            )
        })
        .collect();
    html!(
        r#"<section aria-labelledby="product-title" data-testid="product"><h2 id="product-title">{} ({}): labelled figures</h2><ul>{}</ul><p class="muted">Check every figure against the current label.</p></section>"#,
        info.name,
        info.generic,
        figures
    )
}

/// The calculator page: title, link notices, the form with its buttons, and the regions
/// (`results`, `summary`) filled in.
pub fn page_html(notices: &[String], form: Html, results: Html, summary: &str) -> Html {
    html!(
        r#"<h1 data-testid="page-title">Dose calculator</h1><p class="lead">Patient weight × cells/kg → cells per infusion, containers to thaw, volume to draw and a dated infusion plan, placed among the doses the review's studies used.</p>{}<div class="calc"><form class="calc-form" aria-label="Dose calculator inputs"><div>{}</div><div class="button-row no-print"><button type="button" class="button" data-action="copy" data-testid="copy-plan">Copy plan as text</button><button type="button" class="button button--secondary" data-action="link" data-testid="copy-link">Copy link</button><button type="button" class="button button--secondary" data-action="print" data-testid="print-plan">Print</button></div><div id="copy-status" aria-live="polite" data-testid="copy-status"></div></form><div class="calc-results" id="calc-results" data-testid="results">{}</div></div><p class="visually-hidden" id="results-summary" aria-live="polite" data-testid="results-summary">{}</p><p class="print-only" data-testid="print-citation">Decision support for professionals, not a prescription. Check every figure against the product label. Studied doses from: {}</p>"#,
        crate::screens::notices_html(notices),
        form,
        results,
        summary,
        REVIEW.to_text()
    )
}

#[cfg(test)]
mod tests;
