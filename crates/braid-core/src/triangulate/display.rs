//! Joint displays, computed when shown from the current findings, codings and models: nothing
//! is copied and left to go stale. Every number carries its provenance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::attrs::Attributes;
use crate::error::{Error, Result};
use crate::store::ops::{FitLabel, ResultSource};
use crate::triangulate::published::Published;
use crate::escape::{escape_html, escape_markdown, markdown_cell};
use crate::store::Project;

/// How quotes are attributed, e.g. "(Informant 0602, student in the ethnic Korean secondary
/// school with mother working in South Korea)". A template per informant type, with
/// `{attribute}` placeholders; a label per attribute value, which may hold placeholders too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributionStyle {
    /// Informant type -> template, e.g. `child` -> `student in the {school} with {migration}`.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    /// Attribute -> value -> label, e.g. `school` -> `Korean secondary` -> `ethnic Korean secondary school`.
    #[serde(default)]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// The attribute that names the informant type (default `type`).
    #[serde(default)]
    pub type_attribute: Option<String>,
}

/// Build an attribution from an informant's attributes.
pub fn attribution(informant: &str, attributes: &Attributes, style: &AttributionStyle) -> String {
    let type_key = style.type_attribute.as_deref().unwrap_or("type");
    let kind = attributes.get(type_key).map(|v| v.canonical()).unwrap_or_default();
    let fill = |template: &str, depth: usize| -> String { fill_template(template, attributes, style, depth) };
    let description = match style.templates.get(&kind) {
        Some(t) => fill(t, 0),
        None if kind.is_empty() => String::new(),
        None => kind,
    };
    if description.is_empty() { format!("Informant {informant}") } else { format!("Informant {informant}, {description}") }
}

fn fill_template(template: &str, attributes: &Attributes, style: &AttributionStyle, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let key = &rest[open + 1..open + close];
        let value = attributes.get(key).map(|v| v.canonical()).unwrap_or_default();
        let label = style.labels.get(key).and_then(|m| m.get(&value)).cloned().unwrap_or(value);
        // Labels may name other attributes ("mother working in {destination}"), one level deep.
        out.push_str(&if depth == 0 { fill_template(&label, attributes, style, 1) } else { label });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A quantitative result in a display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuantCell {
    /// `Braid fit (synthetic survey)` or the publication.
    pub source: String,
    /// The model's name.
    pub model: String,
    /// The term.
    pub term: String,
    /// Its row label, where the publication gives one.
    pub label: String,
    /// The estimate; `null` when the term is not in the model.
    pub estimate: Option<f64>,
    /// Its standard error.
    pub se: Option<f64>,
    /// Significance stars.
    pub stars: String,
    /// The estimation sample.
    pub n: Option<u64>,
    /// Where the number comes from: model, formula, dataset hash, N, time.
    pub provenance: String,
    /// The model's dataset changed after it was fitted.
    pub stale: bool,
    /// For an interaction term of a fitted model: the focal effect at the moderator's mean and
    /// ±1 SD, and the Johnson–Neyman interval. `null` for main effects, published terms and
    /// stale models (probing them would mix two datasets).
    pub simple_slopes: Option<braid_stats::Moderation>,
}

/// An exemplar quote in a display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Quote {
    /// The coded text.
    pub text: String,
    /// The informant.
    pub informant: String,
    /// The attribution, as a paper prints it.
    pub attribution: String,
    /// Where it is: document and span, for clicking through.
    pub document: String,
    /// Span start.
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// The coding's UUID; empty in a framework matrix, whose quotes are retrieved segments that
    /// may merge several overlapping codings.
    pub coding: String,
}

/// One row of the side-by-side display: one finding.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DisplayRow {
    /// The finding's UUID.
    pub finding: String,
    /// The construct.
    pub title: String,
    /// Its statement.
    pub text: String,
    /// The quantitative evidence.
    pub quant: Vec<QuantCell>,
    /// The themes (code paths).
    pub themes: Vec<String>,
    /// Excerpts coded with the themes (or their sub-codes), by any coder.
    pub excerpts: usize,
    /// Informants whose documents carry the themes, by informant type.
    pub informants_by_type: BTreeMap<String, usize>,
    /// The exemplar quotes, in the researcher's order.
    pub quotes: Vec<Quote>,
    /// The fit label.
    pub fit: Option<FitLabel>,
    /// The meta-inference.
    pub meta_inference: String,
}

/// A side-by-side joint display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JointDisplay {
    /// One row per finding.
    pub rows: Vec<DisplayRow>,
    /// Where the qualitative numbers come from: coders and the codings snapshot time.
    pub provenance: String,
}

fn stars(p: f64) -> String {
    (if p < 0.001 { "***" } else if p < 0.01 { "**" } else if p < 0.05 { "*" } else { "" }).to_string()
}

fn parse_published_model(name: &str) -> Option<(u32, u32)> {
    let mut words = name.split_whitespace();
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some("Table"), Some(t), Some("model"), Some(m)) => Some((t.parse().ok()?, m.parse().ok()?)),
        _ => None,
    }
}

/// Build the side-by-side display of every finding.
pub fn side_by_side(project: &Project, published: Option<&Published>, style: &AttributionStyle) -> Result<JointDisplay> {
    let findings = crate::triangulate::finding::findings(project)?;
    let models = crate::triangulate::survey::models(project)?;
    let codings = crate::codebook::coding::codings(project, None)?;
    let docs: BTreeMap<String, (String, Attributes)> = project
        .documents()?
        .into_iter()
        .map(|d| (d.name.clone(), (d.informant.clone().unwrap_or_else(|| d.name.clone()), d.attributes)))
        .collect();
    let type_key = style.type_attribute.as_deref().unwrap_or("type");
    let mut data = BTreeMap::new();
    let mut rows = Vec::new();
    for f in findings {
        let mut quant = Vec::new();
        for r in &f.input.results {
            let cell = match r.source {
                ResultSource::Model => {
                    let m = models.iter().find(|m| m.name == r.model);
                    let coef = m.and_then(|m| {
                        m.fit["coefficients"].as_array()?.iter().find(|c| c["term"] == r.term.as_str()).cloned()
                    });
                    let num = |k: &str| coef.as_ref().and_then(|c| c[k].as_f64());
                    QuantCell {
                        source: "Braid fit (synthetic survey)".to_string(),
                        model: r.model.clone(),
                        term: r.term.clone(),
                        label: String::new(),
                        estimate: num("estimate"),
                        se: num("se"),
                        stars: num("p").map(stars).unwrap_or_default(),
                        n: m.and_then(|m| m.fit["n"].as_u64()),
                        provenance: m.map_or_else(
                            || format!("model {} is not in the project", r.model),
                            |m| {
                                format!(
                                    "model {}: {}; dataset {} (sha256 {}); N = {}; fitted {}",
                                    m.name,
                                    m.formula,
                                    m.dataset,
                                    &m.dataset_sha256[..12.min(m.dataset_sha256.len())],
                                    m.fit["n"],
                                    m.fitted_at
                                )
                            },
                        ),
                        stale: m.is_some_and(|m| m.stale),
                        simple_slopes: match m {
                            Some(m) if !m.stale && coef.is_some() => probe_term(project, &mut data, m, &r.term)?,
                            _ => None,
                        },
                    }
                }
                ResultSource::Published => {
                    let pm = published.and_then(|p| parse_published_model(&r.model).and_then(|(t, m)| p.model(t, m)));
                    let term = pm.and_then(|m| m.terms.iter().find(|t| t.term == r.term));
                    QuantCell {
                        source: "Published (Wang 2023)".to_string(),
                        model: r.model.clone(),
                        term: r.term.clone(),
                        label: term.map(|t| t.label.clone()).unwrap_or_default(),
                        estimate: term.map(|t| t.estimate),
                        se: term.map(|t| t.se),
                        stars: term.map(|t| t.stars.clone()).unwrap_or_default(),
                        n: pm.map(|m| m.n as u64),
                        provenance: match (published, pm) {
                            (Some(p), Some(m)) => format!("{}, {}: {}; N = {}", p.citation, r.model, m.formula, m.n),
                            (None, _) => "no published tables in the project".to_string(),
                            _ => format!("{} is not in the published tables", r.model),
                        },
                        stale: false,
                        simple_slopes: None,
                    }
                }
            };
            quant.push(cell);
        }
        let under = |code: &str| f.input.codes.iter().any(|t| code == t || code.starts_with(&format!("{t}/")));
        let mine: Vec<&crate::codebook::coding::Coding> = codings.iter().filter(|c| under(&c.code)).collect();
        let mut informants: BTreeMap<String, String> = BTreeMap::new();
        for c in &mine {
            if let Some((inf, attrs)) = docs.get(&c.document) {
                informants.insert(inf.clone(), attrs.get(type_key).map(|v| v.canonical()).unwrap_or_else(|| "(unknown)".to_string()));
            }
        }
        let mut by_type = BTreeMap::new();
        for t in informants.values() {
            *by_type.entry(t.clone()).or_insert(0) += 1;
        }
        let quotes = f
            .input
            .exemplars
            .iter()
            .filter_map(|u| codings.iter().find(|c| c.uuid == *u))
            .map(|c| {
                let (inf, attrs) = docs.get(&c.document).cloned().unwrap_or_default();
                Quote {
                    text: c.text.clone(),
                    attribution: attribution(&inf, &attrs, style),
                    informant: inf,
                    document: c.document.clone(),
                    start: c.start,
                    end: c.end,
                    coding: c.uuid.clone(),
                }
            })
            .collect();
        rows.push(DisplayRow {
            finding: f.uuid.clone(),
            title: f.input.title.clone(),
            text: f.input.text.clone(),
            quant,
            themes: f.input.codes.clone(),
            excerpts: mine.len(),
            informants_by_type: by_type,
            quotes,
            fit: f.input.fit,
            meta_inference: f.input.meta_inference.clone(),
        });
    }
    let coders = crate::codebook::coding::coders(project)?;
    let latest = codings.iter().map(|c| c.created_at.as_str()).max().unwrap_or("-").to_string();
    Ok(JointDisplay { rows, provenance: format!("codings by {} as of {latest}", coders.join(", ")) })
}

/// The moderation spec of a two-way interaction term: `group[level]:moderator` probes the
/// level's effect across the moderator; `x:z` probes the slope of `x` across `z`.
fn interaction_spec(term: &str) -> Option<braid_stats::ModerationSpec> {
    let (a, b) = term.split_once(':')?;
    if b.contains(':') {
        return None;
    }
    let split = |t: &str| -> Option<(String, Option<String>)> {
        match t.split_once('[') {
            Some((var, rest)) => Some((var.to_string(), Some(rest.strip_suffix(']')?.to_string()))),
            None => Some((t.to_string(), None)),
        }
    };
    let (a, b) = (split(a)?, split(b)?);
    let ((focal, level), moderator) = match (&a.1, &b.1) {
        (_, None) => (a, b.0),
        (None, Some(_)) => (b, a.0),
        (Some(_), Some(_)) => return None,
    };
    Some(braid_stats::ModerationSpec { focal, level, moderator, ..Default::default() })
}

/// Probe an interaction term of a saved model on its dataset (each dataset is parsed once per
/// display). `None` when the term is not a two-way interaction with a numeric moderator.
fn probe_term(
    project: &Project,
    data: &mut BTreeMap<String, braid_stats::Dataset>,
    model: &crate::triangulate::survey::SavedModel,
    term: &str,
) -> Result<Option<braid_stats::Moderation>> {
    let Some(spec) = interaction_spec(term) else { return Ok(None) };
    if !data.contains_key(&model.dataset) {
        let (d, _) = crate::triangulate::survey::load_dataset(project, &model.dataset)?;
        data.insert(model.dataset.clone(), d);
    }
    let Ok(fit) = braid_stats::fit_ols(&data[&model.dataset], &model.formula, &model.options) else { return Ok(None) };
    // A moderator that is not numeric cannot be probed at its mean and SD: show no slopes.
    Ok(braid_stats::probe_moderation(&fit, &spec).ok())
}

/// Two decimals, without the minus sign of a value that rounds to zero (a centred moderator's
/// mean prints `0.00`, not `-0.00`).
fn two(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" { "0.00".to_string() } else { s }
}

/// One line summarising a probe, for the exports: the focal effect at −1 SD, the mean and +1 SD
/// of the moderator, and where it is significant.
pub fn slopes_text(m: &braid_stats::Moderation) -> String {
    let at: Vec<String> = m
        .slopes
        .iter()
        .map(|s| format!("{} ({}): {:.3}{} ({:.3})", s.label, two(s.at), s.slope, stars(s.p), s.se))
        .collect();
    let jn = &m.johnson_neyman;
    let regions: Vec<String> = jn.regions.iter().map(|r| format!("{} to {}", two(r.low), two(r.high))).collect();
    let where_ = if regions.is_empty() {
        format!("nowhere in the observed range ({} to {})", two(jn.range.low), two(jn.range.high))
    } else {
        format!("for {} from {}", m.moderator, regions.join(" and "))
    };
    format!("Simple slopes of {} by {}: {}. Johnson–Neyman (α = {}): significant {where_}.", m.focal, m.moderator, at.join("; "), jn.alpha)
}

fn fit_word(f: Option<FitLabel>) -> &'static str {
    match f {
        Some(FitLabel::Confirmation) => "Confirmation",
        Some(FitLabel::Expansion) => "Expansion",
        Some(FitLabel::Discordance) => "Discordance",
        None => "—",
    }
}

fn quant_text(q: &QuantCell) -> String {
    match (q.estimate, q.se) {
        (Some(e), Some(se)) => format!("{e:.3}{} ({se:.3})", q.stars),
        _ => format!("unavailable: {}", q.provenance),
    }
}

/// The display as a self-contained, print-friendly HTML page. All user text is escaped.
pub fn joint_display_html(d: &JointDisplay, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse;width:100%}}\
         th,td{{border:1px solid #bbb;padding:.5em;vertical-align:top;text-align:left}}th{{background:#f2f2f2}}\
         .q{{margin:.4em 0}}.slopes{{font-size:.9em;margin-top:.2em}}.who{{color:#555;font-size:.9em}}.prov{{color:#777;font-size:.8em}}.stale{{color:#b00}}\
         @media print{{body{{margin:0}}}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<thead><tr><th>Construct</th>\
         <th>Quantitative evidence</th><th>Qualitative evidence</th><th>Fit</th><th>Meta-inference</th></tr></thead>\n<tbody>\n",
        t = escape_html(title)
    );
    for r in &d.rows {
        out.push_str(&format!("<tr><td><strong>{}</strong><br>{}</td><td>", escape_html(&r.title), escape_html(&r.text)));
        for q in &r.quant {
            out.push_str(&format!(
                "<div class=\"q\"><em>{}</em> — {} <code>{}</code>: <strong>{}</strong>, N = {}{}{}<div class=\"prov\">{}</div></div>",
                escape_html(&q.source),
                escape_html(&q.model),
                escape_html(&q.term),
                escape_html(&quant_text(q)),
                q.n.map_or("?".to_string(), |n| n.to_string()),
                if q.stale { " <span class=\"stale\">(dataset changed since fitting)</span>" } else { "" },
                q.simple_slopes.as_ref().map_or(String::new(), |m| format!("<div class=\"slopes\">{}</div>", escape_html(&slopes_text(m)))),
                escape_html(&q.provenance)
            ));
        }
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        out.push_str(&format!(
            "</td><td><div>Themes: {}</div><div>{} excerpts from {} informants ({})</div>",
            escape_html(&r.themes.join("; ")),
            r.excerpts,
            r.informants_by_type.values().sum::<usize>(),
            escape_html(&by_type.join(", "))
        ));
        for q in &r.quotes {
            out.push_str(&format!(
                "<blockquote class=\"q\">“{}” <span class=\"who\">({})</span></blockquote>",
                escape_html(&q.text),
                escape_html(&q.attribution)
            ));
        }
        out.push_str(&format!("</td><td>{}</td><td>{}</td></tr>\n", fit_word(r.fit), escape_html(&r.meta_inference)));
    }
    out.push_str(&format!("</tbody></table>\n<p class=\"prov\">{}</p>\n</body></html>\n", escape_html(&d.provenance)));
    out
}

/// The display as Markdown. All user text is escaped (see [`escape_markdown`]): titles, code
/// names, model terms and quotes show as written, and a `|` or a line break cannot break the table.
pub fn joint_display_markdown(d: &JointDisplay, title: &str) -> String {
    let one_line = |s: &str| escape_markdown(s).replace('\n', " ");
    let mut out = format!(
        "# {}\n\n| Construct | Quantitative evidence | Qualitative evidence | Fit | Meta-inference |\n|---|---|---|---|---|\n",
        one_line(title)
    );
    for r in &d.rows {
        let quant: Vec<String> = r
            .quant
            .iter()
            .map(|q| {
                let slopes = q.simple_slopes.as_ref().map_or(String::new(), |m| format!(" {}", markdown_cell(&slopes_text(m))));
                format!(
                    "{}: {} {} {}, N = {}{slopes}",
                    markdown_cell(&q.source),
                    markdown_cell(&q.model),
                    markdown_cell(&q.term),
                    markdown_cell(&quant_text(q)),
                    q.n.unwrap_or(0)
                )
            })
            .collect();
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        let mut qual = format!(
            "Themes: {}. {} excerpts ({})",
            markdown_cell(&r.themes.join("; ")),
            r.excerpts,
            markdown_cell(&by_type.join(", "))
        );
        for q in &r.quotes {
            qual.push_str(&format!("<br>“{}” ({})", markdown_cell(&q.text), markdown_cell(&q.attribution)));
        }
        // The `<br>`s joining the parts are the export's own markup; only the parts are escaped.
        out.push_str(&format!(
            "| **{}** {} | {} | {} | {} | {} |\n",
            markdown_cell(&r.title),
            markdown_cell(&r.text),
            quant.join("<br>"),
            qual,
            fit_word(r.fit),
            markdown_cell(&r.meta_inference)
        ));
    }
    out.push_str(&format!("\n_{}_\n", one_line(&d.provenance)));
    out
}

/// Store the project's attribution style.
pub fn set_attribution_style(project: &mut Project, style: &AttributionStyle, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO project (key, value) VALUES ('attribution_style', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(style).unwrap_or_default()],
    )?;
    crate::store::log_event(&tx, actor, crate::store::action::Action::SetAttribution, &serde_json::json!({ "types": style.templates.keys().collect::<Vec<_>>() }))?;
    tx.commit()?;
    Ok(())
}

/// The project's attribution style (the default names only the informant and their type).
pub fn attribution_style(project: &Project) -> Result<AttributionStyle> {
    use rusqlite::OptionalExtension;
    let json: Option<String> =
        project.conn.query_row("SELECT value FROM project WHERE key = 'attribution_style'", [], |r| r.get(0)).optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

/// What the statistics-by-theme display shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThemeStatsRequest {
    /// The informant attribute whose values are the columns, e.g. `migration`.
    pub attribute: String,
    /// The codes (rows); empty means every code that has codings.
    #[serde(default)]
    pub codes: Vec<String>,
    /// A stored survey dataset for the group statistics, e.g. `survey`.
    #[serde(default)]
    pub dataset: Option<String>,
    /// The survey variable summarised per group, e.g. `depression`.
    #[serde(default)]
    pub variable: Option<String>,
    /// The dataset column holding the groups (default: the attribute's name).
    #[serde(default)]
    pub group_column: Option<String>,
    /// Rows of the dataset must be complete on these columns (a model's analytic sample).
    #[serde(default)]
    pub complete_on: Vec<String>,
    /// Take the group statistics of this variable from the published descriptive table (the
    /// paper's Table 1) instead of a dataset, e.g. when the raw survey is private.
    #[serde(default)]
    pub table1_variable: Option<String>,
}

/// A group's survey statistic.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupStat {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// Rows.
    pub n: usize,
}

/// One column: a value of the attribute.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeColumn {
    /// The attribute value.
    pub value: String,
    /// Informants with that value.
    pub informants: usize,
    /// The survey statistic of that group, when a dataset was given and has the group.
    pub survey: Option<GroupStat>,
}

/// One cell: how many of the group's informants carry the code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeCell {
    /// Informants carrying the code.
    pub count: usize,
    /// Their share of the group, in percent.
    pub share: f64,
}

/// One row: a code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeRow {
    /// Code path.
    pub code: String,
    /// One cell per column.
    pub cells: Vec<ThemeCell>,
}

/// Codes by groups of an attribute, each cell the quantitized share of the group, with the
/// group's survey statistics beside it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeStats {
    /// The attribute.
    pub attribute: String,
    /// The survey variable, if any.
    pub variable: Option<String>,
    /// The columns.
    pub columns: Vec<ThemeColumn>,
    /// The rows.
    pub rows: Vec<ThemeRow>,
    /// Where the numbers come from.
    pub provenance: String,
}

/// Build the statistics-by-theme display.
pub fn statistics_by_theme(project: &Project, request: &ThemeStatsRequest) -> Result<ThemeStats> {
    let table = crate::analysis::matrix::crosstab(project, &request.attribute, crate::analysis::matrix::CountUnit::Informants, &[])?;
    let mut survey: BTreeMap<String, GroupStat> = BTreeMap::new();
    let mut provenance = format!("informants by {}; codings by {}", request.attribute, crate::codebook::coding::coders(project)?.join(", "));
    if let (Some(dataset), Some(variable)) = (&request.dataset, &request.variable) {
        let (data, info) = crate::triangulate::survey::load_dataset(project, dataset)?;
        let options = braid_stats::DescribeOptions {
            group: Some(request.group_column.clone().unwrap_or_else(|| request.attribute.clone())),
            variables: vec![variable.clone()],
            complete_on: request.complete_on.clone(),
            ..Default::default()
        };
        let d = braid_stats::describe(&data, &options).map_err(|e| crate::triangulate::survey::stats_error(e, &info.file_name))?;
        if let Some(braid_stats::VariableSummary::Numeric { groups, .. }) = d.variables.first() {
            for (g, cell) in d.groups.iter().zip(groups) {
                survey.insert(g.level.clone(), GroupStat { mean: cell.mean, sd: cell.sd, n: cell.n });
            }
        }
        provenance.push_str(&format!("; {variable} from dataset {dataset} (sha256 {}), N = {}", &info.sha256[..12.min(info.sha256.len())], d.n));
    }
    let mut variable = request.variable.clone();
    if let Some(wanted) = &request.table1_variable {
        if request.dataset.is_some() {
            return Err(Error::BadRequest("take the group statistics from a dataset or from Table 1, not both".to_string()));
        }
        let published = crate::triangulate::published::stored_published(project)?
            .ok_or_else(|| Error::BadRequest("the project has no published tables; load them first (braid demo does)".to_string()))?;
        let t1 = published.table1.as_ref().ok_or_else(|| Error::BadRequest(format!("{} has no descriptive table", published.citation)))?;
        let v = t1.variables.iter().find(|v| v.variable == *wanted).ok_or_else(|| Error::NotFound { what: "Table 1 variable", name: wanted.clone() })?;
        if v.kind != "mean" {
            return Err(Error::BadRequest(format!("Table 1 gives `{wanted}` as percentages by level; pick a variable it gives as a mean (SD)")));
        }
        for (group, m) in &v.values {
            let n = t1.n.get(group).copied().unwrap_or(0) as usize;
            survey.insert(group.clone(), GroupStat { mean: m.mean, sd: m.sd, n });
        }
        provenance.push_str(&format!("; {wanted} from {}, {} (as printed)", published.citation, t1.title));
        variable = Some(wanted.clone());
    }
    let columns = table
        .columns
        .iter()
        .zip(&table.informants)
        .map(|(v, n)| ThemeColumn { value: v.clone(), informants: *n, survey: survey.get(v).cloned() })
        .collect();
    let rows = table
        .rows
        .into_iter()
        .filter(|r| if request.codes.is_empty() { r.total > 0 } else { request.codes.contains(&r.code) })
        .map(|r| ThemeRow { code: r.code, cells: r.cells.iter().map(|c| ThemeCell { count: c.count, share: c.col_pct }).collect() })
        .collect();
    Ok(ThemeStats { attribute: request.attribute.clone(), variable, columns, rows, provenance })
}

/// The statistics-by-theme display as a self-contained HTML page, shares shaded.
pub fn theme_stats_html(t: &ThemeStats, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #bbb;padding:.4em .6em;text-align:center}}td.code{{text-align:left}}\
         .stat{{font-size:.85em;color:#444}}.prov{{color:#777;font-size:.8em}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<tr><th>Code</th>",
        t = escape_html(title)
    );
    for c in &t.columns {
        out.push_str(&format!("<th>{} = {}<br><span class=\"stat\">{} informants</span>", escape_html(&t.attribute), escape_html(&c.value), c.informants));
        if let (Some(s), Some(v)) = (&c.survey, &t.variable) {
            out.push_str(&format!("<br><span class=\"stat\">{}: {:.2} ({:.2}), N = {}</span>", escape_html(v), s.mean, s.sd, s.n));
        }
        out.push_str("</th>");
    }
    out.push_str("</tr>\n");
    for r in &t.rows {
        out.push_str(&format!("<tr><td class=\"code\">{}</td>", escape_html(&r.code)));
        for c in &r.cells {
            let alpha = (c.share / 100.0 * 0.6).clamp(0.0, 0.6);
            out.push_str(&format!("<td style=\"background:rgba(31,119,180,{alpha:.2})\">{:.0}% ({})</td>", c.share, c.count));
        }
        out.push_str("</tr>\n");
    }
    out.push_str(&format!("</table>\n<p class=\"prov\">{}</p>\n</body></html>\n", escape_html(&t.provenance)));
    out
}

/// The side-by-side display as a Word document (landscape A4, a real table), for journal
/// submission. Text goes in as text runs, so nothing needs escaping.
pub fn joint_display_docx(d: &JointDisplay, title: &str) -> Result<Vec<u8>> {
    use docx_rs::{Docx, PageOrientationType, Paragraph, Run, Shading, Table, TableCell, TableRow, WidthType};
    let para = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).size(18));
    let bold = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).bold().size(18));
    let small = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).italic().size(14));
    // Column widths in twentieths of a point, summing to the landscape text width.
    let widths = [2000usize, 3600, 5200, 1300, 2900];
    let header: Vec<TableCell> = ["Construct", "Quantitative evidence", "Qualitative evidence", "Fit", "Meta-inference"]
        .iter()
        .zip(widths)
        .map(|(h, w)| TableCell::new().add_paragraph(bold(h)).width(w, WidthType::Dxa).shading(Shading::new().fill("E8E8E8")))
        .collect();
    let mut rows = vec![TableRow::new(header)];
    for r in &d.rows {
        let mut construct = TableCell::new().add_paragraph(bold(&r.title));
        if !r.text.is_empty() {
            construct = construct.add_paragraph(para(&r.text));
        }
        let mut quant = TableCell::new();
        for q in &r.quant {
            quant = quant
                .add_paragraph(para(&format!("{} — {} {}: {}, N = {}", q.source, q.model, q.term, quant_text(q), q.n.map_or("?".to_string(), |n| n.to_string()))));
            if let Some(m) = &q.simple_slopes {
                quant = quant.add_paragraph(para(&slopes_text(m)));
            }
            quant = quant.add_paragraph(small(&q.provenance));
        }
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        let mut qual = TableCell::new()
            .add_paragraph(para(&format!("Themes: {}", r.themes.join("; "))))
            .add_paragraph(para(&format!("{} excerpts ({})", r.excerpts, by_type.join(", "))));
        for q in &r.quotes {
            qual = qual.add_paragraph(para(&format!("“{}” ({})", q.text, q.attribution)));
        }
        let cells = vec![
            construct.width(widths[0], WidthType::Dxa),
            quant.width(widths[1], WidthType::Dxa),
            qual.width(widths[2], WidthType::Dxa),
            TableCell::new().add_paragraph(para(fit_word(r.fit))).width(widths[3], WidthType::Dxa),
            TableCell::new().add_paragraph(para(&r.meta_inference)).width(widths[4], WidthType::Dxa),
        ];
        rows.push(TableRow::new(cells));
    }
    let doc = Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(28)))
        .add_table(Table::new(rows).set_grid(widths.to_vec()))
        .add_paragraph(small(&d.provenance));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| Error::BadRequest(format!("cannot write the DOCX file: {e}")))?;
    Ok(out.into_inner())
}

/// The display as CSV: one row per quantitative result of each finding, with the finding's
/// qualitative evidence repeated, so that it sorts and filters in a spreadsheet.
pub fn joint_display_csv(d: &JointDisplay) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "construct", "source", "model", "term", "estimate", "se", "stars", "n", "stale", "themes", "excerpts", "informants", "quotes", "fit", "meta_inference", "provenance",
        "simple_slopes",
    ]);
    for r in &d.rows {
        let quotes = r.quotes.iter().map(|q| format!("“{}” ({})", q.text, q.attribution)).collect::<Vec<_>>().join("\n");
        let informants = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect::<Vec<_>>().join(", ");
        let blank = QuantCell {
            source: String::new(),
            model: String::new(),
            term: String::new(),
            label: String::new(),
            estimate: None,
            se: None,
            stars: String::new(),
            n: None,
            provenance: String::new(),
            stale: false,
            simple_slopes: None,
        };
        let cells: Vec<&QuantCell> = if r.quant.is_empty() { vec![&blank] } else { r.quant.iter().collect() };
        for q in cells {
            let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            let _ = w.write_record([
                r.title.as_str(),
                &q.source,
                &q.model,
                &q.term,
                &opt(q.estimate),
                &opt(q.se),
                &q.stars,
                &q.n.map(|n| n.to_string()).unwrap_or_default(),
                if q.stale { "yes" } else { "" },
                &r.themes.join("; "),
                &r.excerpts.to_string(),
                &informants,
                &quotes,
                fit_word(r.fit),
                &r.meta_inference,
                &q.provenance,
                &q.simple_slopes.as_ref().map(slopes_text).unwrap_or_default(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Escape text for LaTeX; a table cell is one line, so newlines become spaces.
fn escape_latex(s: &str) -> String {
    braid_stats::escape_latex(&s.replace('\n', " "))
}

/// The display as a LaTeX `longtable` (needs `\usepackage{longtable}`).
pub fn joint_display_latex(d: &JointDisplay, title: &str) -> String {
    let mut out = format!(
        "% {}\n\\begin{{longtable}}{{p{{2.4cm}}p{{4.2cm}}p{{5.6cm}}p{{1.6cm}}p{{3.6cm}}}}\n\\caption{{{}}}\\\\\n\\hline\nConstruct & Quantitative evidence & Qualitative evidence & Fit & Meta-inference \\\\\n\\hline\n\\endhead\n",
        escape_latex(&d.provenance),
        escape_latex(title)
    );
    for r in &d.rows {
        let quant: Vec<String> = r
            .quant
            .iter()
            .map(|q| {
                let slopes = q.simple_slopes.as_ref().map_or(String::new(), |m| format!(" \\newline {}", escape_latex(&slopes_text(m))));
                format!("{}: {} {}: {}, N = {}{slopes}", escape_latex(&q.source), escape_latex(&q.model), escape_latex(&q.term), escape_latex(&quant_text(q)), q.n.unwrap_or(0))
            })
            .collect();
        let mut qual = format!("Themes: {}. {} excerpts.", escape_latex(&r.themes.join("; ")), r.excerpts);
        for q in &r.quotes {
            qual.push_str(&format!(" \\newline ``{}'' ({})", escape_latex(&q.text), escape_latex(&q.attribution)));
        }
        out.push_str(&format!(
            "\\textbf{{{}}} & {} & {} & {} & {} \\\\\n\\hline\n",
            escape_latex(&r.title),
            quant.join(" \\newline "),
            qual,
            fit_word(r.fit),
            escape_latex(&r.meta_inference)
        ));
    }
    out.push_str("\\end{longtable}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_is_escaped() {
        assert_eq!(super::escape_latex(r"50% of \ & {x}_1 ~#"), r"50\% of \textbackslash{} \& \{x\}\_1 \textasciitilde{}\#");
    }

    #[test]
    fn markdown_keeps_user_text_inside_its_cell_and_renders_none_of_it() {
        let quant = QuantCell {
            source: "model".into(),
            model: "M|1".into(),
            term: "migration[mother]:belonging".into(),
            label: String::new(),
            estimate: Some(-1.5),
            se: Some(0.5),
            stars: "**".into(),
            n: Some(10),
            provenance: "dataset <s>".into(),
            stale: false,
            simple_slopes: None,
        };
        let quote = Quote {
            text: "I said | no\n# really <img src=x>".into(),
            informant: "0602".into(),
            attribution: "Informant 0602, _child_".into(),
            document: "0602".into(),
            start: 0,
            end: 5,
            coding: String::new(),
        };
        let row = DisplayRow {
            finding: "f".into(),
            title: "**Peers** | buffer".into(),
            text: "line one\nline two".into(),
            quant: vec![quant],
            themes: vec!["Peer [support]".into()],
            excerpts: 1,
            informants_by_type: BTreeMap::from([("child".to_string(), 1)]),
            quotes: vec![quote],
            fit: None,
            meta_inference: "see `code`".into(),
        };
        let d = JointDisplay { rows: vec![row], provenance: "coders a_b".into() };
        let md = joint_display_markdown(&d, "# A *title*\nsecond");
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], r"# \# A \*title\* second");
        // Title, blank, header, rule, then the row: every line break inside a cell became <br>.
        let row = lines[4];
        assert_eq!(
            row,
            r"| **\*\*Peers\*\* \| buffer** line one<br>line two | model: M\|1 migration\[mother\]:belonging -1.500\*\* (0.500), N = 10 | Themes: Peer \[support\]. 1 excerpts (1 child)<br>“I said \| no<br># really \<img src=x\>” (Informant 0602, \_child\_) | — | see \`code\` |"
        );
        // The unescaped pipes are exactly the table's own: six per row.
        let unescaped = row.match_indices('|').filter(|(i, _)| !row[..*i].ends_with('\\')).count();
        assert_eq!(unescaped, 6);
        assert!(md.ends_with("\n_coders a\\_b_\n"), "{md}");
    }
}

/// What the framework matrix shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FrameworkRequest {
    /// Rows: one per informant when `None`, else one per value of this attribute (e.g. `type`).
    #[serde(default)]
    pub rows_by: Option<String>,
    /// The codes (columns); each includes its sub-codes.
    pub codes: Vec<String>,
    /// Only codings by these coders; empty means all.
    #[serde(default)]
    pub coders: Vec<String>,
    /// At most this many quotes per cell (0 means 3).
    #[serde(default)]
    pub max_quotes: usize,
}

/// One row of a framework matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkRow {
    /// The informant id, or the attribute value.
    pub label: String,
    /// One cell per code: the number of coded segments and the first quotes.
    pub cells: Vec<FrameworkCell>,
}

/// One cell of a framework matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkCell {
    /// Coded segments in the cell.
    pub count: usize,
    /// The first quotes, in document order.
    pub quotes: Vec<Quote>,
}

/// Informants (or groups of them) × codes, with the quotes in the cells.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkMatrix {
    /// The row attribute, if rows are groups.
    pub rows_by: Option<String>,
    /// The codes (columns).
    pub codes: Vec<String>,
    /// The rows, sorted by label.
    pub rows: Vec<FrameworkRow>,
}

/// Build a framework matrix.
pub fn framework_matrix(project: &Project, request: &FrameworkRequest, style: &AttributionStyle) -> Result<FrameworkMatrix> {
    let max = if request.max_quotes == 0 { 3 } else { request.max_quotes };
    let mut rows: BTreeMap<String, Vec<FrameworkCell>> = BTreeMap::new();
    for (j, code) in request.codes.iter().enumerate() {
        let segments = crate::analysis::retrieve::retrieve(
            project,
            &crate::analysis::retrieve::RetrievalRequest { any: vec![code.clone()], coders: request.coders.clone(), context: 0, ..Default::default() },
        )?;
        for s in segments {
            let informant = s.informant.clone().unwrap_or_else(|| s.document.clone());
            let label = match &request.rows_by {
                None => informant.clone(),
                Some(a) => s.attributes.get(a).map(|v| v.canonical()).unwrap_or_else(|| "(missing)".to_string()),
            };
            let cells = rows
                .entry(label)
                .or_insert_with(|| request.codes.iter().map(|_| FrameworkCell { count: 0, quotes: Vec::new() }).collect());
            let cell = &mut cells[j];
            cell.count += 1;
            if cell.quotes.len() < max {
                cell.quotes.push(Quote {
                    attribution: attribution(&informant, &s.attributes, style),
                    text: s.text,
                    informant,
                    document: s.document,
                    start: s.start,
                    end: s.end,
                    coding: String::new(),
                });
            }
        }
    }
    Ok(FrameworkMatrix {
        rows_by: request.rows_by.clone(),
        codes: request.codes.clone(),
        rows: rows.into_iter().map(|(label, cells)| FrameworkRow { label, cells }).collect(),
    })
}

/// The framework matrix as a self-contained HTML page.
pub fn framework_html(m: &FrameworkMatrix, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left;font-size:.9em}}\
         th{{background:#f2f2f2}}.n{{color:#777;font-size:.85em}}p{{margin:.2em 0}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<tr><th>{}</th>",
        escape_html(m.rows_by.as_deref().unwrap_or("Informant")),
        t = escape_html(title)
    );
    for c in &m.codes {
        out.push_str(&format!("<th>{}</th>", escape_html(c)));
    }
    out.push_str("</tr>\n");
    for r in &m.rows {
        out.push_str(&format!("<tr><th>{}</th>", escape_html(&r.label)));
        for c in &r.cells {
            out.push_str("<td>");
            if c.count > 0 {
                out.push_str(&format!("<div class=\"n\">{} segments</div>", c.count));
            }
            for q in &c.quotes {
                let who = if m.rows_by.is_some() { format!(" <span class=\"n\">({})</span>", escape_html(&q.informant)) } else { String::new() };
                out.push_str(&format!("<p>“{}”{who}</p>", escape_html(&q.text)));
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// A file format for a display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisplayFormat {
    /// Self-contained HTML page.
    Html,
    /// Markdown table.
    Markdown,
    /// CSV, one row per quantitative result.
    Csv,
    /// LaTeX `longtable`.
    Latex,
    /// Word document with a real table.
    Docx,
}

impl DisplayFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DisplayFormat::Html => "html",
            DisplayFormat::Markdown => "md",
            DisplayFormat::Csv => "csv",
            DisplayFormat::Latex => "tex",
            DisplayFormat::Docx => "docx",
        }
    }
}

/// Which display to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisplayRequest {
    /// The side-by-side display of every finding.
    SideBySide,
    /// Statistics by theme.
    Themes {
        /// What to tabulate.
        request: ThemeStatsRequest,
    },
    /// The framework matrix.
    Framework {
        /// What to tabulate.
        request: FrameworkRequest,
    },
}

/// The side-by-side display as the project holds it: its published tables and its attribution
/// style.
pub fn project_joint_display(project: &Project) -> Result<JointDisplay> {
    let published = crate::triangulate::published::stored_published(project)?;
    side_by_side(project, published.as_ref(), &attribution_style(project)?)
}

/// The side-by-side display in a file format.
pub fn render_joint_display(d: &JointDisplay, title: &str, format: DisplayFormat) -> Result<Vec<u8>> {
    Ok(match format {
        DisplayFormat::Html => joint_display_html(d, title).into_bytes(),
        DisplayFormat::Markdown => joint_display_markdown(d, title).into_bytes(),
        DisplayFormat::Csv => joint_display_csv(d).into_bytes(),
        DisplayFormat::Latex => joint_display_latex(d, title).into_bytes(),
        DisplayFormat::Docx => joint_display_docx(d, title)?,
    })
}

/// Build a display from the current codings and models and render it.
pub fn export_display(project: &Project, request: &DisplayRequest, format: DisplayFormat, title: &str) -> Result<Vec<u8>> {
    let html_only = |what: &str| {
        if format == DisplayFormat::Html {
            Ok(())
        } else {
            Err(Error::BadRequest(format!("the {what} exports as HTML only, not as {}", format.extension())))
        }
    };
    match request {
        DisplayRequest::SideBySide => render_joint_display(&project_joint_display(project)?, title, format),
        DisplayRequest::Themes { request } => {
            html_only("statistics-by-theme display")?;
            Ok(theme_stats_html(&statistics_by_theme(project, request)?, title).into_bytes())
        }
        DisplayRequest::Framework { request } => {
            html_only("framework matrix")?;
            Ok(framework_html(&framework_matrix(project, request, &attribution_style(project)?)?, title).into_bytes())
        }
    }
}

/// Export a display to `path`. The file appears whole or not at all.
pub fn save_display(project: &Project, request: &DisplayRequest, format: DisplayFormat, title: &str, path: &std::path::Path) -> Result<()> {
    let bytes = export_display(project, request, format, title)?;
    crate::store::write_whole(path, &bytes)
}
