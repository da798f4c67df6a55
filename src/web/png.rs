//! Chart downloads: the chart on the page as a standalone SVG (its CSS embedded), or drawn
//! on a canvas at 2× and saved as PNG. A failure, including one after the image loaded,
//! is reported to the page's status line.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::html::chart::standalone;
use crate::screens::Status;
use crate::web::download::{download_blob, download_text, text_blob};

/// PNG pixels per CSS pixel: 1,800 pixels wide, enough for a slide.
const PNG_SCALE: f64 = 2.0;

/// Offers the page's chart as `name.svg` or `name.png`.
pub fn download_chart(
    name: &str,
    png: bool,
    report: impl Fn(Status) + Clone + 'static,
) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("There is no page to take the chart from.")?;
    // The browser's serialisation of the chart the app rendered as typed markup.
    let svg = document
        .query_selector("[data-testid=\"chart\"] svg")
        .ok()
        .flatten()
        .map(|svg| standalone(&svg.outer_html()))
        .ok_or("There is no chart to download.")?;
    if png {
        render_png(&svg, &format!("{name}.png"), report)
    } else {
        download_text(&format!("{name}.svg"), "image/svg+xml", &svg)
    }
}

/// Draws `svg` on a canvas at [`PNG_SCALE`] and offers it as `filename`.
fn render_png(
    svg: &str,
    filename: &str,
    report: impl Fn(Status) + Clone + 'static,
) -> Result<(), String> {
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
            let document = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| JsValue::from_str("no document"))?;
            let canvas: web_sys::HtmlCanvasElement =
                document.create_element("canvas")?.dyn_into()?;
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
            let report = report.clone();
            let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                let saved = blob
                    .ok_or_else(|| "the browser could not encode the PNG".to_string())
                    .and_then(|blob| download_blob(&name, &blob));
                if let Err(error) = saved {
                    report(Status::Problem(format!("Could not make the PNG: {error}.")));
                }
            });
            canvas.to_blob(on_blob.unchecked_ref())
        })();
        if let Err(error) = result {
            report(Status::Problem(format!(
                "Could not make the PNG: {error:?}."
            )));
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}
