//! Project automation for Braid.
//!
//! Currently one task: generating the synthetic demo survey
//! (`cargo xtask gen-survey`), see [`survey`].

pub mod survey;
