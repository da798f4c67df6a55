//! What a pooled estimate covers: why a row is left out of pooling and how many were, whether
//! the rows pooled mix indications or study designs, and the indication where each outcome
//! has the most studies (where the analysis pages open it).

use super::{rows, Row};
use crate::domain::data::{Design, Evidence, Indication, Measure};
use crate::domain::sort::sort_dedup;
use crate::domain::stats::proportion::CiMethod;

/// Why a row shown is not pooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unpooled {
    /// A meta-analysis: pooling it with its own studies would count patients twice.
    MetaAnalysis,
    /// A background rate, not a study of MSCs.
    Background,
    /// Not events out of patients (time-to-event, no N, no denominator, …): the row's note
    /// says which.
    NotEventsN,
}

impl Unpooled {
    /// In the order the counts are listed.
    pub const ALL: [Unpooled; 3] = [
        Unpooled::MetaAnalysis,
        Unpooled::Background,
        Unpooled::NotEventsN,
    ];

    /// The reason in a word or two, singular and plural.
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Unpooled::MetaAnalysis => ("meta-analysis", "meta-analyses"),
            Unpooled::Background => ("background rate", "background rates"),
            Unpooled::NotEventsN => ("not events / N", "not events / N"),
        }
    }

    /// The short reason shown beside the row: "not pooled: meta-analysis".
    pub fn tag(self) -> String {
        format!("not pooled: {}", self.nouns().0)
    }
}

impl Row {
    /// Why the row is left out of pooling (None: it is pooled). The same rule as
    /// [`super::poolable`]: a proportion of a study that is neither a meta-analysis nor a
    /// background rate.
    pub fn unpooled(&self) -> Option<Unpooled> {
        if self.proportion.is_none() {
            Some(Unpooled::NotEventsN)
        } else if !self.not_poolable {
            None
        } else if self.design == Design::MetaAnalysis {
            Some(Unpooled::MetaAnalysis)
        } else {
            Some(Unpooled::Background)
        }
    }
}

/// How many of `rows` are left out of pooling, per reason (reasons with none left out).
pub fn left_out(rows: &[Row]) -> Vec<(Unpooled, usize)> {
    Unpooled::ALL
        .into_iter()
        .map(|u| (u, rows.iter().filter(|r| r.unpooled() == Some(u)).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// "2 rows not pooled: 1 meta-analysis, 1 background rate." (None: every row is pooled).
pub fn left_out_text(rows: &[Row]) -> Option<String> {
    let counts = left_out(rows);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let noun =
        |n: usize, (one, many): (&str, &str)| format!("{n} {}", if n == 1 { one } else { many });
    (total > 0).then(|| {
        let parts: Vec<String> = counts.iter().map(|(u, n)| noun(*n, u.nouns())).collect();
        format!(
            "{} not pooled: {}.",
            noun(total, ("row", "rows")),
            parts.join(", ")
        )
    })
}

/// The indications and the study designs of the rows that are pooled, each once, in a
/// fixed order.
pub fn pooled_span(rows: &[Row]) -> (Vec<Indication>, Vec<Design>) {
    let pooled = rows.iter().filter(|r| r.unpooled().is_none());
    let (mut indications, mut designs): (Vec<Indication>, Vec<Design>) =
        pooled.map(|r| (r.indication, r.design)).unzip();
    sort_dedup(&mut indications);
    sort_dedup(&mut designs);
    (indications, designs)
}

/// The notice above a pooled result whose rows span several indications or designs:
/// "The pooled rows span 2 indications (Treatment of aGVHD, Treatment of cGVHD): the pooled
/// estimate mixes different diseases." None when they span one of each.
pub fn mix_notice(rows: &[Row]) -> Option<String> {
    let (indications, designs) = pooled_span(rows);
    let list =
        |what: &str, labels: Vec<&str>| format!("{} {what} ({})", labels.len(), labels.join(", "));
    let mut spans = Vec::new();
    let mut mixes = Vec::new();
    if indications.len() > 1 {
        let labels = indications.iter().map(|i| i.label()).collect();
        spans.push(list("indications", labels));
        mixes.push("diseases");
    }
    if designs.len() > 1 {
        let labels = designs.iter().map(|d| d.label()).collect();
        spans.push(list("study designs", labels));
        mixes.push("designs");
    }
    (!spans.is_empty()).then(|| {
        format!(
            "The pooled rows span {}: the pooled estimate mixes different {}.",
            spans.join(" and "),
            mixes.join(" and ")
        )
    })
}

/// The indication with the most studies among `rows` (rows of one outcome), background
/// rates aside; ties go to the first in [`Indication::ALL`]. None: no study of MSCs.
pub fn most_studied(rows: &[Row]) -> Option<Indication> {
    let mut best: Option<(Indication, usize)> = None;
    for indication in Indication::ALL {
        if indication == Indication::Background {
            continue;
        }
        let mut ids: Vec<&str> = rows
            .iter()
            .filter(|r| r.indication == indication)
            .map(|r| r.study_id.as_str())
            .collect();
        sort_dedup(&mut ids);
        if !ids.is_empty() && best.is_none_or(|(_, n)| ids.len() > n) {
            best = Some((indication, ids.len()));
        }
    }
    best.map(|(i, _)| i)
}

/// One outcome the comparison offers.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureChoice {
    pub measure: Measure,
    /// Rows that are events / N.
    pub usable: usize,
    /// Where the analysis opens it: [`most_studied`].
    pub main: Option<Indication>,
    /// Its rows with Clopper-Pearson intervals (the default), kept: building them is the
    /// costly part of choosing an outcome (20 ms at 10,000 studies natively).
    pub rows: std::sync::Arc<Vec<Row>>,
}

/// Every outcome of the dataset, with its usable rows and its most-studied indication (the
/// rows of each outcome built once).
pub fn measure_choices(evidence: &Evidence) -> Vec<MeasureChoice> {
    let mut measures: Vec<Measure> = evidence
        .dataset
        .studies
        .iter()
        .flat_map(|s| s.outcomes.iter().map(|o| o.measure))
        .collect();
    sort_dedup(&mut measures);
    measures
        .into_iter()
        .map(|measure| {
            let rows = rows(evidence, measure, CiMethod::ClopperPearson);
            MeasureChoice {
                measure,
                usable: rows.iter().filter(|r| r.proportion.is_some()).count(),
                main: most_studied(&rows),
                rows: std::sync::Arc::new(rows),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
