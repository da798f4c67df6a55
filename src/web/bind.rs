//! Binds a form rendered as HTML by the core to its state: one delegated listener turns
//! input and change events into `(id, value, checked)`, and `sync_fields` writes the
//! core's `FieldState`s back (values, errors, echoes, visibility). Measured: the
//! calculator form as a `view!` tree cost 36 KB gzip of WASM; this costs a few KB.

use wasm_bindgen::{JsCast, JsValue};

use crate::html::Html;
use crate::screens::field::FieldState;
use crate::screens::Status;

/// The control an input or change event came from: its id, value and checked state.
pub fn control_change(event: &web_sys::Event) -> Option<(String, String, bool)> {
    let target = event.target()?;
    let element = target.dyn_ref::<web_sys::Element>()?;
    let id = element.id();
    if id.is_empty() {
        return None;
    }
    let value = js_sys::Reflect::get(&target, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let checked = js_sys::Reflect::get(&target, &JsValue::from_str("checked"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    Some((id, value, checked))
}

/// Writes each state into the document, touching only what changed (so the caret stays
/// where it is and live regions announce only new messages).
pub fn sync_fields(states: &[FieldState]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for state in states {
        if let Some(control) = document.get_element_by_id(state.id) {
            if let Some(value) = &state.value {
                let current = js_sys::Reflect::get(&control, &JsValue::from_str("value"))
                    .ok()
                    .and_then(|v| v.as_string());
                if current.as_deref() != Some(value.as_str()) {
                    let _ = js_sys::Reflect::set(
                        &control,
                        &JsValue::from_str("value"),
                        &JsValue::from_str(value),
                    );
                }
            }
            if let Some(checked) = state.checked {
                let _ = js_sys::Reflect::set(
                    &control,
                    &JsValue::from_str("checked"),
                    &JsValue::from_bool(checked),
                );
            }
            let invalid = if state.error.is_some() {
                "true"
            } else {
                "false"
            };
            if control.get_attribute("aria-invalid").as_deref() != Some(invalid) {
                let _ = control.set_attribute("aria-invalid", invalid);
            }
        }
        set_text(
            &document,
            &format!("{}-error", state.id),
            state.error.as_deref(),
        );
        set_text(
            &document,
            &format!("{}-echo", state.id),
            state.echo.as_deref(),
        );
        if let Some(wrapper) = document.get_element_by_id(&format!("{}-field", state.id)) {
            let hidden = wrapper.has_attribute("hidden");
            if hidden == state.visible {
                let _ = if state.visible {
                    wrapper.remove_attribute("hidden")
                } else {
                    wrapper.set_attribute("hidden", "")
                };
            }
        }
    }
}

fn set_text(document: &web_sys::Document, id: &str, text: Option<&str>) {
    if let Some(element) = document.get_element_by_id(id) {
        let text = text.unwrap_or_default();
        if element.text_content().as_deref() != Some(text) {
            element.set_text_content(Some(text));
        }
    }
}

/// Sets the inner HTML of the element with `id`: the one way markup reaches the DOM,
/// and it takes only typed [`Html`].
pub fn set_html(id: &str, html: &Html) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element {
        element.set_inner_html(html.as_str());
    }
}

/// Keeps the element `id` filled with `render()`, replacing its content only when the
/// HTML text changes: an unchanged result must not replace the elements under the
/// pointer (a click whose press and release land on different elements is lost) or
/// the focus.
pub fn html_effect(id: &'static str, render: impl Fn() -> Html + 'static) {
    leptos::prelude::Effect::new(move |previous: Option<Html>| {
        let html = render();
        if previous.as_ref() != Some(&html) {
            set_html(id, &html);
        }
        html
    });
}

/// The element of `event`'s target (or its closest ancestor) matching `selector`.
pub fn closest(event: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// Copies `text` (a `what`, e.g. "Link") to the clipboard and reports `Done(ok)`, or —
/// when the browser refuses — the text to copy by hand.
pub fn copy_to_clipboard(
    text: String,
    what: &'static str,
    ok: &'static str,
    report: impl FnOnce(Status) + 'static,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        report(match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => Status::Done(ok.into()),
            Err(_) => Status::CopyByHand { what, text },
        });
    });
}
