//! The survey commands: datasets, `fit`, `probe`, `describe`, `alpha`, `table`, `models`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use braid_core as core;
use braid_core::stats;
use clap::{Args, Subcommand};

use crate::emit;

/// Where the data come from: a CSV file, or a dataset stored in a project.
#[derive(Args, Clone)]
pub struct DataArgs {
    /// The project holding the dataset (with --data)
    pub project: Option<PathBuf>,
    /// A CSV file to analyse directly
    #[arg(long, conflicts_with = "data")]
    pub csv: Option<PathBuf>,
    /// A dataset stored in the project (`braid dataset import`)
    #[arg(long)]
    pub data: Option<String>,
    /// An extra missing-value code for --csv (empty, NA and . always are)
    #[arg(long = "missing", value_name = "CODE")]
    pub missing: Vec<String>,
    /// Force a column's type for --csv: col=numeric or col=categorical (repeatable)
    #[arg(long = "type", value_name = "COL=KIND")]
    pub types: Vec<String>,
    /// The sheet of an Excel or OpenDocument file given with --csv (default: the first)
    #[arg(long)]
    pub sheet: Option<String>,
    /// Keep the numeric codes of labelled SPSS or Stata variables instead of their labels
    #[arg(long)]
    pub codes: bool,
}

impl DataArgs {
    /// The dataset; what reading it changed (e.g. cells read as missing) goes to stderr, so
    /// that `--json` output stays one value.
    fn load(&self) -> anyhow::Result<stats::Dataset> {
        let data = match (&self.csv, &self.project, &self.data) {
            (Some(csv), _, _) => {
                let options = stats::CsvOptions { missing: self.missing.clone(), types: column_types(&self.types)?, ..Default::default() };
                let file = core::SurveyFileOptions { sheet: self.sheet.clone(), codes: self.codes };
                core::read_survey_file(&core::Source::read(csv)?, &options, &file)?
            }
            (None, Some(p), Some(name)) => {
                let project = crate::open_project(p)?;
                core::load_dataset(&project, name)?.0
            }
            _ => anyhow::bail!("give the data: --csv FILE, or a project and --data NAME"),
        };
        for note in &data.summary().notes {
            eprintln!("note: {}: {note}", data.name());
        }
        Ok(data)
    }
}

/// `--type col=numeric|categorical` flags as column types.
fn column_types(types: &[String]) -> anyhow::Result<BTreeMap<String, stats::ColumnKind>> {
    let mut kinds = BTreeMap::new();
    for t in types {
        let (col, kind) = t.split_once('=').with_context(|| format!("--type `{t}` needs the form col=numeric|categorical"))?;
        let kind = match kind.trim() {
            "numeric" => stats::ColumnKind::Numeric,
            "categorical" => stats::ColumnKind::Categorical,
            other => anyhow::bail!("--type {col}={other}: use numeric or categorical"),
        };
        kinds.insert(col.trim().to_string(), kind);
    }
    Ok(kinds)
}

/// The human output of a fit: the table, then the terms dropped and why.
fn print_fit(f: &stats::OlsFit) {
    crate::print::fit(f);
    print_dropped_terms(&f.dropped_terms);
}

fn print_dropped_terms(dropped: &[stats::DroppedTerm]) {
    for d in dropped {
        outln!("dropped term {}: {}", d.term, d.reason);
    }
}

/// The same choice of data as [`DataArgs`], with the project as a flag, for commands whose
/// positional arguments are variables (`braid alpha ITEMS...`).
#[derive(Args, Clone)]
pub struct DataFlags {
    /// The project holding the dataset (with --data)
    #[arg(long)]
    pub project: Option<PathBuf>,
    /// A CSV file to analyse directly
    #[arg(long, conflicts_with = "data")]
    pub csv: Option<PathBuf>,
    /// A dataset stored in the project (`braid dataset import`)
    #[arg(long)]
    pub data: Option<String>,
    /// An extra missing-value code for --csv (empty, NA and . always are)
    #[arg(long = "missing", value_name = "CODE")]
    pub missing: Vec<String>,
    /// Force a column's type for --csv: col=numeric or col=categorical (repeatable)
    #[arg(long = "type", value_name = "COL=KIND")]
    pub types: Vec<String>,
    /// Only the rows that meet a condition, e.g. sample=questionnaire (repeatable)
    #[arg(long = "subset", value_name = "COND")]
    pub subset: Vec<String>,
}

impl From<DataFlags> for DataArgs {
    fn from(f: DataFlags) -> DataArgs {
        DataArgs { project: f.project, csv: f.csv, data: f.data, missing: f.missing, types: f.types, sheet: None, codes: false }
    }
}

/// Options shared by `fit` and `probe`.
#[derive(Args, Clone)]
pub struct ModelArgs {
    /// An R-style formula, e.g. "depression ~ migration * belonging + girl + age"
    #[arg(long)]
    pub formula: String,
    /// A reference level, e.g. migration=none (repeatable)
    #[arg(long = "ref", value_name = "VAR=LEVEL")]
    pub refs: Vec<String>,
    /// Robust standard errors
    #[arg(long, value_enum)]
    pub robust: Option<RobustArg>,
    /// Rows must also be complete on these columns (the analytic sample of several models)
    #[arg(long = "complete-on", value_name = "VAR", value_delimiter = ',')]
    pub complete_on: Vec<String>,
    /// Cluster-robust standard errors (CR1, as Stata's vce(cluster)) by this column, e.g. school
    #[arg(long, value_name = "COL", conflicts_with = "robust")]
    pub cluster: Option<String>,
    /// Weighted least squares with this column of (survey) weights
    #[arg(long, value_name = "COL")]
    pub weights: Option<String>,
    /// Fit on the rows that meet a condition, e.g. sample=questionnaire or age>=12 (repeatable:
    /// `=` on one column means either, all else must hold)
    #[arg(long = "subset", value_name = "COND")]
    pub subset: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum RobustArg {
    #[value(name = "HC0")]
    Hc0,
    #[value(name = "HC1")]
    Hc1,
    #[value(name = "HC2")]
    Hc2,
    #[value(name = "HC3")]
    Hc3,
}

impl ModelArgs {
    fn options(&self) -> anyhow::Result<stats::FitOptions> {
        let mut refs = BTreeMap::new();
        for r in &self.refs {
            let (k, v) = r.split_once('=').with_context(|| format!("--ref `{r}` needs the form var=level, e.g. migration=none"))?;
            refs.insert(k.trim().to_string(), v.trim().to_string());
        }
        let robust = self.robust.map(|r| match r {
            RobustArg::Hc0 => stats::Robust::Hc0,
            RobustArg::Hc1 => stats::Robust::Hc1,
            RobustArg::Hc2 => stats::Robust::Hc2,
            RobustArg::Hc3 => stats::Robust::Hc3,
        });
        let subset = conditions(&self.subset)?;
        Ok(stats::FitOptions { refs, robust, complete_on: self.complete_on.clone(), weights: self.weights.clone(), cluster: self.cluster.clone(), subset })
    }
}

/// Conditions on a dataset's rows, as written on the command line.
pub fn conditions(written: &[String]) -> anyhow::Result<Vec<stats::Condition>> {
    written.iter().map(|c| stats::Condition::parse(c).map_err(|e| anyhow::anyhow!(core::Error::BadRequest(e.to_string())))).collect()
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TableFormat {
    Html,
    Md,
    Tex,
    Csv,
    /// An Excel workbook (with --out)
    Xlsx,
}

#[derive(Subcommand)]
pub enum DatasetAction {
    /// Import a survey file into the project as a named dataset: CSV, SPSS .sav/.zsav, Stata .dta,
    /// Excel .xlsx or OpenDocument .ods
    Import {
        project: PathBuf,
        file: PathBuf,
        /// The sheet of a workbook (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// Keep the numeric codes of labelled variables instead of their labels
        #[arg(long)]
        codes: bool,
        /// The dataset's name (default: the file's stem)
        #[arg(long)]
        name: Option<String>,
        /// An extra missing-value code, e.g. -99 (repeatable)
        #[arg(long = "missing", value_name = "CODE")]
        missing: Vec<String>,
        /// Force a column's type: col=numeric or col=categorical (repeatable)
        #[arg(long = "type", value_name = "COL=KIND")]
        types: Vec<String>,
        /// A value label for a categorical code: col:code=Label, e.g. girl:1=Girl (repeatable)
        #[arg(long = "label", value_name = "COL:CODE=LABEL")]
        labels: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the project's datasets
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Link the informants to a dataset's rows: each informant gets the row whose COLUMN holds
    /// their id (or the value of --attribute), and carries its values as `DATASET.column`
    Link {
        project: PathBuf,
        dataset: String,
        /// The dataset column holding the ids, e.g. respondent_id
        #[arg(long)]
        column: String,
        /// The informant attribute the ids match (default: the informant id)
        #[arg(long)]
        attribute: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a dataset's link to the informants
    Unlink {
        project: PathBuf,
        dataset: String,
        #[arg(long)]
        json: bool,
    },
    /// The datasets linked to informants, and how their rows match
    Links {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add codes to a linked dataset as variables (one column each), computed from the codings
    /// whenever a model uses them
    AddCodes {
        project: PathBuf,
        dataset: String,
        /// A code path (repeatable); a code includes its sub-codes
        #[arg(long = "code", value_name = "PATH", num_args = 1.., required = true)]
        codes: Vec<String>,
        /// 0/1 presence, the number of coded passages, or the share of the informant's respondent words
        #[arg(long = "as", value_enum, default_value = "presence")]
        measure: MeasureArg,
        #[arg(long)]
        json: bool,
    },
    /// Remove code variables from a dataset, by column name
    RemoveCodes {
        project: PathBuf,
        dataset: String,
        #[arg(long = "name", value_name = "COLUMN", num_args = 1.., required = true)]
        names: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum MeasureArg {
    Presence,
    Count,
    Share,
}

impl DatasetAction {
    pub fn json(&self) -> bool {
        match self {
            DatasetAction::Import { json, .. }
            | DatasetAction::List { json, .. }
            | DatasetAction::Link { json, .. }
            | DatasetAction::Unlink { json, .. }
            | DatasetAction::Links { json, .. }
            | DatasetAction::AddCodes { json, .. }
            | DatasetAction::RemoveCodes { json, .. } => *json,
        }
    }
}

fn print_link(r: &core::LinkReport) {
    outln!(
        "dataset {} linked by `{}` to informant {}: {} of {} rows matched{}; linked {} by {}",
        r.dataset,
        r.column,
        if r.attribute == core::INFORMANT_ID { "id".to_string() } else { format!("attribute `{}`", r.attribute) },
        r.matched,
        r.rows,
        if r.changed { "" } else { " (as before)" },
        r.linked_at,
        r.linked_by
    );
    for c in &r.linked {
        outln!("  {}  row {}  ({} = {})", c.informant, c.row, r.column, c.id);
    }
    if !r.unmatched.is_empty() {
        outln!("{} informants have no row: {}", r.unmatched.len(), r.unmatched.join(", "));
    }
}

/// Import or list datasets.
pub fn dataset(action: DatasetAction) -> anyhow::Result<()> {
    match action {
        DatasetAction::Import { project, file, sheet, codes, name, missing, types, labels, json } => {
            let mut p = crate::open_project(&project)?;
            let kinds = column_types(&types)?;
            let mut value_labels: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
            for l in &labels {
                let parsed = l.split_once(':').and_then(|(col, rest)| rest.split_once('=').map(|(code, label)| (col, code, label)));
                let (col, code, label) = parsed.with_context(|| format!("--label `{l}` needs the form col:code=Label, e.g. girl:1=Girl"))?;
                value_labels.entry(col.trim().to_string()).or_default().insert(code.trim().to_string(), label.trim().to_string());
            }
            let options = stats::CsvOptions { types: kinds, missing, labels: value_labels, ..Default::default() };
            let name = name.unwrap_or_else(|| file.file_stem().and_then(|s| s.to_str()).unwrap_or("data").to_string());
            let info = core::import_survey_file(&mut p, &name, &core::Source::read(&file)?, &options, &core::SurveyFileOptions { sheet, codes }, &core::default_actor())?;
            emit(json, &info, |i| {
                outln!("dataset {}: {} rows, {} columns, sha256 {}", i.name, i.summary.rows, i.summary.columns.len(), i.sha256);
                for note in &i.summary.notes {
                    outln!("note: {note}");
                }
            })
        }
        DatasetAction::Link { project, dataset, column, attribute, json } => {
            let mut p = crate::open_project(&project)?;
            let report = core::link_dataset(&mut p, &dataset, &column, attribute.as_deref(), &core::default_actor())?;
            emit(json, &report, print_link)
        }
        DatasetAction::Unlink { project, dataset, json } => {
            let mut p = crate::open_project(&project)?;
            core::unlink_dataset(&mut p, &dataset, &core::default_actor())?;
            emit(json, &serde_json::json!({ "dataset": dataset, "unlinked": true }), |_| outln!("dataset {dataset} is no longer linked to the informants"))
        }
        DatasetAction::Links { project, json } => {
            let p = crate::open_project(&project)?;
            let links = core::dataset_links(&p)?;
            emit(json, &links, |l| {
                if l.is_empty() {
                    outln!("no dataset is linked to the informants");
                }
                l.iter().for_each(print_link)
            })
        }
        DatasetAction::AddCodes { project, dataset, codes, measure, json } => {
            let mut p = crate::open_project(&project)?;
            let measure = match measure {
                MeasureArg::Presence => core::CodeMeasure::Presence,
                MeasureArg::Count => core::CodeMeasure::Count,
                MeasureArg::Share => core::CodeMeasure::Share,
            };
            let added = core::add_code_variables(&mut p, &dataset, &codes, measure, &core::default_actor())?;
            emit(json, &added, |vars| {
                for v in vars {
                    outln!("{}: {} of {} ({})", v.name, v.measure.as_str(), v.code, v.dataset);
                }
            })
        }
        DatasetAction::RemoveCodes { project, dataset, names, json } => {
            let mut p = crate::open_project(&project)?;
            let removed = core::remove_code_variables(&mut p, &dataset, &names, &core::default_actor())?;
            emit(json, &serde_json::json!({ "dataset": dataset, "removed": removed }), |_| outln!("removed {removed} code variables from {dataset}"))
        }
        DatasetAction::List { project, json } => {
            let p = crate::open_project(&project)?;
            let list = core::datasets(&p)?;
            emit(json, &list, |l| {
                for d in l {
                    outln!("{}  {} rows x {} columns  from {}  ({})", d.name, d.summary.rows, d.summary.columns.len(), d.file_name, d.imported_at);
                }
            })
        }
    }
}

/// `braid fit`.
pub fn fit(data: DataArgs, model: ModelArgs, save: Option<String>, json: bool) -> anyhow::Result<()> {
    let options = model.options()?;
    if let Some(name) = save {
        let (Some(project), Some(dataset)) = (&data.project, &data.data) else {
            anyhow::bail!("--save stores the model in a project: give the project and --data NAME");
        };
        let mut p = crate::open_project(project)?;
        let saved = core::save_model(&mut p, &name, dataset, &model.formula, &options, &core::default_actor())?;
        return emit(json, &saved.fit, |fit| {
            crate::print::saved(&saved);
            let dropped: Vec<stats::DroppedTerm> = fit.get("dropped_terms").and_then(|d| serde_json::from_value(d.clone()).ok()).unwrap_or_default();
            print_dropped_terms(&dropped);
        });
    }
    let fit = core::fit(&data.load()?, &model.formula, &options)?;
    emit(json, &fit, print_fit)
}

/// `braid compare`.
pub fn compare(data: DataArgs, restricted: &str, model: ModelArgs, json: bool) -> anyhow::Result<()> {
    let test = core::compare_models(&data.load()?, restricted, &model.formula, &model.options()?)?;
    emit(json, &test, |t| {
        outln!("restricted: {}\nfull:       {}", t.restricted, t.full);
        outln!(
            "n = {}; R² {:.4} -> {:.4} (change {:.4}); F({}, {}) = {:.3}, p = {:.4}",
            t.n, t.r2_restricted, t.r2_full, t.r2_change, t.df_num, t.df_den, t.f, t.p
        );
    })
}

/// `braid probe`.
pub fn probe(data: DataArgs, model: ModelArgs, focal: &str, moderator: &str, at: Option<String>, plot: Option<PathBuf>, json: bool) -> anyhow::Result<()> {
    let dataset = data.load()?;
    let (focal, level) = match focal.split_once('=') {
        Some((f, l)) => (f.trim().to_string(), Some(l.trim().to_string())),
        None => (focal.to_string(), None),
    };
    let at = match at.as_deref() {
        None | Some("-1sd,mean,+1sd") => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|v| v.trim().parse::<f64>().with_context(|| format!("--at `{v}` is not a number; give numbers or -1sd,mean,+1sd")))
            .collect::<anyhow::Result<_>>()?,
    };
    let spec = stats::ModerationSpec { focal, level, moderator: moderator.to_string(), at, ..Default::default() };
    let probe = core::probe(&dataset, &model.formula, &model.options()?, &spec, plot.is_some())?;
    if let Some(path) = plot {
        core::write_whole(&path, probe.svg.as_bytes())?;
        if !json {
            outln!("wrote {}", path.display());
        }
    }
    emit(json, &probe.moderation, crate::print::probe)
}

/// `braid describe`.
pub fn describe(data: DataFlags, by: Option<String>, variables: Vec<String>, complete_on: Vec<String>, xlsx: Option<PathBuf>, json: bool) -> anyhow::Result<()> {
    let options = stats::DescribeOptions { group: by, variables, complete_on, subset: conditions(&data.subset)?, ..Default::default() };
    let d = core::describe(&DataArgs::from(data).load()?, &options)?;
    if let Some(path) = xlsx {
        return crate::deliver_sheet(Some(&path), core::table_sheet("Table 1", &d.to_table()));
    }
    emit(json, &d, |d| out!("{}", d.to_table().to_markdown()))
}

/// `braid alpha`.
pub fn alpha(data: DataFlags, items: Vec<String>, xlsx: Option<PathBuf>, json: bool) -> anyhow::Result<()> {
    let subset = conditions(&data.subset)?;
    let a = core::alpha(&DataArgs::from(data).load()?, &items, &subset)?;
    if let Some(path) = xlsx {
        return crate::deliver_sheet(Some(&path), core::alpha_sheet(&a));
    }
    emit(json, &a, crate::print::alpha)
}

/// `braid table`: saved models of a project side by side.
pub fn table(project: PathBuf, models: Vec<String>, format: TableFormat, title: Option<String>, out: Option<PathBuf>) -> anyhow::Result<()> {
    let p = crate::open_project(&project)?;
    let t = core::models_table(&p, &models, &stats::TableOptions { title, ..Default::default() })?;
    let format = match format {
        TableFormat::Html => core::TableFormat::Html,
        TableFormat::Md => core::TableFormat::Markdown,
        TableFormat::Tex => core::TableFormat::Latex,
        TableFormat::Csv => core::TableFormat::Csv,
        TableFormat::Xlsx => return crate::deliver_sheet(out.as_deref(), core::table_sheet("Models", &t)),
    };
    crate::deliver_text(out.as_deref(), core::render_table(&t, format))?;
    Ok(())
}
