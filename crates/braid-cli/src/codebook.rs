//! The coding commands with subcommands: `codebook`, `codings`, `memo` and `matrix`.

use std::path::PathBuf;

use braid_core as core;
use clap::Subcommand;

use crate::{emit, print, read_text};

#[derive(Subcommand)]
pub enum CodebookAction {
    /// Import a codebook: Braid's YAML or JSON (corpus/codebook.yaml), or a REFI-QDA .qdc
    /// (told by its extension or its content)
    Import {
        project: PathBuf,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the codes as a tree with their number of codings
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add a code (undoable)
    Add {
        project: PathBuf,
        /// The new code's path, e.g. "Peer support/Peer rivalry"
        code: String,
        #[arg(long)]
        colour: Option<String>,
        #[arg(long, default_value = "")]
        definition: String,
        #[arg(long)]
        json: bool,
    },
    /// Rename, recolour, redefine or move a code (undoable)
    Edit {
        project: PathBuf,
        /// The code path
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        colour: Option<String>,
        #[arg(long)]
        definition: Option<String>,
        #[arg(long)]
        include: Option<String>,
        #[arg(long)]
        exclude: Option<String>,
        #[arg(long)]
        example: Option<String>,
        /// Move under this parent path ("" for the top level)
        #[arg(long = "move-to", value_name = "PARENT")]
        move_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Merge a code into another: its codings and sub-codes move, the code goes (undoable)
    Merge {
        project: PathBuf,
        from: String,
        into: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a code and its sub-codes; --force when they carry codings (undoable)
    Delete {
        project: PathBuf,
        code: String,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
    /// Print the codebook as YAML (the import format), JSON, or a REFI-QDA codebook (.qdc)
    Export {
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = BookFormat::Yaml)]
        format: BookFormat,
        /// Write to this file instead of printing
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print what was written as JSON (with the codebook's text when there is no --out)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum BookFormat {
    Yaml,
    Json,
    Qdc,
}

#[derive(Subcommand)]
pub enum CodingsAction {
    /// List codings, of one document or all
    List {
        project: PathBuf,
        document: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Import one coder's codings from a CSV of quoted excerpts
    Import {
        project: PathBuf,
        file: PathBuf,
        /// Who coded them
        #[arg(long)]
        coder: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MatrixAction {
    /// How often each code is used: codings, documents and informants
    Frequencies {
        project: PathBuf,
        #[arg(long)]
        coder: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Codes x attribute values: counts with row and column percentages
    Crosstab {
        project: PathBuf,
        /// The attribute for the columns, e.g. migration or type
        #[arg(long)]
        by: String,
        /// What to count
        #[arg(long, value_enum, default_value_t = Unit::Informants)]
        count: Unit,
        /// Only codings by this coder (repeatable)
        #[arg(long)]
        coder: Vec<String>,
        /// Print CSV
        #[arg(long)]
        csv: bool,
        /// Write an Excel workbook to this file instead of printing
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Code x code co-occurrence, by overlapping text or shared speaker turn
    Cooccurrence {
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = CoMode::Overlap)]
        mode: CoMode,
        #[arg(long)]
        coder: Vec<String>,
        #[arg(long)]
        csv: bool,
        /// Write an Excel workbook to this file instead of printing
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A 0/1 code-presence table per informant (CSV), for statistics
    Presence {
        project: PathBuf,
        #[arg(long)]
        coder: Vec<String>,
        /// Write an Excel workbook to this file instead of printing
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Clone, Default)]
pub struct MemoTargetArgs {
    /// Attach to a document, by name
    #[arg(long, conflicts_with_all = ["code", "coding"])]
    document: Option<String>,
    /// Attach to a code, by path
    #[arg(long, conflicts_with = "coding")]
    code: Option<String>,
    /// Attach to a coding, by UUID
    #[arg(long)]
    coding: Option<String>,
}

impl MemoTargetArgs {
    fn target(&self) -> Option<core::MemoTarget> {
        match (&self.document, &self.code, &self.coding) {
            (Some(d), _, _) => Some(core::MemoTarget::Document(d.clone())),
            (_, Some(c), _) => Some(core::MemoTarget::Code(c.clone())),
            (_, _, Some(u)) => Some(core::MemoTarget::Coding(u.clone())),
            _ => None,
        }
    }
}

#[derive(Subcommand)]
pub enum MemoAction {
    /// Write a memo (on the project unless --document, --code or --coding)
    Add {
        project: PathBuf,
        text: String,
        #[command(flatten)]
        target: MemoTargetArgs,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        json: bool,
    },
    /// List memos, all or those of one target
    List {
        project: PathBuf,
        #[command(flatten)]
        target: MemoTargetArgs,
        /// Only the project's own memos
        #[arg(long)]
        project_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// Replace a memo's text
    Edit {
        project: PathBuf,
        memo: String,
        text: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a memo
    Delete {
        project: PathBuf,
        memo: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Unit {
    Informants,
    Documents,
    Codings,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CoMode {
    Overlap,
    Turn,
}

impl CodebookAction {
    /// Whether the command prints JSON (an export prints the codebook file itself).
    pub fn json(&self) -> bool {
        match self {
            CodebookAction::Import { json, .. }
            | CodebookAction::Export { json, .. }
            | CodebookAction::List { json, .. }
            | CodebookAction::Edit { json, .. }
            | CodebookAction::Add { json, .. }
            | CodebookAction::Merge { json, .. }
            | CodebookAction::Delete { json, .. } => *json,
        }
    }
}

impl CodingsAction {
    pub fn json(&self) -> bool {
        match self {
            CodingsAction::Import { json, .. } | CodingsAction::List { json, .. } => *json,
        }
    }
}

impl MemoAction {
    pub fn json(&self) -> bool {
        match self {
            MemoAction::Add { json, .. } | MemoAction::List { json, .. } | MemoAction::Edit { json, .. } | MemoAction::Delete { json, .. } => *json,
        }
    }
}

impl MatrixAction {
    pub fn json(&self) -> bool {
        match self {
            MatrixAction::Crosstab { json, .. }
            | MatrixAction::Cooccurrence { json, .. }
            | MatrixAction::Presence { json, .. }
            | MatrixAction::Frequencies { json, .. } => *json,
        }
    }
}

pub fn codebook(action: CodebookAction) -> anyhow::Result<()> {
    match action {
        CodebookAction::Import { project, file, json } => {
            let mut p = crate::open_project(&project)?;
            let text = read_text(&file)?;
            let report = core::import_codebook_file(&mut p, &text, &file.display().to_string(), &core::default_actor())?;
            emit(json, &report, |r| outln!("codebook imported: {} codes added, {} updated", r.added, r.updated))
        }
        CodebookAction::List { project, json } => {
            let p = crate::open_project(&project)?;
            let codes = core::codebook(&p)?;
            emit(json, &codes, print::codebook)
        }
        CodebookAction::Edit { project, code, name, colour, definition, include, exclude, example, move_to, json } => {
            let mut p = crate::open_project(&project)?;
            let edit = core::CodeEdit { name, colour, definition, include, exclude, example, parent: move_to };
            let code = core::edit_code(&mut p, &code, &edit, &core::default_actor())?;
            emit(json, &code, |c| outln!("{} {} updated", c.path, c.colour))
        }
        CodebookAction::Add { project, code, colour, definition, json } => {
            let mut p = crate::open_project(&project)?;
            let (parent, name) = match code.rsplit_once('/') {
                Some((parent, name)) => (Some(parent.to_string()), name.to_string()),
                None => (None, code.clone()),
            };
            let new = core::NewCode { parent, name, colour, definition, ..Default::default() };
            let added = core::add_code(&mut p, &new, &core::default_actor())?;
            emit(json, &added, |c| outln!("added {} {}", c.path, c.colour))
        }
        CodebookAction::Merge { project, from, into, json } => {
            let mut p = crate::open_project(&project)?;
            let change = core::merge_codes(&mut p, &from, &into, &core::default_actor())?;
            emit(json, &change, |c| outln!("merged {from} into {into}: {} codings moved, {} duplicates dropped", c.codings_moved, c.codings_removed))
        }
        CodebookAction::Delete { project, code, force, json } => {
            let mut p = crate::open_project(&project)?;
            // The core asks for a yes without knowing how it is given; here it is a flag.
            let change = core::delete_code(&mut p, &code, force, &core::default_actor()).map_err(|e| match e {
                core::Error::NeedsConfirmation(m) => core::Error::NeedsConfirmation(format!("{m} (pass --force to confirm)")),
                e => e,
            })?;
            emit(json, &change, |c| outln!("deleted {} codes and {} codings (undo with `braid undo`)", c.codes_removed, c.codings_removed))
        }
        CodebookAction::Export { project, format, out, json } => {
            let p = crate::open_project(&project)?;
            let (name, text) = match format {
                BookFormat::Yaml => ("yaml", core::export_codebook(&p, core::CodebookFormat::Yaml)?),
                BookFormat::Json => ("json", core::export_codebook(&p, core::CodebookFormat::Json)?),
                BookFormat::Qdc => ("qdc", core::export_qdc(&p)?),
            };
            let codes = core::codebook(&p)?.len();
            if let Some(path) = &out {
                core::write_whole(path, text.as_bytes())?;
            }
            let shown = serde_json::json!({ "format": name, "codes": codes, "out": out.as_ref().map(|o| o.display().to_string()), "codebook": out.is_none().then_some(&text) });
            emit(json, &shown, |_| match &out {
                Some(path) => outln!("wrote {} codes to {}", codes, path.display()),
                None => out!("{text}"),
            })
        }
    }
}

pub fn codings(action: CodingsAction) -> anyhow::Result<()> {
    match action {
        CodingsAction::Import { project, file, coder, json } => {
            let mut p = crate::open_project(&project)?;
            let csv = read_text(&file)?;
            let report = core::import_excerpt_codings(&mut p, &csv, &file.display().to_string(), &coder, &core::default_actor())?;
            emit(json, &report, |r| outln!("{} codings by {} imported, {} duplicates skipped", r.added, r.coder, r.duplicates))
        }
        CodingsAction::List { project, document, json } => {
            let p = crate::open_project(&project)?;
            let codings = core::codings(&p, document.as_deref())?;
            emit(json, &codings, print::codings)
        }
    }
}

pub fn memo(action: MemoAction) -> anyhow::Result<()> {
    match action {
        MemoAction::Add { project, text, target, title, json } => {
            let mut p = crate::open_project(&project)?;
            let target = target.target().unwrap_or(core::MemoTarget::Project);
            let memo = core::add_memo(&mut p, &target, &title, &text, &core::default_actor())?;
            emit(json, &memo, |m| outln!("memo {} written", m.uuid))
        }
        MemoAction::List { project, target, project_only, json } => {
            let p = crate::open_project(&project)?;
            let target = if project_only { Some(core::MemoTarget::Project) } else { target.target() };
            let list = core::memos(&p, target.as_ref())?;
            emit(json, &list, print::memos)
        }
        MemoAction::Edit { project, memo, text, title, json } => {
            let mut p = crate::open_project(&project)?;
            let m = core::edit_memo(&mut p, &memo, title.as_deref(), &text, &core::default_actor())?;
            emit(json, &m, |m| outln!("memo {} updated", m.uuid))
        }
        MemoAction::Delete { project, memo, json } => {
            let mut p = crate::open_project(&project)?;
            core::delete_memo(&mut p, &memo, &core::default_actor())?;
            emit(json, &serde_json::json!({ "deleted": memo }), |_| outln!("memo deleted (undo with `braid undo`)"))
        }
    }
}

pub fn matrix(action: MatrixAction) -> anyhow::Result<()> {
    match action {
        MatrixAction::Frequencies { project, coder, json } => {
            let p = crate::open_project(&project)?;
            let f = core::frequencies(&p, &coder)?;
            emit(json, &f, print::frequencies)
        }
        MatrixAction::Crosstab { project, by, count, coder, csv, xlsx, json } => {
            let p = crate::open_project(&project)?;
            let unit = match count {
                Unit::Informants => core::CountUnit::Informants,
                Unit::Documents => core::CountUnit::Documents,
                Unit::Codings => core::CountUnit::Codings,
            };
            let t = core::crosstab(&p, &by, unit, &coder)?;
            if let Some(path) = &xlsx {
                return crate::deliver_sheet(Some(path), core::crosstab_sheet(&t));
            }
            if csv {
                out!("{}", core::crosstab_csv(&t));
                return Ok(());
            }
            emit(json, &t, print::crosstab)
        }
        MatrixAction::Cooccurrence { project, mode, coder, csv, xlsx, json } => {
            let p = crate::open_project(&project)?;
            let mode = match mode {
                CoMode::Overlap => core::Cooccurrence::Overlap,
                CoMode::Turn => core::Cooccurrence::SameTurn,
            };
            let m = core::cooccurrence(&p, mode, &coder)?;
            if let Some(path) = &xlsx {
                return crate::deliver_sheet(Some(path), core::cooccurrence_sheet(&m));
            }
            if csv || !json {
                out!("{}", core::cooccurrence_csv(&m));
                return Ok(());
            }
            emit(json, &m, |_| ())
        }
        MatrixAction::Presence { project, coder, xlsx, json } => {
            let p = crate::open_project(&project)?;
            let t = core::presence(&p, &coder)?;
            if let Some(path) = &xlsx {
                return crate::deliver_sheet(Some(path), core::presence_sheet(&t));
            }
            if json {
                return emit(json, &t, |_| ());
            }
            out!("{}", core::presence_csv(&t));
            Ok(())
        }
    }
}
