//! Project automation for Braid.
//!
//! Currently one task: generating the synthetic demo survey
//! (`cargo xtask gen-survey`), see [`survey`]; the interviewed children's
//! survey rows are hand-chosen in [`interviewed`].

pub mod interviewed;
pub mod survey;
