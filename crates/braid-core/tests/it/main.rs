//! Integration tests of braid-core: one binary, one module per feature.

mod bindings;
mod import;
mod search;
