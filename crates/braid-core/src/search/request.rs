//! What a search asks and answers: the request with its structured filters, and the hits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::search::excerpt::Excerpt;
use crate::store::Span;
use crate::text::attrs::{AttrValue, Attributes};
pub use braid_stats::Cmp;
use crate::text::transcript::Role;

/// Which speakers to search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerFilter {
    /// Everyone.
    #[default]
    Any,
    /// Interviewer turns only.
    Interviewer,
    /// Respondent turns only.
    Respondent,
}

/// An attribute filter: `key=value`, or a comparison `key>=value` (also `>`, `<`, `<=`, `!=`).
/// The same key repeated with `=` means OR; everything else means AND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttrFilter {
    /// The attribute, e.g. `type`, or a survey value of linked informants, `survey.depression`.
    pub key: String,
    /// The value compared with (case-insensitively for text).
    pub value: String,
    /// How the informant's value must compare; none means `=`. `<`, `<=`, `>` and `>=` take
    /// numeric and date attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub op: Option<Cmp>,
}

impl AttrFilter {
    /// Parse `key=value`, `key>=value`, `key>value`, `key<=value`, `key<value` or `key!=value`.
    pub fn parse(s: &str) -> Result<AttrFilter> {
        let (key, op, value) = Cmp::split(s).ok_or_else(|| {
            Error::BadRequest(format!("filter `{s}` needs the form key=value, e.g. type=child, or a comparison such as survey.depression>=20"))
        })?;
        if key.is_empty() {
            return Err(Error::BadRequest(format!("filter `{s}` has no attribute name before `{}`", op.as_str())));
        }
        if op.orders() && value.is_empty() {
            return Err(Error::BadRequest(format!("filter `{s}` has no value after `{}`", op.as_str())));
        }
        Ok(AttrFilter { key: key.to_string(), value: value.to_string(), op: (op != Cmp::Eq).then_some(op) })
    }

    /// The comparison, `=` when none is given.
    pub fn cmp(&self) -> Cmp {
        self.op.unwrap_or(Cmp::Eq)
    }

    /// Whether a value passes this filter. Ordering compares numbers as numbers, and dates
    /// (`YYYY-MM-DD`) and other text as text; a number compared with a word fails.
    pub fn holds(&self, value: &AttrValue) -> bool {
        let op = self.cmp();
        let number = |v: &AttrValue| match v {
            AttrValue::Integer(i) => Some(*i as f64),
            AttrValue::Float(f) => Some(*f),
            AttrValue::Text(_) => None,
        };
        match (number(value), self.value.trim().parse::<f64>()) {
            (Some(x), Ok(y)) => op.holds(x.total_cmp(&y)),
            (Some(_), Err(_)) => op == Cmp::Ne,
            (None, _) if op.orders() => op.holds(value.canonical().as_str().cmp(self.value.as_str())),
            (None, _) => op.holds(value.canonical().to_lowercase().cmp(&self.value.to_lowercase())),
        }
    }
}

/// Structured filters, never spliced into the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Filters {
    /// Attribute filters.
    #[serde(rename = "where", default)]
    pub where_: Vec<AttrFilter>,
    /// Speaker role.
    #[serde(default)]
    pub speaker: SpeakerFilter,
    /// Turns must carry every one of these codes (a code includes its sub-codes), by any coder.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Turns must carry none of these codes.
    #[serde(default)]
    pub not_codes: Vec<String>,
}

impl Filters {
    /// Whether an informant's attributes pass the attribute filters: `=` filters on one key
    /// are alternatives, and every other filter must hold. An informant without the attribute
    /// passes none of its filters.
    pub fn admits(&self, attributes: &Attributes) -> bool {
        let mut either: BTreeMap<&str, bool> = BTreeMap::new();
        for f in &self.where_ {
            let ok = attributes.get(&f.key).is_some_and(|v| f.holds(v));
            if f.cmp() == Cmp::Eq {
                *either.entry(&f.key).or_default() |= ok;
            } else if !ok {
                return false;
            }
        }
        either.values().all(|ok| *ok)
    }
}

/// A search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchRequest {
    /// The query: words, "phrases", phrase~slop, prefix*, word~1 (fuzzy), AND/OR/NOT, (groups).
    /// Empty matches every turn that passes the filters.
    pub query: String,
    /// Filters on who said it.
    #[serde(default)]
    pub filters: Filters,
    /// How many hits to return.
    pub limit: usize,
    /// Attributes to count hits by.
    #[serde(default)]
    pub counts: Vec<String>,
    /// Hybrid search: merge the keyword ranking with the turns nearest in meaning (the local
    /// assist's model) by reciprocal rank fusion. Filters apply to both.
    #[serde(default)]
    pub semantic: bool,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest { query: String::new(), filters: Filters::default(), limit: 50, counts: Vec::new(), semantic: false }
    }
}

/// One hit: a speaker turn that matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    /// The document name.
    pub document: String,
    /// The informant id.
    pub informant: Option<String>,
    /// The informant's attributes.
    pub attributes: Attributes,
    /// The turn's speaker label.
    pub speaker: String,
    /// The turn's role.
    pub role: Role,
    /// The turn's span in the document.
    pub segment: Span,
    /// Where the turn starts in the recording (milliseconds), when the transcript says.
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// Where it ends (milliseconds).
    #[ts(type = "number | null")]
    pub end_ms: Option<u64>,
    /// Each match's span in the document text.
    pub matches: Vec<Span>,
    /// The text around the first match, with the matches as spans of it.
    pub excerpt: Excerpt,
    /// The same excerpt as HTML: escaped, with `<mark>` around matches (kept for `--json`
    /// readers; the app draws `excerpt` itself).
    pub snippet: String,
    /// Relevance.
    pub score: f32,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// How many turns match in all.
    #[ts(type = "number")]
    pub total: u64,
    /// The best hits, most relevant first.
    pub hits: Vec<Hit>,
    /// Hit counts per value of each requested attribute.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub counts: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Turns (segment ids) carrying codes, for code filters: each set of `all_of` must contain the
/// turn; `none_of` must not.
#[derive(Debug, Clone, Default)]
pub struct CodeSets {
    /// One set per required code.
    pub all_of: Vec<std::collections::BTreeSet<u64>>,
    /// Turns carrying any excluded code.
    pub none_of: std::collections::BTreeSet<u64>,
}
