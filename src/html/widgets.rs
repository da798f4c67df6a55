//! Form widgets shared by every page: a labelled select, a checkbox and a text field,
//! each with the ids the binder uses (`{id}-field` wraps it, `{id}-error` and
//! `{id}-echo` hold its messages).

use crate::html;
use crate::html::Html;

/// A labelled `<select>`: `options` are (value, text); `chosen` is the selected value.
pub fn select<'a>(
    id: &str,
    testid: &str,
    label: &str,
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
    chosen: &str,
) -> Html {
    let options: Html = options
        .into_iter()
        .map(|(value, text)| {
            html!(
                r#"<option value="{}"{}>{}</option>"#,
                value,
                if value == chosen { " selected" } else { "" },
                text
            )
        })
        .collect();
    html!(
        r#"<div class="field" id="{}-field"><label class="field__label" for="{}">{}</label><select class="field__input" id="{}" data-testid="{}">{}</select></div>"#,
        id,
        id,
        label,
        id,
        testid,
        options
    )
}

/// A select whose options are owned strings (labels made at run time).
pub fn select_owned(id: &str, label: &str, options: &[(String, String)], chosen: &str) -> Html {
    select(
        id,
        id,
        label,
        options.iter().map(|(v, t)| (v.as_str(), t.as_str())),
        chosen,
    )
}

/// A checkbox with its label; `data` is an optional `data-{name}="{value}"` pair.
pub fn checkbox(id: &str, label: &str, checked: bool, data: Option<(&str, &str)>) -> Html {
    checkbox_field(id, label, checked, data, false)
}

/// A checkbox that may start hidden (a control the current choices do not use).
pub fn checkbox_field(
    id: &str,
    label: &str,
    checked: bool,
    data: Option<(&str, &str)>,
    hidden: bool,
) -> Html {
    let data = data.map(|(name, value)| html!(r#" data-{}="{}""#, name, value));
    html!(
        r#"<div class="field field--check" id="{}-field"{}><input type="checkbox" id="{}" data-testid="{}"{}{}><label for="{}">{}</label></div>"#,
        id,
        if hidden { " hidden" } else { "" },
        id,
        id,
        data,
        if checked { " checked" } else { "" },
        id,
        label
    )
}

/// A labelled text input with its hint, echo (what was read) and error lines.
pub struct TextField<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    /// `inputmode`: "text", "decimal", "numeric" or "none".
    pub inputmode: &'a str,
    /// `type`: "text" or "date".
    pub kind: &'a str,
    /// Markup after the input on the same row (a unit select).
    pub unit: Option<Html>,
    /// Whether the field echoes back what it read.
    pub echo: bool,
    /// What the echo and the error line say now (pre-rendered pages show the state).
    pub echo_text: Option<&'a str>,
    pub error: Option<&'a str>,
    pub hidden: bool,
}

impl TextField<'_> {
    pub fn html(&self) -> Html {
        let id = self.id;
        let hint = self
            .hint
            .map(|h| html!(r#"<p class="field__hint" id="{}-hint">{}</p>"#, id, h));
        let echo = self.echo.then(|| {
            html!(
                r#"<p class="field__echo" id="{}-echo" data-testid="{}-echo">{}</p>"#,
                id,
                id,
                self.echo_text
            )
        });
        let mut described = Vec::new();
        if self.hint.is_some() {
            described.push(format!("{id}-hint"));
        }
        if self.echo {
            described.push(format!("{id}-echo"));
        }
        described.push(format!("{id}-error"));
        html!(
            r#"<div class="field" id="{}-field"{}><label class="field__label" for="{}">{}</label>{}<div class="field__row"><input id="{}" class="field__input" type="{}" inputmode="{}" autocomplete="off" spellcheck="false" data-testid="{}" value="{}" aria-describedby="{}" aria-invalid="{}">{}</div>{}<p class="field__error" id="{}-error" data-testid="{}-error" aria-live="polite">{}</p></div>"#,
            id,
            if self.hidden { " hidden" } else { "" },
            id,
            self.label,
            hint,
            id,
            self.kind,
            self.inputmode,
            id,
            self.value,
            described.join(" "),
            if self.error.is_some() {
                "true"
            } else {
                "false"
            },
            self.unit.clone(),
            echo,
            id,
            id,
            self.error
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_values_are_escaped_and_the_choice_is_selected() {
        let html = select("s", "s", "A <b>", [("x\"", "X & Y"), ("z", "Z")], "z");
        assert!(html.contains("A &lt;b&gt;") && html.contains("X &amp; Y"));
        assert!(html.contains(r#"value="x&quot;""#));
        assert!(html.contains(r#"<option value="z" selected>Z</option>"#));
        let field = TextField {
            id: "w",
            label: "Weight",
            hint: None,
            value: "\"><script>",
            inputmode: "decimal",
            kind: "text",
            unit: None,
            echo: true,
            echo_text: Some("= 1 kg"),
            error: None,
            hidden: true,
        }
        .html();
        assert!(field.contains(r#"id="w-field" hidden"#) && field.contains(">= 1 kg</p>"));
        assert!(!field.contains("<script>"));
        assert!(field.contains(r#"aria-describedby="w-echo w-error""#));
        let check = checkbox("c", "Tick", true, Some(("column", "grade")));
        assert!(check.contains(r#" data-column="grade" checked>"#));
    }
}
