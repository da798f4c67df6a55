//! Property tests: nothing panics on any input, valid entries round-trip through JSON,
//! CSV and the link, and the CSV reader agrees with the csv crate.

use proptest::prelude::*;

use super::link::{self, Packing};
use super::store::{read_text, to_json};
use super::table::{preview_import, preview_table, to_csv};
use super::text::{self, is_countable, MEASURES};
use super::validate::is_valid;
use super::*;
use crate::domain::data::{Indication, Tissue};

const TISSUES: [Tissue; 8] = Tissue::ALL;
const AGES: [AgeGroup; 4] = AgeGroup::ALL;
const ARMS: [Arm; 3] = Arm::ALL;

/// Text a user might type, with the characters CSV and spreadsheets care about; trimmed.
fn tidy_text() -> impl Strategy<Value = String> {
    "[=+@'\"a-zA-Z0-9-][a-zA-Z0-9 ,;\"'=+@\t\r\n-]{0,12}[a-zA-Z0-9\"'.]"
}

fn outcome() -> impl Strategy<Value = EntryOutcome> {
    let measures: Vec<_> = MEASURES.into_iter().filter(|m| is_countable(*m)).collect();
    (
        proptest::sample::select(measures),
        1u32..400,
        any::<u32>(),
        any::<bool>(),
        proptest::sample::select(ARMS.to_vec()),
        proptest::option::of((0u32..400, proptest::sample::select(TimeUnit::ALL.to_vec()))),
    )
        .prop_map(|(measure, n, k, with_percent, arm, time)| {
            let events = k % (n + 1);
            EntryOutcome {
                measure,
                events: Some(events),
                n: Some(n),
                percent: with_percent
                    .then(|| format!("{:.1}", 100.0 * f64::from(events) / f64::from(n))),
                arm,
                time: time.map(|(amount, unit)| TimePoint { amount, unit }),
            }
        })
}

fn valid_entry() -> impl Strategy<Value = Entry> {
    (
        tidy_text(),
        proptest::sample::select(Indication::ALL.to_vec()),
        proptest::option::of(proptest::sample::select(TISSUES.to_vec())),
        proptest::option::of(proptest::sample::select(vec![
            "2e6",
            "1.5 million",
            "2 x 10^6",
            "1,000,000",
            "5×10⁵",
        ])),
        proptest::option::of(1u32..10),
        proptest::option::of(proptest::sample::select(AGES.to_vec())),
        proptest::option::of((1u8..=4, 0u8..=3)),
        proptest::option::of(1u32..500),
        proptest::collection::vec(outcome(), 1..4),
        proptest::option::of(tidy_text()),
    )
        .prop_map(
            |(label, indication, tissue, dose, infusions, age_group, grade, n, outcomes, notes)| {
                Entry {
                    label,
                    indication: Some(indication),
                    tissue,
                    dose: dose.map(str::to_string),
                    infusions,
                    age_group,
                    grade: grade.map(|(low, up)| GradeRange {
                        low,
                        high: (low + up).min(4),
                    }),
                    n,
                    outcomes,
                    notes,
                }
            },
        )
}

/// Any entry at all: strings, zeros and maxima where the schema allows them.
fn any_entry() -> impl Strategy<Value = Entry> {
    let opt_u32 = || proptest::option::of(prop_oneof![Just(0u32), Just(u32::MAX), any::<u32>()]);
    let any_outcome = (
        proptest::sample::select(MEASURES.to_vec()),
        opt_u32(),
        opt_u32(),
        proptest::option::of(".{0,8}"),
        proptest::sample::select(ARMS.to_vec()),
        proptest::option::of(any::<u32>()),
    )
        .prop_map(|(measure, events, n, percent, arm, days)| EntryOutcome {
            measure,
            events,
            n,
            percent,
            arm,
            time: days.map(|amount| TimePoint {
                amount,
                unit: TimeUnit::Years,
            }),
        });
    (
        ".{0,10}",
        proptest::option::of(".{0,10}"),
        opt_u32(),
        opt_u32(),
        proptest::option::of((any::<u8>(), any::<u8>())),
        proptest::collection::vec(any_outcome, 0..4),
    )
        .prop_map(|(label, dose, n, infusions, grade, outcomes)| Entry {
            label,
            dose,
            n,
            infusions,
            grade: grade.map(|(low, high)| GradeRange { low, high }),
            outcomes,
            ..Entry::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_is_read_without_panicking(text in "(?s).{0,200}") {
        let _ = preview_table(&text);
        let _ = preview_import(&text);
        let _ = read_text(&text);
        let _ = link::decode(&text);
        let _ = link::entries(text.as_bytes());
        let _ = link::base64url_decode(&text);
        let _ = (text::whole(&text), text::percent(&text), text::grade(&text), text::time_point(&text));
        let _ = (text::measure(&text), text::tissue(&text), text::identifier_warning(&text));
    }

    #[test]
    fn table_like_text_is_read_without_panicking(text in "[a-z0-9,;\t\"\r\n %.=-]{0,300}") {
        let header = "label,indication,n,measure,events,percent,time,entry,grade,dose\n";
        let preview = preview_table(&format!("{header}{text}"));
        prop_assert!(preview.valid_entries().len() <= preview.entries.len());
        let _ = preview_import(&text);
    }

    #[test]
    fn json_like_text_is_read_without_panicking(text in "[{}\\[\\]\":,0-9a-z_ ]{0,200}") {
        let _ = read_text(&text);
        let _ = read_text(&format!("{{\"format\":\"msc-hsct/my-data\",\"version\":1,{text}"));
        let _ = preview_import(&format!("{{{text}"));
    }

    #[test]
    fn any_entry_is_validated_and_made_into_rows_without_panicking(entry in any_entry()) {
        let _ = validate(&entry);
        let entries = [entry];
        for measure in MEASURES {
            let _ = rows::rows(&entries, measure, crate::domain::stats::proportion::CiMethod::Wilson);
        }
        let _ = read_text(&to_json(&entries));
        let _ = preview_table(&to_csv(&entries));
    }

    #[test]
    fn valid_entries_round_trip_through_json_csv_and_the_link(entries in proptest::collection::vec(valid_entry(), 1..4)) {
        for entry in &entries {
            prop_assert!(is_valid(entry), "{:?}: {:?}", entry, validate(entry));
            prop_assert_eq!(&entry.clone().tidied(), entry);
        }
        let data = MyData { version: VERSION, entries: entries.clone() };
        prop_assert_eq!(read_text(&to_json(&entries)), Ok(data));
        let csv_text = to_csv(&entries);
        let read: Vec<Entry> = preview_table(&csv_text).entries.into_iter().map(|e| e.entry).collect();
        prop_assert_eq!(&read, &entries);
        let fragment = link::encode(Packing::Plain, &link::payload(&entries));
        if let Ok(fragment) = fragment {
            let (_, bytes) = link::decode(&fragment).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(link::entries(&bytes), Ok(entries));
        }
    }

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = link::base64url_encode(&bytes);
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(link::base64url_decode(&text), Some(bytes));
    }

    #[test]
    fn the_reader_reads_what_the_csv_crate_writes(
        records in proptest::collection::vec(proptest::collection::vec("[a-z ,;\t\"\r\n]{0,6}", 1..5), 1..6),
        delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
    ) {
        let records: Vec<Vec<String>> = records.into_iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).collect();
        let mut writer = ::csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
        for record in &records {
            writer.write_record(record).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let bytes = writer.into_inner().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(csv::read(&text, char::from(delimiter)), records);
    }

    #[test]
    fn the_reader_agrees_with_the_csv_crate_on_any_text(text in "[ab,\"\r\n]{0,40}") {
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let theirs: Vec<Vec<String>> = reader
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        prop_assert_eq!(csv::read(&text, ','), theirs, "{:?}", text);
    }
}
