//! The dose calculator screen: the form's state and link, its view.

pub mod form;
pub mod link;
pub mod view;
