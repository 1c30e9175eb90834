//! Timestamps written into transcripts, and the clock they read on.
//!
//! Transcription tools mark the recording's time in the text:
//! - `[hh:mm:ss]`, `(hh:mm:ss)` or `[mm:ss]` at the start of a turn (before or just after the
//!   speaker's label), giving the time the turn starts;
//! - the `#hh:mm:ss-d#` marks of f4 and f5, usually at the end of a paragraph, giving the time at
//!   that point; `-d` is tenths of a second.
//!
//! [`strip_marks`] takes the marks out of the text line by line, so that the stored text reads as
//! speech, and keeps what each line said about the time. A mark that looks like a timestamp but
//! cannot be read is an error naming its line: a damaged mark is never guessed at.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Location, Result};

/// A clock time in milliseconds: `hh:mm:ss`, `mm:ss`, with an optional fraction after `.` or `,`
/// (`,5` is half a second). Minutes and seconds are below 60; hours have at most nine digits.
pub(crate) fn clock(s: &str) -> Option<u64> {
    fn number(digits: &str, max_len: usize) -> Option<u64> {
        if digits.is_empty() || digits.len() > max_len || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }
    let parts: Vec<&str> = s.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => (0, *m, *s),
        // Nine digits of hours is over a hundred thousand years: enough, and no overflow.
        [h, m, s] => (number(h, 9)?, *m, *s),
        _ => return None,
    };
    let minutes = number(minutes, 2).filter(|m| *m < 60)?;
    let (whole, fraction) = match seconds.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (seconds, ""),
    };
    let whole = number(whole, 2).filter(|s| *s < 60)?;
    let millis = if fraction.is_empty() && !seconds.contains([',', '.']) {
        0
    } else {
        // Pad the fraction to three digits.
        number(fraction, 3)? * 10u64.pow(3 - fraction.len() as u32)
    };
    Some(((hours * 60 + minutes) * 60 + whole) * 1000 + millis)
}

/// A time as `hh:mm:ss`, as exports show it (tenths and below dropped).
pub fn hms(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// What looks like a timestamp at the start of a line: a bracket or parenthesis around digits
/// with a colon. Whether it reads as one is checked after.
static LEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*([\[(])[ \t]*(\d[\d:.,]*:[\d:.,]*)[ \t]*([\])])[ \t]*").unwrap());

/// What looks like an f4/f5 mark: `#`, a digit, anything without spaces or `#` containing a
/// colon, `#`.
static F4: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#(\d[^#\s]{0,24})#").unwrap());

/// What one line said about the time, once its marks are out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineTime {
    /// A mark at the start of the line (before or after the label): the time the line starts.
    pub lead: Option<u64>,
    /// An f4 mark at the end of the line: the time the line ends.
    pub tail: Option<u64>,
}

/// Text with its timestamps taken out, line for line as given, and what each line said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stripped {
    /// The text without marks; it has the same lines as the original.
    pub text: String,
    /// One entry per line of `text`.
    pub lines: Vec<LineTime>,
    /// Whether any mark was found.
    pub any: bool,
}

fn unreadable(file: &str, line: usize, mark: &str, form: &str) -> Error {
    Error::bad_input(
        Location::file(file).line(line),
        format!("a timestamp that cannot be read: `{mark}`; write it as {form}, with minutes and seconds below 60"),
    )
}

const LEADING_FORMS: &str = "[hh:mm:ss], (hh:mm:ss) or [mm:ss]";
const F4_FORM: &str = "#hh:mm:ss-d#";

/// A leading mark on `content`: its time and the byte length it covers (with the spaces after).
fn leading(content: &str, file: &str, line: usize) -> Result<Option<(u64, usize)>> {
    let Some(m) = LEADING.captures(content) else { return Ok(None) };
    let whole = m.get(0).map_or("", |g| g.as_str());
    let pair_matches = matches!((&m[1], &m[3]), ("[", "]") | ("(", ")"));
    let shown = whole.trim();
    match clock(&m[2]).filter(|_| pair_matches) {
        Some(ms) => Ok(Some((ms, whole.len()))),
        None => Err(unreadable(file, line, shown, LEADING_FORMS)),
    }
}

/// An f4 mark's time: `hh:mm:ss-d`, or `hh:mm:ss` alone.
fn f4_time(inner: &str) -> Option<u64> {
    let (clock_part, tenths) = match inner.split_once('-') {
        Some((c, t)) => (c, Some(t)),
        None => (inner, None),
    };
    if clock_part.split(':').count() != 3 || clock_part.contains(['.', ',']) {
        return None;
    }
    match tenths {
        None => clock(clock_part),
        Some(t) => clock(&format!("{clock_part}.{t}")),
    }
}

/// Take the timestamps out of `text`, whose first line is line `first_line` of `file`.
///
/// `label_end` gives, for a line, the byte offset just past its speaker label (if it has one), so
/// that a mark right after the label is found too.
pub(crate) fn strip_marks(text: &str, file: &str, first_line: usize, label_end: impl Fn(&str) -> Option<usize>) -> Result<Stripped> {
    let mut out = String::with_capacity(text.len());
    let mut lines = Vec::new();
    let mut any = false;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let number = first_line + i;
        let (content, newline) = match raw.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (raw, ""),
        };
        let mut time = LineTime::default();
        // Most lines carry no mark: they are copied as they are, without the work below.
        if !content.contains(['[', '(', '#']) {
            out.push_str(raw);
            lines.push(time);
            continue;
        }
        let mut line = content.to_string();
        // A mark first on the line, or right after the label.
        if let Some((ms, len)) = leading(&line, file, number)? {
            time.lead = Some(ms);
            line.replace_range(..len, "");
        } else if let Some(end) = label_end(&line).filter(|e| line[*e..].starts_with(['[', '('])) {
            if let Some((ms, len)) = leading(&line[end..], file, number)? {
                time.lead = Some(ms);
                line.replace_range(end..end + len, "");
            }
        }
        // f4 marks anywhere: one first on the line (or right after the label) is the line's
        // start, one last on the line its end; others only leave the text.
        if line.contains('#') {
            let mut marks = Vec::new();
            for m in F4.captures_iter(&line) {
                let whole = m.get(0).expect("a match has a whole");
                if !m[1].contains(':') {
                    continue;
                }
                let ms = f4_time(&m[1]).ok_or_else(|| unreadable(file, number, whole.as_str(), F4_FORM))?;
                marks.push((whole.range(), ms));
            }
            if !marks.is_empty() {
                let label = label_end(&line);
                let mut pieces = Vec::new();
                let mut last = 0;
                for (range, ms) in &marks {
                    let at_start = line[..range.start].trim().is_empty()
                        || label.is_some_and(|e| e <= range.start && line[e..range.start].trim().is_empty());
                    if line[range.end..].trim().is_empty() {
                        time.tail = Some(*ms);
                    } else if at_start && time.lead.is_none() {
                        time.lead = Some(*ms);
                    }
                    pieces.push(&line[last..range.start]);
                    last = range.end;
                }
                pieces.push(&line[last..]);
                line = pieces.iter().map(|p| p.trim_matches([' ', '\t'])).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
                any = true;
            }
        }
        any |= time.lead.is_some();
        if time.lead.is_some() || time.tail.is_some() {
            line.truncate(line.trim_end().len());
        }
        out.push_str(&line);
        out.push_str(newline);
        lines.push(time);
    }
    Ok(Stripped { text: out, lines, any })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(text: &str) -> Result<(String, Vec<LineTime>)> {
        let label = |l: &str| crate::text::transcript::LABEL.find(l).map(|m| m.end());
        strip_marks(text, "t.txt", 1, label).map(|s| (s.text, s.lines))
    }

    fn at(lead: Option<u64>, tail: Option<u64>) -> LineTime {
        LineTime { lead, tail }
    }

    #[test]
    fn clock_reads_every_usual_form() {
        assert_eq!(clock("01:02:03,004"), Some(3_723_004));
        assert_eq!(clock("02:03.5"), Some(123_500));
        assert_eq!(clock("00:00:01"), Some(1_000));
        assert_eq!(clock("1:02:03"), Some(3_723_000));
        for bad in ["", "1", "00:60:00,000", "00:00:00,0000", "00:00:00,", "a:00:00,000", "+1:00:00,000", "1:2:3:4", "1000000000:00:00,000"] {
            assert_eq!(clock(bad), None, "{bad}");
        }
        assert_eq!(hms(3_723_999), "01:02:03");
        assert_eq!(hms(0), "00:00:00");
    }

    #[test]
    fn leading_marks_before_or_after_the_label_leave_the_text() {
        let (text, lines) = strip("[00:00:05] I: How is school?\nR: (00:01:02.5) Fine.\n[01:10] Prose without a label\n").unwrap();
        assert_eq!(text, "I: How is school?\nR: Fine.\nProse without a label\n");
        assert_eq!(lines, [at(Some(5_000), None), at(Some(62_500), None), at(Some(70_000), None)]);
    }

    #[test]
    fn f4_marks_give_the_time_at_the_end_of_a_paragraph() {
        let (text, lines) = strip("I: Wie geht's? #00:00:05-2#\nB: Gut. #00:01:10-14#\n#00:01:11-0# B: Noch was #00:01:12-0# und mehr. #00:01:20-5#").unwrap();
        assert_eq!(text, "I: Wie geht's?\nB: Gut.\nB: Noch was und mehr.");
        assert_eq!(lines, [at(None, Some(5_200)), at(None, Some(70_140)), at(Some(71_000), Some(80_500))]);
    }

    #[test]
    fn text_that_only_resembles_a_mark_stays() {
        let src = "R: At 10:30 we left (laughs) [inaudible] #hashtag# #1#\n(see p. 3) and [3] more\n";
        let (text, lines) = strip(src).unwrap();
        assert_eq!(text, src);
        assert!(lines.iter().all(|l| *l == LineTime::default()));
    }

    #[test]
    fn malformed_marks_are_errors_naming_the_line() {
        let err = |s: &str| strip(s).unwrap_err().to_string();
        assert_eq!(
            err("I: fine\n[00:61:00] R: no"),
            "t.txt:2: a timestamp that cannot be read: `[00:61:00]`; write it as [hh:mm:ss], (hh:mm:ss) or [mm:ss], with minutes and seconds below 60"
        );
        assert_eq!(
            err("[00:01:02) I: mismatched"),
            "t.txt:1: a timestamp that cannot be read: `[00:01:02)`; write it as [hh:mm:ss], (hh:mm:ss) or [mm:ss], with minutes and seconds below 60"
        );
        assert_eq!(
            err("R: (1:2:3:4) too many parts"),
            "t.txt:1: a timestamp that cannot be read: `(1:2:3:4)`; write it as [hh:mm:ss], (hh:mm:ss) or [mm:ss], with minutes and seconds below 60"
        );
        assert_eq!(
            err("\n\nB: gut #00:01:2x-5#"),
            "t.txt:3: a timestamp that cannot be read: `#00:01:2x-5#`; write it as #hh:mm:ss-d#, with minutes and seconds below 60"
        );
        assert_eq!(
            err("B: gut #01:05-5#"),
            "t.txt:1: a timestamp that cannot be read: `#01:05-5#`; write it as #hh:mm:ss-d#, with minutes and seconds below 60"
        );
        assert_eq!(
            err("B: gut #00:00:05-5000#"),
            "t.txt:1: a timestamp that cannot be read: `#00:00:05-5000#`; write it as #hh:mm:ss-d#, with minutes and seconds below 60"
        );
    }
}
