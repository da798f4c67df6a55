//! The domain: the dataset and every rule and number of the app (doses, quantities,
//! dates, evidence rows, data-quality rules, statistics). Pure: no leptos, web-sys or
//! js-sys, and nothing from `html` or `screens`; all of it is tested natively.

pub mod data;
pub mod date;
pub mod derive;
pub mod dose;
pub mod encode;
pub mod evidence;
pub mod export;
pub mod format;
pub mod glossary;
pub mod keys;
pub mod mine;
pub mod placement;
pub mod quality;
pub mod quantity;
pub mod sort;
pub mod stats;
pub mod synthetic;
