//! About: the about screen, mounted by the binder (its download buttons are messages).

use leptos::prelude::*;

use crate::screens::about::AboutScreen;
use crate::screens::route::Page;
use crate::web::app::app_links;
use crate::web::bind::mount;
use crate::web::bundle::evidence;

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    let screen = AboutScreen::new(evidence().map_err(|e| e.to_string()), app_links());
    mount(screen, Page::About)
}
