//! `braid qdpx`: projects exchanged with other QDA tools through REFI-QDA (`.qdpx`).

use std::path::PathBuf;

use braid_core as core;
use clap::Subcommand;

use crate::emit;

#[derive(Subcommand)]
pub enum QdpxAction {
    /// Export the project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder
    Export {
        project: PathBuf,
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a REFI-QDA project (.qdpx) as a new Braid project (never over an existing file)
    Import {
        file: PathBuf,
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl QdpxAction {
    pub fn json(&self) -> bool {
        match self {
            QdpxAction::Export { json, .. } | QdpxAction::Import { json, .. } => *json,
        }
    }
}

pub fn run(action: QdpxAction, bar: &crate::progress::Bar) -> anyhow::Result<()> {
    match action {
        QdpxAction::Export { project, out, json } => {
            let p = crate::open_project(&project)?;
            let report = core::save_qdpx(&p, &out)?;
            emit(json, &report, |r| {
                outln!(
                    "wrote {}: {} documents, {} codes, {} codings, {} notes, {} cases, {} users, {} sets",
                    out.display(),
                    r.documents,
                    r.codes,
                    r.codings,
                    r.notes,
                    r.cases,
                    r.users,
                    r.sets
                );
                if !r.left_out.is_empty() {
                    outln!("left out (REFI-QDA has no place for them): {}", r.left_out.join(", "));
                }
            })
        }
        QdpxAction::Import { file, project, json } => {
            let report = core::import_qdpx_file(&file, &project, &core::default_actor(), bar)?;
            emit(json, &report, |r| {
                outln!(
                    "created {}: {} documents, {} codes, {} codings, {} memos, {} informants, {} users, {} sets",
                    r.project,
                    r.documents,
                    r.codes,
                    r.codings,
                    r.memos,
                    r.informants,
                    r.users,
                    r.sets
                );
                for s in &r.skipped {
                    outln!("skipped: {s}");
                }
                for n in &r.notes {
                    outln!("note: {n}");
                }
            })
        }
    }
}
