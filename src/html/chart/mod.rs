//! Charts as SVG markup ([`Html`](crate::html::Html), every value escaped by its type) from
//! pure functions: scales and ticks ([`scale`]), the forest plot ([`forest`]),
//! dose-response ([`dose_response`]) and engraftment ([`engraftment`]). Nothing here
//! touches the DOM; the output is tested natively, and [`standalone`] makes the SVG the
//! browser serialised a file of its own for the SVG and PNG downloads.

pub mod dose_response;
pub mod engraftment;
pub mod forest;
pub mod scale;

/// The chart rules (`style/charts.css`), embedded in downloaded files (charts, report).
pub const STYLE: &str = include_str!("../../../style/charts.css");

/// A chart as a file of its own: the chart's style rules and a white background inside the
/// SVG, so it looks the same in a slide as in the page's light theme.
pub fn standalone(svg: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(open_end + 1);
    // Title and description stay the first children (they name the image).
    let split = rest
        .find("</desc>")
        .map(|i| i + "</desc>".len())
        .or_else(|| rest.find("</title>").map(|i| i + "</title>".len()))
        .unwrap_or(0);
    let (names, body) = rest.split_at(split);
    // The rules without their comments.
    let mut rules = String::new();
    let mut rest_of_style = STYLE;
    while let Some(start) = rest_of_style.find("/*") {
        rules.push_str(&rest_of_style[..start]);
        rest_of_style = rest_of_style[start..]
            .find("*/")
            .map_or("", |end| &rest_of_style[start + end + 2..]);
    }
    rules.push_str(rest_of_style);
    format!(
        r##"{head}{names}<style>{}</style><rect width="100%" height="100%" fill="#ffffff"/>{body}"##,
        rules.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::standalone;

    /// Hostile texts of the kinds an injection would use.
    const PAYLOADS: [&str; 6] = [
        "<script>alert(1)</script>",
        "\"><svg onload=alert(1)>",
        "' onmouseover='alert(1)",
        "javascript:alert(1)",
        "</text><foreignObject><img src=x onerror=alert(1)></foreignObject>",
        "]]><!--<style>*{background:url(data:x)}</style>",
    ];

    /// The elements the chart renderers and [`standalone`] write, and nothing else.
    const ELEMENTS: [&str; 13] = [
        "svg", "g", "title", "desc", "style", "rect", "line", "path", "circle", "text", "tspan",
        "polygon", "polyline",
    ];

    /// Every tag of `svg` is one of [`ELEMENTS`], no attribute is an event handler and no
    /// link (`href`, `src`) is a `javascript:` or `data:` URL.
    fn assert_inert(svg: &str) {
        for tag in svg.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            let body = tag.trim_start_matches('/');
            let name = body.split([' ', '/']).next().unwrap_or_default();
            assert!(ELEMENTS.contains(&name), "element <{name}> in {tag}");
            // Attributes are `name="value"` (values escaped, so no `"` inside).
            let mut rest = body[name.len()..].trim_start();
            while let Some((key, after)) = rest.split_once("=\"") {
                let key = key.trim();
                assert!(
                    key.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':'),
                    "{key:?} in {tag}"
                );
                assert!(
                    !key.to_ascii_lowercase().starts_with("on"),
                    "{key} in {tag}"
                );
                let (value, next) = after.split_once('"').expect("a closed attribute value");
                let value = value.to_ascii_lowercase();
                let link = key.ends_with("href") || key == "src";
                assert!(
                    !(link && (value.starts_with("javascript:") || value.starts_with("data:"))),
                    "{tag}"
                );
                rest = next.trim_start();
            }
            assert!(rest.is_empty() || rest == "/", "{rest:?} left in {tag}");
        }
        let lower = svg.to_ascii_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("<foreignobject"));
    }

    #[test]
    fn downloaded_charts_hold_no_script_whatever_the_labels() {
        use crate::domain::data::{Indication, Measure};
        use crate::domain::evidence::{default_options, pooled, rows_for};
        use crate::html::chart::{dose_response, engraftment, forest};
        let evidence = crate::domain::data::evidence().expect("the bundled dataset loads");
        for (i, payload) in PAYLOADS.iter().enumerate() {
            let mut rows = rows_for(Indication::AgvhdTreatment, Measure::Cr);
            for row in &mut rows {
                row.label = (*payload).into();
                row.study_id = format!("{payload}{i}");
                row.outcome = (*payload).into();
                row.value = (*payload).into();
                row.diseases = (*payload).into();
                row.grade = Some((*payload).into());
                row.note = Some((*payload).into());
                row.raw = (*payload).into();
            }
            let p = pooled(&rows, default_options()).ok();
            let charts = [
                forest::forest_svg(&rows, p.as_ref(), payload, 760.0).ok(),
                dose_response::dose_response_svg(&rows, payload, payload, 760.0).ok(),
                engraftment::engraftment_svg(
                    &engraftment::engraftment_points(evidence, |_| true)
                        .into_iter()
                        .map(|mut point| {
                            point.label = (*payload).into();
                            point
                        })
                        .collect::<Vec<_>>(),
                    760.0,
                ),
            ];
            for chart in charts {
                let chart = chart.expect("every chart has marks").to_string();
                assert_inert(&chart);
                assert_inert(&standalone(&chart));
            }
        }
    }

    #[test]
    fn a_standalone_chart_carries_its_style_after_its_names() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" class="forest"><title>T</title><desc>D</desc><line class="forest__ci"/></svg>"#;
        let file = standalone(svg);
        assert!(file.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="forest"><title>T</title><desc>D</desc><style>.forest"#));
        assert!(file.contains(".forest__ci, .chart__range { stroke: var(--color-text, #14212b)"));
        assert!(
            !file.contains("/*") && !file.contains("*/"),
            "comments left out"
        );
        assert!(file.ends_with(
            r##"<rect width="100%" height="100%" fill="#ffffff"/><line class="forest__ci"/></svg>"##
        ));
        assert_eq!(standalone("no svg"), "no svg");
    }
}
