//! The dose calculator screen: its controls ([`control`]), the form's state and
//! evaluation ([`form`]), its link ([`link`]) and its view ([`view`]), tied together as a
//! [`Screen`].

pub mod control;
pub mod form;
pub mod link;
pub mod view;

use std::cell::RefCell;
use std::rc::Rc;

use crate::domain::data::Evidence;
use crate::html::Html;
use crate::screens::field::FieldState;
use crate::screens::screen::{Command, EventKind, Refusal, Region, Screen, UiEvent};
use crate::screens::Links;
use control::{Action, Field, Msg};
use form::{evaluate, CalculatorForm, Evaluation};

/// The calculator over a dataset (None: the dataset could not be read; the plan still
/// works, the placement among studied doses does not).
pub struct CalculatorScreen {
    evidence: Option<&'static Evidence>,
    links: Links,
    defaults: CalculatorForm,
    /// The last form evaluated and its evaluation: the regions and the fields of one
    /// change share it (placing a dose among 10,000 studies is not free).
    evaluated: RefCell<Option<(CalculatorForm, Rc<Evaluation>)>>,
}

impl CalculatorScreen {
    /// `today` (`YYYY-MM-DD`) is the default first infusion.
    pub fn new(evidence: Option<&'static Evidence>, links: Links, today: &str) -> Self {
        CalculatorScreen {
            evidence,
            links,
            defaults: CalculatorForm::new(today),
            evaluated: RefCell::new(None),
        }
    }

    fn version(&self) -> &str {
        self.evidence
            .map(|e| e.dataset.version.as_str())
            .unwrap_or_default()
    }

    pub fn evaluation(&self, form: &CalculatorForm) -> Rc<Evaluation> {
        let mut cache = self.evaluated.borrow_mut();
        if let Some((seen, eval)) = cache.as_ref() {
            if seen == form {
                return eval.clone();
            }
        }
        let eval = Rc::new(evaluate(form, self.evidence));
        *cache = Some((form.clone(), eval.clone()));
        eval
    }
}

impl Screen for CalculatorScreen {
    type State = CalculatorForm;
    type Msg = Msg;
    const STATUS: &'static str = "copy-status";

    fn read_link(&self, search: &str) -> (CalculatorForm, Vec<String>) {
        let mut form = self.defaults.clone();
        let notices = link::apply_calculator(search, &mut form, self.version());
        (form, notices)
    }

    fn link(&self, form: &CalculatorForm) -> String {
        link::calculator_query(form, &self.defaults, self.version())
    }

    fn page(&self, form: &CalculatorForm, notices: &[String]) -> Html {
        let eval = self.evaluation(form);
        view::page_html(
            notices,
            view::form_html(&form.field_states(&eval)),
            view::results(form, &eval, &self.links, self.version()),
            &view::summary_text(&eval),
        )
    }

    fn regions(&self, form: &CalculatorForm) -> Vec<Region> {
        let eval = self.evaluation(form);
        vec![
            (
                "calc-results",
                view::results(form, &eval, &self.links, self.version()),
            ),
            ("results-summary", Html::text(&view::summary_text(&eval))),
        ]
    }

    fn fields(&self, form: &CalculatorForm) -> Vec<FieldState> {
        form.field_states(&self.evaluation(form))
    }

    fn decode(&self, event: &UiEvent) -> Option<Msg> {
        match event.kind {
            EventKind::Input | EventKind::Change => {
                let field = Field::from_key(&event.id)?;
                let value = if field.is_checkbox() {
                    (if event.checked { "1" } else { "0" }).to_string()
                } else {
                    event.value.clone()
                };
                Some(Msg::Set(field, value))
            }
            EventKind::Click => event
                .data("action")
                .and_then(Action::from_key)
                .map(Msg::Act),
            EventKind::Key => None,
        }
    }

    fn update(&self, form: &mut CalculatorForm, msg: Msg) -> Result<Vec<Command>, Refusal> {
        match msg {
            Msg::Set(field, value) => {
                form.set(field, &value)
                    .map_err(|e| Refusal(format!("{}: expected {}.", field.label(), e.0)))?;
                Ok(Vec::new())
            }
            Msg::Act(Action::Copy) => {
                let text = view::plan_text(form, &self.evaluation(form), self.version())
                    .ok_or_else(|| Refusal("There is no plan to copy yet.".into()))?;
                Ok(vec![Command::Copy {
                    text,
                    what: "Plan as text",
                    done: "Plan copied as text.",
                }])
            }
            Msg::Act(Action::Link) => Ok(vec![Command::CopyLink {
                done: "Link copied: it opens this plan with the same inputs.",
            }]),
            Msg::Act(Action::Print) => Ok(vec![Command::Print]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::evidence;
    use crate::domain::keys::check_keys;

    fn screen() -> CalculatorScreen {
        CalculatorScreen::new(
            evidence().ok(),
            Links {
                base: String::new(),
            },
            "2026-11-25",
        )
    }

    #[test]
    fn every_control_is_rendered_and_decodes_back_to_itself() {
        assert_eq!(check_keys::<Field>(), Ok(()));
        let s = screen();
        let (form, _) = s.read_link("");
        let page = s.page(&form, &[]);
        let states = s.fields(&form);
        for field in Field::ALL {
            assert!(
                page.contains(&format!(r#"id="{}""#, field.key())),
                "{field:?}"
            );
            assert!(
                states.iter().any(|f| f.id == field.key()),
                "{field:?} has a field state"
            );
            let event = UiEvent::on(EventKind::Input, field.key(), "x", true);
            match s.decode(&event) {
                Some(Msg::Set(decoded, _)) => assert_eq!(decoded, field),
                other => panic!("{field:?} decoded as {other:?}"),
            }
            assert!(Field::from_param(field.param()) == Some(field));
        }
        for action in Action::ALL {
            assert!(page.contains(&format!(r#"data-action="{}""#, action.key())));
            assert_eq!(
                s.decode(&UiEvent::click("action", action.key())),
                Some(Msg::Act(action))
            );
        }
    }

    #[test]
    fn copying_needs_a_plan_and_a_bad_choice_is_refused() {
        let s = screen();
        let (mut form, _) = s.read_link("?w=23.4");
        match s
            .update(&mut form, Msg::Act(Action::Copy))
            .unwrap()
            .as_slice()
        {
            [Command::Copy { text, .. }] => assert!(text.contains("Weight: 23.4 kg")),
            other => panic!("{other:?}"),
        }
        let before = form.clone();
        assert!(s
            .update(&mut form, Msg::Set(Field::Product, "aspirin".into()))
            .is_err());
        assert_eq!(form, before);
        s.update(&mut form, Msg::Set(Field::Weight, String::new()))
            .unwrap();
        assert!(s.update(&mut form, Msg::Act(Action::Copy)).is_err());
    }

    /// Links people have shared since the first version: each must open the same form.
    #[test]
    fn links_shared_before_still_open_the_same_form() {
        let s = screen();
        let (form, notices) = s.read_link(
            "?v=2023.1&w=70&u=lb&age=adult&ind=cgvhd_treatment&dose=1.5e6&p=custom&cc=25+million&cml=3.8&cs=1&n=4&iv=3&start=2027-01-05",
        );
        assert_eq!(notices, Vec::<String>::new());
        assert_eq!(form.weight.text, "70");
        assert_eq!(form.weight.unit, crate::domain::quantity::WeightUnit::Lb);
        assert_eq!(form.value(Field::Product), "custom");
        assert_eq!(
            (form.custom_cells.as_str(), form.custom_ml.as_str()),
            ("25 million", "3.8")
        );
        assert!(form.custom_schedule);
        assert_eq!(
            (form.infusions.as_str(), form.interval_days.as_str()),
            ("4", "3")
        );
        assert_eq!(form.start, "2027-01-05");
        assert_eq!(s.read_link(&s.link(&form)).0, form);
    }
}
