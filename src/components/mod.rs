//! Reusable view pieces. Components only wire signals to the pure core.

pub mod bind;
pub mod download;
