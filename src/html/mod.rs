//! Markup: the typed, auto-escaping [`Html`] and [`Href`], and the SVG charts. Pure: no
//! leptos or web-sys.

pub mod chart;
pub mod markup;
pub mod widgets;

pub use markup::{Href, Html, Render};
