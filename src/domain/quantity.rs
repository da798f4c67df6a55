//! Parsing what people type for a dose per kg (`2e6`, `2 x 10^6`, `2×10⁶`, `2 million`,
//! `2,000,000`, `1.5M`) and for a weight (`70`, `70.5 kg`, `154 lb`), with a specific,
//! readable error for everything else. Nothing here can panic, whatever the input.

use std::fmt;

/// Pounds to kilograms, exact by definition.
pub const KG_PER_LB: f64 = 0.453_592_37;

/// Why a typed quantity was not accepted.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantityError {
    Empty,
    /// `70,5`: a comma used as a decimal mark.
    DecimalComma {
        suggestion: String,
    },
    NotANumber {
        text: String,
    },
    Negative,
    Zero,
    NotFinite,
    /// A unit that is not the selected one (`150 lb` while kg is selected).
    UnitMismatch {
        typed: String,
        selected: String,
    },
    /// A unit this field does not take (`mg`, `mL`).
    UnknownUnit {
        unit: String,
    },
    /// Outside what the field accepts at all (not a clinical judgement: those are warnings).
    OutOfRange {
        value: String,
        min: String,
        max: String,
    },
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::Empty => write!(f, "Enter a value."),
            QuantityError::DecimalComma { suggestion } => {
                write!(f, "Use a point for decimals: {suggestion}.")
            }
            QuantityError::NotANumber { text } => write!(f, "“{text}” is not a number."),
            QuantityError::Negative => write!(f, "The value cannot be negative."),
            QuantityError::Zero => write!(f, "The value must be more than zero."),
            QuantityError::NotFinite => write!(f, "The value must be a finite number."),
            QuantityError::UnitMismatch { typed, selected } => write!(
                f,
                "You typed {typed} but the unit is {selected}: remove “{typed}” or switch the unit to {typed}."
            ),
            QuantityError::UnknownUnit { unit } => write!(f, "“{unit}” is not a unit this field takes."),
            QuantityError::OutOfRange { value, min, max } => {
                write!(f, "{value} is outside what this calculator accepts ({min} to {max}).")
            }
        }
    }
}

/// Unit of a weight field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightUnit {
    Kg,
    Lb,
}

impl WeightUnit {
    pub fn symbol(self) -> &'static str {
        match self {
            WeightUnit::Kg => "kg",
            WeightUnit::Lb => "lb",
        }
    }

    /// Kilograms from a value in this unit.
    pub fn to_kg(self, value: f64) -> f64 {
        match self {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * KG_PER_LB,
        }
    }

    /// A value in this unit from kilograms.
    pub fn from_kg(self, kg: f64) -> f64 {
        match self {
            WeightUnit::Kg => kg,
            WeightUnit::Lb => kg / KG_PER_LB,
        }
    }
}

/// Weights the calculator accepts at all, in kg: from a preterm infant to beyond any adult.
pub const WEIGHT_LIMITS_KG: (f64, f64) = (0.3, 350.0);

/// Doses per kg the calculator accepts at all (cells/kg). Outside the studied range it warns.
pub const DOSE_LIMITS_PER_KG: (f64, f64) = (1e3, 1e10);

/// Parses a weight typed in `unit` (a trailing `kg`/`lb` must match it) and returns kg.
pub fn parse_weight(text: &str, unit: WeightUnit) -> Result<f64, QuantityError> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    if matches!(
        lower.trim_start_matches(['+', '-']),
        "nan" | "inf" | "infinity"
    ) {
        return Err(QuantityError::NotFinite);
    }
    let (number_part, typed_unit) = split_unit(&lower);
    if number_part.is_empty() && typed_unit.is_some() {
        // Letters with no number before them: not a unit question.
        return Err(QuantityError::NotANumber {
            text: trimmed.to_string(),
        });
    }
    if let Some(typed) = typed_unit {
        let typed_unit = match typed {
            "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => WeightUnit::Kg,
            "lb" | "lbs" | "pound" | "pounds" => WeightUnit::Lb,
            other => {
                return Err(QuantityError::UnknownUnit {
                    unit: other.to_string(),
                })
            }
        };
        if typed_unit != unit {
            return Err(QuantityError::UnitMismatch {
                typed: typed_unit.symbol().into(),
                selected: unit.symbol().into(),
            });
        }
    }
    let value = parse_plain_number(number_part, trimmed)?;
    let kg = unit.to_kg(value);
    let (min, max) = WEIGHT_LIMITS_KG;
    if !(min..=max).contains(&kg) {
        return Err(QuantityError::OutOfRange {
            value: format!("{} {}", crate::domain::format::number(value), unit.symbol()),
            min: format!(
                "{} {}",
                crate::domain::format::number(unit.from_kg(min)),
                unit.symbol()
            ),
            max: format!(
                "{} {}",
                crate::domain::format::number((unit.from_kg(max) * 10.0).round() / 10.0),
                unit.symbol()
            ),
        });
    }
    Ok(kg)
}

/// Parses a dose in cells per kg, in any usual notation; a trailing `cells/kg`, `/kg` or
/// `cells` is allowed.
pub fn parse_dose_per_kg(text: &str) -> Result<f64, QuantityError> {
    let value = parse_count(text)?;
    let (min, max) = DOSE_LIMITS_PER_KG;
    if !(min..=max).contains(&value) {
        return Err(QuantityError::OutOfRange {
            value: format!("{} cells/kg", crate::domain::format::scientific(value)),
            min: crate::domain::format::scientific(min),
            max: crate::domain::format::scientific(max),
        });
    }
    Ok(value)
}

/// Parses a positive count of cells in any usual notation (used for doses and for
/// cells per container).
pub fn parse_count(text: &str) -> Result<f64, QuantityError> {
    let original = text.trim();
    if original.is_empty() {
        return Err(QuantityError::Empty);
    }
    let mut s = normalise(original);
    for suffix in ["cells/kg", "cell/kg", "/kg", "per kg", "cells", "cell"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end().to_string();
            break;
        }
    }
    // Word or letter multipliers: "2 million", "1.5m", "3 bn".
    let multipliers = [
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
        ("bn", 1e9),
        ("mio", 1e6),
        ("b", 1e9),
        ("m", 1e6),
        ("k", 1e3),
    ];
    for (word, factor) in multipliers {
        if let Some(rest) = s.strip_suffix(word) {
            let rest = rest.trim_end();
            if rest.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
                return Ok(parse_plain_number(rest, original)? * factor);
            }
        }
    }
    // "2 x 10^6", "2×10⁶", "2*10^6", "2·10^6", "10^6".
    if let Some(index) = s.find("10^") {
        let (mantissa_part, exponent_part) = s.split_at(index);
        let mantissa_part = mantissa_part.trim_end();
        let mantissa_text = mantissa_part
            .strip_suffix(['x', '×', '*', '·'])
            .map(str::trim_end)
            .unwrap_or(mantissa_part);
        let mantissa = if mantissa_text.is_empty() {
            1.0
        } else {
            parse_plain_number(mantissa_text, original)?
        };
        let exponent_text = exponent_part[3..].trim();
        let exponent: i32 = exponent_text
            .parse()
            .map_err(|_| QuantityError::NotANumber {
                text: original.to_string(),
            })?;
        if !(-300..=300).contains(&exponent) {
            return Err(QuantityError::NotFinite);
        }
        return finite(mantissa * 10f64.powi(exponent));
    }
    parse_plain_number(&s, original)
}

/// Unicode and spacing variants to one spelling: superscripts become `^digits`,
/// `E`/`e` exponents stay, runs of spaces collapse, lower case.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut in_superscript = false;
    for c in text.chars() {
        let superscript = match c {
            '⁰' => Some('0'),
            '¹' => Some('1'),
            '²' => Some('2'),
            '³' => Some('3'),
            '⁴' => Some('4'),
            '⁵' => Some('5'),
            '⁶' => Some('6'),
            '⁷' => Some('7'),
            '⁸' => Some('8'),
            '⁹' => Some('9'),
            '⁻' => Some('-'),
            _ => None,
        };
        match superscript {
            Some(digit) => {
                if !in_superscript {
                    out.push('^');
                    in_superscript = true;
                }
                out.push(digit);
            }
            None => {
                in_superscript = false;
                match c {
                    '\u{2212}' | '–' => out.push('-'),
                    '\u{00A0}' | '\u{202F}' | '\t' => out.push(' '),
                    other => out.push(other.to_ascii_lowercase()),
                }
            }
        }
    }
    // "10 ^ 6" -> "10^6"
    let collapsed = crate::domain::format::collapse_whitespace(&out);
    collapsed.replace("^ ", "^").replace(" ^", "^")
}

/// Splits "70.5 kg" into ("70.5", Some("kg")).
fn split_unit(text: &str) -> (&str, Option<&str>) {
    let end_of_number = text
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, _)| i);
    match end_of_number {
        Some(i) => (text[..i].trim(), Some(text[i..].trim())),
        None => (text, None),
    }
}

/// A plain decimal number with optional thousands separators (`2,000,000`, `1 500`),
/// rejecting decimal commas (`70,5`) with a suggestion.
fn parse_plain_number(text: &str, original: &str) -> Result<f64, QuantityError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(if original.trim().is_empty() {
            QuantityError::Empty
        } else {
            QuantityError::NotANumber {
                text: original.to_string(),
            }
        });
    }
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.trim_start_matches(['+', '-']),
        "nan" | "inf" | "infinity"
    ) {
        return Err(QuantityError::NotFinite);
    }
    let without_spaces: String = text.chars().filter(|c| *c != ' ').collect();
    let cleaned = if without_spaces.contains(',') {
        if is_thousands_grouping(&without_spaces) {
            without_spaces.replace(',', "")
        } else {
            let suggestion = without_spaces.replacen(',', ".", 1);
            return Err(QuantityError::DecimalComma { suggestion });
        }
    } else if text.contains(' ') && is_space_grouping(text) {
        without_spaces
    } else if text.contains(' ') {
        return Err(QuantityError::NotANumber {
            text: original.to_string(),
        });
    } else {
        without_spaces
    };
    let valid = cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e'));
    let value: f64 = if valid { cleaned.parse().ok() } else { None }.ok_or_else(|| {
        QuantityError::NotANumber {
            text: original.to_string(),
        }
    })?;
    let value = finite(value)?;
    if value < 0.0 {
        return Err(QuantityError::Negative);
    }
    if value == 0.0 {
        return Err(QuantityError::Zero);
    }
    Ok(value)
}

fn finite(value: f64) -> Result<f64, QuantityError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(QuantityError::NotFinite)
    }
}

/// "2,000,000" or "12,345.6": groups of exactly three digits after each comma.
fn is_thousands_grouping(text: &str) -> bool {
    let integer = text.split('.').next().unwrap_or_default();
    let digits = integer.trim_start_matches(['+', '-']);
    let mut groups = digits.split(',');
    let first = groups.next().unwrap_or_default();
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        && text.matches('.').count() <= 1
}

/// "2 000 000": groups of exactly three digits after each space.
fn is_space_grouping(text: &str) -> bool {
    let mut groups = text.split(' ');
    let first = groups.next().unwrap_or_default();
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usual_notation_of_a_dose() {
        let cases = [
            ("2e6", 2e6),
            ("2E6", 2e6),
            ("2 x 10^6", 2e6),
            ("2x10^6", 2e6),
            ("2 X 10^6", 2e6),
            ("2 × 10^6", 2e6),
            ("2×10⁶", 2e6),
            ("2 × 10⁶ cells/kg", 2e6),
            ("2*10^6", 2e6),
            ("2·10^6 /kg", 2e6),
            ("10^6", 1e6),
            ("2 million", 2e6),
            ("2 Million cells/kg", 2e6),
            ("1.5M", 1.5e6),
            ("1.5 m", 1.5e6),
            ("0.5 mio", 5e5),
            ("2,000,000", 2e6),
            ("2 000 000", 2e6),
            ("2000000", 2e6),
            ("1.39 × 10^6", 1.39e6),
            ("3.6×10⁸", 3.6e8),
            ("500k", 5e5),
            ("0.002 billion", 2e6),
            ("  2e6  ", 2e6),
        ];
        for (text, expected) in cases {
            let parsed = parse_dose_per_kg(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(
                (parsed - expected).abs() <= expected * 1e-12,
                "{text}: {parsed}"
            );
        }
    }

    #[test]
    fn every_rejection_says_why() {
        let cases: [(&str, QuantityError); 9] = [
            ("", QuantityError::Empty),
            ("   ", QuantityError::Empty),
            (
                "2,5 × 10^6",
                QuantityError::DecimalComma {
                    suggestion: "2.5".into(),
                },
            ),
            ("abc", QuantityError::NotANumber { text: "abc".into() }),
            ("-2e6", QuantityError::Negative),
            ("0", QuantityError::Zero),
            ("NaN", QuantityError::NotFinite),
            ("inf", QuantityError::NotFinite),
            ("1e400", QuantityError::NotFinite),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_dose_per_kg(text), Err(expected), "{text:?}");
        }
        assert!(matches!(
            parse_dose_per_kg("5"),
            Err(QuantityError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_dose_per_kg("2e11"),
            Err(QuantityError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_dose_per_kg("2 x 10^"),
            Err(QuantityError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_dose_per_kg("2 3"),
            Err(QuantityError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_dose_per_kg("2e6e6"),
            Err(QuantityError::NotANumber { .. })
        ));
    }

    #[test]
    fn weights_in_kg_and_lb() {
        assert_eq!(parse_weight("70", WeightUnit::Kg), Ok(70.0));
        assert_eq!(parse_weight("70.5 kg", WeightUnit::Kg), Ok(70.5));
        assert_eq!(parse_weight("23.4", WeightUnit::Kg), Ok(23.4));
        let lb = parse_weight("154.3236 lb", WeightUnit::Lb).unwrap();
        assert!((lb - 70.0).abs() < 1e-4, "{lb}");
        assert_eq!(
            parse_weight("70,5", WeightUnit::Kg),
            Err(QuantityError::DecimalComma {
                suggestion: "70.5".into()
            })
        );
        assert_eq!(
            parse_weight("150 lb", WeightUnit::Kg),
            Err(QuantityError::UnitMismatch {
                typed: "lb".into(),
                selected: "kg".into()
            })
        );
        assert_eq!(
            parse_weight("70 mg", WeightUnit::Kg),
            Err(QuantityError::UnknownUnit { unit: "mg".into() })
        );
        assert_eq!(
            parse_weight("-3", WeightUnit::Kg),
            Err(QuantityError::Negative)
        );
        assert!(matches!(
            parse_weight("900", WeightUnit::Kg),
            Err(QuantityError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_weight("0.1", WeightUnit::Kg),
            Err(QuantityError::OutOfRange { .. })
        ));
        assert_eq!(
            parse_weight("kg", WeightUnit::Kg),
            Err(QuantityError::NotANumber { text: "kg".into() })
        );
        assert_eq!(
            parse_weight("abc", WeightUnit::Kg),
            Err(QuantityError::NotANumber { text: "abc".into() })
        );
    }

    #[test]
    fn kg_and_lb_round_trip() {
        for kg in [0.3, 3.2, 23.4, 70.0, 95.0, 121.0, 349.9] {
            for unit in [WeightUnit::Kg, WeightUnit::Lb] {
                let back = unit.to_kg(unit.from_kg(kg));
                assert!((back - kg).abs() < 1e-9, "{kg} via {unit:?}");
            }
        }
        assert!((WeightUnit::Lb.from_kg(1.0) - 2.204_622_621_8).abs() < 1e-9);
    }

    #[test]
    fn error_messages_read_well() {
        assert_eq!(
            QuantityError::DecimalComma {
                suggestion: "70.5".into()
            }
            .to_string(),
            "Use a point for decimals: 70.5."
        );
        assert_eq!(
            parse_weight("150 lb", WeightUnit::Kg)
                .unwrap_err()
                .to_string(),
            "You typed lb but the unit is kg: remove “lb” or switch the unit to lb."
        );
    }
}
