//! Reading one typed or pasted cell: whole numbers, percentages, grades, time points and
//! choices from the existing lists (by key, label or a few synonyms, ignoring case,
//! spaces and punctuation), each with a message for the user; and the check that warns
//! when free text looks like a patient identifier or a date of birth.

use crate::domain::data::{AgeGroup, Arm, Indication, Measure, Tissue};
use crate::domain::mine::{GradeRange, TimePoint, TimeUnit};

/// Lower-case letters and digits only: "aGVHD grade II–IV" -> "agvhdgradeiiiv".
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A whole number ≥ 0 ("20"); blank is `Ok(None)`.
pub fn whole(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map(Some)
            .map_err(|_| format!("{text} is too large."));
    }
    Err(if text.starts_with('-') {
        "cannot be negative.".to_string()
    } else if text.contains(['.', ',']) && text.parse::<f64>().is_ok_and(f64::is_finite) {
        format!("must be a whole number, not {text}.")
    } else {
        format!("“{text}” is not a whole number.")
    })
}

/// A percentage as typed, with its count of decimals: "56.6" or "56.6%" -> (56.6, 1).
pub fn percent(text: &str) -> Result<(f64, u32), String> {
    let number = text.trim().trim_end_matches('%').trim_end();
    let (whole_part, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if number.contains(',') {
        return Err(format!(
            "use a point for decimals: {}.",
            number.replacen(',', ".", 1)
        ));
    }
    if number.starts_with('-') {
        return Err("cannot be negative.".to_string());
    }
    if whole_part.is_empty() || !digits(whole_part) || !digits(fraction) || whole_part.len() > 6 {
        return Err(format!("“{}” is not a percentage.", text.trim()));
    }
    let value: f64 = number
        .parse()
        .map_err(|_| format!("“{}” is not a percentage.", text.trim()))?;
    Ok((value, fraction.len() as u32))
}

/// An aGVHD grade or band: "II–IV", "2-4", "grade III", "3".
pub fn grade(text: &str) -> Result<GradeRange, String> {
    let lower = text.trim().to_ascii_lowercase();
    let body = lower.strip_prefix("grade").unwrap_or(&lower).trim();
    let one = |s: &str| -> Option<u8> {
        match s.trim() {
            "1" | "i" => Some(1),
            "2" | "ii" => Some(2),
            "3" | "iii" => Some(3),
            "4" | "iv" => Some(4),
            _ => None,
        }
    };
    let parts: Vec<&str> = body.split(['-', '–', '—', '/']).collect();
    let grades: Option<Vec<u8>> = parts.iter().map(|p| one(p)).collect();
    match grades.as_deref() {
        Some([g]) => Ok(GradeRange { low: *g, high: *g }),
        Some([low, high]) if low <= high => Ok(GradeRange {
            low: *low,
            high: *high,
        }),
        Some([_, _]) => Err("the lower grade comes first (II–IV).".to_string()),
        _ => Err(format!(
            "“{}” is not a grade: write I–IV or 1–4, e.g. II–IV.",
            text.trim()
        )),
    }
}

/// A time point: "100 days", "day 100", "d100", "6 weeks", "12 months", "12 mo", "1 year".
pub fn time_point(text: &str) -> Result<TimePoint, String> {
    let lower = text.trim().to_ascii_lowercase();
    let start = lower.find(|c: char| c.is_ascii_digit());
    let end = lower.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(format!(
            "“{}” is not a time point: write e.g. 100 days, 6 months or 1 year.",
            text.trim()
        ));
    };
    let amount = whole(&lower[start..end])?.unwrap_or(0);
    let unit_text = format!("{}{}", &lower[..start], &lower[end..]);
    let unit = match squash(&unit_text).as_str() {
        "d" | "day" | "days" => TimeUnit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => TimeUnit::Weeks,
        "m" | "mo" | "mos" | "mth" | "mths" | "month" | "months" => TimeUnit::Months,
        "y" | "yr" | "yrs" | "year" | "years" => TimeUnit::Years,
        "" => return Err("add a unit: days, weeks, months or years.".to_string()),
        _ => {
            return Err(format!(
                "“{}” is not a unit of time: use days, weeks, months or years.",
                unit_text.trim()
            ))
        }
    };
    Ok(TimePoint { amount, unit })
}

/// The value of a list whose key, link key, label or a synonym squashes to `text`'s.
fn choose<T: Copy>(text: &str, all: &[T], names: impl Fn(T) -> Vec<&'static str>) -> Option<T> {
    let wanted = squash(text);
    all.iter()
        .copied()
        .find(|&value| names(value).into_iter().any(|name| squash(name) == wanted))
}

/// The message for a value not in a list, with the accepted spellings.
fn not_in_list(text: &str, keys: Vec<&str>) -> String {
    format!("“{}” is not one of: {}.", text.trim(), keys.join(", "))
}

pub fn indication(text: &str) -> Result<Indication, String> {
    choose(text, &Indication::ALL, |i| {
        let synonyms: &[&'static str] = match i {
            Indication::GvhdPrevention => &["prevention", "prophylaxis", "gvhd prophylaxis"],
            Indication::AgvhdTreatment => &["agvhd", "acute gvhd"],
            Indication::CgvhdTreatment => &["cgvhd", "chronic gvhd"],
            Indication::Engraftment => &["graft failure", "poor graft function"],
            _ => &[],
        };
        [i.key(), i.label()]
            .into_iter()
            .chain(synonyms.iter().copied())
            .collect()
    })
    .ok_or_else(|| not_in_list(text, Indication::ALL.iter().map(|i| i.key()).collect()))
}

pub fn tissue(text: &str) -> Result<Tissue, String> {
    choose(text, &Tissue::ALL, |t| {
        let synonyms: &[&'static str] = match t {
            Tissue::BoneMarrow => &["BM", "BM-MSC", "marrow", "bone_marrow"],
            Tissue::Adipose => &["AT", "AD-MSC", "adipose", "fat"],
            Tissue::UmbilicalCord => &["UC", "UC-MSC", "Wharton's jelly", "umbilical_cord"],
            Tissue::CordBlood => &["CB", "cord_blood"],
            Tissue::Decidua => &["decidua", "DSC"],
            _ => &[],
        };
        [t.link_key(), t.label()]
            .into_iter()
            .chain(synonyms.iter().copied())
            .collect()
    })
    .ok_or_else(|| not_in_list(text, Tissue::ALL.iter().map(|t| t.link_key()).collect()))
}

pub fn age_group(text: &str) -> Result<AgeGroup, String> {
    choose(text, &AgeGroup::ALL, |a| {
        let synonyms: &[&'static str] = match a {
            AgeGroup::Paediatric => &["pediatric", "children", "child", "paediatrics"],
            AgeGroup::Adult => &["adults"],
            AgeGroup::Mixed => &["both", "children and adults"],
            AgeGroup::Unknown => &[],
        };
        [a.link_key(), a.label()]
            .into_iter()
            .chain(synonyms.iter().copied())
            .collect()
    })
    .ok_or_else(|| not_in_list(text, AgeGroup::ALL.iter().map(|a| a.link_key()).collect()))
}

pub fn arm(text: &str) -> Result<Arm, String> {
    choose(text, &Arm::ALL, |a| {
        let synonyms: &[&'static str] = match a {
            Arm::Msc => &["treated", "treatment", "MSCs", "intervention"],
            Arm::Control => &["controls", "comparator", "no MSC"],
            Arm::Reference => &[],
        };
        [a.link_key(), a.label()]
            .into_iter()
            .chain(synonyms.iter().copied())
            .collect()
    })
    .ok_or_else(|| not_in_list(text, Arm::ALL.iter().map(|a| a.link_key()).collect()))
}

/// Every measure, in the dataset's order.
pub const MEASURES: [Measure; 37] = [
    Measure::Agvhd,
    Measure::Agvhd2to4,
    Measure::Agvhd3to4,
    Measure::Cgvhd,
    Measure::CgvhdExtensive,
    Measure::CgvhdModerateSevere,
    Measure::Relapse,
    Measure::GraftRejection,
    Measure::Mortality,
    Measure::Os,
    Measure::Pfs,
    Measure::Dfs,
    Measure::Survival,
    Measure::SurvivalResponders,
    Measure::MeanSurvival,
    Measure::MedianSurvival,
    Measure::Cr,
    Measure::Pr,
    Measure::Mr,
    Measure::Nc,
    Measure::MinorPr,
    Measure::ShortPr,
    Measure::PrOrMr,
    Measure::NoResponse,
    Measure::Or,
    Measure::DurableCr,
    Measure::CrDuration,
    Measure::EngraftmentAchieved,
    Measure::NeutrophilEngraftmentDays,
    Measure::PlateletEngraftmentDays,
    Measure::Platelet50Days,
    Measure::AdverseReactions,
    Measure::Resolved,
    Measure::HematuriaClearanceDays,
    Measure::Hemoglobin,
    Measure::Reticulocytes,
    Measure::Karnofsky,
];

/// Measures a user can enter as events / N (counts of patients).
pub fn is_countable(measure: Measure) -> bool {
    !measure.is_in_days()
        && !matches!(
            measure,
            Measure::MeanSurvival
                | Measure::MedianSurvival
                | Measure::CrDuration
                | Measure::Hemoglobin
                | Measure::Reticulocytes
                | Measure::Karnofsky
        )
}

pub fn measure(text: &str) -> Result<Measure, String> {
    let all: Vec<Measure> = MEASURES.into_iter().filter(|m| is_countable(*m)).collect();
    choose(text, &all, |m| {
        let synonyms: &[&'static str] = match m {
            Measure::Cr => &["CR"],
            Measure::Pr => &["PR"],
            Measure::Or => &["ORR", "OR", "overall response rate", "CR+PR"],
            Measure::Os => &["OS"],
            Measure::Mortality => &["mortality", "deaths"],
            Measure::Agvhd2to4 => &["aGVHD II-IV", "grade II-IV aGVHD"],
            Measure::Agvhd3to4 => &["aGVHD III-IV", "grade III-IV aGVHD"],
            _ => &[],
        };
        [m.link_key(), m.label()].into_iter().chain(synonyms.iter().copied()).collect()
    })
    .ok_or_else(|| {
        format!(
            "“{}” is not an outcome this form counts (e.g. complete-response, overall-response, overall-survival, relapse).",
            text.trim()
        )
    })
}

/// Why `text` looks like a patient identifier or a date of birth, if it does: a date
/// (`12/03/1987`, `1987-03-12`, `12.3.87`), the words DOB, born, MRN, NHS, patient ID,
/// or a run of 6 or more digits.
pub fn identifier_warning(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let words = [
        "dob",
        "d.o.b",
        "born",
        "birth",
        "mrn",
        "nhs",
        "patient id",
        "hospital number",
        "record number",
    ];
    let has_word = words.iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    });
    if has_word {
        return Some(
            "mentions a date of birth or a record number: no patient identifiers belong here.",
        );
    }
    let mut run = 0;
    let mut longest = 0;
    for c in lower.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest >= 6 {
        return Some("has a long number that looks like a patient or record number: no patient identifiers belong here.");
    }
    looks_like_date(&lower).then_some(
        "has something that looks like a date (of birth?): no patient identifiers belong here.",
    )
}

/// Whether `text` holds d/m/y, y-m-d or d.m.y with plausible parts.
fn looks_like_date(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '/' | '-' | '.')))
        .any(|token| {
            let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
            let [a, b, c] = parts.as_slice() else {
                return false;
            };
            let num = |s: &str| {
                s.parse::<u32>()
                    .ok()
                    .filter(|_| !s.is_empty() && s.len() <= 4)
            };
            match (num(a), num(b), num(c)) {
                (Some(x), Some(y), Some(z)) => {
                    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
                    let year_last = matches!(c.len(), 2 | 4) && a.len() <= 2;
                    (a.len() == 4 && day_month(z, y))
                        || (year_last && (day_month(x, y) || day_month(y, x)))
                }
                _ => false,
            }
        })
}
