//! Integration tests of braid-core: one binary, one module per feature.

mod assist;
mod bindings;
mod cases;
mod codebook;
mod coding;
mod display;
mod exchange;
mod corpus;
mod import;
mod input_props;
mod media;
mod search;
mod search_limits;
mod store;
mod survey;
mod survey_files;
mod xlsx;

use std::path::{Path, PathBuf};

/// The small fixture study in `tests/data/mini`.
pub fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/mini")
}

/// A fresh project in a temp dir with the fixture study imported.
pub fn mini_project() -> (tempfile::TempDir, braid_core::Project) {
    let dir = tempfile::tempdir().unwrap();
    let mut project = braid_core::Project::create(&dir.path().join("study.braid")).unwrap();
    let files: Vec<PathBuf> = ["A01.md", "A02.txt", "T01.md"].iter().map(|f| mini().join(f)).collect();
    let options = braid_core::ImportOptions { attributes: Some(mini().join("informants.csv")), ..Default::default() };
    braid_core::import(&mut project, &files, &options, &braid_core::NoProgress).unwrap();
    (dir, project)
}
