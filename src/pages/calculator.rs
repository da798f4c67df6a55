//! The dose calculator page: the form (Leptos inputs bound to `core::calculator`) and its
//! results, rendered by `core::render::calculator` whenever any input changes.

use leptos::prelude::*;

use super::set_title;
use crate::app::{app_links, href_to, Navigator};
use crate::bundle::evidence;
use crate::components::bind::{control_change, sync_fields};
use crate::core::calculator::{evaluate, CalculatorForm};
use crate::core::format::scientific;
use crate::core::render::calculator::{form_html, plan_text, results};
use crate::core::route::Page;
use crate::core::share::{apply_calculator, calculator_query};

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
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
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
    let results_html = move || evaluation.with(|e| form.with(|f| results(f, e, &links, &version)));
    let (copy_status, set_copy_status) = signal(None::<(bool, String)>);

    Effect::new(move |_| {
        let states = evaluation.with(|e| form.with(|f| f.field_states(e)));
        sync_fields(&states);
    });
    let on_change = move |event: web_sys::Event| {
        if let Some((id, value, checked)) = control_change(&event) {
            form.update(|f| f.set(&id, &value, checked));
        }
    };
    let summary = move || {
        evaluation.with(|e| match &e.plan {
            Some(Ok(plan)) => format!(
                "Plan updated: {} cells per infusion{}.",
                scientific(plan.cells_per_infusion),
                plan.containers
                    .as_ref()
                    .map(|c| format!(", {}", c.description))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        })
    };
    let copy = move |_| {
        let text = evaluation.with(|e| form.with(|f| plan_text(f, e, &version_for_text)));
        let Some(text) = text else {
            set_copy_status.set(Some((false, "There is no plan to copy yet.".into())));
            return;
        };
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            set_copy_status.set(Some((false, text)));
            return;
        };
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => set_copy_status.set(Some((true, "Plan copied as text.".into()))),
                Err(_) => set_copy_status.set(Some((false, text))),
            }
        });
    };
    let copy_link = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let href = window.location().href().unwrap_or_default();
        let promise = window.navigator().clipboard().write_text(&href);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => set_copy_status.set(Some((
                    true,
                    "Link copied: it opens this plan with the same inputs.".into(),
                ))),
                Err(_) => set_copy_status.set(Some((false, href))),
            }
        });
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };

    view! {
        <h1 data-testid="page-title">"Dose calculator"</h1>
        <p class="lead">
            "Patient weight × cells/kg → cells per infusion, containers to thaw, volume to draw and "
            "a dated infusion plan, placed among the doses the review's studies used."
        </p>
        {(!link_notices.is_empty()).then(|| view! {
            <div class="notice notice--info" role="status" data-testid="link-notices">
                <ul>{link_notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div>
        })}
        <div class="calc">
            <form
                class="calc-form"
                aria-label="Dose calculator inputs"
                on:submit=|ev| ev.prevent_default()
                on:input=on_change
                on:change=on_change
            >
                <div inner_html=form_html()></div>
                <div class="button-row no-print">
                    <button type="button" class="button" data-testid="copy-plan" on:click=copy>"Copy plan as text"</button>
                    <button type="button" class="button button--secondary" data-testid="copy-link" on:click=copy_link>"Copy link"</button>
                    <button type="button" class="button button--secondary" data-testid="print-plan" on:click=print>"Print"</button>
                </div>
                <div aria-live="polite" data-testid="copy-status">
                    {move || copy_status.get().map(|(ok, message)| if ok {
                        view! { <p class="notice notice--info">{message}</p> }.into_any()
                    } else {
                        view! {
                            <div class="notice notice--warning">
                                <p>"The browser did not allow copying. Select the text below and copy it:"</p>
                                <textarea class="copy-fallback" readonly rows="10" aria-label="Plan as text">{message}</textarea>
                            </div>
                        }.into_any()
                    })}
                </div>
            </form>
            <div class="calc-results" data-testid="results" inner_html=results_html></div>
        </div>
        <p class="visually-hidden" aria-live="polite" data-testid="results-summary">{summary}</p>
        <p class="print-only" data-testid="print-citation">
            "Decision support for professionals, not a prescription. Check every figure against the product label. "
            "Studied doses from: " {crate::data::review::REVIEW.to_text()}
        </p>
    }
}
