//! Codings given as quoted excerpts (`corpus/codings/<coder>.csv`), resolved to code-point spans.
//!
//! A row names a document, a code path and the exact excerpt, plus an occurrence index when the
//! excerpt appears more than once. Resolution fails loudly, naming file, line and field, when an
//! excerpt is missing or ambiguous: a coding never silently lands on the wrong text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location, Result};

/// One row of an excerpt-codings CSV, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcerptRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Document name.
    pub document: String,
    /// Code path, names joined with `/`.
    pub code: String,
    /// The exact excerpt.
    pub excerpt: String,
    /// Which occurrence (1-based) when the excerpt repeats.
    pub occurrence: Option<usize>,
}

/// A coding resolved to a span of its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ResolvedExcerpt {
    /// Document name.
    pub document: String,
    /// Code path.
    pub code: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

#[derive(Deserialize)]
struct RawRow {
    document: String,
    code: String,
    excerpt: String,
    #[serde(default)]
    occurrence: String,
}

/// Parse an excerpt-codings CSV with header `document,code,excerpt,occurrence`.
pub fn parse_excerpt_csv(data: &str, file: &str) -> Result<Vec<ExcerptRow>> {
    let csv_error = |e: csv::Error| {
        let mut at = Location::file(file);
        at.line = e.position().map(|p| p.line() as usize);
        Error::bad_input(at, format!("{e}; the header must be document,code,excerpt,occurrence"))
    };
    let mut reader = csv::Reader::from_reader(data.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(csv_error)?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let rec: RawRow = rec.deserialize(Some(&headers)).map_err(csv_error)?;
        let at = || Location::file(file).line(line);
        let occurrence = match rec.occurrence.trim() {
            "" => None,
            s => Some(s.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                Error::bad_input(at().field("occurrence"), format!("`{s}` is not a positive whole number"))
            })?),
        };
        if rec.excerpt.is_empty() {
            return Err(Error::bad_input(at().field("excerpt"), "the excerpt is empty"));
        }
        rows.push(ExcerptRow { line, document: rec.document, code: rec.code, excerpt: rec.excerpt, occurrence });
    }
    Ok(rows)
}

/// Resolve rows against document texts; `text_of` returns a document's stored text by name.
pub fn resolve_excerpts<'a>(
    rows: &[ExcerptRow],
    file: &str,
    text_of: impl Fn(&str) -> Option<&'a str>,
) -> Result<Vec<ResolvedExcerpt>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let at = || Location::file(file).line(row.line);
        let text = text_of(&row.document).ok_or_else(|| {
            Error::bad_input(at().field("document"), format!("no document `{}` in the project; import it first", row.document))
        })?;
        let found: Vec<usize> = text.match_indices(&row.excerpt).map(|(b, _)| b).collect();
        let byte = match (found.len(), row.occurrence) {
            (0, _) => {
                return Err(Error::bad_input(
                    at().field("excerpt"),
                    format!("excerpt not found in document `{}`: {:?}", row.document, abbreviate(&row.excerpt)),
                ));
            }
            (1, None) => found[0],
            (n, None) => {
                return Err(Error::bad_input(
                    at().field("occurrence"),
                    format!("the excerpt occurs {n} times in `{}`; say which with the occurrence column", row.document),
                ));
            }
            (n, Some(k)) if k > n => {
                return Err(Error::bad_input(
                    at().field("occurrence"),
                    format!("occurrence {k} asked for, but the excerpt occurs {n} times in `{}`", row.document),
                ));
            }
            (_, Some(k)) => found[k - 1],
        };
        let start = text[..byte].chars().count();
        let end = start + row.excerpt.chars().count();
        out.push(ResolvedExcerpt { document: row.document.clone(), code: row.code.clone(), start, end });
    }
    Ok(out)
}

fn abbreviate(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_string() } else { format!("{}...", s.chars().take(57).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(csv: &str, expect: &str) {
        let texts = [("d1", "I miss my mom. I miss my mom."), ("d2", "妈妈😀 in Seoul")];
        let got = parse_excerpt_csv(csv, "coder-a.csv")
            .and_then(|rows| {
                resolve_excerpts(&rows, "coder-a.csv", |d| texts.iter().find(|(n, _)| *n == d).map(|(_, t)| *t))
            })
            .map(|r| r.iter().map(|x| format!("{}:{}:{}-{}", x.document, x.code, x.start, x.end)).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|e| format!("error: {e}"));
        assert_eq!(got, expect);
    }

    #[test]
    fn resolving() {
        let h = "document,code,excerpt,occurrence\n";
        check(&format!("{h}d2,A/B,Seoul,\nd1,A,my mom,2\n"), "d2:A/B:7-12 d1:A:22-28");
        check(&format!("{h}d1,A,my mom,\n"), "error: coder-a.csv:2: field `occurrence`: the excerpt occurs 2 times in `d1`; say which with the occurrence column");
        check(&format!("{h}d1,A,my dad,\n"), "error: coder-a.csv:2: field `excerpt`: excerpt not found in document `d1`: \"my dad\"");
        check(&format!("{h}d1,A,my mom,3\n"), "error: coder-a.csv:2: field `occurrence`: occurrence 3 asked for, but the excerpt occurs 2 times in `d1`");
        check(&format!("{h}d9,A,x,\n"), "error: coder-a.csv:2: field `document`: no document `d9` in the project; import it first");
        check(&format!("{h}d1,A,mom,zero\n"), "error: coder-a.csv:2: field `occurrence`: `zero` is not a positive whole number");
    }
}
