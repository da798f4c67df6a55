//! The analysis screen, shown as Compare (tables) and Charts: its state and link, its view.

pub mod state;
pub mod view;
