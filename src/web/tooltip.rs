//! Tooltips on keyboard focus for chart marks: the focused mark's `<title>` in a box
//! beside it (hover shows the same text as the browser's native tooltip).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::web::bind::closest;

/// Shows or hides the tip (`#chart-tip`) for a `focusin`/`focusout` event.
pub fn on_focus(event: web_sys::FocusEvent) {
    let Some(tip) = document().get_element_by_id("chart-tip") else {
        return;
    };
    let mark = closest(&event, "[data-testid=chart] [tabindex]");
    let title = mark
        .as_ref()
        .and_then(|m| m.query_selector("title").ok().flatten())
        .and_then(|t| t.text_content());
    match (mark, title, event.type_().as_str()) {
        (Some(mark), Some(title), "focusin") => {
            tip.set_text_content(Some(&title));
            let rect = mark.get_bounding_client_rect();
            let host = tip.parent_element().map(|p| p.get_bounding_client_rect());
            let (left, top) = host
                .map(|h| (rect.left() - h.left(), rect.bottom() - h.top() + 4.0))
                .unwrap_or_default();
            // The CSSOM, not a style attribute: the CSP refuses inline style text.
            if let Some(style) = tip.dyn_ref::<web_sys::HtmlElement>().map(|t| t.style()) {
                let _ = style.set_property("left", &format!("{:.0}px", left.max(0.0)));
                let _ = style.set_property("top", &format!("{top:.0}px"));
            }
            let _ = tip.remove_attribute("hidden");
        }
        _ => {
            let _ = tip.set_attribute("hidden", "");
        }
    }
}
