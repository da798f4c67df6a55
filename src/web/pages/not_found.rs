//! The page for any path that is not a page.

use leptos::prelude::*;

use crate::screens::shell::not_found_html;
use crate::web::app::app_links;
use crate::web::bind::markup;

/// Shown for any path that is not a page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    markup(not_found_html(&app_links()))
}
