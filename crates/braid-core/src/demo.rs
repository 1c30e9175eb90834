//! `braid demo`: build the embedded demo study into a project.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::codebook::coding;
use crate::triangulate::survey;
use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportReport};
use crate::text::Source;
use crate::progress::Progress;
use crate::search::index::{SearchIndex, index_dir};
use crate::store::Project;
use crate::codebook::codes;

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

/// The codes the demo's case-ordered display quotes: what children keep from their parents and
/// friends, and their fear of the teacher.
const CASE_CODES: [&str; 3] = ["Family and migration/Hiding feelings from migrant parent", "Peer support/Selective sharing", "Teacher–student relationship/Fear of teacher"];

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
    /// Models fitted on the synthetic survey and saved, e.g. `Table 4 model 1`.
    pub models: Vec<String>,
    /// The estimation sample of those models (the paper's analytic sample).
    pub n: usize,
    /// Interviewed informants linked to their own survey rows.
    pub linked: usize,
    /// Files written into the output folder.
    pub files: Vec<String>,
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
            for rel in ["informants.csv", "codebook.yaml", "codings/coder-a.csv", "codings/coder-b.csv", "survey/survey.csv", "published/wang2023.json", "attribution.json"] {
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
    let options_out = options.out.clone();
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
    codes::import_codebook(&mut project, &text_of("codebook.yaml")?, &shown("codebook.yaml"), actor)?;
    let mut codings = std::collections::BTreeMap::new();
    for coder in DEMO_CODERS {
        let rel = format!("codings/{coder}.csv");
        let r = coding::import_excerpt_codings(&mut project, &text_of(&rel)?, &shown(&rel), coder, actor)?;
        codings.insert(coder.to_string(), r.added);
    }
    let kappa = coding::agreement(&project, DEMO_CODERS[0], DEMO_CODERS[1])?.overall.kappa;
    SearchIndex::open(&project, progress)?;

    // The survey strand: the synthetic survey, and the paper's Tables 2-4 fitted on it.
    let survey_rel = "survey/survey.csv";
    let survey_bytes = files.iter().find(|(p, _)| p == survey_rel).map(|(_, b)| b.clone()).unwrap_or_default();
    survey::import_dataset(&mut project, "survey", &Source { path: root.join(survey_rel), bytes: survey_bytes }, &Default::default(), actor)?;
    let published = crate::triangulate::published::parse_published(&text_of("published/wang2023.json")?, &shown("published/wang2023.json"))?;
    let options = braid_stats::FitOptions {
        refs: [("migration".to_string(), "none".to_string())].into(),
        robust: None,
        complete_on: analytic_sample(&published),
        // The paper's questionnaires; the interviewed children's own rows come after them.
        subset: vec![braid_stats::Condition { column: "sample".into(), op: braid_stats::Cmp::Eq, value: "questionnaire".into() }],
        ..Default::default()
    };
    let mut models = Vec::new();
    let mut html = String::from(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Tables 2-4 on the synthetic survey</title>\n\
         <style>body{font-family:Georgia,serif;margin:2em auto;max-width:60em;color:#222}table{margin:2em 0}\
         p.note{font:.9em sans-serif;color:#555}</style></head><body>\n\
         <h1>Wang (2023) Tables 2&ndash;4, refitted on Braid's synthetic survey</h1>\n\
         <p class=\"note\">Fitted by Braid on <code>corpus/survey/survey.csv</code> (synthetic; see corpus/README.md). \
         The published coefficients are in <code>corpus/published/wang2023.json</code>.</p>\n",
    );
    let mut markdown = String::from("# Wang (2023) Tables 2–4, refitted on Braid's synthetic survey\n\n");
    let mut n = 0;
    for table in &published.tables {
        let mut fits = Vec::new();
        for m in &table.models {
            let name = format!("Table {} model {}", table.table, m.model);
            let saved = survey::save_model(&mut project, &name, "survey", &m.formula, &options, actor)?;
            n = saved.fit.get("n").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            fits.push(survey::fit_on(&project, "survey", &m.formula, &options)?);
            models.push(name);
        }
        let labels = table.models.iter().flat_map(|m| m.terms.iter().map(|t| (t.term.clone(), t.label.clone()))).collect();
        // The paper's rows, in the paper's order (Tables 3-4 print the controls in a note).
        let mut terms: Vec<String> = Vec::new();
        for t in table.models.iter().flat_map(|m| &m.terms) {
            if !terms.contains(&t.term) {
                terms.push(t.term.clone());
            }
        }
        let mut notes = vec!["Fitted on Braid's synthetic survey (corpus/survey/survey.csv), not the paper's data.".to_string()];
        notes.extend(table.controls_note.clone());
        let table_options = braid_stats::TableOptions {
            title: Some(format!("Table {}. {}", table.table, table.title)),
            model_names: table.models.iter().map(|m| format!("Model {}", m.model)).collect(),
            labels,
            terms,
            notes,
            ..Default::default()
        };
        let refs: Vec<&braid_stats::OlsFit> = fits.iter().collect();
        let t = braid_stats::regression_table(&refs, &table_options).map_err(|e| Error::BadRequest(e.to_string()))?;
        html.push_str(&t.to_html());
        markdown.push_str(&t.to_markdown());
        markdown.push('\n');
    }
    html.push_str("</body></html>\n");

    // Triangulation: the paper's findings, linking its terms to the codes and quotes.
    let style: crate::triangulate::display::model::AttributionStyle = serde_json::from_str(&text_of("attribution.json")?)
        .map_err(|e| Error::bad_input(crate::error::Location::file(shown("attribution.json")).line(e.line()), e.to_string()))?;
    crate::triangulate::display::style::set_attribution_style(&mut project, &style, actor)?;
    // What the cards show: the informant's type, school and parents' migration.
    let settings: crate::store::settings::Settings = serde_json::from_str(&text_of("settings.json")?)
        .map_err(|e| Error::bad_input(crate::error::Location::file(shown("settings.json")).line(e.line()), e.to_string()))?;
    let settings = crate::store::settings::set_settings(&mut project, &settings, actor)?;
    crate::triangulate::published::store_published(&mut project, &published, actor)?;
    for input in demo_findings(&project, &published)? {
        crate::triangulate::finding::add_finding(&mut project, &input, actor)?;
    }
    let display = crate::triangulate::display::io::project_joint_display(&project)?;
    let title = "Joint display: Wang (2023) H1–H3, published and refitted, with the interviews";
    let joint_html = crate::triangulate::display::render::joint_display_html(&display, title);
    let joint_md = crate::triangulate::display::render::joint_display_markdown(&display, title);
    let joint_docx = crate::triangulate::display::render::joint_display_docx(&display, title)?;
    let mut codes: Vec<String> = Vec::new();
    for f in crate::triangulate::finding::findings(&project)? {
        for c in f.input.codes {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    let theme_request = crate::triangulate::display::model::ThemeStatsRequest {
        attribute: settings.group_attribute.clone().unwrap_or_default(),
        codes,
        dataset: Some("survey".to_string()),
        variable: Some("depression".to_string()),
        group_column: None,
        complete_on: options.complete_on.clone(),
        subset: options.subset.clone(),
        table1_variable: None,
    };
    let themes = crate::triangulate::display::io::project_theme_stats(&project, &theme_request)?;
    let themes_html = crate::triangulate::display::render::theme_stats_html(&themes, "Statistics by theme: interview themes by parental migration, with depression in the survey");

    // Case by case: the interviewed children joined to their own survey rows, and the children
    // in order of depression, with what each said.
    let linked = crate::triangulate::cases::link_dataset(&mut project, "survey", "id", None, actor)?;
    let case_request = crate::triangulate::display::model::CaseDisplayRequest {
        dataset: "survey".to_string(),
        sort_by: "depression".to_string(),
        model: Some("Table 4 model 1".to_string()),
        ascending: false,
        scores: ["depression", "migration", "belonging", "peer_satisfaction"].map(String::from).to_vec(),
        codes: CASE_CODES.map(String::from).to_vec(),
    };
    let case_display_request = crate::triangulate::display::model::DisplayRequest::Cases { request: case_request };
    let cases_title = "Case-ordered display: the interviewed children by depression, with their survey rows and what they said";
    let cases_html = crate::triangulate::display::io::export_display(&project, &case_display_request, crate::triangulate::display::model::DisplayFormat::Html, cases_title)?;
    let cases_md = crate::triangulate::display::io::export_display(&project, &case_display_request, crate::triangulate::display::model::DisplayFormat::Markdown, cases_title)?;

    let mut written = Vec::new();
    for (name, body) in [
        ("cases-by-depression.html", cases_html),
        ("cases-by-depression.md", cases_md),
        ("joint-display.html", joint_html.into_bytes()),
        ("joint-display.md", joint_md.into_bytes()),
        ("joint-display.docx", joint_docx),
        ("statistics-by-theme.html", themes_html.into_bytes()),
        ("tables.html", html.into_bytes()),
        ("tables.md", markdown.into_bytes()),
    ] {
        let path = options_out.join(name);
        std::fs::write(&path, body).map_err(|e| Error::io(&path, e))?;
        written.push(path.display().to_string());
    }
    // The interaction plots joint-display.md links to, beside it.
    for (name, svg) in crate::triangulate::display::render::display_plots(&display) {
        let path = options_out.join(&name);
        std::fs::write(&path, svg).map_err(|e| Error::io(&path, e))?;
        written.push(path.display().to_string());
    }
    Ok(DemoReport {
        project: path.display().to_string(),
        documents: report.imported.len(),
        informants: project.informants()?.len(),
        segments: report.imported.iter().map(|d| d.segments).sum(),
        codes: codes::codebook(&project)?.len(),
        codings,
        kappa,
        models,
        n,
        linked: linked.matched,
        files: written,
        warnings: report.warnings,
    })
}

/// Every variable of every published model: the paper estimates all its models on the rows
/// complete on all of them (N = 605), not on each model's own complete rows.
fn analytic_sample(published: &crate::triangulate::published::Published) -> Vec<String> {
    let mut vars: Vec<String> = Vec::new();
    for m in published.tables.iter().flat_map(|t| &t.models) {
        for v in survey::formula_variables(&m.formula) {
            if !vars.contains(&v) {
                vars.push(v);
            }
        }
    }
    vars
}

/// The first coder-a coding of `code` (or a sub-code) that overlaps the published excerpt of
/// `informant` containing `words`: the quote the paper prints, as coded in the demo.
fn exemplar(project: &Project, published: &crate::triangulate::published::Published, informant: &str, words: &str, code: &str) -> Result<Option<String>> {
    // The demo quotes every excerpt the paper prints: one that cannot be found is a corpus error.
    let missing = |what: String| Error::bad_input(crate::error::Location::file(format!("corpus/transcripts/{informant}.md")), what);
    let Some(excerpt) = published.excerpts.iter().find(|e| e.informant == informant && e.text.contains(words)) else {
        return Err(missing(format!("the published tables quote no excerpt of {informant} with `{words}`")));
    };
    let doc = project.document(informant)?;
    let Some(byte) = doc.text.find(&excerpt.text) else {
        return Err(missing(format!("the transcript does not hold the paper's excerpt verbatim: `{}`", excerpt.text)));
    };
    let start = doc.text[..byte].chars().count();
    let end = start + excerpt.text.chars().count();
    let codings = coding::codings(project, Some(informant))?;
    let found = codings
        .iter()
        .filter(|c| c.coder == DEMO_CODERS[0] && c.start < end && start < c.end)
        .find(|c| c.code == code || c.code.starts_with(&format!("{code}/")))
        .or_else(|| codings.iter().find(|c| c.coder == DEMO_CODERS[0] && c.start < end && start < c.end))
        .map(|c| c.uuid.clone());
    match found {
        Some(uuid) => Ok(Some(uuid)),
        None => Err(missing(format!("{} coded no part of the paper's excerpt `{words}…`", DEMO_CODERS[0]))),
    }
}

/// The paper's own triangulation, as findings (Wang 2023, "Qualitative results").
fn demo_findings(project: &Project, published: &crate::triangulate::published::Published) -> Result<Vec<crate::store::ops::FindingInput>> {
    use crate::store::ops::{FindingInput, FitLabel, ResultRef, ResultSource};
    let both = |model: &str, term: &str| {
        vec![
            ResultRef { source: ResultSource::Published, model: model.to_string(), term: term.to_string() },
            ResultRef { source: ResultSource::Model, model: model.to_string(), term: term.to_string() },
        ]
    };
    let ex = |pairs: &[(&str, &str, &str)]| -> Result<Vec<String>> {
        let mut out = Vec::new();
        for (inf, words, code) in pairs {
            out.extend(exemplar(project, published, inf, words, code)?);
        }
        Ok(out)
    };
    Ok(vec![
        FindingInput {
            title: "Maternal migration".into(),
            text: "Children whose mother alone is away report more depression than children of non-migrants; father-only and both-parent migration show no difference.".into(),
            results: both("Table 2 model 2", "migration[mother]"),
            codes: vec!["Family and migration/Missing mother".into()],
            exemplars: ex(&[("0602", "Usually, I don't tell my friends", "Family and migration/Missing mother")])?,
            fit: Some(FitLabel::Confirmation),
            meta_inference: "Both strands single out the mother's absence: the survey's mother-away gap survives the controls, and children speak of missing their mothers, not their fathers, as the hurt they carry.".into(),
            memo: String::new(),
        },
        FindingInput {
            title: "H1 School belonging".into(),
            text: "School belonging buffers the association between maternal migration and depression.".into(),
            results: both("Table 4 model 1", "migration[mother]:belonging"),
            codes: vec!["Family and migration/Study as road to reunification".into(), "School belonging/School as refuge".into()],
            exemplars: ex(&[
                ("0403", "We [classmates and I] always play", "School belonging/School as refuge"),
                ("0607", "My mother always tells me", "Family and migration/Study as road to reunification"),
                ("4001", "I always told him", "Family and migration/Study as road to reunification"),
            ])?,
            fit: Some(FitLabel::Confirmation),
            meta_inference: "Belonging buffers (Table 4: -3.244*), and the interviews show why: study-centred talk with migrant mothers makes school the road to reunification, so investment in school absorbs the strain of the mother's absence.".into(),
            memo: String::new(),
        },
        FindingInput {
            title: "H2 Teacher–student relationships".into(),
            text: "Supportive teacher–student relationships buffer the association between maternal migration and depression.".into(),
            results: [both("Table 4 model 2", "migration[mother]:center(teacher_attitude)"), both("Table 4 model 3", "migration[mother]:center(teacher_satisfaction)")].concat(),
            codes: vec![
                "Teacher–student relationship/Teacher authority".into(),
                "Teacher–student relationship/Fear of teacher".into(),
                "Teacher–student relationship/Snitch stigma".into(),
            ],
            exemplars: ex(&[
                ("1603", "They hardly come to me", "Teacher–student relationship/Teacher authority"),
                ("0602", "No, none of us do", "Teacher–student relationship/Fear of teacher"),
                ("1802", "The other day", "Teacher–student relationship/Snitch stigma"),
            ])?,
            fit: Some(FitLabel::Expansion),
            meta_inference: "The survey finds no moderation; the interviews explain the null: teachers are authorities to be feared rather than confidants, and children close to a teacher risk the \"snitch\" stigma, so the relationship cannot carry emotional support.".into(),
            memo: String::new(),
        },
        FindingInput {
            title: "H3 Peer support".into(),
            text: "Peer support buffers the association between maternal migration and depression.".into(),
            results: [
                both("Table 4 model 4", "migration[mother]:center(best_friends)"),
                both("Table 4 model 5", "migration[mother]:center(closeness)"),
                both("Table 4 model 6", "migration[mother]:center(peer_satisfaction)"),
            ]
            .concat(),
            codes: vec!["Peer support/Peer distraction".into(), "Peer support/Selective sharing".into()],
            exemplars: ex(&[
                ("0403", "We [classmates and I] always play", "Peer support/Peer distraction"),
                ("0404", "My friend and I have similar hobbies", "Peer support/Peer distraction"),
                ("4003", "She always shares her little secrets", "Peer support/Selective sharing"),
                ("0601", "I'm mature enough", "Peer support/Selective sharing"),
                ("0605", "It's hard enough for her", "Peer support/Selective sharing"),
                ("0602", "Usually, I don't tell my friends", "Peer support/Selective sharing"),
                ("0803", "I feel like telling them", "Peer support/Selective sharing"),
            ])?,
            fit: Some(FitLabel::Expansion),
            meta_inference: "Peers buffer in the survey (-4.383**, -3.645**, -1.975*), but the interviews show distraction rather than offsetting: children keep the mother's absence from friends, so companionship eases the days without reaching the loss.".into(),
            memo: String::new(),
        },
    ])
}
