//! The evidence the app bundles, as typed Rust data: the source review's citation (and,
//! as the dataset grows, its studies). Pure: no leptos or web-sys.

pub mod review;
