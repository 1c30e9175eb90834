//! `braid finding`: findings that link model terms to codes and exemplar quotes.

use std::path::PathBuf;

use braid_core as core;
use clap::Subcommand;

use crate::{bad_request, emit, print};

#[derive(Subcommand)]
pub enum FindingAction {
    /// List findings
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add a finding; results are SOURCE:MODEL:TERM with SOURCE model or published
    Add {
        project: PathBuf,
        title: String,
        #[arg(long, default_value = "")]
        text: String,
        /// e.g. "published:Table 4 model 1:migration[mother]:belonging" (repeatable)
        #[arg(long = "result")]
        results: Vec<String>,
        /// A code path carrying the evidence (repeatable)
        #[arg(long = "code")]
        codes: Vec<String>,
        /// An exemplar coding UUID (repeatable, in order)
        #[arg(long = "exemplar")]
        exemplars: Vec<String>,
        #[arg(long, value_enum)]
        fit: Option<Fit>,
        #[arg(long, default_value = "")]
        meta_inference: String,
        #[arg(long)]
        json: bool,
    },
    /// Set a finding's fit label (by title or UUID)
    SetFit {
        project: PathBuf,
        finding: String,
        #[arg(value_enum)]
        fit: Fit,
        #[arg(long)]
        json: bool,
    },
    /// Edit a finding (by title or UUID); lists given replace the old ones
    Edit {
        project: PathBuf,
        finding: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        meta_inference: Option<String>,
        #[arg(long)]
        memo: Option<String>,
        /// SOURCE:MODEL:TERM (repeatable; replaces the results)
        #[arg(long = "result")]
        results: Vec<String>,
        /// A code path (repeatable; replaces the themes)
        #[arg(long = "code")]
        codes: Vec<String>,
        /// An exemplar coding UUID (repeatable, in order; replaces the exemplars)
        #[arg(long = "exemplar")]
        exemplars: Vec<String>,
        #[arg(long, value_enum)]
        fit: Option<Fit>,
        #[arg(long)]
        json: bool,
    },
    /// Link evidence to a finding: a model term, a coding, or a span to code and link
    Link {
        project: PathBuf,
        finding: String,
        /// A model term, SOURCE:MODEL:TERM
        #[arg(long, conflicts_with_all = ["coding", "span"])]
        result: Option<String>,
        /// A coding's UUID (from `braid segments --json`)
        #[arg(long, conflicts_with = "span")]
        coding: Option<String>,
        /// A span to code first, DOC:START:END in code points (from `braid search --json`)
        #[arg(long, requires = "code")]
        span: Option<String>,
        /// The code for --span
        #[arg(long)]
        code: Option<String>,
        /// The coder for --span (default: you)
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a finding to a position (1 is first)
    Move {
        project: PathBuf,
        finding: String,
        #[arg(long)]
        to: usize,
        #[arg(long)]
        json: bool,
    },
    /// Delete a finding (undo with `braid undo`)
    Delete {
        project: PathBuf,
        finding: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Fit {
    Confirmation,
    Expansion,
    Discordance,
}

impl From<Fit> for core::FitLabel {
    fn from(f: Fit) -> core::FitLabel {
        match f {
            Fit::Confirmation => core::FitLabel::Confirmation,
            Fit::Expansion => core::FitLabel::Expansion,
            Fit::Discordance => core::FitLabel::Discordance,
        }
    }
}

impl FindingAction {
    pub fn json(&self) -> bool {
        match self {
            FindingAction::List { json, .. }
            | FindingAction::Add { json, .. }
            | FindingAction::SetFit { json, .. }
            | FindingAction::Edit { json, .. }
            | FindingAction::Link { json, .. }
            | FindingAction::Move { json, .. }
            | FindingAction::Delete { json, .. } => *json,
        }
    }
}

/// `--result SOURCE:MODEL:TERM`; the term may itself hold colons (interactions).
fn parse_result(r: &str) -> anyhow::Result<core::ResultRef> {
    let mut parts = r.splitn(3, ':');
    let (Some(src), Some(model), Some(term)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad_request(format!("--result `{r}` needs SOURCE:MODEL:TERM, e.g. published:Table 4 model 1:migration[mother]:belonging")));
    };
    let source = match src {
        "model" => core::ResultSource::Model,
        "published" => core::ResultSource::Published,
        other => return Err(bad_request(format!("--result source `{other}`: use model or published"))),
    };
    Ok(core::ResultRef { source, model: model.to_string(), term: term.to_string() })
}

/// `--span DOC:START:END`; the document name may hold colons, the numbers may not.
fn parse_span(s: &str) -> anyhow::Result<(String, usize, usize)> {
    let mut parts = s.rsplitn(3, ':');
    let (Some(end), Some(start), Some(doc)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad_request(format!("--span `{s}` needs DOC:START:END, e.g. 0602:120:180")));
    };
    let number = |what: &str, v: &str| v.parse::<usize>().map_err(|_| bad_request(format!("--span `{s}`: {what} `{v}` is not a character offset")));
    Ok((doc.to_string(), number("START", start)?, number("END", end)?))
}

pub fn run(action: FindingAction) -> anyhow::Result<()> {
    let actor = core::default_actor();
    match action {
        FindingAction::List { project, json } => {
            let p = crate::open_project(&project)?;
            emit(json, &core::findings(&p)?, print::findings)
        }
        FindingAction::Add { project, title, text, results, codes, exemplars, fit, meta_inference, json } => {
            let mut p = crate::open_project(&project)?;
            let results = results.iter().map(|r| parse_result(r)).collect::<anyhow::Result<_>>()?;
            let input = core::FindingInput { title, text, results, codes, exemplars, fit: fit.map(Into::into), meta_inference, memo: String::new() };
            let f = core::add_finding(&mut p, &input, &actor)?;
            emit(json, &f, |f| outln!("finding {} added: {}", f.uuid, f.input.title))
        }
        FindingAction::SetFit { project, finding, fit, json } => {
            let mut p = crate::open_project(&project)?;
            let mut f = core::find_finding(&p, &finding)?;
            f.input.fit = Some(fit.into());
            let f = core::update_finding(&mut p, &f.uuid, &f.input, &actor)?;
            emit(json, &f, |f| outln!("{}: {:?}", f.input.title, f.input.fit))
        }
        FindingAction::Edit { project, finding, title, text, meta_inference, memo, results, codes, exemplars, fit, json } => {
            let mut p = crate::open_project(&project)?;
            let f = core::find_finding(&p, &finding)?;
            let patch = core::FindingPatch {
                title,
                text,
                meta_inference,
                memo,
                results: if results.is_empty() { None } else { Some(results.iter().map(|r| parse_result(r)).collect::<anyhow::Result<_>>()?) },
                codes: (!codes.is_empty()).then_some(codes),
                exemplars: (!exemplars.is_empty()).then_some(exemplars),
                fit: fit.map(Into::into),
            };
            let f = core::patch_finding(&mut p, &f.uuid, &patch, &actor)?;
            emit(json, &f, |f| print::findings(&vec![f.clone()]))
        }
        FindingAction::Link { project, finding, result, coding, span, code, coder, json } => {
            let mut p = crate::open_project(&project)?;
            let f = core::find_finding(&p, &finding)?;
            let link = match (result, coding, span) {
                (Some(r), _, _) => core::Link::Result { result: parse_result(&r)? },
                (_, Some(c), _) => core::Link::Coding { coding: c },
                (_, _, Some(s)) => {
                    let (document, start, end) = parse_span(&s)?;
                    let code = code.unwrap_or_default();
                    let coder = coder.unwrap_or_else(|| actor.clone());
                    core::Link::Span { coding: core::NewCoding { document, start, end, code, coder, memo: None } }
                }
                _ => return Err(bad_request("say what to link: --result SOURCE:MODEL:TERM, --coding UUID, or --span DOC:START:END --code CODE")),
            };
            let f = core::link_to_finding(&mut p, &f.uuid, &link, &actor)?;
            emit(json, &f, |f| print::findings(&vec![f.clone()]))
        }
        FindingAction::Move { project, finding, to, json } => {
            let mut p = crate::open_project(&project)?;
            let f = core::find_finding(&p, &finding)?;
            let list = core::move_finding(&mut p, &f.uuid, to, &actor)?;
            emit(json, &list, print::findings)
        }
        FindingAction::Delete { project, finding, json } => {
            let mut p = crate::open_project(&project)?;
            let f = core::find_finding(&p, &finding)?;
            core::delete_finding(&mut p, &f.uuid, &actor)?;
            emit(json, &serde_json::json!({ "deleted": f.uuid, "title": f.input.title }), |_| {
                outln!("deleted finding {} ({}); `braid undo` brings it back", f.input.title, f.uuid)
            })
        }
    }
}
