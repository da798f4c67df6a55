//! The view state of the Compare and Charts pages: every choice (outcome, CI method,
//! pooling options, filters, sort, columns, subgroups, leave-one-out, selected studies,
//! chart) as one typed value, the options the dataset offers, and its share link. Both
//! pages read and write the same parameters, so moving between the table and a chart keeps
//! the analysis. Parsing never fails: unknown or malformed parameters are ignored and
//! named in notices; printing leaves out defaults.

use crate::domain::data::{AgeGroup, Arm, Evidence, Indication, Measure, Tissue};
use crate::domain::derive::age_group;
use crate::domain::encode::decode_query;
use crate::domain::evidence::{grade_text, DoseBand, Filters, Row, SortKey};
use crate::domain::stats::pool::{PoolError, PoolOptions, Pooled, Subgroups, Tau2Method};
use crate::domain::stats::proportion::CiMethod;
use crate::screens::calculator::link::print_pairs;

/// Rows per page of the table: the DOM stays bounded whatever the number of studies.
pub const PAGE_SIZE: usize = 50;
/// The most studies the side-by-side view compares.
pub const MAX_SELECTED: usize = 4;

/// A column that can be hidden (study and estimate are always shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Source,
    Age,
    Dose,
    Grade,
    N,
    Arm,
    Printed,
    Basis,
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

    pub const ALL: [Column; 8] = [
        Column::Source,
        Column::Age,
        Column::Dose,
        Column::Grade,
        Column::N,
        Column::Arm,
        Column::Printed,
        Column::Basis,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Source => "source",
            Column::Age => "age",
            Column::Dose => "dose",
            Column::Grade => "grade",
            Column::N => "n",
            Column::Arm => "arm",
            Column::Printed => "printed",
            Column::Basis => "basis",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Source => "Source",
            Column::Age => "Age group",
            Column::Dose => "Dose (cells/kg)",
            Column::Grade => "Grade",
            Column::N => "N",
            Column::Arm => "Arm",
            Column::Printed => "As printed",
            Column::Basis => "Basis",
        }
    }
}

/// How pooled subgroups are formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    None,
    Source,
    Indication,
    DoseBand,
    Age,
}

impl Grouping {
    pub const ALL: [Grouping; 5] = [
        Grouping::None,
        Grouping::Source,
        Grouping::Indication,
        Grouping::DoseBand,
        Grouping::Age,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Grouping::None => "none",
            Grouping::Source => "source",
            Grouping::Indication => "indication",
            Grouping::DoseBand => "dose",
            Grouping::Age => "age",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grouping::None => "No subgroups",
            Grouping::Source => "MSC source",
            Grouping::Indication => "Indication",
            Grouping::DoseBand => "Dose band",
            Grouping::Age => "Age group",
        }
    }

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

/// The chart shown on the Charts page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ChartKind {
    #[default]
    Forest,
    DoseResponse,
    Engraftment,
}

impl ChartKind {
    pub const ALL: [ChartKind; 3] = [
        ChartKind::Forest,
        ChartKind::DoseResponse,
        ChartKind::Engraftment,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Forest => "forest",
            ChartKind::DoseResponse => "dose",
            ChartKind::Engraftment => "engraftment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChartKind::Forest => "Forest plot",
            ChartKind::DoseResponse => "Dose-response",
            ChartKind::Engraftment => "Engraftment",
        }
    }
}

/// Sort keys with their link names.
pub const SORT_KEYS: [(SortKey, &str); 11] = [
    (SortKey::Study, "study"),
    (SortKey::Source, "source"),
    (SortKey::Age, "age"),
    (SortKey::Dose, "dose"),
    (SortKey::Grade, "grade"),
    (SortKey::N, "n"),
    (SortKey::Arm, "arm"),
    (SortKey::Printed, "printed"),
    (SortKey::Events, "events"),
    (SortKey::Estimate, "estimate"),
    (SortKey::Basis, "basis"),
];

/// A measure's name in links: its label in lower case with dashes.
pub fn measure_key(measure: Measure) -> String {
    let mut key = String::new();
    for c in measure.label().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_string()
}

/// Link names of the tissues, age groups and arms (their labels with dashes).
pub fn option_key(label: &str) -> String {
    label.replace(' ', "-").replace(['(', ')'], "")
}

/// What the dataset offers to choose from.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    /// Measures with the number of rows that are events / N.
    pub measures: Vec<(Measure, usize)>,
    pub indications: Vec<Indication>,
    pub tissues: Vec<Tissue>,
    pub grades: Vec<String>,
    pub ages: Vec<AgeGroup>,
    pub arms: Vec<Arm>,
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
        Choices {
            measures: crate::domain::evidence::available_measures(evidence),
            indications,
            tissues,
            grades,
            ages,
            arms,
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
        }
    }
}

/// Parameter names of the analysis links (the dataset version is `share::param::DATASET`).
pub mod param {
    pub const MEASURE: &str = "m";
    pub const CI: &str = "ci";
    pub const TAU2: &str = "tau";
    pub const HK: &str = "hk";
    pub const INDICATION: &str = "ind";
    pub const SOURCE: &str = "src";
    pub const GRADE: &str = "grade";
    pub const AGE: &str = "age";
    pub const BAND: &str = "band";
    pub const MIN_N: &str = "minn";
    pub const DISEASE: &str = "dis";
    pub const TEXT: &str = "q";
    pub const ARM: &str = "arm";
    pub const SORT: &str = "sort";
    pub const DESC: &str = "desc";
    pub const HIDE: &str = "hide";
    pub const GROUP: &str = "by";
    pub const SPLIT: &str = "split";
    pub const LOO: &str = "loo";
    pub const NO_FLAGGED: &str = "noflag";
    pub const SELECTED: &str = "sel";
    pub const CHART: &str = "chart";
    pub const PAGE: &str = "pg";
}

const BANDS: [DoseBand; 3] = [DoseBand::Below1e6, DoseBand::From1To2e6, DoseBand::Above2e6];

/// A dose band's link name.
pub fn band_key(band: DoseBand) -> &'static str {
    match band {
        DoseBand::Below1e6 => "lt1e6",
        DoseBand::From1To2e6 => "1e6-2e6",
        DoseBand::Above2e6 => "gt2e6",
    }
}

fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
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

    /// The link's query string (defaults left out; the dataset version always in).
    pub fn query(&self, dataset: &str) -> String {
        let d = Analysis::default();
        let f = &self.filters;
        let mut pairs: Vec<(&str, String)> = vec![(
            crate::screens::calculator::link::param::DATASET,
            dataset.to_string(),
        )];
        let mut put = |name: &'static str, value: String, default: String| {
            if value != default {
                pairs.push((name, value));
            }
        };
        put(
            param::MEASURE,
            measure_key(self.measure),
            measure_key(d.measure),
        );
        put(param::CI, self.ci.key().into(), d.ci.key().into());
        put(
            param::TAU2,
            tau2_key(self.options.tau2).into(),
            tau2_key(d.options.tau2).into(),
        );
        put(
            param::HK,
            flag(self.options.hartung_knapp).into(),
            "0".into(),
        );
        let opt = |v: Option<String>| v.unwrap_or_default();
        put(
            param::INDICATION,
            opt(f.indication.map(|i| i.key().into())),
            String::new(),
        );
        put(
            param::SOURCE,
            opt(f.tissue.map(|t| option_key(t.label()))),
            String::new(),
        );
        put(param::GRADE, opt(f.grade.clone()), String::new());
        put(
            param::AGE,
            opt(f.age_group.map(|a| option_key(a.label()))),
            String::new(),
        );
        put(
            param::BAND,
            opt(f.dose_band.map(|b| band_key(b).into())),
            String::new(),
        );
        put(param::MIN_N, self.min_n.clone(), String::new());
        put(param::DISEASE, f.disease.clone(), String::new());
        put(param::TEXT, f.text.clone(), String::new());
        put(
            param::ARM,
            opt(f.arm.map(|a| option_key(a.label()))),
            String::new(),
        );
        put(
            param::SORT,
            opt(self.sort.map(|k| sort_key(k).into())),
            String::new(),
        );
        put(param::DESC, flag(self.descending).into(), "0".into());
        put(
            param::HIDE,
            self.hidden
                .iter()
                .map(|c| c.key())
                .collect::<Vec<_>>()
                .join(","),
            String::new(),
        );
        put(param::GROUP, self.group.key().into(), d.group.key().into());
        put(param::SPLIT, flag(self.split).into(), "0".into());
        put(param::LOO, flag(self.leave_one_out).into(), "0".into());
        put(
            param::NO_FLAGGED,
            flag(self.exclude_flagged).into(),
            "0".into(),
        );
        put(param::SELECTED, self.selected.join(","), String::new());
        put(param::CHART, self.chart.key().into(), d.chart.key().into());
        put(param::PAGE, (self.page + 1).to_string(), "1".into());
        print_pairs(&pairs)
    }

    /// The analysis a link describes, and notices for what was ignored.
    pub fn from_query(search: &str, choices: &Choices, dataset: &str) -> (Analysis, Vec<String>) {
        let mut a = Analysis::default();
        let mut notices = Vec::new();
        for (name, value) in decode_query(search) {
            if let Err(expected) = a.apply(&name, &value, choices) {
                notices.push(match expected {
                    Some(expected) => {
                        format!("The link's “{name}={value}” was ignored: expected {expected}.")
                    }
                    None => format!("The link's unknown parameter “{name}” was ignored."),
                });
            } else if name == crate::screens::calculator::link::param::DATASET && value != dataset {
                notices.push(format!(
                    "This link was made with dataset {value}; the app has dataset {dataset}, so rows and pooled figures may differ."
                ));
            }
        }
        (a, notices)
    }

    /// Applies one link parameter. Err(Some(expected)) for a bad value, Err(None) for an
    /// unknown name.
    fn apply(&mut self, name: &str, value: &str, choices: &Choices) -> Result<(), Option<String>> {
        fn pick<T: Copy>(items: &[T], key: impl Fn(T) -> String, value: &str) -> Option<T> {
            items.iter().copied().find(|&t| key(t) == value)
        }
        fn yes_no(value: &str) -> Result<bool, Option<String>> {
            match value {
                "1" => Ok(true),
                "0" => Ok(false),
                _ => Err(Some("1 or 0".into())),
            }
        }
        let list = |keys: Vec<String>| Some(keys.join(", "));
        let f = &mut self.filters;
        match name {
            crate::screens::calculator::link::param::DATASET => {}
            param::MEASURE => {
                let measures: Vec<Measure> = choices.measures.iter().map(|(m, _)| *m).collect();
                self.measure = pick(&measures, measure_key, value)
                    .ok_or_else(|| Some("an outcome of the dataset".to_string()))?;
            }
            param::CI => {
                self.ci = pick(
                    &[CiMethod::ClopperPearson, CiMethod::Wilson],
                    |c| c.key().into(),
                    value,
                )
                .ok_or_else(|| Some("cp or wilson".to_string()))?
            }
            param::TAU2 => {
                self.options.tau2 = pick(
                    &[Tau2Method::Reml, Tau2Method::DerSimonianLaird],
                    |t| tau2_key(t).into(),
                    value,
                )
                .ok_or_else(|| Some("reml or dl".to_string()))?
            }
            param::HK => self.options.hartung_knapp = yes_no(value)?,
            param::INDICATION => {
                f.indication = Some(
                    pick(&choices.indications, |i| i.key().into(), value).ok_or_else(|| {
                        list(choices.indications.iter().map(|i| i.key().into()).collect())
                    })?,
                )
            }
            param::SOURCE => {
                f.tissue = Some(
                    pick(&choices.tissues, |t| option_key(t.label()), value).ok_or_else(|| {
                        list(
                            choices
                                .tissues
                                .iter()
                                .map(|t| option_key(t.label()))
                                .collect(),
                        )
                    })?,
                )
            }
            param::GRADE => {
                if !choices.grades.iter().any(|g| g == value) {
                    return Err(list(choices.grades.clone()));
                }
                f.grade = Some(value.to_string());
            }
            param::AGE => {
                f.age_group = Some(
                    pick(&choices.ages, |a| option_key(a.label()), value).ok_or_else(|| {
                        list(choices.ages.iter().map(|a| option_key(a.label())).collect())
                    })?,
                )
            }
            param::BAND => {
                f.dose_band = Some(
                    pick(&BANDS, |b| band_key(b).into(), value)
                        .ok_or_else(|| list(BANDS.map(|b| band_key(b).into()).to_vec()))?,
                )
            }
            param::MIN_N => {
                self.min_n = value.to_string();
                self.filters.min_n = self.min_n_value().ok().flatten();
            }
            param::DISEASE => f.disease = value.to_string(),
            param::TEXT => f.text = value.to_string(),
            param::ARM => {
                f.arm = Some(
                    pick(&choices.arms, |a| option_key(a.label()), value).ok_or_else(|| {
                        list(choices.arms.iter().map(|a| option_key(a.label())).collect())
                    })?,
                )
            }
            param::SORT => {
                self.sort = Some(
                    pick(&SORT_KEYS.map(|(k, _)| k), |k| sort_key(k).into(), value)
                        .ok_or_else(|| list(SORT_KEYS.map(|(_, n)| n.into()).to_vec()))?,
                )
            }
            param::DESC => self.descending = yes_no(value)?,
            param::HIDE => {
                let mut hidden = Vec::new();
                for key in value.split(',').filter(|k| !k.is_empty()) {
                    match pick(&Column::ALL, |c| c.key().into(), key) {
                        Some(c) if !hidden.contains(&c) => hidden.push(c),
                        Some(_) => {}
                        None => return Err(list(Column::ALL.map(|c| c.key().into()).to_vec())),
                    }
                }
                self.hidden = hidden;
            }
            param::GROUP => {
                self.group = pick(&Grouping::ALL, |g| g.key().into(), value)
                    .ok_or_else(|| list(Grouping::ALL.map(|g| g.key().into()).to_vec()))?
            }
            param::SPLIT => self.split = yes_no(value)?,
            param::LOO => self.leave_one_out = yes_no(value)?,
            param::NO_FLAGGED => self.exclude_flagged = yes_no(value)?,
            param::SELECTED => {
                let ids: Vec<String> = value
                    .split(',')
                    .filter(|id| !id.is_empty())
                    .map(String::from)
                    .collect();
                if ids.len() > MAX_SELECTED {
                    return Err(Some(format!("at most {MAX_SELECTED} study ids")));
                }
                self.selected = ids;
            }
            param::CHART => {
                self.chart = pick(&ChartKind::ALL, |c| c.key().into(), value)
                    .ok_or_else(|| list(ChartKind::ALL.map(|c| c.key().into()).to_vec()))?
            }
            param::PAGE => match value.parse::<usize>() {
                Ok(page) if page >= 1 => self.page = page - 1,
                _ => return Err(Some("a page number from 1".into())),
            },
            _ => return Err(None),
        }
        Ok(())
    }

    /// Applies a change of a control of the pages' forms (`id`, its value and checked
    /// state). Returns a message when the change was refused (e.g. a fifth study). Any
    /// change but paging goes back to the first page.
    pub fn set(
        &mut self,
        id: &str,
        value: &str,
        checked: bool,
        choices: &Choices,
    ) -> Option<String> {
        let mut message = None;
        let yes = if checked { "1" } else { "0" };
        let result = match id {
            "a-measure" => self.apply(param::MEASURE, value, choices),
            "a-ci" => self.apply(param::CI, value, choices),
            "a-tau" => self.apply(param::TAU2, value, choices),
            "a-hk" => self.apply(param::HK, yes, choices),
            "a-split" => self.apply(param::SPLIT, yes, choices),
            "a-loo" => self.apply(param::LOO, yes, choices),
            "a-noflag" => self.apply(param::NO_FLAGGED, yes, choices),
            "a-group" => self.apply(param::GROUP, value, choices),
            "a-chart" => self.apply(param::CHART, value, choices),
            "a-desc" => self.apply(param::DESC, yes, choices),
            "a-min-n" => self.apply(param::MIN_N, value, choices),
            "a-disease" => self.apply(param::DISEASE, value, choices),
            "a-text" => self.apply(param::TEXT, value, choices),
            // A column header: a new key sorts ascending, the same key again flips.
            "a-sort-toggle" => match SORT_KEYS.iter().find(|(_, n)| *n == value) {
                Some((key, _)) if self.sort == Some(*key) => {
                    self.descending = !self.descending;
                    Ok(())
                }
                Some((key, _)) => {
                    self.sort = Some(*key);
                    self.descending = false;
                    Ok(())
                }
                None => Err(None),
            },
            "a-sort" if value.is_empty() => {
                self.sort = None;
                Ok(())
            }
            "a-sort" => self.apply(param::SORT, value, choices),
            "a-indication" | "a-source" | "a-grade" | "a-age" | "a-band" | "a-arm"
                if value.is_empty() =>
            {
                let f = &mut self.filters;
                match id {
                    "a-indication" => f.indication = None,
                    "a-source" => f.tissue = None,
                    "a-grade" => f.grade = None,
                    "a-age" => f.age_group = None,
                    "a-band" => f.dose_band = None,
                    _ => f.arm = None,
                }
                Ok(())
            }
            "a-indication" => self.apply(param::INDICATION, value, choices),
            "a-source" => self.apply(param::SOURCE, value, choices),
            "a-grade" => self.apply(param::GRADE, value, choices),
            "a-age" => self.apply(param::AGE, value, choices),
            "a-band" => self.apply(param::BAND, value, choices),
            "a-arm" => self.apply(param::ARM, value, choices),
            "a-page" => {
                if let Ok(page) = value.parse::<usize>() {
                    self.page = page;
                }
                return None;
            }
            _ => {
                if let Some(key) = id.strip_prefix("a-col-") {
                    if let Some(column) = Column::ALL.into_iter().find(|c| c.key() == key) {
                        self.hidden.retain(|c| *c != column);
                        if !checked {
                            self.hidden.push(column);
                            crate::domain::sort::sort_by(&mut self.hidden, |a, b| {
                                let at = |c: &Column| Column::ALL.iter().position(|x| x == c);
                                at(a).cmp(&at(b))
                            });
                        }
                    }
                } else if let Some(study) = id.strip_prefix("a-pick-") {
                    self.selected.retain(|s| s != study);
                    if checked {
                        if self.selected.len() < MAX_SELECTED {
                            self.selected.push(study.to_string());
                        } else {
                            message = Some(format!(
                                "At most {MAX_SELECTED} studies side by side: clear one first."
                            ));
                        }
                    }
                    return message;
                }
                Ok(())
            }
        };
        if result.is_ok() {
            self.page = 0;
        }
        message
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

fn tau2_key(method: Tau2Method) -> &'static str {
    match method {
        Tau2Method::Reml => "reml",
        Tau2Method::DerSimonianLaird => "dl",
    }
}

/// A sort key's link name.
pub fn sort_key(key: SortKey) -> &'static str {
    SORT_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, n)| *n)
        .unwrap_or("study")
}

/// A dose band's link name and label, for the form.
pub fn dose_bands() -> [(&'static str, &'static str); 3] {
    BANDS.map(|b| (band_key(b), b.label()))
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

    /// The rows shown and the pooled lines, with the columns shown, as CSV.
    pub fn export_csv(&self, summary: &Summary) -> String {
        self.export_records(summary)
            .iter()
            .map(|record| {
                record
                    .iter()
                    .map(|(_, v)| crate::domain::encode::csv_field(v))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\r\n")
            + "\r\n"
    }

    /// The same as [`Analysis::export_csv`] as a JSON array of objects.
    pub fn export_json(&self, summary: &Summary) -> String {
        let records = self.export_records(summary);
        let Some((header, body)) = records.split_first() else {
            return "[]".into();
        };
        let items: Vec<String> = body
            .iter()
            .map(|record| {
                let fields: Vec<String> = header
                    .iter()
                    .zip(record)
                    .map(|((_, name), (numeric, value))| {
                        let value = if value.is_empty() {
                            "null".to_string()
                        } else if *numeric {
                            value.clone()
                        } else {
                            crate::domain::evidence::json_string(value)
                        };
                        format!("{}:{value}", crate::domain::evidence::json_string(name))
                    })
                    .collect();
                format!("{{{}}}", fields.join(","))
            })
            .collect();
        format!("[{}]", items.join(",\n"))
    }

    /// Header and records: (is the value a number, value). Pooled and subgroup lines have
    /// `kind` "pooled" or "subgroup".
    fn export_records(&self, summary: &Summary) -> Vec<Vec<(bool, String)>> {
        let columns: Vec<Column> = Column::ALL.into_iter().filter(|c| self.shows(*c)).collect();
        let mut header: Vec<&str> = vec!["kind", "study_id", "study", "indication"];
        for c in &columns {
            header.extend_from_slice(match c {
                Column::Source => &["source"],
                Column::Age => &["age_group"],
                Column::Dose => &["dose_cells_per_kg"],
                Column::Grade => &["grade"],
                Column::N => &["n"],
                Column::Arm => &["arm"],
                Column::Printed => &["outcome", "value"],
                Column::Basis => &["basis"],
            });
        }
        header.extend_from_slice(&[
            "events",
            "total",
            "estimate_percent",
            "ci_lower_percent",
            "ci_upper_percent",
            "flags",
        ]);
        let text = |s: String| (false, s);
        let num = |v: Option<f64>| {
            (
                true,
                v.map(|x| format!("{:.4}", 100.0 * x)).unwrap_or_default(),
            )
        };
        let mut out: Vec<Vec<(bool, String)>> =
            vec![header.iter().map(|h| text(h.to_string())).collect()];
        for row in &summary.shown {
            let mut record = vec![
                text("study".into()),
                text(row.study_id.clone()),
                text(row.label.clone()),
                text(row.indication.key().into()),
            ];
            for c in &columns {
                match c {
                    Column::Source => record.push(text(
                        row.tissues
                            .iter()
                            .map(|t| t.label())
                            .collect::<Vec<_>>()
                            .join("; "),
                    )),
                    Column::Age => record.push(text(row.age_group.label().into())),
                    Column::Dose => record.push((
                        true,
                        row.dose_per_kg
                            .map(|d| format!("{d:e}"))
                            .unwrap_or_default(),
                    )),
                    Column::Grade => record.push(text(row.grade.clone().unwrap_or_default())),
                    Column::N => {
                        record.push((true, row.n.map(|n| n.to_string()).unwrap_or_default()))
                    }
                    Column::Arm => record.push(text(row.arm.label().into())),
                    Column::Printed => {
                        record.push(text(row.outcome.clone()));
                        record.push(text(row.value.clone()));
                    }
                    Column::Basis => record.push(text(
                        row.basis
                            .as_ref()
                            .map(|b| b.label().to_string())
                            .unwrap_or_default(),
                    )),
                }
            }
            let p = row.proportion;
            record.push((true, p.map(|p| p.events.to_string()).unwrap_or_default()));
            record.push((true, p.map(|p| p.n.to_string()).unwrap_or_default()));
            record.push(num(p.map(|p| p.estimate)));
            record.push(num(p.map(|p| p.lower)));
            record.push(num(p.map(|p| p.upper)));
            record.push(text(
                row.flags
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join(" | "),
            ));
            out.push(record);
        }
        let mut pooled_line = |kind: &str, label: String, p: &Pooled| {
            let mut record = vec![text(kind.into()), text(String::new()), text(label)];
            record.resize(header.len() - 6, text(String::new()));
            record.push((true, String::new()));
            record.push((true, p.studies.to_string()));
            record.push(num(Some(p.estimate)));
            record.push(num(Some(p.lower)));
            record.push(num(Some(p.upper)));
            record.push(text(String::new()));
            out.push(record);
        };
        if let Ok(p) = &summary.pooled {
            pooled_line(
                "pooled",
                format!(
                    "Pooled, {} studies ({}{}); I² {:.1}%, tau² {:.4}",
                    p.studies,
                    p.options.tau2.label(),
                    if p.options.hartung_knapp {
                        ", Hartung-Knapp"
                    } else {
                        ""
                    },
                    p.i2,
                    p.tau2
                ),
                p,
            );
        }
        if let Some(groups) = &summary.subgroups {
            for (label, result) in &groups.groups {
                if let Ok(p) = result {
                    pooled_line("subgroup", format!("{}: {label}", self.group.label()), p);
                }
            }
        }
        out
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
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::evidence::rows;

    fn choices() -> Choices {
        Choices::of(evidence().unwrap())
    }

    fn all_rows(a: &Analysis) -> Vec<Row> {
        rows(evidence().unwrap(), a.measure, a.ci)
    }

    /// The researcher's question: bone-marrow MSCs for steroid-refractory aGVHD.
    fn bm_agvhd() -> Analysis {
        let mut a = Analysis::default();
        let c = choices();
        a.set("a-indication", "agvhd_treatment", false, &c);
        a.set("a-source", "bone-marrow", false, &c);
        a
    }

    #[test]
    fn a_default_analysis_prints_only_the_dataset_version() {
        assert_eq!(Analysis::default().query("2023.1"), "?v=2023.1");
    }

    #[test]
    fn measure_keys_are_unique_and_parse_back() {
        let c = choices();
        let mut keys: Vec<String> = c.measures.iter().map(|(m, _)| measure_key(*m)).collect();
        assert!(keys.iter().all(|k| !k.is_empty() && !k.contains("--")));
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
        for (m, _) in &c.measures {
            let (a, notices) =
                Analysis::from_query(&format!("?m={}", measure_key(*m)), &c, "2023.1");
            assert_eq!((a.measure, notices.len()), (*m, 0));
        }
        assert_eq!(measure_key(Measure::Agvhd2to4), "agvhd-grade-ii-iv");
    }

    #[test]
    fn every_choice_round_trips_through_the_link() {
        let c = choices();
        let mut a = bm_agvhd();
        for (id, value, checked) in [
            ("a-measure", "complete-response", false),
            ("a-ci", "wilson", false),
            ("a-tau", "dl", false),
            ("a-hk", "", true),
            ("a-age", "paediatric", false),
            ("a-band", "1e6-2e6", false),
            ("a-arm", "MSC", false),
            ("a-min-n", "5", false),
            ("a-disease", "AML & co", false),
            ("a-text", "le blanc", false),
            ("a-sort", "estimate", false),
            ("a-desc", "", true),
            ("a-col-grade", "", false),
            ("a-col-basis", "", false),
            ("a-group", "dose", false),
            ("a-split", "", true),
            ("a-loo", "", true),
            ("a-noflag", "", true),
            ("a-chart", "dose", false),
            ("a-pick-r56", "", true),
            ("a-pick-r57", "", true),
        ] {
            assert_eq!(a.set(id, value, checked, &c), None, "{id}");
        }
        a.set("a-grade", &c.grades[0], false, &c);
        a.page = 2;
        let link = a.query("2023.1");
        let (back, notices) = Analysis::from_query(&link, &c, "2023.1");
        assert_eq!(notices, Vec::<String>::new(), "{link}");
        assert_eq!(back, a, "{link}");
        assert_eq!(back.hidden, [Column::Grade, Column::Basis]);
        assert_eq!(back.filters.min_n, Some(5));
    }

    #[test]
    fn bad_and_unknown_parameters_are_named_and_the_rest_used() {
        let c = choices();
        let (a, notices) = Analysis::from_query(
            "?m=happiness&ind=agvhd_treatment&src=moon&hide=dose,zz&sel=a,b,c,d,e&pg=0&zz=1&v=1999.1&desc=yes",
            &c,
            "2023.1",
        );
        assert_eq!(a.filters.indication, Some(Indication::AgvhdTreatment));
        assert_eq!(a.measure, Measure::Or, "unchanged");
        assert!(a.hidden.is_empty() && a.selected.is_empty() && a.page == 0);
        assert_eq!(notices.len(), 8, "{notices:#?}");
        assert!(notices[0].contains("“m=happiness”") && notices[0].contains("an outcome"));
        assert!(notices.iter().any(|n| n.contains("unknown parameter “zz”")));
        assert!(notices.iter().any(|n| n.contains("dataset 1999.1")));
    }

    #[test]
    fn a_fifth_study_is_refused_and_changes_go_back_to_page_one() {
        let c = choices();
        let mut a = Analysis::default();
        for id in ["r1", "r2", "r3", "r4"] {
            assert_eq!(a.set(&format!("a-pick-{id}"), "", true, &c), None);
        }
        assert!(a
            .set("a-pick-r5", "", true, &c)
            .unwrap()
            .contains("At most 4"));
        assert_eq!(a.selected, ["r1", "r2", "r3", "r4"]);
        a.set("a-pick-r2", "", false, &c);
        assert_eq!(a.selected, ["r1", "r3", "r4"]);
        a.set("a-page", "3", false, &c);
        assert_eq!(a.page, 3);
        a.set("a-text", "x", false, &c);
        assert_eq!(a.page, 0);
        a.set("a-sort-toggle", "n", false, &c);
        assert_eq!((a.sort, a.descending), (Some(SortKey::N), false));
        a.set("a-sort-toggle", "n", false, &c);
        assert_eq!((a.sort, a.descending), (Some(SortKey::N), true));
        a.set("a-sort-toggle", "dose", false, &c);
        assert_eq!((a.sort, a.descending), (Some(SortKey::Dose), false));
        a.set("a-min-n", "ten", false, &c);
        assert!(a.min_n_value().unwrap_err().contains("“ten”"));
        assert_eq!(a.filters.min_n, None, "an unreadable N filters nothing");
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

    // csv is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn exports_hold_exactly_the_rows_and_columns_shown() {
        let mut a = bm_agvhd();
        a.hidden = vec![Column::Grade, Column::Printed];
        a.group = Grouping::Age;
        let s = a.summarize(&all_rows(&a));
        let groups = s
            .subgroups
            .as_ref()
            .unwrap()
            .groups
            .iter()
            .filter(|(_, r)| r.is_ok())
            .count();
        let csv = a.export_csv(&s);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert!(header.contains(&"dose_cells_per_kg".to_string()));
        assert!(!header.contains(&"grade".to_string()) && !header.contains(&"outcome".to_string()));
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), s.shown.len() + 1 + groups);
        assert_eq!(&records[0][1], s.shown[0].study_id.as_str());
        let pooled = s.pooled.as_ref().unwrap();
        let last_pooled = &records[s.shown.len()];
        assert_eq!(&last_pooled[0], "pooled");
        let estimate: f64 = last_pooled[header.len() - 4].parse().unwrap();
        assert!((estimate - 100.0 * pooled.estimate).abs() < 1e-4);
        let json: serde_json::Value = serde_json::from_str(&a.export_json(&s)).unwrap();
        let items = json.as_array().unwrap();
        assert_eq!(items.len(), records.len());
        assert!(items[s.shown.len()]["estimate_percent"].is_number());
        assert!(items[0].get("grade").is_none());
    }
}
