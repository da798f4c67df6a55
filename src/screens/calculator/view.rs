//! The calculator's results as HTML (totals, warnings, calendar, arithmetic, where the dose
//! sits among the studied doses with a strip chart, the product's labelled figures) and the
//! plan as plain text for copying.

use std::fmt::Write;

use crate::domain::data::review::REVIEW;
use crate::domain::dose::{product, round_to, Figure, Infusion, Plan, ProductId, Provenance};
use crate::domain::encode::esc;
use crate::domain::format::{number, scientific, superscript};
use crate::domain::placement::Placement;
use crate::screens::calculator::form::{CalculatorForm, Evaluation};
use crate::screens::Links;

/// The results area for an evaluation.
pub fn results(
    form: &CalculatorForm,
    eval: &Evaluation,
    links: &Links,
    dataset_version: &str,
) -> String {
    let mut html = String::new();
    match &eval.plan {
        None if eval.errors.any() => html.push_str(
            r#"<p class="notice notice--warning results-empty" data-testid="results-empty">Fix the highlighted fields to see the plan. No result is shown until every field can be read.</p>"#,
        ),
        None => {
            let _ = write!(
                html,
                r#"<p class="notice notice--info results-empty" data-testid="results-empty">Enter {} to see the plan.</p>"#,
                esc(&join_words(&eval.missing))
            );
        }
        Some(Err(error)) => {
            let _ = write!(html, r#"<p class="notice notice--warning" data-testid="results-empty">{}</p>"#, esc(&error.to_string()));
        }
        Some(Ok(plan)) => plan_html(&mut html, form, eval, plan),
    }
    if let (Some(placement), Some(dose)) = (&eval.placement, eval.dose_per_kg) {
        placement_html(&mut html, placement, dose, links, dataset_version);
    }
    product_html(&mut html, form.product);
    html
}

fn join_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn plan_html(html: &mut String, form: &CalculatorForm, eval: &Evaluation, plan: &Plan) {
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
    if !warnings.is_empty() {
        html.push_str(r#"<section class="warnings" aria-labelledby="warnings-title" data-testid="warnings"><h2 id="warnings-title">Check before use</h2><ul>"#);
        for (kind, message) in &warnings {
            let _ = write!(
                html,
                r#"<li class="flag flag--warning" data-testid="warning-{kind}">{}</li>"#,
                esc(message)
            );
        }
        html.push_str("</ul></section>");
    }
    let _ = write!(
        html,
        r#"<section aria-labelledby="per-infusion"><h2 id="per-infusion">Per infusion: {}</h2><p data-testid="plan-inputs">For a patient of {} kg ({}), {} cells/kg{}, first infusion {}.</p><dl class="totals">"#,
        esc(&plan.product_name),
        number(round_to(plan.weight_kg, 2)),
        esc(form.age.label()),
        scientific(plan.dose_per_kg),
        esc(match plan.provenance(Figure::DosePerKg) {
            Some(Provenance::Derived) => " (what the label's bags give at this weight)",
            Some(Provenance::Label) => " (the labelled dose)",
            _ => "",
        }),
        esc(&plan
            .course
            .first()
            .map(|i| i.date.human())
            .unwrap_or_default())
    );
    // Each total says whether the label fixes it, the user chose it or it is derived.
    let mut total = |label: &str, testid: &str, value: String| {
        let tag = plan
            .lines
            .iter()
            .find(|l| l.figure.key() == testid)
            .map(|l| {
                format!(
                    r#" <span class="provenance provenance--{}" data-testid="provenance-{testid}" title="{}">{}</span>"#,
                    l.provenance.key(),
                    esc(l.basis),
                    esc(l.provenance.label())
                )
            })
            .unwrap_or_default();
        let _ = write!(
            html,
            r#"<div class="totals__item"><dt>{label}{tag}</dt><dd data-testid="{testid}">{}</dd></div>"#,
            esc(&value)
        );
    };
    total(
        "Cells per infusion",
        "cells-per-infusion",
        format!("{} cells", scientific(plan.cells_per_infusion)),
    );
    match &plan.containers {
        Some(c) => {
            total("Containers to thaw", "containers", c.description.clone());
            total(
                "Cells thawed but not given",
                "cells-left",
                if c.whole_content {
                    "none: the whole content is infused".into()
                } else {
                    format!("{} cells", scientific(c.cells_left))
                },
            );
            match c.volume_ml {
                None if c.whole_content => total(
                    "Volume to draw",
                    "volume",
                    "none: the whole bag content is given".into(),
                ),
                Some(ml) => total(
                    "Volume to draw",
                    "volume",
                    format!("{} mL", number(round_to(ml, 2))),
                ),
                None => total(
                    "Volume to draw",
                    "volume",
                    "not among the product's labelled figures: see the label".into(),
                ),
            }
            if let Some(diluted) = c.diluted_ml {
                total(
                    "After the labelled dilution",
                    "diluted-volume",
                    format!("{} mL", number(round_to(diluted, 2))),
                );
            }
        }
        None => total(
            "Containers to thaw",
            "containers",
            "no labelled container for this weight".into(),
        ),
    }
    total(
        "Cells per course",
        "cells-per-course",
        format!(
            "{} cells ({} infusions)",
            scientific(plan.cells_per_course),
            plan.course.len()
        ),
    );
    html.push_str("</dl></section>");

    // Calendar.
    html.push_str(r#"<section aria-labelledby="calendar-title"><h2 id="calendar-title">Infusion calendar</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Infusion calendar, scrollable"><table class="data-table calendar" data-testid="calendar"><thead><tr><th scope="col">Infusion</th><th scope="col">Day</th><th scope="col">Date</th></tr></thead><tbody>"#);
    for infusion in &plan.course {
        calendar_row(html, infusion, "");
    }
    if let Some((day, date)) = plan.assessment {
        let _ = write!(
            html,
            r#"<tr class="calendar__assessment" data-testid="assessment"><th scope="row">Day-{day} assessment</th><td>{day}</td><td>{}</td></tr>"#,
            esc(&date.human())
        );
    }
    html.push_str("</tbody></table></div>");
    if !plan.branches.is_empty() {
        html.push_str(
            r#"<h3>After the first course</h3><ul class="branches" data-testid="branches">"#,
        );
        for branch in &plan.branches {
            let dates = branch.dates_text();
            let _ = write!(
                html,
                "<li><strong>{}</strong>: {}{}</li>",
                esc(branch.condition),
                esc(branch.action),
                if dates.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", esc(&dates))
                }
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</section>");

    // Arithmetic.
    html.push_str(r#"<details class="steps" data-testid="steps"><summary>How was this computed?</summary><ol>"#);
    for step in &plan.steps {
        let _ = write!(html, "<li>{}</li>", esc(step));
    }
    html.push_str("</ol></details>");
}

fn calendar_row(html: &mut String, infusion: &Infusion, class: &str) {
    let _ = write!(
        html,
        r#"<tr class="{class}" data-testid="infusion"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
        infusion.number,
        infusion.day,
        esc(&infusion.date.human())
    );
}

fn placement_html(
    html: &mut String,
    p: &Placement,
    dose: f64,
    links: &Links,
    dataset_version: &str,
) {
    let _ = write!(
        html,
        r#"<section class="placement" aria-labelledby="placement-title" data-testid="placement"><h2 id="placement-title">Among the studied doses</h2><p data-testid="placement-summary">For “{}” the review's studies used {} to {} cells/kg (median {}, {} studies). {} cells/kg is at the {} percentile.</p>"#,
        esc(p.indication.label()),
        scientific(p.min),
        scientific(p.max),
        scientific(p.median),
        p.doses.len(),
        scientific(dose),
        ordinal(p.percentile.round() as u32),
    );
    html.push_str(&strip_chart(p, dose));
    html.push_str(r#"<h3>Closest studies by dose</h3><ul class="closest" data-testid="closest">"#);
    for d in &p.closest {
        let _ = write!(
            html,
            r#"<li><a href="{}">{}</a> — {} cells/kg{}: {}</li>"#,
            esc(&links.study(&d.study_id)),
            esc(&d.label),
            scientific(d.dose_per_kg),
            d.n.map(|n| format!(", N = {n}")).unwrap_or_default(),
            esc(&d.main_outcome)
        );
    }
    html.push_str("</ul>");
    for (label, dose, why) in p.excluded.iter() {
        let _ = write!(
            html,
            r#"<p class="muted">Left out: {} ({} cells/kg), {}.</p>"#,
            esc(label),
            esc(dose),
            esc(why)
        );
    }
    let _ = write!(
        html,
        r#"<p class="muted">One dose per study (median, single dose, range midpoint or patient-weighted mean of dose groups), from {} ({}), dataset {}.</p></section>"#,
        esc(&REVIEW.authors_short()),
        REVIEW.year,
        esc(dataset_version)
    );
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
pub fn strip_chart(p: &Placement, dose: f64) -> String {
    let (width, height, left, right) = (600.0, 70.0, 20.0, 580.0);
    let low = p.min.min(dose).log10().floor();
    let high = p.max.max(dose).log10().ceil().max(low + 1.0);
    let x = |value: f64| left + (value.log10() - low) / (high - low) * (right - left);
    let mut svg = format!(
        r#"<svg class="strip" viewBox="0 0 {width} {height}" role="img" aria-labelledby="strip-title" data-testid="strip-chart"><title id="strip-title">{} studied doses on a log scale from 10{} to 10{} cells/kg; the chosen dose, {} cells/kg, is marked</title><line class="strip__axis" x1="{left}" y1="40" x2="{right}" y2="40"/>"#,
        p.doses.len(),
        superscript(low as i32),
        superscript(high as i32),
        scientific(dose)
    );
    let mut exponent = low as i32;
    while f64::from(exponent) <= high {
        let tick = x(10f64.powi(exponent));
        let _ = write!(
            svg,
            r#"<line class="strip__tick" x1="{tick:.1}" y1="36" x2="{tick:.1}" y2="44"/><text class="strip__label" x="{tick:.1}" y="62" text-anchor="middle">10{}</text>"#,
            superscript(exponent)
        );
        exponent += 1;
    }
    // Equal doses stack upwards so each study stays visible; the doses are ascending, so
    // equal ones are neighbours and a running count is enough.
    let mut same_before = 0.0;
    for (index, d) in p.doses.iter().enumerate() {
        if index > 0 && p.doses[index - 1].dose_per_kg == d.dose_per_kg {
            same_before += 1.0;
        } else {
            same_before = 0.0;
        }
        let _ = write!(
            svg,
            r#"<circle class="strip__dot" cx="{:.1}" cy="{:.1}" r="4" data-testid="strip-dot"><title>{}: {} cells/kg</title></circle>"#,
            x(d.dose_per_kg),
            32.0 - same_before * 7.0,
            esc(&d.label),
            scientific(d.dose_per_kg)
        );
    }
    let mark = x(dose);
    let _ = write!(
        svg,
        r#"<line class="strip__dose" x1="{mark:.1}" y1="6" x2="{mark:.1}" y2="48" data-testid="strip-dose"/></svg>"#
    );
    svg
}

fn product_html(html: &mut String, id: ProductId) {
    let Some(info) = product(id) else {
        html.push_str(r#"<section aria-labelledby="product-title" data-testid="product"><h2 id="product-title">Custom product</h2><p>Containers and volume come from the figures you typed; check them against the product's documentation.</p></section>"#);
        return;
    };
    let _ = write!(
        html,
        r#"<section aria-labelledby="product-title" data-testid="product"><h2 id="product-title">{} ({}): labelled figures</h2><ul>"#,
        esc(info.name),
        esc(info.generic)
    );
    for group in info.figures {
        for figure in group.figures {
            let _ = write!(html, "<li>{}</li>", esc(figure));
        }
        let _ = write!(
            html,
            r#"<li class="muted" data-testid="citation">Source: {}.</li>"#,
            esc(&group.citation.text())
        );
    }
    html.push_str(
        r#"</ul><p class="muted">Check every figure against the current label.</p></section>"#,
    );
}

/// The plan as plain text, for copying into notes or an order.
pub fn plan_text(
    form: &CalculatorForm,
    eval: &Evaluation,
    dataset_version: &str,
) -> Option<String> {
    let plan = eval.plan.as_ref()?.as_ref().ok()?;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "MSC·HSCT dose plan — decision support, not a prescription"
    );
    let _ = writeln!(text, "Product: {}", plan.product_name);
    let _ = writeln!(
        text,
        "Weight: {} kg{}",
        number(round_to(plan.weight_kg, 2)),
        if form.weight.unit == crate::domain::quantity::WeightUnit::Lb {
            format!(" (typed as {} lb)", form.weight.text.trim())
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        text,
        "Dose: {} cells/kg{}",
        scientific(plan.dose_per_kg),
        match plan.provenance(Figure::DosePerKg) {
            Some(Provenance::Derived) => " (derived: what the label's bags give at this weight)",
            _ => "",
        }
    );
    let _ = writeln!(
        text,
        "Cells per infusion: {}",
        scientific(plan.cells_per_infusion)
    );
    if let Some(c) = &plan.containers {
        let _ = writeln!(
            text,
            "Containers per infusion: {} (cells thawed but not given: {})",
            c.description,
            if c.whole_content {
                "none, the whole content is infused".to_string()
            } else {
                scientific(c.cells_left)
            }
        );
        if let Some(ml) = c.volume_ml {
            let _ = writeln!(text, "Volume to draw: {} mL", number(round_to(ml, 2)));
        }
        if let Some(ml) = c.diluted_ml {
            let _ = writeln!(
                text,
                "After the labelled dilution: {} mL",
                number(round_to(ml, 2))
            );
        }
    }
    let _ = writeln!(
        text,
        "Cells per course: {} ({} infusions)",
        scientific(plan.cells_per_course),
        plan.course.len()
    );
    let _ = writeln!(text, "Calendar:");
    for infusion in &plan.course {
        let _ = writeln!(
            text,
            "  {}. day {} — {}",
            infusion.number,
            infusion.day,
            infusion.date.human()
        );
    }
    if let Some((day, date)) = plan.assessment {
        let _ = writeln!(text, "  Day-{day} assessment — {}", date.human());
    }
    for branch in &plan.branches {
        let dates = branch.dates_text();
        let _ = writeln!(
            text,
            "  If {}: {}{}",
            branch.condition,
            branch.action,
            if dates.is_empty() {
                String::new()
            } else {
                format!(" ({dates})")
            }
        );
    }
    let mut warnings: Vec<String> = plan.warnings.iter().map(|w| w.message.clone()).collect();
    if let (Some(p), Some(dose)) = (&eval.placement, eval.dose_per_kg) {
        warnings.extend(p.outside(dose));
    }
    for warning in warnings {
        let _ = writeln!(text, "WARNING: {warning}");
    }
    if let Some(info) = product(form.product) {
        for citation in info.citations() {
            let _ = writeln!(text, "Labelled figures: {}.", citation.text());
        }
        let _ = writeln!(text, "Check every figure against the current label.");
    }
    let _ = write!(
        text,
        "Evidence: {}, {} ({}); dataset {dataset_version}.",
        REVIEW.authors_short(),
        REVIEW.journal,
        REVIEW.year
    );
    Some(text)
}

/// The calculator's form, rendered once; the UI keeps values, errors, echoes and
/// visibility in step with `CalculatorForm::field_states`.
pub fn form_html() -> String {
    use crate::domain::data::Indication;
    use crate::domain::dose::AgeBand;
    let mut html = String::new();
    let text_field = |html: &mut String,
                      id: &str,
                      label: &str,
                      hint: Option<&str>,
                      inputmode: &str,
                      kind: &str,
                      unit: Option<&str>| {
        let hint_html = hint
            .map(|h| format!(r#"<p class="field__hint" id="{id}-hint">{}</p>"#, esc(h)))
            .unwrap_or_default();
        let described = if hint.is_some() {
            format!("{id}-hint {id}-echo {id}-error")
        } else {
            format!("{id}-echo {id}-error")
        };
        let _ = write!(
            html,
            r#"<div class="field" id="{id}-field"><label class="field__label" for="{id}">{label}</label>{hint_html}<div class="field__row"><input id="{id}" class="field__input" type="{kind}" inputmode="{inputmode}" autocomplete="off" spellcheck="false" data-testid="{id}" aria-describedby="{described}" aria-invalid="false">{unit}</div><p class="field__echo" id="{id}-echo" data-testid="{id}-echo"></p><p class="field__error" id="{id}-error" data-testid="{id}-error" aria-live="polite"></p></div>"#,
            label = esc(label),
            unit = unit.unwrap_or_default(),
        );
    };
    let select = |html: &mut String,
                  id: &str,
                  testid: &str,
                  label: &str,
                  options: Vec<(String, String)>| {
        let _ = write!(
            html,
            r#"<div class="field" id="{id}-field"><label class="field__label" for="{id}">{}</label><select id="{id}" class="field__input" data-testid="{testid}">"#,
            esc(label)
        );
        for (value, text) in options {
            let _ = write!(
                html,
                r#"<option value="{}">{}</option>"#,
                esc(&value),
                esc(&text)
            );
        }
        html.push_str("</select></div>");
    };
    html.push_str(r#"<fieldset><legend>Patient</legend>"#);
    text_field(
        &mut html,
        "weight",
        "Weight",
        None,
        "decimal",
        "text",
        Some(
            r#"<select id="weight-unit" class="field__unit" aria-label="Weight unit" data-testid="weight-unit"><option value="kg">kg</option><option value="lb">lb</option></select>"#,
        ),
    );
    select(
        &mut html,
        "age",
        "age",
        "Age",
        AgeBand::ALL
            .iter()
            .map(|a| (a.key().to_string(), a.label().to_string()))
            .collect(),
    );
    html.push_str(r#"</fieldset><fieldset><legend>Treatment</legend>"#);
    select(
        &mut html,
        "indication",
        "indication",
        "Indication (for the studied doses)",
        Indication::ALL
            .iter()
            .filter(|i| **i != Indication::Background)
            .map(|i| (i.key().to_string(), i.label().to_string()))
            .collect(),
    );
    select(
        &mut html,
        "product",
        "product-select",
        "Product",
        ProductId::ALL
            .iter()
            .map(|p| {
                let name = product(*p)
                    .map(|i| format!("{} ({})", i.name, i.generic))
                    .unwrap_or_else(|| "Custom product".into());
                (p.key().to_string(), name)
            })
            .collect(),
    );
    text_field(
        &mut html,
        "custom-cells",
        "Cells per container",
        Some("e.g. 25 million or 2.5 × 10^7"),
        "text",
        "text",
        None,
    );
    text_field(
        &mut html,
        "custom-ml",
        "Volume per container (mL)",
        None,
        "decimal",
        "text",
        None,
    );
    text_field(
        &mut html,
        "dose",
        "Dose per kg (cells/kg)",
        Some("2e6, 2 x 10^6, 2×10⁶, 2 million or 2,000,000"),
        "text",
        "text",
        None,
    );
    html.push_str(r#"<div class="field" id="dose-effective-field" hidden><p class="field__label">Dose per kg (cells/kg)</p><p class="field__echo" id="dose-effective-echo" data-testid="dose-effective" aria-live="polite"></p></div>"#);
    html.push_str(r#"<div class="field field--check" id="custom-schedule-field"><input type="checkbox" id="custom-schedule" data-testid="custom-schedule"><label for="custom-schedule">Custom schedule instead of the label's</label></div>"#);
    text_field(
        &mut html,
        "infusions",
        "Number of infusions",
        None,
        "numeric",
        "text",
        None,
    );
    text_field(
        &mut html,
        "interval",
        "Days between infusions",
        None,
        "numeric",
        "text",
        None,
    );
    text_field(
        &mut html,
        "start",
        "First infusion",
        None,
        "none",
        "date",
        None,
    );
    html.push_str("</fieldset>");
    html
}

/// The calculator page as rendered once: title, link notices, the form with its buttons,
/// and the empty regions the UI fills (copy status, results, the screen-reader summary).
pub fn page_html(notices: &[String]) -> String {
    let mut html = String::from(
        r#"<h1 data-testid="page-title">Dose calculator</h1><p class="lead">Patient weight × cells/kg → cells per infusion, containers to thaw, volume to draw and a dated infusion plan, placed among the doses the review's studies used.</p>"#,
    );
    html.push_str(crate::screens::notices_html(notices).as_str());
    let _ = write!(
        html,
        r#"<div class="calc"><form class="calc-form" aria-label="Dose calculator inputs"><div>{}</div><div class="button-row no-print"><button type="button" class="button" data-action="copy" data-testid="copy-plan">Copy plan as text</button><button type="button" class="button button--secondary" data-action="link" data-testid="copy-link">Copy link</button><button type="button" class="button button--secondary" data-action="print" data-testid="print-plan">Print</button></div><div id="copy-status" aria-live="polite" data-testid="copy-status"></div></form><div class="calc-results" id="calc-results" data-testid="results"></div></div><p class="visually-hidden" id="results-summary" aria-live="polite" data-testid="results-summary"></p><p class="print-only" data-testid="print-citation">Decision support for professionals, not a prescription. Check every figure against the product label. Studied doses from: {}</p>"#,
        form_html(),
        esc(&crate::domain::data::review::REVIEW.to_text())
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::screens::calculator::form::evaluate;

    fn form(weight: &str) -> CalculatorForm {
        let mut form = CalculatorForm::new("2026-11-25");
        form.weight.edit(weight);
        form
    }

    fn links() -> Links {
        Links {
            base: String::new(),
        }
    }

    #[test]
    fn the_results_show_every_total_with_its_unit() {
        let f = form("23.4");
        let eval = evaluate(&f, evidence().ok());
        let html = results(&f, &eval, &links(), "2023.1");
        assert!(
            html.contains(r#"<dd data-testid="cells-per-infusion">4.68 × 10⁷ cells</dd>"#),
            "{html}"
        );
        assert!(html.contains(r#"<dd data-testid="containers">2 vials</dd>"#));
        assert!(html.contains(r#"<dd data-testid="volume">7.01 mL</dd>"#));
        assert!(html.contains(r#"<dd data-testid="cells-left">3.97 × 10⁶ cells</dd>"#));
        assert_eq!(html.matches(r#"data-testid="infusion""#).count(), 8);
        assert!(html.contains("Day-28 assessment</th><td>28</td><td>Tue 22 Dec 2026"));
        assert!(html.contains("at the 79th percentile"));
        assert_eq!(html.matches(r#"data-testid="strip-dot""#).count(), 14);
        assert!(!html.contains("data-testid=\"warnings\""));
    }

    #[test]
    fn nothing_is_computed_while_a_field_is_bad_or_missing() {
        let f = form("");
        let html = results(&f, &evaluate(&f, evidence().ok()), &links(), "2023.1");
        assert!(html.contains("Enter the patient&#39;s weight to see the plan."));
        assert!(!html.contains("cells-per-infusion"));
        let f = form("-4");
        let html = results(&f, &evaluate(&f, evidence().ok()), &links(), "2023.1");
        assert!(html.contains("Fix the highlighted fields"));
        assert!(!html.contains("cells-per-infusion"));
    }

    #[test]
    fn a_dose_outside_the_studied_range_is_a_warning() {
        let mut f = form("20");
        f.dose = "5e6".into();
        let eval = evaluate(&f, evidence().ok());
        let html = results(&f, &eval, &links(), "2023.1");
        assert!(html.contains(r#"data-testid="warning-DoseOutsideStudied""#));
        assert!(html.contains(r#"data-testid="warning-DoseAboveLabel""#));
        let text = plan_text(&f, &eval, "2023.1").unwrap();
        assert!(text.contains("WARNING: 5 × 10⁶ cells/kg is above every dose studied"));
    }

    #[test]
    fn the_plain_text_plan() {
        let f = form("23.4");
        let text = plan_text(&f, &evaluate(&f, evidence().ok()), "2023.1").unwrap();
        assert!(text.starts_with("MSC·HSCT dose plan — decision support, not a prescription\nProduct: Ryoncil\nWeight: 23.4 kg\n"));
        assert!(text.contains("  1. day 1 — Wed 25 Nov 2026\n"));
        assert!(text.contains("  Day-28 assessment — Tue 22 Dec 2026\n"));
        assert!(text.contains(
            "If partial or mixed response at Day 28: once weekly for 4 more weeks (Wed 23 Dec 2026"
        ));
        assert!(text.ends_with("dataset 2023.1."));
        assert!(plan_text(&form(""), &evaluate(&form(""), None), "2023.1").is_none());
    }

    #[test]
    fn each_total_says_where_it_comes_from_and_the_label_is_cited() {
        let mut f = form("95");
        f.set("age", "adult", false);
        f.set("product", "obnitix", false);
        let eval = evaluate(&f, evidence().ok());
        let html = results(&f, &eval, &links(), "2023.1");
        assert!(
            html.contains(r#"<dd data-testid="cells-per-infusion">1.2 × 10⁸ cells</dd>"#),
            "{html}"
        );
        assert!(html
            .contains(r#"<dd data-testid="containers">2 × Obnitix 60 (6 × 10⁷ cells each)</dd>"#));
        assert!(html
            .contains(r#"<dd data-testid="cells-left">none: the whole content is infused</dd>"#));
        assert!(
            html.contains("1.26 × 10⁶ cells/kg (what the label&#39;s bags give at this weight)"),
            "{html}"
        );
        assert!(html.contains(r#"data-testid="provenance-containers" title="the label&#39;s bags for the weight band">fixed by the label</span>"#), "{html}");
        assert!(html.contains(r#"<span class="provenance provenance--derived" data-testid="provenance-cells-per-infusion""#));
        assert!(html.contains("Source: DRK-Blutspendedienst Baden-Württemberg–Hessen"));
        assert!(html.contains("Check every figure against the current label."));
        let text = plan_text(&f, &eval, "2023.1").unwrap();
        assert!(
            text.contains(
                "Dose: 1.26 × 10⁶ cells/kg (derived: what the label's bags give at this weight)\n"
            ),
            "{text}"
        );
        assert!(text.contains("Labelled figures: DRK-Blutspendedienst"));
        assert!(!text.contains("thawed but not given: 0"));
    }

    #[test]
    fn no_product_brief_is_shown_to_users() {
        for product in ["ryoncil", "temcell", "obnitix", "custom"] {
            let mut f = form("40");
            f.set("product", product, false);
            f.set("custom-cells", "20 million", false);
            f.set("custom-ml", "5", false);
            let eval = evaluate(&f, evidence().ok());
            let shown = [
                results(&f, &eval, &links(), "2023.1"),
                plan_text(&f, &eval, "2023.1").unwrap_or_default(),
                page_html(&[]),
            ];
            for text in shown {
                assert!(!text.to_lowercase().contains("brief"), "{product}: {text}");
            }
        }
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 79, 100].map(ordinal),
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "79th", "100th"]
        );
    }
}
