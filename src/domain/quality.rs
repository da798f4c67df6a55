//! Data-quality rules that run over every study (bundled or added by a user) and flag
//! what is odd in the source, with a plain-language explanation. Values stay as printed;
//! a flag never changes a value, it only says what a careful reader would notice.

use crate::domain::data::{
    Arm, DoseBasis, DoseStat, Evidence, Measure, Outcome, Study, TableInfo, Unit,
};
use crate::domain::derive::denominator;
use crate::domain::format::{number, scientific};

mod outcome;

use outcome::check_outcome;

/// Plausible cells/kg for an MSC infusion: outside it a per-kg dose is probably a total,
/// or a misprinted exponent. Clinical doses in the review run 0.5–20 × 10⁶ cells/kg.
pub const PLAUSIBLE_DOSE_PER_KG: (f64, f64) = (1e5, 5e7);

/// The per-kg values of `dose` outside [`PLAUSIBLE_DOSE_PER_KG`] (none for totals).
pub fn implausible_doses(dose: &crate::domain::data::Dose) -> impl Iterator<Item = f64> + '_ {
    let (low, high) = PLAUSIBLE_DOSE_PER_KG;
    let per_kg = dose.basis == DoseBasis::PerKg;
    [dose.value, dose.low, dose.high]
        .into_iter()
        .flatten()
        .chain(dose.groups.iter().map(|g| g.value))
        .filter(move |value| per_kg && (*value < low || *value > high))
}

/// Below this a hemoglobin in g/L is incompatible with life (it reads like g/dL).
const LOWEST_HEMOGLOBIN_G_PER_L: f64 = 30.0;

/// The rule that raised a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    CountsDoNotAddUp,
    PercentNotAchievable,
    PercentDisagreesWithCount,
    CountExceedsDenominator,
    PercentOutOfRange,
    ImplausibleDose,
    UnitLooksWrong,
    TwoSources,
    NotAMedian,
    MissingDenominator,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::CountsDoNotAddUp,
        Rule::PercentNotAchievable,
        Rule::PercentDisagreesWithCount,
        Rule::CountExceedsDenominator,
        Rule::PercentOutOfRange,
        Rule::ImplausibleDose,
        Rule::UnitLooksWrong,
        Rule::TwoSources,
        Rule::NotAMedian,
        Rule::MissingDenominator,
    ];

    /// Short name of the rule.
    pub fn title(self) -> &'static str {
        match self {
            Rule::CountsDoNotAddUp => "Counts do not add up to N",
            Rule::PercentNotAchievable => "Percentage no whole number of patients gives",
            Rule::PercentDisagreesWithCount => "Percentage disagrees with its count",
            Rule::CountExceedsDenominator => "Count larger than its group",
            Rule::PercentOutOfRange => "Percentage outside 0–100",
            Rule::ImplausibleDose => "Implausible dose per kg",
            Rule::UnitLooksWrong => "Unit looks wrong or missing",
            Rule::TwoSources => "Two cell sources in one cohort",
            Rule::NotAMedian => "Not the median the column asks for",
            Rule::MissingDenominator => "No denominator printed",
        }
    }

    /// What the rule checks, for the data-quality page.
    pub fn explanation(self) -> &'static str {
        match self {
            Rule::CountsDoNotAddUp => "Diagnoses, age bands, dose or timing groups, arms and response categories should add up to the number of patients.",
            Rule::PercentNotAchievable => "A crude percentage of N patients must be k/N for some whole k, rounded as printed. Survival and cumulative-incidence estimates are exempt.",
            Rule::PercentDisagreesWithCount => "A count printed with its percentage should give that percentage of its denominator.",
            Rule::CountExceedsDenominator => "A number of patients cannot exceed the group it is counted in.",
            Rule::PercentOutOfRange => "A percentage of patients lies between 0 and 100.",
            Rule::ImplausibleDose => "MSC doses per kilogram lie between 1 × 10⁵ and 5 × 10⁷ cells/kg; outside that a dose is probably a total or a misprint.",
            Rule::UnitLooksWrong => "The unit must fit the measure (e.g. hemoglobin in g/L is at least 30), and a value needs a unit.",
            Rule::TwoSources => "A cohort whose cells came from two tissues cannot be attributed to either source.",
            Rule::NotAMedian => "A column headed 'median' should hold one median value per cohort, and a number of infusions a whole number.",
            Rule::MissingDenominator => "Without the number of patients a value cannot get a confidence interval or be pooled.",
        }
    }
}

/// How much a flag matters for using the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The printed figures contradict each other or are implausible.
    Warning,
    /// Something is missing or unusual; the value itself is not contradicted.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Info => "note",
        }
    }
}

/// One data-quality finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub study_id: String,
    /// The field it is about: `n`, `diseases`, `dose`, `source`, `age`, `infusions`,
    /// `timing_groups`, `arms`, `outcomes[i]`.
    pub field: String,
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong, with the figures.
    pub message: String,
}

/// Flags for every study of the evidence, in dataset order.
pub fn check_all(evidence: &Evidence) -> Vec<Flag> {
    evidence
        .dataset
        .studies
        .iter()
        .flat_map(|study| check_study(study, &evidence.dataset.tables))
        .collect()
}

/// Flags for one study.
pub fn check_study(study: &Study, tables: &[TableInfo]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut flag = |field: &str, rule: Rule, severity: Severity, message: String| {
        flags.push(Flag {
            study_id: study.id.clone(),
            field: field.to_string(),
            rule,
            severity,
            message,
        })
    };
    check_parts(study, &mut flag);
    check_response_categories(study, &mut flag);

    // Each outcome on its own.
    for (index, outcome) in study.outcomes.iter().enumerate() {
        let field = format!("outcomes[{index}]");
        check_outcome(study, outcome, &field, &mut flag);
    }

    // Dose, source, table cells.
    check_dose_and_source(study, &mut flag);
    check_table_cells(study, tables, &mut flag);
    if study.n.is_none()
        && study.arms.is_none()
        && study.indication != crate::domain::data::Indication::Background
    {
        flag(
            "n",
            Rule::MissingDenominator,
            Severity::Info,
            "The review gives no number of patients for this study.".into(),
        );
    }
    flags
}

/// Parts that should add up to the cohort (diagnoses, age bands, timing and dose groups),
/// and the two arms to the study's N.
fn check_parts(study: &Study, flag: &mut impl FnMut(&str, Rule, Severity, String)) {
    let cohort = study
        .n
        .or_else(|| study.arms.as_ref().and_then(|arms| arms.msc));

    // Parts that should add up to the cohort.
    if let Some(n) = cohort {
        let counted: Vec<(String, u32)> = study
            .diseases
            .iter()
            .filter_map(|d| d.count.map(|c| (d.name.clone(), c)))
            .collect();
        if counted.len() == study.diseases.len() && !counted.is_empty() {
            check_sum(flag, "diseases", "The diagnoses", &counted, n);
        }
        if let Some(age) = &study.age {
            let bands: Vec<_> = age
                .bands
                .iter()
                .map(|b| (b.label.clone(), b.count))
                .collect();
            if !bands.is_empty() {
                check_sum(flag, "age", "The age bands", &bands, n);
            }
        }
        let timing: Vec<_> = study
            .timing_groups
            .iter()
            .map(|g| (g.label.clone(), g.count))
            .collect();
        if !timing.is_empty() {
            check_sum(flag, "timing_groups", "The timing groups", &timing, n);
        }
        if let Some(dose) = &study.dose {
            let groups: Vec<_> = dose
                .groups
                .iter()
                .map(|g| (format!("{} cells/kg", scientific(g.value)), g.count))
                .collect();
            if !groups.is_empty() {
                check_sum(flag, "dose", "The dose groups", &groups, n);
            }
        }
    }
    if let (Some(n), Some(arms)) = (study.n, &study.arms) {
        if let (Some(msc), Some(control)) = (arms.msc, arms.control) {
            let parts = [("MSC".to_string(), msc), ("control".to_string(), control)];
            check_sum(flag, "arms", "The two arms", &parts, n);
        }
    }
}

/// A dose outside the plausible range per kg, and a source naming more than one tissue.
fn check_dose_and_source(study: &Study, flag: &mut impl FnMut(&str, Rule, Severity, String)) {
    if let Some(dose) = &study.dose {
        let (low, high) = PLAUSIBLE_DOSE_PER_KG;
        for value in implausible_doses(dose) {
            flag(
                "dose",
                Rule::ImplausibleDose,
                Severity::Warning,
                format!(
                    "{} cells/kg is outside the plausible range {}–{} cells/kg for MSC infusions (for a 70 kg patient it would be {} cells); it may be a total dose or a misprinted exponent.",
                    scientific(value),
                    scientific(low),
                    scientific(high),
                    scientific(value * 70.0)
                ),
            );
        }
    }
    let tissues: Vec<_> = study.source.tissues.iter().map(|t| t.label()).collect();
    if tissues.len() > 1 {
        flag(
            "source",
            Rule::TwoSources,
            Severity::Warning,
            format!(
                "The source \"{}\" names {} tissues ({}): the results cannot be attributed to one source, so comparisons by source leave this cohort out.",
                crate::domain::format::pretty_raw(&study.source.raw),
                tissues.len(),
                tissues.join(" and ")
            ),
        );
    }
}

/// "1 patient", "5 patients".
fn patients(count: u32) -> String {
    if count == 1 {
        "1 patient".to_string()
    } else {
        format!("{count} patients")
    }
}

fn check_sum(
    flag: &mut impl FnMut(&str, Rule, Severity, String),
    field: &str,
    what: &str,
    parts: &[(String, u32)],
    n: u32,
) {
    let sum: u32 = parts.iter().map(|(_, count)| count).sum();
    if sum != n {
        let terms = parts
            .iter()
            .map(|(label, count)| format!("{label} ({count})"))
            .collect::<Vec<_>>()
            .join(" + ");
        flag(
            field,
            Rule::CountsDoNotAddUp,
            Severity::Warning,
            format!(
                "{what} add up to {} ({terms}), but N is {n}.",
                patients(sum)
            ),
        );
    }
}

/// CR, PR, MR, NC, no response… printed as counts for one arm and time point partition
/// the patients: more than N contradicts N; fewer is missing only if no category for
/// non-responders is printed.
fn check_response_categories(study: &Study, flag: &mut impl FnMut(&str, Rule, Severity, String)) {
    let categories: Vec<&Outcome> = study
        .outcomes
        .iter()
        .filter(|o| o.measure.is_response_category() && o.unit == Unit::Patients)
        .collect();
    let mut groups: Vec<(Arm, Option<f64>)> = Vec::new();
    for outcome in &categories {
        if !groups.contains(&(outcome.arm, outcome.months)) {
            groups.push((outcome.arm, outcome.months));
        }
    }
    for (arm, months) in groups {
        let members: Vec<&&Outcome> = categories
            .iter()
            .filter(|o| o.arm == arm && o.months == months)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let Some(first) = members.first() else {
            continue;
        };
        let Some(denominator) = denominator(study, first) else {
            continue;
        };
        let n = denominator.n;
        let sum: f64 = members.iter().filter_map(|o| o.value).sum();
        let terms = members
            .iter()
            .map(|o| format!("{} {}", o.label, number(o.value.unwrap_or(0.0))))
            .collect::<Vec<_>>()
            .join(" + ");
        let has_non_responders = members
            .iter()
            .any(|o| matches!(o.measure, Measure::NoResponse | Measure::Nc));
        if sum > f64::from(n) {
            flag(
                "outcomes",
                Rule::CountsDoNotAddUp,
                Severity::Warning,
                format!(
                    "The response categories add up to {} ({terms}), more than N = {n}.",
                    patients(sum as u32)
                ),
            );
        } else if sum < f64::from(n) {
            let missing = f64::from(n) - sum;
            let (severity, tail) = if has_non_responders {
                (
                    Severity::Warning,
                    "although the categories include non-responders and should cover every patient",
                )
            } else {
                (
                    Severity::Info,
                    "and no figure for non-responders is printed",
                )
            };
            flag(
                "outcomes",
                Rule::CountsDoNotAddUp,
                severity,
                format!(
                    "The response categories add up to {} ({terms}) of N = {n}: {} not accounted for, {tail}.",
                    patients(sum as u32),
                    patients(missing as u32)
                ),
            );
        }
    }
}

/// Table cells that do not hold what their column header asks for.
fn check_table_cells(
    study: &Study,
    tables: &[TableInfo],
    flag: &mut impl FnMut(&str, Rule, Severity, String),
) {
    let Some(table) = study.provenance.iter().find_map(|p| p.table()) else {
        return;
    };
    let Some(info) = tables.iter().find(|t| t.number == table) else {
        return;
    };
    let header = |starts: &str| info.columns.iter().find(|c| c.starts_with(starts)).cloned();
    if let (Some(column), Some(age)) = (header("Age of patients"), &study.age) {
        if age.median.is_none() && !age.bands.is_empty() {
            flag("age", Rule::NotAMedian, Severity::Info, format!("The column \"{column}\" asks for a median [range]; the cell gives age bands instead."));
        } else if age.median.is_none() && age.values.len() > 1 {
            flag("age", Rule::NotAMedian, Severity::Info, format!("The column \"{column}\" asks for a median [range]; the cell lists each patient's age ({}).", age.raw));
        }
    }
    if let (Some(column), Some(dose)) = (header("Median dose"), &study.dose) {
        if matches!(dose.stat, Some(DoseStat::Range) | Some(DoseStat::Groups)) {
            flag("dose", Rule::NotAMedian, Severity::Info, format!("The column \"{column}\" asks for a median; the cell gives a range or dose groups."));
        }
    }
    if let Some(infusions) = &study.infusions {
        if let Some(mean) = infusions.mean {
            if mean.fract() != 0.0 {
                flag("infusions", Rule::NotAMedian, Severity::Info, format!("The number of infusions is printed as {}, not a whole number: probably a mean per patient.", number(mean)));
            }
        }
    }
}

#[cfg(test)]
mod tests;
