//! The share link of the Compare and Charts pages. One table, [`PARAMS`], names every
//! parameter once with how it is printed and how it is read: printing leaves out
//! defaults, reading never fails (an unknown or malformed parameter is ignored and named
//! in a notice). Both pages read and write the same parameters, so moving between the
//! table and a chart keeps the analysis.

use crate::domain::encode::decode_query;
use crate::domain::keys::Keyed;
use crate::domain::stats::pool::Tau2Method;
use crate::domain::stats::proportion::CiMethod;
use crate::screens::analysis::state::MAX_SELECTED;
use crate::screens::analysis::state::{Analysis, ChartKind, Choices, Column, Grouping};
use crate::screens::calculator::link::{param::DATASET, print_pairs};

pub use crate::screens::screen::Expected;

/// One link parameter: its name, how the state prints it, and how a value is read.
pub struct Param {
    pub name: &'static str,
    print: fn(&Analysis) -> String,
    parse: fn(&mut Analysis, &str, &Choices) -> Result<(), Expected>,
}

impl Param {
    /// The value this state prints for the parameter ("" when it has none).
    pub fn print(&self, analysis: &Analysis) -> String {
        (self.print)(analysis)
    }

    /// Reads `value` into `analysis`; on a bad value `analysis` is left as it was.
    pub fn parse(
        &self,
        analysis: &mut Analysis,
        value: &str,
        choices: &Choices,
    ) -> Result<(), Expected> {
        (self.parse)(analysis, value, choices)
    }
}

/// The parameter named `name`.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

fn flag(on: bool) -> String {
    (if on { "1" } else { "0" }).into()
}

/// Puts a value read from a link into its slot of the analysis.
fn put<T>(slot: &mut T, value: Result<T, Expected>) -> Result<(), Expected> {
    *slot = value?;
    Ok(())
}

fn yes_no(value: &str) -> Result<bool, Expected> {
    match value {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(Expected("1 or 0".into())),
    }
}

/// The item of `items` whose key is `value`; otherwise the list of keys.
fn pick<T: Copy>(items: &[T], key: fn(T) -> &'static str, value: &str) -> Result<T, Expected> {
    items
        .iter()
        .copied()
        .find(|&t| key(t) == value)
        .ok_or_else(|| Expected(items.iter().map(|&t| key(t)).collect::<Vec<_>>().join(", ")))
}

fn keyed<T: Keyed>(value: &str, expected: &str) -> Result<T, Expected> {
    T::from_key(value).ok_or_else(|| Expected(expected.into()))
}

/// The indication parameter: every link names it, so that a link without it keeps its
/// first meaning (every indication) and the opening view's link reopens it.
pub const IND: &str = "ind";
/// The `ind` value for every indication.
pub const ALL_INDICATIONS: &str = "all";

/// Every parameter of the analysis pages (the dataset version `v` is the calculator's
/// and is printed first by [`query`]). The order is the order in printed links.
pub static PARAMS: &[Param] = &[
    Param {
        name: "m",
        print: |a| a.measure.link_key().into(),
        parse: |a, v, c| {
            let measures: Vec<_> = c.measures.iter().map(|(m, _)| *m).collect();
            a.measure = pick(&measures, |m| m.link_key(), v)
                .map_err(|_| Expected("an outcome of the dataset".into()))?;
            Ok(())
        },
    },
    Param {
        name: "ci",
        print: |a| a.ci.key().into(),
        parse: |a, v, _| put(&mut a.ci, keyed::<CiMethod>(v, "cp or wilson")),
    },
    Param {
        name: "tau",
        print: |a| a.options.tau2.key().into(),
        parse: |a, v, _| put(&mut a.options.tau2, keyed::<Tau2Method>(v, "reml or dl")),
    },
    Param {
        name: "hk",
        print: |a| flag(a.options.hartung_knapp),
        parse: |a, v, _| put(&mut a.options.hartung_knapp, yes_no(v)),
    },
    Param {
        name: IND,
        print: |a| {
            a.filters
                .indication
                .map_or(ALL_INDICATIONS, |i| i.key())
                .into()
        },
        parse: |a, v, c| {
            if v == ALL_INDICATIONS {
                a.filters.indication = None;
                return Ok(());
            }
            put(
                &mut a.filters.indication,
                pick(&c.indications, |i| i.key(), v)
                    .map(Some)
                    .map_err(|Expected(e)| Expected(format!("{e}, {ALL_INDICATIONS}"))),
            )
        },
    },
    Param {
        name: "src",
        print: |a| {
            a.filters
                .tissue
                .map(|t| t.link_key())
                .unwrap_or_default()
                .into()
        },
        parse: |a, v, c| {
            put(
                &mut a.filters.tissue,
                pick(&c.tissues, |t| t.link_key(), v).map(Some),
            )
        },
    },
    Param {
        name: "grade",
        print: |a| a.filters.grade.clone().unwrap_or_default(),
        parse: |a, v, c| {
            if !c.grades.iter().any(|g| g == v) {
                return Err(Expected(c.grades.join(", ")));
            }
            a.filters.grade = Some(v.to_string());
            Ok(())
        },
    },
    Param {
        name: "age",
        print: |a| {
            a.filters
                .age_group
                .map(|g| g.link_key())
                .unwrap_or_default()
                .into()
        },
        parse: |a, v, c| {
            put(
                &mut a.filters.age_group,
                pick(&c.ages, |g| g.link_key(), v).map(Some),
            )
        },
    },
    Param {
        name: "band",
        print: |a| {
            a.filters
                .dose_band
                .map(|b| b.key())
                .unwrap_or_default()
                .into()
        },
        parse: |a, v, _| {
            use crate::domain::evidence::DoseBand;
            put(
                &mut a.filters.dose_band,
                pick(&DoseBand::ALL, |b| b.key(), v).map(Some),
            )
        },
    },
    Param {
        name: "minn",
        print: |a| a.min_n.clone(),
        parse: |a, v, _| {
            a.min_n = v.to_string();
            a.filters.min_n = a.min_n_value().ok().flatten();
            Ok(())
        },
    },
    Param {
        name: "dis",
        print: |a| a.filters.disease.clone(),
        parse: |a, v, _| put(&mut a.filters.disease, Ok(v.to_string())),
    },
    Param {
        name: "q",
        print: |a| a.filters.text.clone(),
        parse: |a, v, _| put(&mut a.filters.text, Ok(v.to_string())),
    },
    Param {
        name: "arm",
        print: |a| {
            a.filters
                .arm
                .map(|r| r.link_key())
                .unwrap_or_default()
                .into()
        },
        parse: |a, v, c| {
            put(
                &mut a.filters.arm,
                pick(&c.arms, |r| r.link_key(), v).map(Some),
            )
        },
    },
    Param {
        name: "sort",
        print: |a| a.sort.map(|k| k.key()).unwrap_or_default().into(),
        parse: |a, v, _| {
            use crate::domain::evidence::SortKey;
            put(&mut a.sort, pick(&SortKey::ALL, SortKey::key, v).map(Some))
        },
    },
    Param {
        name: "desc",
        print: |a| flag(a.descending),
        parse: |a, v, _| put(&mut a.descending, yes_no(v)),
    },
    Param {
        name: "hide",
        print: |a| {
            a.hidden
                .iter()
                .map(|c| c.key())
                .collect::<Vec<_>>()
                .join(",")
        },
        parse: |a, v, _| {
            let mut hidden = Vec::new();
            for key in v.split(',').filter(|k| !k.is_empty()) {
                let column = pick(&Column::ALL, Column::key, key)?;
                if !hidden.contains(&column) {
                    hidden.push(column);
                }
            }
            a.hidden = hidden;
            Ok(())
        },
    },
    Param {
        name: "by",
        print: |a| a.group.key().into(),
        parse: |a, v, _| put(&mut a.group, pick(&Grouping::ALL, Grouping::key, v)),
    },
    Param {
        name: "split",
        print: |a| flag(a.split),
        parse: |a, v, _| put(&mut a.split, yes_no(v)),
    },
    Param {
        name: "loo",
        print: |a| flag(a.leave_one_out),
        parse: |a, v, _| put(&mut a.leave_one_out, yes_no(v)),
    },
    Param {
        name: "noflag",
        print: |a| flag(a.exclude_flagged),
        parse: |a, v, _| put(&mut a.exclude_flagged, yes_no(v)),
    },
    Param {
        name: "sel",
        print: |a| a.selected.join(","),
        parse: |a, v, c| {
            let ids: Vec<String> = v
                .split(',')
                .filter(|id| !id.is_empty())
                .map(String::from)
                .collect();
            if ids.len() > MAX_SELECTED {
                return Err(Expected(format!("at most {MAX_SELECTED} study ids")));
            }
            // Ids from a link are checked against the dataset before anything uses them.
            if let Some(unknown) = ids.iter().find(|id| !c.has_study(id)) {
                return Err(Expected(format!(
                    "study ids of the dataset (“{unknown}” is none)"
                )));
            }
            a.selected = ids;
            Ok(())
        },
    },
    Param {
        name: "chart",
        print: |a| a.chart.key().into(),
        parse: |a, v, _| put(&mut a.chart, pick(&ChartKind::ALL, ChartKind::key, v)),
    },
    Param {
        name: "pg",
        print: |a| (a.page + 1).to_string(),
        parse: |a, v, _| match v.parse::<usize>() {
            Ok(page) if page >= 1 => put(&mut a.page, Ok(page - 1)),
            _ => Err(Expected("a page number from 1".into())),
        },
    },
];

/// The link's query string: the dataset version, the indication, then every parameter
/// whose value is not the default's.
pub fn query(analysis: &Analysis, dataset: &str) -> String {
    let default = Analysis::default();
    let mut pairs: Vec<(&str, String)> = vec![(DATASET, dataset.to_string())];
    for param in PARAMS {
        let value = param.print(analysis);
        if param.name == IND || value != param.print(&default) {
            pairs.push((param.name, value));
        }
    }
    print_pairs(&pairs)
}

/// The analysis a link describes, and a notice for each parameter it ignored. A link
/// with no parameter of the pages (not even the dataset version) opens
/// [`Analysis::opening`]; any other starts from [`Analysis::default`], so a link
/// without `ind` means every indication, as it always has.
pub fn from_query(search: &str, choices: &Choices, dataset: &str) -> (Analysis, Vec<String>) {
    let pairs = decode_query(search);
    let linked = pairs
        .iter()
        .any(|(name, _)| name == DATASET || param(name).is_some());
    let mut analysis = if linked {
        Analysis::default()
    } else {
        Analysis::opening(choices)
    };
    let mut notices = Vec::new();
    for (name, value) in pairs {
        if name == DATASET {
            if value != dataset {
                notices.push(format!(
                    "This link was made with dataset {value}; the app has dataset {dataset}, so rows and pooled figures may differ."
                ));
            }
            continue;
        }
        match param(&name) {
            None => notices.push(format!(
                "The link's unknown parameter “{name}” was ignored."
            )),
            Some(param) => {
                if let Err(Expected(expected)) = param.parse(&mut analysis, &value, choices) {
                    notices.push(format!(
                        "The link's “{name}={value}” was ignored: expected {expected}."
                    ));
                }
            }
        }
    }
    (analysis, notices)
}

#[cfg(test)]
mod tests;
