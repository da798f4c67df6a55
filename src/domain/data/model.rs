//! Unknown fields are rejected natively (`cargo test` reads the very files the app embeds)
//! but not in the WASM, where the check cost 6.5 KB gzip; data a user adds in the browser
//! must be checked for unknown fields by its import code.
//!
//! The typed dataset: studies, outcomes, doses and their provenance, as read from
//! `data/*.json` (schema documented field by field in `docs/DATASET.md`). Values are kept
//! as printed in the review; everything derived lives in `core` and is marked as such.

use serde::{Deserialize, Serialize};

mod outcome;
pub use outcome::*;

/// `data/studies.json`: the versioned dataset of studies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Dataset {
    /// Dataset version, e.g. `2023.1`; shown in the footer and pinned in shared links.
    pub version: String,
    /// What changed in each version, newest last.
    pub changelog: Vec<ChangelogEntry>,
    /// The review's tables: title, column headers and footnote as printed.
    pub tables: Vec<TableInfo>,
    /// Every study (cohort) the review reports with numbers.
    pub studies: Vec<Study>,
}

/// One version of the dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct ChangelogEntry {
    pub version: String,
    pub date: String,
    pub text: String,
}

/// A table of the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct TableInfo {
    pub number: u8,
    pub title: String,
    /// Column headers as printed.
    pub columns: Vec<String>,
    /// The abbreviation footnote as printed (Table 3 has none).
    pub footnote: Option<String>,
}

/// One cohort reported by the review: a table row, a study described in the text, or both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Study {
    /// Stable identifier: `r` + reference number, with a suffix when one reference
    /// reports two cohorts (`r66-agvhd`, `r66-cgvhd`); `bg-…` for background rates.
    pub id: String,
    /// Reference numbers in the review's list.
    pub refs: Vec<u16>,
    pub indication: Indication,
    pub design: Design,
    /// Where the study is reported: table rows and/or text paragraphs (first is primary).
    pub provenance: Vec<Provenance>,
    /// The table row's cells exactly as printed, when the study is a table row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<Vec<String>>,
    /// The review's words describing the cohort, for studies from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
    /// Number of patients as printed (total of the study).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// Arm sizes for comparative studies, where printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arms: Option<Arms>,
    /// Number of studies pooled, for meta-analyses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub studies_pooled: Option<u32>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diseases: Vec<Disease>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    /// Age group stated in words ("children") when no ages are printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<Dose>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infusions: Option<Infusions>,
    /// Timing of the (first) infusion as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<String>,
    /// Patients per timing group, where the timing cell splits the cohort.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timing_groups: Vec<CountedLabel>,
    pub outcomes: Vec<Outcome>,
    /// Hand-written remarks on the source (each also backed by a rule where one exists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Where a value is printed in the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Provenance {
    /// Table number and row (1-based, in printed order).
    Table { table: u8, row: u8 },
    /// Section heading as printed and paragraph number within it (1-based; a paragraph
    /// broken by a page or a table counts once).
    Text { section: String, paragraph: u8 },
}

impl Provenance {
    /// "Table 2, row 5" or "§ Treatment of aGVHD, paragraph 2".
    pub fn describe(&self) -> String {
        match self {
            Provenance::Table { table, row } => format!("Table {table}, row {row}"),
            Provenance::Text { section, paragraph } => {
                format!("§ {section}, paragraph {paragraph}")
            }
        }
    }

    /// The table number, if this is a table row.
    pub fn table(&self) -> Option<u8> {
        match self {
            Provenance::Table { table, .. } => Some(*table),
            Provenance::Text { .. } => None,
        }
    }
}

/// The clinical question a study belongs to, in the review's order of sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indication {
    Engraftment,
    GvhdPrevention,
    AgvhdTreatment,
    CgvhdTreatment,
    Complications,
    Relapse,
    Dsc,
    Background,
}

impl Indication {
    pub const ALL: [Indication; 8] = [
        Indication::Engraftment,
        Indication::GvhdPrevention,
        Indication::AgvhdTreatment,
        Indication::CgvhdTreatment,
        Indication::Complications,
        Indication::Relapse,
        Indication::Dsc,
        Indication::Background,
    ];

    /// Heading used in the app.
    pub fn label(self) -> &'static str {
        match self {
            Indication::Engraftment => "Engraftment and hematopoietic reconstitution",
            Indication::GvhdPrevention => "Prevention of GVHD",
            Indication::AgvhdTreatment => "Treatment of aGVHD",
            Indication::CgvhdTreatment => "Treatment of cGVHD",
            Indication::Complications => "Transplant-related complications",
            Indication::Relapse => "Relapse after HSCT",
            Indication::Dsc => "Decidual stromal cells (DSCs)",
            Indication::Background => "Background rates without MSCs",
        }
    }

    /// The identifier used in JSON, CSV and links.
    pub fn key(self) -> &'static str {
        match self {
            Indication::Engraftment => "engraftment",
            Indication::GvhdPrevention => "gvhd_prevention",
            Indication::AgvhdTreatment => "agvhd_treatment",
            Indication::CgvhdTreatment => "cgvhd_treatment",
            Indication::Complications => "complications",
            Indication::Relapse => "relapse",
            Indication::Dsc => "dsc",
            Indication::Background => "background",
        }
    }
}

/// Study design as the review describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    Randomized,
    /// Compared with a non-MSC group, randomization not stated.
    Controlled,
    SingleArm,
    CaseReport,
    CaseSeries,
    MetaAnalysis,
    Review,
    NotStated,
}

impl Design {
    pub fn label(self) -> &'static str {
        match self {
            Design::Randomized => "randomized",
            Design::Controlled => "controlled (randomization not stated)",
            Design::SingleArm => "single arm",
            Design::CaseReport => "case report",
            Design::CaseSeries => "case series",
            Design::MetaAnalysis => "meta-analysis",
            Design::Review => "review",
            Design::NotStated => "not stated",
        }
    }
}

/// Arm sizes of a comparative study.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Arms {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msc: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<u32>,
    pub raw: String,
}

/// Tissue the cells came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tissue {
    BoneMarrow,
    Adipose,
    UmbilicalCord,
    CordBlood,
    Placenta,
    Decidua,
    /// The review says only "MSCs".
    Unspecified,
    /// Background rates: no cells given.
    None,
}

impl Tissue {
    /// Every value, in the order lists show them.
    pub const ALL: [Tissue; 8] = [
        Tissue::BoneMarrow,
        Tissue::Adipose,
        Tissue::UmbilicalCord,
        Tissue::CordBlood,
        Tissue::Placenta,
        Tissue::Decidua,
        Tissue::Unspecified,
        Tissue::None,
    ];

    /// The value's key in share links: written out, never derived from the label, so
    /// rewording a label keeps every shared link working.
    pub fn link_key(self) -> &'static str {
        match self {
            Tissue::BoneMarrow => "bone-marrow",
            Tissue::Adipose => "adipose-tissue",
            Tissue::UmbilicalCord => "umbilical-cord",
            Tissue::CordBlood => "cord-blood",
            Tissue::Placenta => "placenta",
            Tissue::Decidua => "decidua-placenta",
            Tissue::Unspecified => "not-specified",
            Tissue::None => "no-MSCs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tissue::BoneMarrow => "bone marrow",
            Tissue::Adipose => "adipose tissue",
            Tissue::UmbilicalCord => "umbilical cord",
            Tissue::CordBlood => "cord blood",
            Tissue::Placenta => "placenta",
            Tissue::Decidua => "decidua (placenta)",
            Tissue::Unspecified => "not specified",
            Tissue::None => "no MSCs",
        }
    }
}

/// Source of the cells, parsed and as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Source {
    pub tissues: Vec<Tissue>,
    pub raw: String,
}

impl Source {
    /// The tissues' names joined by `separator` ("bone marrow and adipose tissue").
    pub fn describe(&self, separator: &str) -> String {
        self.tissues
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(separator)
    }
}

impl Study {
    /// Where `outcome` is printed: its own source, else the study's first provenance.
    pub fn where_printed(&self, outcome: &Outcome) -> String {
        outcome
            .source
            .as_ref()
            .or_else(|| self.provenance.first())
            .map(Provenance::describe)
            .unwrap_or_default()
    }
}

/// A diagnosis with its number of patients where printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Disease {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// A label with a number of patients (age band, timing group).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct CountedLabel {
    pub label: String,
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// Patients' age in years: median [range], bands, or individual ages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Age {
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<CountedLabel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<f64>,
}

/// Paediatric, adult or mixed population.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    Paediatric,
    Adult,
    Mixed,
    Unknown,
}

impl AgeGroup {
    /// Every value, in the order lists show them.
    pub const ALL: [AgeGroup; 4] = [
        AgeGroup::Paediatric,
        AgeGroup::Adult,
        AgeGroup::Mixed,
        AgeGroup::Unknown,
    ];

    /// The value's key in share links: written out, never derived from the label, so
    /// rewording a label keeps every shared link working.
    pub fn link_key(self) -> &'static str {
        match self {
            AgeGroup::Paediatric => "paediatric",
            AgeGroup::Adult => "adult",
            AgeGroup::Mixed => "mixed",
            AgeGroup::Unknown => "not-reported",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::Paediatric => "paediatric",
            AgeGroup::Adult => "adult",
            AgeGroup::Mixed => "mixed",
            AgeGroup::Unknown => "not reported",
        }
    }
}

/// aGVHD grade band (1–4) or per-patient grades.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Grade {
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per_patient: Vec<u8>,
}

/// Whether a dose is per kilogram of body weight or a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseBasis {
    PerKg,
    Total,
    NotReported,
}

/// What the printed dose figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseStat {
    Median,
    /// One dose for everyone.
    Point,
    /// A range without a central value.
    Range,
    /// Several dose groups with their sizes.
    Groups,
}

/// A cell dose, parsed to cells (per kg unless `basis` says total).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Dose {
    pub raw: String,
    pub basis: DoseBasis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stat: Option<DoseStat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<DoseGroup>,
}

/// One dose group: cells (per kg) and number of patients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct DoseGroup {
    pub value: f64,
    pub count: u32,
}

/// Number of infusions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Infusions {
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u32>,
}

/// One entry of the review's reference list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Reference {
    pub number: u16,
    /// The reference as printed.
    pub text: String,
}

impl Reference {
    /// The first author's family name: "Le Blanc K, Frassoni F, …" -> "Le Blanc".
    pub fn first_author(&self) -> &str {
        let first = self.text.split(',').next().unwrap_or_default().trim();
        let first = first.split('.').next().unwrap_or(first).trim();
        match first.rsplit_once(' ') {
            Some((family, initials))
                if !initials.is_empty() && initials.chars().all(|c| c.is_uppercase()) =>
            {
                family
            }
            _ => first,
        }
    }

    /// The publication year: the first "YYYY;" (journal style), else the first plausible
    /// four-digit year.
    pub fn year(&self) -> Option<u16> {
        let bytes = self.text.as_bytes();
        let year_at = |i: usize| -> Option<u16> {
            let digits = bytes.get(i..i + 4)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            if i > 0 && bytes[i - 1].is_ascii_digit() {
                return None;
            }
            if bytes.get(i + 4).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            let year: u16 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            (1900..=2100).contains(&year).then_some(year)
        };
        let journal_style =
            (0..bytes.len()).find_map(|i| year_at(i).filter(|_| bytes.get(i + 4) == Some(&b';')));
        journal_style.or_else(|| (0..bytes.len()).find_map(year_at))
    }

    /// The title: the first sentence after the authors with at least three words.
    pub fn title(&self) -> &str {
        self.text
            .split(". ")
            .skip(1)
            .find(|part| part.split_whitespace().count() >= 3)
            .unwrap_or(&self.text)
    }

    /// A PubMed search for the title and first author: a link the user follows; the app
    /// itself never contacts PubMed.
    pub fn pubmed_search_url(&self) -> String {
        format!(
            "https://pubmed.ncbi.nlm.nih.gov/?term={}",
            crate::domain::encode::percent_encode_query(&format!(
                "{} {}",
                self.title(),
                self.first_author()
            ))
        )
    }

    /// "Le Blanc et al., 2008" style label.
    pub fn short_label(&self) -> String {
        let multiple = self
            .text
            .split('.')
            .next()
            .unwrap_or_default()
            .contains(',');
        let author = self.first_author();
        let who = if multiple {
            format!("{author} et al.")
        } else {
            author.to_string()
        };
        match self.year() {
            Some(year) => format!("{who}, {year}"),
            None => who,
        }
    }
}

/// An abbreviation and where the review defines it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Abbreviation {
    pub abbr: String,
    pub meaning: String,
    /// Where the review defines it ("Abbreviations list; Table 1 footnote", a section, or
    /// that it is not defined).
    pub source: String,
    /// True when the review uses it without defining it and the meaning is ours.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub supplied: bool,
}
