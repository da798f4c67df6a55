use super::*;
use crate::domain::data::evidence;
use crate::screens::analysis::state::tests::{all_rows, bm_agvhd};
use crate::screens::analysis::view::results_html;
use crate::screens::Links;

/// The text between `open` and the next `close` in `html`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .map(|i| i + open.len())
        .unwrap_or(html.len());
    let rest = &html[start..];
    &rest[..rest.find(close).unwrap_or(0)]
}

fn report_of(a: &Analysis) -> (Summary, Html, String) {
    let ev = evidence().unwrap();
    let all = all_rows(a);
    let summary = a.summarize(&all);
    let page = results_html(
        &summary,
        a,
        &all,
        &Links {
            base: String::new(),
        },
    );
    let report = report_html(ev, &summary, a, 900.0);
    (summary, report, page.to_string())
}

#[test]
fn the_report_holds_the_pages_pooled_numbers_every_row_flag_and_citation() {
    let ev = evidence().unwrap();
    for a in [bm_agvhd(), Analysis::default()] {
        let (summary, report, page) = report_of(&a);
        let pooled = between(&page, r#"<p data-testid="pooled-text">"#, "</p>");
        assert!(!pooled.is_empty());
        assert!(
            report.contains(&format!(
                r#"<p data-testid="report-pooled"><strong>{pooled}</strong>"#
            )),
            "the page's pooled line, identical"
        );
        let methods = between(&page, r#"<p class="muted" data-testid="methods">"#, "</p>");
        assert!(report.contains(&format!(r#"data-testid="report-methods">{methods}</p>"#)));
        assert!(report.contains(&format!("<strong>{}</strong>", Html::text(&a.title()))));
        assert_eq!(
            report.matches(r#"data-testid="report-row""#).count(),
            summary.shown.len()
        );
        let mut flags = 0;
        for row in &summary.shown {
            assert!(report.contains(&*Html::text(&row.label)), "{}", row.label);
            for flag in &row.flags {
                flags += 1;
                assert!(report.contains(&*Html::text(flag.rule.title())));
                assert!(report.contains(&*Html::text(&flag.message)));
            }
            for n in &ev.study(&row.study_id).unwrap().refs {
                let text = pretty_raw(&ev.reference(*n).unwrap().text);
                assert!(report.contains(&format!("[{n}] {}</li>", Html::text(&text))));
            }
        }
        if a == Analysis::default() {
            assert!(flags > 0, "every study: some rows are flagged");
        }
        assert!(
            report.contains(r#"data-testid="forest-plot""#),
            "the forest plot"
        );
    }
}

#[test]
fn the_report_weights_add_up_and_match_the_forest_plot() {
    let (summary, report, _) = report_of(&bm_agvhd());
    let p = summary.pooled.as_ref().unwrap();
    let cells: Vec<f64> = report
        .split("</td><td>")
        .filter_map(|cell| cell.strip_suffix('%')?.parse().ok())
        .collect();
    assert_eq!(
        cells.len(),
        p.studies + 1,
        "a weight per pooled row, and 100%"
    );
    let sum: f64 = cells[..p.studies].iter().sum();
    assert!((sum - 100.0).abs() <= 0.1, "{sum}");
    for w in &cells[..p.studies] {
        assert!(report.contains(&format!(r#"data-testid="forest-weight">{w:.1}%<"#)));
    }
    assert!(report.contains(&format!(
        "<td>{}</td><td>100%</td>",
        interval(p.estimate, p.lower, p.upper)
    )));
}

#[test]
fn the_downloaded_report_is_a_document_of_its_own_with_nothing_active() {
    let ev = evidence().unwrap();
    let mut a = Analysis::default();
    a.filters.text = r#"<script>alert(1)</script>" onload="x"#.into();
    let hostile = report_document(ev, &a.summarize(&all_rows(&a)), &a, 900.0);
    let (summary, _, _) = report_of(&Analysis::default());
    let doc = report_document(ev, &summary, &Analysis::default(), 900.0);
    for doc in [&doc, &hostile] {
        assert!(doc.starts_with("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"));
        assert!(doc.contains("<title>MSC·HSCT report: ") && doc.ends_with("</body></html>"));
        let lower = doc.to_ascii_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("src="));
        assert!(!lower.contains("href=\"http") && !lower.contains("url("));
        // No attribute is an event handler (`on…=` after a space inside a tag).
        for tag in lower.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            for word in tag.split_whitespace().skip(1) {
                assert!(!(word.starts_with("on") && word.contains('=')), "{tag}");
            }
        }
    }
    assert!(doc.contains("<style>/* Charts.") && doc.contains(".report {"));
    assert!(doc.contains("<svg") && doc.contains(r#"data-testid="report""#));
    assert_eq!(doc.matches("<html").count(), 1);
}
