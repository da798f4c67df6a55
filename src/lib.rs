//! MSC·HSCT: dose calculation, outcome comparison and charts for mesenchymal stromal
//! cells given with haematopoietic stem cell transplantation, entirely in the browser.
//!
//! Four layers, each using only those below it:
//! - [`domain`]: the dataset and every rule and number (pure, tested natively);
//! - [`html`]: markup and the SVG charts (pure);
//! - [`screens`]: each page's state, link, messages and view (pure);
//! - [`web`]: the browser glue (router, binder, clipboard, downloads, panic banner).

pub mod domain;
pub mod html;
pub mod screens;
pub mod web;

/// Installs the panic banner, mounts the app on `<body>` and takes over the page the
/// build pre-rendered.
pub fn start() {
    web::panic::install();
    let before = web::adopt::before_mount();
    leptos::mount::mount_to_body(web::app::App);
    web::adopt::after_mount(before);
}
