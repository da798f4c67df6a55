//! One component per page of the app.

mod about;
mod analysis;
mod calculator;
mod not_found;
pub mod studies;

pub use about::AboutPage;
pub use analysis::{ChartsPage, ComparePage};
pub use calculator::CalculatorPage;
pub use not_found::NotFoundPage;
pub use studies::StudiesPage;

use crate::screens::route::Page;

/// Sets the document title for `page` (no-op outside a browser).
pub(crate) fn set_title(page: Page) {
    // web-sys panics off wasm; native rendering tests have no document anyway.
    #[cfg(target_arch = "wasm32")]
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        document.set_title(&page.document_title());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = page;
}
