//! Outcome comparison across studies: for a chosen outcome, one row per study with its
//! events / N (reported, derived as CR + PR, or reconstructed from a percentage — always
//! labelled), its CI, and the reason when a row cannot be a proportion; filters, sorting,
//! the pooled summary of the rows shown with a one-sentence methods statement, subgroups,
//! leave-one-out, and export of exactly what is shown.

use crate::domain::derive::{
    age_group, denominator, derived_overall_response, reconstructed_events,
    representative_dose_per_kg,
};
use crate::domain::export::outcome_value;

mod scope;
pub use scope::{
    left_out, left_out_text, measure_choices, mix_notice, most_studied, pooled_span, MeasureChoice,
    Unpooled,
};

use crate::domain::data::{
    AgeGroup, Arm, Design, Estimate, Evidence, Indication, Measure, Study, TableInfo, Tissue, Unit,
};
use crate::domain::quality::{check_study, Flag};
use crate::domain::stats::pool::{
    pool, subgroups, PoolError, PoolOptions, Pooled, Subgroups, Tau2Method,
};
use crate::domain::stats::proportion::{proportion, CiMethod, Proportion};

/// How a row's events were obtained.
#[derive(Clone, Debug, PartialEq)]
pub enum Basis {
    /// Printed as a count of patients.
    Reported,
    /// Computed from printed counts (e.g. CR + PR).
    Derived(String),
    /// Reconstructed from a printed percentage and N.
    Reconstructed(String),
}

impl Basis {
    pub fn label(&self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::Derived(_) => "derived",
            Basis::Reconstructed(_) => "reconstructed",
        }
    }
}

/// Dose bands for filtering and subgroups (cells/kg).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DoseBand {
    Below1e6,
    From1To2e6,
    Above2e6,
}

impl DoseBand {
    pub const ALL: [DoseBand; 3] = [DoseBand::Below1e6, DoseBand::From1To2e6, DoseBand::Above2e6];

    /// The band's key in links (`band=1e6-2e6`).
    pub fn key(self) -> &'static str {
        match self {
            DoseBand::Below1e6 => "lt1e6",
            DoseBand::From1To2e6 => "1e6-2e6",
            DoseBand::Above2e6 => "gt2e6",
        }
    }

    pub fn of(dose: f64) -> DoseBand {
        if dose < 1e6 * (1.0 - 1e-9) {
            DoseBand::Below1e6
        } else if dose <= 2e6 * (1.0 + 1e-9) {
            DoseBand::From1To2e6
        } else {
            DoseBand::Above2e6
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DoseBand::Below1e6 => "< 1 × 10⁶ cells/kg",
            DoseBand::From1To2e6 => "1–2 × 10⁶ cells/kg",
            DoseBand::Above2e6 => "> 2 × 10⁶ cells/kg",
        }
    }
}

crate::keyed_enum! {
    /// Whose a row is: the published literature's or the user's own data.
    pub enum Origin {
        Literature = ("literature", "Literature"),
        Mine = ("mine", "My data"),
    }
}

/// One study's row for the chosen outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub study_id: String,
    pub label: String,
    /// The literature's, or the user's (shown with a badge).
    pub origin: Origin,
    pub indication: Indication,
    pub design: Design,
    pub tissues: Vec<Tissue>,
    pub age_group: AgeGroup,
    pub dose_per_kg: Option<f64>,
    pub grade: Option<String>,
    pub n: Option<u32>,
    pub diseases: String,
    pub arm: Arm,
    pub months: Option<f64>,
    /// The outcome's label and value as printed ("CR: 6 patients").
    pub outcome: String,
    pub value: String,
    /// Events / N and the CI, when the row is a proportion.
    pub proportion: Option<Proportion>,
    pub basis: Option<Basis>,
    /// Why the row is not a proportion, or not pooled.
    pub note: Option<String>,
    /// Excluded from pooling (meta-analyses, background rates).
    pub not_poolable: bool,
    pub flags: Vec<Flag>,
    pub raw: String,
}

/// The measures the comparison offers, with the number of rows that are proportions.
pub fn available_measures(evidence: &Evidence) -> Vec<(Measure, usize)> {
    measure_choices(evidence)
        .into_iter()
        .map(|c| (c.measure, c.usable))
        .collect()
}

pub fn grade_text(study: &Study) -> Option<String> {
    let grade = study.grade.as_ref()?;
    let roman = crate::domain::format::roman;
    match (grade.low, grade.high) {
        (Some(low), Some(high)) if low == high => Some(roman(low)),
        (Some(low), Some(high)) => Some(format!("{}–{}", roman(low), roman(high))),
        _ => Some(crate::domain::format::pretty_raw(&grade.raw)),
    }
}

/// Every row for `measure` (all arms), in dataset order.
pub fn rows(evidence: &Evidence, measure: Measure, ci: CiMethod) -> Vec<Row> {
    let mut out = Vec::new();
    for study in &evidence.dataset.studies {
        let label = || evidence.study_label(study);
        study_rows(
            study,
            label,
            &evidence.dataset.tables,
            measure,
            ci,
            &mut out,
        );
    }
    out
}

/// The rows of one study for `measure`, appended to `out`: the literature's through
/// [`rows`], a user's entries through `mine::rows` (which then marks them as theirs).
pub fn study_rows(
    study: &Study,
    label: impl Fn() -> String,
    tables: &[TableInfo],
    measure: Measure,
    ci: CiMethod,
    out: &mut Vec<Row>,
) {
    // The rules run only for studies that give a row (a tenth of the cost at 10,000).
    let derived = if measure == Measure::Or {
        derived_overall_response(study)
    } else {
        Vec::new()
    };
    if derived.is_empty() && !study.outcomes.iter().any(|o| o.measure == measure) {
        return;
    }
    let flags = check_study(study, tables);
    let base = |arm: Arm, months: Option<f64>, outcome: String, value: String, raw: String| Row {
        study_id: study.id.clone(),
        label: label(),
        origin: Origin::Literature,
        indication: study.indication,
        design: study.design,
        tissues: study.source.tissues.clone(),
        age_group: age_group(study),
        dose_per_kg: study.dose.as_ref().and_then(representative_dose_per_kg),
        grade: grade_text(study),
        n: study.n,
        diseases: diseases_text(study),
        arm,
        months,
        outcome,
        value,
        proportion: None,
        basis: None,
        note: None,
        not_poolable: study.design == Design::MetaAnalysis
            || study.indication == Indication::Background,
        flags: Vec::new(),
        raw,
    };
    for (index, outcome) in study
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.measure == measure)
    {
        let field = format!("outcomes[{index}]");
        let mut row = base(
            outcome.arm,
            outcome.months,
            crate::domain::format::pretty_raw(&outcome.label),
            outcome_value(outcome),
            outcome.raw.clone(),
        );
        row.flags = flags
            .iter()
            .filter(|f| f.field == field || f.field == "outcomes")
            .cloned()
            .collect();
        set_proportion(&mut row, study, outcome, ci);
        out.push(row);
    }
    for d in derived {
        let mut row = base(
            d.arm,
            d.months,
            "Overall response (CR + PR)".into(),
            format!("{} patients", d.events),
            String::new(),
        );
        row.proportion = proportion(d.events, d.n, 0.95, ci);
        row.basis = Some(Basis::Derived(d.how));
        out.push(row);
    }
}

/// A study's diagnoses, comma-separated.
fn diseases_text(study: &Study) -> String {
    study
        .diseases
        .iter()
        .map(|d| d.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row's events / N and basis, or the note saying why it has none (and why a
/// proportion that cannot be pooled is not).
fn set_proportion(
    row: &mut Row,
    study: &Study,
    outcome: &crate::domain::data::Outcome,
    ci: CiMethod,
) {
    let d = denominator(study, outcome);
    match (outcome.unit, outcome.estimate, outcome.value, d) {
        (Unit::Patients, Estimate::Crude, Some(value), Some(d))
            if value.fract() == 0.0 && value <= f64::from(d.n) =>
        {
            row.proportion = proportion(value as u32, d.n, 0.95, ci);
            row.basis = Some(Basis::Reported);
        }
        (Unit::Percent, Estimate::Crude, Some(_), Some(d)) => {
            match reconstructed_events(study, outcome) {
                Some(r) => {
                    row.proportion = proportion(r.events, r.n, 0.95, ci);
                    row.basis = Some(Basis::Reconstructed(r.how));
                }
                None => {
                    row.note = Some(format!(
                        "No whole number of {} patients gives the printed percentage.",
                        d.n
                    ))
                }
            }
        }
        (_, Estimate::TimeToEvent, _, _) => {
            row.note = Some(
                "A survival or cumulative-incidence estimate, not events / N: shown, not pooled."
                    .into(),
            )
        }
        (_, Estimate::Crude, _, None) if matches!(outcome.unit, Unit::Percent | Unit::Patients) => {
            row.note = Some("No number of patients is printed for this value.".into())
        }
        (_, Estimate::Unspecified, _, _) => {
            row.note = Some("The denominator is not stated.".into())
        }
        _ => row.note = Some("Not a proportion of patients.".into()),
    }
    if row.not_poolable && row.proportion.is_some() {
        row.note = Some(match study.design {
            Design::MetaAnalysis => {
                "A meta-analysis: pooling it with its own studies would count patients twice."
                    .into()
            }
            _ => "A background rate, not a study of MSCs.".into(),
        });
    }
}

/// Filters on the table; None = any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub indication: Option<Indication>,
    pub tissue: Option<Tissue>,
    pub grade: Option<String>,
    pub age_group: Option<AgeGroup>,
    pub dose_band: Option<DoseBand>,
    pub min_n: Option<u32>,
    /// Substring of a diagnosis, case-insensitive.
    pub disease: String,
    /// Free text over study, outcome and printed text, case-insensitive.
    pub text: String,
    /// Which arm (None = all arms).
    pub arm: Option<Arm>,
}

impl Filters {
    /// Whether `row` passes every filter.
    pub fn keep(&self, row: &Row) -> bool {
        let contains = |haystack: &str, needle: &str| {
            haystack
                .to_ascii_lowercase()
                .contains(&needle.trim().to_ascii_lowercase())
        };
        self.indication.is_none_or(|i| row.indication == i)
            && self.tissue.is_none_or(|t| row.tissues == [t])
            && self
                .grade
                .as_ref()
                .is_none_or(|g| row.grade.as_ref() == Some(g))
            && self.age_group.is_none_or(|a| row.age_group == a)
            && self
                .dose_band
                .is_none_or(|b| row.dose_per_kg.map(DoseBand::of) == Some(b))
            && self.min_n.is_none_or(|m| {
                row.n
                    .or(row.proportion.map(|p| p.n))
                    .is_some_and(|n| n >= m)
            })
            && (self.disease.trim().is_empty() || contains(&row.diseases, &self.disease))
            && (self.text.trim().is_empty()
                || contains(&row.label, &self.text)
                || contains(&row.outcome, &self.text)
                || contains(&row.raw, &self.text))
            && self.arm.is_none_or(|a| row.arm == a)
    }
}

crate::keyed_enum! {
    /// Sort keys of the table: one per column (keys are link values: `sort=dose`).
    pub enum SortKey {
        Study = ("study", "Study"),
        Source = ("source", "Source"),
        Age = ("age", "Age group"),
        Dose = ("dose", "Dose (cells/kg)"),
        Grade = ("grade", "Grade"),
        N = ("n", "N"),
        Arm = ("arm", "Arm"),
        Printed = ("printed", "As printed"),
        Events = ("events", "Events"),
        Estimate = ("estimate", "Estimate"),
        Basis = ("basis", "Basis"),
    }
}

/// A row's value for a sort key: a number, or text compared without case.
#[derive(PartialEq, PartialOrd)]
enum SortValue {
    Number(f64),
    Text(String),
}

fn sort_value(row: &Row, key: SortKey) -> Option<SortValue> {
    use SortValue::{Number, Text};
    let text = |s: &str| Some(Text(s.to_ascii_lowercase()));
    match key {
        SortKey::Study => text(&row.label),
        SortKey::Source => text(
            &row.tissues
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(" + "),
        ),
        SortKey::Age => text(row.age_group.label()),
        SortKey::Dose => row.dose_per_kg.map(Number),
        SortKey::Grade => row.grade.as_deref().and_then(text),
        SortKey::N => row.n.map(|n| Number(f64::from(n))),
        SortKey::Arm => text(row.arm.label()),
        SortKey::Printed => text(&format!("{}: {}", row.outcome, row.value)),
        SortKey::Events => row.proportion.map(|p| Number(f64::from(p.events))),
        SortKey::Estimate => row.proportion.map(|p| Number(p.estimate)),
        SortKey::Basis => row.basis.as_ref().and_then(|b| text(b.label())),
    }
}

/// Sorts rows; rows without the key's value go last in either direction; ties keep their
/// order. Each row's value is computed once.
pub fn sort(rows: &mut Vec<Row>, key: SortKey, descending: bool) {
    let mut keyed: Vec<(Option<SortValue>, Row)> = std::mem::take(rows)
        .into_iter()
        .map(|r| (sort_value(&r, key), r))
        .collect();
    crate::domain::sort::sort_by(&mut keyed, |(a, _), (b, _)| match (a, b) {
        (Some(x), Some(y)) => {
            let ordering = x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal);
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        }
        (x, y) => y.is_some().cmp(&x.is_some()),
    });
    rows.extend(keyed.into_iter().map(|(_, r)| r));
}

/// The (events, n) of the rows that can be pooled.
pub fn poolable(rows: &[Row]) -> Vec<(u32, u32)> {
    rows.iter()
        .filter(|r| !r.not_poolable)
        .filter_map(|r| r.proportion.map(|p| (p.events, p.n)))
        .collect()
}

/// Pools the rows shown.
pub fn pooled(rows: &[Row], options: PoolOptions) -> Result<Pooled, PoolError> {
    pool(&poolable(rows), options)
}

/// Subgroups of the rows shown, by a grouping key.
pub fn pooled_by(
    rows: &[Row],
    options: PoolOptions,
    key: impl Fn(&Row) -> Option<String>,
) -> Subgroups {
    let mut groups: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
    for row in rows.iter().filter(|r| !r.not_poolable) {
        let (Some(label), Some(p)) = (key(row), row.proportion) else {
            continue;
        };
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, counts)) => counts.push((p.events, p.n)),
            None => groups.push((label, vec![(p.events, p.n)])),
        }
    }
    subgroups(&groups, options)
}

/// The one-sentence methods statement under a pooled result.
pub fn methods_sentence(pooled: &Pooled, ci: CiMethod) -> String {
    format!(
        "Random-effects meta-analysis of {} studies on the logit scale with inverse-variance weights; tau² by {}; 95% CI by {}; 0.5 added to both cells of studies with 0 or all events; per-study CIs by {}.",
        pooled.studies,
        pooled.options.tau2.label(),
        if pooled.options.hartung_knapp { "Hartung-Knapp (t with K − 1 df)" } else { "the normal approximation" },
        ci.label()
    )
}

/// A pooled result as one line: "45.2% (32.1–58.9); PI 12.0–81.3%; I² 68%, tau² 0.59, Q 12.5 (df 4, p = 0.014)".
pub fn pooled_text(p: &Pooled) -> String {
    let pct = |x: f64| format!("{:.1}", 100.0 * x);
    let pi = p
        .prediction
        .map(|(l, h)| format!("; 95% PI {}–{}%", pct(l), pct(h)))
        .unwrap_or_default();
    format!(
        "{}% (95% CI {}–{}){pi}; {}",
        pct(p.estimate),
        pct(p.lower),
        pct(p.upper),
        heterogeneity_text(p)
    )
}

/// The heterogeneity of a pooled result: "I² 68%, tau² 0.590, Q 12.50 (df 4, p = 0.014)"
/// (the end of [`pooled_text`]; the forest plot prints it under its diamonds).
pub fn heterogeneity_text(p: &Pooled) -> String {
    let q_p = p
        .q_p
        .map(crate::domain::format::p_value)
        .unwrap_or_default();
    format!(
        "I² {:.0}%, tau² {:.3}, Q {:.2} (df {}, {q_p})",
        p.i2, p.tau2, p.q, p.df
    )
}

/// A JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Default options: REML, normal CI.
pub fn default_options() -> PoolOptions {
    PoolOptions {
        tau2: Tau2Method::Reml,
        hartung_knapp: false,
        prediction: Default::default(),
    }
}

/// Test fixture: the rows of `measure` for `indication`, CIs by Clopper-Pearson.
#[cfg(test)]
pub(crate) fn rows_for(indication: Indication, measure: Measure) -> Vec<Row> {
    let filters = Filters {
        indication: Some(indication),
        ..Filters::default()
    };
    let evidence = crate::domain::data::evidence().expect("the bundled dataset loads");
    rows(evidence, measure, CiMethod::ClopperPearson)
        .into_iter()
        .filter(|r| filters.keep(r))
        .collect()
}

#[cfg(test)]
mod tests;
