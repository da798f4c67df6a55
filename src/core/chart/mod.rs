//! Charts as SVG text from pure functions: scales and ticks ([`scale`]) and the forest plot
//! ([`forest`]). Nothing here touches the DOM; the output is tested natively and the same
//! text is what a user downloads as SVG.

pub mod dose_response;
pub mod engraftment;
pub mod forest;
pub mod scale;
