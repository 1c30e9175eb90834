//! The `braid` binary end to end, as one test binary: the demo study and its contracts.

mod cli;
