//! `braid demo`: build the embedded demo study into a project.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::coding;
use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportReport, Source};
use crate::progress::Progress;
use crate::search::{SearchIndex, index_dir};
use crate::store::Project;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

/// The demo study's two coders.
pub const DEMO_CODERS: [&str; 2] = ["coder-a", "coder-b"];

/// Options for [`build_demo`].
#[derive(Debug, Clone, Default)]
pub struct DemoOptions {
    /// The output folder; the project is `demo.braid` inside it.
    pub out: PathBuf,
    /// Build from this corpus folder instead of the copy built into Braid.
    pub corpus: Option<PathBuf>,
}

/// What `braid demo` built.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DemoReport {
    /// The project file.
    pub project: String,
    /// Documents imported.
    pub documents: usize,
    /// Informants in the project.
    pub informants: usize,
    /// Speaker turns stored.
    pub segments: usize,
    /// Codes in the codebook.
    pub codes: usize,
    /// Codings stored, per coder.
    pub codings: std::collections::BTreeMap<String, usize>,
    /// Cohen's κ between the two coders, pooled over codes (turn × code units).
    pub kappa: Option<f64>,
    /// The import's warnings.
    pub warnings: Vec<String>,
}

/// The demo corpus's files: path relative to `corpus/`, and bytes.
fn corpus_files(corpus: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>> {
    match corpus {
        None => Ok(embedded::FILES.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect()),
        Some(dir) => {
            let mut out = Vec::new();
            let transcripts = dir.join("transcripts");
            let entries = std::fs::read_dir(&transcripts).map_err(|e| Error::io(&transcripts, e))?;
            for e in entries {
                let p = e.map_err(|e| Error::io(&transcripts, e))?.path();
                if p.extension().is_some_and(|x| x == "md") {
                    let rel = format!("transcripts/{}", p.file_name().unwrap_or_default().to_string_lossy());
                    out.push((rel, std::fs::read(&p).map_err(|e| Error::io(&p, e))?));
                }
            }
            for rel in ["informants.csv", "codebook.yaml", "codings/coder-a.csv", "codings/coder-b.csv"] {
                let p = dir.join(rel);
                out.push((rel.to_string(), std::fs::read(&p).map_err(|e| Error::io(&p, e))?));
            }
            out.sort();
            Ok(out)
        }
    }
}

/// Build the demo study into `out/demo.braid`, replacing an earlier demo there.
pub fn build_demo(options: &DemoOptions, progress: &dyn Progress) -> Result<DemoReport> {
    std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    let path = options.out.join("demo.braid");
    for stale in [path.clone(), path.with_extension("braid-wal"), path.with_extension("braid-shm")] {
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
        }
    }
    let idx = index_dir(&path);
    if idx.exists() {
        std::fs::remove_dir_all(&idx).map_err(|e| Error::io(&idx, e))?;
    }
    let files = corpus_files(options.corpus.as_deref())?;
    let root = options.corpus.clone().unwrap_or_else(|| PathBuf::from("corpus"));
    let source = |rel: &str, bytes: &[u8]| Source { path: root.join(rel), bytes: bytes.to_vec() };
    let transcripts: Vec<Source> = files
        .iter()
        .filter(|(p, _)| p.starts_with("transcripts/") && p.ends_with(".md"))
        .map(|(p, b)| source(p, b))
        .collect();
    let attributes = files.iter().find(|(p, _)| p == "informants.csv").map(|(p, b)| source(p, b));
    let mut project = Project::create(&path)?;
    let report: ImportReport = import::import_sources(
        &mut project,
        &transcripts,
        attributes.as_ref(),
        &ImportOptions { actor: "braid demo".to_string(), ..Default::default() },
        progress,
    )?;
    let actor = "braid demo";
    let text_of = |rel: &str| -> Result<String> {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == rel)
            .ok_or_else(|| Error::bad_input(crate::error::Location::file(root.join(rel).display().to_string()), "missing from the demo corpus"))?;
        Ok(crate::text::decode(bytes, rel, None)?.text)
    };
    let shown = |rel: &str| root.join(rel).display().to_string();
    coding::import_codebook(&mut project, &text_of("codebook.yaml")?, &shown("codebook.yaml"), actor)?;
    let mut codings = std::collections::BTreeMap::new();
    for coder in DEMO_CODERS {
        let rel = format!("codings/{coder}.csv");
        let r = coding::import_excerpt_codings(&mut project, &text_of(&rel)?, &shown(&rel), coder, actor)?;
        codings.insert(coder.to_string(), r.added);
    }
    let kappa = coding::agreement(&project, DEMO_CODERS[0], DEMO_CODERS[1])?.overall.kappa;
    SearchIndex::open(&project, progress)?;
    Ok(DemoReport {
        project: path.display().to_string(),
        documents: report.imported.len(),
        informants: project.informants()?.len(),
        segments: report.imported.iter().map(|d| d.segments).sum(),
        codes: coding::codebook(&project)?.len(),
        codings,
        kappa,
        warnings: report.warnings,
    })
}
