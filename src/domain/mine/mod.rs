//! "My data": a centre's own cohorts beside the literature (issue 15), pure. The schema
//! ([`Entry`], [`MyData`]), validation with messages naming the field and row
//! ([`validate`]), the spreadsheet paste and CSV/JSON import with a preview
//! ([`table`]), CSV/JSON export, the stored envelope with its version and migrations
//! ([`store`]), the share-link codec ([`link`]) and the rows Compare uses ([`rows`]).
//! Blank is "not reported" (`None`), never 0. Nothing here panics on any input.

pub mod csv;
pub mod link;
pub mod rows;
pub mod store;
pub mod table;
pub mod text;
pub mod validate;

use serde::{Deserialize, Serialize};

use crate::domain::data::{AgeGroup, Arm, Indication, Measure, Tissue};

pub use store::{MyData, StoreError, FORMAT, VERSION};
pub use validate::{validate, Problem, Severity};

/// One cohort of the user's: its description and one or more outcomes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What the user calls it ("Our centre 2019–2023"); required.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indication: Option<Indication>,
    /// The tissue the MSCs came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tissue: Option<Tissue>,
    /// The dose as typed (cells/kg in any usual notation; `quantity::parse_dose_per_kg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<String>,
    /// Number of infusions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infusions: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// aGVHD grade band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeRange>,
    /// Patients in the cohort (the MSC arm's denominator when an outcome has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(default)]
    pub outcomes: Vec<EntryOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One outcome of an entry: events out of N, or a percentage of N.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryOutcome {
    pub measure: Measure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<u32>,
    /// Denominator of this outcome; blank = the entry's N (MSC arm only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// A percentage as typed ("56.6"): its decimals decide which counts fit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<String>,
    #[serde(default)]
    pub arm: Arm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimePoint>,
}

impl EntryOutcome {
    /// An outcome of `measure` with nothing else reported.
    pub fn new(measure: Measure) -> Self {
        EntryOutcome {
            measure,
            events: None,
            n: None,
            percent: None,
            arm: Arm::Msc,
            time: None,
        }
    }

    /// The denominator: the outcome's own N, else the entry's N for the MSC arm.
    pub fn denominator(&self, entry: &Entry) -> Option<u32> {
        self.n.or(entry.n.filter(|_| self.arm == Arm::Msc))
    }
}

/// An aGVHD grade band, 1–4 (`low == high` for one grade).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRange {
    pub low: u8,
    pub high: u8,
}

impl GradeRange {
    /// "II–IV", "III".
    pub fn text(self) -> String {
        let roman = crate::domain::format::roman;
        if self.low == self.high {
            roman(self.low)
        } else {
            format!("{}–{}", roman(self.low), roman(self.high))
        }
    }
}

crate::keyed_enum! {
    /// Units of a time point.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TimeUnit {
        Days = ("days", "days"),
        Weeks = ("weeks", "weeks"),
        Months = ("months", "months"),
        Years = ("years", "years"),
    }
}

/// When an outcome was assessed: a whole number of days, weeks, months or years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimePoint {
    pub amount: u32,
    pub unit: TimeUnit,
}

impl TimePoint {
    /// The time point in months (a year is 12 months, a month 365.25 / 12 days).
    pub fn months(self) -> f64 {
        let amount = f64::from(self.amount);
        match self.unit {
            TimeUnit::Days => amount * 12.0 / 365.25,
            TimeUnit::Weeks => amount * 7.0 * 12.0 / 365.25,
            TimeUnit::Months => amount,
            TimeUnit::Years => amount * 12.0,
        }
    }

    /// "100 days", "1 year".
    pub fn text(self) -> String {
        let unit = self.unit.label();
        match self.amount {
            1 => format!("1 {}", unit.trim_end_matches('s')),
            n => format!("{n} {unit}"),
        }
    }
}

crate::keyed_enum! {
    /// The fields of an entry, as columns of a paste or CSV (keys are the CSV headers the
    /// export writes) and as the place a [`Problem`] points at.
    pub enum Field {
        Entry = ("entry", "Entry"),
        Label = ("label", "Label"),
        Indication = ("indication", "Indication"),
        Source = ("source", "MSC source"),
        Dose = ("dose", "Dose (cells/kg)"),
        Infusions = ("infusions", "Infusions"),
        AgeGroup = ("age_group", "Age group"),
        Grade = ("grade", "aGVHD grade"),
        N = ("n", "N"),
        Measure = ("measure", "Outcome"),
        Events = ("events", "Events"),
        OutcomeN = ("outcome_n", "Outcome N"),
        Percent = ("percent", "Percentage"),
        Arm = ("arm", "Arm"),
        Time = ("time", "Time point"),
        Notes = ("notes", "Notes"),
    }
}

impl Field {
    /// Fields that describe the cohort (the same on every row of one entry).
    pub fn is_cohort(self) -> bool {
        !matches!(
            self,
            Field::Entry
                | Field::Measure
                | Field::Events
                | Field::OutcomeN
                | Field::Percent
                | Field::Arm
                | Field::Time
        )
    }
}

impl Entry {
    /// The entry with text trimmed and blank text as "not reported"; imports apply it.
    /// A percentage loses its `%` as the table reader drops it ("56.6 %" is "56.6"), so
    /// an entry imported from JSON reads back the same from its CSV export.
    pub fn tidied(mut self) -> Entry {
        let tidy =
            |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        self.label = self.label.trim().to_string();
        self.dose = tidy(self.dose);
        self.notes = tidy(self.notes);
        for outcome in &mut self.outcomes {
            let percent = outcome.percent.take();
            outcome.percent = tidy(percent.map(|p| p.trim().trim_end_matches('%').to_string()));
        }
        self
    }
}

#[cfg(test)]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests_io;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests_props;
