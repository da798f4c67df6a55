//! Text formatting shared by every page: numbers as printed, doses in scientific
//! notation with superscripts, and the review's LaTeX fragments made readable.

/// A number without trailing zeros: 25.0 -> "25", 9.40 -> "9.4", 51.85 -> "51.85".
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// GVHD grades as clinicians write them: 1 -> "I" … 4 -> "IV" (other numbers as digits).
pub fn roman(grade: u8) -> String {
    match grade {
        1 => "I".into(),
        2 => "II".into(),
        3 => "III".into(),
        4 => "IV".into(),
        other => other.to_string(),
    }
}

/// Superscript form of an integer exponent: -12 -> "⁻¹²".
pub fn superscript(exponent: i32) -> String {
    exponent
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// Scientific notation with up to three significant digits: 1.39e6 -> "1.39 × 10⁶".
pub fn scientific(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let mut exponent = value.abs().log10().floor() as i32;
    let mut mantissa = (value / 10f64.powi(exponent) * 100.0).round() / 100.0;
    if mantissa.abs() >= 10.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    if exponent == 0 {
        return number(mantissa);
    }
    format!("{} × 10{}", number(mantissa), superscript(exponent))
}

/// The review's printed text made readable: `$1 \times 10^6$` -> "1 × 10⁶",
/// `$27 \pm 1.5$` -> "27 ± 1.5", `*Aspergillus*` -> "Aspergillus"; spaces collapsed.
pub fn pretty_raw(raw: &str) -> String {
    let replaced = raw
        .replace("\\times", "×")
        .replace("\\pm", "±")
        .replace("\\%", "%")
        .replace("\\alpha", "α")
        .replace("\\beta", "β")
        .replace("\\gamma", "γ")
        .replace(['$', '*'], "");
    let mut out = String::with_capacity(replaced.len());
    let mut chars = replaced.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            let mut exponent = String::new();
            while let Some(&next) = chars.peek() {
                if next.is_ascii_digit() || (exponent.is_empty() && next == '-') {
                    exponent.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            match exponent.parse::<i32>() {
                Ok(value) => out.push_str(&superscript(value)),
                Err(_) => {
                    out.push('^');
                    out.push_str(&exponent);
                }
            }
        } else {
            out.push(c);
        }
    }
    collapse_whitespace(&out)
}

/// Runs of whitespace become one space; ends trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A proportion and its 95% CI in percent, as the tables and the forest plot print it:
/// "60.0% (38.7–78.9)".
pub fn interval(estimate: f64, lower: f64, upper: f64) -> String {
    let pct = |x: f64| format!("{:.1}", 100.0 * x);
    format!("{}% ({}–{})", pct(estimate), pct(lower), pct(upper))
}

/// A p-value as reported: "p < 0.001" or "p = 0.042".
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_trailing_zeros_only() {
        assert_eq!(number(25.0), "25");
        assert_eq!(number(9.4), "9.4");
        assert_eq!(number(51.85), "51.85");
        assert_eq!(number(0.04), "0.04");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NAN), "–");
    }

    #[test]
    fn grades_in_roman_numerals() {
        assert_eq!([1, 2, 3, 4, 5].map(roman), ["I", "II", "III", "IV", "5"]);
    }

    #[test]
    fn scientific_notation() {
        assert_eq!(scientific(1.39e6), "1.39 × 10⁶");
        assert_eq!(scientific(5e5), "5 × 10⁵");
        assert_eq!(scientific(3.6e8), "3.6 × 10⁸");
        assert_eq!(scientific(2e7), "2 × 10⁷");
        assert_eq!(scientific(9.999e6), "1 × 10⁷");
        assert_eq!(scientific(7.0), "7");
        assert_eq!(scientific(0.0), "0");
        assert_eq!(scientific(f64::INFINITY), "–");
    }

    #[test]
    fn latex_and_markdown_become_plain_text() {
        assert_eq!(pretty_raw("$1 \\times 10^6$"), "1 × 10⁶");
        assert_eq!(
            pretty_raw("$27 \\pm 1.5$ days after HCT"),
            "27 ± 1.5 days after HCT"
        );
        assert_eq!(pretty_raw("$31.5\\% \\pm 10.1\\%$  in"), "31.5% ± 10.1% in");
        assert_eq!(
            pretty_raw("died of  *Aspergillus*  infection"),
            "died of Aspergillus infection"
        );
        assert_eq!(pretty_raw("( $P=0.023$ )"), "( P=0.023 )");
        assert_eq!(pretty_raw("x^y"), "x^y");
    }
}
