//! Read-only content rendered as HTML text by pure functions, inserted by the UI with
//! `inner_html`. Measured: the Studies and About pages written as Leptos `view!` trees
//! cost 66 KB gzip of WASM; as strings they cost a fraction of that, which the 250 KB
//! budget of the whole app needs. Every piece of text goes through [`esc`]; interactive
//! controls stay Leptos components.

pub mod about;
pub mod analysis;
pub mod calculator;
pub mod field;
pub mod route;
pub mod shell;
pub mod studies;

use crate::domain::data::Abbreviation;
use crate::domain::encode::esc;
use crate::domain::glossary::segments;
use crate::screens::route::{page_href, Page};

/// Escaped text in which every glossary abbreviation is a focusable `<abbr>` that
/// explains itself on hover (title) and keyboard focus (a CSS tip from `data-tip`).
pub fn glossed(text: &str, glossary: &[Abbreviation]) -> String {
    segments(text, glossary)
        .into_iter()
        .map(|segment| match segment.meaning {
            Some(meaning) => format!(
                r#"<abbr class="gloss" tabindex="0" title="{m}" data-tip="{m}">{t}</abbr>"#,
                m = esc(&meaning),
                t = esc(&segment.text)
            ),
            None => esc(&segment.text),
        })
        .collect()
}

/// The notices of a link (unknown or malformed parameters, another dataset version).
pub fn notices_html(notices: &[String]) -> String {
    if notices.is_empty() {
        return String::new();
    }
    let items: String = notices
        .iter()
        .map(|n| format!("<li>{}</li>", esc(n)))
        .collect();
    format!(
        r#"<div class="notice notice--info" role="status" data-testid="link-notices"><ul>{items}</ul></div>"#
    )
}

/// A "Copy link" button and its status line, for pages without their own toolbar (the
/// app binds every `data-copy-link` button).
pub const COPY_LINK: &str = r#"<div class="button-row no-print"><button type="button" class="button button--secondary" data-copy-link data-testid="copy-link">Copy link</button></div><div data-copy-status aria-live="polite" data-testid="copy-status"></div>"#;

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
pub fn status_html(status: &Status) -> String {
    match status {
        Status::Done(message) => format!(r#"<p class="notice notice--info">{}</p>"#, esc(message)),
        Status::Problem(message) => {
            format!(r#"<p class="notice notice--warning">{}</p>"#, esc(message))
        }
        Status::CopyByHand { what, text } => format!(
            r#"<div class="notice notice--warning"><p>The browser did not allow copying. Select the text below and copy it:</p><textarea class="copy-fallback" readonly rows="{}" aria-label="{}">{}</textarea></div>"#,
            if text.contains('\n') { 10 } else { 3 },
            esc(what),
            esc(text)
        ),
    }
}

/// Builds links that carry the app's base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// The router base, e.g. `""` or `"/msc"`.
    pub base: String,
}

impl Links {
    /// The href of a page.
    pub fn page(&self, page: Page) -> String {
        page_href(&self.base, page)
    }

    /// The href of a study's detail view.
    pub fn study(&self, id: &str) -> String {
        format!(
            "{}?study={}",
            self.page(Page::Studies),
            crate::domain::encode::percent_encode_query(id)
        )
    }
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
            glossed("AML <5>", &glossary),
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
            status_html(&Status::Problem("No chart.".into())),
            r#"<p class="notice notice--warning">No chart.</p>"#
        );
    }

    #[test]
    fn links_carry_the_base() {
        let links = Links {
            base: "/msc".into(),
        };
        assert_eq!(links.study("r66-agvhd"), "/msc/studies?study=r66-agvhd");
        assert_eq!(links.page(Page::About), "/msc/about");
    }
}
