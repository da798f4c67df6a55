//! The plan as plain text, for copying into notes or an order: the figures, the
//! containers, the calendar with its branches, the warnings and the sources.

use std::fmt::Write;

use crate::domain::data::review::REVIEW;
use crate::domain::dose::{product, round_to, Containers, Figure, Plan, Provenance};
use crate::domain::format::{number, scientific};
use crate::domain::quantity::WeightUnit;
use crate::screens::calculator::form::{CalculatorForm, Evaluation};

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
        if form.weight.unit == WeightUnit::Lb {
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
        containers_text(&mut text, c);
    }
    let _ = writeln!(
        text,
        "Cells per course: {} ({} infusions)",
        scientific(plan.cells_per_course),
        plan.course.len()
    );
    calendar_text(&mut text, plan);
    warnings_text(&mut text, eval, plan);
    sources_text(&mut text, form, dataset_version);
    Some(text)
}

/// The containers to thaw, the cells left over and the volumes to draw and dilute to.
fn containers_text(text: &mut String, c: &Containers) {
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

/// The dated infusions, the assessment day and what to do on each branch.
fn calendar_text(text: &mut String, plan: &Plan) {
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
}

/// The plan's label warnings, then where the dose falls outside the studied doses.
fn warnings_text(text: &mut String, eval: &Evaluation, plan: &Plan) {
    let mut warnings: Vec<String> = plan.warnings.iter().map(|w| w.message.clone()).collect();
    if let (Some(p), Some(dose)) = (&eval.placement, eval.dose_per_kg) {
        warnings.extend(p.outside(dose));
    }
    for warning in warnings {
        let _ = writeln!(text, "WARNING: {warning}");
    }
}

/// The label the figures come from and the review and dataset behind the placement.
fn sources_text(text: &mut String, form: &CalculatorForm, dataset_version: &str) {
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
}
