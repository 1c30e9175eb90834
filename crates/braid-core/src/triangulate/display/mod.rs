//! Joint displays, computed when shown from the current findings, codings and models: nothing
//! is copied and left to go stale. Every number carries its provenance.
//!
//! `model` holds the data, `snapshot` reads the project once, `build` makes each display as a
//! pure function of a snapshot and a request, `render` draws it, and `io` joins them to the
//! project.

pub(crate) mod build;
pub(crate) mod cases;
pub(crate) mod io;
pub(crate) mod model;
pub(crate) mod render;
pub(crate) mod snapshot;
pub(crate) mod style;

#[cfg(test)]
mod tests;
