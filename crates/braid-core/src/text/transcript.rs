//! Parsing a transcript into front matter and speaker turns.
//!
//! A turn starts on a line beginning `Label:` (or the full-width `Label：`); lines that follow
//! without a label continue the turn above. Text before the first label, or in a file with no
//! labels at all, becomes unlabelled respondent segments, one per paragraph.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::attrs::{self, Attributes};
use crate::error::{Error, Location, Result};

/// Who is speaking in a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The researcher asking questions.
    Interviewer,
    /// The informant (or anyone else who is not the interviewer).
    Respondent,
}

impl Role {
    /// The name used in the store and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Respondent => "respondent",
        }
    }

    /// Parse a stored role name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "interviewer" => Some(Role::Interviewer),
            "respondent" => Some(Role::Respondent),
            _ => None,
        }
    }
}

/// The most speaker turns in one document. A three-hour interview has a few thousand; past this a
/// file is not a transcript, and its turns would cost far more memory than its text.
pub const MAX_TURNS: usize = 100_000;

/// Labels treated as the interviewer's when nothing else is said.
pub const DEFAULT_INTERVIEWER_LABELS: &[&str] = &["I", "Interviewer"];

/// One speaker turn: the label and the code-point span of what was said (label excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The label as written, e.g. `R` or `Grandmother`; empty for unlabelled text.
    pub speaker: String,
    /// Interviewer or respondent.
    pub role: Role,
    /// Code-point offset of the first character said.
    pub start: usize,
    /// Code-point offset just past the last non-blank character said.
    pub end: usize,
}

/// A transcript split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    /// The informant id from front matter, if any.
    pub informant: Option<String>,
    /// Front-matter keys that are informant attributes.
    pub attributes: Attributes,
    /// Front-matter `citation`, kept with the document.
    pub citation: Option<String>,
    /// The stored text: everything after the front matter.
    pub text: String,
    /// The speaker turns, in order.
    pub turns: Vec<Turn>,
}

/// Options for parsing turns.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Labels that mark interviewer turns (case-insensitive). Empty means the defaults.
    pub interviewer_labels: Vec<String>,
}

pub(crate) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // Up to three words of letters (any script), digits, dots, apostrophes or hyphens, then a colon.
    Regex::new(r"^(\p{L}[\p{L}\p{N}.'’\-]*(?: [\p{L}\p{N}.'’\-]+){0,2})[ \t]*[:：][ \t]*").unwrap()
});

/// The most front matter a transcript may carry: it holds an informant's attributes, a few
/// hundred bytes in practice. Past this the YAML parser's time grows faster than the text.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// The deepest nesting of `[` and `{` in front matter, checked before the YAML parser reads it.
pub const MAX_FRONT_MATTER_NESTING: usize = 16;

/// Refuse front matter that is too large or nests too deep, before parsing: the YAML parser's
/// time grows with the nesting, so 100,000 `[` would keep it busy for minutes.
fn check_front_matter(yaml: &str, file: &str, first_line: usize) -> Result<()> {
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Error::bad_input(
            Location::file(file).line(first_line),
            format!("front matter of {} bytes, more than {MAX_FRONT_MATTER_BYTES} (the limit); keep only the informant's attributes there", yaml.len()),
        ));
    }
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        for c in line.chars() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_FRONT_MATTER_NESTING {
                return Err(Error::bad_input(
                    Location::file(file).line(first_line + i),
                    format!("front matter nests lists or maps deeper than {MAX_FRONT_MATTER_NESTING} levels (the limit); attributes are plain values"),
                ));
            }
        }
    }
    Ok(())
}

/// Keys of front matter that describe the document rather than the informant.
const RESERVED_KEYS: &[&str] = &["id", "interviewer_labels", "citation"];

/// Parse a transcript's normalised text (front matter, if any, then turns).
pub fn parse(text: &str, file: &str, options: &ParseOptions) -> Result<Transcript> {
    let (front, body, body_line) = split_front_matter(text, file)?;
    let mut informant = None;
    let mut attributes = Attributes::new();
    let mut citation = None;
    let mut labels: Vec<String> = options.interviewer_labels.clone();
    if let Some((yaml, first_line)) = front {
        check_front_matter(yaml, file, first_line)?;
        let value: serde_norway::Value = serde_norway::from_str(yaml).map_err(|e| {
            let mut at = Location::file(file);
            at.line = e.location().map(|l| l.line() + first_line - 1).or(Some(first_line));
            Error::bad_input(at, format!("malformed front matter: {e}"))
        })?;
        let map = match value {
            serde_norway::Value::Mapping(m) => m,
            serde_norway::Value::Null => Default::default(),
            _ => {
                return Err(Error::bad_input(
                    Location::file(file).line(first_line),
                    "front matter must be `key: value` lines",
                ));
            }
        };
        for (k, v) in map {
            let key = match k {
                serde_norway::Value::String(s) => s,
                other => {
                    return Err(Error::bad_input(
                        Location::file(file).line(first_line),
                        format!("front-matter key {other:?} is not text"),
                    ));
                }
            };
            let bad = |what: &str| {
                Error::bad_input(Location::file(file).line(first_line).field(&key), what.to_string())
            };
            match key.as_str() {
                "id" => {
                    informant = Some(
                        attrs::from_yaml(&v)
                            .map(|a| a.canonical())
                            .ok_or_else(|| bad("the informant id must be text, e.g. id: \"0403\""))?,
                    );
                }
                "interviewer_labels" => {
                    labels = match v {
                        serde_norway::Value::Sequence(seq) => seq
                            .iter()
                            .map(|x| attrs::from_yaml(x).map(|a| a.canonical()))
                            .collect::<Option<Vec<_>>>()
                            .ok_or_else(|| bad("give a list of labels, e.g. [I, Q]"))?,
                        other => vec![attrs::from_yaml(&other)
                            .map(|a| a.canonical())
                            .ok_or_else(|| bad("give a list of labels, e.g. [I, Q]"))?],
                    }
                }
                "citation" => citation = attrs::from_yaml(&v).map(|a| a.canonical()),
                _ => {
                    let value = attrs::from_yaml(&v)
                        .ok_or_else(|| bad("attribute values must be text, numbers or dates, not lists"))?;
                    attributes.insert(key, value);
                }
            }
        }
    }
    debug_assert!(RESERVED_KEYS.contains(&"id"));
    let trimmed = body.trim_start_matches('\n');
    let first_line = body_line + (body.len() - trimmed.len());
    let body = trimmed;
    let turns = turns_from(body, file, first_line, &labels)?;
    if turns.is_empty() {
        return Err(Error::bad_input(Location::file(file), "the transcript has no text after its front matter"));
    }
    Ok(Transcript { informant, attributes, citation, text: body.to_string(), turns })
}

/// Split `---` front matter from the body. Returns the YAML with its first line number.
fn split_front_matter<'a>(text: &'a str, file: &str) -> Result<(Option<(&'a str, usize)>, &'a str, usize)> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((None, text, 1));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((Some((yaml, 2)), body, i + 3));
        }
        offset += line.len();
    }
    Err(Error::bad_input(
        Location::file(file).line(1),
        "front matter opened with `---` is never closed; end it with a `---` line",
    ))
}

/// The role of a speaker label: interviewer when it is one of `interviewer_labels` (by default
/// `I` and `Interviewer`), ignoring case; respondent otherwise.
pub(crate) fn role_of(label: &str, interviewer_labels: &[String]) -> Role {
    let interviewer = if interviewer_labels.is_empty() {
        DEFAULT_INTERVIEWER_LABELS.iter().any(|l| l.eq_ignore_ascii_case(label))
    } else {
        interviewer_labels.iter().any(|l| l.eq_ignore_ascii_case(label))
    };
    if interviewer { Role::Interviewer } else { Role::Respondent }
}

/// Split a body into speaker turns with code-point offsets.
///
/// More than [`MAX_TURNS`] turns is an error naming `file` and the line where the limit was passed.
pub fn parse_turns(body: &str, file: &str, interviewer_labels: &[String]) -> Result<Vec<Turn>> {
    turns_from(body, file, 1, interviewer_labels)
}

/// [`parse_turns`] of a body that starts on line `first_line` of its file.
fn turns_from(body: &str, file: &str, first_line: usize, interviewer_labels: &[String]) -> Result<Vec<Turn>> {
    let is_interviewer = |label: &str| role_of(label, interviewer_labels) == Role::Interviewer;
    let mut turns: Vec<Turn> = Vec::new();
    // Empty turns (a label with nothing said) are dropped; the count stops at the limit, so a
    // hostile file never holds more than MAX_TURNS turns in memory.
    let push = |turns: &mut Vec<Turn>, turn: Turn, line: usize| {
        if turn.end <= turn.start {
            return Ok(());
        }
        if turns.len() == MAX_TURNS {
            return Err(Error::bad_input(
                Location::file(file).line(line),
                format!("more than {MAX_TURNS} speaker turns (the limit); split the transcript into smaller files"),
            ));
        }
        turns.push(turn);
        Ok(())
    };
    // The open turn: (speaker, role, start, end) with end at the last non-blank char so far.
    let mut open: Option<Turn> = None;
    let mut chars_before = 0usize;
    // The line the open turn starts on, for the error when it is one turn too many.
    let mut open_line = first_line;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches('\n');
        let line_chars = content.chars().count();
        let label = LABEL.captures(content).and_then(|m| Some((m.get(0)?.end(), m.get(1)?.as_str())));
        if let Some((whole_end, label)) = label {
            if let Some(t) = open.take() {
                push(&mut turns, t, open_line)?;
            }
            let start = chars_before + content[..whole_end].chars().count();
            let said = content[whole_end..].trim_end();
            let end = start + said.chars().count();
            open_line = first_line + i;
            open = Some(Turn {
                speaker: label.to_string(),
                role: if is_interviewer(label) { Role::Interviewer } else { Role::Respondent },
                start,
                end,
            });
        } else if content.trim().is_empty() {
            // A blank line ends an unlabelled paragraph, but not a labelled turn.
            if let Some(t) = open.take_if(|t| t.speaker.is_empty()) {
                push(&mut turns, t, open_line)?;
            }
        } else {
            let lead = content.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed_end = chars_before + content.trim_end().chars().count();
            match &mut open {
                Some(t) => t.end = trimmed_end,
                None => {
                    open_line = first_line + i;
                    open = Some(Turn {
                        speaker: String::new(),
                        role: Role::Respondent,
                        start: chars_before + lead,
                        end: trimmed_end,
                    })
                }
            }
        }
        chars_before += line_chars + usize::from(line.ends_with('\n'));
    }
    if let Some(t) = open {
        push(&mut turns, t, open_line)?;
    }
    Ok(turns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    fn check(text: &str, expect: &str) {
        let got = match parse(text, "t.md", &ParseOptions::default()) {
            Ok(t) => {
                let mut out = String::new();
                if let Some(i) = &t.informant {
                    out.push_str(&format!("id={i} "));
                }
                out.push_str(&serde_json::to_string(&t.attributes).unwrap());
                for turn in &t.turns {
                    let said = slice_chars(&t.text, turn.start, turn.end).unwrap();
                    out.push_str(&format!("\n{}|{}|{}", turn.speaker, turn.role.as_str(), said));
                }
                out
            }
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "\n{got}");
    }

    #[test]
    fn turns() {
        check("I: How are you?\nR: Fine.\n", "{}\nI|interviewer|How are you?\nR|respondent|Fine.");
        check(
            "I: Two\nlines here.\n\nR: And\n  continued.  \n\nGrandmother: Me too.",
            "{}\nI|interviewer|Two\nlines here.\nR|respondent|And\n  continued.\nGrandmother|respondent|Me too.",
        );
        check("Interviewer：你好。\n学生：我想妈妈😀。", "{}\nInterviewer|interviewer|你好。\n学生|respondent|我想妈妈😀。");
        check("Just prose.\nMore.\n\nSecond para.", "{}\n|respondent|Just prose.\nMore.\n|respondent|Second para.");
        check("Preamble\n\nI: Q?\n10:30 is not a label.", "{}\n|respondent|Preamble\nI|interviewer|Q?\n10:30 is not a label.");
        check("R:\nI: empty answer above", "{}\nI|interviewer|empty answer above");
    }

    #[test]
    fn front_matter() {
        check(
            "---\nid: \"0602\"\nschool: Korean secondary\nage: 14\nvisited: 2019-12-02\n---\n\nI: Hi\nR: Hello",
            "id=0602 {\"age\":14,\"school\":\"Korean secondary\",\"visited\":\"2019-12-02\"}\nI|interviewer|Hi\nR|respondent|Hello",
        );
        check(
            "---\ninterviewer_labels: [Q]\n---\nQ: asked\nI: answered",
            "{}\nQ|interviewer|asked\nI|respondent|answered",
        );
        check("---\nid: [1, 2\n---\nR: x", "error: t.md:3: malformed front matter: did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 5");
        check("---\nid: x\nR: never closed", "error: t.md:1: front matter opened with `---` is never closed; end it with a `---` line");
        check("---\nid: x\n---\n\n", "error: t.md: the transcript has no text after its front matter");
        check("---\ntags: [a, b]\n---\nR: x", "error: t.md:2: field `tags`: attribute values must be text, numbers or dates, not lists");
    }

    #[test]
    fn more_turns_than_the_limit_are_refused_naming_the_line() {
        let many = "R: x\n".repeat(MAX_TURNS);
        assert_eq!(parse_turns(&many, "t.txt", &[]).unwrap().len(), MAX_TURNS);
        check(
            &format!("---\nid: x\n---\n\n{many}I: one too many\n"),
            &format!("error: t.md:{}: more than 100000 speaker turns (the limit); split the transcript into smaller files", MAX_TURNS + 5),
        );
        // Empty turns are not counted.
        let empty = "R:\n".repeat(MAX_TURNS + 1);
        assert_eq!(parse_turns(&format!("{empty}R: said"), "t.txt", &[]).unwrap().len(), 1);
    }

    #[test]
    fn deeply_nested_front_matter_is_an_error_not_a_stack_overflow() {
        let deep = format!("---\nid: {}{}\n---\nR: x", "[".repeat(20), "]".repeat(20));
        let err = parse(&deep, "t.md", &ParseOptions::default()).unwrap_err().to_string();
        assert_eq!(err, "t.md:2: front matter nests lists or maps deeper than 16 levels (the limit); attributes are plain values");
        let big = format!("---\nid: {}\n---\nR: x", "a".repeat(MAX_FRONT_MATTER_BYTES));
        let err = parse(&big, "t.md", &ParseOptions::default()).unwrap_err().to_string();
        assert!(err.starts_with("t.md:2: front matter of 65541 bytes, more than 65536 (the limit)"), "{err}");
        let laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\nR: x";
        assert!(parse(laughs, "t.md", &ParseOptions::default()).is_err());
    }
}
