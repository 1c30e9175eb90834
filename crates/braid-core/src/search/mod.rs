//! Full-text search: the index over segments, its queries, and auto-coding from a query.

pub(crate) mod autocode;
pub(crate) mod excerpt;
pub(crate) mod index;
pub(crate) mod query;
pub(crate) mod request;
