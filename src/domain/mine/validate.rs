//! The rules an entry must pass, each with a message naming its field: N ≥ 1, events
//! whole numbers within 0..=N, percentages within 0..=100 and counted as events only when
//! exactly one whole number fits (the dataset's rounding rule, `derive::fitting_events`),
//! a dose the quantity parser reads, and the dataset's data-quality rules (plausible
//! dose per kg, response categories that add up) as warnings. Free text that looks like
//! a patient identifier or a date of birth gets a warning.

use std::fmt;

use crate::domain::derive::fitting_events;
use crate::domain::mine::text::{identifier_warning, is_countable, percent};
use crate::domain::mine::{Entry, EntryOutcome, Field};
use crate::domain::quality::Rule;
use crate::domain::quantity::parse_dose_per_kg;

/// Whether a problem stops an entry from being added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with an entry: where (row of a paste, outcome, field) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Row of a pasted or imported table, counting the header as row 1.
    pub row: Option<usize>,
    /// Index of the outcome within the entry (0-based), for outcome fields.
    pub outcome: Option<usize>,
    pub field: Field,
    pub severity: Severity,
    /// What is wrong, to follow the field's name ("must be at least 1.").
    pub message: String,
}

impl Problem {
    pub fn error(field: Field, message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            outcome: None,
            field,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(field: Field, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(field, message)
        }
    }

    fn at(mut self, outcome: usize) -> Problem {
        self.outcome = Some(outcome);
        self
    }
}

impl fmt::Display for Problem {
    /// "Row 4, outcome 2, Events: 25 is more than N = 20."
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "Row {row}, ")?;
        }
        if let Some(outcome) = self.outcome {
            write!(f, "outcome {}, ", outcome + 1)?;
        }
        write!(f, "{}: {}", self.field.label(), self.message)
    }
}

/// "Read as 2 × 10⁶ cells/kg" for a dose the parser reads, else its error.
pub fn dose_echo(text: &str) -> Result<String, String> {
    parse_dose_per_kg(text)
        .map(|dose| {
            format!(
                "Read as {} cells/kg",
                crate::domain::format::scientific(dose)
            )
        })
        .map_err(|error| error.to_string())
}

/// Every problem of `entry`, errors and warnings, in field order.
pub fn validate(entry: &Entry) -> Vec<Problem> {
    let mut problems = Vec::new();
    if entry.label.trim().is_empty() {
        problems.push(Problem::error(Field::Label, "give the entry a label."));
    }
    for (field, text) in [
        (Field::Label, Some(&entry.label)),
        (Field::Notes, entry.notes.as_ref()),
    ] {
        if let Some(why) = text.and_then(|t| identifier_warning(t)) {
            problems.push(Problem::warning(field, why));
        }
    }
    if entry.indication.is_none() {
        problems.push(Problem::error(
            Field::Indication,
            "choose the indication (the clinical question of the cohort).",
        ));
    }
    if let Some(Err(error)) = entry.dose.as_deref().map(parse_dose_per_kg) {
        problems.push(Problem::error(Field::Dose, error.to_string()));
    }
    if entry.infusions == Some(0) {
        problems.push(Problem::error(
            Field::Infusions,
            "must be at least 1 (leave it blank if not reported).",
        ));
    }
    if let Some(g) = entry.grade {
        if !(1..=4).contains(&g.low) || !(g.low..=4).contains(&g.high) {
            problems.push(Problem::error(
                Field::Grade,
                "grades run from I to IV, the lower first.",
            ));
        }
    }
    if entry.n == Some(0) {
        problems.push(Problem::error(
            Field::N,
            "must be at least 1 (leave it blank if not reported).",
        ));
    }
    if entry.outcomes.is_empty() {
        problems.push(Problem::error(Field::Measure, "add at least one outcome."));
    }
    for (index, outcome) in entry.outcomes.iter().enumerate() {
        problems.extend(
            check_outcome(entry, outcome)
                .into_iter()
                .map(|p| p.at(index)),
        );
        let twin = entry.outcomes[..index]
            .iter()
            .any(|o| (o.measure, o.arm, o.time) == (outcome.measure, outcome.arm, outcome.time));
        if twin {
            problems.push(
                Problem::warning(
                    Field::Measure,
                    "the same outcome, arm and time point is entered twice.",
                )
                .at(index),
            );
        }
    }
    problems.extend(quality_warnings(entry));
    problems
}

/// The dataset's data-quality rules that apply to a user's entry, as warnings.
fn quality_warnings(entry: &Entry) -> Vec<Problem> {
    let study = crate::domain::mine::rows::entry_study(entry, 0);
    crate::domain::quality::check_study(&study, &[])
        .into_iter()
        .filter_map(|flag| {
            let problem = match flag.rule {
                Rule::ImplausibleDose => Problem::warning(Field::Dose, flag.message),
                Rule::CountsDoNotAddUp => Problem::warning(Field::Events, flag.message),
                _ => return None,
            };
            Some(problem)
        })
        .collect()
}

fn check_outcome(entry: &Entry, outcome: &EntryOutcome) -> Vec<Problem> {
    let mut problems = Vec::new();
    let measure = outcome.measure;
    if !is_countable(measure) {
        problems.push(Problem::error(
            Field::Measure,
            format!(
                "{} is not a count of patients; this form takes events / N.",
                measure.label()
            ),
        ));
    }
    if outcome.n == Some(0) {
        problems.push(Problem::error(
            Field::OutcomeN,
            "must be at least 1 (leave it blank to use the entry's N).",
        ));
    }
    let n = outcome.denominator(entry).filter(|n| *n > 0);
    if outcome.events.is_none() && outcome.percent.is_none() {
        problems.push(Problem::error(
            Field::Events,
            "enter the number of patients with the outcome, or a percentage.",
        ));
    }
    if n.is_none() && entry.n != Some(0) && outcome.n != Some(0) {
        let why = match outcome.arm {
            crate::domain::data::Arm::Msc => {
                "enter the number of patients (here or the entry's N)."
            }
            _ => "enter the number of patients of this arm (the entry's N counts the MSC arm).",
        };
        problems.push(Problem::error(Field::OutcomeN, why));
    }
    if let (Some(events), Some(n)) = (outcome.events, n) {
        if events > n {
            problems.push(Problem::error(
                Field::Events,
                format!("{events} is more than N = {n}."),
            ));
        }
    }
    if let (Some(outcome_n), Some(entry_n)) = (outcome.n, entry.n) {
        if outcome.arm == crate::domain::data::Arm::Msc && outcome_n > entry_n {
            problems.push(Problem::warning(
                Field::OutcomeN,
                format!("{outcome_n} is more than the entry's N = {entry_n}."),
            ));
        }
    }
    if let Some(text) = &outcome.percent {
        problems.extend(check_percent(text, outcome.events, n));
    }
    problems
}

/// A percentage: readable, within 0..=100, agreeing with the events if given, else
/// giving exactly one whole number of events out of `n`.
fn check_percent(text: &str, events: Option<u32>, n: Option<u32>) -> Option<Problem> {
    let error = |message: String| Some(Problem::error(Field::Percent, message));
    let (value, decimals) = match percent(text) {
        Ok(read) => read,
        Err(message) => return error(message),
    };
    if value > 100.0 {
        return error(format!("{text}% is more than 100%."));
    }
    let n = n?;
    let fits = fitting_events(value, decimals, n);
    match (events, fits) {
        (Some(events), Some((first, last))) if (first..=last).contains(&events) => None,
        (Some(events), _) => error(format!(
            "{events} of {n} is {:.*}%, not {text}%.",
            decimals as usize,
            100.0 * f64::from(events) / f64::from(n)
        )),
        (None, None) => error(format!(
            "no whole number of {n} patients gives {text}%: check the percentage and N, or enter the events."
        )),
        (None, Some((first, last))) if first != last => error(format!(
            "{text}% of {n} could be any of {first}–{last} patients: enter the events."
        )),
        (None, Some(_)) => None,
    }
}

/// The events a percentage stands for, when exactly one whole number fits.
pub fn events_from_percent(text: &str, n: u32) -> Option<u32> {
    let (value, decimals) = percent(text).ok()?;
    match fitting_events(value, decimals, n)? {
        (first, last) if first == last && value <= 100.0 => Some(first),
        _ => None,
    }
}

/// Whether `entry` has no errors (warnings allowed).
pub fn is_valid(entry: &Entry) -> bool {
    validate(entry)
        .iter()
        .all(|p| p.severity != Severity::Error)
}
