//! Taking over the pre-rendered page. The build wrote the page's content into its HTML
//! (`screens::prerender`); the app mounts its own tree beside it and removes the
//! pre-rendered one in the same task, so no frame shows neither. What a reader did before
//! the WASM arrived is carried over: text typed or choices made in the pre-rendered form
//! (replayed as input events, so they are evaluated) and the focus with its caret.

use wasm_bindgen::{JsCast, JsValue};

/// A control of the pre-rendered form that the reader changed.
struct Kept {
    id: String,
    value: Option<String>,
    checked: Option<bool>,
}

/// What the reader did on the pre-rendered page.
pub struct Before {
    kept: Vec<Kept>,
    focus: Option<(String, Option<u32>, Option<u32>)>,
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Reads the pre-rendered page's changed controls and focus (None: nothing was
/// pre-rendered).
pub fn before_mount() -> Option<Before> {
    let root = document()?.get_element_by_id("prerendered")?;
    let mut kept = Vec::new();
    if let Ok(controls) = root.query_selector_all("input[id], select[id]") {
        for index in 0..controls.length() {
            let Some(node) = controls.item(index) else {
                continue;
            };
            if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.type_() == "checkbox" {
                    if input.checked() != input.default_checked() {
                        kept.push(Kept {
                            id: input.id(),
                            value: None,
                            checked: Some(input.checked()),
                        });
                    }
                } else if input.value() != input.default_value() {
                    kept.push(Kept {
                        id: input.id(),
                        value: Some(input.value()),
                        checked: None,
                    });
                }
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                let initial = select
                    .query_selector("option[selected]")
                    .ok()
                    .flatten()
                    .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .map(|o| o.value());
                let first = select
                    .options()
                    .item(0)
                    .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .map(|o| o.value());
                if Some(select.value()) != initial.or(first) {
                    kept.push(Kept {
                        id: select.id(),
                        value: Some(select.value()),
                        checked: None,
                    });
                }
            }
        }
    }
    let focus = document()?
        .active_element()
        .filter(|e| root.contains(Some(e)))
        .map(|e| {
            let input = e.dyn_ref::<web_sys::HtmlInputElement>();
            let start = input.and_then(|i| i.selection_start().ok().flatten());
            let end = input.and_then(|i| i.selection_end().ok().flatten());
            (e.id(), start, end)
        });
    Some(Before { kept, focus })
}

/// Removes the pre-rendered page and replays what the reader did into the app's.
pub fn after_mount(before: Option<Before>) {
    let Some(document) = document() else {
        return;
    };
    if let Some(root) = document.get_element_by_id("prerendered") {
        root.remove();
    }
    // Tests and scripts wait for this: the page is the app's now.
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
    let Some(before) = before else {
        return;
    };
    for kept in before.kept {
        let Some(element) = document.get_element_by_id(&kept.id) else {
            continue;
        };
        if let Some(value) = &kept.value {
            let _ = js_sys::Reflect::set(
                &element,
                &JsValue::from_str("value"),
                &JsValue::from_str(value),
            );
        }
        if let Some(checked) = kept.checked {
            let _ = js_sys::Reflect::set(
                &element,
                &JsValue::from_str("checked"),
                &JsValue::from_bool(checked),
            );
        }
        // The binder listens for these: the carried-over input is evaluated.
        for kind in ["input", "change"] {
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                let _ = element.dispatch_event(&event);
            }
        }
    }
    if let Some((id, start, end)) = before.focus.filter(|(id, _, _)| !id.is_empty()) {
        if let Some(element) = document
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
            if let (Some(input), Some(start), Some(end)) =
                (element.dyn_ref::<web_sys::HtmlInputElement>(), start, end)
            {
                let _ = input.set_selection_range(start, end);
            }
        }
    }
}
