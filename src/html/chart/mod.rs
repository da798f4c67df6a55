//! Charts as SVG markup ([`Html`](crate::html::Html), every value escaped by its type) from
//! pure functions: scales and ticks ([`scale`]), the forest plot ([`forest`]),
//! dose-response ([`dose_response`]) and engraftment ([`engraftment`]). Nothing here
//! touches the DOM; the output is tested natively, and [`standalone`] makes the SVG the
//! browser serialised a file of its own for the SVG and PNG downloads.

pub mod dose_response;
pub mod engraftment;
pub mod forest;
pub mod scale;

/// The chart rules (`style/charts.css`), embedded in downloaded files.
const STYLE: &str = include_str!("../../../style/charts.css");

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
