//! The browser layer: the app shell and router, the binder that drives each screen,
//! and the browser services (clipboard, downloads, PNG, the panic banner, the bundle).

pub mod adopt;
pub mod app;
pub mod bind;
pub mod bundle;
pub mod download;
pub mod pages;
pub mod panic;
pub mod png;
pub mod tooltip;
pub mod trusted;
