//! The analysis form: one widget per [`Control`], with the analysis's values.

use crate::domain::evidence::{DoseBand, SortKey};
use crate::domain::keys::Keyed;
use crate::domain::stats::pool::Tau2Method;
use crate::domain::stats::proportion::CiMethod;
use crate::html;
use crate::html::widgets::{checkbox, select_owned, TextField};
use crate::html::Html;
use crate::screens::analysis::control::Control;
use crate::screens::analysis::state::{capitalise, Analysis, ChartKind, Choices, Column, Grouping};
use crate::screens::route::Page;

/// The options of a keyed choice, after an "all …" option when `all` is given.
fn keyed_options<T: Keyed>(
    items: &[T],
    all: Option<&str>,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.map(|a| (String::new(), a.to_string()))
        .into_iter()
        .chain(items.iter().map(|&t| (t.key().to_string(), label(t))))
        .collect()
}

fn options<T: Copy>(
    items: &[T],
    all: &str,
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), all.to_string()))
        .chain(items.iter().map(|&t| (key(t).to_string(), label(t))))
        .collect()
}

fn choose(control: Control, options: &[(String, String)], chosen: &str) -> Html {
    select_owned(control.key(), control.label(), options, chosen)
}

fn tick(control: Control, checked: bool) -> Html {
    checkbox(control.key(), control.label(), checked, None)
}

fn text(control: Control, value: &str, hint: &str) -> Html {
    TextField {
        id: control.key(),
        label: control.label(),
        hint: Some(hint),
        value,
        inputmode: "text",
        kind: "text",
        unit: None,
        echo: false,
        echo_text: None,
        error: None,
        hidden: false,
    }
    .html()
}

/// The widget of one control with the analysis's value (None: not on this page).
pub fn control_html(control: Control, choices: &Choices, a: &Analysis, page: Page) -> Option<Html> {
    let f = &a.filters;
    Some(match control {
        Control::Chart if page == Page::Charts => choose(
            control,
            &keyed_options(&ChartKind::ALL, None, |c| c.label().into()),
            a.chart.key(),
        ),
        Control::Chart => return None,
        Control::MinN => text(control, &a.min_n, "Patients in the row, e.g. 10."),
        Control::Disease => text(control, &f.disease, "Part of a diagnosis, e.g. AML."),
        Control::Text => text(control, &f.text, "Study, outcome or printed text."),
        Control::NoFlagged => tick(control, a.exclude_flagged),
        Control::Ci => choose(
            control,
            &keyed_options(&CiMethod::ALL, None, |c| c.label().into()),
            a.ci.key(),
        ),
        Control::Tau2 => choose(
            control,
            &keyed_options(&Tau2Method::ALL, None, |t| t.label().into()),
            a.options.tau2.key(),
        ),
        Control::HartungKnapp => tick(control, a.options.hartung_knapp),
        Control::Group => choose(
            control,
            &keyed_options(&Grouping::ALL, None, |g| g.label().into()),
            a.group.key(),
        ),
        Control::LeaveOneOut => tick(control, a.leave_one_out),
        Control::Sort => choose(
            control,
            &keyed_options(&SortKey::ALL, Some("Review order"), |k| k.label().into()),
            a.sort.map(|k| k.key()).unwrap_or_default(),
        ),
        Control::Descending => tick(control, a.descending),
        Control::Split if page == Page::Compare => tick(control, a.split),
        Control::Split => return None,
        _ => return choice_filter_html(control, choices, a),
    })
}

/// The outcome and the filters chosen from what the dataset offers (None for any other
/// control).
fn choice_filter_html(control: Control, choices: &Choices, a: &Analysis) -> Option<Html> {
    let f = &a.filters;
    Some(match control {
        Control::Measure => {
            let measures: Vec<(String, String)> = choices
                .measures
                .iter()
                .map(|(m, usable)| {
                    (
                        m.link_key().to_string(),
                        format!("{} ({usable} as events/N)", capitalise(m.label())),
                    )
                })
                .collect();
            choose(control, &measures, a.measure.link_key())
        }
        Control::Indication => choose(
            control,
            &options(
                &choices.indications,
                "All indications",
                |i| i.key(),
                |i| i.label().into(),
            ),
            f.indication.map(|i| i.key()).unwrap_or_default(),
        ),
        Control::Source => choose(
            control,
            &options(
                &choices.tissues,
                "All sources",
                |t| t.link_key(),
                |t| capitalise(t.label()),
            ),
            f.tissue.map(|t| t.link_key()).unwrap_or_default(),
        ),
        Control::Grade => {
            let grades: Vec<(String, String)> =
                std::iter::once((String::new(), "All grades".to_string()))
                    .chain(choices.grades.iter().map(|g| (g.clone(), g.clone())))
                    .collect();
            choose(control, &grades, f.grade.as_deref().unwrap_or_default())
        }
        Control::Age => choose(
            control,
            &options(
                &choices.ages,
                "All ages",
                |g| g.link_key(),
                |g| capitalise(g.label()),
            ),
            f.age_group.map(|g| g.link_key()).unwrap_or_default(),
        ),
        Control::Band => choose(
            control,
            &options(
                &DoseBand::ALL,
                "All doses",
                |b| b.key(),
                |b| b.label().into(),
            ),
            f.dose_band.map(|b| b.key()).unwrap_or_default(),
        ),
        Control::Arm => choose(
            control,
            &options(
                &choices.arms,
                "All arms",
                |r| r.link_key(),
                |r| capitalise(r.label()),
            ),
            f.arm.map(|r| r.link_key()).unwrap_or_default(),
        ),
        _ => return None,
    })
}

/// The form of the Compare or Charts page, grouped as a reader scans it.
pub fn controls_html(choices: &Choices, a: &Analysis, page: Page) -> Html {
    let group = |legend: &str, controls: &[Control], extra: Html| {
        let widgets: Html = controls
            .iter()
            .filter_map(|&c| control_html(c, choices, a, page))
            .collect();
        html!(
            r#"<fieldset class="analysis__group"><legend>{}</legend>{}{}</fieldset>"#,
            legend,
            widgets,
            extra
        )
    };
    use Control::*;
    let columns = (page == Page::Compare).then(|| {
        let boxes: Html = Column::ALL
            .iter()
            .map(|&c| {
                checkbox(
                    &format!("a-col-{}", c.key()),
                    c.label(),
                    a.shows(c),
                    Some(("column", c.key())),
                )
            })
            .collect();
        html!(
            r#"<div class="columns" role="group" aria-label="Columns shown"><p>Columns</p>{}</div>"#,
            boxes
        )
    });
    let mut html = group("Outcome", &[Measure, Chart], Html::new());
    html.push(group(
        "Filters",
        &[
            Indication, Source, Grade, Age, Band, Arm, MinN, Disease, Text, NoFlagged,
        ],
        Html::new(),
    ));
    html.push(group(
        "Statistics",
        &[Ci, Tau2, HartungKnapp, Group, LeaveOneOut],
        Html::new(),
    ));
    html.push(group(
        "Order and layout",
        &[Sort, Descending, Split],
        columns.unwrap_or_default(),
    ));
    html
}
