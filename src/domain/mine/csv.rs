//! A small RFC 4180 reader and writer for pasted blocks and CSV files: the delimiter is
//! detected (tab, semicolon or comma, from the header line outside quotes), quoted
//! fields may hold delimiters, doubled quotes and line breaks, CRLF, LF and CR all end a
//! record, blank lines are skipped and a byte-order mark is dropped. Malformed input is
//! read leniently the way the `csv` crate reads it (a quote inside an unquoted field is
//! text; text after a closing quote is kept), never with a panic. Written by hand, as
//! `domain::export` is, to keep the csv crate out of the WASM; the tests compare it with
//! the csv crate.

/// The delimiter of `text`: the most frequent of tab, `;` and `,` in its first line
/// outside quotes (tab on a tie, comma when there is none).
pub fn detect_delimiter(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.trim_start_matches('\u{feff}').chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            '\t' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(2);
    match (counts[best], best) {
        (0, _) => ',',
        (_, 0) => '\t',
        (_, 1) => ';',
        _ => ',',
    }
}

/// The records of `text` split at `delimiter`; blank lines are skipped.
pub fn read(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    // In a quoted field; the field has begun (a quote after that is text).
    let (mut quoted, mut started) = (false, false);
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let end_record =
        |record: &mut Vec<String>, field: &mut String, records: &mut Vec<Vec<String>>| {
            record.push(std::mem::take(field));
            let record = std::mem::take(record);
            if !(record.len() == 1 && record[0].is_empty()) {
                records.push(record);
            }
        };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if !started => (quoted, started) = (true, true),
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                started = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_record(&mut record, &mut field, &mut records);
                started = false;
            }
            other => {
                field.push(other);
                started = true;
            }
        }
    }
    if started || !record.is_empty() || !field.is_empty() {
        end_record(&mut record, &mut field, &mut records);
    }
    records
}

/// One field as RFC 4180 writes it, neutralised against formulas.
pub fn field(text: &str) -> String {
    crate::domain::encode::csv_field(text)
}

/// Records as CSV: comma-separated, CRLF line ends, every cell neutralised.
pub fn write(records: &[Vec<String>]) -> String {
    let mut out = String::new();
    for record in records {
        let line: Vec<String> = record.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
