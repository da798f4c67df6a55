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
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
