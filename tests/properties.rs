//! Property tests of the parsers and the dose arithmetic: no input makes a parser panic,
//! containers always hold the dose, and doses scale with weight.
#![cfg(not(target_arch = "wasm32"))]

use msc_hsct::domain::date::Date;
use msc_hsct::domain::dose::{
    containers_needed, plan, AgeBand, PlanInput, ProductId, ScheduleChoice,
};
use msc_hsct::domain::encode::decode_query;
use msc_hsct::domain::quantity::{parse_count, parse_dose_per_kg, parse_weight, WeightUnit};
use msc_hsct::screens::calculator::form::{evaluate, CalculatorForm};
use msc_hsct::screens::route::Route;
use proptest::prelude::*;

/// Cases per property: `default` in the test command, more with PROPTEST_CASES
/// (`scripts/fuzz.sh` runs 100,000).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Strings near the formats people type, plus arbitrary Unicode.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 .,eE×x*^⁰¹²³⁴⁵⁶⁷⁸⁹⁻+-]{0,16}",
        "[0-9]{1,4}(\\.[0-9]{1,3})? ?(x|×|\\*) ?10\\^-?[0-9]{1,3}",
        "[0-9]{1,3}(,[0-9]{3}){0,4}",
        "[0-9.]{1,6} ?(million|mio|m|k|bn|billion|kg|lb|lbs|mL|cells/kg)",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(20_000)))]

    #[test]
    fn parsers_never_panic(text in typed()) {
        let _ = parse_dose_per_kg(&text);
        let _ = parse_count(&text);
        let _ = parse_weight(&text, WeightUnit::Kg);
        let _ = parse_weight(&text, WeightUnit::Lb);
        let _ = Date::parse(&text);
        let _ = decode_query(&text);
        let _ = Route::parse("/msc", &text, &text);
    }

    #[test]
    fn accepted_doses_are_finite_and_in_range(text in typed()) {
        if let Ok(dose) = parse_dose_per_kg(&text) {
            prop_assert!(dose.is_finite() && (1e3..=1e10).contains(&dose));
        }
        if let Ok(kg) = parse_weight(&text, WeightUnit::Lb) {
            prop_assert!((0.3..=350.0).contains(&kg));
        }
    }

    #[test]
    fn the_form_never_panics(weight in typed(), dose in typed(), cells in typed(), ml in typed(), n in typed(), start in typed()) {
        let mut form = CalculatorForm::new("2026-11-25");
        form.weight.edit(&weight);
        form.dose = dose;
        form.product = ProductId::Custom;
        form.custom_cells = cells;
        form.custom_ml = ml;
        form.infusions = n.clone();
        form.interval_days = n;
        form.start = start;
        let _ = evaluate(&form, None);
    }
}

fn plan_for(product: ProductId, kg: f64, dose: f64) -> PlanInput {
    PlanInput {
        weight_kg: kg,
        age: AgeBand::Child,
        dose_per_kg: Some(dose),
        product,
        custom_container: Some((25e6, 4.0)),
        schedule: ScheduleChoice::Custom {
            infusions: 4,
            interval_days: 7,
        },
        start: Date::parse("2028-02-27").unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(5_000)))]

    #[test]
    fn containers_hold_at_least_the_dose(cells in 1.0f64..1e12, per in 1.0f64..1e10) {
        let count = containers_needed(cells, per);
        prop_assert!(f64::from(count) * per >= cells * (1.0 - 1e-9));
        prop_assert!(count == 0 || f64::from(count - 1) * per < cells * (1.0 + 1e-9), "not one container too many");
    }

    #[test]
    fn plans_scale_linearly_with_weight(kg in 1.0f64..150.0, dose in 1e5f64..1e7, product in prop_oneof![Just(ProductId::Ryoncil), Just(ProductId::Temcell), Just(ProductId::Custom)]) {
        let one = plan(&plan_for(product, kg, dose)).unwrap();
        let two = plan(&plan_for(product, 2.0 * kg, dose)).unwrap();
        prop_assert!((two.cells_per_infusion - 2.0 * one.cells_per_infusion).abs() <= one.cells_per_infusion * 1e-12);
        prop_assert!((two.cells_per_course - 2.0 * one.cells_per_course).abs() <= one.cells_per_course * 1e-12);
        let (c1, c2) = (one.containers.unwrap(), two.containers.unwrap());
        if let (Some(v1), Some(v2)) = (c1.volume_ml, c2.volume_ml) {
            prop_assert!((v2 - 2.0 * v1).abs() <= v1 * 1e-12);
        }
        prop_assert!(c1.cells_thawed >= one.cells_per_infusion * (1.0 - 1e-9));
        prop_assert!(c2.cells_left >= 0.0);
    }
}

mod share_links {
    use super::cases;
    use msc_hsct::screens::calculator::control::Field;
    use msc_hsct::screens::calculator::form::CalculatorForm;
    use msc_hsct::screens::calculator::link::{apply_calculator, calculator_query};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ -~]{0,12}", "[0-9.,e×x^ ]{0,10}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(5_000)))]

        #[test]
        fn any_query_string_applies_without_panicking(query in any::<String>(), form_query in "(\\??([a-z]{1,5}=[^&]{0,8}&?){0,6})") {
            let mut form = CalculatorForm::new("2026-11-25");
            let _ = apply_calculator(&query, &mut form, "2023.1");
            let _ = apply_calculator(&form_query, &mut form, "2023.1");
        }

        #[test]
        fn every_form_round_trips_through_its_link(
            weight in text(), dose in text(), cells in text(), ml in text(), n in text(), interval in text(), start in text(),
            unit in prop_oneof![Just("kg"), Just("lb")],
            age in prop_oneof![Just("infant"), Just("child"), Just("adult")],
            product in prop_oneof![Just("ryoncil"), Just("temcell"), Just("obnitix"), Just("custom")],
            indication in prop_oneof![Just("engraftment"), Just("agvhd_treatment"), Just("cgvhd_treatment"), Just("dsc")],
            custom in any::<bool>(),
        ) {
            let defaults = CalculatorForm::new("2026-11-25");
            let mut form = defaults.clone();
            form.set(Field::WeightUnit, unit).unwrap();
            form.set(Field::Weight, &weight).unwrap();
            for (field, value) in [(Field::Dose, &dose), (Field::CustomCells, &cells), (Field::CustomMl, &ml), (Field::Infusions, &n), (Field::Interval, &interval), (Field::Start, &start)] {
                form.set(field, value).unwrap();
            }
            form.set(Field::Age, age).unwrap();
            form.set(Field::Product, product).unwrap();
            form.set(Field::Indication, indication).unwrap();
            form.set(Field::CustomSchedule, if custom { "1" } else { "0" }).unwrap();
            let link = calculator_query(&form, &defaults, "2023.1");
            let mut back = defaults.clone();
            let notices = apply_calculator(&link, &mut back, "2023.1");
            prop_assert!(notices.is_empty(), "{:?}", notices);
            prop_assert_eq!(back, form);
        }
    }
}

mod analysis_links {
    use super::cases;
    use msc_hsct::domain::data::evidence;
    use msc_hsct::domain::evidence::{rows, SortKey};
    use msc_hsct::domain::keys::Keyed;
    use msc_hsct::screens::analysis::control::{apply, Control, Msg};
    use msc_hsct::screens::analysis::link::{from_query, query};
    use msc_hsct::screens::analysis::state::{Analysis, Choices, Column};
    use msc_hsct::screens::analysis::view::{chart_html, results_html};
    use msc_hsct::screens::Links;
    use proptest::prelude::*;

    fn keys<T: Keyed>() -> Vec<String> {
        T::ALL.iter().map(|t| t.key().to_string()).collect()
    }

    /// One message, with values drawn from what the form offers plus arbitrary text for
    /// the text fields.
    fn change(choices: &Choices) -> impl Strategy<Value = Msg> {
        let ids = choices.study_ids.clone();
        let measures: Vec<String> = choices
            .measures
            .iter()
            .map(|(m, _)| m.link_key().to_string())
            .collect();
        let indications: Vec<String> = choices
            .indications
            .iter()
            .map(|i| i.key().to_string())
            .collect();
        let tissues: Vec<String> = choices
            .tissues
            .iter()
            .map(|t| t.link_key().to_string())
            .collect();
        let grades = choices.grades.clone();
        let ages: Vec<String> = choices
            .ages
            .iter()
            .map(|a| a.link_key().to_string())
            .collect();
        let arms: Vec<String> = choices
            .arms
            .iter()
            .map(|a| a.link_key().to_string())
            .collect();
        let select = |control: Control, values: Vec<String>| {
            let mut values = values;
            values.push(String::new());
            proptest::sample::select(values).prop_map(move |v| Msg::Set(control, v))
        };
        let toggle = |control: Control| {
            any::<bool>().prop_map(move |c| Msg::Set(control, (if c { "1" } else { "0" }).into()))
        };
        let typed = |control: Control| any::<String>().prop_map(move |v| Msg::Set(control, v));
        prop_oneof![
            proptest::sample::select(measures).prop_map(|v| Msg::Set(Control::Measure, v)),
            select(Control::Indication, indications),
            select(Control::Source, tissues),
            select(Control::Grade, grades),
            select(Control::Age, ages),
            select(Control::Arm, arms),
            select(
                Control::Band,
                vec!["lt1e6".into(), "1e6-2e6".into(), "gt2e6".into()]
            ),
            select(Control::Sort, keys::<SortKey>()),
            select(Control::Ci, vec!["cp".into(), "wilson".into()]),
            select(Control::Tau2, vec!["reml".into(), "dl".into()]),
            proptest::sample::select(vec!["none", "source", "indication", "dose", "age"])
                .prop_map(|v| Msg::Set(Control::Group, v.into())),
            proptest::sample::select(vec!["forest", "dose", "engraftment"])
                .prop_map(|v| Msg::Set(Control::Chart, v.into())),
            toggle(Control::HartungKnapp),
            toggle(Control::Descending),
            toggle(Control::Split),
            toggle(Control::LeaveOneOut),
            toggle(Control::NoFlagged),
            (
                proptest::sample::select(Column::ALL.to_vec()),
                any::<bool>()
            )
                .prop_map(|(c, shown)| Msg::ShowColumn(c, shown)),
            proptest::sample::select(SortKey::ALL.to_vec()).prop_map(Msg::SortBy),
            typed(Control::MinN),
            typed(Control::Disease),
            typed(Control::Text),
            (proptest::sample::select(ids), any::<bool>()).prop_map(|(id, c)| Msg::Pick(id, c)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

        #[test]
        fn any_link_opens_and_renders_without_panicking(query in any::<String>(), shaped in "(\\??([a-z]{1,6}=[^&]{0,10}&?){0,8})") {
            let ev = evidence().unwrap();
            let choices = Choices::of(ev);
            for q in [&query, &shaped] {
                let (a, _) = from_query(q, &choices, "2023.1");
                let all = rows(ev, a.measure, a.ci);
                let summary = a.summarize(&all);
                let _ = results_html(&summary, &a, &all, &Links { base: String::new() });
                let _ = chart_html(ev, &summary, &a, 760.0, false);
                let _ = a.export_json(&summary);
            }
        }

        #[test]
        fn every_analysis_round_trips_through_its_link(changes in proptest::collection::vec(change(&Choices::of(evidence().unwrap())), 0..12), page in 0usize..5, opening in any::<bool>()) {
            let choices = Choices::of(evidence().unwrap());
            // From a link (every indication) or from the opening view (its indication
            // follows the outcome until one is chosen).
            let mut a = if opening { Analysis::opening(&choices) } else { Analysis::default() };
            for msg in &changes {
                let _ = apply(&mut a, msg, &choices);
            }
            a.page = page;
            let link = query(&a, "2023.1");
            let (back, notices) = from_query(&link, &choices, "2023.1");
            prop_assert!(notices.is_empty(), "{:?} from {}", notices, link);
            prop_assert!(!back.indication_follows, "a link names its indication");
            prop_assert_eq!(Analysis { indication_follows: a.indication_follows, ..back }, a);
        }
    }
}

/// Hostile input for every parser of the link, the form and "my data": arbitrary text,
/// NUL and bidi controls, invalid percent-encodings, huge numbers, formula starts.
mod hostile {
    use proptest::prelude::*;

    /// Characters that have broken parsers elsewhere: controls, bidi overrides, BOM,
    /// Unicode line breaks, CSV and JSON syntax, percent signs.
    pub const SPECIAL: &[char] = &[
        '\0',
        '\u{202E}',
        '\u{202D}',
        '\u{2066}',
        '\u{2069}',
        '\u{200F}',
        '\u{FEFF}',
        '\u{85}',
        '\u{2028}',
        '\u{FFFD}',
        '\u{1F600}',
        '"',
        '\'',
        ',',
        ';',
        '\t',
        '\r',
        '\n',
        '=',
        '+',
        '-',
        '@',
        '%',
        '#',
        '&',
        '{',
        '}',
        '[',
        ']',
        '\\',
        ' ',
        '.',
        'e',
        'é',
        '0',
        '9',
    ];

    /// A string of special and arbitrary characters, `len` long at most.
    pub fn text(len: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(SPECIAL),
                1 => any::<char>(),
                2 => proptest::char::range('a', 'z'),
            ],
            0..=len,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// Numbers no parser should take: very long, out of every range, odd notations.
    pub fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{10,400}",
            "-?[0-9]{1,7}(\\.[0-9]{0,40})?%?",
            "[0-9]{1,3}[eE][+-]?[0-9]{1,5}",
            proptest::sample::select(vec![
                "4294967295",
                "4294967296",
                "18446744073709551616",
                "-0",
                "-1",
                "0x10",
                "1_000",
                "NaN",
                "inf",
                "-inf",
                "1e999",
                "٣",
                "５",
                "½",
                "1.",
                ".5",
                "00",
                "+3",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// Percent-encodings, valid and not: `%`, `%Z9`, a lone `%C3`, `%FF`, encoded NUL.
    pub fn percent_encoded() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "%[0-9A-Fa-fZz]{0,2}",
                Just("%C3".to_string()),
                Just("%FF%FE".to_string()),
                Just("%00".to_string()),
                Just("%E2%80%AE".to_string()),
                "[a-z=&+#?]{1,3}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Any of the above.
    pub fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            text(24),
            number(),
            percent_encoded(),
            "[=+@\t\r'\"-][ -~]{0,10}",
            Just(String::new()),
        ]
    }

    /// A query string `?k=v&…` with hostile values under known-looking names.
    pub fn query(names: Vec<String>) -> impl Strategy<Value = String> {
        proptest::collection::vec((proptest::sample::select(names), value()), 0..8).prop_map(
            |pairs| {
                let pairs: Vec<String> = pairs
                    .into_iter()
                    .map(|(k, v)| format!("{k}={}", v.replace(['&', '#'], "%26")))
                    .collect();
                format!("?{}", pairs.join("&"))
            },
        )
    }
}

mod hostile_links {
    use super::{cases, hostile};
    use msc_hsct::domain::data::evidence;
    use msc_hsct::domain::encode::decode_query;
    use msc_hsct::screens::analysis::link::{from_query, PARAMS};
    use msc_hsct::screens::analysis::state::Choices;
    use msc_hsct::screens::calculator::control::Field;
    use msc_hsct::screens::calculator::form::{evaluate, CalculatorForm};
    use msc_hsct::screens::calculator::link::apply_calculator;
    use msc_hsct::screens::route::Route;
    use proptest::prelude::*;

    /// Parameter names of both pages' links, read from their tables, and a few others.
    fn names() -> Vec<String> {
        let calculator = Field::ALL.iter().map(|f| f.param());
        let analysis = PARAMS.iter().map(|p| p.name);
        calculator
            .chain(analysis)
            .chain(["v", "study", "my", "x", ""])
            .map(str::to_string)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

        #[test]
        fn hostile_queries_open_both_pages_without_panicking(query in hostile::query(names()), path in hostile::value()) {
            let _ = decode_query(&query);
            let _ = Route::parse("/msc", &path, &query);
            let mut form = CalculatorForm::new("2026-11-25");
            let _ = apply_calculator(&query, &mut form, "2023.1");
            let _ = evaluate(&form, None);
            let choices = Choices::of(evidence().unwrap());
            let _ = from_query(&query, &choices, "2023.1");
        }
    }
}

/// "My data" (issue 15/17): pasted blocks, imported CSV and JSON files, stored values and
/// link fragments, from structured-but-hostile input: valid exports with mutated cells,
/// shuffled headers, unbalanced quotes, huge numbers, NUL and bidi characters, truncated
/// base64url. Nothing panics; what a preview calls valid passes `validate` and is stored
/// tidy; valid entries round-trip exactly through JSON, CSV and the link.
mod my_data {
    use super::{cases, hostile};
    use msc_hsct::domain::data::{AgeGroup, Arm, Indication, Tissue};
    use msc_hsct::domain::mine::link::{self, Packing, MAX_LINK_CHARS};
    use msc_hsct::domain::mine::store::{read_text, read_value, to_json, to_json_pretty};
    use msc_hsct::domain::mine::table::{preview_import, preview_table, to_csv, Preview};
    use msc_hsct::domain::mine::text::{is_countable, MEASURES};
    use msc_hsct::domain::mine::validate::is_valid;
    use msc_hsct::domain::mine::{
        csv, validate, Entry, EntryOutcome, Field, GradeRange, MyData, TimePoint, TimeUnit, VERSION,
    };
    use proptest::prelude::*;
    use serde_json::{json, Value};

    const TISSUES: [Tissue; 8] = Tissue::ALL;
    const AGES: [AgeGroup; 4] = AgeGroup::ALL;
    const ARMS: [Arm; 3] = Arm::ALL;

    /// Free text as an import stores it (trimmed, not blank), with hostile characters.
    fn free_text() -> impl Strategy<Value = String> {
        hostile::text(16)
            .prop_map(|t| t.trim().to_string())
            .prop_filter("blank", |t| !t.is_empty())
    }

    fn outcome() -> impl Strategy<Value = EntryOutcome> {
        let measures: Vec<_> = MEASURES.into_iter().filter(|m| is_countable(*m)).collect();
        (
            proptest::sample::select(measures),
            1u32..100_000,
            any::<u32>(),
            proptest::option::of((0usize..3, any::<bool>(), any::<bool>())),
            proptest::sample::select(ARMS.to_vec()),
            proptest::option::of((
                prop_oneof![0u32..400, Just(u32::MAX)],
                proptest::sample::select(TimeUnit::ALL.to_vec()),
            )),
        )
            .prop_map(|(measure, n, k, percent, arm, time)| {
                let events = k % (n + 1);
                let exact = 100.0 * f64::from(events) / f64::from(n);
                EntryOutcome {
                    measure,
                    events: Some(events),
                    n: Some(n),
                    // As typed: 0–2 decimals, maybe with a `%` and spaces (tidied away).
                    percent: percent.map(|(decimals, sign, space)| {
                        let space = if space { " " } else { "" };
                        let sign = if sign { "%" } else { "" };
                        format!("{exact:.decimals$}{space}{sign}")
                    }),
                    arm,
                    time: time.map(|(amount, unit)| TimePoint { amount, unit }),
                }
            })
    }

    /// An entry that passes `validate` once tidied (the generator may leave a `%`).
    fn valid_entry() -> impl Strategy<Value = Entry> {
        (
            free_text(),
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
            proptest::option::of(prop_oneof![1u32..500, Just(u32::MAX)]),
            proptest::collection::vec(outcome(), 1..4),
            proptest::option::of(free_text()),
        )
            .prop_map(
                |(
                    label,
                    indication,
                    tissue,
                    dose,
                    infusions,
                    age_group,
                    grade,
                    n,
                    outcomes,
                    notes,
                )| {
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
                    .tidied()
                },
            )
            .prop_filter("valid", is_valid)
    }

    fn entries() -> impl Strategy<Value = Vec<Entry>> {
        proptest::collection::vec(valid_entry(), 1..4)
    }

    /// A table as `delimiter`-separated text, quoted where RFC 4180 needs it.
    fn write_table(records: &[Vec<String>], delimiter: char, line_end: &str) -> String {
        let quote = |cell: &String| {
            if cell.contains([delimiter, '"', '\r', '\n']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.clone()
            }
        };
        records
            .iter()
            .map(|r| {
                r.iter()
                    .map(quote)
                    .collect::<Vec<_>>()
                    .join(&delimiter.to_string())
            })
            .collect::<Vec<_>>()
            .join(line_end)
    }

    /// What an exported table holds, cell by cell (still neutralised).
    fn cells(entries: &[Entry]) -> Vec<Vec<String>> {
        csv::read(&to_csv(entries), ',')
    }

    /// Every exact round trip a valid entry list must pass.
    fn round_trips(entries: &[Entry]) -> Result<(), TestCaseError> {
        let data = MyData {
            version: VERSION,
            entries: entries.to_vec(),
        };
        prop_assert_eq!(read_text(&to_json(entries)), Ok(data.clone()));
        prop_assert_eq!(read_text(&to_json_pretty(entries)), Ok(data.clone()));
        let value: Value = serde_json::from_str(&to_json(entries)).unwrap();
        prop_assert_eq!(read_value(value), Ok(data));
        let csv_text = to_csv(entries);
        let preview = preview_table(&csv_text);
        prop_assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        prop_assert_eq!(preview.rejected(), 0, "{:?}", preview.entries);
        prop_assert_eq!(&preview.valid_entries(), entries, "CSV:\n{}", csv_text);
        prop_assert_eq!(
            &preview_import(&to_json_pretty(entries)).valid_entries(),
            entries
        );
        if let Ok(fragment) = link::encode(Packing::Plain, &link::payload(entries)) {
            let (packing, bytes) = link::decode(&format!("#{fragment}"))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(packing, Packing::Plain);
            prop_assert_eq!(link::entries(&bytes), Ok(entries.to_vec()));
        }
        Ok(())
    }

    /// What a preview reports as valid passes `validate`, is stored tidy, and round-trips.
    fn check_preview(preview: &Preview) -> Result<(), TestCaseError> {
        for entry in &preview.entries {
            prop_assert!(!entry.rows.is_empty());
            if entry.is_valid() {
                prop_assert!(
                    is_valid(&entry.entry),
                    "{:?}: {:?}",
                    entry.entry,
                    validate(&entry.entry)
                );
                prop_assert_eq!(&entry.entry.clone().tidied(), &entry.entry);
            }
        }
        prop_assert_eq!(
            preview.valid_entries().len() + preview.rejected(),
            preview.entries.len()
        );
        let valid = preview.valid_entries();
        if !valid.is_empty() {
            round_trips(&valid)?;
        }
        Ok(())
    }

    /// One change to a table's cells.
    #[derive(Clone, Debug)]
    enum Edit {
        Cell(usize, usize, String),
        SwapHeaders(usize, usize),
        RenameHeader(usize, String),
        DropColumn(usize),
        DuplicateColumn(usize),
        DropRow(usize),
        SwapRows(usize, usize),
        DuplicateRow(usize),
        ShortRow(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let i = || any::<usize>();
        let header = proptest::sample::select(
            Field::ALL
                .iter()
                .flat_map(|f| [f.key().to_string(), f.label().to_uppercase()])
                .chain(["%".into(), "of".into(), "".into(), " label ".into()])
                .collect::<Vec<_>>(),
        );
        prop_oneof![
            6 => (i(), i(), hostile::value()).prop_map(|(r, c, v)| Edit::Cell(r, c, v)),
            1 => (i(), i()).prop_map(|(a, b)| Edit::SwapHeaders(a, b)),
            1 => (i(), prop_oneof![header, hostile::value()]).prop_map(|(a, h)| Edit::RenameHeader(a, h)),
            1 => i().prop_map(Edit::DropColumn),
            1 => i().prop_map(Edit::DuplicateColumn),
            1 => i().prop_map(Edit::DropRow),
            1 => (i(), i()).prop_map(|(a, b)| Edit::SwapRows(a, b)),
            1 => i().prop_map(Edit::DuplicateRow),
            1 => (i(), i()).prop_map(|(a, b)| Edit::ShortRow(a, b)),
        ]
    }

    fn apply(records: &mut Vec<Vec<String>>, edit: &Edit) {
        let rows = records.len();
        let width = records.first().map_or(0, Vec::len);
        if rows == 0 || width == 0 {
            return;
        }
        match edit.clone() {
            Edit::Cell(r, c, v) => {
                if let Some(cell) = records[r % rows].get_mut(c % width) {
                    *cell = v;
                }
            }
            Edit::SwapHeaders(a, b) => records[0].swap(a % width, b % width),
            Edit::RenameHeader(a, h) => records[0][a % width] = h,
            Edit::DropColumn(c) => records.iter_mut().for_each(|r| {
                if c % width < r.len() {
                    r.remove(c % width);
                }
            }),
            Edit::DuplicateColumn(c) => records.iter_mut().for_each(|r| {
                if let Some(cell) = r.get(c % width).cloned() {
                    r.push(cell);
                }
            }),
            Edit::DropRow(r) => {
                records.remove(r % rows);
            }
            Edit::SwapRows(a, b) => records.swap(a % rows, b % rows),
            Edit::DuplicateRow(r) => {
                let row = records[r % rows].clone();
                records.insert(r % rows, row);
            }
            Edit::ShortRow(r, keep) => records[r % rows].truncate(keep % (width + 1)),
        }
    }

    /// One change to the text itself: a stray quote, a cut, a control character.
    #[derive(Clone, Debug)]
    enum Splice {
        Insert(usize, String),
        Truncate(usize),
        Remove(usize, usize),
    }

    fn splice() -> impl Strategy<Value = Splice> {
        prop_oneof![
            (
                any::<usize>(),
                prop_oneof![
                    Just("\"".to_string()),
                    Just("\"\"\"".to_string()),
                    Just("\r".to_string()),
                    Just("\n".to_string()),
                    Just("\u{feff}".to_string()),
                    Just("\0".to_string()),
                    Just("\u{202e}".to_string()),
                    hostile::value(),
                ]
            )
                .prop_map(|(i, s)| Splice::Insert(i, s)),
            any::<usize>().prop_map(Splice::Truncate),
            (any::<usize>(), 0usize..40).prop_map(|(i, n)| Splice::Remove(i, n)),
        ]
    }

    /// The char boundary at or before `i % (len + 1)`.
    fn boundary(text: &str, i: usize) -> usize {
        let mut i = i % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    fn splice_text(text: &mut String, splice: &Splice) {
        match splice {
            Splice::Insert(i, s) => {
                let at = boundary(text, *i);
                text.insert_str(at, s);
            }
            Splice::Truncate(i) => {
                let at = boundary(text, *i);
                text.truncate(at);
            }
            Splice::Remove(i, n) => {
                let from = boundary(text, *i);
                let to = boundary(text, from.saturating_add(*n).min(text.len()));
                if to > from {
                    text.replace_range(from..to, "");
                }
            }
        }
    }

    /// A valid export, then edited cells and headers, another delimiter, then a damaged text.
    fn hostile_table() -> impl Strategy<Value = String> {
        (
            entries(),
            proptest::collection::vec(edit(), 0..6),
            proptest::sample::select(vec![',', ';', '\t']),
            proptest::collection::vec(splice(), 0..3),
        )
            .prop_map(|(entries, edits, delimiter, splices)| {
                let mut records = cells(&entries);
                for e in &edits {
                    apply(&mut records, e);
                }
                let mut text = write_table(&records, delimiter, "\r\n");
                for s in &splices {
                    splice_text(&mut text, s);
                }
                text
            })
    }

    /// A placeholder a JSON value is replaced with, then swapped for raw hostile JSON.
    const HOLE: &str = "\u{1}HOLE\u{1}";

    /// Raw JSON no field of ours takes, or takes only just.
    fn hostile_json_value() -> impl Strategy<Value = String> {
        prop_oneof![
            hostile::number(),
            proptest::sample::select(vec![
                "null",
                "true",
                "[]",
                "{}",
                "[null]",
                "\"\"",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"\\u202e=1+1\"",
                "-1",
                "1.5",
                "4294967296",
                "1e999",
                "-0",
                "256",
                "\"50%\"",
                "\"1\"",
                "{\"measure\":\"complete-response\"}",
                "\"complete-response\"",
                "\"bone_marrow\"",
                "\"years\"",
                "0",
                "1",
                "2",
                "18446744073709551616",
            ])
            .prop_map(str::to_string),
            hostile::value().prop_map(|s| serde_json::to_string(&s).unwrap()),
            "\\[{1,300}",
        ]
    }

    /// Every path to a value inside `value`.
    fn paths(value: &Value, at: &mut Vec<Vec<String>>, path: Vec<String>) {
        at.push(path.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut p = path.clone();
                    p.push(k.clone());
                    paths(v, at, p);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    paths(v, at, p);
                }
            }
            _ => {}
        }
    }

    fn at_path<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
        path.iter().try_fold(value, |v, k| match v {
            Value::Object(map) => map.get_mut(k),
            Value::Array(items) => items.get_mut(k.parse::<usize>().ok()?),
            _ => None,
        })
    }

    /// A JSON edit: replace a value, add a field, or remove one.
    #[derive(Clone, Debug)]
    enum JsonEdit {
        Replace(usize, String),
        AddField(usize, String),
        Remove(usize),
    }

    fn json_edit() -> impl Strategy<Value = JsonEdit> {
        let names = proptest::sample::select(
            [
                "label",
                "indication",
                "tissue",
                "dose",
                "infusions",
                "age_group",
                "grade",
                "n",
                "outcomes",
                "notes",
                "measure",
                "events",
                "percent",
                "arm",
                "time",
                "low",
                "high",
                "amount",
                "unit",
                "name",
                "source",
                "patients",
                "format",
                "version",
                "entries",
                "__proto__",
                "",
            ]
            .map(str::to_string)
            .to_vec(),
        );
        prop_oneof![
            4 => (any::<usize>(), hostile_json_value()).prop_map(|(i, v)| JsonEdit::Replace(i, v)),
            1 => (any::<usize>(), names).prop_map(|(i, k)| JsonEdit::AddField(i, k)),
            1 => any::<usize>().prop_map(JsonEdit::Remove),
        ]
    }

    /// A valid stored or exported file (version 1, or the same data as version 0), edited,
    /// then as text, maybe damaged.
    fn hostile_json() -> impl Strategy<Value = String> {
        (
            entries(),
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(json_edit(), 0..4),
            proptest::collection::vec(splice(), 0..2),
        )
            .prop_map(|(entries, v0, pretty, edits, splices)| {
                let mut value: Value = serde_json::from_str(&to_json(&entries)).unwrap();
                if v0 {
                    let old: Vec<Value> = entries
                        .iter()
                        .map(|e| {
                            json!({"name": e.label, "source": e.tissue, "patients": e.n,
                                   "measure": e.outcomes.first().map(|o| o.measure),
                                   "events": e.outcomes.first().and_then(|o| o.events)})
                        })
                        .collect();
                    value = json!({"format": "msc-hsct/my-data", "version": 0, "entries": old});
                }
                let mut holes = Vec::new();
                for edit in &edits {
                    let mut all = Vec::new();
                    paths(&value, &mut all, Vec::new());
                    let pick = |i: usize| all[i % all.len()].clone();
                    match edit {
                        JsonEdit::Replace(i, raw) => {
                            if let Some(v) = at_path(&mut value, &pick(*i)) {
                                *v = Value::String(format!("{HOLE}{}", holes.len()));
                                holes.push(raw.clone());
                            }
                        }
                        JsonEdit::AddField(i, key) => {
                            if let Some(Value::Object(map)) = at_path(&mut value, &pick(*i)) {
                                map.insert(
                                    key.clone(),
                                    Value::String(format!("{HOLE}{}", holes.len())),
                                );
                                holes.push("1".into());
                            }
                        }
                        JsonEdit::Remove(i) => {
                            let path = pick(*i);
                            if let Some((last, parent)) = path.split_last() {
                                match at_path(&mut value, parent) {
                                    Some(Value::Object(map)) => {
                                        map.remove(last);
                                    }
                                    Some(Value::Array(items)) => {
                                        if let Ok(i) = last.parse::<usize>() {
                                            if i < items.len() {
                                                items.remove(i);
                                            }
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                let mut text = if pretty {
                    serde_json::to_string_pretty(&value).unwrap()
                } else {
                    value.to_string()
                };
                for (i, raw) in holes.iter().enumerate().rev() {
                    let hole = serde_json::to_string(&format!("{HOLE}{i}")).unwrap();
                    text = text.replace(&hole, raw);
                }
                for s in &splices {
                    splice_text(&mut text, s);
                }
                text
            })
    }

    /// Any JSON value, with the schema's own names as keys.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop_oneof![
                hostile::value(),
                proptest::sample::select(vec![
                    "msc-hsct/my-data",
                    "complete-response",
                    "bone_marrow",
                    "days",
                    "agvhd_treatment",
                    "msc",
                    "adult",
                    "2e6",
                ])
                .prop_map(str::to_string),
            ]
            .prop_map(Value::String),
        ];
        let key = proptest::sample::select(vec![
            "format",
            "version",
            "entries",
            "label",
            "indication",
            "outcomes",
            "measure",
            "events",
            "n",
            "percent",
            "arm",
            "time",
            "amount",
            "unit",
            "grade",
            "low",
            "high",
            "name",
            "patients",
            "x",
        ]);
        leaf.prop_recursive(6, 64, 8, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(key.clone(), inner, 0..8).prop_map(|m| {
                    Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            ]
        })
    }

    /// A stored value: ours with any version and any entries, or anything at all.
    fn stored_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any_value(),
            (
                prop_oneof![
                    (0u64..3).prop_map(Value::from),
                    any_value(),
                ],
                proptest::collection::vec(any_value(), 0..4),
            )
                .prop_map(|(version, entries)| json!({"format": "msc-hsct/my-data", "version": version, "entries": entries})),
        ]
    }

    /// A fragment: a real link, cut, edited, percent-encoded, under another prefix.
    fn hostile_fragment() -> impl Strategy<Value = String> {
        (
            entries(),
            proptest::sample::select(vec![
                "my1.",
                "my1z.",
                "#my1.",
                " my1.",
                "my2.",
                "my1zz.",
                "my01.",
                "my",
                "",
                "my99999999999999999999.",
                "my1.my1.",
                "MY1.",
            ]),
            proptest::collection::vec(splice(), 0..3),
            any::<bool>(),
            prop_oneof![Just(0usize), 0usize..MAX_LINK_CHARS + 10],
        )
            .prop_map(|(entries, prefix, splices, percent, pad)| {
                let body = link::base64url_encode(&link::payload(&entries));
                let mut text = format!("{prefix}{body}");
                for s in &splices {
                    splice_text(&mut text, s);
                }
                if percent {
                    text = text.replace('-', "%2D").replace('_', "%5F");
                }
                if pad > 0 {
                    text.push_str(&"A".repeat(pad));
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(1_000)))]

        #[test]
        fn valid_entries_round_trip_through_json_csv_and_the_link(entries in entries()) {
            round_trips(&entries)?;
        }

        #[test]
        fn shuffled_renamed_and_extra_columns_read_the_same_entries(
            entries in entries(),
            order in Just((0..Field::ALL.len() + 2).collect::<Vec<_>>()).prop_shuffle(),
            labels in proptest::collection::vec(any::<bool>(), Field::ALL.len()),
            extra in proptest::collection::vec(hostile::value(), 1..20),
            delimiter in proptest::sample::select(vec![',', ';', '\t']),
            crlf in any::<bool>(),
        ) {
            let mut records = cells(&entries);
            for (r, record) in records.iter_mut().enumerate() {
                // Two columns no field is read from, with hostile cells.
                let cell = |k: usize| if r == 0 { format!("ignored {k}") } else { extra[(r + k) % extra.len()].clone() };
                record.push(cell(0));
                record.push(cell(1));
                if r == 0 {
                    for (i, use_label) in labels.iter().enumerate() {
                        if *use_label {
                            record[i] = Field::ALL[i].label().to_uppercase();
                        }
                    }
                }
                *record = order.iter().map(|&i| record[i].clone()).collect();
            }
            let text = write_table(&records, delimiter, if crlf { "\r\n" } else { "\n" });
            let preview = preview_table(&text);
            prop_assert_eq!(preview.rejected(), 0, "{:?}\n{}", preview.entries, text);
            prop_assert_eq!(preview.valid_entries(), entries);
            check_preview(&preview)?;
        }

        #[test]
        fn hostile_pasted_blocks_and_csv_files_are_previewed_safely(text in hostile_table()) {
            let preview = preview_table(&text);
            check_preview(&preview)?;
            check_preview(&preview_import(&text))?;
        }

        #[test]
        fn any_text_is_previewed_safely(text in prop_oneof![any::<String>(), hostile::text(300)]) {
            check_preview(&preview_table(&text))?;
            check_preview(&preview_import(&text))?;
            let _ = read_text(&text);
            let _ = link::decode(&text);
            let _ = link::entries(text.as_bytes());
        }

        #[test]
        fn hostile_json_files_are_read_safely(text in hostile_json()) {
            let read = read_text(&text);
            if let Ok(value) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
                // The browser path (JSON.parse, then read_value) reads the same.
                prop_assert_eq!(read_value(value), read.clone());
            }
            if let Ok(data) = &read {
                prop_assert_eq!(data.version, VERSION);
                prop_assert_eq!(read_text(&to_json(&data.entries)), Ok(data.clone()));
            }
            check_preview(&preview_import(&text))?;
        }

        #[test]
        fn any_stored_value_is_read_safely(value in stored_value()) {
            if let Ok(data) = read_value(value) {
                prop_assert_eq!(data.version, VERSION);
                prop_assert_eq!(read_text(&to_json(&data.entries)), Ok(data.clone()));
                for entry in &data.entries {
                    let _ = validate(entry);
                }
            }
        }

        #[test]
        fn hostile_link_fragments_are_read_safely(fragment in hostile_fragment()) {
            match link::decode(&fragment) {
                Ok((_, bytes)) => {
                    if let Ok(entries) = link::entries(&bytes) {
                        for entry in &entries {
                            let _ = validate(entry);
                        }
                    }
                }
                Err(error) => {
                    let _ = error.to_string();
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(5_000)))]

        #[test]
        fn base64url_round_trips_and_a_cut_link_is_refused_or_a_prefix(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            cut in any::<usize>(),
            packing in prop_oneof![Just(Packing::Plain), Just(Packing::Deflate)],
        ) {
            match link::encode(packing, &bytes) {
                Ok(fragment) => {
                    prop_assert!(fragment.len() <= MAX_LINK_CHARS);
                    prop_assert_eq!(link::decode(&fragment), Ok((packing, bytes.clone())));
                    let body = link::base64url_encode(&bytes);
                    let cut = cut % (body.len() + 1);
                    if let Some(read) = link::base64url_decode(&body[..cut]) {
                        prop_assert!(bytes.starts_with(&read), "a cut link read as other bytes");
                    }
                }
                Err(error) => prop_assert!(matches!(error, link::LinkError::TooLong { .. }), "{:?}", error),
            }
        }

        #[test]
        fn any_base64url_text_decodes_to_what_encodes_back(text in "[A-Za-z0-9_=+/%-]{0,64}") {
            if let Some(bytes) = link::base64url_decode(&text) {
                prop_assert_eq!(link::base64url_encode(&bytes), text.trim_end_matches('='));
            }
        }
    }
}

/// `encode::csv_field` / `csv_unneutralise` and `encode::is_json_number` on any text.
mod encodings {
    use super::{cases, hostile};
    use msc_hsct::domain::encode::{csv_field, csv_unneutralise, is_json_number};
    use msc_hsct::domain::mine::csv;
    use proptest::prelude::*;

    fn csv_text() -> impl Strategy<Value = String> {
        prop_oneof![
            hostile::value(),
            "['=+@\\-\t\r\n0-9.eE a\",;]{0,10}",
            hostile::number(),
        ]
    }

    fn crate_records(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_string).collect())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(20_000)))]

        #[test]
        fn a_csv_field_reads_back_as_its_text_and_never_runs_as_a_formula(text in csv_text(), before in csv_text()) {
            // Not the file's first field: a reader drops a byte-order mark there.
            let line = format!("h,{},{},x\r\n", csv_field(&before), csv_field(&text));
            let expected = vec!["h".to_string(), before.clone(), text.clone(), "x".to_string()];
            for records in [crate_records(&line), csv::read(&line, ',')] {
                prop_assert_eq!(records.len(), 1, "{:?}", line);
                let read: Vec<String> = records[0].iter().map(|c| csv_unneutralise(c).to_string()).collect();
                prop_assert_eq!(&read, &expected, "{:?}", line);
                // What a spreadsheet sees in the cell never starts a formula, unless it is
                // a plain number.
                for cell in &records[0] {
                    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                        prop_assert!(
                            cell.bytes().all(|b| b"0123456789+-.eE".contains(&b)) && cell.parse::<f64>().is_ok(),
                            "{:?} would run as a formula", cell
                        );
                    }
                }
            }
        }

        #[test]
        fn is_json_number_agrees_with_serde_json(text in prop_oneof![
            "-?[0-9]{0,3}(\\.[0-9]{0,3})?([eE][+-]?[0-9]{0,3})?",
            "[-+0-9.eE ]{0,12}",
            "[0-9]{300,400}",
            hostile::value(),
        ]) {
            // JSON's grammar as serde_json checks it (IgnoredAny skips a number without
            // converting it, so 1e999 is grammatical), for text that is one value.
            let grammatical = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok()
                && text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
                && text.trim_end_matches([' ', '\t', '\n', '\r']) == text;
            prop_assert_eq!(is_json_number(&text), grammatical, "{:?}", text);
            if is_json_number(&text) {
                // Written raw into a document, it stays valid JSON.
                let doc = format!("{{\"v\":{text}}}");
                prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(&doc).is_ok());
            }
        }
    }
}
