//! The analysis as files: the rows shown and the pooled lines, with the columns shown,
//! as CSV and as JSON.

use crate::domain::evidence::Row;
use crate::domain::stats::pool::Pooled;
use crate::screens::analysis::state::{Analysis, Column, Summary};

impl Analysis {
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
                        } else if *numeric && crate::domain::encode::is_json_number(value) {
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
        let header = export_header(&columns);
        let mut out: Vec<Vec<(bool, String)>> =
            vec![header.iter().map(|h| text(h.to_string())).collect()];
        out.extend(summary.shown.iter().map(|row| study_record(row, &columns)));
        let width = header.len();
        if let Ok(p) = &summary.pooled {
            let label = format!(
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
            );
            out.push(pooled_record("pooled", label, p, width));
        }
        if let Some(groups) = &summary.subgroups {
            for (label, result) in &groups.groups {
                if let Ok(p) = result {
                    let label = format!("{}: {label}", self.group.label());
                    out.push(pooled_record("subgroup", label, p, width));
                }
            }
        }
        out
    }
}

/// The header: kind, study and indication, the columns shown (the printed value takes
/// two), then the proportion and its CI in percent, and the flags.
fn export_header(columns: &[Column]) -> Vec<&'static str> {
    let mut header: Vec<&str> = vec!["kind", "study_id", "study", "indication"];
    for c in columns {
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
    header
}

fn text(s: String) -> (bool, String) {
    (false, s)
}

/// A proportion as a percentage with four decimals, blank when absent.
fn percent(v: Option<f64>) -> (bool, String) {
    (
        true,
        v.map(|x| format!("{:.4}", 100.0 * x)).unwrap_or_default(),
    )
}

/// One study's record under [`export_header`].
fn study_record(row: &Row, columns: &[Column]) -> Vec<(bool, String)> {
    let mut record = vec![
        text("study".into()),
        text(row.study_id.clone()),
        text(row.label.clone()),
        text(row.indication.key().into()),
    ];
    for c in columns {
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
            Column::N => record.push((true, row.n.map(|n| n.to_string()).unwrap_or_default())),
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
    record.push(percent(p.map(|p| p.estimate)));
    record.push(percent(p.map(|p| p.lower)));
    record.push(percent(p.map(|p| p.upper)));
    record.push(text(
        row.flags
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join(" | "),
    ));
    record
}

/// A pooled or subgroup line, `width` cells wide: its label, the number of studies in the
/// total's place, and the pooled proportion and CI.
fn pooled_record(kind: &str, label: String, p: &Pooled, width: usize) -> Vec<(bool, String)> {
    let mut record = vec![text(kind.into()), text(String::new()), text(label)];
    record.resize(width - 6, text(String::new()));
    record.push((true, String::new()));
    record.push((true, p.studies.to_string()));
    record.push(percent(Some(p.estimate)));
    record.push(percent(Some(p.lower)));
    record.push(percent(Some(p.upper)));
    record.push(text(String::new()));
    record
}

// csv is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::screens::analysis::state::tests::{all_rows, bm_agvhd};
    use crate::screens::analysis::state::Grouping;

    proptest::proptest! {
        #[test]
        fn json_strings_are_valid_json_for_any_text(text in "\\PC*|[\u{0}-\u{1f}\u{2028}\u{2029}\"\\\\<>]{0,12}") {
            let json = crate::domain::evidence::json_string(&text);
            let read: String = serde_json::from_str(&json).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{json}: {e}"))
            })?;
            proptest::prop_assert_eq!(read, text);
        }
    }

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
