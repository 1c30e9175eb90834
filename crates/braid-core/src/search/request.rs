//! What a search asks and answers: the request with its structured filters, and the hits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::search::excerpt::Excerpt;
use crate::store::Span;
use crate::text::attrs::Attributes;
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

/// An attribute filter: `key=value`. The same key repeated means OR; different keys mean AND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttrFilter {
    /// The attribute.
    pub key: String,
    /// The value it must have (compared case-insensitively).
    pub value: String,
}

impl AttrFilter {
    /// Parse `key=value`.
    pub fn parse(s: &str) -> Result<AttrFilter> {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| Error::BadRequest(format!("filter `{s}` needs the form key=value, e.g. type=child")))?;
        let (key, value) = (k.trim(), v.trim());
        if key.is_empty() {
            return Err(Error::BadRequest(format!("filter `{s}` has no attribute name before `=`")));
        }
        Ok(AttrFilter { key: key.to_string(), value: value.to_string() })
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
    /// Whether an informant's attributes pass the attribute filters.
    pub fn admits(&self, attributes: &Attributes) -> bool {
        let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &self.where_ {
            by_key.entry(&f.key).or_default().push(&f.value);
        }
        by_key.iter().all(|(k, values)| {
            attributes.get(*k).is_some_and(|v| {
                let v = v.canonical().to_lowercase();
                values.iter().any(|w| w.to_lowercase() == v)
            })
        })
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
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest { query: String::new(), filters: Filters::default(), limit: 50, counts: Vec::new() }
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
