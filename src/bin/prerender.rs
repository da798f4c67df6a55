//! Pre-rendering: writes, as JSON on stdout, the markup of every page in its default state
//! (the same pure screens the app runs), for `scripts/post-build.mjs` to put into each
//! page's HTML file. Run by the build: `cargo run --quiet --bin prerender`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if std::env::args().any(|a| a == "--params") {
        let params = msc_hsct::screens::prerender::link_parameters();
        match serde_json::to_string(&params) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("prerender: {error}");
                std::process::exit(2);
            }
        }
        return;
    }
    match msc_hsct::screens::prerender::pages() {
        Ok(pages) => match serde_json::to_string(&pages) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("prerender: {error}");
                std::process::exit(2);
            }
        },
        Err(error) => {
            eprintln!("prerender: {error}");
            std::process::exit(2);
        }
    }
}

// The app itself is the wasm32 binary; this one has nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}
