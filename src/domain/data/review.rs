//! The citation of the source review, copied from the review's own text (front matter,
//! licence notice, "Consent for publication" and the publication dates it prints).
use crate::domain::encode::percent_encode_query;

/// A bibliographic citation of the review the app's data comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewCitation {
    /// Authors as printed: "Ting Lin, Yunfan Yang and Xinchuan Chen".
    pub authors: &'static [&'static str],
    /// The title as printed.
    pub title: &'static str,
    /// The journal, named in the review's "Consent for publication" paragraph.
    pub journal: &'static str,
    /// Year of the copyright notice and publication.
    pub year: u16,
    /// "Published online: 07 August 2023".
    pub published_online: &'static str,
    /// The licence under which the review (and so the data taken from it) may be reused.
    pub licence: &'static str,
    /// Where the licence text lives.
    pub licence_url: &'static str,
}

/// Lin, Yang & Chen (2023), the review every number of the app comes from.
pub const REVIEW: ReviewCitation = ReviewCitation {
    authors: &["Ting Lin", "Yunfan Yang", "Xinchuan Chen"],
    title: "A review of the application of mesenchymal stem cells in the field of \
            hematopoietic stem cell transplantation",
    journal: "European Journal of Medical Research",
    year: 2023,
    published_online: "07 August 2023",
    licence: "CC BY 4.0",
    licence_url: "https://creativecommons.org/licenses/by/4.0/",
};

impl ReviewCitation {
    /// Authors in citation style: "Lin T, Yang Y, Chen X".
    pub fn authors_short(&self) -> String {
        self.authors
            .iter()
            .map(|name| {
                let mut parts = name.split_whitespace();
                let given = parts.next().unwrap_or_default();
                let family = parts.last().unwrap_or(given);
                let initial: String = given.chars().take(1).collect();
                format!("{family} {initial}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The full citation as one line of text.
    pub fn to_text(&self) -> String {
        format!(
            "{}. {}. {}. {} (published online {}). Licence: {}.",
            self.authors_short(),
            self.title,
            self.journal,
            self.year,
            self.published_online,
            self.licence
        )
    }

    /// A PubMed search for the title: a plain link the user follows, never fetched by the app.
    pub fn pubmed_search_url(&self) -> String {
        format!(
            "https://pubmed.ncbi.nlm.nih.gov/?term={}",
            percent_encode_query(self.title)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_in_citation_style() {
        assert_eq!(REVIEW.authors_short(), "Lin T, Yang Y, Chen X");
    }

    #[test]
    fn citation_text_names_title_journal_year_and_licence() {
        let text = REVIEW.to_text();
        assert!(text.starts_with("Lin T, Yang Y, Chen X. A review of the application"));
        assert!(text.contains("European Journal of Medical Research. 2023"));
        assert!(text.ends_with("Licence: CC BY 4.0."));
        assert!(
            !text.contains("  "),
            "no doubled spaces from the line continuation"
        );
    }

    #[test]
    fn pubmed_link_encodes_the_title() {
        let url = REVIEW.pubmed_search_url();
        assert!(url.starts_with("https://pubmed.ncbi.nlm.nih.gov/?term=A+review+of+the"));
        assert!(!url.contains(' '));
    }
}
