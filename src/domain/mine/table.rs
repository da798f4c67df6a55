//! Pasted blocks and imported files, read into a [`Preview`] before anything is added:
//! how each column was read (matched to a field by its header, ignoring case, spaces and
//! punctuation, with a few synonyms; or ignored), and for every entry the source rows,
//! the entry as read and its problems. One row is one outcome; rows with the same value
//! in an `entry` column are one entry (the export writes it), otherwise each row is its
//! own entry. CSV export writes the same columns, cells neutralised against formulas.

use crate::domain::encode::csv_unneutralise;
use crate::domain::mine::text::{self, squash};
use crate::domain::mine::validate::{validate, Problem, Severity};
use crate::domain::mine::{csv, Entry, EntryOutcome, Field};

/// How one column of a pasted table was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header as pasted.
    pub header: String,
    /// The field it fills, or `None`: ignored.
    pub field: Option<Field>,
}

/// One entry of a preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewEntry {
    /// The rows it was read from (header = row 1), or the entry's number in a JSON file.
    pub rows: Vec<usize>,
    /// The entry as read (blank where a cell could not be read).
    pub entry: Entry,
    /// Errors and warnings, each naming its row and field.
    pub problems: Vec<Problem>,
}

impl PreviewEntry {
    /// Whether it can be added as it is (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.problems.iter().all(|p| p.severity != Severity::Error)
    }
}

/// What a paste or an import would add, shown before anything is added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub columns: Vec<Column>,
    pub entries: Vec<PreviewEntry>,
    /// Problems of the whole table (no header, no label column, a column read twice, …).
    pub problems: Vec<Problem>,
}

impl Preview {
    /// The entries without errors, in order: what "Add" adds.
    pub fn valid_entries(&self) -> Vec<Entry> {
        self.entries
            .iter()
            .filter(|e| e.is_valid())
            .map(|e| e.entry.clone())
            .collect()
    }

    /// Number of entries with errors.
    pub fn rejected(&self) -> usize {
        self.entries.iter().filter(|e| !e.is_valid()).count()
    }
}

/// Header spellings each field accepts besides its key and label (compared squashed).
fn synonyms(field: Field) -> &'static [&'static str] {
    match field {
        Field::Entry => &["entry no", "entry number", "cohort id", "id"],
        Field::Label => &["name", "cohort", "study", "title"],
        Field::Indication => &["question", "setting"],
        Field::Source => &["msc source", "tissue", "cell source", "origin"],
        Field::Dose => &["cells/kg", "cell dose", "dose per kg", "median dose"],
        Field::Infusions => &["number of infusions", "no of infusions", "infusion count"],
        Field::AgeGroup => &["age", "population", "age category"],
        Field::Grade => &["agvhd grade", "gvhd grade", "grades"],
        Field::N => &[
            "patients",
            "number of patients",
            "cohort size",
            "total n",
            "size",
        ],
        Field::Measure => &["endpoint", "outcome measure"],
        Field::Events => &[
            "count",
            "k",
            "patients with outcome",
            "responders",
            "number",
        ],
        Field::OutcomeN => &["denominator", "outcome denominator", "of"],
        Field::Percent => &["percent", "%", "rate", "proportion %"],
        Field::Arm => &["group", "treatment arm"],
        Field::Time => &[
            "timepoint",
            "time point",
            "when",
            "follow-up",
            "assessed at",
        ],
        Field::Notes => &["note", "comments", "comment", "remarks"],
    }
}

/// The field a header names, if any.
pub fn match_header(header: &str) -> Option<Field> {
    let key = |text: &str| squash(&text.replace('%', "percent"));
    let wanted = key(header);
    Field::ALL.into_iter().find(|&field| {
        [field.key(), field.label()]
            .into_iter()
            .chain(synonyms(field).iter().copied())
            .any(|name| key(name) == wanted)
    })
}

/// Reads a pasted block or a CSV file (tab-, semicolon- or comma-separated, detected).
pub fn preview_table(text: &str) -> Preview {
    let records = csv::read(text, csv::detect_delimiter(text));
    let mut preview = Preview::default();
    let Some((header, body)) = records.split_first() else {
        preview.problems.push(Problem::error(
            Field::Label,
            "nothing to read: paste a header row and at least one row.",
        ));
        return preview;
    };
    for cell in header {
        let mut field = match_header(cell);
        if let Some(f) = field.filter(|f| preview.columns.iter().any(|c| c.field == Some(*f))) {
            preview.problems.push(Problem::warning(
                f,
                format!("a second column “{}” is ignored.", cell.trim()),
            ));
            field = None;
        }
        preview.columns.push(Column {
            header: cell.clone(),
            field,
        });
    }
    if !preview
        .columns
        .iter()
        .any(|c| c.field == Some(Field::Label))
    {
        preview.problems.push(Problem::error(
            Field::Label,
            "no column is headed label (or name, cohort, study).",
        ));
    }
    if body.is_empty() {
        preview.problems.push(Problem::error(
            Field::Label,
            "the block has a header row but no rows.",
        ));
    }
    let fields: Vec<Option<Field>> = preview.columns.iter().map(|c| c.field).collect();
    let column = |field: Field| fields.iter().position(|f| *f == Some(field));
    let cell = |record: &[String], field: Field| -> String {
        column(field)
            .and_then(|i| record.get(i))
            .map(|c| csv_unneutralise(c).trim().to_string())
            .unwrap_or_default()
    };
    // Rows 2.. grouped by their entry cell (blank: a group of its own).
    let mut groups: Vec<Vec<(usize, &[String])>> = Vec::new();
    for (index, record) in body.iter().enumerate() {
        let id = cell(record, Field::Entry);
        let same = groups
            .last()
            .and_then(|g| g.first())
            .is_some_and(|(_, first)| !id.is_empty() && cell(first, Field::Entry) == id);
        match groups.last_mut() {
            Some(group) if same => group.push((index + 2, record)),
            _ => groups.push(vec![(index + 2, record)]),
        }
    }
    for group in groups {
        preview.entries.push(read_group(&group, &cell));
    }
    preview
}

/// The cells of an outcome: a row with all of them blank adds none.
const OUTCOME_FIELDS: [Field; 6] = [
    Field::Measure,
    Field::Events,
    Field::OutcomeN,
    Field::Percent,
    Field::Arm,
    Field::Time,
];

/// One entry from its rows: the cohort from the first row (later rows must repeat it
/// or leave it blank), one outcome per row with any outcome cell filled.
fn read_group(
    group: &[(usize, &[String])],
    cell: &dyn Fn(&[String], Field) -> String,
) -> PreviewEntry {
    let mut problems = Vec::new();
    let mut entry = Entry::default();
    let Some(&(first_row, first)) = group.first() else {
        return PreviewEntry {
            rows: Vec::new(),
            entry,
            problems,
        };
    };
    let mut push = |row: usize, field: Field, message: String| {
        problems.push(Problem {
            row: Some(row),
            ..Problem::error(field, message)
        });
    };
    for field in Field::ALL.into_iter().filter(|f| f.is_cohort()) {
        let text = cell(first, field);
        if let Err(message) = set_cohort(&mut entry, field, &text) {
            push(first_row, field, message);
        }
        for &(row, record) in &group[1..] {
            let other = cell(record, field);
            if !other.is_empty() && other != text {
                push(
                    row,
                    field,
                    format!("“{other}” differs from row {first_row} of the same entry (“{text}”)."),
                );
            }
        }
    }
    let mut outcome_rows = Vec::new();
    for &(row, record) in group {
        if OUTCOME_FIELDS.iter().all(|f| cell(record, *f).is_empty()) {
            continue;
        }
        match read_outcome(&|f| cell(record, f)) {
            Ok(outcome) => {
                entry.outcomes.push(outcome);
                outcome_rows.push(row);
            }
            Err(errors) => {
                for (field, message) in errors {
                    push(row, field, message);
                }
            }
        }
    }
    let read_cleanly = problems.is_empty();
    for mut problem in validate(&entry) {
        // With unreadable outcome cells "add at least one outcome" says nothing new.
        if !read_cleanly && problem.field == Field::Measure && entry.outcomes.is_empty() {
            continue;
        }
        problem.row = Some(
            problem
                .outcome
                .and_then(|i| outcome_rows.get(i).copied())
                .unwrap_or(first_row),
        );
        problem.outcome = None;
        problems.push(problem);
    }
    problems.sort_by_key(|p| p.row);
    PreviewEntry {
        rows: group.iter().map(|(row, _)| *row).collect(),
        entry,
        problems,
    }
}

/// Sets a cohort field from its cell; blank is "not reported".
fn set_cohort(entry: &mut Entry, field: Field, text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    let owned = || Some(text.to_string());
    match field {
        Field::Label => entry.label = text.to_string(),
        Field::Indication => entry.indication = Some(text::indication(text)?),
        Field::Source => entry.tissue = Some(text::tissue(text)?),
        Field::Dose => entry.dose = owned(),
        Field::Infusions => entry.infusions = text::whole(text)?,
        Field::AgeGroup => entry.age_group = Some(text::age_group(text)?),
        Field::Grade => entry.grade = Some(text::grade(text)?),
        Field::N => entry.n = text::whole(text)?,
        Field::Notes => entry.notes = owned(),
        _ => {}
    }
    Ok(())
}

/// One outcome from its cells, or every cell that could not be read.
fn read_outcome(cell: &dyn Fn(Field) -> String) -> Result<EntryOutcome, Vec<(Field, String)>> {
    let mut errors = Vec::new();
    let mut outcome = EntryOutcome::new(crate::domain::data::Measure::Or);
    let measure = cell(Field::Measure);
    match text::measure(&measure) {
        _ if measure.is_empty() => errors.push((
            Field::Measure,
            "choose the outcome (e.g. complete-response).".into(),
        )),
        Ok(m) => outcome.measure = m,
        Err(e) => errors.push((Field::Measure, e)),
    }
    for (field, slot) in [
        (Field::Events, &mut outcome.events),
        (Field::OutcomeN, &mut outcome.n),
    ] {
        match text::whole(&cell(field)) {
            Ok(value) => *slot = value,
            Err(e) => errors.push((field, e)),
        }
    }
    let percent = cell(Field::Percent);
    let percent = percent.trim_end_matches('%').trim_end();
    outcome.percent = (!percent.is_empty()).then(|| percent.to_string());
    let arm = cell(Field::Arm);
    match text::arm(&arm) {
        _ if arm.is_empty() => {}
        Ok(a) => outcome.arm = a,
        Err(e) => errors.push((Field::Arm, e)),
    }
    let time = cell(Field::Time);
    match text::time_point(&time) {
        _ if time.is_empty() => {}
        Ok(t) => outcome.time = Some(t),
        Err(e) => errors.push((Field::Time, e)),
    }
    if errors.is_empty() {
        Ok(outcome)
    } else {
        Err(errors)
    }
}

/// The cell of `field` for the CSV export.
fn export_cell(
    entry: &Entry,
    number: usize,
    outcome: Option<&EntryOutcome>,
    field: Field,
) -> String {
    let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    match field {
        Field::Entry => number.to_string(),
        Field::Label => entry.label.clone(),
        Field::Indication => entry
            .indication
            .map(|i| i.key().to_string())
            .unwrap_or_default(),
        Field::Source => entry
            .tissue
            .map(|t| t.link_key().to_string())
            .unwrap_or_default(),
        Field::Dose => entry.dose.clone().unwrap_or_default(),
        Field::Infusions => opt(entry.infusions),
        Field::AgeGroup => entry
            .age_group
            .map(|a| a.link_key().to_string())
            .unwrap_or_default(),
        Field::Grade => entry.grade.map(|g| g.text()).unwrap_or_default(),
        Field::N => opt(entry.n),
        Field::Notes => entry.notes.clone().unwrap_or_default(),
        Field::Measure => outcome
            .map(|o| o.measure.link_key().to_string())
            .unwrap_or_default(),
        Field::Events => opt(outcome.and_then(|o| o.events)),
        Field::OutcomeN => opt(outcome.and_then(|o| o.n)),
        Field::Percent => outcome.and_then(|o| o.percent.clone()).unwrap_or_default(),
        Field::Arm => outcome
            .map(|o| o.arm.link_key().to_string())
            .unwrap_or_default(),
        Field::Time => outcome
            .and_then(|o| o.time)
            .map(|t| t.text())
            .unwrap_or_default(),
    }
}

/// Every entry as CSV: a header of the field keys, one row per outcome (an entry without
/// outcomes as one row), the entry's number in the `entry` column.
pub fn to_csv(entries: &[Entry]) -> String {
    let mut records = vec![Field::ALL
        .iter()
        .map(|f| f.key().to_string())
        .collect::<Vec<_>>()];
    for (index, entry) in entries.iter().enumerate() {
        let outcomes: Vec<Option<&EntryOutcome>> = match entry.outcomes.as_slice() {
            [] => vec![None],
            all => all.iter().map(Some).collect(),
        };
        for outcome in outcomes {
            records.push(
                Field::ALL
                    .iter()
                    .map(|f| export_cell(entry, index + 1, outcome, *f))
                    .collect(),
            );
        }
    }
    csv::write(&records)
}

/// A file or a paste: JSON (our export or stored data) when it starts with `{`, else a
/// table. JSON entries are numbered from 1 in the problems' row.
pub fn preview_import(text: &str) -> Preview {
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return preview_table(text);
    }
    let mut preview = Preview::default();
    match crate::domain::mine::store::read_text(text) {
        Ok(data) => {
            for (index, entry) in data.entries.into_iter().enumerate() {
                let entry = entry.tidied();
                let problems = validate(&entry)
                    .into_iter()
                    .map(|p| Problem {
                        row: Some(index + 1),
                        ..p
                    })
                    .collect();
                preview.entries.push(PreviewEntry {
                    rows: vec![index + 1],
                    entry,
                    problems,
                });
            }
        }
        Err(error) => preview
            .problems
            .push(Problem::error(Field::Entry, error.to_string())),
    }
    preview
}
