//! `braid`: the command-line shell over braid-core. Argument parsing, one core call, printing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use braid_core as core;
use clap::{Parser, Subcommand};
use serde::Serialize;

/// Print a line to stdout; a closed pipe (`braid ... | head`) ends the program quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// Print to stdout without a newline; see `outln!`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod codebook;
mod finding;
mod print;
mod progress;
mod media;
mod qdpx;
mod survey;

#[derive(Parser)]
#[command(name = "braid", version, about = "Braid: code interviews, search quotes by who said them, and join them to the survey numbers")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone, Default)]
struct FilterArgs {
    /// Keep informants with this attribute value (repeatable: same key = OR, different keys = AND)
    #[arg(long = "where", value_name = "KEY=VALUE")]
    where_: Vec<String>,
    /// Keep turns coded with this code or its sub-codes (repeatable: all must apply)
    #[arg(long, value_name = "CODE")]
    code: Vec<String>,
    /// Drop turns coded with this code or its sub-codes (repeatable)
    #[arg(long, value_name = "CODE")]
    not_code: Vec<String>,
}

impl FilterArgs {
    fn filters(&self, speaker: core::SpeakerFilter) -> anyhow::Result<core::Filters> {
        let where_ = self.where_.iter().map(|w| core::AttrFilter::parse(w)).collect::<Result<_, _>>()?;
        Ok(core::Filters { where_, speaker, codes: self.code.clone(), not_codes: self.not_code.clone() })
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CaseByArg {
    Residual,
    Moderator,
    Predicted,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty project file
    New {
        /// The project file to create, e.g. study.braid
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import transcripts (.txt, .md with front matter, .docx, .vtt, .srt) and an attributes CSV, all or nothing
    Import {
        project: PathBuf,
        /// Transcript files
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A CSV with one row per informant: an `id` column and attribute columns
        #[arg(long, value_name = "CSV")]
        attributes: Option<PathBuf>,
        /// Read the files in this encoding (e.g. gb18030, utf-16le) instead of detecting it
        #[arg(long)]
        encoding: Option<String>,
        /// A speaker label that marks interviewer turns (repeatable; default: I, Interviewer)
        #[arg(long = "interviewer", value_name = "LABEL")]
        interviewer: Vec<String>,
        /// Link the recordings found beside the transcripts (same name, .mp3/.m4a/.wav/.ogg/.mp4/.webm)
        #[arg(long)]
        link_media: bool,
        #[arg(long)]
        json: bool,
    },
    /// Search speaker turns: words, "phrases", "a b"~2, prefix*, fuzzy~1, AND/OR/NOT
    Search {
        project: PathBuf,
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// Whose turns to search
        #[arg(long, value_enum, default_value_t = Speaker::Any)]
        speaker: Speaker,
        /// How many hits to show
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Count hits per value of this attribute (repeatable)
        #[arg(long, value_name = "KEY")]
        counts: Vec<String>,
        /// Hybrid search: merge the keyword ranking with the turns nearest in meaning (the local
        /// model) by reciprocal rank fusion
        #[arg(long)]
        semantic: bool,
        #[arg(long)]
        json: bool,
    },
    /// Respondent turns that say the same thing in other words as a passage (the local model;
    /// nothing leaves the machine)
    Similar {
        project: PathBuf,
        /// The passage's document
        document: String,
        /// Its start (code points)
        start: usize,
        /// Its end
        end: usize,
        #[command(flatten)]
        filter: FilterArgs,
        /// Whose turns: respondents are what the model reads
        #[arg(long, value_enum, default_value_t = Speaker::Respondent)]
        speaker: Speaker,
        /// How many turns
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Codes for a passage, ranked by its likeness to each code's codings (the local model);
    /// or, with --evaluate CODER, how well that recovers a coder's codes, one document left out
    Suggest {
        project: PathBuf,
        /// The passage's document
        #[arg(required_unless_present = "evaluate")]
        document: Option<String>,
        /// Its start (code points)
        #[arg(required_unless_present = "evaluate")]
        start: Option<usize>,
        /// Its end
        #[arg(required_unless_present = "evaluate")]
        end: Option<usize>,
        /// How many codes
        #[arg(long, default_value_t = 3)]
        limit: usize,
        /// Leave each document out in turn and report top-1 and top-3 accuracy for this coder's
        /// codings, beside the most-frequent-codes baseline
        #[arg(long, value_name = "CODER", conflicts_with_all = ["document", "start", "end"])]
        evaluate: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The local assist: whether its model is installed, and embed the project's turns and
    /// codings now (otherwise done at the first use)
    Assist {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Keyword in context: each match of a search on its own line, with its context, as a concordance
    Kwic {
        project: PathBuf,
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// Whose turns to search
        #[arg(long, value_enum, default_value_t = Speaker::Any)]
        speaker: Speaker,
        /// Characters of context on each side
        #[arg(long, default_value_t = 40)]
        width: usize,
        /// Order of the lines: reading order, or by the words before, after, or matched
        #[arg(long, value_enum, default_value_t = KwicOrder::Document)]
        sort: KwicOrder,
        /// At most this many turns are read
        #[arg(long, default_value_t = 500)]
        limit: usize,
        /// Print as csv, md or html instead of the aligned listing, or write xlsx to --out
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the export to this file (required for xlsx)
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the project file
    Reindex {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List informants and their attributes
    Informants {
        project: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// List documents
    Docs {
        project: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Show a document's speaker turns
    Show {
        project: PathBuf,
        /// The document name, e.g. 0602
        document: String,
        #[arg(long)]
        json: bool,
    },
    /// Show the audit trail: who did what, when
    Log {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The codebook: import one (YAML) or list the codes with their counts
    Codebook {
        #[command(subcommand)]
        action: codebook::CodebookAction,
    },
    /// Recordings beside transcripts: link, relink, unlink, list
    Media {
        #[command(subcommand)]
        action: media::MediaAction,
    },
    /// Exchange whole projects with other QDA tools (REFI-QDA .qdpx)
    Qdpx {
        #[command(subcommand)]
        action: qdpx::QdpxAction,
    },
    /// Import codings given as quoted excerpts (document,code,excerpt,occurrence)
    Codings {
        #[command(subcommand)]
        action: codebook::CodingsAction,
    },
    /// Code a span [START, END) of a document (code-point offsets, as `braid show --json` gives)
    Code {
        project: PathBuf,
        document: String,
        start: usize,
        end: usize,
        /// The code path, e.g. "Peer support/Peer distraction"; with --in-vivo, the parent (optional)
        code: Option<String>,
        /// Create a code named after the selected words and apply it
        #[arg(long)]
        in_vivo: bool,
        /// Who is coding (default: $BRAID_USER, else the name `braid coder --set` remembered, else $USER)
        #[arg(long)]
        coder: Option<String>,
        /// A memo on the coding
        #[arg(long)]
        memo: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a coding's boundaries to [START, END)
    Resize {
        project: PathBuf,
        coding: String,
        start: usize,
        end: usize,
        #[arg(long)]
        json: bool,
    },
    /// Remove a coding by its UUID (see `braid codings list`)
    Uncode {
        project: PathBuf,
        coding: String,
        #[arg(long)]
        json: bool,
    },
    /// Memos on the project, a document, a code or a coding
    Memo {
        #[command(subcommand)]
        action: codebook::MemoAction,
    },
    /// Undo the last coding or codebook action (survives restarts: it lives in the project file)
    Undo {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Redo the last undone action
    Redo {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Code every hit of a search (preview first; --apply codes them as one undoable action)
    Autocode {
        project: PathBuf,
        query: String,
        /// The code to apply
        #[arg(long)]
        code: String,
        /// How much text each hit codes
        #[arg(long, value_enum, default_value_t = AutoUnit::Sentence)]
        unit: AutoUnit,
        /// Keep informants with this attribute value (repeatable: same key = OR, different keys = AND)
        #[arg(long = "where", value_name = "KEY=VALUE")]
        where_: Vec<String>,
        /// Whose turns to search
        #[arg(long, value_enum, default_value_t = Speaker::Respondent)]
        speaker: Speaker,
        /// Who the codings are recorded for (default: $BRAID_USER, else the name `braid coder --set` remembered, else $USER)
        #[arg(long)]
        coder: Option<String>,
        /// Apply the preview
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Retrieve coded segments by codes (--any: OR, --all: overlapping AND, --not), with context
    Segments {
        project: PathBuf,
        /// Segments coded with any of these codes (repeatable)
        #[arg(long, value_name = "CODE")]
        any: Vec<String>,
        /// Text where codings of all these codes overlap (repeatable)
        #[arg(long, value_name = "CODE")]
        all: Vec<String>,
        /// Drop segments overlapping these codes (repeatable)
        #[arg(long, value_name = "CODE")]
        not: Vec<String>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Only codings by this coder (repeatable)
        #[arg(long)]
        coder: Vec<String>,
        /// Characters of context on each side
        #[arg(long, default_value_t = 120)]
        context: usize,
        /// Print as csv, md or html instead of the terminal listing, or write xlsx to --out
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the export to this file (required for xlsx)
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Quantitize codings: frequencies/crosstabs by attribute, co-occurrence, presence per informant
    Matrix {
        #[command(subcommand)]
        action: codebook::MatrixAction,
    },
    /// Intercoder agreement (percent, Cohen's kappa, Krippendorff's alpha) per code and overall
    Agreement {
        project: PathBuf,
        /// The two coders, e.g. coder-a,coder-b
        #[arg(long, value_delimiter = ',', num_args = 1, required = true)]
        coders: Vec<String>,
        /// Also list every disagreement
        #[arg(long)]
        disagreements: bool,
        #[arg(long)]
        json: bool,
    },
    /// Survey datasets stored in a project
    Dataset {
        #[command(subcommand)]
        action: survey::DatasetAction,
    },
    /// Fit an OLS model from an R-style formula (--csv FILE, or a project and --data NAME)
    Fit {
        #[command(flatten)]
        data: survey::DataArgs,
        #[command(flatten)]
        model: survey::ModelArgs,
        /// Save the model in the project under this name (needs --data)
        #[arg(long)]
        save: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Nested-model F test (R² change) of a restricted model within a full one, on the same rows
    Compare {
        #[command(flatten)]
        data: survey::DataArgs,
        /// The restricted formula, e.g. without the interaction terms
        #[arg(long)]
        restricted: String,
        #[command(flatten)]
        model: survey::ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Probe a moderation: simple slopes of a focal group and the Johnson-Neyman interval
    Probe {
        #[command(flatten)]
        data: survey::DataArgs,
        #[command(flatten)]
        model: survey::ModelArgs,
        /// The focal group, e.g. migration=mother (or a numeric variable)
        #[arg(long)]
        focal: String,
        /// The moderator, e.g. belonging
        #[arg(long)]
        moderator: String,
        /// Moderator values: -1sd,mean,+1sd (default) or numbers, e.g. 1,3,5
        #[arg(long)]
        at: Option<String>,
        /// Write the interaction plot as SVG
        #[arg(long)]
        plot: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Descriptives by group, like a paper's Table 1
    Describe {
        #[command(flatten)]
        data: survey::DataFlags,
        /// The grouping variable
        #[arg(long)]
        by: Option<String>,
        /// Variables; factor(x) reports a numeric column's levels as percentages
        #[arg(required = true)]
        variables: Vec<String>,
        /// Rows must also be complete on these columns
        #[arg(long = "complete-on", value_delimiter = ',')]
        complete_on: Vec<String>,
        /// Write the table as an Excel workbook to --out
        #[arg(long, value_enum, requires = "out")]
        format: Option<SheetFormat>,
        /// The file for --format xlsx
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Cronbach's alpha of a scale, with item-total correlations and alpha if deleted
    Alpha {
        #[command(flatten)]
        data: survey::DataFlags,
        /// The items
        #[arg(required = true, num_args = 2..)]
        items: Vec<String>,
        /// Write the result as an Excel workbook to --out
        #[arg(long, value_enum, requires = "out")]
        format: Option<SheetFormat>,
        /// The file for --format xlsx
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Saved models side by side as a publication table
    Table {
        project: PathBuf,
        /// Saved model names, left to right
        #[arg(required = true)]
        models: Vec<String>,
        #[arg(long, value_enum, default_value_t = survey::TableFormat::Md)]
        format: survey::TableFormat,
        #[arg(long)]
        title: Option<String>,
        /// Write to this file instead of printing (required for xlsx)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Respondents picked from a saved model: the largest positive and negative residuals, the
    /// extremes of the moderator (within the focal group), or of the prediction; each with
    /// their values and whether they were interviewed
    Cases {
        project: PathBuf,
        /// The saved model
        model: String,
        #[arg(long, value_enum, default_value = "residual")]
        by: CaseByArg,
        /// How many from each end
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// A condition on the respondents' values, e.g. migration=mother or depression>=20
        /// (repeatable); with --by moderator the focal group defaults to the level of the
        /// model's first interaction
        #[arg(long = "where", value_name = "COND")]
        where_: Vec<String>,
        /// The moderator for --by moderator (default: the numeric variable of the first interaction)
        #[arg(long, value_name = "COL")]
        moderator: Option<String>,
        /// Only respondents linked to an interviewed informant
        #[arg(long)]
        interviewed: bool,
        #[arg(long)]
        json: bool,
    },
    /// List saved models, marking those whose dataset changed since they were fitted
    Models {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Findings that link model terms to codes and exemplar quotes
    Finding {
        #[command(subcommand)]
        action: finding::FindingAction,
    },
    /// Show or set who is coding: the name your codings and other actions are recorded under,
    /// remembered in your settings file (`$BRAID_USER` overrides it)
    Coder {
        /// Remember this name, e.g. your full name
        #[arg(long, value_name = "NAME")]
        set: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the project's settings: which informant attributes hits, segments and
    /// documents show (default: the informants table's first three columns)
    Settings {
        project: PathBuf,
        /// An attribute to show, in order (repeatable; replaces the list)
        #[arg(long = "card-attribute", value_name = "ATTR", conflicts_with = "reset")]
        card_attributes: Vec<String>,
        /// The attribute crosstabs and theme displays group informants by
        #[arg(long, value_name = "ATTR", conflicts_with = "reset")]
        group_by: Option<String>,
        /// Go back to the defaults
        #[arg(long)]
        reset: bool,
        #[arg(long)]
        json: bool,
    },
    /// The side-by-side joint display of all findings, computed from the current codings and models
    Display {
        project: PathBuf,
        /// Published tables to draw published terms from (e.g. corpus/published/wang2023.json)
        #[arg(long)]
        published: Option<PathBuf>,
        /// The file format (default: md; the theme and framework displays are html only)
        #[arg(long, value_enum)]
        format: Option<DisplayFormat>,
        #[arg(long, default_value = "Joint display")]
        title: String,
        /// Write to this file instead of printing (required for docx)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Show statistics by theme instead: codes by the groups of this attribute
        #[arg(long, value_name = "ATTR")]
        themes_by: Option<String>,
        /// Show a framework matrix instead: rows per informant (`informant`) or per value of an
        /// attribute, columns the codes given with --code, quotes in the cells
        #[arg(long, value_name = "ROWS")]
        matrix_by: Option<String>,
        /// A code for the framework matrix's columns or the theme rows (repeatable; default: all)
        #[arg(long = "code")]
        codes: Vec<String>,
        /// With --themes-by: the stored dataset and variable for the groups' survey statistics
        /// (with --cases-by: the linked dataset)
        #[arg(long)]
        data: Option<String>,
        #[arg(long, requires = "data")]
        variable: Option<String>,
        /// With --themes-by: take the groups' statistics of this variable from the published
        /// Table 1 (as printed) instead of a dataset
        #[arg(long, value_name = "VAR", conflicts_with = "data")]
        table1: Option<String>,
        /// Show the case-ordered display instead: the informants linked to --data's rows,
        /// sorted by this column (or `residual`, with --model), with --score columns and a
        /// quote per --code
        #[arg(long, value_name = "COL", requires = "data", conflicts_with_all = ["themes_by", "matrix_by"])]
        cases_by: Option<String>,
        /// With --cases-by: the saved model whose residuals are shown
        #[arg(long, requires = "cases_by")]
        model: Option<String>,
        /// With --cases-by: lowest first
        #[arg(long, requires = "cases_by")]
        ascending: bool,
        /// With --cases-by: a score column to show (repeatable; default: the sort column)
        #[arg(long = "score", value_name = "COL", requires = "cases_by")]
        scores: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Build the demo study (Wang 2023, synthetic stand-in) into a project
    Demo {
        /// Where to write demo.braid
        #[arg(long, default_value = "braid-demo")]
        out: PathBuf,
        /// Build from this corpus folder instead of the one built into braid
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DisplayFormat {
    Html,
    Md,
    Docx,
    Csv,
    Tex,
    Xlsx,
}

impl From<DisplayFormat> for core::DisplayFormat {
    fn from(f: DisplayFormat) -> core::DisplayFormat {
        match f {
            DisplayFormat::Html => core::DisplayFormat::Html,
            DisplayFormat::Md => core::DisplayFormat::Markdown,
            DisplayFormat::Docx => core::DisplayFormat::Docx,
            DisplayFormat::Csv => core::DisplayFormat::Csv,
            DisplayFormat::Tex => core::DisplayFormat::Latex,
            DisplayFormat::Xlsx => core::DisplayFormat::Xlsx,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KwicOrder {
    Document,
    Left,
    Right,
    Keyword,
}

impl From<KwicOrder> for core::KwicSort {
    fn from(o: KwicOrder) -> core::KwicSort {
        match o {
            KwicOrder::Document => core::KwicSort::Document,
            KwicOrder::Left => core::KwicSort::Left,
            KwicOrder::Right => core::KwicSort::Right,
            KwicOrder::Keyword => core::KwicSort::Keyword,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum AutoUnit {
    Match,
    Sentence,
    Turn,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Csv,
    Md,
    Html,
    /// An Excel workbook (with --out)
    Xlsx,
}

/// Formats of the tables that print as text and also export as a workbook.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SheetFormat {
    /// An Excel workbook
    Xlsx,
}

impl Format {
    /// The text format, or `None` for the workbook.
    fn text(self) -> Option<core::SegmentFormat> {
        match self {
            Format::Csv => Some(core::SegmentFormat::Csv),
            Format::Md => Some(core::SegmentFormat::Markdown),
            Format::Html => Some(core::SegmentFormat::Html),
            Format::Xlsx => None,
        }
    }
}

/// A workbook of one sheet, written to `out`.
fn deliver_sheet(out: Option<&std::path::Path>, sheet: core::Sheet) -> anyhow::Result<()> {
    deliver(out, &core::workbook(&[sheet])?, true)
}

/// A text export, printed or written to `out`.
fn deliver_text(out: Option<&std::path::Path>, text: String) -> anyhow::Result<()> {
    deliver(out, text.as_bytes(), false)
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Speaker {
    Any,
    Interviewer,
    Respondent,
}

impl From<Speaker> for core::SpeakerFilter {
    fn from(s: Speaker) -> core::SpeakerFilter {
        match s {
            Speaker::Any => core::SpeakerFilter::Any,
            Speaker::Interviewer => core::SpeakerFilter::Interviewer,
            Speaker::Respondent => core::SpeakerFilter::Respondent,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let json = cli.command.json();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A store or index failure names the project file and says what to do.
            let e = match (e.downcast::<core::Error>(), OPENED.get()) {
                (Ok(ce), Some(path)) => anyhow::Error::from(ce.in_project(path)),
                (Ok(ce), None) => anyhow::Error::from(ce),
                (Err(e), _) => e,
            };
            let code = error_code(&e);
            report(json, code, &format!("{e:#}"))
        }
    }
}

/// The project file this run opened, so that a failure inside it can name it.
static OPENED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Open a project, remembering its path for error messages.
fn open_project(path: &std::path::Path) -> core::Result<core::Project> {
    let _ = OPENED.set(path.to_path_buf());
    core::Project::open(path)
}

/// Open a project with its search index, remembering its path for error messages.
fn open_session(path: &std::path::Path) -> core::Result<core::Session> {
    let _ = OPENED.set(path.to_path_buf());
    core::Session::open(path)
}

/// Print an error as every command does: a line on stderr, and with `--json` the `{code,
/// message}` object on stdout; exit with the code's status.
fn report(json: bool, code: core::ErrorCode, message: &str) -> ExitCode {
    eprintln!("error: {message}");
    if json {
        let api = core::ApiError { code, message: message.to_string() };
        outln!("{}", serde_json::json!({ "error": api }));
    }
    ExitCode::from(match code {
        core::ErrorCode::BadInput | core::ErrorCode::BadRequest | core::ErrorCode::NeedsConfirmation => 2,
        core::ErrorCode::NotFound => 3,
        core::ErrorCode::Busy => 4,
        _ => 1,
    })
}

/// A command line clap refuses (an unknown flag, `--limit abc`): with `--json` anywhere in it,
/// a `bad_request` like any other bad request; otherwise clap's own message and usage.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let asked_for_json = std::env::args_os().skip(1).any(|a| a == "--json");
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand)
        || !asked_for_json
    {
        e.exit();
    }
    // clap renders "error: <what>\n\n<usage>\n\nFor more information, try '--help'."; the first
    // paragraph is the message.
    let rendered = e.render().to_string();
    let first = rendered.split("\n\n").next().unwrap_or_default();
    let message = first.trim().strip_prefix("error:").unwrap_or(first).trim();
    report(true, core::ErrorCode::BadRequest, message)
}

/// The stable code of an error leaving the CLI. Core errors carry their own; a failed read or
/// write is `io`. What is left is the CLI's own complaints about its arguments, which are bad
/// requests.
fn error_code(e: &anyhow::Error) -> core::ErrorCode {
    for cause in e.chain() {
        if let Some(ce) = cause.downcast_ref::<core::Error>() {
            return ce.code();
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return core::ErrorCode::Io;
        }
    }
    core::ErrorCode::BadRequest
}

/// A malformed request, as the core reports one.
fn bad_request(message: impl Into<String>) -> anyhow::Error {
    core::Error::BadRequest(message.into()).into()
}

impl Command {
    fn json(&self) -> bool {
        match self {
            Command::Table { .. } => false,
            Command::Codebook { action } => action.json(),
            Command::Qdpx { action } => action.json(),
            Command::Media { action } => action.json(),
            Command::Codings { action } => action.json(),
            Command::Memo { action } => action.json(),
            Command::Matrix { action } => action.json(),
            Command::Finding { action } => action.json(),
            Command::Dataset { action } => action.json(),
            Command::Fit { json, .. }
            | Command::Compare { json, .. }
            | Command::Probe { json, .. }
            | Command::Describe { json, .. }
            | Command::Alpha { json, .. }
            | Command::Models { json, .. }
            | Command::Cases { json, .. }
            | Command::Display { json, .. }
            | Command::Settings { json, .. }
            | Command::Coder { json, .. } => *json,
            Command::New { json, .. }
            | Command::Import { json, .. }
            | Command::Search { json, .. }
            | Command::Similar { json, .. }
            | Command::Suggest { json, .. }
            | Command::Assist { json, .. }
            | Command::Kwic { json, .. }
            | Command::Reindex { json, .. }
            | Command::Informants { json, .. }
            | Command::Docs { json, .. }
            | Command::Show { json, .. }
            | Command::Log { json, .. }
            | Command::Agreement { json, .. }
            | Command::Code { json, .. }
            | Command::Segments { json, .. }
            | Command::Autocode { json, .. }
            | Command::Uncode { json, .. }
            | Command::Resize { json, .. }
            | Command::Undo { json, .. }
            | Command::Redo { json, .. }
            | Command::Demo { json, .. } => *json,
        }
    }
}

fn emit<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T)) -> anyhow::Result<()> {
    if json {
        outln!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human(value);
    }
    Ok(())
}

/// Write an export to `--out`, whole or not at all, or print it when it is text.
fn deliver(out: Option<&std::path::Path>, bytes: &[u8], binary: bool) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            core::write_whole(path, bytes)?;
            outln!("wrote {}", path.display());
        }
        None if binary => return Err(bad_request("that format is binary (DOCX, XLSX): pass --out FILE")),
        None => out!("{}", String::from_utf8_lossy(bytes)),
    }
    Ok(())
}

/// Read a UTF-8 (or UTF-16 with BOM) text file, normalised as the core stores text.
fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| core::Error::io(path, e))?;
    Ok(core::decode(&bytes, &path.display().to_string(), None)?.text)
}

fn run(command: Command) -> anyhow::Result<()> {
    let bar = progress::Bar::default();
    match command {
        Command::New { project, json } => {
            core::Project::create(&project)?;
            let out = serde_json::json!({ "project": project.display().to_string() });
            emit(json, &out, |_| outln!("created {}", project.display()))
        }
        Command::Import { project, files, attributes, encoding, interviewer, link_media, json } => {
            let mut p = crate::open_project(&project)?;
            let options = core::ImportOptions { attributes, encoding, interviewer_labels: interviewer, actor: String::new() };
            let mut report = core::import(&mut p, &files, &options, &bar)?;
            if link_media {
                report.linked = core::link_recordings(&mut p, &report.recordings, &core::default_actor())?;
            }
            emit(json, &report, |r| print::import_report(r, &project))
        }
        Command::Similar { project, document, start, end, filter, speaker, limit, json } => {
            let mut session = crate::open_session(&project)?;
            let request = core::SimilarRequest { document, start, end, filters: filter.filters(speaker.into())?, limit };
            let hits = session.similar(&request, &bar)?;
            let keys = core::settings(session.project())?.card_attributes;
            emit(json, &hits, |h| print::similar(h, &keys))
        }
        Command::Suggest { project, document, start, end, limit, evaluate, json } => {
            let mut session = crate::open_session(&project)?;
            if let Some(coder) = evaluate {
                let e = session.evaluate_suggestions(&coder, &bar)?;
                return emit(json, &e, print::evaluation);
            }
            let (Some(document), Some(start), Some(end)) = (document, start, end) else {
                return Err(core::Error::BadRequest("give the passage: DOC START END".to_string()).into());
            };
            let suggestions = session.suggest(&document, start, end, limit, &bar)?;
            emit(json, &suggestions, print::suggestions)
        }
        Command::Assist { project, json } => {
            let mut session = crate::open_session(&project)?;
            let status = core::assist_status(session.project())?;
            if status.available {
                session.assist(core::Needs::Both, &bar)?;
            }
            let status = core::assist_status(session.project())?;
            emit(json, &status, |s| outln!("{}{}", s.message, if s.available { format!("; {} turn windows embedded", s.windows) } else { String::new() }))
        }
        Command::Search { project, query, filter, speaker, limit, counts, semantic, json } => {
            let mut session = crate::open_session(&project)?;
            let request = core::SearchRequest { query, filters: filter.filters(speaker.into())?, limit, counts, semantic };
            let response = session.search(&request, &bar)?;
            let keys = core::settings(session.project())?.card_attributes;
            emit(json, &response, |r| print::search_response(r, &keys))
        }
        Command::Kwic { project, query, filter, speaker, width, sort, limit, format, out, json } => {
            let mut session = crate::open_session(&project)?;
            let search = core::SearchRequest { query, filters: filter.filters(speaker.into())?, limit, counts: vec![], semantic: false };
            let kwic = session.kwic(&core::KwicRequest { search, width, sort: sort.into() }, &bar)?;
            if let (Some(format), false) = (format, json) {
                return match format.text() {
                    Some(f) => deliver_text(out.as_deref(), core::export_kwic(&kwic, f)),
                    None => deliver_sheet(out.as_deref(), core::kwic_sheet(&kwic)),
                };
            }
            emit(json, &kwic, print::kwic)
        }
        Command::Reindex { project, json } => {
            let mut session = crate::open_session(&project)?;
            session.reindex(&bar)?;
            let summary = session.summary()?;
            emit(json, &summary, |s| outln!("reindexed {} documents", s.documents))
        }
        Command::Informants { project, filter, json } => {
            let session = crate::open_session(&project)?;
            let informants = session.informants(&filter.filters(core::SpeakerFilter::Any)?)?;
            emit(json, &informants, print::informants)
        }
        Command::Docs { project, filter, json } => {
            let session = crate::open_session(&project)?;
            let docs = session.documents(&filter.filters(core::SpeakerFilter::Any)?)?;
            let keys = core::settings(session.project())?.card_attributes;
            emit(json, &docs, |d| print::documents(d, &keys))
        }
        Command::Show { project, document, json } => {
            let session = crate::open_session(&project)?;
            let doc = session.document(&document)?;
            let keys = core::settings(session.project())?.card_attributes;
            emit(json, &doc, |d| print::document(d, &keys))
        }
        Command::Log { project, json } => {
            let p = crate::open_project(&project)?;
            let events = p.events()?;
            emit(json, &events, print::events)
        }
        Command::Code { project, document, start, end, code, in_vivo, coder, memo, json } => {
            let mut p = crate::open_project(&project)?;
            let actor = core::default_actor();
            let coder = coder.unwrap_or_else(|| actor.clone());
            let coding = if in_vivo {
                core::code_in_vivo(&mut p, &core::InVivoCoding { document, start, end, parent: code, coder }, &actor)?
            } else {
                let code = code.ok_or_else(|| bad_request("name the code to apply, or pass --in-vivo"))?;
                core::add_coding(&mut p, &core::NewCoding { document, start, end, code, coder, memo }, &actor)?
            };
            emit(json, &coding, |c| outln!("coded {} [{}, {}) with {} ({}): {}", c.document, c.start, c.end, c.code, c.uuid, c.text))
        }
        Command::Resize { project, coding, start, end, json } => {
            let mut p = crate::open_project(&project)?;
            let c = core::resize_coding(&mut p, &coding, start, end, &core::default_actor())?;
            emit(json, &c, |c| outln!("{} now codes [{}, {}) of {}: {}", c.code, c.start, c.end, c.document, c.text))
        }
        Command::Uncode { project, coding, json } => {
            let mut p = crate::open_project(&project)?;
            let removed = core::remove_coding(&mut p, &coding, &core::default_actor())?;
            emit(json, &removed, |c| outln!("removed {} from {} [{}, {})", c.code, c.document, c.start, c.end))
        }
        Command::Codebook { action } => codebook::codebook(action),
        Command::Qdpx { action } => qdpx::run(action, &bar),
        Command::Media { action } => media::run(action),
        Command::Codings { action } => codebook::codings(action),
        Command::Memo { action } => codebook::memo(action),
        Command::Matrix { action } => codebook::matrix(action),
        Command::Undo { project, json } => {
            let mut p = crate::open_project(&project)?;
            let step = core::undo(&mut p, &core::default_actor())?;
            emit(json, &step, |s| match s {
                Some(s) => outln!("undid event {}: {} {}", s.event, s.action, s.payload),
                None => outln!("nothing to undo"),
            })
        }
        Command::Redo { project, json } => {
            let mut p = crate::open_project(&project)?;
            let step = core::redo(&mut p, &core::default_actor())?;
            emit(json, &step, |s| match s {
                Some(s) => outln!("redid event {}: {} {}", s.event, s.action, s.payload),
                None => outln!("nothing to redo"),
            })
        }
        Command::Autocode { project, query, code, unit, where_, speaker, coder, apply, json } => {
            let filter = FilterArgs { where_, ..Default::default() };
            let mut session = crate::open_session(&project)?;
            let actor = core::default_actor();
            let unit = match unit {
                AutoUnit::Match => core::AutocodeUnit::Match,
                AutoUnit::Sentence => core::AutocodeUnit::Sentence,
                AutoUnit::Turn => core::AutocodeUnit::Turn,
            };
            let search = core::SearchRequest { query, filters: filter.filters(speaker.into())?, limit: 1, counts: vec![], semantic: false };
            let request = core::AutocodeRequest { search, code, coder: coder.unwrap_or_else(|| actor.clone()), unit };
            let result = if apply { session.autocode_apply(&request, &actor)? } else { session.autocode_preview(&request)? };
            emit(json, &result, |r| print::autocode(r, apply))
        }
        Command::Segments { project, any, all, not, filter, coder, context, format, out, json } => {
            let p = crate::open_project(&project)?;
            let request = core::RetrievalRequest { any, all, not, filters: filter.filters(core::SpeakerFilter::Any)?, coders: coder, context };
            let segments = core::retrieve(&p, &request)?;
            match format {
                Some(f) => match f.text() {
                    Some(t) => deliver_text(out.as_deref(), core::export_segments(&segments, t)),
                    None => deliver_sheet(out.as_deref(), core::segments_sheet(&segments)),
                },
                None => {
                    let keys = core::settings(&p)?.card_attributes;
                    emit(json, &segments, |s| print::segments(s, &keys))
                }
            }
        }
        Command::Agreement { project, coders, disagreements, json } => {
            let [a, b] = coders.as_slice() else {
                return Err(bad_request("give exactly two coders, e.g. --coders coder-a,coder-b"));
            };
            let p = crate::open_project(&project)?;
            let report = core::agreement(&p, a, b)?;
            emit(json, &report, |r| print::agreement(r, disagreements))
        }
        Command::Dataset { action } => survey::dataset(action),
        Command::Fit { data, model, save, json } => survey::fit(data, model, save, json),
        Command::Compare { data, restricted, model, json } => survey::compare(data, &restricted, model, json),
        Command::Probe { data, model, focal, moderator, at, plot, json } => survey::probe(data, model, &focal, &moderator, at, plot, json),
        Command::Describe { data, by, variables, complete_on, format, out, json } => {
            survey::describe(data, by, variables, complete_on, format.and(out), json)
        }
        Command::Alpha { data, items, format, out, json } => survey::alpha(data, items, format.and(out), json),
        Command::Table { project, models, format, title, out } => survey::table(project, models, format, title, out),
        Command::Models { project, json } => {
            let p = crate::open_project(&project)?;
            let list = core::models(&p)?;
            emit(json, &list, print::models)
        }
        Command::Finding { action } => finding::run(action),
        Command::Cases { project, model, by, top, where_, moderator, interviewed, json } => {
            let p = crate::open_project(&project)?;
            let by = match by {
                CaseByArg::Residual => core::CaseOrder::Residual,
                CaseByArg::Moderator => core::CaseOrder::Moderator,
                CaseByArg::Predicted => core::CaseOrder::Predicted,
            };
            let request = core::CaseRequest { model, by, top, where_: survey::conditions(&where_)?, moderator, interviewed };
            let list = core::pick_cases(&p, &request)?;
            emit(json, &list, print::cases)
        }
        Command::Display { project, matrix_by, themes_by, data, variable, table1, codes, published, format, title, json, out, cases_by, model, ascending, scores } => {
            let p = crate::open_project(&project)?;
            if themes_by.is_some() && data.is_some() && variable.is_none() {
                return Err(core::Error::BadRequest("--data with --themes-by needs --variable, the survey variable summarised per group".to_string()).into());
            }
            let request = match (matrix_by, themes_by) {
                _ if cases_by.is_some() => core::DisplayRequest::Cases {
                    request: core::CaseDisplayRequest { dataset: data.clone().unwrap_or_default(), sort_by: cases_by.clone().unwrap_or_default(), model, ascending, scores, codes },
                },
                (Some(rows), _) => core::DisplayRequest::Framework {
                    request: core::FrameworkRequest { rows_by: (rows != "informant").then_some(rows), codes, ..Default::default() },
                },
                (None, Some(attribute)) => core::DisplayRequest::Themes {
                    request: core::ThemeStatsRequest { attribute, codes, dataset: data, variable, table1_variable: table1, ..Default::default() },
                },
                (None, None) => core::DisplayRequest::SideBySide,
            };
            let mut snapshot = core::Snapshot::load(&p, &request)?;
            if let Some(path) = &published {
                snapshot = snapshot.with_published(Some(core::parse_published(&read_text(path)?, &path.display().to_string())?));
            }
            let display = core::build_display(&snapshot, &request)?;
            if json {
                return emit(true, &display, |_| ());
            }
            let format = format.map_or(request.default_format(), Into::into);
            let binary = matches!(format, core::DisplayFormat::Docx | core::DisplayFormat::Xlsx);
            deliver(out.as_deref(), &core::render_display(&display, &title, format)?, binary)?;
            // Markdown and CSV name the interaction plots; they are written beside the file.
            if let (Some(path), core::Display::SideBySide(d), core::DisplayFormat::Markdown | core::DisplayFormat::Csv) = (&out, &display, format) {
                let dir = path.parent().unwrap_or(std::path::Path::new("."));
                for (name, svg) in core::display_plots(d) {
                    core::write_whole(&dir.join(&name), svg.as_bytes())?;
                    outln!("wrote {}", dir.join(&name).display());
                }
            }
            Ok(())
        }
        Command::Coder { set, json } => {
            let who = match set {
                Some(name) => core::set_coder(&name)?,
                None => core::coder_identity()?,
            };
            emit(json, &who, |w| match (&w.coder, w.source.as_str()) {
                (Some(c), "env") => outln!("coding as {c} (from $BRAID_USER)"),
                (Some(c), _) => outln!("coding as {c} (remembered in {})", w.settings_file),
                (None, _) => outln!(
                    "no coder name set; actions are recorded as {}. Set one: braid coder --set \"{}\"",
                    core::default_actor(),
                    w.proposed
                ),
            })
        }
        Command::Settings { project, card_attributes, group_by, reset, json } => {
            let mut p = crate::open_project(&project)?;
            let settings = if reset {
                core::set_settings(&mut p, &core::Settings::default(), &core::default_actor())?
            } else if !card_attributes.is_empty() || group_by.is_some() {
                let mut s = core::settings(&p)?;
                if !card_attributes.is_empty() {
                    s.card_attributes = card_attributes;
                }
                if group_by.is_some() {
                    s.group_attribute = group_by;
                }
                core::set_settings(&mut p, &s, &core::default_actor())?
            } else {
                core::settings(&p)?
            };
            emit(json, &settings, |s| {
                outln!("card attributes: {}", s.card_attributes.join(", "));
                outln!("group by: {}", s.group_attribute.as_deref().unwrap_or("(the first attribute with a handful of values)"));
            })
        }
        Command::Demo { out, corpus, json } => {
            let report = core::build_demo(&core::DemoOptions { out: out.clone(), corpus }, &bar)
                .with_context(|| format!("building the demo study in {}", out.display()))?;
            emit(json, &report, print::demo_report)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks its definitions (e.g. duplicate argument names) only when a command is parsed;
    /// check them all here.
    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
