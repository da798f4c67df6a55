//! Markup: the SVG charts. Pure: no leptos or web-sys.

pub mod chart;
