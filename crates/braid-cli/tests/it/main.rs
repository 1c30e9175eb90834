//! The `braid` binary end to end, as one test binary: the demo study and its contracts, the
//! bad-input suite, and the reliability tests (kills and concurrent writers).

mod bad_input;
mod cli;
mod concurrency;
mod support;
