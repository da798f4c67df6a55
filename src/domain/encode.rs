//! Every encoding the app writes or reads in one place: HTML text and attribute values,
//! URL query components, CSV fields. Each is small, total (never fails on any input) and
//! tested here, so escaping is decided once and not by each caller.

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Percent-encodes text for a URL query value (RFC 3986 unreserved characters stay).
pub fn percent_encode_query(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(byte as char)
            }
            b' ' => encoded.push('+'),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

/// Decodes `a=1&b=x+y%21` into pairs; `+` is a space, bad escapes are kept as text and
/// invalid UTF-8 is replaced, so any query string decodes without failing.
pub fn decode_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// Percent-decoding for query components (`+` as space).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, other) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One CSV field: quoted when it holds a comma, quote, CR or LF (RFC 4180), quotes doubled.
///
/// A text that a spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`,
/// tab or CR, as OWASP lists them) gets a leading `'` and is quoted, so the reader sees
/// the text; plain numbers such as `-0.5` or `+3` stay numbers. [`csv_unneutralise`]
/// undoes it on import: for every text, reading back what this wrote gives the text.
pub fn csv_field(text: &str) -> String {
    let formula = runs_as_formula(text);
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if formula || text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// First characters that make a spreadsheet cell a formula (OWASP, CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text` needs the leading `'`: it starts a formula, or it already starts with
/// `'` before one (so that [`csv_unneutralise`] gives back exactly what was written).
fn runs_as_formula(text: &str) -> bool {
    match text.strip_prefix('\'') {
        Some(rest) => runs_as_formula(rest),
        None => text.starts_with(FORMULA_STARTS) && !is_plain_number(text),
    }
}

/// A decimal number with an optional sign, fraction and exponent (`-0.5`, `+3`, `1e-6`).
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or_default();
    let exponent = unsigned.get(mantissa.len() + 1..);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let mantissa_ok = match parts.next() {
        Some(fraction) => (digits(whole) || whole.is_empty()) && digits(fraction),
        None => digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Whether `text` is a number in JSON's grammar (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// so it can be written into JSON as it is.
pub fn is_json_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let leading_zero = unsigned.len() > 1
        && unsigned.starts_with('0')
        && !unsigned[1..].starts_with(['.', 'e', 'E']);
    is_plain_number(unsigned) && !unsigned.starts_with(['+', '-', '.']) && !leading_zero
}

/// The text of a CSV field as [`csv_field`] wrote it (after the CSV reader has removed
/// the quotes): a `'` that neutralised a formula is dropped, anything else is kept.
pub fn csv_unneutralise(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if runs_as_formula(rest) => rest,
        _ => field,
    }
}

// proptest and csv are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for formula in [
            "=1+1",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=",
            "-",
            "+-1",
        ] {
            let field = csv_field(formula);
            assert!(field.starts_with("\"'"), "{formula:?} -> {field}");
            let unquoted = field[1..field.len() - 1].replace("\"\"", "\"");
            assert_eq!(csv_unneutralise(&unquoted), formula);
        }
        for number in ["-0.5", "+3", "-12", "1e-6", "-1.5E+3", ".5", "-.25"] {
            assert_eq!(csv_field(number), number);
            assert_eq!(csv_unneutralise(number), number);
        }
        // A user's own leading quote is text and stays, also before a formula.
        for text in [
            "'quoted", "'12", "plain", "a-b", "x=1", "'=x", "''@y", "'-1",
        ] {
            let field = csv_field(text);
            let unquoted = field.trim_matches('"').replace("\"\"", "\"");
            assert_eq!(csv_unneutralise(&unquoted), text, "{text:?} -> {field}");
        }
        assert_eq!(csv_field("'=x"), "\"''=x\"");
        assert_eq!(csv_field("-1-2"), "\"'-1-2\"");
        assert_eq!(csv_field("1e"), "1e");
    }

    proptest::proptest! {
        #[test]
        fn reading_a_field_back_gives_the_text(text in "['=+@\\-\t\r0-9.eE a\"]{0,8}") {
            let field = csv_field(&text);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(field.as_bytes());
            let record = reader.records().next();
            let read = match record {
                Some(Ok(r)) => r.get(0).unwrap_or_default().to_string(),
                _ => String::new(), // the csv crate reads an empty line as no record
            };
            proptest::prop_assert_eq!(csv_unneutralise(&read), text.as_str());
        }
    }

    #[test]
    fn json_numbers() {
        for yes in ["0", "-0", "12", "-1.5", "0.25", "1e-6", "-2.5E+3", "0e1"] {
            assert!(is_json_number(yes), "{yes}");
            assert!(
                serde_json::from_str::<serde_json::Number>(yes).is_ok(),
                "{yes}"
            );
        }
        for no in [
            "", "-", "+3", ".5", "-.5", "1.", "01", "-01", "NaN", "inf", "1e", "1_0", "0x1",
        ] {
            assert!(!is_json_number(no), "{no}");
            assert!(
                serde_json::from_str::<serde_json::Number>(no).is_err(),
                "{no}"
            );
        }
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("2 × 10⁶ < 3"), "2 × 10⁶ &lt; 3");
    }

    #[test]
    fn percent_encoding_of_reserved_and_non_ascii_text() {
        assert_eq!(percent_encode_query("a b&c=d"), "a+b%26c%3Dd");
        assert_eq!(percent_encode_query("MSC·HSCT"), "MSC%C2%B7HSCT");
        assert_eq!(percent_encode_query("safe-._~"), "safe-._~");
    }

    #[test]
    fn query_decoding_never_fails() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(decode_query(""), vec![]);
        assert_eq!(decode_query("?a"), vec![pair("a", "")]);
        assert_eq!(
            decode_query("a=%ZZ&b=%"),
            vec![pair("a", "%ZZ"), pair("b", "%")]
        );
        assert_eq!(decode_query("c=%C3%A9%FF"), vec![pair("c", "é\u{FFFD}")]);
        assert_eq!(
            decode_query("=v&&k=1=2"),
            vec![pair("", "v"), pair("k", "1=2")]
        );
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%2B+"), "+ ");
    }
}
