//! The dose calculator page: the form (HTML from `core::render::calculator`, bound to
//! `core::calculator`) and its results, rendered again whenever any input changes.

use leptos::prelude::*;

use super::set_title;
use crate::domain::format::scientific;
use crate::html::Html;
use crate::screens::calculator::form::{evaluate, CalculatorForm};
use crate::screens::calculator::link::{apply_calculator, calculator_query};
use crate::screens::calculator::view::{page_html, plan_text, results};
use crate::screens::route::Page;
use crate::screens::{status_html, Status};
use crate::web::app::{app_links, href_to, Navigator};
use crate::web::bind::{closest, control_change, copy_to_clipboard, html_effect, sync_fields};
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
    set_title(Page::Calculator);
    let defaults = CalculatorForm::new(&today());
    let mut initial = defaults.clone();
    let version = evidence()
        .map(|e| e.dataset.version.clone())
        .unwrap_or_default();
    let search = window().location().search().unwrap_or_default();
    let link_notices = apply_calculator(&search, &mut initial, &version);
    let form = RwSignal::new(initial);
    // Every change rewrites the link in place: history is replaced, not pushed, so the
    // back button goes to the previous page, not the previous keystroke.
    let navigator = use_context::<Navigator>();
    let path = href_to(Page::Calculator);
    let version_for_link = version.clone();
    Effect::new(move |_| {
        let query = form.with(|f| calculator_query(f, &defaults, &version_for_link));
        if let Some(navigator) = navigator {
            navigator.go(&format!("{path}{query}"), true);
        }
    });
    let evaluation = Memo::new(move |_| form.with(|f| evaluate(f, evidence().ok())));
    let links = app_links();
    let version_for_text = version.clone();
    let copy_status = RwSignal::new(None::<Status>);

    html_effect("calc-results", move || {
        Html::trusted(evaluation.with(|e| form.with(|f| results(f, e, &links, &version))))
    });
    Effect::new(move |_| {
        let states = evaluation.with(|e| form.with(|f| f.field_states(e)));
        sync_fields(&states);
    });
    html_effect("results-summary", move || {
        let summary = evaluation.with(|e| match &e.plan {
            Some(Ok(plan)) => format!(
                "Plan updated: {} cells per infusion{}.",
                scientific(plan.cells_per_infusion),
                plan.containers
                    .as_ref()
                    .map(|c| format!(", {}", c.description))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        });
        Html::text(&summary)
    });
    html_effect("copy-status", move || {
        copy_status.with(|s| s.as_ref().map(status_html).unwrap_or_default())
    });
    let on_change = move |event: web_sys::Event| {
        if let Some((id, value, checked)) = control_change(&event) {
            form.update(|f| f.set(&id, &value, checked));
        }
    };
    let on_click = move |event: web_sys::MouseEvent| {
        let Some(button) = closest(&event, "[data-action]") else {
            return;
        };
        match button.get_attribute("data-action").as_deref() {
            Some("copy") => {
                let text = evaluation.with(|e| form.with(|f| plan_text(f, e, &version_for_text)));
                match text {
                    Some(text) => {
                        copy_to_clipboard(text, "Plan as text", "Plan copied as text.", move |s| {
                            copy_status.set(Some(s))
                        })
                    }
                    None => copy_status.set(Some(Status::Problem(
                        "There is no plan to copy yet.".into(),
                    ))),
                }
            }
            Some("link") => {
                let href = window().location().href().unwrap_or_default();
                copy_to_clipboard(
                    href,
                    "Link",
                    "Link copied: it opens this plan with the same inputs.",
                    move |s| copy_status.set(Some(s)),
                );
            }
            Some("print") => {
                let _ = window().print();
            }
            _ => {}
        }
    };

    view! {
        <div
            on:submit=|ev| ev.prevent_default()
            on:input=on_change
            on:change=on_change
            on:click=on_click
            inner_html=page_html(&link_notices)
        ></div>
    }
}
