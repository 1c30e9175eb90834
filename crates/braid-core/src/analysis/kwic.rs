//! Keyword in context: every match of a search on its own line, with the words before and after
//! it from the same turn, sortable by what precedes or follows, as a concordance shows them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::attrs::Attributes;
use crate::error::Result;
use crate::search::request::{SearchRequest, SearchResponse};
use crate::store::Project;
use crate::text::transcript::Role;

/// How concordance lines are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KwicSort {
    /// By document, then position: reading order.
    #[default]
    Document,
    /// By the words just before the match, nearest first (a reversed sort).
    Left,
    /// By the words just after the match.
    Right,
    /// By the matched text, then the words after it.
    Keyword,
}

/// A concordance request: the search, and how much context to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KwicRequest {
    /// The search; its `limit` caps the turns read.
    pub search: SearchRequest,
    /// Characters of context on each side (default 40).
    // Any width is accepted (0 means the default): context never reaches past the turn.
    #[serde(default)]
    pub width: usize,
    /// The order of the lines.
    #[serde(default)]
    pub sort: KwicSort,
}

/// One match with its context.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KwicLine {
    /// The document.
    pub document: String,
    /// Its informant.
    pub informant: Option<String>,
    /// The informant's attributes.
    pub attributes: Attributes,
    /// The turn's speaker label.
    pub speaker: String,
    /// The turn's role.
    pub role: Role,
    /// The turn's span in the document, for opening it.
    pub segment: crate::store::Span,
    /// Where the turn starts in the recording (milliseconds), when the transcript says.
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// Where it ends (milliseconds).
    #[ts(type = "number | null")]
    pub end_ms: Option<u64>,
    /// Text before the match, from the same turn; line breaks shown as spaces.
    pub left: String,
    /// The matched text.
    pub keyword: String,
    /// Text after the match, from the same turn.
    pub right: String,
    /// The match's span in the document (code points), for opening it.
    pub start: usize,
    /// Span end.
    pub end: usize,
}

/// A concordance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Kwic {
    /// The query as given.
    pub query: String,
    /// Turns matching in all.
    #[ts(type = "number")]
    pub turns: u64,
    /// One line per match in the turns read.
    pub lines: Vec<KwicLine>,
    /// More turns match than were read (raise the search limit to see them).
    pub truncated: bool,
}

const DEFAULT_WIDTH: usize = 40;

fn flat(chars: &[char]) -> String {
    chars.iter().map(|c| if c.is_whitespace() { ' ' } else { *c }).collect()
}

/// The sort key of a right context: its words from the first one on, lowercased; the space and
/// punctuation right after the match (`'s`, `".`) do not decide the order.
pub fn right_key(right: &str) -> String {
    right.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// The sort key of a left context: its words read backwards from the match, lowercased, so that
/// lines group by the word just before the match.
pub fn left_key(left: &str) -> String {
    left.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase().chars().rev().collect()
}

/// The concordance lines of a search's hits. `texts` holds each hit document's text. Pure.
///
/// A `width` of 0 means the default (40); a width wider than a turn shows the whole turn, so any
/// `usize` is accepted.
pub fn kwic_lines(response: &SearchResponse, texts: &HashMap<String, Vec<char>>, width: usize, sort: KwicSort) -> Vec<KwicLine> {
    let width = if width == 0 { DEFAULT_WIDTH } else { width };
    let mut lines = Vec::new();
    for hit in &response.hits {
        let Some(text) = texts.get(&hit.document) else { continue };
        let (lo, hi) = (hit.segment.start.min(text.len()), hit.segment.end.min(text.len()));
        // A span from a damaged index may end before it starts; read it as empty.
        let lo = lo.min(hi);
        for m in &hit.matches {
            let (s, e) = (m.start.clamp(lo, hi), m.end.clamp(lo, hi));
            let e = e.max(s);
            let left = flat(&text[s.saturating_sub(width).max(lo)..s]);
            let right = flat(&text[e..e.saturating_add(width).min(hi)]);
            lines.push(KwicLine {
                document: hit.document.clone(),
                informant: hit.informant.clone(),
                attributes: hit.attributes.clone(),
                speaker: hit.speaker.clone(),
                role: hit.role,
                segment: hit.segment,
                start_ms: hit.start_ms,
                end_ms: hit.end_ms,
                left: left.trim_start().to_string(),
                keyword: flat(&text[s..e]),
                right: right.trim_end().to_string(),
                start: s,
                end: e,
            });
        }
    }
    match sort {
        KwicSort::Document => lines.sort_by(|a, b| (&a.document, a.start).cmp(&(&b.document, b.start))),
        KwicSort::Left => lines.sort_by_cached_key(|l| (left_key(&l.left), l.document.clone(), l.start)),
        KwicSort::Right => lines.sort_by_cached_key(|l| (right_key(&l.right), l.document.clone(), l.start)),
        KwicSort::Keyword => lines.sort_by_cached_key(|l| (l.keyword.to_lowercase(), right_key(&l.right), l.document.clone(), l.start)),
    }
    lines
}

/// A concordance as a sheet: one row per line, the informants' attributes as columns.
pub fn kwic_sheet(k: &Kwic) -> crate::xlsx::Sheet {
    use crate::xlsx::XCell;
    let keys: std::collections::BTreeSet<&str> = k.lines.iter().flat_map(|l| l.attributes.keys().map(String::as_str)).collect();
    // The recording's time only when some line has one, so untimed projects export as before.
    let timed = k.lines.iter().any(|l| l.start_ms.is_some());
    let mut header: Vec<String> = ["document", "informant", "speaker", "start", "end", "left", "keyword", "right"].map(String::from).to_vec();
    if timed {
        header.insert(3, "time".to_string());
    }
    header.extend(keys.iter().map(|k| k.to_string()));
    let text = |s: &str| if s.is_empty() { XCell::Empty } else { XCell::Text(s.to_string()) };
    let rows = k
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![
                text(&l.document),
                text(l.informant.as_deref().unwrap_or("")),
                text(&l.speaker),
                XCell::Num(l.start as f64),
                XCell::Num(l.end as f64),
                text(&l.left),
                text(&l.keyword),
                text(&l.right),
            ];
            if timed {
                row.insert(3, crate::analysis::retrieve::time_cell(l.start_ms));
            }
            row.extend(keys.iter().map(|key| crate::analysis::retrieve::attr_cell(l.attributes.get(*key))));
            row
        })
        .collect();
    crate::xlsx::Sheet { name: "Concordance".into(), header, rows, notes: vec![format!("{}: {} matches", k.query, k.lines.len())] }
}

/// A concordance as CSV (one row per line, attributes as columns), a Markdown table, or a
/// self-contained HTML page with the matches in one column. User text is escaped in HTML and
/// Markdown.
pub fn export_kwic(k: &Kwic, format: crate::analysis::retrieve::SegmentFormat) -> String {
    use crate::escape::escape_html;
    use crate::analysis::retrieve::SegmentFormat;
    let who = |l: &KwicLine| l.informant.clone().unwrap_or_else(|| l.document.clone());
    let who_when = |l: &KwicLine| match l.start_ms {
        Some(ms) => format!("{} {}", who(l), crate::text::timestamps::hms(ms)),
        None => who(l),
    };
    match format {
        SegmentFormat::Csv | SegmentFormat::Xlsx => crate::xlsx::sheet_csv(&kwic_sheet(k)),
        SegmentFormat::Markdown => {
            use crate::escape::{escape_markdown, markdown_cell as cell};
            let mut out = format!(
                "Keyword in context: {}, {} matches\n\n| Informant | Before | Match | After |\n|---|--:|:-:|---|\n",
                escape_markdown(&k.query).replace('\n', " "),
                k.lines.len()
            );
            for l in &k.lines {
                out.push_str(&format!("| {} | {} | **{}** | {} |\n", cell(&who(l)), cell(&l.left), cell(&l.keyword), cell(&l.right)));
            }
            out
        }
        SegmentFormat::Html => {
            let mut out = format!(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Keyword in context</title><style>\
                 body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
                 td{{padding:.15em .4em;white-space:pre;vertical-align:baseline}}td.l{{text-align:right}}td.k{{font-weight:bold}}\
                 td.w{{color:#666;font-size:.85em}}</style></head><body>\n<h1>Keyword in context: {}</h1>\n<table>\n",
                escape_html(&k.query)
            );
            for l in &k.lines {
                out.push_str(&format!(
                    "<tr><td class=\"w\">{}</td><td class=\"l\">{}</td><td class=\"k\">{}</td><td>{}</td></tr>\n",
                    escape_html(&who_when(l)),
                    escape_html(&l.left),
                    escape_html(&l.keyword),
                    escape_html(&l.right)
                ));
            }
            out.push_str("</table>\n</body></html>\n");
            out
        }
    }
}

/// Lay the hits of a search out as a concordance, reading each hit's document once.
pub fn kwic(project: &Project, response: &SearchResponse, request: &KwicRequest) -> Result<Kwic> {
    let mut texts = HashMap::new();
    for hit in &response.hits {
        if !texts.contains_key(&hit.document) {
            texts.insert(hit.document.clone(), project.document(&hit.document)?.text.chars().collect::<Vec<char>>());
        }
    }
    let lines = kwic_lines(response, &texts, request.width, request.sort);
    Ok(Kwic { query: response.query.clone(), turns: response.total, truncated: (response.hits.len() as u64) < response.total, lines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::request::Hit;
    use crate::store::Span;

    fn hit(document: &str, segment: (usize, usize), matches: &[(usize, usize)]) -> Hit {
        Hit {
            document: document.into(),
            informant: Some(document.into()),
            attributes: Attributes::new(),
            speaker: "R".into(),
            role: Role::Respondent,
            segment: Span { start: segment.0, end: segment.1 },
            start_ms: None,
            end_ms: None,
            matches: matches.iter().map(|&(start, end)| Span { start, end }).collect(),
            excerpt: crate::search::excerpt::Excerpt { text: String::new(), cut_before: false, cut_after: false, marks: Vec::new() },
            snippet: String::new(),
            score: 1.0,
        }
    }

    fn response(hits: Vec<Hit>) -> SearchResponse {
        SearchResponse { query: "mom".into(), total: hits.len() as u64, hits, counts: Default::default() }
    }

    #[test]
    fn context_stays_inside_the_turn_and_counts_code_points() {
        let text = "I: Hi.\nR: 我想 mom every\nnight, mom.\nI: Ok.";
        let texts = HashMap::from([("A".to_string(), text.chars().collect::<Vec<_>>())]);
        let chars: Vec<char> = text.chars().collect();
        let find = |from: usize| (from..chars.len()).find(|&i| chars[i..].starts_with(&['m', 'o', 'm'])).unwrap();
        let (m1, m2) = (find(0), find(find(0) + 1));
        let seg = (7, 34);
        assert_eq!(chars[seg.0..seg.1].iter().collect::<String>(), "R: 我想 mom every\nnight, mom.");
        let lines = kwic_lines(&response(vec![hit("A", seg, &[(m1, m1 + 3), (m2, m2 + 3)])]), &texts, 8, KwicSort::Document);
        let shown: Vec<(&str, &str, &str)> = lines.iter().map(|l| (l.left.as_str(), l.keyword.as_str(), l.right.as_str())).collect();
        // Left of the first match the turn begins after 6 characters (the CJK ones count one each);
        // a line break shows as a space; the second match's right context ends with the turn.
        assert_eq!(shown, [("R: 我想 ", "mom", " every n"), ("night, ", "mom", ".")]);
        assert_eq!((lines[0].start, lines[0].end), (m1, m1 + 3));
    }

    #[test]
    fn sorting_by_left_right_and_keyword() {
        let text = "R: ant mom cherry. R: ox Mom apple. R: cab mom banana.";
        let chars: Vec<char> = text.chars().collect();
        let texts = HashMap::from([("A".to_string(), chars.clone())]);
        let at: Vec<usize> = (0..chars.len()).filter(|&i| chars[i..].iter().take(3).collect::<String>().to_lowercase() == "mom").collect();
        let h = hit("A", (0, chars.len()), &at.iter().map(|&i| (i, i + 3)).collect::<Vec<_>>());
        let rights = |sort| kwic_lines(&response(vec![h.clone()]), &texts, 6, sort).into_iter().map(|l| l.right).collect::<Vec<_>>();
        assert_eq!(rights(KwicSort::Document), [" cherr", " apple", " banan"]);
        assert_eq!(rights(KwicSort::Right), [" apple", " banan", " cherr"]);
        // By the word before, read backwards from the match: "bac" < "tna" < "xo".
        assert_eq!(rights(KwicSort::Left), [" banan", " cherr", " apple"]);
        // Case-insensitive keyword, then the right context.
        assert_eq!(rights(KwicSort::Keyword), [" apple", " banan", " cherr"]);
    }

    #[test]
    fn sort_keys_skip_the_punctuation_next_to_the_match() {
        assert_eq!(right_key("'s bed every night"), "s bed every night");
        assert_eq!(right_key("\". Never."), "never.");
        assert!(right_key(" apple") < right_key("'s bed"));
        assert_eq!(left_key("what will I tell my \""), "ym llet i lliw tahw");
        assert_eq!(left_key(""), "");
    }

    #[test]
    fn exports_escape_user_text_and_keep_the_columns() {
        use crate::analysis::retrieve::SegmentFormat;
        let text = "R: a <b>|mom</b> & *friends*";
        let chars: Vec<char> = text.chars().collect();
        let s = text.find("mom").unwrap();
        let texts = HashMap::from([("A".to_string(), chars.clone())]);
        let mut h = hit("A", (3, chars.len()), &[(s, s + 3)]);
        h.attributes.insert("type".into(), crate::text::attrs::AttrValue::Text("child".into()));
        let k = Kwic { query: "mom".into(), turns: 1, lines: kwic_lines(&response(vec![h]), &texts, 20, KwicSort::Document), truncated: false };
        let csv = export_kwic(&k, SegmentFormat::Csv);
        assert_eq!(csv.lines().next().unwrap(), "document,informant,speaker,start,end,left,keyword,right,type");
        assert!(csv.contains(",mom,</b> & *friends*,child"), "{csv}");
        let md = export_kwic(&k, SegmentFormat::Markdown);
        assert!(md.contains("| A | a \\<b\\>\\| | **mom** | \\</b\\> & \\*friends\\* |"), "{md}");
        let html = export_kwic(&k, SegmentFormat::Html);
        assert!(html.contains("<td class=\"l\">a &lt;b&gt;|</td><td class=\"k\">mom</td><td>&lt;/b&gt; &amp; *friends*</td>"), "{html}");
        assert!(!html.contains("<b>|"));
    }

    #[test]
    fn a_hit_in_a_document_without_text_is_skipped() {
        let lines = kwic_lines(&response(vec![hit("missing", (0, 5), &[(0, 3)])]), &HashMap::new(), 10, KwicSort::Document);
        assert!(lines.is_empty());
    }
}
