//! Every page in its default state, as the app would first show it, with the shell around
//! it: what the build writes into each page's HTML file so that content is visible before
//! the WASM runs (and without JavaScript). The app takes the pre-rendered DOM over when it
//! starts (`web::adopt`).

use serde::Serialize;

use crate::domain::data::{evidence, Evidence};
use crate::html::Html;
use crate::screens::about::AboutScreen;
use crate::screens::analysis::state::Choices;
use crate::screens::analysis::AnalysisScreen;
use crate::screens::calculator::CalculatorScreen;
use crate::screens::route::Page;
use crate::screens::screen::Screen;
use crate::screens::shell::{not_found_html, prerendered_body};
use crate::screens::studies::StudiesScreen;
use crate::screens::Links;

/// One pre-rendered file.
#[derive(Clone, Debug, Serialize)]
pub struct Prerendered {
    /// The file in `dist/`, e.g. `studies.html` (static hosts serve it for `/studies`).
    pub file: String,
    pub title: String,
    /// The `<body>` content.
    pub body: String,
}

/// Every link parameter each page reads, by page path (`""` for the home page), from the
/// pages' own parameter tables: the end-to-end injection matrix runs its payloads against
/// each, so a new parameter is covered without touching the tests
/// (`cargo run --bin prerender -- --params`).
pub fn link_parameters() -> Vec<(&'static str, Vec<&'static str>)> {
    use crate::screens::analysis::link::PARAMS;
    use crate::screens::calculator::control::Field;
    use crate::screens::calculator::link::param;
    let mut analysis = vec![param::DATASET];
    analysis.extend(PARAMS.iter().map(|p| p.name));
    let mut calculator = vec![param::DATASET];
    calculator.extend(Field::ALL.iter().map(|f| f.param()));
    Page::ALL
        .iter()
        .map(|&page| {
            let names = match page {
                Page::Calculator => calculator.clone(),
                Page::Studies => vec![param::STUDY],
                Page::Compare | Page::Charts => analysis.clone(),
                Page::About => Vec::new(),
            };
            (page.path().trim_start_matches('/'), names)
        })
        .collect()
}

/// The file of a page: `index.html` for the home page, `{path}.html` otherwise. A file
/// beside `index.html` (not `studies/index.html`) keeps the relative asset URLs right
/// whether the host serves it at `/studies` or `/msc/studies`.
pub fn file_of(page: Page) -> String {
    match page {
        Page::Calculator => "index.html".into(),
        other => format!("{}.html", other.path().trim_start_matches('/')),
    }
}

fn screen_page<S: Screen>(screen: S) -> Html {
    let (state, notices) = screen.read_link("");
    screen.page(&state, &notices)
}

/// The markup of `page` in its default state.
pub fn page_html(
    page: Page,
    evidence: &'static Evidence,
    choices: &'static Choices,
    links: &Links,
) -> Html {
    match page {
        // No date is pre-rendered: the first infusion is today, known only in the browser,
        // and the plan needs a weight first.
        Page::Calculator => screen_page(CalculatorScreen::new(Some(evidence), links.clone(), "")),
        Page::Studies => screen_page(StudiesScreen::new(evidence, links.clone())),
        Page::Compare | Page::Charts => {
            screen_page(AnalysisScreen::new(page, evidence, choices, links.clone()))
        }
        Page::About => screen_page(AboutScreen::new(Ok(evidence), links.clone())),
    }
}

/// Every page, and `404.html` (the not-found page, for paths that are no page).
pub fn pages() -> Result<Vec<Prerendered>, String> {
    let evidence = evidence().map_err(|e| e.to_string())?;
    let choices: &'static Choices = Box::leak(Box::new(Choices::of(evidence)));
    // Links relative to the file: the host's path is known only in the browser.
    let links = Links { base: ".".into() };
    let version = &evidence.dataset.version;
    let mut files: Vec<Prerendered> = Page::ALL
        .into_iter()
        .map(|page| Prerendered {
            file: file_of(page),
            title: page.document_title(),
            body: prerendered_body(&links, version, page_html(page, evidence, choices, &links))
                .into_string(),
        })
        .collect();
    files.push(Prerendered {
        file: "404.html".into(),
        title: "Page not found · MSC·HSCT".into(),
        body: prerendered_body(&links, version, not_found_html(&links)).into_string(),
    });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_parameters_name_every_page_once_with_unique_names() {
        let params = link_parameters();
        assert_eq!(params.len(), Page::ALL.len());
        for (path, names) in &params {
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "/{path}: a name twice");
        }
        let of = |path: &str| {
            params
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, n)| n.clone())
        };
        assert!(of("").is_some_and(|n| n.contains(&"w") && n.contains(&"v")));
        assert_eq!(of("studies"), Some(vec!["study"]));
        assert!(of("compare").is_some_and(|n| n.contains(&"m") && n.contains(&"ind")));
        assert_eq!(of("compare"), of("charts"));
    }

    #[test]
    fn every_page_is_pre_rendered_with_its_heading_and_content() {
        let pages = pages().unwrap();
        assert_eq!(pages.len(), Page::ALL.len() + 1);
        let body = |file: &str| pages.iter().find(|p| p.file == file).unwrap().body.as_str();
        assert!(body("index.html").contains(">Dose calculator</h1>"));
        assert!(
            body("index.html").contains(r#"value="2 × 10^6""#),
            "the form holds its defaults"
        );
        assert!(body("index.html").contains("labelled figures"));
        assert!(body("studies.html").contains(r#"class="study-card""#));
        assert!(body("compare.html").contains(r#"data-testid="compare-row""#));
        assert!(body("charts.html").contains("<svg"));
        assert!(body("about.html").contains(r#"data-testid="review-citation""#));
        assert!(body("404.html").contains("Page not found"));
        for page in &pages {
            assert!(
                page.body.starts_with(r#"<div id="prerendered""#),
                "{}",
                page.file
            );
            assert!(
                page.body.contains(r#"href="./studies""#),
                "relative links in {}",
                page.file
            );
            assert!(
                !page.body.contains("href=\"/"),
                "no root-absolute link in {}",
                page.file
            );
        }
    }
}
