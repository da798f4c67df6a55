//! The screens: each page's state (read from and written to its link), its typed
//! messages, `update` and `view`, all pure and tested natively; `web::bind` drives them
//! in the browser. Views return typed [`Html`]. Measured: pages as Leptos `view!` trees
//! cost several times the WASM of markup rendered by pure functions (docs/ARCHITECTURE.md).

pub mod about;
pub mod analysis;
pub mod calculator;
pub mod field;
pub mod prerender;
pub mod route;
pub mod screen;
pub mod shell;
pub mod studies;

use crate::domain::data::Abbreviation;
use crate::domain::glossary::segments;
use crate::html;
use crate::html::{Href, Html};
use crate::screens::route::{page_href, Page};

/// Text in which every glossary abbreviation is a focusable `<abbr>` that explains
/// itself on hover (title) and keyboard focus (a CSS tip from `data-tip`).
pub fn glossed(text: &str, glossary: &[Abbreviation]) -> Html {
    segments(text, glossary)
        .into_iter()
        .map(|segment| match segment.meaning {
            Some(meaning) => html!(
                r#"<abbr class="gloss" tabindex="0" title="{0}" data-tip="{0}">{1}</abbr>"#,
                meaning,
                segment.text
            ),
            None => Html::text(&segment.text),
        })
        .collect()
}

/// The notices of a link (unknown or malformed parameters, another dataset version).
pub fn notices_html(notices: &[String]) -> Html {
    if notices.is_empty() {
        return Html::new();
    }
    let items: Html = notices.iter().map(|n| html!("<li>{}</li>", n)).collect();
    html!(
        r#"<div class="notice notice--info" role="status" data-testid="link-notices"><ul>{}</ul></div>"#,
        items
    )
}

/// A "Copy link" button and its status line, for pages without their own toolbar (the
/// binder answers every `data-copy-link` button).
pub fn copy_link() -> Html {
    html!(
        r#"<div class="button-row no-print"><button type="button" class="button button--secondary" data-copy-link data-testid="copy-link">Copy link</button></div><div data-copy-status aria-live="polite" data-testid="copy-status"></div>"#
    )
}

/// What a copy or download button reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// It worked: a confirmation.
    Done(String),
    /// It did not, and why.
    Problem(String),
    /// The browser refused the clipboard: the text to copy by hand, and what it is
    /// ("Link", "Plan as text").
    CopyByHand { what: &'static str, text: String },
}

/// A status as HTML: a confirmation, a warning, or the text to copy by hand.
pub fn status_html(status: &Status) -> Html {
    match status {
        Status::Done(message) => html!(r#"<p class="notice notice--info">{}</p>"#, message),
        Status::Problem(message) => html!(r#"<p class="notice notice--warning">{}</p>"#, message),
        Status::CopyByHand { what, text } => html!(
            r#"<div class="notice notice--warning"><p>The browser did not allow copying. Select the text below and copy it:</p><textarea class="copy-fallback" readonly rows="{}" aria-label="{}">{}</textarea></div>"#,
            if text.contains('\n') { 10 } else { 3 },
            what,
            text
        ),
    }
}

/// Builds links that carry the app's base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// The router base, e.g. `""` or `"/msc"`: a same-origin path, checked by
    /// `route::router_base_from_asset_url`.
    pub base: String,
}

impl Links {
    /// The href of a page.
    pub fn page(&self, page: Page) -> Href {
        href_or_home(page_href(&self.base, page))
    }

    /// The href of a study's detail view.
    pub fn study(&self, id: &str) -> Href {
        href_or_home(format!(
            "{}?study={}",
            page_href(&self.base, Page::Studies),
            crate::domain::encode::percent_encode_query(id)
        ))
    }
}

/// The router base is a same-origin path, so these are relative links; should one not
/// be, the link goes to the app's start instead of anywhere else.
fn href_or_home(url: String) -> Href {
    Href::new(&url).unwrap_or_else(|_| Href::anchor("main"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossed_text_is_escaped_around_abbreviations() {
        let glossary = vec![Abbreviation {
            abbr: "AML".into(),
            meaning: "Acute \"myelogenous\" leukemia".into(),
            source: "t".into(),
            supplied: false,
        }];
        assert_eq!(
            glossed("AML <5>", &glossary).as_str(),
            r#"<abbr class="gloss" tabindex="0" title="Acute &quot;myelogenous&quot; leukemia" data-tip="Acute &quot;myelogenous&quot; leukemia">AML</abbr> &lt;5&gt;"#
        );
    }

    #[test]
    fn a_refused_copy_offers_the_text_by_hand() {
        assert!(status_html(&Status::Done("Copied.".into())).contains("notice--info"));
        let by_hand = |what, text: &str| Status::CopyByHand {
            what,
            text: text.into(),
        };
        assert!(status_html(&by_hand("Link", "http://x/?a=1&b"))
            .contains(r#"aria-label="Link">http://x/?a=1&amp;b</textarea>"#));
        assert!(status_html(&by_hand("Plan as text", "Plan\nline"))
            .contains(r#"aria-label="Plan as text""#));
        assert_eq!(
            status_html(&Status::Problem("No chart.".into())).as_str(),
            r#"<p class="notice notice--warning">No chart.</p>"#
        );
    }

    #[test]
    fn links_carry_the_base() {
        let links = Links {
            base: "/msc".into(),
        };
        assert_eq!(
            links.study("r66-agvhd").as_str(),
            "/msc/studies?study=r66-agvhd"
        );
        assert_eq!(links.page(Page::About).as_str(), "/msc/about");
    }
}
