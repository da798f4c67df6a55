//! One study's detail: each parsed value beside the text it was read from, its
//! data-quality flags (computed once per dataset, handed in), derived values and its
//! citation.

use crate::domain::data::{DoseBasis, Evidence, Grade, Infusions, Outcome, Provenance, Study};
use crate::domain::derive::{
    age_group, denominator, derived_overall_response, reconstructed_events, DenominatorBasis,
};
use crate::domain::export::outcome_value;
use crate::domain::format::{number, pretty_raw, roman, scientific};
use crate::domain::quality::Flag;
use crate::html;
use crate::html::{Href, Html};
use crate::screens::{glossed, Links};

/// Flags for one field, as a list (nothing when there are none).
fn field_flags(flags: &[&Flag], field: &str) -> Option<Html> {
    let mine: Html = flags
        .iter()
        .filter(|f| f.field == field)
        .map(|flag| {
            html!(
                r#"<li class="flag flag--{}" data-testid="flag"><strong>{}: {}.</strong> {}</li>"#,
                flag.severity.label(),
                flag.severity.label(),
                flag.rule.title(),
                flag.message
            )
        })
        .collect();
    (!mine.is_empty()).then(|| html!(r#"<ul class="flags">{}</ul>"#, mine))
}

/// The printed table row, cell by cell.
fn printed_row(evidence: &Evidence, study: &Study) -> Option<Html> {
    let glossary = &evidence.abbreviations;
    let number = study.provenance.iter().find_map(Provenance::table)?;
    let table = evidence
        .dataset
        .tables
        .iter()
        .find(|t| t.number == number)?;
    let cells = study.row.as_ref()?;
    let head: Html = table
        .columns
        .iter()
        .map(|c| html!(r#"<th scope="col">{}</th>"#, glossed(c, glossary)))
        .collect();
    let row: Html = cells
        .iter()
        .map(|c| html!("<td>{}</td>", glossed(&pretty_raw(c), glossary)))
        .collect();
    Some(html!(
        r#"<section aria-labelledby="printed-row"><h2 id="printed-row">As printed in Table {}</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Printed table row, scrollable"><table class="data-table printed-row" data-testid="printed-row"><thead><tr>{}</tr></thead><tbody><tr>{}</tr></tbody></table></div></section>"#,
        table.number,
        head,
        row
    ))
}

/// Each field of the study as (name, field key, parsed text, printed text).
fn fields(study: &Study) -> Vec<(&'static str, &'static str, String, Option<&str>)> {
    let mut rows = Vec::new();
    rows.push((
        "Patients (N)",
        "n",
        n_text(study),
        study
            .row
            .as_ref()
            .and_then(|r| r.first())
            .map(String::as_str),
    ));
    if let Some(arms) = &study.arms {
        let text = format!(
            "MSC: {}; control: {}",
            count_or(arms.msc, "not printed"),
            count_or(arms.control, "not printed")
        );
        rows.push(("Arms", "arms", text, Some(arms.raw.as_str())));
    }
    rows.push((
        "Source of cells",
        "source",
        study.source.describe(" and "),
        Some(study.source.raw.as_str()),
    ));
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
        rows.push(("Diseases", "diseases", diseases, None));
    }
    rows.push((
        "Age",
        "age",
        age_text(study),
        study.age.as_ref().map(|a| a.raw.as_str()),
    ));
    if let Some(grade) = &study.grade {
        let text = grade_text(grade);
        rows.push(("aGVHD grade", "grade", text, Some(grade.raw.as_str())));
    }
    if let Some(dose) = &study.dose {
        rows.push(("Dose", "dose", dose_text(dose), Some(dose.raw.as_str())));
    }
    if let Some(infusions) = &study.infusions {
        let text = infusions_text(infusions);
        rows.push(("Infusions", "infusions", text, Some(infusions.raw.as_str())));
    }
    if let Some(timing) = &study.timing {
        rows.push((
            "Timing",
            "timing",
            pretty_raw(timing),
            Some(timing.as_str()),
        ));
    }
    if !study.timing_groups.is_empty() {
        let groups = study
            .timing_groups
            .iter()
            .map(|g| format!("{}: {}", g.label, g.count))
            .collect::<Vec<_>>()
            .join("; ");
        rows.push(("Timing groups", "timing_groups", groups, None));
    }
    if let Some(pooled) = study.studies_pooled {
        rows.push(("Studies pooled", "studies_pooled", pooled.to_string(), None));
    }
    rows
}

/// N, or the arms' sizes when the review prints no total.
fn n_text(study: &Study) -> String {
    match (&study.n, &study.arms) {
        (Some(n), _) => n.to_string(),
        (None, Some(arms)) => format!(
            "not printed as a total (MSC {}, control {})",
            count_or(arms.msc, "–"),
            count_or(arms.control, "–")
        ),
        (None, None) => "not printed".to_string(),
    }
}

fn count_or(n: Option<u32>, missing: &str) -> String {
    n.map(|n| n.to_string())
        .unwrap_or_else(|| missing.to_string())
}

/// "grade III", "grades II–IV", or the grades per patient.
fn grade_text(grade: &Grade) -> String {
    match (grade.low, grade.high) {
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
    }
}

/// The number of infusions, or the mean, median or range the review prints instead.
fn infusions_text(infusions: &Infusions) -> String {
    if let Some(count) = infusions.count {
        count.to_string()
    } else if let Some(mean) = infusions.mean {
        format!("{} (a mean?)", number(mean))
    } else if let Some(median) = infusions.median {
        format!("median {}", number(median))
    } else if let (Some(low), Some(high)) = (infusions.low, infusions.high) {
        format!("{low}–{high}")
    } else {
        "not reported".to_string()
    }
}

fn age_text(study: &Study) -> String {
    let mut parts = Vec::new();
    if let Some(age) = &study.age {
        if let Some(median) = age.median {
            parts.push(format!("median {} years", number(median)));
        }
        if let (Some(low), Some(high)) = (age.low, age.high) {
            parts.push(format!("range {}–{}", number(low), number(high)));
        }
        for band in &age.bands {
            parts.push(format!("{}: {}", band.label, band.count));
        }
        if !age.values.is_empty() {
            let values = age
                .values
                .iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(", ");
            parts.push(format!("individual ages {values}"));
        }
    }
    parts.push(format!("age group: {}", age_group(study).label()));
    parts.join("; ")
}

fn dose_text(dose: &crate::domain::data::Dose) -> String {
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
    parts.join("; ")
}

fn fields_table(evidence: &Evidence, study: &Study, flags: &[&Flag]) -> Html {
    let glossary = &evidence.abbreviations;
    let rows: Html = fields(study)
        .into_iter()
        .map(|(name, field, parsed, printed)| {
            html!(
                r#"<tr data-testid="field-{}"><th scope="row">{}</th><td class="parsed">{}</td><td class="printed">{}</td><td class="field-flags">{}</td></tr>"#,
                field,
                name,
                glossed(&parsed, glossary),
                printed.map(|p| html!("<q>{}</q>", glossed(&pretty_raw(p), glossary))),
                field_flags(flags, field)
            )
        })
        .collect();
    html!(
        r#"<section aria-labelledby="fields"><h2 id="fields">Study fields</h2><div class="table-scroll" tabindex="0" role="region" aria-label="Study fields table, scrollable"><table class="data-table fields" data-testid="fields"><thead><tr><th scope="col">Field</th><th scope="col">Parsed</th><th scope="col">Printed</th><th scope="col">Flags</th></tr></thead><tbody>{}</tbody></table></div></section>"#,
        rows
    )
}

fn outcomes_section(evidence: &Evidence, study: &Study, flags: &[&Flag]) -> Html {
    let rows: Html = study
        .outcomes
        .iter()
        .enumerate()
        .map(|(index, outcome)| outcome_row(evidence, study, outcome, index, flags))
        .collect();
    let derived: Html = derived_overall_response(study)
        .into_iter()
        .map(|d| {
            html!(
                r#"<li><span class="badge badge--derived">derived</span> {} ({}): {} of {} = {:.1}% — {}</li>"#,
                d.measure.label(),
                d.arm.label(),
                d.events,
                d.n,
                100.0 * f64::from(d.events) / f64::from(d.n),
                d.how
            )
        })
        .collect();
    let derived = (!derived.is_empty()).then(|| {
        html!(
            r#"<h3>Derived values</h3><ul class="derived" data-testid="derived">{}</ul>"#,
            derived
        )
    });
    html!(
        r#"<section aria-labelledby="outcomes"><h2 id="outcomes">Outcomes</h2>{}<div class="table-scroll" tabindex="0" role="region" aria-label="Outcomes table, scrollable"><table class="data-table outcomes" data-testid="outcomes"><thead><tr><th scope="col">Outcome</th><th scope="col">Arm</th><th scope="col">Time</th><th scope="col">Value</th><th scope="col">Of N</th><th scope="col">Printed text</th><th scope="col">Source</th><th scope="col">Flags</th></tr></thead><tbody>{}</tbody></table></div>{}</section>"#,
        field_flags(flags, "outcomes"),
        rows,
        derived
    )
}

fn citations(evidence: &Evidence, study: &Study) -> Html {
    let items: Html = study
        .refs
        .iter()
        .filter_map(|n| evidence.reference(*n))
        .map(|reference| {
            let pubmed = Href::new(&reference.pubmed_search_url()).ok();
            html!(
                r#"<li><span class="ref-number">[{}]</span> {} <a{} rel="external noopener" target="_blank" data-testid="pubmed-link">Search PubMed<span class="visually-hidden"> (opens in a new tab)</span></a></li>"#,
                reference.number,
                pretty_raw(&reference.text),
                pubmed
            )
        })
        .collect();
    html!(
        r#"<section aria-labelledby="citation"><h2 id="citation">Citation</h2><ul class="citations" data-testid="citation">{}</ul><p class="muted">As printed in the reference list of the review. The PubMed link opens a search; the app itself never contacts another site.</p></section>"#,
        items
    )
}

/// One study with every field: parsed value, printed text, flags, derived values,
/// citation. `flags` are the dataset's (those of other studies are ignored).
pub fn study_detail(evidence: &Evidence, study: &Study, flags: &[Flag], links: &Links) -> Html {
    let glossary = &evidence.abbreviations;
    let flags: Vec<&Flag> = flags.iter().filter(|f| f.study_id == study.id).collect();
    let provenance = study
        .provenance
        .iter()
        .map(Provenance::describe)
        .collect::<Vec<_>>()
        .join("; ");
    let population = study.population.as_ref().map(|p| {
        html!(
            r#"<p class="population"><q>{}</q></p>"#,
            glossed(&pretty_raw(p), glossary)
        )
    });
    let notes = (!study.notes.is_empty()).then(|| {
        let items: Html = study.notes.iter().map(|n| html!("<li>{}</li>", glossed(n, glossary))).collect();
        html!(r#"<section aria-labelledby="notes"><h2 id="notes">Notes on the source</h2><ul>{}</ul></section>"#, items)
    });
    html!(
        r#"<p class="back-link"><a{}>← All studies</a></p><h1 data-testid="page-title">{}</h1><p class="lead">{} · design: {} · <span data-testid="provenance">{}</span></p>{}{}{}{}{}{}{}"#,
        links.page(crate::screens::route::Page::Studies),
        evidence.study_label(study),
        study.indication.label(),
        study.design.label(),
        provenance,
        crate::screens::copy_link(),
        population,
        printed_row(evidence, study),
        fields_table(evidence, study, &flags),
        outcomes_section(evidence, study, &flags),
        notes,
        citations(evidence, study)
    )
}

fn outcome_row(
    evidence: &Evidence,
    study: &Study,
    outcome: &Outcome,
    index: usize,
    flags: &[&Flag],
) -> Html {
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
    let reconstructed = reconstructed_events(study, outcome).map(|d| {
        html!(
            r#"<span class="derived-inline"><span class="badge badge--derived">reconstructed</span> {}/{} <span class="muted">({})</span></span>"#,
            d.events,
            d.n,
            d.how
        )
    });
    let note = outcome
        .note
        .as_ref()
        .map(|n| html!(r#" <span class="muted">{}</span>"#, n));
    html!(
        r#"<tr data-testid="outcome-{}"><th scope="row">{} <span class="muted">({})</span></th><td>{}</td><td>{}</td><td class="value" data-testid="value">{}{}{}</td><td>{}</td><td class="printed" data-testid="printed"><q>{}</q></td><td class="muted">{}</td><td class="field-flags">{}</td></tr>"#,
        index,
        glossed(&pretty_raw(&outcome.label), glossary),
        outcome.measure.label(),
        outcome.arm.label(),
        time,
        value,
        reconstructed,
        note,
        of_n,
        glossed(&pretty_raw(&outcome.raw), glossary),
        study.where_printed(outcome),
        field_flags(flags, &format!("outcomes[{index}]"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::quality::check_all;

    fn links() -> Links {
        Links {
            base: "/msc".into(),
        }
    }

    #[test]
    fn a_detail_shows_printed_text_beside_parsed_values_flags_and_citation() {
        let evidence = evidence().unwrap();
        let html = study_detail(
            evidence,
            evidence.study("r42").unwrap(),
            &check_all(evidence),
            &links(),
        );
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
        let html = study_detail(
            evidence,
            evidence.study("r56").unwrap(),
            &check_all(evidence),
            &links(),
        );
        assert!(html.contains(r#"<span class="badge badge--derived">derived</span> overall response (MSC): 15 of 25 = 60.0%"#));
        let html = study_detail(
            evidence,
            evidence.study("r39").unwrap(),
            &check_all(evidence),
            &links(),
        );
        assert!(html.contains(r#"<span class="badge badge--derived">reconstructed</span> 4/17"#));
    }

    #[test]
    fn grades_in_roman_numerals() {
        let evidence = evidence().unwrap();
        let html = study_detail(
            evidence,
            evidence.study("r63").unwrap(),
            &check_all(evidence),
            &links(),
        );
        assert!(html.contains("per patient: III, IV"));
    }
}
