//! The one binder: it drives any [`Screen`]. Link -> state signal -> region effects ->
//! delegated listeners -> `decode` -> `update` -> commands -> history replaced. Pages
//! are markup from the pure screens; this is the only code that touches their DOM.
//! Measured: the calculator form as a `view!` tree cost 36 KB gzip of WASM; markup plus
//! this binder costs a few KB.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::html::Html;
use crate::screens::field::FieldState;
use crate::screens::route::Page;
use crate::screens::screen::{Command, EventKind, Refusal, Region, Screen, UiEvent};
use crate::screens::{status_html, Status};
use crate::web::app::{href_to, CurrentRoute, Navigator};

/// A screen with its current state behind one object-safe interface, so that the
/// binder's browser code (effects, listeners, the view) exists once in the WASM however
/// many pages there are; only these few forwarding methods are made per screen.
trait Live {
    fn status_id(&self) -> &'static str;
    fn link(&self) -> String;
    fn regions(&self) -> Vec<Region>;
    fn fields(&self) -> Vec<FieldState>;
    /// Decodes and applies an event: `None` when it means nothing to the screen, else
    /// the update's result and whether the state changed.
    fn handle(&mut self, event: &UiEvent) -> Option<(Result<Vec<Command>, Refusal>, bool)>;
    /// Takes the state an address describes when it is another view; says whether it was,
    /// and what of the address was ignored.
    fn follow(&mut self, search: &str) -> (bool, Vec<String>);
}

struct Bound<S: Screen> {
    screen: S,
    state: S::State,
}

impl<S: Screen> Live for Bound<S> {
    fn status_id(&self) -> &'static str {
        S::STATUS
    }
    fn link(&self) -> String {
        self.screen.link(&self.state)
    }
    fn regions(&self) -> Vec<Region> {
        self.screen.regions(&self.state)
    }
    fn fields(&self) -> Vec<FieldState> {
        self.screen.fields(&self.state)
    }
    fn handle(&mut self, event: &UiEvent) -> Option<(Result<Vec<Command>, Refusal>, bool)> {
        let msg = self.screen.decode(event)?;
        // A refused message leaves the state as it was.
        let mut next = self.state.clone();
        let result = self.screen.update(&mut next, msg);
        let changed = result.is_ok() && next != self.state;
        if changed {
            self.state = next;
        }
        Some((result, changed))
    }
    fn follow(&mut self, search: &str) -> (bool, Vec<String>) {
        let (next, notices) = self.screen.read_link(search);
        let other = self.screen.link(&self.state) != self.screen.link(&next);
        if other {
            self.state = next;
        }
        (other, notices)
    }
}

type Shared = Rc<RefCell<dyn Live>>;

/// Mounts `screen` for `page`: reads its state from the link, renders the page once,
/// keeps its regions, fields and status line in step with the state, and turns DOM
/// events into messages.
pub fn mount<S: Screen>(screen: S, page: Page) -> AnyView {
    let search = window().location().search().unwrap_or_default();
    let (state, notices) = screen.read_link(&search);
    let html = screen.page(&state, &notices);
    bind(Rc::new(RefCell::new(Bound { screen, state })), &html, page)
}

/// The binder proper, for any screen. `version` counts state changes: effects track
/// it and read the state through `live`.
fn bind(live: Shared, html: &Html, page: Page) -> AnyView {
    crate::web::pages::set_title(page);
    let html = crate::web::trusted::value(html);
    let version = RwSignal::new(0u32);
    let status = RwSignal::new(None::<Status>);
    let status_id = live.borrow().status_id();

    // Every change rewrites the link in place: history is replaced, not pushed, so Back
    // goes to the previous page, not the previous keystroke.
    let navigator = use_context::<Navigator>();
    let path = href_to(page);
    let linked = live.clone();
    Effect::new(move |_| {
        version.track();
        replace_link(&path, &linked.borrow().link(), navigator)
    });
    follow_address(live.clone(), version, status);
    keep_regions(live.clone(), version);
    let filled = live.clone();
    Effect::new(move |_| {
        version.track();
        sync_fields(&filled.borrow().fields())
    });
    Effect::new(move |_| {
        let html = status.with(|s| s.as_ref().map(status_html).unwrap_or_default());
        set_html(status_id, &html);
    });

    let on_event = move |event: web_sys::Event| {
        let Some(ui) = ui_event(&event) else {
            return;
        };
        let Some((result, changed)) = live.borrow_mut().handle(&ui) else {
            return;
        };
        if ui.kind == EventKind::Click {
            event.prevent_default();
        }
        match result {
            Ok(commands) => {
                if changed {
                    version.update(|v| *v = v.wrapping_add(1));
                }
                status.set(None);
                for command in commands {
                    run(command, status, navigator);
                }
            }
            Err(refusal) => {
                set_back(&event, &ui);
                status.set(Some(Status::Problem(refusal.0)));
            }
        }
    };
    let on_input = on_event.clone();
    let on_change = on_event.clone();
    let on_click = on_event.clone();
    let on_key = on_event;
    view! {
        <div
            class="screen"
            on:submit=|ev| ev.prevent_default()
            on:input=on_input
            on:change=on_change
            on:click=move |ev: web_sys::MouseEvent| on_click(ev.into())
            on:keydown=move |ev: web_sys::KeyboardEvent| on_key(ev.into())
            on:focusin=crate::web::tooltip::on_focus
            on:focusout=crate::web::tooltip::on_focus
            prop:innerHTML=html
        ></div>
    }
    .into_any()
}

/// A link to the same page (a study from the list, Back and Forward) keeps the page
/// mounted: the state follows the address when it describes another view.
/// What such an address asked for and was ignored is said in the status line, as the
/// first visit says it above the page.
fn follow_address(live: Shared, version: RwSignal<u32>, status: RwSignal<Option<Status>>) {
    if let Some(route) = use_context::<CurrentRoute>() {
        Effect::new(move |before: Option<()>| {
            route.0.track();
            let search = window().location().search().unwrap_or_default();
            let (other, notices) = live.borrow_mut().follow(&search);
            // The first run is the address the page was rendered from, notices shown.
            if other {
                version.update(|v| *v = v.wrapping_add(1));
            }
            if before.is_some() && !notices.is_empty() {
                status.set(Some(Status::Problem(notices.join(" "))));
            }
        });
    }
}

/// Keeps the page's regions equal to the state's, writing only those that changed.
fn keep_regions(live: Shared, version: RwSignal<u32>) {
    Effect::new(move |previous: Option<Vec<Region>>| {
        let changes = version.get();
        let regions = live.borrow().regions();
        // The first run only records the regions when the page was rendered from this
        // very state a moment ago: writing them again would replace the DOM for nothing.
        let previous = match previous {
            Some(previous) => previous,
            None if changes == 0 => return regions,
            None => Vec::new(),
        };
        write_changed(&previous, &regions);
        regions
    });
}

/// Replaces the history entry with `path` + `query`, keeping the fragment (an anchor the
/// reader followed); an unchanged address is not rewritten.
fn replace_link(path: &str, query: &str, navigator: Option<Navigator>) {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    let to = format!("{path}{query}{hash}");
    let here = format!(
        "{}{}{hash}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let (Some(navigator), true) = (navigator, to != here) {
        navigator.go(&to, true);
    }
}

/// Writes the regions that differ from `previous`. An unchanged region must not be
/// replaced: the elements under the pointer would go (a click whose press and release land
/// on different elements is lost) and so would the focus.
fn write_changed(previous: &[Region], regions: &[Region]) {
    for (index, (id, html)) in regions.iter().enumerate() {
        if previous.get(index) != Some(&(*id, html.clone())) {
            set_html(id, html);
        }
    }
}

/// After a refused change, the checkbox that asked for it is set back.
fn set_back(event: &web_sys::Event, ui: &UiEvent) {
    if let Some(target) = event.target() {
        if ui.kind == EventKind::Change
            && js_sys::Reflect::has(&target, &"checked".into()).unwrap_or(false)
        {
            let _ =
                js_sys::Reflect::set(&target, &"checked".into(), &JsValue::from_bool(!ui.checked));
        }
    }
}

/// Typed markup as a view: the one place (with [`set_html`]) where markup becomes DOM.
pub fn markup(html: Html) -> impl IntoView {
    view! { <div class="contents" prop:innerHTML=crate::web::trusted::value(&html)></div> }
}

/// A page without a screen (the dataset could not be read): its title and its markup.
pub fn static_page(page: Page, html: Html) -> impl IntoView {
    crate::web::pages::set_title(page);
    markup(html)
}

/// What `event` carries for a screen's `decode`.
fn ui_event(event: &web_sys::Event) -> Option<UiEvent> {
    let target = event.target()?;
    let element = target.dyn_ref::<web_sys::Element>()?;
    let kind = match event.type_().as_str() {
        "input" => EventKind::Input,
        "change" => EventKind::Change,
        "click" => EventKind::Click,
        "keydown" => EventKind::Key,
        _ => return None,
    };
    let get = |name: &str| js_sys::Reflect::get(&target, &JsValue::from_str(name)).ok();
    let mut ui = UiEvent::on(
        kind,
        &element.id(),
        &get("value").and_then(|v| v.as_string()).unwrap_or_default(),
        get("checked").and_then(|v| v.as_bool()).unwrap_or(false),
    );
    ui.tag = element.tag_name().to_ascii_lowercase();
    if let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() {
        ui.key = key.key();
    }
    // The data-* attributes from the target up to the screen's root, nearest first.
    let mut node = Some(element.clone());
    while let Some(current) = node {
        if current.class_list().contains("screen") {
            break;
        }
        let names = current.get_attribute_names();
        for index in 0..names.length() {
            let Some(name) = names.get(index).as_string() else {
                continue;
            };
            if let Some(short) = name.strip_prefix("data-") {
                if ui.data(short).is_none() {
                    let value = current.get_attribute(&name).unwrap_or_default();
                    ui.data.push((short.to_string(), value));
                }
            }
        }
        node = current.parent_element();
    }
    Some(ui)
}

/// Carries out what an update asked the browser to do; a failure is said in the
/// page's status line.
fn run(command: Command, status: RwSignal<Option<Status>>, navigator: Option<Navigator>) {
    let report = move |s: Status| status.set(Some(s));
    let result = match command {
        Command::Copy { text, what, done } => {
            copy_to_clipboard(text, what, done, report);
            Ok(())
        }
        Command::CopyLink { done } => {
            let href = window().location().href().unwrap_or_default();
            copy_to_clipboard(href, "Link", done, report);
            Ok(())
        }
        Command::Download { name, mime, text } => {
            crate::web::download::download_text(&name, mime, &text)
        }
        Command::DownloadChart { name, png } => crate::web::png::download_chart(&name, png, report),
        // After the next render, as a focus is: a report the same click asked for must be
        // in the page (its region written) when the browser takes the page to print.
        Command::Print => {
            request_animation_frame(move || {
                if window().print().is_err() {
                    report(Status::Problem("The browser did not print.".into()));
                }
            });
            Ok(())
        }
        Command::Navigate(href) => {
            if let Some(navigator) = navigator {
                navigator.go(href.as_str(), false);
            }
            Ok(())
        }
        Command::Focus(selector) => {
            refocus(selector);
            Ok(())
        }
    };
    if let Err(message) = result {
        status.set(Some(Status::Problem(message)));
    }
}

/// Focuses the element matching `selector` after the next render.
fn refocus(selector: String) {
    request_animation_frame(move || {
        let element = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
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
        crate::web::trusted::set_inner(&element, html);
    }
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
