//! The layers stay layered: `domain` < `html` < `screens` < `web`. Only `web` may use the
//! browser or the UI framework, so every number, every page's markup and every state
//! change is tested natively; and no module imports a layer above its own.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

const BROWSER: [&str; 4] = ["leptos", "web_sys", "js_sys", "wasm_bindgen"];

/// Each pure layer and the layers above it, which it must not import.
const LAYERS: [(&str, &[&str]); 3] = [
    ("domain", &["html", "screens", "web"]),
    ("html", &["screens", "web"]),
    ("screens", &["web"]),
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// `file:line: text` for every code line (comments left out) of `layer` containing a
/// forbidden word.
fn offences(layer: &str, forbidden: &[String]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() >= 2,
        "found the {layer} layer's files: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable file");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if forbidden.iter().any(|word| code.contains(word.as_str())) {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn only_the_web_layer_uses_the_browser_or_leptos() {
    let forbidden: Vec<String> = BROWSER.iter().map(|w| w.to_string()).collect();
    let found: Vec<String> = LAYERS
        .iter()
        .flat_map(|(layer, _)| offences(layer, &forbidden))
        .collect();
    assert!(found.is_empty(), "a pure layer uses:\n{}", found.join("\n"));
}

#[test]
fn no_import_runs_back_up_a_layer() {
    let mut found = Vec::new();
    for (layer, above) in LAYERS {
        let forbidden: Vec<String> = above
            .iter()
            .flat_map(|upper| [format!("crate::{upper}"), format!("msc_hsct::{upper}")])
            .collect();
        found.extend(offences(layer, &forbidden));
    }
    assert!(
        found.is_empty(),
        "imports from a higher layer:\n{}",
        found.join("\n")
    );
}
