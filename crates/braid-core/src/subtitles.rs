//! Transcripts from captioning: WebVTT (`.vtt`) and SubRip (`.srt`) files, as Zoom, Teams and
//! transcription services export them.
//!
//! Each cue's text is kept and its timing dropped. The speaker comes from a WebVTT voice tag
//! (`<v Interviewer>…`) or a leading label (`Interviewer: …`), and consecutive cues of the same
//! speaker (or with no speaker of their own) join into one turn. The stored text shows each turn
//! as `Speaker: text`; the turns are made here, not by the `.txt` parser, because a caption's
//! speaker may be any name (`0602`, `Speaker 1 (guest)`), not only what reads as a label.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Location, Result};
use crate::transcript::{Turn, role_of};

static VOICE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^<v(?:\.[^\s>]*)?\s+([^>]+)>").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());

/// Which captioning format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Captions {
    /// WebVTT: a `WEBVTT` header, optional cue ids, `00:00:01.000 --> 00:00:04.000`.
    Vtt,
    /// SubRip: numbered cues, `00:00:01,000 --> 00:00:04,000`.
    Srt,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&lrm;", "").replace("&rlm;", "").replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

/// A cue's speaker (if it names one) and its plain text.
fn cue(text: &str) -> (Option<String>, String) {
    if let Some(m) = VOICE.captures(text) {
        let name = m[1].trim().to_string();
        let rest = TAG.replace_all(&text[m.get(0).map_or(0, |g| g.end())..], "");
        return (Some(name), unescape(rest.trim()));
    }
    let plain = unescape(TAG.replace_all(text, "").trim());
    if let Some(m) = crate::transcript::LABEL.captures(&plain) {
        let (label, end) = (m[1].to_string(), m.get(0).map_or(0, |g| g.end()));
        return (Some(label), plain[end..].trim().to_string());
    }
    (None, plain)
}

/// The transcript of a caption file: its text (`Speaker: text` turns, one blank line apart) and
/// its turns, with roles from `interviewer_labels` as for any transcript.
pub(crate) fn captions(text: &str, file: &str, format: Captions, interviewer_labels: &[String]) -> Result<(String, Vec<Turn>)> {
    let said = caption_turns(text, file, format)?;
    let mut out = String::new();
    let mut turns = Vec::new();
    let mut at = 0usize;
    for (i, (speaker, words)) in said.into_iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
            at += 2;
        }
        let prefix = speaker.as_ref().map(|s| format!("{s}: ")).unwrap_or_default();
        out.push_str(&prefix);
        out.push_str(&words);
        let start = at + prefix.chars().count();
        let end = start + words.chars().count();
        let role = speaker.as_deref().map_or(crate::transcript::Role::Respondent, |s| role_of(s, interviewer_labels));
        turns.push(Turn { speaker: speaker.unwrap_or_default(), role, start, end });
        at = end;
    }
    Ok((out, turns))
}

/// The turns of a caption file: each speaker (if named) and what they said.
fn caption_turns(text: &str, file: &str, format: Captions) -> Result<Vec<(Option<String>, String)>> {
    let at = |line: usize| Location::file(file).line(line);
    // Blocks of non-blank lines, with the line number each starts on.
    let mut blocks: Vec<(usize, Vec<&str>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match blocks.last_mut() {
            Some((start, lines)) if *start + lines.len() == i + 1 => lines.push(line),
            _ => blocks.push((i + 1, vec![line])),
        }
    }
    let mut blocks = blocks.into_iter().peekable();
    if format == Captions::Vtt {
        match blocks.next() {
            Some((_, lines)) if lines[0].trim_start_matches('\u{feff}').starts_with("WEBVTT") => {}
            _ => return Err(Error::bad_input(at(1), "not a WebVTT file: its first line must be WEBVTT")),
        }
    }
    let mut turns: Vec<(Option<String>, String)> = Vec::new();
    for (start, lines) in blocks {
        let first = lines[0].trim();
        if format == Captions::Vtt && (first.starts_with("NOTE") || first == "STYLE" || first == "REGION") {
            continue;
        }
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            return Err(Error::bad_input(
                at(start),
                format!("a caption without a timing line (`00:00:01,000 --> 00:00:04,000`): `{}`", first.chars().take(60).collect::<String>()),
            ));
        };
        let said = lines[timing + 1..].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        let (speaker, words) = cue(&said);
        if words.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some((current, text)) if speaker.is_none() || speaker == *current => {
                text.push(' ');
                text.push_str(&words);
            }
            _ => turns.push((speaker, words)),
        }
    }
    if turns.is_empty() {
        return Err(Error::bad_input(Location::file(file), "the file has no captions"));
    }
    Ok(turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text, and each turn as `speaker|role|text`.
    fn caption_text(text: &str, file: &str, format: Captions) -> Result<String> {
        let (text, turns) = captions(text, file, format, &[])?;
        for t in &turns {
            let said = crate::text::slice_chars(&text, t.start, t.end).unwrap();
            assert!(text.contains(&format!("{}: {said}", t.speaker)) || t.speaker.is_empty(), "turn {t:?} is not its text");
        }
        Ok(text)
    }

    #[test]
    fn webvtt_voices_join_into_turns_and_tags_go() {
        let vtt = "WEBVTT - interview 0602\n\nNOTE recorded on Zoom\n\n1\n00:00:01.000 --> 00:00:03.500\n<v Interviewer>How is school?</v>\n\n2\n00:00:04.000 --> 00:00:06.000\n<v.loud R>It&apos;s fine. <i>I miss</i>\nmy mom &amp; my dad.\n\n00:00:06.100 --> 00:00:08.000\n<v R>She works in Seoul.\n\n00:00:09.000 --> 00:00:10.000\nEvery night.\n";
        let text = caption_text(vtt, "0602.vtt", Captions::Vtt).unwrap();
        assert_eq!(text, "Interviewer: How is school?\n\nR: It's fine. I miss my mom & my dad. She works in Seoul. Every night.");
    }

    #[test]
    fn subrip_labels_name_the_speakers() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nInterviewer: Who do you tell?\n\n2\n00:00:04,500 --> 00:00:06,000\nStudent: Nobody.\n\n3\n00:00:06,500 --> 00:00:08,000\nStudent: 我想妈妈.\n";
        let text = caption_text(srt, "W.srt", Captions::Srt).unwrap();
        assert_eq!(text, "Interviewer: Who do you tell?\n\nStudent: Nobody. 我想妈妈.");
    }

    #[test]
    fn captions_without_speakers_are_paragraphs() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n2\n00:00:02,000 --> 00:00:03,000\ngeneral kenobi\n";
        assert_eq!(caption_text(srt, "x.srt", Captions::Srt).unwrap(), "hello there general kenobi");
    }

    #[test]
    fn any_speaker_name_is_a_turn_and_interviewers_are_found_by_name() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dr Kim>Hello.\n\n00:00:02.000 --> 00:00:03.000\n<v 0602>Hi.\n";
        let (text, turns) = captions(vtt, "a.vtt", Captions::Vtt, &["Dr Kim".to_string()]).unwrap();
        assert_eq!(text, "Dr Kim: Hello.\n\n0602: Hi.");
        let got: Vec<(String, crate::transcript::Role, usize, usize)> = turns.into_iter().map(|t| (t.speaker, t.role, t.start, t.end)).collect();
        assert_eq!(
            got,
            [("Dr Kim".into(), crate::transcript::Role::Interviewer, 8, 14), ("0602".into(), crate::transcript::Role::Respondent, 22, 25)]
        );
    }

    #[test]
    fn malformed_files_name_the_line() {
        let err = caption_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\njust text\n", "x.srt", Captions::Srt).unwrap_err();
        assert_eq!(err.to_string(), "x.srt:5: a caption without a timing line (`00:00:01,000 --> 00:00:04,000`): `2`");
        let err = caption_text("1\n00:00:01.000 --> 00:00:02.000\nhi\n", "x.vtt", Captions::Vtt).unwrap_err();
        assert_eq!(err.to_string(), "x.vtt:1: not a WebVTT file: its first line must be WEBVTT");
        let err = caption_text("WEBVTT\n\nNOTE only a note\n", "x.vtt", Captions::Vtt).unwrap_err();
        assert_eq!(err.to_string(), "x.vtt: the file has no captions");
    }
}
