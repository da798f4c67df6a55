use super::*;
use crate::domain::data::evidence;
use crate::screens::calculator::control::Field;
use crate::screens::calculator::form::evaluate;

fn form(weight: &str) -> CalculatorForm {
    let mut form = CalculatorForm::new("2026-11-25");
    form.weight.edit(weight);
    form
}

fn links() -> Links {
    Links {
        base: String::new(),
    }
}

#[test]
fn the_results_show_every_total_with_its_unit() {
    let f = form("23.4");
    let eval = evaluate(&f, evidence().ok());
    let html = results(&f, &eval, &links(), "2023.1");
    assert!(
        html.contains(r#"<dd data-testid="cells-per-infusion">4.68 × 10⁷ cells</dd>"#),
        "{html}"
    );
    assert!(html.contains(r#"<dd data-testid="containers">2 vials</dd>"#));
    assert!(html.contains(r#"<dd data-testid="volume">7.01 mL</dd>"#));
    assert!(html.contains(r#"<dd data-testid="cells-left">3.97 × 10⁶ cells</dd>"#));
    assert_eq!(html.matches(r#"data-testid="infusion""#).count(), 8);
    assert!(html.contains("Day-28 assessment</th><td>28</td><td>Tue 22 Dec 2026"));
    assert!(html.contains("at the 79th percentile"));
    assert_eq!(html.matches(r#"data-testid="strip-dot""#).count(), 14);
    assert!(!html.contains("data-testid=\"warnings\""));
}

#[test]
fn nothing_is_computed_while_a_field_is_bad_or_missing() {
    let f = form("");
    let html = results(&f, &evaluate(&f, evidence().ok()), &links(), "2023.1");
    assert!(html.contains("Enter the patient&#39;s weight to see the plan."));
    assert!(!html.contains("cells-per-infusion"));
    let f = form("-4");
    let html = results(&f, &evaluate(&f, evidence().ok()), &links(), "2023.1");
    assert!(html.contains("Fix the highlighted fields"));
    assert!(!html.contains("cells-per-infusion"));
}

#[test]
fn a_dose_outside_the_studied_range_is_a_warning() {
    let mut f = form("20");
    f.dose = "5e6".into();
    let eval = evaluate(&f, evidence().ok());
    let html = results(&f, &eval, &links(), "2023.1");
    assert!(html.contains(r#"data-testid="warning-DoseOutsideStudied""#));
    assert!(html.contains(r#"data-testid="warning-DoseAboveLabel""#));
    let text = plan_text(&f, &eval, "2023.1").unwrap();
    assert!(text.contains("WARNING: 5 × 10⁶ cells/kg is above every dose studied"));
}

#[test]
fn the_plain_text_plan() {
    let f = form("23.4");
    let text = plan_text(&f, &evaluate(&f, evidence().ok()), "2023.1").unwrap();
    assert!(text.starts_with("MSC·HSCT dose plan — decision support, not a prescription\nProduct: Ryoncil\nWeight: 23.4 kg\n"));
    assert!(text.contains("  1. day 1 — Wed 25 Nov 2026\n"));
    assert!(text.contains("  Day-28 assessment — Tue 22 Dec 2026\n"));
    assert!(text.contains(
        "If partial or mixed response at Day 28: once weekly for 4 more weeks (Wed 23 Dec 2026"
    ));
    assert!(text.ends_with("dataset 2023.1."));
    assert!(plan_text(&form(""), &evaluate(&form(""), None), "2023.1").is_none());
}

#[test]
fn each_total_says_where_it_comes_from_and_the_label_is_cited() {
    let mut f = form("95");
    f.set(Field::Age, "adult").unwrap();
    f.set(Field::Product, "obnitix").unwrap();
    let eval = evaluate(&f, evidence().ok());
    let html = results(&f, &eval, &links(), "2023.1");
    assert!(
        html.contains(r#"<dd data-testid="cells-per-infusion">1.2 × 10⁸ cells</dd>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<dd data-testid="containers">2 × Obnitix 60 (6 × 10⁷ cells each)</dd>"#)
    );
    assert!(
        html.contains(r#"<dd data-testid="cells-left">none: the whole content is infused</dd>"#)
    );
    assert!(
        html.contains("1.26 × 10⁶ cells/kg (what the label&#39;s bags give at this weight)"),
        "{html}"
    );
    assert!(html.contains(r#"data-testid="provenance-containers" title="the label&#39;s bags for the weight band">fixed by the label</span>"#), "{html}");
    assert!(html.contains(r#"<span class="provenance provenance--derived" data-testid="provenance-cells-per-infusion""#));
    assert!(html.contains("Source: DRK-Blutspendedienst Baden-Württemberg–Hessen"));
    assert!(html.contains("Check every figure against the current label."));
    let text = plan_text(&f, &eval, "2023.1").unwrap();
    assert!(
        text.contains(
            "Dose: 1.26 × 10⁶ cells/kg (derived: what the label's bags give at this weight)\n"
        ),
        "{text}"
    );
    assert!(text.contains("Labelled figures: DRK-Blutspendedienst"));
    assert!(!text.contains("thawed but not given: 0"));
}

#[test]
fn ordinals() {
    assert_eq!(
        [1, 2, 3, 4, 11, 12, 13, 21, 22, 79, 100].map(ordinal),
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "79th", "100th"]
    );
}

#[test]
fn the_strip_chart_draws_columns_not_dots_for_thousands_of_studies() {
    use crate::domain::synthetic::synthetic_evidence;
    let big: &'static _ = Box::leak(Box::new(synthetic_evidence(evidence().unwrap(), 10_000, 1)));
    let f = form("70");
    let eval = evaluate(&f, Some(big));
    let p = eval.placement.as_ref().expect("placed");
    assert!(p.doses.len() > 200, "{}", p.doses.len());
    let html = strip_chart(p, eval.dose_per_kg.unwrap()).to_string();
    assert_eq!(html.matches("strip-dot\"").count(), 0);
    let bars = html.matches(r#"data-testid="strip-bar""#).count();
    assert!((1..=141).contains(&bars), "{bars}");
    // Every study is counted in exactly one column.
    let counted: usize = html
        .split("<title>")
        .skip(1)
        .filter_map(|t| t.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(counted, p.doses.len());
}
