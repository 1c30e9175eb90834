//! The `braid` binary end to end, as one test binary: the demo study and its contracts, and
//! the bad-input suite.

mod bad_input;
mod cli;
mod support;
