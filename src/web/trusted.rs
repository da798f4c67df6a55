//! Trusted Types: the one door through which markup reaches the DOM. The CSP says
//! `require-trusted-types-for 'script'; trusted-types msc-hsct msc-hsct-worker`, so the
//! browser throws on any plain string assigned to `innerHTML` (or any other HTML or
//! script sink) and lets no other policy be created, not even a `default` one. The
//! `msc-hsct` policy is created here once and never leaves this module; its only caller
//! is [`set_inner`] and [`value`], which take typed [`Html`], whose constructors escape
//! every text and attribute (`html::markup`). Its `createHTML` can therefore pass the
//! string through: the check happened at compile time, in the type. The service worker's
//! URL has its own policy in `public/pwa.js`, which admits `./sw.js` only.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::html::Html;

thread_local! {
    static POLICY: Option<(JsValue, Function)> = create();
}

/// `trustedTypes.createPolicy("msc-hsct", { createHTML })`, with its `createHTML`; None
/// where the browser has no Trusted Types (it then enforces nothing either).
fn create() -> Option<(JsValue, Function)> {
    let factory = Reflect::get(&js_sys::global(), &"trustedTypes".into()).ok()?;
    if factory.is_undefined() || factory.is_null() {
        return None;
    }
    // `String` passes the markup through unchanged (and costs no Rust closure).
    let options = js_sys::Object::new();
    let pass = Reflect::get(&js_sys::global(), &"String".into()).ok()?;
    Reflect::set(&options, &"createHTML".into(), &pass).ok()?;
    let create_policy: Function = Reflect::get(&factory, &"createPolicy".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let policy = create_policy
        .call2(&factory, &"msc-hsct".into(), &options)
        .ok()?;
    let create_html: Function = Reflect::get(&policy, &"createHTML".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((policy, create_html))
}

/// `html` as the value an `innerHTML` accepts: a `TrustedHTML` of the app's policy (the
/// plain string where the browser has no Trusted Types).
pub fn value(html: &Html) -> JsValue {
    let text = JsValue::from_str(html.as_str());
    POLICY.with(|policy| match policy {
        Some((policy, create_html)) => create_html.call1(policy, &text).unwrap_or(text),
        None => text,
    })
}

/// Replaces `element`'s content with `html`.
pub fn set_inner(element: &web_sys::Element, html: &Html) {
    let _ = Reflect::set(element, &"innerHTML".into(), &value(html));
}
