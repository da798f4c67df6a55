//! The page for any path that is not a page.

use leptos::prelude::*;

use crate::screens::shell::not_found_html;
use crate::web::app::app_links;

/// Shown for any path that is not a page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <div inner_html=not_found_html(&app_links())></div> }
}
