//! `braid media`: recordings linked to transcripts.

use std::path::PathBuf;

use braid_core as core;
use clap::Subcommand;

use crate::emit;

#[derive(Subcommand)]
pub enum MediaAction {
    /// Link a recording (.mp3, .m4a, .wav, .ogg, .mp4, .webm) to a document; the file stays where it is
    Link {
        project: PathBuf,
        document: String,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Point a document's recording at another file (moved, renamed or re-exported)
    Relink {
        project: PathBuf,
        document: String,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Remove a document's recording from the project (the file is left alone)
    Unlink {
        project: PathBuf,
        document: String,
        #[arg(long)]
        json: bool,
    },
    /// List the recordings, each checked: ok, missing or changed
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl MediaAction {
    pub fn json(&self) -> bool {
        match self {
            MediaAction::Link { json, .. } | MediaAction::Relink { json, .. } | MediaAction::Unlink { json, .. } | MediaAction::List { json, .. } => {
                *json
            }
        }
    }
}

fn status(link: &core::MediaLink) -> String {
    match link.status {
        core::MediaStatus::Ok => "ok".to_string(),
        core::MediaStatus::Missing => format!("MISSING: {}", link.problem),
        core::MediaStatus::Changed => format!("CHANGED: {}", link.problem),
    }
}

fn line(link: &core::MediaLink) -> String {
    let length = link.duration_ms.map(core::hms).unwrap_or_else(|| "length unknown".to_string());
    format!("{}: {} ({}, {}, {} bytes) {}", link.document, link.path, link.kind.as_str(), length, link.size, status(link))
}

pub fn run(action: MediaAction) -> anyhow::Result<()> {
    let actor = core::default_actor();
    match action {
        MediaAction::Link { project, document, file, json } => {
            let mut p = crate::open_project(&project)?;
            let link = core::link_media(&mut p, &document, &file, &actor)?;
            emit(json, &link, |l| outln!("linked {}", line(l)))
        }
        MediaAction::Relink { project, document, file, json } => {
            let mut p = crate::open_project(&project)?;
            let link = core::relink_media(&mut p, &document, &file, &actor)?;
            emit(json, &link, |l| outln!("relinked {}", line(l)))
        }
        MediaAction::Unlink { project, document, json } => {
            let mut p = crate::open_project(&project)?;
            core::unlink_media(&mut p, &document, &actor)?;
            emit(json, &serde_json::json!({ "document": document, "unlinked": true }), |_| outln!("unlinked the recording of {document}"))
        }
        MediaAction::List { project, json } => {
            let p = crate::open_project(&project)?;
            let links = core::media_list(&p)?;
            emit(json, &links, |links| {
                if links.is_empty() {
                    outln!("no recordings linked; link one with `braid media link PROJECT DOC FILE`");
                }
                for l in links {
                    outln!("{}", line(l));
                }
            })
        }
    }
}
