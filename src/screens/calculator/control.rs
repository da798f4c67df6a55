//! Every control of the calculator, once: its DOM id (the key), its label and its link
//! parameter. [`CalculatorForm::set`](super::form::CalculatorForm::set) and
//! [`CalculatorForm::value`](super::form::CalculatorForm::value) read and write a control,
//! and the link is printed and read through the same two functions.

crate::keyed_enum! {
    /// A calculator control (key = DOM id and test id). The order is the link's.
    pub enum Field {
        Weight = ("weight", "Weight"),
        WeightUnit = ("weight-unit", "Weight unit"),
        Age = ("age", "Age"),
        Indication = ("indication", "Indication (for the studied doses)"),
        Dose = ("dose", "Dose per kg (cells/kg)"),
        Product = ("product", "Product"),
        CustomCells = ("custom-cells", "Cells per container"),
        CustomMl = ("custom-ml", "Volume per container (mL)"),
        CustomSchedule = ("custom-schedule", "Custom schedule instead of the label's"),
        Infusions = ("infusions", "Number of infusions"),
        Interval = ("interval", "Days between infusions"),
        Start = ("start", "First infusion"),
    }
}

impl Field {
    /// The control's link parameter.
    pub fn param(self) -> &'static str {
        match self {
            Field::Weight => "w",
            Field::WeightUnit => "u",
            Field::Age => "age",
            Field::Indication => "ind",
            Field::Dose => "dose",
            Field::Product => "p",
            Field::CustomCells => "cc",
            Field::CustomMl => "cml",
            Field::CustomSchedule => "cs",
            Field::Infusions => "n",
            Field::Interval => "iv",
            Field::Start => "start",
        }
    }

    /// The control with link parameter `name`.
    pub fn from_param(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.param() == name)
    }

    /// A checkbox: its value is "1" or "0".
    pub fn is_checkbox(self) -> bool {
        self == Field::CustomSchedule
    }
}

crate::keyed_enum! {
    /// An action button of the calculator (`data-action`).
    pub enum Action {
        Copy = ("copy", "Copy plan as text"),
        Link = ("link", "Copy link"),
        Print = ("print", "Print"),
    }
}

/// What the calculator understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Set(Field, String),
    Act(Action),
}
