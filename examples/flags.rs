//! Prints every data-quality flag of the bundled dataset: `cargo run --example flags`.
fn main() {
    let evidence = match msc_hsct::domain::data::evidence() {
        Ok(evidence) => evidence,
        Err(error) => {
            eprintln!("the dataset does not load: {error}");
            std::process::exit(1);
        }
    };
    let flags = msc_hsct::domain::quality::check_all(evidence);
    for flag in &flags {
        println!(
            "{:<10} {:<14} {:<8} {:?}: {}",
            flag.study_id,
            flag.field,
            flag.severity.label(),
            flag.rule,
            flag.message
        );
    }
    println!("{} flags", flags.len());
}
