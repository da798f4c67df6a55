//! The analysis screen as a whole: every control is rendered and decodes back to itself,
//! the views show what the summary holds, and messages become the right commands.

use super::*;
use crate::domain::data::{evidence, Indication, Measure};
use crate::html::chart::dose_response::fit;
use crate::screens::analysis::control::{decode, Control};
use crate::screens::analysis::state::{ChartKind, PAGE_SIZE};
use crate::screens::analysis::view::{chart_html, results_html};
use crate::screens::screen::EventKind;

fn links() -> Links {
    Links {
        base: String::new(),
    }
}

fn screen(page: Page) -> AnalysisScreen {
    let ev = evidence().unwrap();
    let choices: &'static Choices = Box::leak(Box::new(Choices::of(ev)));
    AnalysisScreen::new(page, ev, choices, links())
}

fn render(a: &Analysis, ev: &Evidence) -> (Html, Summary) {
    let all = rows(ev, a.measure, a.ci);
    let summary = a.summarize(&all);
    (results_html(&summary, a, &all, &links()), summary)
}

#[test]
fn every_control_is_rendered_on_its_page_and_decodes_back_to_itself() {
    for page in [Page::Compare, Page::Charts] {
        let s = screen(page);
        let (state, _) = s.read_link("");
        let html = s.page(&state, &[]);
        for control in Control::ALL {
            let on_page = !(control == Control::Chart && page == Page::Compare
                || control == Control::Split && page == Page::Charts);
            assert_eq!(
                html.contains(&format!(r#"id="{}""#, control.key())),
                on_page,
                "{control:?} on {page:?}"
            );
            let kind = if control.is_checkbox() {
                EventKind::Change
            } else {
                EventKind::Input
            };
            match decode(&UiEvent::on(kind, control.key(), "x", true)) {
                Some(Msg::Set(decoded, _)) => assert_eq!(decoded, control),
                other => panic!("{control:?} decoded as {other:?}"),
            }
        }
        // Every button: the exports on Compare, the chart's on Charts, the rest on both.
        for action in Action::ALL {
            let on_page = match action {
                Action::Csv | Action::Json => page == Page::Compare,
                Action::Svg | Action::Png | Action::Table => page == Page::Charts,
                _ => true,
            };
            assert_eq!(
                html.contains(&format!(r#"data-action="{}""#, action.key())),
                on_page,
                "{action:?} on {page:?}"
            );
            assert_eq!(
                decode(&UiEvent::click("action", action.key())),
                Some(Msg::Act(action))
            );
        }
    }
}

#[test]
fn the_table_shows_every_row_and_the_pooled_numbers() {
    let ev = evidence().unwrap();
    let a = Analysis {
        filters: crate::domain::evidence::Filters {
            indication: Some(Indication::AgvhdTreatment),
            ..Default::default()
        },
        ..Analysis::default()
    };
    let (html, summary) = render(&a, ev);
    assert_eq!(
        html.matches(r#"data-testid="compare-row""#).count(),
        summary.shown.len()
    );
    let p = summary.pooled.as_ref().unwrap();
    assert!(html.contains(&format!(
        r#"<strong data-testid="pooled-estimate">{:.1}%</strong>"#,
        100.0 * p.estimate
    )));
    assert!(html.contains(r#"data-testid="pooled-row""#));
    assert!(
        !html.contains("data-testid=\"pager\""),
        "46 studies fit one page"
    );
}

#[test]
fn ten_thousand_studies_render_one_page_of_rows_and_a_pager() {
    let ev = crate::domain::synthetic::synthetic_evidence(evidence().unwrap(), 10_000, 7);
    let mut a = Analysis::default();
    let (html, summary) = render(&a, &ev);
    assert!(summary.shown.len() > PAGE_SIZE);
    assert_eq!(
        html.matches(r#"data-testid="compare-row""#).count(),
        PAGE_SIZE
    );
    assert!(html.contains(r#"data-testid="pager""#));
    a.page = summary.shown.len() / PAGE_SIZE + 5;
    let (html, _) = render(&a, &ev);
    assert!(
        html.contains("Next</button>") && html.contains(" disabled>Next"),
        "a page past the end shows the last"
    );
}

#[test]
fn ten_thousand_studies_draw_a_forest_plot_of_one_page_with_diamonds_over_all() {
    let ev = crate::domain::synthetic::synthetic_evidence(evidence().unwrap(), 10_000, 7);
    let mut a = Analysis {
        chart: ChartKind::Forest,
        ..Analysis::default()
    };
    let all = crate::domain::evidence::rows(&ev, a.measure, a.ci);
    let summary = a.summarize(&all);
    assert!(summary.shown.len() > PAGE_SIZE);
    let html = chart_html(&ev, &summary, &a, 900.0, false);
    let drawn = html.matches(r#"data-testid="forest-row""#).count();
    assert!(drawn <= PAGE_SIZE, "{drawn} rows drawn");
    assert!(
        html.contains(r#"data-testid="pager""#) && html.contains(r#"data-testid="forest-paged""#)
    );
    let pooled = summary.pooled.as_ref().expect("pooled");
    assert!(
        html.contains(&format!("Pooled ({} studies)", pooled.studies)),
        "the diamond is over every row"
    );
    a.page = 1;
    let second = chart_html(&ev, &summary, &a, 900.0, false);
    assert_ne!(html, second, "the next page draws other rows");
}

#[test]
fn one_table_per_indication_each_with_its_pooled_row() {
    let ev = evidence().unwrap();
    let a = Analysis {
        split: true,
        ..Analysis::default()
    };
    let (html, summary) = render(&a, ev);
    let indications: std::collections::BTreeSet<_> =
        summary.shown.iter().map(|r| r.indication).collect();
    assert_eq!(html.matches("<caption>").count(), indications.len());
    assert_eq!(
        html.matches(r#"data-testid="pooled-row""#).count(),
        indications.len()
    );
}

#[test]
fn charts_say_what_they_cannot_draw_and_state_the_regression() {
    let ev = evidence().unwrap();
    let mut a = Analysis::default();
    a.filters.text = "nothing matches this".into();
    let all = rows(ev, a.measure, a.ci);
    for chart in [ChartKind::Forest, ChartKind::DoseResponse] {
        a.chart = chart;
        let html = chart_html(ev, &a.summarize(&all), &a, 760.0, false);
        assert!(html.contains(r#"data-testid="chart-message""#), "{chart:?}");
        assert!(!html.contains("<svg"));
    }
    a.filters.text.clear();
    a.chart = ChartKind::DoseResponse;
    let summary = a.summarize(&all);
    let html = chart_html(ev, &summary, &a, 760.0, false);
    let m = fit(&summary.shown).unwrap();
    assert!(html.contains(&format!("slope {:.3} on the logit scale", m.slope)));
    a.chart = ChartKind::Engraftment;
    assert!(
        chart_html(ev, &summary, &a, 760.0, false).contains(r#"data-testid="engraftment-chart""#)
    );
}

#[test]
fn messages_become_commands_and_refusals() {
    let s = screen(Page::Charts);
    let (mut state, _) = s.read_link("?chart=dose");
    let commands = s.update(&mut state, Msg::Act(Action::Png)).unwrap();
    assert_eq!(
        commands,
        [Command::DownloadChart {
            name: "msc-hsct-dose".into(),
            png: true
        }]
    );
    s.update(&mut state, Msg::Act(Action::Table)).unwrap();
    assert!(state.show_table);
    assert!(s.regions(&state)[1].1.contains(r#"aria-pressed="true""#));
    let id = s.choices.study_ids[0].clone();
    match s
        .update(&mut state, Msg::OpenStudy(id.clone()))
        .unwrap()
        .as_slice()
    {
        [Command::Navigate(href)] => assert!(href.as_str().ends_with(&format!("?study={id}"))),
        other => panic!("{other:?}"),
    }
    assert!(s
        .update(&mut state, Msg::OpenStudy("\"><x".into()))
        .is_err());
    let csv = s.update(&mut state, Msg::Act(Action::Csv)).unwrap();
    assert!(matches!(
        &csv[0],
        Command::Download {
            mime: "text/csv",
            ..
        }
    ));
    assert!(
        s.link(&state).contains("chart=dose"),
        "the table toggle is not in the link"
    );
    assert!(!s.link(&state).contains("table"));
}

#[test]
fn the_other_view_link_carries_the_analysis() {
    let s = screen(Page::Compare);
    let (state, _) = s.read_link("?m=complete-response");
    let regions = s.regions(&state);
    assert_eq!(regions[0].0, "other-view-host");
    assert!(
        regions[0].1.contains(r#"href="/charts?v="#),
        "{}",
        regions[0].1
    );
    assert!(regions[0].1.contains("m=complete-response"));
}

/// The rows of overall response pooled in one indication and one design: no notice.
fn one_indication_one_design() -> Vec<Row> {
    let all = rows(evidence().unwrap(), Measure::Or, CiMethod::ClopperPearson);
    let agvhd = |r: &&Row| r.indication == Indication::AgvhdTreatment && r.unpooled().is_none();
    let designs: Vec<_> = all.iter().filter(agvhd).map(|r| r.design).collect();
    let most = designs
        .iter()
        .max_by_key(|d| designs.iter().filter(|x| x == d).count())
        .copied()
        .unwrap();
    all.iter()
        .filter(agvhd)
        .filter(|r| r.design == most)
        .cloned()
        .collect()
}

#[test]
fn a_mixed_selection_says_so_above_the_pooled_result_in_the_table_and_the_forest() {
    let ev = evidence().unwrap();
    let mut a = Analysis::default();
    let all = rows(ev, a.measure, a.ci);
    let summary = a.summarize(&all);
    let notice = summary
        .mix
        .clone()
        .expect("every indication mixes diseases");
    assert!(notice.contains("indications (Treatment of aGVHD, Treatment of cGVHD"));
    let table = results_html(&summary, &a, &all, &links());
    let at = |html: &Html, needle: &str| html.find(needle).unwrap_or(usize::MAX);
    assert!(table.contains(&crate::domain::encode::esc(&notice)));
    assert!(
        at(&table, r#"data-testid="mix-notice""#) < at(&table, r#"data-testid="pooled""#),
        "the notice is above the pooled result"
    );
    let chart = chart_html(ev, &summary, &a, 900.0, false);
    assert!(at(&chart, r#"data-testid="mix-notice""#) < at(&chart, "<svg"));

    // One indication and one design: no notice, in either view.
    let same = one_indication_one_design();
    assert!(same.len() >= 2, "{same:?}");
    let summary = a.summarize(&same);
    assert!(summary.pooled.is_ok());
    assert_eq!(summary.mix, None);
    assert!(!results_html(&summary, &a, &same, &links()).contains("mix-notice"));
    assert!(!chart_html(ev, &summary, &a, 900.0, false).contains("mix-notice"));
    // The other charts pool nothing: no notice there.
    a.chart = ChartKind::DoseResponse;
    let summary = a.summarize(&all);
    assert!(!chart_html(ev, &summary, &a, 900.0, false).contains("mix-notice"));
}

#[test]
fn each_unpooled_row_says_why_and_the_pooled_block_counts_them() {
    let ev = evidence().unwrap();
    let a = Analysis {
        measure: Measure::Cr,
        ..Analysis::default()
    };
    let all = rows(ev, a.measure, a.ci);
    let summary = a.summarize(&all);
    let drawn_unpooled: Vec<&Row> = summary
        .shown
        .iter()
        .filter(|r| r.proportion.is_some() && r.unpooled().is_some())
        .collect();
    assert!(
        !drawn_unpooled.is_empty(),
        "complete response has a meta-analysis"
    );
    let table = results_html(&summary, &a, &all, &links());
    let reasons = table.matches(r#"data-testid="unpooled-reason""#).count();
    assert_eq!(reasons, drawn_unpooled.len());
    assert!(table.contains(">not pooled: meta-analysis</small>"));
    let left_out = summary.left_out.clone().unwrap();
    let counted: usize = crate::domain::evidence::left_out(&summary.shown)
        .iter()
        .map(|(_, n)| n)
        .sum();
    let pooled = summary.pooled.as_ref().unwrap().studies;
    assert_eq!(
        counted + pooled,
        summary.shown.len(),
        "every row is pooled or counted"
    );
    assert!(
        left_out.starts_with(&format!("{counted} rows not pooled: ")),
        "{left_out}"
    );
    assert!(table.contains(&format!(
        r#"<p class="muted" data-testid="left-out">{left_out}</p>"#
    )));

    let chart = chart_html(ev, &summary, &a, 900.0, false);
    assert_eq!(
        chart.matches(r#"data-testid="forest-reason""#).count(),
        drawn_unpooled.len()
    );
    assert!(chart.contains(">not pooled: meta-analysis</text>"));
    assert!(chart.contains(", not pooled: meta-analysis</title>"));
    assert!(chart.contains(r#"data-testid="left-out""#));
}

#[test]
fn the_indication_select_follows_the_outcome_on_both_pages() {
    use crate::screens::analysis::control::Control;
    for page in [Page::Compare, Page::Charts] {
        let s = screen(page);
        let (mut state, _) = s.read_link("");
        let value = |s: &AnalysisScreen, state: &AnalysisState| {
            s.fields(state)
                .into_iter()
                .find(|f| f.id == Control::Indication.key())
                .and_then(|f| f.value)
        };
        assert_eq!(value(&s, &state).as_deref(), Some("agvhd_treatment"));
        let html = s.page(&state, &[]);
        assert!(
            html.contains(r#"<option value="agvhd_treatment" selected>"#),
            "{page:?}"
        );
        s.update(
            &mut state,
            Msg::Set(Control::Measure, "overall-survival".into()),
        )
        .unwrap();
        assert_eq!(value(&s, &state).as_deref(), Some("gvhd_prevention"));
        assert!(s.link(&state).contains("&ind=gvhd_prevention"));
        s.update(&mut state, Msg::Set(Control::Indication, String::new()))
            .unwrap();
        assert_eq!(value(&s, &state).as_deref(), Some(""));
        assert!(s.link(&state).contains("&ind=all"));
    }
}

#[test]
fn print_report_fills_the_hidden_region_once_and_the_download_is_html() {
    for page in [Page::Compare, Page::Charts] {
        let s = screen(page);
        let (mut state, _) = s.read_link("?ind=agvhd_treatment&src=bone-marrow");
        let host = |state: &AnalysisState| s.regions(state)[2].clone();
        assert_eq!(host(&state), ("analysis-report", Html::new()));
        assert!(s.page(&state, &[]).contains(
            r#"<div id="analysis-report" class="report-host" data-testid="report-host"></div>"#
        ));
        let commands = s.update(&mut state, Msg::Act(Action::Report)).unwrap();
        assert_eq!(commands, [Command::Print]);
        let (_, summary) = s.summary(&state.analysis);
        let p = summary.pooled.as_ref().unwrap();
        let report = host(&state).1;
        assert!(report.contains(&crate::domain::evidence::pooled_text(p)));
        assert!(s.page(&state, &[]).contains(report.as_str()));
        assert!(!s.link(&state).contains("report"), "not in the link");
        // The next change takes it away: a stale report is never printed.
        s.update(&mut state, Msg::Act(Action::Link)).unwrap();
        assert_eq!(host(&state).1, Html::new());
        match s
            .update(&mut state, Msg::Act(Action::ReportHtml))
            .unwrap()
            .as_slice()
        {
            [Command::Download { name, mime, text }] => {
                assert_eq!(
                    (name.as_str(), *mime),
                    ("msc-hsct-report.html", "text/html")
                );
                assert!(text.starts_with("<!doctype html>") && text.contains(report.as_str()));
            }
            other => panic!("{other:?}"),
        }
        assert!(state.report.is_none());
    }
}
