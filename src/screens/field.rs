//! What a form control should show, computed by the pure core for any form: the UI
//! renders the form's HTML once and writes these states into it after every change.

/// One control's value, error, echo and visibility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldState {
    /// The control's id (its wrapper is `{id}-field`, its messages `{id}-error`/`{id}-echo`).
    pub id: &'static str,
    /// The value the control must hold (text inputs and selects).
    pub value: Option<String>,
    /// For checkboxes.
    pub checked: Option<bool>,
    pub error: Option<String>,
    pub echo: Option<String>,
    pub visible: bool,
}
