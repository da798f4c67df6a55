//! Studies: the studies screen, mounted by the binder.

use leptos::prelude::*;

use crate::screens::about::dataset_error;
use crate::screens::route::Page;
use crate::screens::studies::StudiesScreen;
use crate::web::app::app_links;
use crate::web::bind::{mount, static_page};
use crate::web::bundle::evidence;

/// The Studies page.
#[component]
pub fn StudiesPage() -> impl IntoView {
    match evidence() {
        Ok(evidence) => mount(StudiesScreen::new(evidence, app_links()), Page::Studies).into_any(),
        Err(error) => static_page(Page::Studies, dataset_error(&error.to_string())).into_any(),
    }
}
