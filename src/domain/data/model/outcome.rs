//! One reported outcome value and its vocabulary: the arm it describes, the measure, the unit
//! and what kind of estimate it is.

use serde::{Deserialize, Serialize};

use super::Provenance;

/// Which group a value describes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    /// Patients given MSCs (or DSCs).
    #[default]
    Msc,
    /// The study's comparison group without MSCs.
    Control,
    /// A background population (no study arm).
    Reference,
}

impl Arm {
    /// Every value, in the order lists show them.
    pub const ALL: [Arm; 3] = [Arm::Msc, Arm::Control, Arm::Reference];

    /// The value's key in share links: written out, never derived from the label, so
    /// rewording a label keeps every shared link working.
    pub fn link_key(self) -> &'static str {
        match self {
            Arm::Msc => "MSC",
            Arm::Control => "control",
            Arm::Reference => "reference",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Arm::Msc => "MSC",
            Arm::Control => "control",
            Arm::Reference => "reference",
        }
    }
}

/// The outcome measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Agvhd,
    #[serde(rename = "agvhd_2_4")]
    Agvhd2to4,
    #[serde(rename = "agvhd_3_4")]
    Agvhd3to4,
    Cgvhd,
    CgvhdExtensive,
    CgvhdModerateSevere,
    Relapse,
    GraftRejection,
    Mortality,
    Os,
    Pfs,
    Dfs,
    Survival,
    SurvivalResponders,
    MeanSurvival,
    MedianSurvival,
    Cr,
    Pr,
    Mr,
    Nc,
    MinorPr,
    ShortPr,
    PrOrMr,
    NoResponse,
    Or,
    DurableCr,
    CrDuration,
    EngraftmentAchieved,
    NeutrophilEngraftmentDays,
    PlateletEngraftmentDays,
    #[serde(rename = "platelet_50_days")]
    Platelet50Days,
    AdverseReactions,
    Resolved,
    HematuriaClearanceDays,
    Hemoglobin,
    Reticulocytes,
    Karnofsky,
}

impl Measure {
    /// The value's key in share links: written out, never derived from the label, so
    /// rewording a label keeps every shared link working.
    pub fn link_key(self) -> &'static str {
        match self {
            Measure::Agvhd => "agvhd-any-grade",
            Measure::Agvhd2to4 => "agvhd-grade-ii-iv",
            Measure::Agvhd3to4 => "agvhd-grade-iii-iv",
            Measure::Cgvhd => "cgvhd",
            Measure::CgvhdExtensive => "extensive-cgvhd",
            Measure::CgvhdModerateSevere => "moderate-to-severe-cgvhd",
            Measure::Relapse => "relapse",
            Measure::GraftRejection => "graft-rejection",
            Measure::Mortality => "death",
            Measure::Os => "overall-survival",
            Measure::Pfs => "progression-free-survival",
            Measure::Dfs => "disease-free-survival",
            Measure::Survival => "survival",
            Measure::SurvivalResponders => "survival-of-responders",
            Measure::MeanSurvival => "mean-survival-time",
            Measure::MedianSurvival => "median-survival",
            Measure::Cr => "complete-response",
            Measure::Pr => "partial-response",
            Measure::Mr => "mixed-response",
            Measure::Nc => "no-change",
            Measure::MinorPr => "minor-partial-response",
            Measure::ShortPr => "short-partial-response",
            Measure::PrOrMr => "partial-or-mixed-response",
            Measure::NoResponse => "no-response",
            Measure::Or => "overall-response",
            Measure::DurableCr => "durable-complete-response",
            Measure::CrDuration => "duration-of-complete-response",
            Measure::EngraftmentAchieved => "engraftment-achieved",
            Measure::NeutrophilEngraftmentDays => "days-to-neutrophil-engraftment",
            Measure::PlateletEngraftmentDays => "days-to-platelet-engraftment",
            Measure::Platelet50Days => "days-to-platelets-50-10-l",
            Measure::AdverseReactions => "infusion-reactions-side-effects",
            Measure::Resolved => "complication-resolved",
            Measure::HematuriaClearanceDays => "days-to-clearance-of-hematuria",
            Measure::Hemoglobin => "hemoglobin",
            Measure::Reticulocytes => "reticulocytes",
            Measure::Karnofsky => "karnofsky-score",
        }
    }

    /// A short name for tables and filters.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Agvhd => "aGVHD (any grade)",
            Measure::Agvhd2to4 => "aGVHD grade II–IV",
            Measure::Agvhd3to4 => "aGVHD grade III–IV",
            Measure::Cgvhd => "cGVHD",
            Measure::CgvhdExtensive => "extensive cGVHD",
            Measure::CgvhdModerateSevere => "moderate to severe cGVHD",
            Measure::Relapse => "relapse",
            Measure::GraftRejection => "graft rejection",
            Measure::Mortality => "death",
            Measure::Os => "overall survival",
            Measure::Pfs => "progression-free survival",
            Measure::Dfs => "disease-free survival",
            Measure::Survival => "survival",
            Measure::SurvivalResponders => "survival of responders",
            Measure::MeanSurvival => "mean survival time",
            Measure::MedianSurvival => "median survival",
            Measure::Cr => "complete response",
            Measure::Pr => "partial response",
            Measure::Mr => "mixed response",
            Measure::Nc => "no change",
            Measure::MinorPr => "minor partial response",
            Measure::ShortPr => "short partial response",
            Measure::PrOrMr => "partial or mixed response",
            Measure::NoResponse => "no response",
            Measure::Or => "overall response",
            Measure::DurableCr => "durable complete response",
            Measure::CrDuration => "duration of complete response",
            Measure::EngraftmentAchieved => "engraftment achieved",
            Measure::NeutrophilEngraftmentDays => "days to neutrophil engraftment",
            Measure::PlateletEngraftmentDays => "days to platelet engraftment",
            Measure::Platelet50Days => "days to platelets > 50 × 10⁹/L",
            Measure::AdverseReactions => "infusion reactions / side effects",
            Measure::Resolved => "complication resolved",
            Measure::HematuriaClearanceDays => "days to clearance of hematuria",
            Measure::Hemoglobin => "hemoglobin",
            Measure::Reticulocytes => "reticulocytes",
            Measure::Karnofsky => "Karnofsky score",
        }
    }

    /// Response categories whose patient counts partition a cohort.
    pub fn is_response_category(self) -> bool {
        matches!(
            self,
            Measure::Cr
                | Measure::Pr
                | Measure::Mr
                | Measure::Nc
                | Measure::MinorPr
                | Measure::ShortPr
                | Measure::PrOrMr
                | Measure::NoResponse
        )
    }

    /// Measures whose natural unit is days.
    pub fn is_in_days(self) -> bool {
        matches!(
            self,
            Measure::NeutrophilEngraftmentDays
                | Measure::PlateletEngraftmentDays
                | Measure::Platelet50Days
                | Measure::HematuriaClearanceDays
        )
    }
}

/// Unit of an outcome value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Patients,
    Days,
    Weeks,
    Months,
    GPerL,
    /// "reduce … by 3 times".
    FoldReduction,
    /// No unit printed.
    Unspecified,
}

impl Unit {
    /// Suffix used after a value ("%", " patients", …).
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Patients => " patients",
            Unit::Days => " days",
            Unit::Weeks => " weeks",
            Unit::Months => " months",
            Unit::GPerL => " g/L",
            Unit::FoldReduction => "-fold reduction",
            Unit::Unspecified => " (no unit printed)",
        }
    }
}

/// What kind of estimate a value is; only crude proportions are k/N.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimate {
    /// A crude proportion or count: events out of patients.
    #[default]
    Crude,
    /// Kaplan-Meier survival or cumulative incidence at a time point: not k/N.
    TimeToEvent,
    Median,
    Mean,
    /// A pooled (weighted) estimate of a meta-analysis.
    Pooled,
    Ratio,
    /// An approximate range ("approximately 30–70%").
    Range,
    /// One patient's value.
    Individual,
    Unspecified,
}

/// One reported outcome value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Outcome {
    pub measure: Measure,
    /// The outcome's name as printed (or closely following the printed words).
    pub label: String,
    /// The value as printed; `null` when only a range is printed.
    pub value: Option<f64>,
    pub unit: Unit,
    #[serde(default)]
    pub arm: Arm,
    /// Time point in months, when printed ("1 year" = 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<f64>,
    /// Time point in days, when printed in days ("100 day survival").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    /// Denominator printed with this value, when it differs from the arm's size or the
    /// arm's size is not printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// Percentage printed beside a count ("56 (56.6%)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Range printed with the value (patients' range, or an approximate range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// "<" when the review prints "less than".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The ± figure printed after the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<f64>,
    /// The p-value as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    #[serde(default)]
    pub estimate: Estimate,
    /// Subgroup the value belongs to (organ, diagnosis, grade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    /// "before" / "after" treatment, for laboratory values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timepoint: Option<String>,
    /// How a value that is not printed as a figure was read (e.g. counted from sentences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where this value is printed, when not the study's primary provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    /// The exact printed text the value was read from.
    pub raw: String,
}
