//! The dose calculator page: the calculator screen, mounted by the binder.

use leptos::prelude::*;

use crate::screens::calculator::CalculatorScreen;
use crate::screens::route::Page;
use crate::web::app::app_links;
use crate::web::bind::mount;
use crate::web::bundle::evidence;

/// Today's local date as `YYYY-MM-DD`.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// The dose calculator.
#[component]
pub fn CalculatorPage() -> impl IntoView {
    mount(
        CalculatorScreen::new(evidence().ok(), app_links(), &today()),
        Page::Calculator,
    )
}
