//! The stored and exported form of the user's data: one JSON envelope
//! `{"format": FORMAT, "version": VERSION, "entries": [...]}` for the browser's storage,
//! the JSON export and the share link. Reading tells apart corrupt text, something that
//! is not ours, and data from a newer version (which this version must not rewrite), and
//! migrates older versions step by step. [`read_value`] takes an already parsed value so
//! the browser can parse with `JSON.parse` (as `web::bundle` does) and keep serde_json's
//! text parser out of the WASM; [`read_text`] parses natively and in tests.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::data::{Indication, Measure, Tissue};
use crate::domain::mine::{Entry, EntryOutcome};

/// The envelope's `format`: says the data is ours.
pub const FORMAT: &str = "msc-hsct/my-data";
/// The schema version this build writes and reads; older ones are migrated.
pub const VERSION: u32 = 1;

/// The user's entries with the schema version they are in (always [`VERSION`] once read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyData {
    pub version: u32,
    pub entries: Vec<Entry>,
}

impl Default for MyData {
    fn default() -> Self {
        MyData {
            version: VERSION,
            entries: Vec::new(),
        }
    }
}

/// Why stored or imported text could not be read. Nothing is overwritten on any of them:
/// the page says it and offers the raw text for export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON, or ours but damaged.
    Corrupt { message: String },
    /// Valid JSON that is not this app's data.
    Foreign { found: String },
    /// Written by a newer version of the app, which this one cannot read.
    Newer { version: u64 },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Corrupt { message } => write!(f, "The saved data is damaged and cannot be read ({message})."),
            StoreError::Foreign { found } => write!(f, "This is not MSC·HSCT data: {found}."),
            StoreError::Newer { version } => write!(
                f,
                "This data was saved by a newer version of MSC·HSCT (data version {version}; this version reads up to {VERSION}). Reload to update the app; the data is kept as it is."
            ),
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    entries: &'a [Entry],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V1 {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    entries: Vec<Entry>,
}

/// Version 0 (a flat, single-outcome draft of the schema; kept to test the migration
/// path): `name`, `source`, `patients` and one outcome per entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V0 {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    entries: Vec<V0Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V0Entry {
    name: String,
    #[serde(default)]
    indication: Option<Indication>,
    #[serde(default)]
    source: Option<Tissue>,
    #[serde(default)]
    dose: Option<String>,
    #[serde(default)]
    patients: Option<u32>,
    #[serde(default)]
    measure: Option<Measure>,
    #[serde(default)]
    events: Option<u32>,
    #[serde(default)]
    notes: Option<String>,
}

/// Version 0 to version 1: names become labels, the source a tissue, the one outcome a
/// list of outcomes (none when it had no measure).
fn migrate_v0(value: Value) -> Result<Vec<Entry>, StoreError> {
    let old: V0 = serde_json::from_value(value).map_err(corrupt)?;
    Ok(old
        .entries
        .into_iter()
        .map(|e| Entry {
            label: e.name,
            indication: e.indication,
            tissue: e.source,
            dose: e.dose,
            n: e.patients,
            outcomes: e
                .measure
                .map(|m| EntryOutcome {
                    events: e.events,
                    ..EntryOutcome::new(m)
                })
                .into_iter()
                .collect(),
            notes: e.notes,
            ..Entry::default()
        })
        .collect())
}

fn corrupt(error: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        message: error.to_string(),
    }
}

/// The data as stored: compact JSON in the current version.
pub fn to_json(entries: &[Entry]) -> String {
    serde_json::to_string(&EnvelopeOut {
        format: FORMAT,
        version: VERSION,
        entries,
    })
    .unwrap_or_default()
}

/// The data as a file to keep: the same JSON, indented.
pub fn to_json_pretty(entries: &[Entry]) -> String {
    serde_json::to_string_pretty(&EnvelopeOut {
        format: FORMAT,
        version: VERSION,
        entries,
    })
    .unwrap_or_default()
}

/// Reads stored or imported JSON text.
pub fn read_text(text: &str) -> Result<MyData, StoreError> {
    let value: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(corrupt)?;
    read_value(value)
}

/// Reads an already parsed JSON value: ours in this version, migrated from an older one,
/// or the reason it cannot be read.
pub fn read_value(value: Value) -> Result<MyData, StoreError> {
    let found = match &value {
        Value::Object(map) => match map.get("format") {
            Some(Value::String(format)) if format == FORMAT => None,
            Some(Value::String(format)) => Some(format!("the data says it is “{format}”")),
            _ => Some("a JSON object without this app's format mark".to_string()),
        },
        Value::Array(_) => Some("a JSON list without this app's format mark".to_string()),
        _ => Some("a single JSON value".to_string()),
    };
    if let Some(found) = found {
        return Err(StoreError::Foreign { found });
    }
    let version = match value.get("version") {
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let entries = match version {
        None => {
            return Err(StoreError::Corrupt {
                message: "no version number".into(),
            })
        }
        Some(v) if v > u64::from(VERSION) => return Err(StoreError::Newer { version: v }),
        Some(0) => migrate_v0(value)?,
        Some(_) => {
            serde_json::from_value::<V1>(value)
                .map_err(corrupt)?
                .entries
        }
    };
    Ok(MyData {
        version: VERSION,
        entries,
    })
}
