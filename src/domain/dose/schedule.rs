//! The infusion calendar: the label's schedule (with the Day-28 assessment and the
//! continuations it names) or the user's, as dated infusions from a start date.

use crate::domain::date::Date;

use super::product::LabelSchedule;
use super::warnings::{interval_too_short, Warning};
use super::PlanError;

/// The schedule to plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleChoice {
    /// The product's labelled schedule.
    Label,
    /// A number of infusions every so many days.
    Custom { infusions: u32, interval_days: u32 },
}

/// Why an infusion is in the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The first course.
    Course,
    /// A continuation that applies only under a condition stated by the label.
    Continuation { condition: &'static str },
}

/// One dated infusion.
#[derive(Clone, Debug, PartialEq)]
pub struct Infusion {
    /// 1-based number within its phase.
    pub number: u32,
    /// Day of treatment (start = day 1).
    pub day: i64,
    pub date: Date,
    pub phase: Phase,
}

/// A continuation branch after the Day-28 assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub condition: &'static str,
    pub action: &'static str,
    pub infusions: Vec<Infusion>,
}

impl Branch {
    /// The branch's infusion dates, comma separated ("" when it has none).
    pub fn dates_text(&self) -> String {
        self.infusions
            .iter()
            .map(|i| i.date.human())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The dated calendar of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    pub course: Vec<Infusion>,
    /// The Day-28 assessment (day, date), where the label has one.
    pub assessment: Option<(i64, Date)>,
    pub branches: Vec<Branch>,
    pub warnings: Vec<Warning>,
}

/// Twice weekly, at least 3 days apart: days 1, 4, 8, 11, 15, 18, 22, 25 (Monday/Thursday
/// rhythm) and so on from `first_day`.
fn twice_weekly(first_day: i64, weeks: i64) -> Vec<i64> {
    (0..weeks)
        .flat_map(|w| [first_day + 7 * w, first_day + 7 * w + 3])
        .collect()
}

fn weekly(first_day: i64, weeks: i64) -> Vec<i64> {
    (0..weeks).map(|w| first_day + 7 * w).collect()
}

fn infusions(days: &[i64], start: Date, phase: Phase) -> Vec<Infusion> {
    days.iter()
        .enumerate()
        .map(|(i, day)| Infusion {
            number: i as u32 + 1,
            day: *day,
            date: start.add_days(day - 1),
            phase: phase.clone(),
        })
        .collect()
}

/// What follows the Day-28 assessment: stop on a complete response, weekly infusions on a
/// partial or mixed one, twice weekly again on a recurrence.
fn day28_branches(start: Date) -> Vec<Branch> {
    let partial = "partial or mixed response at Day 28";
    let recurrence = "recurrence after complete response";
    vec![
        Branch {
            condition: "complete response at Day 28",
            action: "stop",
            infusions: Vec::new(),
        },
        Branch {
            condition: partial,
            action: "once weekly for 4 more weeks",
            infusions: infusions(
                &weekly(29, 4),
                start,
                Phase::Continuation { condition: partial },
            ),
        },
        Branch {
            condition: recurrence,
            action: "twice weekly for 4 more weeks",
            infusions: infusions(
                &twice_weekly(29, 4),
                start,
                Phase::Continuation {
                    condition: recurrence,
                },
            ),
        },
    ]
}

/// The calendar for `choice`; `label` is the product's labelled schedule (None for the
/// custom product) and `min_interval_days` the label's shortest interval.
pub fn calendar(
    choice: ScheduleChoice,
    label: Option<LabelSchedule>,
    min_interval_days: Option<u32>,
    product_name: &str,
    start: Date,
) -> Result<Calendar, PlanError> {
    let mut warnings = Vec::new();
    let (days, assessment, branches) = match (choice, label) {
        (
            ScheduleChoice::Custom {
                infusions: n,
                interval_days: d,
            },
            _,
        ) => {
            if !(1..=52).contains(&n) || !(1..=60).contains(&d) {
                return Err(PlanError::ScheduleOutOfRange {
                    infusions: n,
                    interval_days: d,
                });
            }
            if n > 1 {
                warnings.extend(
                    min_interval_days.and_then(|min| interval_too_short(product_name, d, min)),
                );
            }
            let days: Vec<i64> = (0..i64::from(n)).map(|k| 1 + k * i64::from(d)).collect();
            (days, None, Vec::new())
        }
        (ScheduleChoice::Label, None) | (ScheduleChoice::Label, Some(LabelSchedule::None)) => {
            return Err(PlanError::NoSchedule)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::TwiceWeeklyWithDay28Assessment)) => {
            let branches = day28_branches(start);
            (twice_weekly(1, 4), Some((28, start.add_days(27))), branches)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::TwiceWeeklyOptionalWeekly)) => {
            let branches = vec![Branch {
                condition: "if continued (optional)",
                action: "once weekly for 4 more weeks",
                infusions: infusions(
                    &weekly(29, 4),
                    start,
                    Phase::Continuation {
                        condition: "optional continuation",
                    },
                ),
            }];
            (twice_weekly(1, 4), None, branches)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::Weekly4)) => (weekly(1, 4), None, Vec::new()),
    };
    Ok(Calendar {
        course: infusions(&days, start, Phase::Course),
        assessment,
        branches,
        warnings,
    })
}
