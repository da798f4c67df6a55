//! The pure core: every rule and number of the app, free of leptos, web-sys and js-sys,
//! so that all of it builds and is tested natively with `cargo test`.

pub mod derive;
pub mod export;
pub mod format;
pub mod glossary;
pub mod quality;
pub mod render;
pub mod route;
