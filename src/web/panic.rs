//! Turns a Rust panic into a visible error banner with a reload link. A panic in
//! WebAssembly stops the app, so the banner is built with plain DOM calls, no reactivity,
//! and reloads through a link rather than a Rust click handler.

use std::panic::PanicHookInfo;

/// The `data-testid` and id of the banner, for tests and for not adding it twice.
pub const BANNER_ID: &str = "fatal-error";

/// Installs the hook once; later calls replace it with the same hook.
pub fn install() {
    std::panic::set_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("MSC·HSCT stopped: {message}").into());
    show_banner(&message);
}

/// Puts the banner at the top of `<body>` (ignoring any DOM failure: there is nothing
/// better to do inside a panic).
fn show_banner(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id(BANNER_ID).is_some() {
        return Some(());
    }
    let body = document.body()?;
    let banner = document.create_element("div").ok()?;
    banner.set_id(BANNER_ID);
    banner.set_class_name("fatal-error");
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("data-testid", BANNER_ID).ok()?;

    let title = document.create_element("p").ok()?;
    title.set_class_name("fatal-error__title");
    title.set_text_content(Some(
        "Something went wrong and the app stopped. Your inputs were not sent anywhere.",
    ));
    let detail = document.create_element("p").ok()?;
    detail.set_class_name("fatal-error__detail");
    detail.set_text_content(Some(message));
    // A link to the current address reloads the page without running any Rust.
    let reload = document.create_element("a").ok()?;
    reload.set_class_name("button");
    reload
        .set_attribute("data-testid", "fatal-error-reload")
        .ok()?;
    let href = web_sys::window()?.location().href().ok()?;
    reload.set_attribute("href", &href).ok()?;
    // A target makes the router's click handler leave the link to the browser.
    reload.set_attribute("target", "_self").ok()?;
    reload.set_text_content(Some("Reload the app"));

    banner.append_child(&title).ok()?;
    banner.append_child(&detail).ok()?;
    banner.append_child(&reload).ok()?;
    body.prepend_with_node_1(&banner).ok()?;
    Some(())
}

/// Panics on purpose, so end-to-end tests can check the banner in a real browser:
/// `window.wasmBindings.debug_panic()`. Reachable only from the developer console.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn debug_panic() {
    panic!("debug_panic was called from the developer console");
}
