//! Reading the coded material back: retrieval of coded segments, concordances (KWIC), and
//! matrices (frequencies, co-occurrence, crosstabs, presence).

pub(crate) mod kwic;
pub(crate) mod matrix;
pub(crate) mod retrieve;
