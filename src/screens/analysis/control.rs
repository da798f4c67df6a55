//! Every control of the Compare and Charts pages, once: its DOM id (the key), its label,
//! its link parameter; the messages the pages understand; the decoder from DOM events;
//! and the update that applies a message to the analysis.

use crate::domain::evidence::SortKey;
use crate::screens::analysis::link::{param, Expected};
use crate::screens::analysis::state::{Analysis, Choices, Column, MAX_SELECTED};
use crate::screens::screen::{EventKind, Refusal, UiEvent};

crate::keyed_enum! {
    /// A form control of the analysis pages: key = DOM id (and test id).
    pub enum Control {
        Measure = ("a-measure", "Outcome"),
        Chart = ("a-chart", "Chart"),
        Indication = ("a-indication", "Indication"),
        Source = ("a-source", "MSC source"),
        Grade = ("a-grade", "GVHD grade"),
        Age = ("a-age", "Age group"),
        Band = ("a-band", "Dose band"),
        Arm = ("a-arm", "Arm"),
        MinN = ("a-min-n", "Minimum N"),
        Disease = ("a-disease", "Disease"),
        Text = ("a-text", "Search"),
        NoFlagged = ("a-noflag", "Leave out rows with data-quality flags"),
        Ci = ("a-ci", "Study CI"),
        Tau2 = ("a-tau", "tau² estimator"),
        HartungKnapp = ("a-hk", "Hartung-Knapp CI for the pooled estimate"),
        Group = ("a-group", "Subgroups"),
        LeaveOneOut = ("a-loo", "Leave-one-out"),
        Sort = ("a-sort", "Sort by"),
        Descending = ("a-desc", "Descending"),
        Split = ("a-split", "One table per indication, as in the review"),
    }
}

impl Control {
    /// The link parameter the control writes.
    pub fn param(self) -> &'static str {
        match self {
            Control::Measure => "m",
            Control::Chart => "chart",
            Control::Indication => "ind",
            Control::Source => "src",
            Control::Grade => "grade",
            Control::Age => "age",
            Control::Band => "band",
            Control::Arm => "arm",
            Control::MinN => "minn",
            Control::Disease => "dis",
            Control::Text => "q",
            Control::NoFlagged => "noflag",
            Control::Ci => "ci",
            Control::Tau2 => "tau",
            Control::HartungKnapp => "hk",
            Control::Group => "by",
            Control::LeaveOneOut => "loo",
            Control::Sort => "sort",
            Control::Descending => "desc",
            Control::Split => "split",
        }
    }

    /// A checkbox: its value is its checked state.
    pub fn is_checkbox(self) -> bool {
        matches!(
            self,
            Control::NoFlagged
                | Control::HartungKnapp
                | Control::LeaveOneOut
                | Control::Descending
                | Control::Split
        )
    }

    /// A select whose first option, "all …" (or "review order"), is the empty value.
    fn clears_when_empty(self) -> bool {
        matches!(
            self,
            Control::Indication
                | Control::Source
                | Control::Grade
                | Control::Age
                | Control::Band
                | Control::Arm
                | Control::Sort
        )
    }
}

crate::keyed_enum! {
    /// An action button of the pages (`data-action`).
    pub enum Action {
        Csv = ("csv", "Export CSV"),
        Json = ("json", "Export JSON"),
        Svg = ("svg", "Download SVG"),
        Png = ("png", "Download PNG"),
        Table = ("table", "Show the chart's data as a table"),
        Link = ("link", "Copy link"),
        Report = ("report", "Print report"),
        ReportHtml = ("report-html", "Download report (HTML)"),
    }
}

/// What the analysis pages understand.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// A form control's new value (a checkbox's is "1" or "0").
    Set(Control, String),
    ShowColumn(Column, bool),
    /// A column header: a new key sorts ascending, the same key again flips.
    SortBy(SortKey),
    Page(usize),
    /// Tick or untick a study for the side-by-side view.
    Pick(String, bool),
    Act(Action),
    /// A chart mark chosen (click or Enter): open its study.
    OpenStudy(String),
}

/// The message a DOM event means, if any.
pub fn decode(event: &UiEvent) -> Option<Msg> {
    let changed = matches!(event.kind, EventKind::Input | EventKind::Change);
    let chosen =
        event.kind == EventKind::Click || (event.kind == EventKind::Key && event.key == "Enter");
    if changed {
        if let Some(control) = Control::from_key(&event.id) {
            let value = if control.is_checkbox() {
                (if event.checked { "1" } else { "0" }).to_string()
            } else {
                event.value.clone()
            };
            return Some(Msg::Set(control, value));
        }
        if let Some(column) = event.data("column").and_then(Column::from_key) {
            return Some(Msg::ShowColumn(column, event.checked));
        }
        // A checkbox fires `input` and then `change`: act once.
        if event.kind == EventKind::Change {
            if let Some(id) = event.data("pick") {
                return Some(Msg::Pick(id.to_string(), event.checked));
            }
        }
        return None;
    }
    if event.kind == EventKind::Click {
        if let Some(action) = event.data("action").and_then(Action::from_key) {
            return Some(Msg::Act(action));
        }
        if let Some(key) = event.data("sort").and_then(SortKey::from_key) {
            return Some(Msg::SortBy(key));
        }
        if let Some(page) = event.data("page").and_then(|p| p.parse().ok()) {
            return Some(Msg::Page(page));
        }
    }
    if chosen && event.tag == "circle" {
        if let Some(id) = event.data("study") {
            return Some(Msg::OpenStudy(id.to_string()));
        }
    }
    None
}

/// Applies a form or table message to the analysis (actions are the screen's). Any
/// change but paging goes back to the first page; a refused change leaves the analysis
/// as it was. Until an indication is chosen (“all” included), a new outcome opens in its
/// most-studied indication.
pub fn apply(a: &mut Analysis, msg: &Msg, choices: &Choices) -> Result<(), Refusal> {
    match msg {
        Msg::Set(control, value) => {
            if value.is_empty() && control.clears_when_empty() {
                let f = &mut a.filters;
                match control {
                    Control::Indication => f.indication = None,
                    Control::Source => f.tissue = None,
                    Control::Grade => f.grade = None,
                    Control::Age => f.age_group = None,
                    Control::Band => f.dose_band = None,
                    Control::Arm => f.arm = None,
                    _ => a.sort = None,
                }
            } else {
                let param = param(control.param()).ok_or_else(|| {
                    Refusal(format!("{} has no link parameter.", control.label()))
                })?;
                let mut next = a.clone();
                param
                    .parse(&mut next, value, choices)
                    .map_err(|Expected(e)| {
                        Refusal(format!("{}: expected {e}.", control.label()))
                    })?;
                *a = next;
            }
            match control {
                Control::Indication => a.indication_follows = false,
                Control::Measure | Control::Chart => a.follow(choices),
                _ => {}
            }
        }
        Msg::ShowColumn(column, shown) => {
            a.hidden.retain(|c| c != column);
            if !shown {
                a.hidden.push(*column);
                let at = |c: &Column| Column::ALL.iter().position(|x| x == c);
                crate::domain::sort::sort_by(&mut a.hidden, |x, y| at(x).cmp(&at(y)));
            }
        }
        Msg::SortBy(key) => {
            if a.sort == Some(*key) {
                a.descending = !a.descending;
            } else {
                a.sort = Some(*key);
                a.descending = false;
            }
        }
        Msg::Page(page) => {
            a.page = *page;
            return Ok(());
        }
        Msg::Pick(id, checked) => {
            if !choices.has_study(id) {
                return Err(Refusal(format!("There is no study “{id}”.")));
            }
            if *checked && !a.selected.contains(id) && a.selected.len() >= MAX_SELECTED {
                return Err(Refusal(format!(
                    "At most {MAX_SELECTED} studies side by side: clear one first."
                )));
            }
            a.selected.retain(|s| s != id);
            if *checked {
                a.selected.push(id.clone());
            }
            return Ok(());
        }
        Msg::Act(_) | Msg::OpenStudy(_) => return Ok(()),
    }
    a.page = 0;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::keys::check_keys;

    fn choices() -> Choices {
        Choices::of(evidence().unwrap())
    }

    #[test]
    fn keys_are_link_safe_and_every_control_has_a_parameter() {
        assert_eq!(check_keys::<Control>(), Ok(()));
        assert_eq!(check_keys::<Action>(), Ok(()));
        for control in Control::ALL {
            assert!(param(control.param()).is_some(), "{control:?}");
        }
    }

    #[test]
    fn a_fifth_study_is_refused_and_changes_go_back_to_page_one() {
        let c = choices();
        let mut a = Analysis::default();
        let ids: Vec<String> = c.study_ids.iter().take(5).cloned().collect();
        for id in &ids[..4] {
            apply(&mut a, &Msg::Pick(id.clone(), true), &c).unwrap();
        }
        let refused = apply(&mut a, &Msg::Pick(ids[4].clone(), true), &c).unwrap_err();
        assert!(refused.0.contains("At most 4"));
        assert_eq!(a.selected, ids[..4]);
        apply(&mut a, &Msg::Pick(ids[1].clone(), false), &c).unwrap();
        assert_eq!(a.selected.len(), 3);
        assert!(apply(&mut a, &Msg::Pick("not-a-study".into(), true), &c).is_err());
        apply(&mut a, &Msg::Page(3), &c).unwrap();
        assert_eq!(a.page, 3);
        apply(&mut a, &Msg::Set(Control::Text, "x".into()), &c).unwrap();
        assert_eq!(a.page, 0);
        apply(&mut a, &Msg::SortBy(SortKey::N), &c).unwrap();
        assert_eq!((a.sort, a.descending), (Some(SortKey::N), false));
        apply(&mut a, &Msg::SortBy(SortKey::N), &c).unwrap();
        assert_eq!((a.sort, a.descending), (Some(SortKey::N), true));
        apply(&mut a, &Msg::SortBy(SortKey::Dose), &c).unwrap();
        assert_eq!((a.sort, a.descending), (Some(SortKey::Dose), false));
        apply(&mut a, &Msg::Set(Control::MinN, "ten".into()), &c).unwrap();
        assert!(a.min_n_value().unwrap_err().contains("“ten”"));
        assert_eq!(a.filters.min_n, None, "an unreadable N filters nothing");
        apply(&mut a, &Msg::Set(Control::Sort, String::new()), &c).unwrap();
        assert_eq!(a.sort, None);
        let before = a.clone();
        assert!(apply(&mut a, &Msg::Set(Control::Ci, "nonsense".into()), &c).is_err());
        assert_eq!(a, before, "a refused change changes nothing");
    }

    #[test]
    fn the_indication_follows_the_outcome_until_one_is_chosen() {
        use crate::domain::data::{Indication, Measure};
        let c = choices();
        let set = |a: &mut Analysis, control, value: &str| {
            apply(a, &Msg::Set(control, value.into()), &c).unwrap()
        };
        let mut a = Analysis::opening(&c);
        // Every outcome, in turn, opens in its most-studied indication.
        for (m, _) in &c.measures {
            set(&mut a, Control::Measure, m.link_key());
            assert_eq!(a.filters.indication, c.main_indication(*m), "{m:?}");
        }
        set(&mut a, Control::Measure, "overall-survival");
        assert_eq!(a.filters.indication, Some(Indication::GvhdPrevention));
        set(&mut a, Control::Measure, "complete-response");
        assert_eq!(a.filters.indication, Some(Indication::AgvhdTreatment));
        // Other changes keep it; the engraftment chart shows every indication.
        set(&mut a, Control::Source, "bone-marrow");
        assert_eq!(a.filters.indication, Some(Indication::AgvhdTreatment));
        set(&mut a, Control::Chart, "engraftment");
        assert_eq!(a.filters.indication, None);
        set(&mut a, Control::Chart, "forest");
        assert_eq!(a.filters.indication, Some(Indication::AgvhdTreatment));
        // A chosen indication stays.
        set(&mut a, Control::Indication, "cgvhd_treatment");
        set(&mut a, Control::Measure, "overall-survival");
        assert_eq!(a.filters.indication, Some(Indication::CgvhdTreatment));
        // So does a chosen “all indications”.
        let mut a = Analysis::opening(&c);
        set(&mut a, Control::Indication, "");
        set(&mut a, Control::Measure, "complete-response");
        assert_eq!((a.measure, a.filters.indication), (Measure::Cr, None));
        // A refused indication changes nothing, following included.
        let mut a = Analysis::opening(&c);
        assert!(apply(&mut a, &Msg::Set(Control::Indication, "mars".into()), &c).is_err());
        assert!(a.indication_follows);
        // A view opened from a link does not follow: the link chose.
        let mut a = Analysis::default();
        set(&mut a, Control::Measure, "overall-survival");
        assert_eq!(a.filters.indication, None);
    }

    #[test]
    fn events_decode_to_their_messages() {
        let on = |kind, id: &str, value: &str, checked| UiEvent::on(kind, id, value, checked);
        assert_eq!(
            decode(&on(EventKind::Change, "a-hk", "on", true)),
            Some(Msg::Set(Control::HartungKnapp, "1".into()))
        );
        let mut pick = on(EventKind::Input, "", "on", true);
        pick.data.push(("pick".into(), "r5".into()));
        assert_eq!(decode(&pick), None, "a pick acts on change only");
        pick.kind = EventKind::Change;
        assert_eq!(decode(&pick), Some(Msg::Pick("r5".into(), true)));
        assert_eq!(
            decode(&UiEvent::click("sort", "n")),
            Some(Msg::SortBy(SortKey::N))
        );
        assert_eq!(decode(&UiEvent::click("page", "2")), Some(Msg::Page(2)));
        assert_eq!(
            decode(&UiEvent::click("action", "csv")),
            Some(Msg::Act(Action::Csv))
        );
        assert_eq!(decode(&UiEvent::click("action", "nope")), None);
        let mut mark = UiEvent::click("study", "r5");
        assert_eq!(decode(&mark), None, "only a chart's circle opens a study");
        mark.tag = "circle".into();
        assert_eq!(decode(&mark), Some(Msg::OpenStudy("r5".into())));
        assert_eq!(decode(&on(EventKind::Input, "a-nothing", "x", false)), None);
    }
}
