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
use crate::text::timestamps::LineTime;
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
    /// Where the turn starts in the recording, in milliseconds, when the transcript says.
    pub start_ms: Option<u64>,
    /// Where it ends, in milliseconds, when the transcript says.
    pub end_ms: Option<u64>,
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
    let (text, turns) = timed_turns_from(trimmed, file, first_line, &labels)?;
    if turns.is_empty() {
        return Err(Error::bad_input(Location::file(file), "the transcript has no text after its front matter"));
    }
    Ok(Transcript { informant, attributes, citation, text, turns })
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
///
/// The text is taken as it is: timestamps in it stay text (see [`parse_timed_turns`]).
pub fn parse_turns(body: &str, file: &str, interviewer_labels: &[String]) -> Result<Vec<Turn>> {
    turns_from(body, file, 1, interviewer_labels, None)
}

/// Split a body into speaker turns, taking its timestamps out of the text and onto the turns
/// (see [`crate::text::timestamps`]). Returns the text as stored, without the marks, and its turns.
///
/// A turn's start is the mark at its start, or else the end of the turn before it (f4 marks a
/// paragraph's end; the next one starts there), or 0 for a first turn whose end is marked. Its end
/// is the mark at its end, or else the start of the next timed turn. A turn that ends before it
/// starts is an error naming its line.
pub fn parse_timed_turns(body: &str, file: &str, interviewer_labels: &[String]) -> Result<(String, Vec<Turn>)> {
    timed_turns_from(body, file, 1, interviewer_labels)
}

fn timed_turns_from(body: &str, file: &str, first_line: usize, interviewer_labels: &[String]) -> Result<(String, Vec<Turn>)> {
    let label_end = |line: &str| LABEL.find(line).map(|m| m.end());
    let stripped = crate::text::timestamps::strip_marks(body, file, first_line, label_end)?;
    if !stripped.any {
        return Ok((body.to_string(), turns_from(body, file, first_line, interviewer_labels, None)?));
    }
    let mut turns = turns_from(&stripped.text, file, first_line, interviewer_labels, Some(&stripped.lines))?;
    fill_times(&mut turns);
    for (turn, line) in turns.iter().zip(turn_lines(&stripped.text, &turns, first_line)) {
        if let (Some(start), Some(end)) = (turn.start_ms, turn.end_ms) {
            if end < start {
                return Err(Error::bad_input(
                    Location::file(file).line(line),
                    format!(
                        "the turn starts at {} but its end is marked {}; fix the timestamps",
                        crate::text::timestamps::hms(start),
                        crate::text::timestamps::hms(end)
                    ),
                ));
            }
        }
    }
    Ok((stripped.text, turns))
}

/// Fill the times a transcript leaves implicit: a turn starts where the one before it ended (or
/// at 0 when it is the first and its end is marked), and ends where the next timed turn starts.
fn fill_times(turns: &mut [Turn]) {
    for i in 0..turns.len() {
        if turns[i].start_ms.is_none() {
            turns[i].start_ms = match i {
                0 => turns[0].end_ms.map(|_| 0),
                _ => turns[i - 1].end_ms,
            };
        }
    }
    for i in (0..turns.len().saturating_sub(1)).rev() {
        if turns[i].end_ms.is_none() {
            if let (Some(start), Some(next)) = (turns[i].start_ms, turns[i + 1].start_ms) {
                turns[i].end_ms = (next >= start).then_some(next);
            }
        }
    }
}

/// Turn times from a transcript's sync points (REFI-QDA): `(position, ms)` pairs sorted by
/// position. A turn starts at the first point after the turn before it ended and before its own
/// end, and ends at a point on its end; the rest is filled as for timestamps in text. An end
/// before its start is dropped.
pub(crate) fn times_from_sync_points(turns: &mut [Turn], sync: &[(usize, u64)]) {
    if sync.is_empty() {
        return;
    }
    let mut previous_end: Option<usize> = None;
    for turn in turns.iter_mut() {
        let first = sync.partition_point(|(p, _)| previous_end.is_some_and(|l| *p <= l));
        turn.start_ms = sync.get(first).filter(|(p, _)| *p < turn.end).map(|(_, ms)| *ms);
        let at_end = sync.partition_point(|(p, _)| *p < turn.end);
        turn.end_ms = sync.get(at_end).filter(|(p, _)| *p == turn.end).map(|(_, ms)| *ms);
        previous_end = Some(turn.end);
    }
    fill_times(turns);
    for turn in turns.iter_mut() {
        if let (Some(start), Some(end)) = (turn.start_ms, turn.end_ms) {
            if end < start {
                turn.end_ms = None;
            }
        }
    }
}

/// The line each turn starts on, for messages.
fn turn_lines(text: &str, turns: &[Turn], first_line: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(turns.len());
    let (mut line, mut at) = (first_line, 0usize);
    let mut chars = text.chars();
    for t in turns {
        while at < t.start {
            match chars.next() {
                Some('\n') => line += 1,
                Some(_) => {}
                None => break,
            }
            at += 1;
        }
        out.push(line);
    }
    out
}

/// [`parse_turns`] of a body that starts on line `first_line` of its file. With `times`, one
/// entry per line, a turn takes the start marked on its first line (or on a line of its own
/// before it) and the end marked on its last line.
fn turns_from(body: &str, file: &str, first_line: usize, interviewer_labels: &[String], times: Option<&[LineTime]>) -> Result<Vec<Turn>> {
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
    // A start marked on a line of its own, for the turn that opens next.
    let mut pending: Option<u64> = None;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let time = times.and_then(|t| t.get(i)).copied().unwrap_or_default();
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
                start_ms: time.lead.or(pending.take()),
                end_ms: time.tail,
            });
        } else if content.trim().is_empty() {
            // A mark alone on a line: a start belongs to the next turn, an end to this one.
            if time.lead.is_some() {
                pending = time.lead;
            }
            if let Some(end) = time.tail {
                match (&mut open, turns.last_mut()) {
                    (Some(t), _) => t.end_ms = Some(end),
                    (None, Some(t)) => t.end_ms = Some(end),
                    (None, None) => {}
                }
            }
            // A blank line ends an unlabelled paragraph, but not a labelled turn.
            if let Some(t) = open.take_if(|t| t.speaker.is_empty()) {
                push(&mut turns, t, open_line)?;
            }
        } else {
            let lead = content.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed_end = chars_before + content.trim_end().chars().count();
            // In unlabelled text, a line with its own start mark is a turn of its own.
            if time.lead.is_some() {
                if let Some(t) = open.take_if(|t| t.speaker.is_empty()) {
                    push(&mut turns, t, open_line)?;
                }
            }
            match &mut open {
                Some(t) => {
                    t.end = trimmed_end;
                    t.end_ms = time.tail;
                }
                None => {
                    open_line = first_line + i;
                    open = Some(Turn {
                        speaker: String::new(),
                        role: Role::Respondent,
                        start: chars_before + lead,
                        end: trimmed_end,
                        start_ms: time.lead.or(pending.take()),
                        end_ms: time.tail,
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

    /// Each turn as `speaker|start_ms-end_ms|said`, times as given or `?`.
    fn timed(text: &str) -> String {
        let show = |ms: Option<u64>| ms.map_or("?".to_string(), |m| m.to_string());
        match parse_timed_turns(text, "t.txt", &[]) {
            Ok((stored, turns)) => turns
                .iter()
                .map(|t| format!("{}|{}-{}|{}", t.speaker, show(t.start_ms), show(t.end_ms), slice_chars(&stored, t.start, t.end).unwrap()))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn timestamps_leave_the_text_and_stay_on_the_turns() {
        // Leading marks: each turn ends where the next starts; the last has no end.
        assert_eq!(
            timed("[00:00:05] I: How is school?\n[00:00:09] R: Fine.\nReally fine.\n\n[00:01:00] I: Good."),
            "I|5000-9000|How is school?\nR|9000-60000|Fine.\nReally fine.\nI|60000-?|Good."
        );
        // After the label, in parentheses, minutes and seconds only.
        assert_eq!(timed("I: (01:02) Hi\nR: [01:05.5] Hello"), "I|62000-65500|Hi\nR|65500-?|Hello");
        // A mark alone on a line starts the next turn.
        assert_eq!(timed("[00:00:03]\nI: Hi\n\n[00:00:07]\nR: Yes"), "I|3000-7000|Hi\nR|7000-?|Yes");
        // f4: the end of each paragraph; a turn starts where the one before ended, the first at 0.
        assert_eq!(
            timed("I: Wie geht's? #00:00:05-2#\nB: Gut. #00:01:10-1#\n\nI: Und? #00:01:20-0#"),
            "I|0-5200|Wie geht's?\nB|5200-70100|Gut.\nI|70100-80000|Und?"
        );
        // Unlabelled lines with their own marks are turns of their own.
        assert_eq!(timed("[00:00:01] Hello there\n[00:00:04] General Kenobi"), "|1000-4000|Hello there\n|4000-?|General Kenobi");
        // No marks: the text is untouched and no turn has a time.
        assert_eq!(timed("I: Hi\nR: At 10:30 (laughs)"), "I|?-?|Hi\nR|?-?|At 10:30 (laughs)");
    }

    #[test]
    fn malformed_or_contradictory_timestamps_are_errors_naming_the_line() {
        assert_eq!(
            timed("I: Hi\n\n[00:0:99] R: no"),
            "error: t.txt:3: a timestamp that cannot be read: `[00:0:99]`; write it as [hh:mm:ss], (hh:mm:ss) or [mm:ss], with minutes and seconds below 60"
        );
        assert_eq!(
            timed("I: Hi\n[00:00:09] R: later #00:00:04-0#"),
            "error: t.txt:2: the turn starts at 00:00:09 but its end is marked 00:00:04; fix the timestamps"
        );
        // Front matter counts in the line number.
        let err = parse("---\nid: x\n---\nI: a\nR: b #0:00:0x-1#", "t.md", &ParseOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "t.md:5: a timestamp that cannot be read: `#0:00:0x-1#`; write it as #hh:mm:ss-d#, with minutes and seconds below 60");
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
