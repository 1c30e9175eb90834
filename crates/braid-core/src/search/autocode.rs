//! Auto-coding: code every hit of a search, by the match, its sentence or its whole turn.
//! A preview comes first; applying it is one undoable action.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::coding;
use crate::error::{Error, Result};
use crate::store::ops::{self, CodingRow, Op};
use crate::search::request::{SearchRequest, SearchResponse};
use crate::store::{self, Project};
use crate::codebook::codes;

/// How much text each hit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutocodeUnit {
    /// Just the matched words.
    Match,
    /// The sentence around each match.
    #[default]
    Sentence,
    /// The whole speaker turn.
    Turn,
}

/// An auto-coding request: a search, a code, a coder and a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutocodeRequest {
    /// The search whose hits are coded (its limit is ignored: every hit counts).
    pub search: SearchRequest,
    /// Code path.
    pub code: String,
    /// Who the codings are recorded for.
    pub coder: String,
    /// How much text each hit codes.
    #[serde(default)]
    pub unit: AutocodeUnit,
}

/// One span auto-coding would code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutocodeSpan {
    /// Document name.
    pub document: String,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// The text.
    pub text: String,
    /// The coder already has exactly this coding; applying skips it.
    pub exists: bool,
}

/// What auto-coding would do, or did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AutocodePreview {
    /// The code.
    pub code: String,
    /// The coder.
    pub coder: String,
    /// The unit.
    pub unit: AutocodeUnit,
    /// The spans, by document and position.
    pub spans: Vec<AutocodeSpan>,
    /// Spans coded (0 in a preview).
    pub added: usize,
}

fn is_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

/// The sentence of the turn `chars[lo..hi]` that contains `[s, e)`: from just after the
/// previous sentence end (or the turn's start) to just after the next one (or the turn's end).
fn sentence(chars: &[char], lo: usize, hi: usize, s: usize, e: usize) -> (usize, usize) {
    let mut a = s;
    while a > lo && !is_end(chars[a - 1]) {
        a -= 1;
    }
    while a < s && chars[a].is_whitespace() {
        a += 1;
    }
    let mut b = e.max(s + 1);
    while b < hi && !is_end(chars[b - 1]) {
        b += 1;
    }
    while b < hi && (is_end(chars[b]) || matches!(chars[b], '"' | '”' | '’')) {
        b += 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sentences() {
        let text: Vec<char> = "R: Hi. I miss my mom! Really... Yes".chars().collect();
        let check = |s: usize, e: usize| {
            let (a, b) = super::sentence(&text, 3, text.len(), s, e);
            text[a..b].iter().collect::<String>()
        };
        assert_eq!(check(17, 20), "I miss my mom!");
        assert_eq!(check(3, 5), "Hi.");
        assert_eq!(check(22, 28), "Really...");
        assert_eq!(check(32, 35), "Yes");
    }
}

/// Refuse a request that cannot be applied whatever its search finds.
pub fn check(request: &AutocodeRequest) -> Result<()> {
    if request.coder.trim().is_empty() {
        return Err(Error::BadRequest("name the coder".to_string()));
    }
    Ok(())
}

/// What auto-coding would code for the hits `found` (every hit of `request.search`), without
/// writing anything.
pub fn preview(project: &Project, found: &SearchResponse, request: &AutocodeRequest) -> Result<AutocodePreview> {
    check(request)?;
    let existing = coding::codings(project, None)?;
    let mut spans: Vec<(String, usize, usize)> = Vec::new();
    let mut texts = std::collections::BTreeMap::new();
    for hit in &found.hits {
        if !texts.contains_key(&hit.document) {
            let d = project.document(&hit.document)?;
            texts.insert(hit.document.clone(), d.text.chars().collect::<Vec<char>>());
        }
        let chars = &texts[&hit.document];
        match request.unit {
            AutocodeUnit::Turn => spans.push((hit.document.clone(), hit.segment.start, hit.segment.end)),
            AutocodeUnit::Match => spans.extend(hit.matches.iter().map(|m| (hit.document.clone(), m.start, m.end))),
            AutocodeUnit::Sentence => {
                for m in &hit.matches {
                    let (a, b) = sentence(chars, hit.segment.start, hit.segment.end, m.start, m.end);
                    spans.push((hit.document.clone(), a, b));
                }
            }
        }
    }
    spans.sort();
    // Merge overlapping spans of one document, so a sentence with two matches is coded once.
    let mut merged: Vec<(String, usize, usize)> = Vec::new();
    for (d, s, e) in spans {
        match merged.last_mut() {
            Some(last) if last.0 == d && s <= last.2 => last.2 = last.2.max(e),
            _ => merged.push((d, s, e)),
        }
    }
    let spans = merged
        .into_iter()
        .map(|(document, start, end)| AutocodeSpan {
            exists: existing.iter().any(|c| c.document == document && c.start == start && c.end == end && c.code == request.code && c.coder == request.coder),
            text: texts[&document][start..end].iter().collect(),
            document,
            start,
            end,
        })
        .collect();
    Ok(AutocodePreview { code: request.code.clone(), coder: request.coder.clone(), unit: request.unit, spans, added: 0 })
}

/// Code every span of `preview` that is not coded yet, as one undoable action.
pub fn apply(project: &mut Project, mut preview: AutocodePreview, request: &AutocodeRequest, actor: &str) -> Result<AutocodePreview> {
    let tx = project.conn.transaction()?;
    let code = codes::code_uuid_in(&tx, &request.code)?;
    let now = store::now();
    let mut ops = Vec::new();
    for s in preview.spans.iter().filter(|s| !s.exists) {
        let document: String = tx.query_row("SELECT uuid FROM documents WHERE name = ?1", [&s.document], |r| r.get(0))?;
        let op = Op::AddCoding(CodingRow {
            uuid: uuid::Uuid::new_v4().to_string(),
            document,
            code: code.clone(),
            start: s.start,
            end: s.end,
            coder: request.coder.clone(),
            created_at: now.clone(),
            memo: None,
        });
        ops::apply(&tx, &op)?;
        ops.push(op);
    }
    preview.added = ops.len();
    ops::log_undoable(
        &tx,
        actor,
        crate::store::action::Action::Autocode,
        &serde_json::json!({ "query": request.search.query, "code": request.code, "coder": request.coder, "unit": request.unit, "added": ops.len() }),
        &ops,
    )?;
    tx.commit()?;
    Ok(preview)
}
