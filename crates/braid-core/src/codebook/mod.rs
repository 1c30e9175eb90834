//! The codebook and the coding done with it: codes, codings, memos, excerpts from published
//! papers, and agreement between coders.

pub(crate) mod agreement;
pub(crate) mod codes;
pub(crate) mod coding;
pub(crate) mod edit;
pub(crate) mod excerpts;
pub(crate) mod memo;
