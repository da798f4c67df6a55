//! The view state of the Compare and Charts pages: every choice (outcome, CI method,
//! pooling options, filters, sort, columns, subgroups, leave-one-out, selected studies,
//! chart) as one typed value, the options the dataset offers, and its share link. Both
//! pages read and write the same parameters, so moving between the table and a chart keeps
//! the analysis. Parsing never fails: unknown or malformed parameters are ignored and
//! named in notices; printing leaves out defaults.

use std::sync::Arc;

use crate::domain::data::{AgeGroup, Arm, Evidence, Indication, Measure, Tissue};
use crate::domain::derive::age_group;
use crate::domain::evidence::{grade_text, DoseBand, Filters, Row, SortKey};
use crate::domain::stats::pool::{PoolError, PoolOptions, Pooled, Subgroups};
use crate::domain::stats::proportion::CiMethod;

/// Rows per page of the table: the DOM stays bounded whatever the number of studies.
pub const PAGE_SIZE: usize = 50;
/// The most studies the side-by-side view compares.
pub const MAX_SELECTED: usize = 4;

crate::keyed_enum! {
    /// A column that can be hidden (study and estimate are always shown).
    pub enum Column {
        Source = ("source", "Source"),
        Age = ("age", "Age group"),
        Dose = ("dose", "Dose (cells/kg)"),
        Grade = ("grade", "Grade"),
        N = ("n", "N"),
        Arm = ("arm", "Arm"),
        Printed = ("printed", "As printed"),
        Basis = ("basis", "Basis"),
    }
}

impl Column {
    /// The sort key of the column.
    pub fn sort_key(self) -> SortKey {
        match self {
            Column::Source => SortKey::Source,
            Column::Age => SortKey::Age,
            Column::Dose => SortKey::Dose,
            Column::Grade => SortKey::Grade,
            Column::N => SortKey::N,
            Column::Arm => SortKey::Arm,
            Column::Printed => SortKey::Printed,
            Column::Basis => SortKey::Basis,
        }
    }
}

crate::keyed_enum! {
    /// How pooled subgroups are formed.
    #[derive(Default)]
    pub enum Grouping {
        #[default]
        None = ("none", "No subgroups"),
        Source = ("source", "MSC source"),
        Indication = ("indication", "Indication"),
        DoseBand = ("dose", "Dose band"),
        Age = ("age", "Age group"),
    }
}

impl Grouping {
    /// The subgroup of a row (None: the row has no value for the grouping).
    pub fn of(self, row: &Row) -> Option<String> {
        match self {
            Grouping::None => None,
            Grouping::Source => Some(
                row.tissues
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(" + "),
            ),
            Grouping::Indication => Some(row.indication.label().into()),
            Grouping::DoseBand => row.dose_per_kg.map(|d| DoseBand::of(d).label().into()),
            Grouping::Age => Some(row.age_group.label().into()),
        }
    }
}

crate::keyed_enum! {
    /// The chart shown on the Charts page.
    #[derive(Default)]
    pub enum ChartKind {
        #[default]
        Forest = ("forest", "Forest plot"),
        DoseResponse = ("dose", "Dose-response"),
        Engraftment = ("engraftment", "Engraftment"),
    }
}

/// What the dataset offers to choose from.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    /// Measures with the number of rows that are events / N.
    pub measures: Vec<(Measure, usize)>,
    /// Per measure, the indication with the most studies (where the pages open it).
    pub main: Vec<(Measure, Option<Indication>)>,
    /// Per measure, its rows with Clopper-Pearson intervals (built once: choosing an
    /// outcome then only filters, sorts and pools).
    pub rows: Vec<(Measure, Arc<Vec<Row>>)>,
    pub indications: Vec<Indication>,
    pub tissues: Vec<Tissue>,
    pub grades: Vec<String>,
    pub ages: Vec<AgeGroup>,
    pub arms: Vec<Arm>,
    /// Every study id, sorted: ids from links and events are checked against it.
    pub study_ids: Vec<String>,
}

impl Choices {
    /// Whether `id` is a study of the dataset.
    pub fn has_study(&self, id: &str) -> bool {
        self.study_ids
            .binary_search_by(|known| known.as_str().cmp(id))
            .is_ok()
    }

    /// The indication where `measure` has the most studies (None: none, or all).
    pub fn main_indication(&self, measure: Measure) -> Option<Indication> {
        self.main
            .iter()
            .find(|(m, _)| *m == measure)
            .and_then(|(_, i)| *i)
    }
}

impl Choices {
    pub fn of(evidence: &Evidence) -> Choices {
        let studies = &evidence.dataset.studies;
        let mut indications: Vec<Indication> = studies.iter().map(|s| s.indication).collect();
        let mut tissues: Vec<Tissue> = studies
            .iter()
            .filter(|s| s.source.tissues.len() == 1)
            .map(|s| s.source.tissues[0])
            .collect();
        let mut grades: Vec<String> = studies.iter().filter_map(grade_text).collect();
        let mut ages: Vec<AgeGroup> = studies.iter().map(age_group).collect();
        let mut arms: Vec<Arm> = studies
            .iter()
            .flat_map(|s| s.outcomes.iter().map(|o| o.arm))
            .collect();
        use crate::domain::sort::sort_dedup;
        sort_dedup(&mut indications);
        sort_dedup(&mut tissues);
        sort_dedup(&mut grades);
        sort_dedup(&mut ages);
        sort_dedup(&mut arms);
        let mut study_ids: Vec<String> = studies.iter().map(|s| s.id.clone()).collect();
        sort_dedup(&mut study_ids);
        let measures = crate::domain::evidence::measure_choices(evidence);
        Choices {
            measures: measures.iter().map(|c| (c.measure, c.usable)).collect(),
            main: measures.iter().map(|c| (c.measure, c.main)).collect(),
            rows: measures
                .iter()
                .map(|c| (c.measure, c.rows.clone()))
                .collect(),
            indications,
            tissues,
            grades,
            ages,
            arms,
            study_ids,
        }
    }
}

/// Everything the Compare and Charts pages show, as chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub measure: Measure,
    pub ci: CiMethod,
    pub options: PoolOptions,
    pub filters: Filters,
    /// The minimum N as typed (the filter uses it only when it is a whole number).
    pub min_n: String,
    /// None: the review's order.
    pub sort: Option<SortKey>,
    pub descending: bool,
    pub hidden: Vec<Column>,
    pub group: Grouping,
    /// One table per indication, as in the review, instead of one across all.
    pub split: bool,
    pub leave_one_out: bool,
    /// Leave rows with data-quality flags out of the table and the pooling.
    pub exclude_flagged: bool,
    /// Study ids chosen for the side-by-side view, in the order chosen.
    pub selected: Vec<String>,
    pub chart: ChartKind,
    /// 0-based page of the table.
    pub page: usize,
    /// The indication was not chosen: it follows the outcome (its most-studied
    /// indication). Not in the link: a link names its indication.
    pub indication_follows: bool,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            measure: Measure::Or,
            ci: CiMethod::ClopperPearson,
            options: PoolOptions::default(),
            filters: Filters::default(),
            min_n: String::new(),
            sort: None,
            descending: false,
            hidden: Vec::new(),
            group: Grouping::None,
            split: false,
            leave_one_out: false,
            exclude_flagged: false,
            selected: Vec::new(),
            chart: ChartKind::Forest,
            page: 0,
            indication_follows: false,
        }
    }
}

impl Analysis {
    /// Where the pages open without a link: the default outcome in its most-studied
    /// indication, which then follows the outcome until an indication is chosen.
    /// ([`Analysis::default`], every indication, is what a link without `ind` means.)
    pub fn opening(choices: &Choices) -> Analysis {
        let mut a = Analysis {
            indication_follows: true,
            ..Analysis::default()
        };
        a.follow(choices);
        a
    }

    /// Sets the indication to the outcome's most-studied one when it follows the outcome
    /// (the engraftment chart pools nothing and shows every indication).
    pub fn follow(&mut self, choices: &Choices) {
        if self.indication_follows {
            self.filters.indication = match self.chart {
                ChartKind::Engraftment => None,
                _ => choices.main_indication(self.measure),
            };
        }
    }
}

impl Analysis {
    /// The minimum N as a number, or the message for what was typed.
    pub fn min_n_value(&self) -> Result<Option<u32>, String> {
        let text = self.min_n.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<u32>().map(Some).map_err(|_| {
            format!("“{text}” is not a whole number of patients: the N filter is off.")
        })
    }

    /// The rows to show, from every row of the measure: filtered and sorted.
    pub fn shown(&self, rows: &[Row]) -> Vec<Row> {
        let mut shown: Vec<Row> = rows
            .iter()
            .filter(|r| (!self.exclude_flagged || r.flags.is_empty()) && self.filters.keep(r))
            .cloned()
            .collect();
        if let Some(key) = self.sort {
            crate::domain::evidence::sort(&mut shown, key, self.descending);
        }
        shown
    }

    /// Whether a column is shown.
    pub fn shows(&self, column: Column) -> bool {
        !self.hidden.contains(&column)
    }
}

/// What the rows shown add up to: the pooled result, subgroups and leave-one-out.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The rows shown, filtered and sorted (every page).
    pub shown: Vec<Row>,
    /// Rows of the measure before filtering.
    pub total: usize,
    pub pooled: Result<Pooled, PoolError>,
    pub subgroups: Option<Subgroups>,
    /// Per pooled row (label), the pooled result without it.
    pub leave_one_out: Vec<(String, Result<Pooled, PoolError>)>,
    /// Said above the pooled result when the rows pooled span several indications or
    /// designs.
    pub mix: Option<String>,
    /// How many rows shown are not pooled, and why.
    pub left_out: Option<String>,
}

impl Analysis {
    /// Filters, sorts and pools `rows` (every row of the measure) as chosen.
    pub fn summarize(&self, rows: &[Row]) -> Summary {
        let shown = self.shown(rows);
        let pooled = crate::domain::evidence::pooled(&shown, self.options);
        let subgroups = (self.group != Grouping::None).then(|| {
            crate::domain::evidence::pooled_by(&shown, self.options, |r| self.group.of(r))
        });
        let leave_one_out = if self.leave_one_out && pooled.is_ok() {
            let labels = shown
                .iter()
                .filter(|r| !r.not_poolable && r.proportion.is_some())
                .map(|r| r.label.clone());
            labels
                .zip(crate::domain::stats::pool::leave_one_out(
                    &crate::domain::evidence::poolable(&shown),
                    self.options,
                ))
                .collect()
        } else {
            Vec::new()
        };
        Summary {
            total: rows.len(),
            mix: crate::domain::evidence::mix_notice(&shown),
            left_out: crate::domain::evidence::left_out_text(&shown),
            shown,
            pooled,
            subgroups,
            leave_one_out,
        }
    }

    /// The outcome and the filters in words, for titles: "overall response — Treatment of
    /// aGVHD, bone marrow".
    pub fn title(&self) -> String {
        let f = &self.filters;
        let mut parts: Vec<String> = Vec::new();
        if let Some(i) = f.indication {
            parts.push(i.label().into());
        }
        if let Some(t) = f.tissue {
            parts.push(format!("{} MSCs", t.label()));
        }
        if let Some(g) = &f.grade {
            parts.push(format!("grade {g}"));
        }
        if let Some(a) = f.age_group {
            parts.push(format!("age {}", a.label()));
        }
        if let Some(b) = f.dose_band {
            parts.push(b.label().into());
        }
        if let Some(n) = f.min_n {
            parts.push(format!("N ≥ {n}"));
        }
        if !f.disease.trim().is_empty() {
            parts.push(format!("disease “{}”", f.disease.trim()));
        }
        if !f.text.trim().is_empty() {
            parts.push(format!("matching “{}”", f.text.trim()));
        }
        if let Some(a) = f.arm {
            parts.push(format!("{} arm", a.label()));
        }
        if self.exclude_flagged {
            parts.push("without flagged rows".into());
        }
        let head = capitalise(self.measure.label());
        if parts.is_empty() {
            format!("{head} — all studies")
        } else {
            format!("{head} — {}", parts.join(", "))
        }
    }
}

/// `text` with its first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::evidence::rows;

    pub fn all_rows(a: &Analysis) -> Vec<Row> {
        rows(evidence().unwrap(), a.measure, a.ci)
    }

    /// The researcher's question: bone-marrow MSCs for steroid-refractory aGVHD.
    pub fn bm_agvhd() -> Analysis {
        let mut a = Analysis::default();
        a.filters.indication = Some(Indication::AgvhdTreatment);
        a.filters.tissue = Some(Tissue::BoneMarrow);
        a
    }

    #[test]
    fn the_researchers_question_is_answered_with_heterogeneity() {
        let mut a = bm_agvhd();
        a.leave_one_out = true;
        a.group = Grouping::Age;
        let s = a.summarize(&all_rows(&a));
        assert!(s.shown.iter().all(
            |r| r.indication == Indication::AgvhdTreatment && r.tissues == [Tissue::BoneMarrow]
        ));
        let p = s
            .pooled
            .as_ref()
            .expect("several BM studies report overall response");
        let poolable = crate::domain::evidence::poolable(&s.shown);
        assert_eq!(p.studies, poolable.len());
        assert!(p.studies >= 3);
        assert_eq!(s.leave_one_out.len(), p.studies);
        assert!(s.subgroups.as_ref().unwrap().groups.len() >= 2);
        assert!(a
            .title()
            .starts_with("Overall response — Treatment of aGVHD, bone marrow MSCs"));
    }
}
