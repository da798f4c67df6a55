//! The Compare and Charts pages as typed markup: the page with its form ([`form`]), the
//! comparison tables ([`table`]) and the chart with its data table ([`chart`]).

pub mod chart;
pub mod form;
pub mod table;

pub use chart::chart_html;
pub use form::controls_html;
pub use table::results_html;

use crate::html;
use crate::html::{Href, Html};
use crate::screens::analysis::state::{Analysis, Choices};
use crate::screens::route::Page;

/// The link to the same analysis on the other page ("Show as chart" / "Show as table").
pub fn other_view_html(page: Page, href: &Href) -> Html {
    html!(
        r#"<a class="button button--secondary" id="other-view" data-testid="other-view"{}>{}</a>"#,
        href,
        if page == Page::Charts {
            "Show as table"
        } else {
            "Show as chart"
        }
    )
}

/// The whole Compare or Charts page: title, link notices, the form, the buttons, and the
/// regions (`other`: the other-view link; `output`: the results or the chart).
pub fn page_html(
    page: Page,
    notices: &[String],
    choices: &Choices,
    a: &Analysis,
    other: Html,
    output: Html,
) -> Html {
    let (title, lead) = match page {
        Page::Charts => (
            "Charts",
            "The analysis as a forest plot, a dose-response chart or the engraftment times, with the same outcome and filters as the tables.",
        ),
        _ => (
            "Compare outcomes",
            "Choose an outcome: every study that reports it, with events / N, an exact 95% CI and random-effects pooling of the rows shown.",
        ),
    };
    let buttons = match page {
        Page::Charts => html!(
            r#"<button type="button" class="button" data-action="svg" data-testid="download-svg">Download SVG</button><button type="button" class="button button--secondary" data-action="png" data-testid="download-png">Download PNG</button>"#
        ),
        _ => html!(
            r#"<button type="button" class="button" data-action="csv" data-testid="export-csv">Export CSV</button><button type="button" class="button button--secondary" data-action="json" data-testid="export-json">Export JSON</button>"#
        ),
    };
    html!(
        r##"<h1 data-testid="page-title">{}</h1><p class="lead">{}</p>{}<div class="analysis"><p class="analysis__skip"><a{} rel="external" data-testid="skip-to-results">Skip to the results</a></p><form class="analysis__form" aria-label="Analysis choices">{}</form><div class="analysis__output"><div class="button-row no-print">{}<button type="button" class="button button--secondary" data-action="link" data-testid="copy-link">Copy link</button><button type="button" class="button button--secondary" data-action="report" data-testid="print-report">Print report</button><button type="button" class="button button--secondary" data-action="report-html" data-testid="download-report">Download report (HTML)</button><span id="other-view-host">{}</span></div><div id="analysis-status" aria-live="polite" data-testid="status"></div><div id="analysis-output" class="analysis__chart-host" data-testid="analysis-output">{}</div><p id="chart-tip" class="chart-tip" data-testid="chart-tip" hidden></p></div></div>"##,
        title,
        lead,
        crate::screens::notices_html(notices),
        Href::anchor("analysis-output"),
        controls_html(choices, a, page),
        buttons,
        other,
        output
    )
}
