//! The page for any path that is not a page.

use leptos::prelude::*;

use crate::app::app_links;
use crate::core::render::shell::not_found_html;

/// Shown for any path that is not a page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <div inner_html=not_found_html(&app_links())></div> }
}
