//! The Compare and Charts pages: one analysis state (`core::analysis`), read from the
//! link, changed by the form and by the table's controls, written back to the link; the
//! tables, pooled results and charts are rendered by `core::render::compare`.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::set_title;
use crate::domain::evidence::rows;
use crate::html::chart::standalone;
use crate::html::Html;
use crate::screens::analysis::state::{Analysis, Choices};
use crate::screens::analysis::view::{chart_html, page_html, results_html};
use crate::screens::field::FieldState;
use crate::screens::route::Page;
use crate::screens::{status_html, Status};
use crate::web::app::{app_links, href_to, Navigator};
use crate::web::bind::{closest, control_change, copy_to_clipboard, html_effect, sync_fields};
use crate::web::bundle::evidence;
use crate::web::download::{download_blob, download_text, text_blob};

/// Width of the charts in CSS pixels (they scroll sideways on narrow screens).
const CHART_WIDTH: f64 = 900.0;
/// PNG pixels per CSS pixel: 1,800 pixels wide, enough for a slide.
const PNG_SCALE: f64 = 2.0;

/// Outcome comparison tables.
#[component]
pub fn ComparePage() -> impl IntoView {
    analysis_page(Page::Compare)
}

/// Charts of the same analysis.
#[component]
pub fn ChartsPage() -> impl IntoView {
    analysis_page(Page::Charts)
}

/// Focuses the element matching `selector` after the next render (the results are
/// replaced as a whole, so the control that was used is a new element).
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

fn analysis_page(page: Page) -> AnyView {
    set_title(page);
    let evidence = match evidence() {
        Ok(evidence) => evidence,
        Err(error) => {
            let html = format!(
                r#"<h1 data-testid="page-title">{}</h1><p class="notice notice--warning">{}</p>"#,
                page.nav_label(),
                crate::domain::encode::esc(&error.to_string())
            );
            return view! { <div inner_html=html></div> }.into_any();
        }
    };
    // What the dataset offers never changes: computed once per session, not per visit
    // (it builds the rows of every outcome).
    static CHOICES: std::sync::OnceLock<Choices> = std::sync::OnceLock::new();
    let choices: &'static Choices = CHOICES.get_or_init(|| Choices::of(evidence));
    let version = evidence.dataset.version.clone();
    let search = window().location().search().unwrap_or_default();
    let (initial, link_notices) = Analysis::from_query(&search, choices, &version);
    let html = page_html(page, &link_notices, choices, &initial);
    let state = RwSignal::new(initial);
    let status = RwSignal::new(None::<Status>);
    let show_table = RwSignal::new(false);

    // Every change rewrites the link in place (history replaced, not pushed) and the
    // "show as chart/table" link, which carries the same analysis.
    let navigator = use_context::<Navigator>();
    let path = href_to(page);
    let other_path = href_to(if page == Page::Compare {
        Page::Charts
    } else {
        Page::Compare
    });
    let query = Memo::new(move |_| state.with(|a| a.query(&version)));
    Effect::new(move |_| {
        let query = query.get();
        if let Some(navigator) = navigator {
            navigator.go(&format!("{path}{query}"), true);
        }
        if let Some(link) = document().get_element_by_id("other-view") {
            let _ = link.set_attribute("href", &format!("{other_path}{query}"));
        }
    });
    // Rows are built again only when the outcome or the CI method changes (a filter
    // change must not rebuild them: 10,000 studies take tens of milliseconds).
    let row_key = Memo::new(move |_| state.with(|a| (a.measure, a.ci)));
    let measure_rows = Memo::new(move |_| {
        let (measure, ci) = row_key.get();
        rows(evidence, measure, ci)
    });
    let summary = Memo::new(move |_| state.with(|a| measure_rows.with(|r| a.summarize(r))));
    let links = app_links();
    html_effect("analysis-output", move || {
        summary.with(|s| {
            Html::trusted(state.with(|a| match page {
                Page::Charts => chart_html(evidence, s, a, CHART_WIDTH, show_table.get()),
                _ => measure_rows.with(|all| results_html(s, a, all, &links)),
            }))
        })
    });
    Effect::new(move |_| {
        let error = state.with(|a| a.min_n_value().err());
        sync_fields(&[FieldState {
            id: "a-min-n",
            value: None,
            checked: None,
            error,
            echo: None,
            visible: true,
        }]);
    });
    html_effect("analysis-status", move || {
        status.with(|s| s.as_ref().map(status_html).unwrap_or_default())
    });

    let apply = move |id: String, value: String, checked: bool| {
        let refused = state
            .try_update(|a| a.set(&id, &value, checked, choices))
            .flatten();
        status.set(refused.map(Status::Problem));
    };
    let on_change = move |event: web_sys::Event| {
        if let Some(pick) = closest(&event, "[data-pick]") {
            // A checkbox fires `input` and then `change`: act once.
            if event.type_() != "change" {
                return;
            }
            let id = pick.get_attribute("data-pick").unwrap_or_default();
            let checked = js_sys::Reflect::get(&pick, &JsValue::from_str("checked"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            apply(format!("a-pick-{id}"), String::new(), checked);
            // A refused pick must not stay ticked (the HTML did not change, so the
            // results are not rendered again).
            let picked = state.with_untracked(|a| a.selected.contains(&id));
            let _ = js_sys::Reflect::set(
                &pick,
                &JsValue::from_str("checked"),
                &JsValue::from_bool(picked),
            );
            refocus(format!(r#"[data-pick="{}"]"#, id.replace('"', "")));
        } else if let Some((id, value, checked)) = control_change(&event) {
            apply(id, value, checked);
        }
    };
    let export = move |json: bool| {
        let (text, name, mime) = summary.with(|s| {
            state.with(|a| {
                if json {
                    (
                        a.export_json(s),
                        "msc-hsct-comparison.json",
                        "application/json",
                    )
                } else {
                    (a.export_csv(s), "msc-hsct-comparison.csv", "text/csv")
                }
            })
        });
        download_text(name, mime, &text)
    };
    let chart = move |png: bool| -> Result<(), String> {
        let svg = document()
            .query_selector("[data-testid=\"chart\"] svg")
            .ok()
            .flatten()
            .map(|svg| standalone(&svg.outer_html()))
            .ok_or("There is no chart to download.")?;
        let name = state.with_untracked(|a| format!("msc-hsct-{}", a.chart.key()));
        if png {
            render_png(&svg, &format!("{name}.png"))
        } else {
            download_text(&format!("{name}.svg"), "image/svg+xml", &svg)
        }
    };
    let on_click = move |event: web_sys::MouseEvent| {
        if let Some(button) = closest(&event, "[data-action]") {
            let result = match button.get_attribute("data-action").as_deref() {
                Some("csv") => export(false),
                Some("json") => export(true),
                Some("svg") => chart(false),
                Some("png") => chart(true),
                Some("table") => {
                    show_table.update(|s| *s = !*s);
                    refocus("[data-testid=chart-table-toggle]".into());
                    Ok(())
                }
                Some("link") => {
                    let href = window().location().href().unwrap_or_default();
                    copy_to_clipboard(
                        href,
                        "Link",
                        "Link copied: it opens this exact view.",
                        move |s| status.set(Some(s)),
                    );
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err(error) = result {
                status.set(Some(Status::Problem(error)));
            }
        } else if let Some(button) = closest(&event, "[data-sort]") {
            let key = button.get_attribute("data-sort").unwrap_or_default();
            apply("a-sort-toggle".into(), key.clone(), false);
            refocus(format!(r#"[data-sort="{key}"]"#));
        } else if let Some(button) = closest(&event, "[data-page]") {
            let target = button.get_attribute("data-page").unwrap_or_default();
            apply("a-page".into(), target, false);
            refocus("[data-testid=\"pager\"] button:not([disabled])".into());
        } else if let Some(bubble) = closest(&event, "circle[data-study]") {
            if let (Some(id), Some(navigator)) = (bubble.get_attribute("data-study"), navigator) {
                navigator.go(&app_links().study(&id), false);
            }
        }
    };
    let on_key = move |event: web_sys::KeyboardEvent| {
        if event.key() != "Enter" {
            return;
        }
        if let Some(bubble) = closest(&event, "circle[data-study]") {
            if let (Some(id), Some(navigator)) = (bubble.get_attribute("data-study"), navigator) {
                navigator.go(&app_links().study(&id), false);
            }
        }
    };

    // Tooltips on keyboard focus: the focused mark's <title> in a box beside it (hover
    // shows the same text as the browser's native tooltip).
    let on_focus = move |event: web_sys::FocusEvent| {
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
    };

    view! {
        <div
            on:focusin=on_focus
            on:focusout=on_focus
            on:submit=|ev| ev.prevent_default()
            on:input=on_change
            on:change=on_change
            on:click=on_click
            on:keydown=on_key
            inner_html=html
        ></div>
    }
    .into_any()
}

/// Draws `svg` on a canvas at [`PNG_SCALE`] and offers it as `filename`.
fn render_png(svg: &str, filename: &str) -> Result<(), String> {
    let describe = |e: JsValue| format!("could not make the PNG: {e:?}");
    let blob = text_blob("image/svg+xml", svg)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let image = web_sys::HtmlImageElement::new().map_err(describe)?;
    let filename = filename.to_string();
    let loaded = image.clone();
    let source = url.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&source);
        let result = (|| -> Result<(), JsValue> {
            let canvas: web_sys::HtmlCanvasElement =
                document().create_element("canvas")?.dyn_into()?;
            let (w, h) = (
                loaded.natural_width() as f64,
                loaded.natural_height() as f64,
            );
            canvas.set_width((w * PNG_SCALE) as u32);
            canvas.set_height((h * PNG_SCALE) as u32);
            let context: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")?
                .ok_or_else(|| JsValue::from_str("no 2d context"))?
                .dyn_into()?;
            context.set_fill_style_str("#ffffff");
            context.fill_rect(0.0, 0.0, w * PNG_SCALE, h * PNG_SCALE);
            context.scale(PNG_SCALE, PNG_SCALE)?;
            context.draw_image_with_html_image_element(&loaded, 0.0, 0.0)?;
            let name = filename.clone();
            let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                if let Some(blob) = blob {
                    let _ = download_blob(&name, &blob);
                }
            });
            canvas.to_blob(on_blob.unchecked_ref())
        })();
        if let Err(error) = result {
            web_sys::console::error_1(&error);
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}
