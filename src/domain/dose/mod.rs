//! The dose calculator: for a product and a patient, the cells per infusion, the containers
//! to thaw, cells left over, volume to draw, cells per course and a dated infusion calendar
//! with the labelled Day-28 assessment and continuation, plus warnings with their reason and
//! every step of the arithmetic. Each figure of the plan says whether the label fixes it,
//! the user chose it or it is derived ([`Provenance`]). Labelled figures are product
//! figures, each group citing the label it comes from (`ProductInfo::figures`), never taken
//! from the review.
//!
//! - `product`: the products, their labelled figures, dose rules and citations;
//! - `packaging`: containers per infusion (vials, bags, weight bands, custom);
//! - `warnings`: the label checks;
//! - `schedule`: the dated calendar.

mod packaging;
mod product;
mod schedule;
mod warnings;

use std::fmt;

use crate::domain::date::Date;
use crate::domain::format::{number, scientific};

pub use packaging::{band_dose, choose_band, containers_needed, BandDose, Containers};
pub use product::{
    product, AgeBand, Citation, DoseRule, FigureGroup, LabelSchedule, NamedBag, Packaging,
    Population, ProductId, ProductInfo, WeightBand, OBNITIX_BANDS, VERSION_UNKNOWN,
};
pub use schedule::{Branch, Infusion, Phase, ScheduleChoice};
pub use warnings::{Warning, WarningKind};

/// Everything the plan needs, already parsed and validated field by field.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanInput {
    pub weight_kg: f64,
    pub age: AgeBand,
    /// The dose per kg the user typed; None when the product's dose rule does not take one
    /// (Obnitix: the weight band's bags are the dose).
    pub dose_per_kg: Option<f64>,
    pub product: ProductId,
    /// For the custom product: cells and mL per container.
    pub custom_container: Option<(f64, f64)>,
    pub schedule: ScheduleChoice,
    pub start: Date,
}

/// Why no plan can be made (field errors are reported before this, by the parsers).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// The custom product needs cells and mL per container.
    MissingCustomContainer,
    /// A product dosed per kg needs the dose per kg.
    MissingDose,
    /// A custom schedule needs the label's schedule or a custom one on a custom product.
    NoSchedule,
    /// Infusions or interval outside what the calculator plans.
    ScheduleOutOfRange { infusions: u32, interval_days: u32 },
    /// A product dosed by weight band has no band for this weight.
    WeightOutsideBands {
        product: &'static str,
        kg: f64,
        low: f64,
        high: f64,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::MissingCustomContainer => {
                write!(f, "Enter the cells and the volume per container of the custom product.")
            }
            PlanError::MissingDose => write!(f, "Enter the dose per kg."),
            PlanError::NoSchedule => {
                write!(f, "A custom product has no labelled schedule: choose a custom schedule.")
            }
            PlanError::ScheduleOutOfRange { infusions, interval_days } => write!(
                f,
                "{infusions} infusions every {interval_days} days is outside what the calculator plans (1–52 infusions, every 1–60 days)."
            ),
            PlanError::WeightOutsideBands { product, kg, low, high } => write!(
                f,
                "{} kg is outside the label's weight bands for {product} ({}–{} kg): the label names no bag for this weight, so no plan is made. An off-label plan can be made with the custom product.",
                number(round_to(*kg, 2)),
                number(*low),
                number(*high)
            ),
        }
    }
}

/// Where a figure of the plan comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Printed on the product's label, used as printed.
    Label,
    /// Typed or chosen by the user.
    User,
    /// Computed from other figures (the arithmetic is in the plan's steps).
    Derived,
}

impl Provenance {
    /// Stable key (styling, test ids).
    pub fn key(self) -> &'static str {
        match self {
            Provenance::Label => "label",
            Provenance::User => "user",
            Provenance::Derived => "derived",
        }
    }

    /// As shown beside a figure.
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Label => "fixed by the label",
            Provenance::User => "your choice",
            Provenance::Derived => "derived",
        }
    }
}

/// The figures of a plan, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    Weight,
    DosePerKg,
    CellsPerInfusion,
    CellsPerContainer,
    Containers,
    CellsLeft,
    VolumeToDraw,
    Diluent,
    DilutedVolume,
    Administration,
    Schedule,
    StartDate,
    Calendar,
    CellsPerCourse,
}

impl Figure {
    /// Stable key (styling, test ids).
    pub fn key(self) -> &'static str {
        match self {
            Figure::Weight => "weight",
            Figure::DosePerKg => "dose-per-kg",
            Figure::CellsPerInfusion => "cells-per-infusion",
            Figure::CellsPerContainer => "cells-per-container",
            Figure::Containers => "containers",
            Figure::CellsLeft => "cells-left",
            Figure::VolumeToDraw => "volume",
            Figure::Diluent => "diluent",
            Figure::DilutedVolume => "diluted-volume",
            Figure::Administration => "administration",
            Figure::Schedule => "schedule",
            Figure::StartDate => "start",
            Figure::Calendar => "calendar",
            Figure::CellsPerCourse => "cells-per-course",
        }
    }

    /// As shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Weight => "Weight",
            Figure::DosePerKg => "Dose per kg",
            Figure::CellsPerInfusion => "Cells per infusion",
            Figure::CellsPerContainer => "Cells per container",
            Figure::Containers => "Containers to thaw",
            Figure::CellsLeft => "Cells thawed but not given",
            Figure::VolumeToDraw => "Volume to draw",
            Figure::Diluent => "Dilution",
            Figure::DilutedVolume => "After the labelled dilution",
            Figure::Administration => "How it is given",
            Figure::Schedule => "Schedule",
            Figure::StartDate => "First infusion",
            Figure::Calendar => "Infusion dates",
            Figure::CellsPerCourse => "Cells per course",
        }
    }
}

/// One figure of the plan: its value as shown and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanLine {
    pub figure: Figure,
    pub value: String,
    pub provenance: Provenance,
    /// Which label figure, which input or which arithmetic ("ceil(cells / cells per vial)").
    pub basis: &'static str,
}

impl PlanLine {
    pub fn new(figure: Figure, value: String, provenance: Provenance, basis: &'static str) -> Self {
        PlanLine {
            figure,
            value,
            provenance,
            basis,
        }
    }
}

/// The computed plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub product_name: String,
    /// How the dose was set (the label's dose per kg, the weight band, or the user's).
    pub dose_rule: DoseRule,
    pub weight_kg: f64,
    /// The dose per kg given: as typed, or derived from the band's bags (Obnitix).
    pub dose_per_kg: f64,
    pub cells_per_infusion: f64,
    /// Always present (a weight without a labelled container is a [`PlanError`]); kept
    /// optional for callers written when it was not.
    pub containers: Option<Containers>,
    pub course: Vec<Infusion>,
    pub cells_per_course: f64,
    /// The Day-28 assessment (day, date), where the label has one.
    pub assessment: Option<(i64, Date)>,
    pub branches: Vec<Branch>,
    /// Every figure with its provenance, in [`Figure`] order.
    pub lines: Vec<PlanLine>,
    /// The arithmetic, one step per line.
    pub steps: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// The line of `figure`, when the plan has one.
    pub fn line(&self, figure: Figure) -> Option<&PlanLine> {
        self.lines.iter().find(|l| l.figure == figure)
    }

    /// Where `figure` comes from, when the plan has it.
    pub fn provenance(&self, figure: Figure) -> Option<Provenance> {
        self.line(figure).map(|l| l.provenance)
    }
}

/// The schedule as a line: the label's, described, or the user's.
fn schedule_line(choice: ScheduleChoice, info: Option<&ProductInfo>) -> PlanLine {
    match (choice, info.map(|i| i.schedule)) {
        (ScheduleChoice::Custom { infusions, interval_days }, _) => PlanLine::new(
            Figure::Schedule,
            format!("{infusions} infusions every {interval_days} days"),
            Provenance::User,
            "a custom schedule",
        ),
        (ScheduleChoice::Label, schedule) => PlanLine::new(
            Figure::Schedule,
            match schedule {
                Some(LabelSchedule::TwiceWeeklyWithDay28Assessment) => "twice weekly for 4 weeks, at least 3 days apart; Day-28 assessment decides the continuation",
                Some(LabelSchedule::TwiceWeeklyOptionalWeekly) => "twice weekly for 4 weeks, at least 3 days apart; optionally once weekly for 4 more weeks",
                Some(LabelSchedule::Weekly4) => "days 1, 8, 15 and 22",
                Some(LabelSchedule::None) | None => "none",
            }
            .to_string(),
            Provenance::Label,
            "the labelled schedule",
        ),
    }
}

/// Computes the plan.
pub fn plan(input: &PlanInput) -> Result<Plan, PlanError> {
    let info = product(input.product);
    let packaging = packaging_of(info.as_ref(), input.custom_container)?;
    let product_name = info
        .as_ref()
        .map(|i| i.name.to_string())
        .unwrap_or_else(|| "Custom product".into());
    let dose_rule = input.product.dose_rule();
    let kg = input.weight_kg;
    let packed = packaging::pack(info.as_ref(), &packaging, kg, input.dose_per_kg)?;
    let calendar = schedule::calendar(
        input.schedule,
        info.as_ref().map(|i| i.schedule),
        info.as_ref().and_then(|i| i.min_interval_days),
        &product_name,
        input.start,
    )?;

    let mut warnings = packed.warnings;
    warnings.extend(
        info.as_ref()
            .and_then(|info| warnings::age_against_population(info, input.age)),
    );
    warnings.extend(calendar.warnings);

    let mut steps = packed.steps;
    let cells_per_course = packed.cells_per_infusion * calendar.course.len() as f64;
    steps.push(format!(
        "Cells per course = {} × {} infusions = {}",
        scientific(packed.cells_per_infusion),
        calendar.course.len(),
        scientific(cells_per_course)
    ));

    let mut lines = packed.lines;
    lines.extend(input_lines(
        input,
        info.as_ref(),
        packed.dose_per_kg,
        packed.dose_provenance,
    ));
    lines.push(PlanLine::new(
        Figure::Calendar,
        format!(
            "{} infusions from the first infusion",
            calendar.course.len()
        ),
        Provenance::Derived,
        "the schedule from the first infusion",
    ));
    lines.push(PlanLine::new(
        Figure::CellsPerCourse,
        format!("{} cells", scientific(cells_per_course)),
        Provenance::Derived,
        "cells per infusion × infusions",
    ));
    crate::domain::sort::sort_by(&mut lines, |a, b| a.figure.cmp(&b.figure));

    Ok(Plan {
        product_name,
        dose_rule,
        weight_kg: kg,
        dose_per_kg: packed.dose_per_kg,
        cells_per_infusion: packed.cells_per_infusion,
        containers: Some(packed.containers),
        course: calendar.course,
        cells_per_course,
        assessment: calendar.assessment,
        branches: calendar.branches,
        lines,
        steps,
        warnings,
    })
}

/// The product's packaging, or the custom product's typed container.
fn packaging_of(
    info: Option<&ProductInfo>,
    custom_container: Option<(f64, f64)>,
) -> Result<Packaging, PlanError> {
    match (info, custom_container) {
        (Some(info), _) => Ok(info.packaging.clone()),
        (None, Some((cells, ml))) => Ok(Packaging::Custom {
            cells_per_container: cells,
            ml_per_container: ml,
        }),
        (None, None) => Err(PlanError::MissingCustomContainer),
    }
}

/// The plan lines for what was typed or chosen: weight, dose per kg (and where it comes
/// from), the label's administration, the schedule and the start date.
fn input_lines(
    input: &PlanInput,
    info: Option<&ProductInfo>,
    dose_per_kg: f64,
    dose_provenance: Provenance,
) -> Vec<PlanLine> {
    let mut lines = vec![
        PlanLine::new(
            Figure::Weight,
            format!("{} kg", number(round_to(input.weight_kg, 2))),
            Provenance::User,
            "typed",
        ),
        PlanLine::new(
            Figure::DosePerKg,
            format!("{} cells/kg", scientific(dose_per_kg)),
            dose_provenance,
            match dose_provenance {
                Provenance::Label => "the labelled dose per kg",
                Provenance::User if info.is_some() => "typed: not the labelled dose",
                Provenance::User => "typed for the custom product",
                Provenance::Derived => "cells per infusion / weight",
            },
        ),
    ];
    if let Some(administration) = info.and_then(|i| i.administration) {
        lines.push(PlanLine::new(
            Figure::Administration,
            administration.to_string(),
            Provenance::Label,
            "the label's method of administration",
        ));
    }
    lines.push(schedule_line(input.schedule, info));
    lines.push(PlanLine::new(
        Figure::StartDate,
        input.start.human(),
        Provenance::User,
        "typed",
    ));
    lines
}

fn plural(count: u32, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `value` rounded to `decimals` places (for display only; the plan keeps full precision).
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests;
