//! Saves text produced in the browser as a file (Blob + object URL + a temporary link):
//! nothing is uploaded anywhere.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The previous download's object URL, revoked at the next download (revoking at once
    /// can cancel the download in some browsers).
    static LAST_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// `content` as a Blob of type `mime`.
pub fn text_blob(mime: &str, content: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("could not make the file: {e:?}"))
}

/// Offers `content` as a file named `filename` of type `mime`.
pub fn download_text(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    download_blob(filename, &text_blob(mime, content)?)
}

/// Offers `blob` as a file named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let describe = |error: JsValue| format!("could not save {filename}: {error:?}");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(describe)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not a link".to_string())?;
    link.set_href(&url);
    // The `download` attribute also makes the router leave this click alone.
    link.set_download(filename);
    let body = document.body().ok_or("no body")?;
    body.append_child(&link).map_err(describe)?;
    link.click();
    link.remove();
    LAST_URL.with(|last| {
        if let Some(previous) = last.replace(Some(url)) {
            let _ = web_sys::Url::revoke_object_url(&previous);
        }
    });
    Ok(())
}
