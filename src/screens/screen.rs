//! The shape of every page: a [`Screen`] has a `State` read from and written to its link,
//! typed messages decoded from DOM events, a pure `update` that may refuse a change with
//! a reason the page shows, and a `view` that returns the page's regions as typed
//! markup. `web::bind` is the one piece of browser glue that drives any screen.

use std::fmt;

use crate::html::{Href, Html};
use crate::screens::field::FieldState;

/// What kind of DOM event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A text field or select changed while typing (`input`).
    Input,
    /// A committed change (`change`): checkboxes fire `input` and then `change`.
    Change,
    Click,
    /// A key press; the key is in [`UiEvent::key`].
    Key,
}

/// What the binder reads from an event's target for [`Screen::decode`]: the target's id,
/// value and checked state, and the `data-*` attributes of the target and its ancestors
/// inside the screen (nearest first, names without the `data-` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiEvent {
    pub kind: EventKind,
    pub id: String,
    pub value: String,
    pub checked: bool,
    pub key: String,
    /// The target's tag name in lower case (e.g. `circle`).
    pub tag: String,
    pub data: Vec<(String, String)>,
}

impl UiEvent {
    /// An event of `kind` on the control `id`.
    pub fn on(kind: EventKind, id: &str, value: &str, checked: bool) -> UiEvent {
        UiEvent {
            kind,
            id: id.to_string(),
            value: value.to_string(),
            checked,
            key: String::new(),
            tag: String::new(),
            data: Vec::new(),
        }
    }

    /// A click on an element carrying `data-{name}="{value}"`.
    pub fn click(name: &str, value: &str) -> UiEvent {
        let mut event = UiEvent::on(EventKind::Click, "", "", false);
        event.data.push((name.to_string(), value.to_string()));
        event
    }

    /// The nearest `data-{name}` value.
    pub fn data(&self, name: &str) -> Option<&str> {
        self.data
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Something only the browser can do, asked for by [`Screen::update`].
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Copy `text` to the clipboard; say `done` when it worked, otherwise offer the text
    /// (a `what`, e.g. "Link") to copy by hand.
    Copy {
        text: String,
        what: &'static str,
        done: &'static str,
    },
    /// Copy the page's own address (the link that reproduces the view).
    CopyLink {
        done: &'static str,
    },
    /// Offer a file.
    Download {
        name: String,
        mime: &'static str,
        text: String,
    },
    /// Offer the chart on the page as SVG or (drawn at 2×) PNG, named `name` + extension.
    DownloadChart {
        name: String,
        png: bool,
    },
    Print,
    /// Go to another page of the app (history pushed).
    Navigate(Href),
    /// Focus the element matching the CSS selector after the next render (regions are
    /// replaced, so the control that was used is a new element).
    Focus(String),
}

/// What a control or link parameter's value should have been (“expected …”).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected(pub String);

/// Why a change was refused: said in the page's status line, and the control that asked
/// for it is set back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A region of a page: the element id whose content the binder keeps equal to `html`.
pub type Region = (&'static str, Html);

/// One page of the app.
pub trait Screen: 'static {
    type State: Clone + PartialEq + 'static;
    type Msg;

    /// The id of the page's status line (refusals, copy and download results).
    const STATUS: &'static str;

    /// The state a link describes (its query string), and notices for what it ignored.
    fn read_link(&self, search: &str) -> (Self::State, Vec<String>);
    /// The state's link: its query string (with `?`, defaults left out).
    fn link(&self, state: &Self::State) -> String;
    /// The whole page for a state, regions filled in (also what pre-rendering writes).
    fn page(&self, state: &Self::State, notices: &[String]) -> Html;
    /// The regions that change with the state.
    fn regions(&self, state: &Self::State) -> Vec<Region>;
    /// What each form control must show (values, errors, echoes, visibility).
    fn fields(&self, _state: &Self::State) -> Vec<FieldState> {
        Vec::new()
    }
    /// The message an event means, if any.
    fn decode(&self, event: &UiEvent) -> Option<Self::Msg>;
    /// Applies a message; a refused one leaves the state as it was.
    fn update(&self, state: &mut Self::State, msg: Self::Msg) -> Result<Vec<Command>, Refusal>;
}
