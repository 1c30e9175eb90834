//! Queries: the limits a query string must keep, the operators tantivy's grammar leaves to
//! Braid (`word*`, `word~N`), and the matcher that finds the query's words in a turn's text for
//! highlighting.

use tantivy::tokenizer::TextAnalyzer;

use crate::error::{Error, Result};
use crate::store::Span;

/// The deepest nesting a query may have: groups `( )` inside one another, and `NOT`s in a row,
/// each count one level. tantivy's query parser recurses once per level (and so do the query it
/// builds and its scorers), so a query nested thousands deep would overflow the stack; no query
/// a person writes comes near this.
pub const MAX_QUERY_DEPTH: usize = 256;

/// The longest query, in characters. Parsing and matching grow with the query; a query is typed
/// or pasted, and this is pages of it.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Check a query before tantivy parses it: its length, its nesting depth, and the characters that
/// open constructs Braid does not search (ranges, sets, regexes).
///
/// The depth is counted outside quoted phrases, so that `"(laughs)"` counts nothing. That is
/// only sound if this scan and tantivy's parser agree on where phrases are. They do as long as
/// no range (`[a TO b]`, `{..}`, `>x`, `<x`) or regex (`/x/`) is in the query, whose bounds may
/// hold a quote that does not open a phrase; those constructs are refused here (they would be
/// refused after parsing anyway), before they can hide groups from the count.
pub(crate) fn check_query(query: &str) -> Result<()> {
    let too_deep = || {
        Error::BadRequest(format!(
            "the query nests groups or NOTs deeper than {MAX_QUERY_DEPTH} levels (the limit); remove some parentheses"
        ))
    };
    let unsupported = |c: char| {
        Error::BadRequest(format!(
            "`{c}` opens a range, set or regex, which are not supported; use words, phrases, prefix* and word~1 (punctuation is not searched: leave it out)"
        ))
    };
    // `quote` is the open phrase's delimiter; `nots` counts the `NOT`s since the last other word,
    // since `NOT NOT NOT x` nests like parentheses.
    let (mut depth, mut nots, mut quote, mut word) = (0usize, 0usize, None::<char>, String::new());
    let mut prev: Option<char> = None;
    let mut it = query.chars();
    while let Some(c) = it.next() {
        if let Some(q) = quote {
            match c {
                '\\' => {
                    it.next();
                }
                c if c == q => quote = None,
                _ => {}
            }
            prev = Some(c);
            continue;
        }
        let word_ends = c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'');
        if word_ends && !word.is_empty() {
            if word == "NOT" {
                nots += 1;
            } else {
                nots = 0;
            }
            word.clear();
        }
        match c {
            '\\' => {
                // An escaped character is part of a word, whatever it is.
                word.push(c);
                if let Some(next) = it.next() {
                    word.push(next);
                }
            }
            '"' | '\'' => quote = Some(c),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '[' | ']' | '{' | '}' | '<' | '>' => return Err(unsupported(c)),
            // Inside a word (`and/or`) a slash is a character; where a term may begin it opens
            // a regex.
            '/' if !prev.is_some_and(char::is_alphanumeric) => return Err(unsupported(c)),
            c if c.is_whitespace() => {}
            c => word.push(c),
        }
        if depth + nots > MAX_QUERY_DEPTH {
            return Err(too_deep());
        }
        prev = Some(c);
    }
    if word == "NOT" && depth + nots + 1 > MAX_QUERY_DEPTH {
        return Err(too_deep());
    }
    // Checked after the scan, so that a deeply nested query (usually long too) hears about its
    // depth, which is what to fix.
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(Error::BadRequest(format!(
            "the query has {chars} characters, more than {MAX_QUERY_CHARS} (the limit); search for fewer words at once"
        )));
    }
    Ok(())
}

/// The phrase of a literal without its operator, whether it is a prefix, and its fuzzy distance.
/// The largest edit distance of a fuzzy word (`word~2`); tantivy's automata stop at 2.
pub const MAX_FUZZY_DISTANCE: u32 = 2;

pub(crate) fn bare_word_operators(lit: &tantivy::query_grammar::UserInputLiteral) -> Result<(&str, bool, u32)> {
    use tantivy::query_grammar::Delimiter;
    if lit.delimiter != Delimiter::None {
        return Ok((&lit.phrase, lit.prefix, if lit.phrase.split_whitespace().count() == 1 { lit.slop } else { 0 }));
    }
    if let Some(stem) = lit.phrase.strip_suffix('*') {
        return Ok((stem, true, 0));
    }
    if let Some((stem, d)) = lit.phrase.rsplit_once('~') {
        if d.is_empty() {
            return Ok((stem, false, 1));
        }
        if d.bytes().all(|b| b.is_ascii_digit()) {
            return match d.parse::<u32>() {
                Ok(n) if n <= MAX_FUZZY_DISTANCE => Ok((stem, false, n)),
                _ => Err(Error::BadRequest(format!(
                    "`{stem}~{d}`: a fuzzy word allows an edit distance of at most {MAX_FUZZY_DISTANCE} (the limit); write `{stem}~1` or `{stem}~2`"
                ))),
            };
        }
    }
    Ok((&lit.phrase, lit.prefix, 0))
}

pub(crate) fn push(matcher: &mut Matcher, negated: bool, p: Pattern) {
    if !negated {
        matcher.patterns.push(p);
    }
}

/// What to highlight: the positive patterns of the query.
#[derive(Debug, Default, Clone)]
pub(crate) struct Matcher {
    pub(crate) patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    Term(String),
    Prefix(String),
    Fuzzy(String, u8),
    Phrase { words: Vec<String>, slop: u32, prefix: bool },
}

impl Matcher {
    /// Code-point spans, relative to `text`, of every match, sorted and merged.
    pub(crate) fn find(&self, text: &str, analyzer: &mut TextAnalyzer) -> Vec<Span> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let mut tokens: Vec<(String, usize, usize)> = Vec::new();
        analyzer.token_stream(text).process(&mut |t| tokens.push((t.text.clone(), t.offset_from, t.offset_to)));
        let word_matches = |w: &str, tok: &str, last_prefix: bool| if last_prefix { tok.starts_with(w) } else { tok == w };
        let mut byte_spans: Vec<(usize, usize)> = Vec::new();
        for p in &self.patterns {
            match p {
                Pattern::Term(w) => byte_spans.extend(tokens.iter().filter(|t| t.0 == *w).map(|t| (t.1, t.2))),
                Pattern::Prefix(w) => byte_spans.extend(tokens.iter().filter(|t| t.0.starts_with(w.as_str())).map(|t| (t.1, t.2))),
                Pattern::Fuzzy(w, d) => byte_spans.extend(tokens.iter().filter(|t| edit_distance(&t.0, w) <= *d as usize).map(|t| (t.1, t.2))),
                Pattern::Phrase { words, slop, prefix } => {
                    for i in 0..tokens.len() {
                        if !word_matches(&words[0], &tokens[i].0, false) {
                            continue;
                        }
                        // Greedy: each next word within the remaining slop.
                        let (mut pos, mut budget, mut ok) = (i, *slop as usize, true);
                        for (k, w) in words.iter().enumerate().skip(1) {
                            let last = k == words.len() - 1;
                            let found = (pos + 1..=(pos + 1).saturating_add(budget).min(tokens.len().saturating_sub(1)))
                                .find(|&j| j < tokens.len() && word_matches(w, &tokens[j].0, last && *prefix));
                            match found {
                                Some(j) => {
                                    budget -= j - pos - 1;
                                    pos = j;
                                }
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                        if ok {
                            byte_spans.push((tokens[i].1, tokens[pos].2));
                        }
                    }
                }
            }
        }
        byte_spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in byte_spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut counter = crate::text::CharCounter::new(text);
        merged.into_iter().map(|(s, e)| Span { start: counter.char_at(s), end: counter.char_at(e) }).collect()
    }
}

/// Optimal-string-alignment distance (a transposition costs one), as the fuzzy query counts.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("mother", "mother"), 0);
        assert_eq!(edit_distance("mother", "mohter"), 1);
        assert_eq!(edit_distance("teacher", "teachers"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
