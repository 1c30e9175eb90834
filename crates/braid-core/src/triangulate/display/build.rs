//! The three joint displays as pure functions of a [`Snapshot`] and a request: side by side,
//! statistics by theme, and the framework matrix. Nothing here reads the store.

use std::collections::BTreeMap;

use crate::analysis::matrix::{CountUnit, crosstab_of, under};
use crate::codebook::coding::Coding;
use crate::error::{Error, Result};
use crate::store::ops::ResultSource;
use crate::text::attrs::Attributes;
use crate::triangulate::display::model::{
    Display, DisplayFormat, DisplayRequest, DisplayRow, FrameworkCell, FrameworkMatrix, FrameworkRequest, FrameworkRow, GroupStat, JointDisplay, QuantCell, Quote, ThemeCell, ThemeColumn,
    ThemeRow, ThemeStats, ThemeStatsRequest, attribution, stars,
};
use crate::triangulate::display::render::render_display;
use crate::triangulate::display::snapshot::Snapshot;
use crate::triangulate::survey::SavedModel;

fn parse_published_model(name: &str) -> Option<(u32, u32)> {
    let mut words = name.split_whitespace();
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some("Table"), Some(t), Some("model"), Some(m)) => Some((t.parse().ok()?, m.parse().ok()?)),
        _ => None,
    }
}

/// The side-by-side display of every finding.
pub fn side_by_side(s: &Snapshot) -> JointDisplay {
    let (published, style, codings, docs) = (s.published.as_ref(), &s.style, &s.facts.codings, &s.facts.docs);
    let type_key = style.type_attribute.as_deref().unwrap_or("type");
    let mut rows = Vec::new();
    for f in &s.findings {
        let mut quant = Vec::new();
        let mut plots = 0usize;
        for r in &f.input.results {
            let cell = match r.source {
                ResultSource::Model => {
                    let m = s.models.iter().find(|m| m.name == r.model);
                    let probed = match m {
                        Some(m) if !m.stale && m.fit["coefficients"].as_array().is_some_and(|cs| cs.iter().any(|c| c["term"] == r.term.as_str())) => {
                            probe_term(s, m, &r.term)
                        }
                        _ => None,
                    };
                    let coef = m.and_then(|m| {
                        m.fit["coefficients"].as_array()?.iter().find(|c| c["term"] == r.term.as_str()).cloned()
                    });
                    let num = |k: &str| coef.as_ref().and_then(|c| c[k].as_f64());
                    QuantCell {
                        source: match m {
                            Some(m) => format!("Braid fit (dataset {})", m.dataset),
                            None => "Braid fit".to_string(),
                        },
                        origin: ResultSource::Model,
                        model: r.model.clone(),
                        term: r.term.clone(),
                        label: String::new(),
                        estimate: num("estimate"),
                        se: num("se"),
                        text: match (num("estimate"), num("se")) {
                            (Some(e), Some(se)) => braid_stats::cell(e, se, &num("p").map(stars).unwrap_or_default(), 3),
                            _ => "–".to_string(),
                        },
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
                        simple_slopes: probed.as_ref().map(|(m, _)| m.clone()),
                        plot: probed.as_ref().map(|(_, svg)| svg.clone()),
                        plot_file: probed.as_ref().map(|_| {
                            plots += 1;
                            plot_file(&f.input.title, plots)
                        }),
                    }
                }
                ResultSource::Published => {
                    let pm = published.and_then(|p| parse_published_model(&r.model).and_then(|(t, m)| p.model(t, m)));
                    let term = pm.and_then(|m| m.terms.iter().find(|t| t.term == r.term));
                    QuantCell {
                        source: published.map_or_else(|| "Published".to_string(), |p| format!("Published ({})", p.short_citation())),
                        origin: ResultSource::Published,
                        model: r.model.clone(),
                        term: r.term.clone(),
                        label: term.map(|t| t.label.clone()).unwrap_or_default(),
                        estimate: term.map(|t| t.estimate),
                        se: term.map(|t| t.se),
                        text: term.map_or_else(|| "–".to_string(), |t| braid_stats::cell(t.estimate, t.se, &t.stars, 3)),
                        stars: term.map(|t| t.stars.clone()).unwrap_or_default(),
                        n: pm.map(|m| m.n as u64),
                        provenance: match (published, pm) {
                            (Some(p), Some(m)) => format!("{}, {}: {}; N = {}", p.citation, r.model, m.formula, m.n),
                            (None, _) => "no published tables in the project".to_string(),
                            _ => format!("{} is not in the published tables", r.model),
                        },
                        stale: false,
                        simple_slopes: None,
                        plot: None,
                        plot_file: None,
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
    let latest = codings.iter().map(|c| c.created_at.as_str()).max().unwrap_or("-").to_string();
    JointDisplay { rows, provenance: format!("codings by {} as of {latest}", s.coders.join(", ")) }
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

/// Probe an interaction term of a saved model on its dataset. `None` when the term is not a
/// two-way interaction with a numeric moderator, or the snapshot lacks the dataset.
fn probe_term(s: &Snapshot, model: &SavedModel, term: &str) -> Option<(braid_stats::Moderation, String)> {
    let spec = interaction_spec(term)?;
    let (data, _) = s.datasets.get(&model.dataset)?;
    let fit = braid_stats::fit_ols(data, &model.formula, &model.options).ok()?;
    // A moderator that is not numeric cannot be probed at its mean and SD: show no slopes.
    let m = braid_stats::probe_moderation(&fit, &spec).ok()?;
    let plot = braid_stats::interaction_plot(&fit, &spec, &braid_stats::PlotOptions::default()).ok()?;
    Some((m, plot))
}

/// A file name for a plot of a finding's row: its title in lower-case words and a number.
fn plot_file(title: &str, k: usize) -> String {
    let slug: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    format!("{}-{k}.svg", if slug.is_empty() { "finding" } else { &slug })
}

/// The statistics-by-theme display: codes by the groups of an attribute, with each group's
/// survey statistics from a dataset or from the published Table 1.
pub fn statistics_by_theme(s: &Snapshot, request: &ThemeStatsRequest) -> Result<ThemeStats> {
    let table = crosstab_of(&s.facts, &request.attribute, CountUnit::Informants);
    let mut survey: BTreeMap<String, GroupStat> = BTreeMap::new();
    let mut provenance = format!("informants by {}; codings by {}", request.attribute, s.coders.join(", "));
    if let (Some(dataset), Some(variable)) = (&request.dataset, &request.variable) {
        let (data, info) = s.datasets.get(dataset).ok_or_else(|| Error::NotFound { what: "dataset", name: dataset.clone() })?;
        let options = braid_stats::DescribeOptions {
            group: Some(request.group_column.clone().unwrap_or_else(|| request.attribute.clone())),
            variables: vec![variable.clone()],
            complete_on: request.complete_on.clone(),
            subset: request.subset.clone(),
            ..Default::default()
        };
        let d = braid_stats::describe(data, &options).map_err(|e| crate::triangulate::survey::stats_error(e, &info.file_name))?;
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
        let published = s.published.as_ref()
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

/// The framework matrix: informants, or groups of them, by codes, with the first quotes of each
/// cell in document order.
pub fn framework_matrix(s: &Snapshot, request: &FrameworkRequest) -> Result<FrameworkMatrix> {
    let max = if request.max_quotes == 0 { 3 } else { request.max_quotes };
    let mut rows: BTreeMap<String, Vec<FrameworkCell>> = BTreeMap::new();
    for (j, code) in request.codes.iter().enumerate() {
        if !s.facts.codes.iter().any(|c| c.path == *code) {
            return Err(Error::NotFound { what: "code", name: code.clone() });
        }
        // The coded segments of the code and its sub-codes: one per span, however many coders
        // or sub-codes marked it, in document order.
        let mut spans: Vec<&Coding> = s
            .facts
            .codings
            .iter()
            .filter(|c| under(&c.code, code) && (request.coders.is_empty() || request.coders.contains(&c.coder)))
            .collect();
        spans.sort_by(|a, b| (&a.document, a.start, a.end).cmp(&(&b.document, b.start, b.end)));
        spans.dedup_by(|a, b| (&a.document, a.start, a.end) == (&b.document, b.start, b.end));
        for c in spans {
            let (informant, attributes) = s.facts.docs.get(&c.document).cloned().unwrap_or_else(|| (c.document.clone(), Attributes::new()));
            let label = match &request.rows_by {
                None => informant.clone(),
                Some(a) => attributes.get(a).map(|v| v.canonical()).unwrap_or_else(|| "(missing)".to_string()),
            };
            let cells = rows
                .entry(label)
                .or_insert_with(|| request.codes.iter().map(|_| FrameworkCell { count: 0, quotes: Vec::new() }).collect());
            let cell = &mut cells[j];
            cell.count += 1;
            if cell.quotes.len() < max {
                cell.quotes.push(Quote {
                    attribution: attribution(&informant, &attributes, &s.style),
                    text: c.text.clone(),
                    informant,
                    document: c.document.clone(),
                    start: c.start,
                    end: c.end,
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

/// The display `request` asks for, built from the snapshot.
pub fn build_display(s: &Snapshot, request: &DisplayRequest) -> Result<Display> {
    Ok(match request {
        DisplayRequest::SideBySide => Display::SideBySide(side_by_side(s)),
        DisplayRequest::Themes { request } => Display::Themes(statistics_by_theme(s, request)?),
        DisplayRequest::Framework { request } => Display::Framework(framework_matrix(s, request)?),
        DisplayRequest::Cases { request } => Display::Cases(crate::triangulate::display::cases::case_display(s, request)?),
    })
}

/// A display, built from the snapshot and drawn in a file format.
pub fn display_file(s: &Snapshot, request: &DisplayRequest, format: DisplayFormat, title: &str) -> Result<Vec<u8>> {
    render_display(&build_display(s, request)?, title, format)
}
