//! Full-text search: the index over segments, its queries, and auto-coding from a query.

pub(crate) mod autocode;
pub(crate) mod index;
