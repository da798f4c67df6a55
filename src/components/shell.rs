//! Header with the product name and navigation, and the footer with the disclaimer.

use leptos::prelude::*;

use crate::app::{href_to, CurrentRoute};
use crate::core::route::{Page, APP_NAME};
use crate::data::review::REVIEW;

/// The site header: product name (links home) and the main navigation.
#[component]
pub fn Header() -> impl IntoView {
    let current = use_context::<CurrentRoute>();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a href=href_to(Page::Calculator) class="site-header__brand" data-testid="brand">
                    <span class="site-header__logo" aria-hidden="true">"◉"</span>
                    {APP_NAME}
                </a>
                <nav class="site-nav" aria-label="Main">
                    <ul class="site-nav__list">
                        {Page::ALL
                            .into_iter()
                            .map(|page| {
                                view! {
                                    <li>
                                        <a
                                            href=href_to(page)
                                            class="site-nav__link"
                                            aria-current=move || current.is_some_and(|r| r.0.with(|r| r.page == Some(page))).then_some("page")
                                            data-testid=format!("nav-{}", page.nav_label().to_lowercase())
                                        >
                                            {page.nav_label()}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </header>
    }
}

/// The site footer: what the app is not, and where its numbers come from.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                <strong>"Decision support for professionals, not a prescription."</strong>
                " Check every dose against the product label and your institution's protocol."
            </p>
            <p class="site-footer__meta">
                "Data: " {REVIEW.authors_short()} ", " {REVIEW.journal} " " {REVIEW.year}
                " (" {REVIEW.licence} "). Dataset "
                <span data-testid="footer-dataset-version">
                    {crate::bundle::evidence().map(|e| e.dataset.version.clone()).unwrap_or_else(|_| "unavailable".into())}
                </span>
                ", app version " {env!("CARGO_PKG_VERSION")}
                ". Runs entirely in your browser: nothing you type leaves this device."
            </p>
        </footer>
    }
}
