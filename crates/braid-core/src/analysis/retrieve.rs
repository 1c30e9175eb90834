//! Retrieving coded segments: by codes with AND/OR/NOT, by informant attributes and coder,
//! each with its context, informant and attributes; and exporting them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::attrs::Attributes;
use crate::codebook::coding::{self, Coding};
use crate::xlsx::{Sheet, XCell, sheet_csv};
use crate::error::{Error, Result};
use crate::search::request::Filters;
use crate::store::Project;
use crate::escape::{escape_html, escape_markdown};
use crate::text::timestamps::hms;
use crate::codebook::codes;

/// What to retrieve. At least one of `any` and `all` must name a code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetrievalRequest {
    /// OR: segments coded with any of these codes (each coding is a segment).
    #[serde(default)]
    pub any: Vec<String>,
    /// AND: the text where codings of all these codes overlap.
    #[serde(default)]
    pub all: Vec<String>,
    /// NOT: drop segments that overlap a coding of any of these codes.
    #[serde(default)]
    pub not: Vec<String>,
    /// Informant attribute filters (the speaker filter is ignored).
    #[serde(default)]
    pub filters: Filters,
    /// Only codings by these coders; empty means all coders.
    #[serde(default)]
    pub coders: Vec<String>,
    /// Characters of context on each side.
    // Any value is accepted: context never reaches past the document.
    #[serde(default = "default_context")]
    pub context: usize,
}

fn default_context() -> usize {
    120
}

/// A retrieved segment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RetrievedSegment {
    /// Document name.
    pub document: String,
    /// The informant.
    pub informant: Option<String>,
    /// The informant's attributes.
    pub attributes: Attributes,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// The segment's text.
    pub text: String,
    /// Up to `context` characters before it.
    pub before: String,
    /// Up to `context` characters after it.
    pub after: String,
    /// The codes whose codings make up the segment.
    pub codes: Vec<String>,
    /// Who coded it.
    pub coders: Vec<String>,
    /// Where its turn starts in the recording (milliseconds), when the transcript says.
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// Where its turn ends (milliseconds).
    #[ts(type = "number | null")]
    pub end_ms: Option<u64>,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Retrieve coded segments.
pub fn retrieve(project: &Project, request: &RetrievalRequest) -> Result<Vec<RetrievedSegment>> {
    if request.any.is_empty() && request.all.is_empty() {
        return Err(Error::BadRequest("name at least one code to retrieve (any or all)".to_string()));
    }
    let all_codings = coding::codings(project, None)?;
    let keep_coder = |c: &Coding| request.coders.is_empty() || request.coders.contains(&c.coder);
    // Codings of a path or its sub-codes, by document.
    let of = |path: &str| -> Result<BTreeMap<String, Vec<&Coding>>> {
        codes::code_and_descendants(project, path)?;
        let prefix = format!("{path}/");
        let mut m: BTreeMap<String, Vec<&Coding>> = BTreeMap::new();
        for c in all_codings.iter().filter(|c| (c.code == path || c.code.starts_with(&prefix)) && keep_coder(c)) {
            m.entry(c.document.clone()).or_default().push(c);
        }
        Ok(m)
    };
    // Candidate segments: (document, start, end, codes, coders).
    type Seg = (String, usize, usize, BTreeSet<String>, BTreeSet<String>);
    let mut segs: Vec<Seg> = Vec::new();
    if !request.all.is_empty() {
        let sets = request.all.iter().map(|p| of(p)).collect::<Result<Vec<_>>>()?;
        for (doc, first) in &sets[0] {
            let mut current: Vec<Seg> = first
                .iter()
                .map(|c| (doc.clone(), c.start, c.end, BTreeSet::from([c.code.clone()]), BTreeSet::from([c.coder.clone()])))
                .collect();
            for set in &sets[1..] {
                let mut next = Vec::new();
                for (d, s, e, codes, coders) in &current {
                    for c in set.get(doc).into_iter().flatten() {
                        if overlaps((*s, *e), (c.start, c.end)) {
                            let mut codes = codes.clone();
                            codes.insert(c.code.clone());
                            let mut coders = coders.clone();
                            coders.insert(c.coder.clone());
                            next.push((d.clone(), (*s).max(c.start), (*e).min(c.end), codes, coders));
                        }
                    }
                }
                current = next;
            }
            segs.extend(current);
        }
        if !request.any.is_empty() {
            let any = request.any.iter().map(|p| of(p)).collect::<Result<Vec<_>>>()?;
            segs.retain(|(d, s, e, _, _)| any.iter().any(|m| m.get(d).into_iter().flatten().any(|c| overlaps((*s, *e), (c.start, c.end)))));
        }
    } else {
        for p in &request.any {
            for (doc, list) in of(p)? {
                for c in list {
                    segs.push((doc.clone(), c.start, c.end, BTreeSet::from([c.code.clone()]), BTreeSet::from([c.coder.clone()])));
                }
            }
        }
    }
    let not = request.not.iter().map(|p| of(p)).collect::<Result<Vec<_>>>()?;
    segs.retain(|(d, s, e, _, _)| !not.iter().any(|m| m.get(d).into_iter().flatten().any(|c| overlaps((*s, *e), (c.start, c.end)))));
    segs.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    segs.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && {
        b.3.extend(a.3.iter().cloned());
        b.4.extend(a.4.iter().cloned());
        true
    });

    let mut docs: BTreeMap<String, crate::store::Document> = BTreeMap::new();
    let mut out = Vec::new();
    for (doc, start, end, codes, coders) in segs {
        if !docs.contains_key(&doc) {
            docs.insert(doc.clone(), project.document(&doc)?);
        }
        let d = &docs[&doc];
        if !request.filters.admits(&d.info.attributes) {
            continue;
        }
        let chars: Vec<char> = d.text.chars().collect();
        // Saturating: the context may be any usize. Clamping: offsets come from the store, and a
        // damaged row must not slice past the text.
        let end = end.min(chars.len());
        let start = start.min(end);
        let from = start.saturating_sub(request.context);
        let to = end.saturating_add(request.context).min(chars.len());
        let turn = d.turn_at(start);
        out.push(RetrievedSegment {
            document: doc.clone(),
            informant: d.info.informant.clone(),
            attributes: d.info.attributes.clone(),
            start,
            end,
            text: chars[start..end].iter().collect(),
            before: chars[from..start].iter().collect(),
            after: chars[end..to].iter().collect(),
            codes: codes.into_iter().collect(),
            coders: coders.into_iter().collect(),
            start_ms: turn.and_then(|t| t.start_ms),
            end_ms: turn.and_then(|t| t.end_ms),
        });
    }
    Ok(out)
}

/// Output formats for retrieved segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SegmentFormat {
    /// One row per segment, attributes as columns.
    Csv,
    /// A Markdown list of quotes.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// An Excel workbook. It is binary: the `save_*` functions write it; as text (the
    /// `export_*` functions) it is the same sheet as CSV.
    Xlsx,
}


/// A turn's time as a cell: `hh:mm:ss`, or empty.
pub(crate) fn time_cell(ms: Option<u64>) -> XCell {
    ms.map_or(XCell::Empty, |ms| XCell::Text(hms(ms)))
}

/// A typed attribute value as a cell: numbers as numbers.
pub(crate) fn attr_cell(v: Option<&crate::text::attrs::AttrValue>) -> XCell {
    match v {
        None => XCell::Empty,
        Some(crate::text::attrs::AttrValue::Integer(i)) => XCell::Num(*i as f64),
        Some(crate::text::attrs::AttrValue::Float(f)) => XCell::Num(*f),
        Some(other) => XCell::Text(other.canonical()),
    }
}

/// Retrieved segments as a sheet: one row per segment, the informants' attributes as columns.
pub fn segments_sheet(segments: &[RetrievedSegment]) -> Sheet {
    let keys: BTreeSet<&str> = segments.iter().flat_map(|s| s.attributes.keys().map(String::as_str)).collect();
    // The recording's time only when some segment has one, so untimed projects export as before.
    let timed = segments.iter().any(|s| s.start_ms.is_some());
    let mut header: Vec<String> = ["document", "informant", "start", "end", "codes", "coders", "text"].map(String::from).to_vec();
    if timed {
        header.insert(4, "time".to_string());
    }
    header.extend(keys.iter().map(|k| k.to_string()));
    let text = |s: &str| if s.is_empty() { XCell::Empty } else { XCell::Text(s.to_string()) };
    let rows = segments
        .iter()
        .map(|s| {
            let mut row = vec![
                text(&s.document),
                text(s.informant.as_deref().unwrap_or("")),
                XCell::Num(s.start as f64),
                XCell::Num(s.end as f64),
                text(&s.codes.join("; ")),
                text(&s.coders.join("; ")),
                text(&s.text),
            ];
            if timed {
                row.insert(4, time_cell(s.start_ms));
            }
            row.extend(keys.iter().map(|k| attr_cell(s.attributes.get(*k))));
            row
        })
        .collect();
    Sheet { name: "Coded segments".into(), header, rows, notes: Vec::new() }
}

/// Render retrieved segments.
pub fn export_segments(segments: &[RetrievedSegment], format: SegmentFormat) -> String {
    let keys: BTreeSet<&str> = segments.iter().flat_map(|s| s.attributes.keys().map(String::as_str)).collect();
    let attr = |s: &RetrievedSegment, k: &str| s.attributes.get(k).map(|v| v.canonical()).unwrap_or_default();
    match format {
        SegmentFormat::Csv | SegmentFormat::Xlsx => sheet_csv(&segments_sheet(segments)),
        SegmentFormat::Markdown => {
            let mut out = String::new();
            for s in segments {
                let who = keys.iter().map(|k| attr(s, k)).filter(|v| !v.is_empty()).collect::<Vec<_>>().join(", ");
                // The citation is one paragraph: line breaks inside a name would start a new block.
                let one_line = |t: &str| escape_markdown(t).replace('\n', " ");
                out.push_str(&format!(
                    "> {}\n\n— Informant {} ({}); {} [{}, {}){}; codes: {}; coded by {}\n\n",
                    escape_markdown(&s.text).replace('\n', "\n> "),
                    one_line(s.informant.as_deref().unwrap_or("?")),
                    one_line(&who),
                    one_line(&s.document),
                    s.start,
                    s.end,
                    s.start_ms.map(|ms| format!(" at {}", hms(ms))).unwrap_or_default(),
                    one_line(&s.codes.join(", ")),
                    one_line(&s.coders.join(", "))
                ));
            }
            out
        }
        SegmentFormat::Html => {
            let mut out = String::from(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Retrieved segments</title><style>\
                 body{font-family:Georgia,serif;max-width:46em;margin:2em auto;color:#222}\
                 blockquote{margin:1.2em 0 .3em;padding-left:1em;border-left:3px solid #888}\
                 .ctx{color:#888}.meta{font:.85em sans-serif;color:#555}\
                 </style></head><body>\n<h1>Retrieved segments</h1>\n",
            );
            for s in segments {
                out.push_str(&format!(
                    "<blockquote><span class=\"ctx\">{}</span><strong>{}</strong><span class=\"ctx\">{}</span></blockquote>\n<p class=\"meta\">Informant {} — {} — {} [{}, {}){} — {}</p>\n",
                    escape_html(&s.before),
                    escape_html(&s.text),
                    escape_html(&s.after),
                    escape_html(s.informant.as_deref().unwrap_or("?")),
                    escape_html(&keys.iter().map(|k| attr(s, k)).filter(|v| !v.is_empty()).collect::<Vec<_>>().join(", ")),
                    escape_html(&s.document),
                    s.start,
                    s.end,
                    s.start_ms.map(|ms| format!(" at {}", hms(ms))).unwrap_or_default(),
                    escape_html(&s.codes.join(", "))
                ));
            }
            out.push_str("</body></html>\n");
            out
        }
    }
}

/// Retrieve segments and render them: what the app's Export buttons return.
pub fn export_retrieval(project: &Project, request: &RetrievalRequest, format: SegmentFormat) -> Result<String> {
    Ok(export_segments(&retrieve(project, request)?, format))
}

/// Retrieve segments and write them to a file the user chose; nothing is written on error.
pub fn save_retrieval(project: &Project, request: &RetrievalRequest, format: SegmentFormat, path: &std::path::Path) -> Result<()> {
    let segments = retrieve(project, request)?;
    let bytes = match format {
        SegmentFormat::Xlsx => crate::xlsx::workbook(&[segments_sheet(&segments)])?,
        text => export_segments(&segments, text).into_bytes(),
    };
    crate::store::write_whole(path, &bytes)
}
