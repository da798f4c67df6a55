//! The header (brand and navigation) and the footer (disclaimer and sources) of every page.

use super::Links;
use crate::domain::data::review::REVIEW;
use crate::html;
use crate::html::Html;
use crate::screens::route::{Page, APP_NAME};

/// The site header; the UI marks the current page's link with `aria-current`.
pub fn header_html(links: &Links) -> Html {
    let items: Html = Page::ALL
        .into_iter()
        .map(|page| {
            html!(
                r#"<li><a{} class="site-nav__link" data-page-link="{}" data-testid="nav-{}">{}</a></li>"#,
                links.page(page),
                page.path(),
                page.nav_label().to_ascii_lowercase(),
                page.nav_label()
            )
        })
        .collect();
    html!(
        r#"<header class="site-header"><div class="site-header__inner"><a{} class="site-header__brand" data-testid="brand"><span class="site-header__logo" aria-hidden="true">◉</span>{}</a><nav class="site-nav" aria-label="Main"><ul class="site-nav__list">{}</ul></nav></div></header>"#,
        links.page(Page::Calculator),
        APP_NAME,
        items
    )
}

/// The site footer: what the app is not, and where its numbers come from.
pub fn footer_html(dataset_version: &str) -> Html {
    html!(
        r#"<footer class="site-footer"><p><strong>Decision support for professionals, not a prescription.</strong> Check every dose against the product label and your institution's protocol.</p><p class="site-footer__meta">Data: {}, {} {} ({}). Dataset <span data-testid="footer-dataset-version">{}</span>, app version {}. Runs entirely in your browser: nothing you type leaves this device.</p></footer>"#,
        REVIEW.authors_short(),
        REVIEW.journal,
        REVIEW.year,
        REVIEW.licence,
        dataset_version,
        env!("CARGO_PKG_VERSION")
    )
}

/// The page for a path that is not a page: every page to choose from.
pub fn not_found_html(links: &Links) -> Html {
    let items: Html = Page::ALL
        .into_iter()
        .map(|page| {
            html!(
                r#"<li><a{}>{}</a></li>"#,
                links.page(page),
                page.nav_label()
            )
        })
        .collect();
    html!(
        r#"<h1 data-testid="page-title">Page not found</h1><p>This address is not a page of the app. Choose a page:</p><ul class="link-list">{}</ul>"#,
        items
    )
}

/// The body of a page as the app shows it (skip link, header, the page in `<main>`,
/// footer), inside the element the app takes over when it starts: what pre-rendering
/// writes into each page's file.
pub fn prerendered_body(links: &Links, dataset_version: &str, page: Html) -> Html {
    html!(
        r##"<div id="prerendered" class="contents"><a class="skip-link" href="#main" rel="external">Skip to content</a><div class="contents">{}</div><main id="main" class="page" tabindex="-1"><div class="screen">{}</div></main><div class="contents">{}</div></div>"##,
        header_html(links),
        page,
        footer_html(dataset_version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_links_every_page_under_the_base() {
        let html = header_html(&Links {
            base: "/msc".into(),
        });
        for page in Page::ALL {
            assert!(html.contains(&format!(r#"href="{}""#, page_href_for_test(page))));
        }
        assert!(html.contains(r#"data-testid="nav-compare">Compare</a>"#));
    }

    fn page_href_for_test(page: Page) -> String {
        crate::screens::route::page_href("/msc", page)
    }

    #[test]
    fn not_found_offers_every_page() {
        let html = not_found_html(&Links {
            base: String::new(),
        });
        assert_eq!(html.matches("<li><a href=").count(), Page::ALL.len());
    }

    #[test]
    fn the_footer_names_the_dataset_and_the_source() {
        let html = footer_html("2023.1");
        assert!(html.contains(r#"<span data-testid="footer-dataset-version">2023.1</span>"#));
        assert!(html.contains("not a prescription"));
    }
}
