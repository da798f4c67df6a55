//! About: what the app is for, the review it is built on, its licence and the disclaimer.

use leptos::prelude::*;

use super::set_title;
use crate::core::route::Page;
use crate::data::review::REVIEW;

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_title(Page::About);
    view! {
        <h1 data-testid="page-title">"About"</h1>
        <section aria-labelledby="about-disclaimer">
            <h2 id="about-disclaimer">"Disclaimer"</h2>
            <div class="notice notice--warning" data-testid="disclaimer">
                <p>
                    <strong>"Decision support for professionals, not a prescription."</strong>
                    " MSC·HSCT helps transplant physicians, pharmacists, cell-therapy laboratories and "
                    "researchers work with the published evidence. It does not replace the product "
                    "label, the institution's protocol or clinical judgement."
                </p>
            </div>
        </section>
        <section aria-labelledby="about-source">
            <h2 id="about-source">"Source of the data"</h2>
            <p>"Every study and number in this app is taken from one review:"</p>
            <blockquote class="citation" data-testid="review-citation">
                <p>
                    {REVIEW.authors.join(", ")} ". "
                    <cite>{REVIEW.title}</cite> ". "
                    <em>{REVIEW.journal}</em> ", " {REVIEW.year}
                    " (published online " {REVIEW.published_online} ")."
                </p>
            </blockquote>
            <p>
                "The review is published under the "
                <a href=REVIEW.licence_url rel="license noopener" target="_blank">
                    "Creative Commons Attribution 4.0 International licence (" {REVIEW.licence} ")"
                </a>
                "; values are copied as printed and never corrected. "
                <a href=REVIEW.pubmed_search_url() rel="noopener" target="_blank">
                    "Find the review on PubMed"
                </a>
                " (opens a search; the app itself never contacts another site)."
            </p>
        </section>
        <section aria-labelledby="about-privacy">
            <h2 id="about-privacy">"Privacy"</h2>
            <p>
                "Everything runs in your browser. There is no server, no account and no analytics: "
                "a patient's weight or any other input never leaves this device."
            </p>
        </section>
    }
}
