//! Calendar dates for infusion plans: parse `YYYY-MM-DD` (as a date input gives it), add
//! days, weekday, and print as "Wed 25 Nov 2026". Proleptic Gregorian calendar; days are
//! counted from 1970-01-01 with Howard Hinnant's `days_from_civil` algorithm.

use std::fmt;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 (negative before).
    days: i64,
}

/// Why a date was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// Not `YYYY-MM-DD`.
    Format {
        text: String,
    },
    /// A day that does not exist, e.g. 2026-02-29.
    NoSuchDay {
        text: String,
    },
    /// Outside the years 1900–2200.
    OutOfRange {
        year: i64,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Empty => write!(f, "Choose a start date."),
            DateError::Format { text } => write!(f, "“{text}” is not a date (use YYYY-MM-DD)."),
            DateError::NoSuchDay { text } => write!(f, "{text} does not exist in the calendar."),
            DateError::OutOfRange { year } => write!(f, "The year {year} is outside 1900–2200."),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Date {
    /// The date for year, month (1–12) and day, if it exists and the year is 1900–2200.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        let format_error = || DateError::Format {
            text: text.to_string(),
        };
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format_error());
        };
        let digits = |s: &str, len: usize| s.len() == len && s.chars().all(|c| c.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(format_error());
        }
        let year: i64 = y.parse().map_err(|_| format_error())?;
        let month: u32 = m.parse().map_err(|_| format_error())?;
        let day: u32 = d.parse().map_err(|_| format_error())?;
        if !(1900..=2200).contains(&year) {
            return Err(DateError::OutOfRange { year });
        }
        Date::from_ymd(year, month, day).ok_or(DateError::NoSuchDay {
            text: text.to_string(),
        })
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    /// Days from `self` to `other`.
    pub fn days_until(self, other: Date) -> i64 {
        other.days - self.days
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (index 3).
        ((self.days + 3).rem_euclid(7)) as usize
    }

    /// "2026-11-25", as a date input wants it.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// "Wed 25 Nov 2026".
    pub fn human(self) -> String {
        let (y, m, d) = self.ymd();
        format!(
            "{} {d} {} {y}",
            WEEKDAYS[self.weekday()],
            MONTHS[(m - 1) as usize]
        )
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn known_days_and_weekdays() {
        assert_eq!(date("1970-01-01").days, 0);
        assert_eq!(date("2026-11-25").human(), "Wed 25 Nov 2026");
        assert_eq!(date("2000-02-29").human(), "Tue 29 Feb 2000");
        assert_eq!(date("1900-01-01").weekday(), 0, "a Monday");
    }

    #[test]
    fn adding_days_across_month_ends_years_and_leap_days() {
        assert_eq!(date("2026-01-29").add_days(3).iso(), "2026-02-01");
        assert_eq!(
            date("2026-02-26").add_days(3).iso(),
            "2026-03-01",
            "28 days in 2026"
        );
        assert_eq!(
            date("2028-02-26").add_days(3).iso(),
            "2028-02-29",
            "leap day"
        );
        assert_eq!(date("2028-02-29").add_days(1).iso(), "2028-03-01");
        assert_eq!(date("2026-12-30").add_days(3).iso(), "2027-01-02");
        assert_eq!(
            date("2100-02-28").add_days(1).iso(),
            "2100-03-01",
            "2100 is not leap"
        );
        assert_eq!(
            date("2026-11-25").add_days(27).iso(),
            "2026-12-22",
            "day 28"
        );
        assert_eq!(date("2026-03-01").add_days(-1).iso(), "2026-02-28");
    }

    #[test]
    fn every_day_round_trips() {
        let start = date("1999-12-01");
        for offset in 0..(366 * 4) {
            let d = start.add_days(offset);
            assert_eq!(Date::parse(&d.iso()), Ok(d));
            assert_eq!(start.days_until(d), offset);
        }
    }

    #[test]
    fn rejections() {
        assert_eq!(Date::parse(""), Err(DateError::Empty));
        assert_eq!(
            Date::parse("2026-02-29"),
            Err(DateError::NoSuchDay {
                text: "2026-02-29".into()
            })
        );
        assert_eq!(
            Date::parse("2026-13-01"),
            Err(DateError::NoSuchDay {
                text: "2026-13-01".into()
            })
        );
        assert_eq!(
            Date::parse("25/11/2026"),
            Err(DateError::Format {
                text: "25/11/2026".into()
            })
        );
        assert_eq!(
            Date::parse("2026-1-5"),
            Err(DateError::Format {
                text: "2026-1-5".into()
            })
        );
        assert_eq!(
            Date::parse("+026-01-05"),
            Err(DateError::Format {
                text: "+026-01-05".into()
            })
        );
        assert_eq!(
            Date::parse("3026-01-05"),
            Err(DateError::OutOfRange { year: 3026 })
        );
    }
}
