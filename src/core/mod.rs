//! The pure core: every rule and number of the app, free of leptos, web-sys and js-sys,
//! so that all of it builds and is tested natively with `cargo test`.

pub mod analysis;
pub mod calculator;
pub mod chart;
pub mod compare;
pub mod date;
pub mod derive;
pub mod dose;
pub mod export;
pub mod form;
pub mod format;
pub mod glossary;
pub mod placement;
pub mod quality;
pub mod quantity;
pub mod render;
pub mod route;
pub mod share;
pub mod sort;
pub mod stats;
pub mod synthetic;
