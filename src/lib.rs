//! MSC·HSCT: dose calculation, outcome comparison and charts for mesenchymal stromal
//! cells given with haematopoietic stem cell transplantation, entirely in the browser.
//!
//! - [`core`] and [`data`] are pure (no leptos, no web-sys) and tested natively.
//! - [`app`], [`pages`] and [`components`] wire Leptos signals to the core.
//! - [`panic`] turns any Rust panic into a visible banner instead of a dead page.

pub mod app;
pub mod bundle;
pub mod components;
pub mod core;
pub mod data;
pub mod pages;
pub mod panic;

/// Installs the panic banner and mounts the app on `<body>`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
