//! The Studies page as HTML: every study grouped by indication, and one study's detail
//! with each parsed value beside the text it was read from, flags, derived values and its
//! citation.

use std::fmt::Write;

use super::{glossed, Links};
use crate::domain::data::{DoseBasis, Evidence, Indication, Outcome, Provenance, Study};
use crate::domain::derive::{
    age_group, denominator, derived_overall_response, reconstructed_events,
    representative_dose_per_kg, DenominatorBasis,
};
use crate::domain::encode::esc;
use crate::domain::export::{outcome_summary, outcome_value};
use crate::domain::format::{number, pretty_raw, roman, scientific};
use crate::domain::quality::{check_study, Flag, Severity};

/// The list of every study, grouped by indication in the review's order.
pub fn study_list(evidence: &Evidence, links: &Links) -> String {
    let studies = &evidence.dataset.studies;
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<h1 data-testid="page-title">Studies</h1><p class="lead">{} cohorts from the review, grouped as the review groups them. Each opens with every value beside the text it was read from.</p>{}<nav class="toc" aria-label="Indications"><ul>"#,
        studies.len(),
        super::copy_link()
    );
    let groups: Vec<Indication> = Indication::ALL
        .into_iter()
        .filter(|i| studies.iter().any(|s| s.indication == *i))
        .collect();
    for indication in &groups {
        let _ = write!(
            html,
            r##"<li><a href="#{}" rel="external">{}</a></li>"##,
            indication.key(),
            esc(indication.label())
        );
    }
    html.push_str("</ul></nav>");
    for indication in groups {
        let group: Vec<&Study> = studies
            .iter()
            .filter(|s| s.indication == indication)
            .collect();
        let _ = write!(
            html,
            r#"<section class="study-group" aria-labelledby="{key}" data-testid="group-{key}"><h2 id="{key}">{} ({})</h2><ul class="study-list">"#,
            esc(indication.label()),
            group.len(),
            key = indication.key()
        );
        for study in group {
            study_card(&mut html, evidence, study, links);
        }
        html.push_str("</ul></section>");
    }
    html
}

fn study_card(html: &mut String, evidence: &Evidence, study: &Study, links: &Links) {
    let flags = check_study(study, &evidence.dataset.tables);
    let glossary = &evidence.abbreviations;
    let tissues = study.source.describe(" + ");
    let mut facts = String::new();
    if let Some(n) = study.n {
        let _ = write!(facts, "N = {n} · ");
    }
    facts.push_str(&tissues);
    if let Some(dose) = study.dose.as_ref().and_then(representative_dose_per_kg) {
        let _ = write!(facts, " · {} cells/kg", scientific(dose));
    }
    let outcomes = study
        .outcomes
        .iter()
        .take(3)
        .map(outcome_summary)
        .collect::<Vec<_>>()
        .join(" · ");
    let where_printed = study
        .provenance
        .first()
        .map(Provenance::describe)
        .unwrap_or_default();
    let _ = write!(
        html,
        r#"<li class="study-card" data-testid="study-{id}"><div class="study-card__head"><a class="study-card__title" href="{href}">{label}</a><span class="study-card__where">{where_printed}</span></div><p class="study-card__facts">{facts}</p><p class="study-card__outcomes">{outcomes}</p>"#,
        id = esc(&study.id),
        href = esc(&links.study(&study.id)),
        label = esc(&evidence.study_label(study)),
        where_printed = esc(&where_printed),
        facts = esc(&facts),
        outcomes = glossed(&outcomes, glossary),
    );
    if !flags.is_empty() {
        let warning = flags.iter().any(|f| f.severity == Severity::Warning);
        let count = if flags.len() == 1 {
            "1 data-quality flag".to_string()
        } else {
            format!("{} data-quality flags", flags.len())
        };
        let _ = write!(
            html,
            r#"<p class="study-card__flags"><span class="badge badge--{}">{count}</span></p>"#,
            if warning { "warning" } else { "info" }
        );
    }
    html.push_str("</li>");
}

/// The page for an unknown study id.
pub fn study_not_found(id: &str, version: &str, links: &Links) -> String {
    format!(
        r#"<h1 data-testid="page-title">Study not found</h1><p class="notice notice--warning" role="alert" data-testid="study-not-found">No study has the id “{}” in dataset {}. <a href="{}">See all studies</a></p>"#,
        esc(id),
        esc(version),
        esc(&links.page(crate::screens::route::Page::Studies))
    )
}

/// Flags for one field, as a list (empty string when there are none).
fn field_flags(flags: &[Flag], field: &str) -> String {
    let mine: Vec<&Flag> = flags.iter().filter(|f| f.field == field).collect();
    if mine.is_empty() {
        return String::new();
    }
    let mut html = String::from(r#"<ul class="flags">"#);
    for flag in mine {
        let _ = write!(
            html,
            r#"<li class="flag flag--{sev}" data-testid="flag"><strong>{sev}: {title}.</strong> {message}</li>"#,
            sev = flag.severity.label(),
            title = esc(flag.rule.title()),
            message = esc(&flag.message)
        );
    }
    html.push_str("</ul>");
    html
}

/// One study with every field: parsed value, printed text, flags, derived values, citation.
pub fn study_detail(evidence: &Evidence, study: &Study, links: &Links) -> String {
    let glossary = &evidence.abbreviations;
    let flags = check_study(study, &evidence.dataset.tables);
    let mut html = String::new();
    let provenance = study
        .provenance
        .iter()
        .map(Provenance::describe)
        .collect::<Vec<_>>()
        .join("; ");
    let _ = write!(
        html,
        r#"<p class="back-link"><a href="{}">← All studies</a></p><h1 data-testid="page-title">{}</h1><p class="lead">{} · {} · <span data-testid="provenance">{}</span></p>{}"#,
        esc(&links.page(crate::screens::route::Page::Studies)),
        esc(&evidence.study_label(study)),
        esc(study.indication.label()),
        esc(&format!("design: {}", study.design.label())),
        esc(&provenance),
        super::copy_link()
    );
    if let Some(population) = &study.population {
        let _ = write!(
            html,
            r#"<p class="population"><q>{}</q></p>"#,
            glossed(&pretty_raw(population), glossary)
        );
    }

    // The printed table row, cell by cell.
    let table = study
        .provenance
        .iter()
        .find_map(Provenance::table)
        .and_then(|n| evidence.dataset.tables.iter().find(|t| t.number == n));
    if let (Some(table), Some(cells)) = (table, &study.row) {
        let _ = write!(
            html,
            r#"<section aria-labelledby="printed-row"><h2 id="printed-row">As printed in Table {}</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Printed table row, scrollable"><table class="data-table printed-row" data-testid="printed-row"><thead><tr>"#,
            table.number
        );
        for column in &table.columns {
            let _ = write!(
                html,
                r#"<th scope="col">{}</th>"#,
                glossed(column, glossary)
            );
        }
        html.push_str("</tr></thead><tbody><tr>");
        for cell in cells {
            let _ = write!(html, "<td>{}</td>", glossed(&pretty_raw(cell), glossary));
        }
        html.push_str("</tr></tbody></table></div></section>");
    }

    // Fields: parsed value, printed text, flags.
    html.push_str(r#"<section aria-labelledby="fields"><h2 id="fields">Study fields</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Study fields table, scrollable"><table class="data-table fields" data-testid="fields"><thead><tr><th scope="col">Field</th><th scope="col">Parsed</th><th scope="col">Printed</th><th scope="col">Flags</th></tr></thead><tbody>"#);
    let mut row = |name: &str, field: &str, parsed: String, printed: Option<&str>| {
        let printed = printed
            .map(|p| format!("<q>{}</q>", glossed(&pretty_raw(p), glossary)))
            .unwrap_or_default();
        let _ = write!(
            html,
            r#"<tr data-testid="field-{field}"><th scope="row">{name}</th><td class="parsed">{}</td><td class="printed">{printed}</td><td class="field-flags">{}</td></tr>"#,
            glossed(&parsed, glossary),
            field_flags(&flags, field),
        );
    };
    let count_or = |n: Option<u32>, missing: &str| {
        n.map(|n| n.to_string())
            .unwrap_or_else(|| missing.to_string())
    };
    let n_text = match (&study.n, &study.arms) {
        (Some(n), _) => n.to_string(),
        (None, Some(arms)) => format!(
            "not printed as a total (MSC {}, control {})",
            count_or(arms.msc, "–"),
            count_or(arms.control, "–")
        ),
        (None, None) => "not printed".to_string(),
    };
    row(
        "Patients (N)",
        "n",
        n_text,
        study
            .row
            .as_ref()
            .and_then(|r| r.first())
            .map(String::as_str),
    );
    if let Some(arms) = &study.arms {
        let text = format!(
            "MSC: {}; control: {}",
            count_or(arms.msc, "not printed"),
            count_or(arms.control, "not printed")
        );
        row("Arms", "arms", text, Some(&arms.raw));
    }
    let tissues = study.source.describe(" and ");
    row(
        "Source of cells",
        "source",
        tissues,
        Some(&study.source.raw),
    );
    if !study.diseases.is_empty() {
        let diseases = study
            .diseases
            .iter()
            .map(|d| match d.count {
                Some(count) => format!("{} {count}", d.name),
                None => d.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        row("Diseases", "diseases", diseases, None);
    }
    let mut age_parts = Vec::new();
    if let Some(age) = &study.age {
        if let Some(median) = age.median {
            age_parts.push(format!("median {} years", number(median)));
        }
        if let (Some(low), Some(high)) = (age.low, age.high) {
            age_parts.push(format!("range {}–{}", number(low), number(high)));
        }
        for band in &age.bands {
            age_parts.push(format!("{}: {}", band.label, band.count));
        }
        if !age.values.is_empty() {
            let values = age
                .values
                .iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(", ");
            age_parts.push(format!("individual ages {values}"));
        }
    }
    age_parts.push(format!("age group: {}", age_group(study).label()));
    row(
        "Age",
        "age",
        age_parts.join("; "),
        study.age.as_ref().map(|a| a.raw.as_str()),
    );
    if let Some(grade) = &study.grade {
        let text = match (grade.low, grade.high) {
            (Some(low), Some(high)) if low == high => format!("grade {}", roman(low)),
            (Some(low), Some(high)) => format!("grades {}–{}", roman(low), roman(high)),
            _ => format!(
                "per patient: {}",
                grade
                    .per_patient
                    .iter()
                    .map(|g| roman(*g))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        row("aGVHD grade", "grade", text, Some(&grade.raw));
    }
    if let Some(dose) = &study.dose {
        let unit = if dose.basis == DoseBasis::Total {
            "cells (total)"
        } else {
            "cells/kg"
        };
        let mut parts = Vec::new();
        if dose.basis == DoseBasis::NotReported {
            parts.push("not reported".to_string());
        }
        if let Some(value) = dose.value {
            let stat = match dose.stat {
                Some(crate::domain::data::DoseStat::Median) => "median ",
                _ => "",
            };
            parts.push(format!("{stat}{} {unit}", scientific(value)));
        }
        if let (Some(low), Some(high)) = (dose.low, dose.high) {
            parts.push(format!(
                "range {}–{} {unit}",
                scientific(low),
                scientific(high)
            ));
        }
        for group in &dose.groups {
            parts.push(format!(
                "{} {unit} in {} patients",
                scientific(group.value),
                group.count
            ));
        }
        row("Dose", "dose", parts.join("; "), Some(&dose.raw));
    }
    if let Some(infusions) = &study.infusions {
        let text = if let Some(count) = infusions.count {
            count.to_string()
        } else if let Some(mean) = infusions.mean {
            format!("{} (a mean?)", number(mean))
        } else if let Some(median) = infusions.median {
            format!("median {}", number(median))
        } else if let (Some(low), Some(high)) = (infusions.low, infusions.high) {
            format!("{low}–{high}")
        } else {
            "not reported".to_string()
        };
        row("Infusions", "infusions", text, Some(&infusions.raw));
    }
    if let Some(timing) = &study.timing {
        row("Timing", "timing", pretty_raw(timing), Some(timing));
    }
    if !study.timing_groups.is_empty() {
        let groups = study
            .timing_groups
            .iter()
            .map(|g| format!("{}: {}", g.label, g.count))
            .collect::<Vec<_>>()
            .join("; ");
        row("Timing groups", "timing_groups", groups, None);
    }
    if let Some(pooled) = study.studies_pooled {
        row("Studies pooled", "studies_pooled", pooled.to_string(), None);
    }
    html.push_str("</tbody></table></div></section>");

    // Outcomes.
    let _ = write!(
        html,
        r#"<section aria-labelledby="outcomes"><h2 id="outcomes">Outcomes</h2>{}<div class="table-scroll" tabindex="0" role="region" aria-label="Outcomes table, scrollable"><table class="data-table outcomes" data-testid="outcomes"><thead><tr><th scope="col">Outcome</th><th scope="col">Arm</th><th scope="col">Time</th><th scope="col">Value</th><th scope="col">Of N</th><th scope="col">Printed text</th><th scope="col">Source</th><th scope="col">Flags</th></tr></thead><tbody>"#,
        field_flags(&flags, "outcomes")
    );
    for (index, outcome) in study.outcomes.iter().enumerate() {
        outcome_row(&mut html, evidence, study, outcome, index, &flags);
    }
    html.push_str("</tbody></table></div>");
    let derived = derived_overall_response(study);
    if !derived.is_empty() {
        html.push_str(r#"<h3>Derived values</h3><ul class="derived" data-testid="derived">"#);
        for d in derived {
            let _ = write!(
                html,
                r#"<li><span class="badge badge--derived">derived</span> {} ({}): {} of {} = {:.1}% — {}</li>"#,
                esc(d.measure.label()),
                d.arm.label(),
                d.events,
                d.n,
                100.0 * f64::from(d.events) / f64::from(d.n),
                esc(&d.how)
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</section>");

    if !study.notes.is_empty() {
        html.push_str(
            r#"<section aria-labelledby="notes"><h2 id="notes">Notes on the source</h2><ul>"#,
        );
        for note in &study.notes {
            let _ = write!(html, "<li>{}</li>", glossed(note, glossary));
        }
        html.push_str("</ul></section>");
    }

    html.push_str(r#"<section aria-labelledby="citation"><h2 id="citation">Citation</h2><ul class="citations" data-testid="citation">"#);
    for reference in study.refs.iter().filter_map(|n| evidence.reference(*n)) {
        let _ = write!(
            html,
            r#"<li><span class="ref-number">[{}]</span> {} <a href="{}" rel="external noopener" target="_blank" data-testid="pubmed-link">Search PubMed<span class="visually-hidden"> (opens in a new tab)</span></a></li>"#,
            reference.number,
            esc(&pretty_raw(&reference.text)),
            esc(&reference.pubmed_search_url())
        );
    }
    html.push_str(r#"</ul><p class="muted">As printed in the reference list of the review. The PubMed link opens a search; the app itself never contacts another site.</p></section>"#);
    html
}

fn outcome_row(
    html: &mut String,
    evidence: &Evidence,
    study: &Study,
    outcome: &Outcome,
    index: usize,
    flags: &[Flag],
) {
    let glossary = &evidence.abbreviations;
    let time = match (outcome.months, outcome.days, &outcome.timepoint) {
        (Some(months), _, _) => format!("{} months", number(months)),
        (None, Some(days), _) => format!("day {}", number(days)),
        (None, None, Some(point)) => point.clone(),
        _ => String::new(),
    };
    let of_n = denominator(study, outcome)
        .map(|d| {
            let basis = match d.basis {
                DenominatorBasis::Outcome => "printed with the value",
                DenominatorBasis::Arm => "arm size",
                DenominatorBasis::Study => "study N",
            };
            format!("{} ({basis})", d.n)
        })
        .unwrap_or_else(|| "not printed".to_string());
    let mut value = outcome_value(outcome);
    for extra in [
        outcome.spread.map(|s| format!("± {}", number(s))),
        outcome.percent.map(|p| format!("({}%)", number(p))),
        outcome.p.as_ref().map(|p| pretty_raw(p)),
        outcome.subgroup.as_ref().map(|s| format!("subgroup: {s}")),
    ]
    .into_iter()
    .flatten()
    {
        value.push(' ');
        value.push_str(&extra);
    }
    let mut value_html = esc(&value);
    if let Some(d) = reconstructed_events(study, outcome) {
        let _ = write!(
            value_html,
            r#"<span class="derived-inline"><span class="badge badge--derived">reconstructed</span> {}/{} <span class="muted">({})</span></span>"#,
            d.events,
            d.n,
            esc(&d.how)
        );
    }
    if let Some(note) = &outcome.note {
        let _ = write!(value_html, r#" <span class="muted">{}</span>"#, esc(note));
    }
    let source = study.where_printed(outcome);
    let _ = write!(
        html,
        r#"<tr data-testid="outcome-{index}"><th scope="row">{label} <span class="muted">({measure})</span></th><td>{arm}</td><td>{time}</td><td class="value" data-testid="value">{value_html}</td><td>{of_n}</td><td class="printed" data-testid="printed"><q>{printed}</q></td><td class="muted">{source}</td><td class="field-flags">{flags}</td></tr>"#,
        label = glossed(&pretty_raw(&outcome.label), glossary),
        measure = esc(outcome.measure.label()),
        arm = outcome.arm.label(),
        time = esc(&time),
        of_n = esc(&of_n),
        printed = glossed(&pretty_raw(&outcome.raw), glossary),
        source = esc(&source),
        flags = field_flags(flags, &format!("outcomes[{index}]")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;

    fn links() -> Links {
        Links {
            base: "/msc".into(),
        }
    }

    #[test]
    fn the_list_groups_every_study_under_its_indication() {
        let evidence = evidence().unwrap();
        let html = study_list(evidence, &links());
        assert_eq!(
            html.matches(r#"class="study-card""#).count(),
            evidence.dataset.studies.len()
        );
        assert!(html.contains(r#"data-testid="group-agvhd_treatment""#));
        assert!(html.contains(r#"href="/msc/studies?study=r38""#));
        let engraftment = html.find(r#"id="engraftment""#).unwrap();
        let prevention = html.find(r#"id="gvhd_prevention""#).unwrap();
        assert!(engraftment < prevention, "the review's order");
    }

    #[test]
    fn a_detail_shows_printed_text_beside_parsed_values_flags_and_citation() {
        let evidence = evidence().unwrap();
        let html = study_detail(evidence, evidence.study("r42").unwrap(), &links());
        assert!(html.contains(r#"<td>3.6 × 10⁸</td>"#), "the printed cell");
        assert!(
            html.contains("median 3.6 × 10⁸ cells/kg"),
            "the parsed dose"
        );
        assert!(
            html.contains("Implausible dose per kg"),
            "the flag beside it"
        );
        assert!(
            html.contains("Incidence of II–IV <abbr"),
            "glossed printed text"
        );
        assert!(
            html.contains("[42]</span> Liu Z, Zhang Y"),
            "the citation as printed"
        );
        assert!(html.contains("https://pubmed.ncbi.nlm.nih.gov/?term=Cotransplantation"));
    }

    #[test]
    fn derived_and_reconstructed_values_are_labelled() {
        let evidence = evidence().unwrap();
        let html = study_detail(evidence, evidence.study("r56").unwrap(), &links());
        assert!(html.contains(r#"<span class="badge badge--derived">derived</span> overall response (MSC): 15 of 25 = 60.0%"#));
        let html = study_detail(evidence, evidence.study("r39").unwrap(), &links());
        assert!(html.contains(r#"<span class="badge badge--derived">reconstructed</span> 4/17"#));
    }

    #[test]
    fn grades_in_roman_numerals() {
        let evidence = evidence().unwrap();
        let html = study_detail(evidence, evidence.study("r63").unwrap(), &links());
        assert!(html.contains("per patient: III, IV"));
    }

    #[test]
    fn unknown_ids_are_escaped() {
        let html = study_not_found("<script>", "2023.1", &links());
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    }
}
