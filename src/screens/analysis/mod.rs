//! The analysis screen, shown as Compare (tables) and Charts: its state ([`state`]), its
//! link ([`link`]), its controls and messages ([`control`]), its exports ([`export`]) and
//! its view ([`view`]), tied together as a [`Screen`].

pub mod control;
pub mod export;
pub mod link;
pub mod report;
pub mod state;
pub mod view;

use std::cell::RefCell;
use std::sync::Arc;

use crate::domain::data::{Evidence, Measure};
use crate::domain::evidence::{rows, Row};
use crate::domain::stats::proportion::CiMethod;
use crate::html::{Href, Html};
use crate::screens::field::FieldState;
use crate::screens::route::Page;
use crate::screens::screen::{Command, Refusal, Region, Screen, UiEvent};
use crate::screens::Links;
use control::{Action, Msg};
use state::{Analysis, Choices, Summary};

/// Width of the charts in CSS pixels (they scroll sideways on narrow screens).
pub const CHART_WIDTH: f64 = 900.0;

/// What the Compare and Charts pages show: the analysis (in the link), whether the
/// chart's data table is on screen and the report asked for by Print report, printed in
/// place of the page until the next change (neither in the link).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnalysisState {
    pub analysis: Analysis,
    pub show_table: bool,
    pub report: Option<Html>,
}

/// Every row of an outcome under a CI method.
type RowsFor = ((Measure, CiMethod), Arc<Vec<Row>>);

/// The Compare or the Charts page over a dataset.
pub struct AnalysisScreen {
    pub page: Page,
    evidence: &'static Evidence,
    choices: &'static Choices,
    links: Links,
    /// Every row of the last outcome and CI method asked for: a filter change must not
    /// rebuild them (10,000 studies take tens of milliseconds).
    rows: RefCell<Option<RowsFor>>,
}

impl AnalysisScreen {
    pub fn new(
        page: Page,
        evidence: &'static Evidence,
        choices: &'static Choices,
        links: Links,
    ) -> Self {
        AnalysisScreen {
            page,
            evidence,
            choices,
            links,
            rows: RefCell::new(None),
        }
    }

    fn version(&self) -> &str {
        &self.evidence.dataset.version
    }

    /// Every row of the analysis's outcome (built once per outcome and CI method).
    pub fn rows(&self, a: &Analysis) -> Arc<Vec<Row>> {
        if a.ci == CiMethod::ClopperPearson {
            if let Some((_, rows)) = self.choices.rows.iter().find(|(m, _)| *m == a.measure) {
                return rows.clone();
            }
        }
        let key = (a.measure, a.ci);
        let mut cache = self.rows.borrow_mut();
        match cache.as_ref() {
            Some((k, rows)) if *k == key => rows.clone(),
            _ => {
                let built = Arc::new(rows(self.evidence, a.measure, a.ci));
                *cache = Some((key, built.clone()));
                built
            }
        }
    }

    fn summary(&self, a: &Analysis) -> (Arc<Vec<Row>>, Summary) {
        let all = self.rows(a);
        let summary = a.summarize(&all);
        (all, summary)
    }

    fn other_page(&self) -> Page {
        if self.page == Page::Charts {
            Page::Compare
        } else {
            Page::Charts
        }
    }

    fn other_view(&self, a: &Analysis) -> Html {
        let href = format!(
            "{}{}",
            self.links.page(self.other_page()).as_str(),
            link::query(a, self.version())
        );
        let href = Href::new(&href).unwrap_or_else(|_| self.links.page(self.other_page()));
        view::other_view_html(self.page, &href)
    }

    fn output(&self, state: &AnalysisState) -> Html {
        let a = &state.analysis;
        let (all, summary) = self.summary(a);
        match self.page {
            Page::Charts => {
                view::chart_html(self.evidence, &summary, a, CHART_WIDTH, state.show_table)
            }
            _ => view::results_html(&summary, a, &all, &self.links),
        }
    }

    fn act(&self, state: &mut AnalysisState, action: Action) -> Vec<Command> {
        let a = &state.analysis;
        match action {
            Action::Csv | Action::Json => {
                let (_, summary) = self.summary(a);
                let (name, mime, text) = if action == Action::Json {
                    (
                        "msc-hsct-comparison.json",
                        "application/json",
                        a.export_json(&summary),
                    )
                } else {
                    (
                        "msc-hsct-comparison.csv",
                        "text/csv",
                        a.export_csv(&summary),
                    )
                };
                vec![Command::Download {
                    name: name.into(),
                    mime,
                    text,
                }]
            }
            Action::Svg | Action::Png => vec![Command::DownloadChart {
                name: format!("msc-hsct-{}", a.chart.key()),
                png: action == Action::Png,
            }],
            Action::Table => {
                state.show_table = !state.show_table;
                vec![Command::Focus("[data-testid=chart-table-toggle]".into())]
            }
            Action::Link => vec![Command::CopyLink {
                done: "Link copied: it opens this exact view.",
            }],
            Action::Report => {
                let (_, summary) = self.summary(a);
                let html = report::report_html(self.evidence, &summary, a, CHART_WIDTH);
                state.report = Some(html);
                vec![Command::Print]
            }
            Action::ReportHtml => {
                let (_, summary) = self.summary(a);
                vec![Command::Download {
                    name: "msc-hsct-report.html".into(),
                    mime: "text/html",
                    text: report::report_document(self.evidence, &summary, a, CHART_WIDTH),
                }]
            }
        }
    }
}

impl Screen for AnalysisScreen {
    type State = AnalysisState;
    type Msg = Msg;
    const STATUS: &'static str = "analysis-status";

    fn read_link(&self, search: &str) -> (AnalysisState, Vec<String>) {
        let (analysis, notices) = link::from_query(search, self.choices, self.version());
        (
            AnalysisState {
                analysis,
                show_table: false,
                report: None,
            },
            notices,
        )
    }

    fn link(&self, state: &AnalysisState) -> String {
        link::query(&state.analysis, self.version())
    }

    fn page(&self, state: &AnalysisState, notices: &[String]) -> Html {
        let a = &state.analysis;
        let mut page = view::page_html(
            self.page,
            notices,
            self.choices,
            a,
            self.other_view(a),
            self.output(state),
        );
        page.push(report_host(state));
        page
    }

    fn regions(&self, state: &AnalysisState) -> Vec<Region> {
        vec![
            ("other-view-host", self.other_view(&state.analysis)),
            ("analysis-output", self.output(state)),
            ("analysis-report", state.report.clone().unwrap_or_default()),
        ]
    }

    fn fields(&self, state: &AnalysisState) -> Vec<FieldState> {
        let a = &state.analysis;
        let field = |control: control::Control, value, error| FieldState {
            id: control.key(),
            value,
            checked: None,
            error,
            echo: None,
            visible: true,
        };
        // The indication follows the outcome until one is chosen: its select follows too.
        let indication = a.filters.indication.map_or("", |i| i.key());
        vec![
            field(control::Control::MinN, None, a.min_n_value().err()),
            field(control::Control::Indication, Some(indication.into()), None),
        ]
    }

    fn decode(&self, event: &UiEvent) -> Option<Msg> {
        control::decode(event)
    }

    fn update(&self, state: &mut AnalysisState, msg: Msg) -> Result<Vec<Command>, Refusal> {
        // A report is printed once: any other message takes it away.
        if msg != Msg::Act(Action::Report) {
            state.report = None;
        }
        let focus = match &msg {
            Msg::Act(action) => return Ok(self.act(state, *action)),
            Msg::OpenStudy(id) => {
                if !self.choices.has_study(id) {
                    return Err(Refusal(format!("There is no study “{id}”.")));
                }
                return Ok(vec![Command::Navigate(self.links.study(id))]);
            }
            // The results are replaced as a whole, so the control used is a new element.
            Msg::SortBy(key) => Some(format!(r#"[data-sort="{}"]"#, key.key())),
            Msg::Page(_) => Some("[data-testid=\"pager\"] button:not([disabled])".to_string()),
            Msg::Pick(id, _) => Some(format!(r#"[data-pick="{id}"]"#)),
            _ => None,
        };
        control::apply(&mut state.analysis, &msg, self.choices)?;
        Ok(focus.map(Command::Focus).into_iter().collect())
    }
}

/// The region the report is printed from (hidden on screen, style/report.css).
fn report_host(state: &AnalysisState) -> Html {
    crate::html!(
        r#"<div id="analysis-report" class="report-host" data-testid="report-host">{}</div>"#,
        state.report
    )
}

#[cfg(test)]
mod tests;
