//! Exchange with other QDA tools through the REFI-QDA 1.5 standard: whole projects (`.qdpx`)
//! and codebooks (`.qdc`). Files from outside are read with every limit checked and written in a
//! stable order.

pub(crate) mod archive;
pub(crate) mod qdc;
pub(crate) mod qdpx_export;
pub(crate) mod qdpx_import;
pub(crate) mod refi;
pub(crate) mod xml;
