//! Transcripts from captioning: WebVTT (`.vtt`) and SubRip (`.srt`) files, as Zoom, Teams and
//! transcription services export them.
//!
//! Each cue's text is kept. Its timing is checked, so that a damaged file is an error naming the
//! line rather than imported wrong, and kept on the turn: a turn runs from its first cue's start
//! to its last cue's end. The speaker comes from a WebVTT voice tag
//! (`<v Interviewer>…`) or a leading label (`Interviewer: …`), and consecutive cues of the same
//! speaker (or with no speaker of their own) join into one turn. The stored text shows each turn
//! as `Speaker: text`; the turns are made here, not by the `.txt` parser, because a caption's
//! speaker may be any name (`0602`, `Speaker 1 (guest)`), not only what reads as a label.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Location, Result};
use crate::text::transcript::{MAX_TURNS, Turn, role_of};

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
    if let Some(m) = crate::text::transcript::LABEL.captures(&plain) {
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
    for (i, Said { speaker, words, start_ms, end_ms }) in said.into_iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
            at += 2;
        }
        let prefix = speaker.as_ref().map(|s| format!("{s}: ")).unwrap_or_default();
        out.push_str(&prefix);
        out.push_str(&words);
        let start = at + prefix.chars().count();
        let end = start + words.chars().count();
        let role = speaker.as_deref().map_or(crate::text::transcript::Role::Respondent, |s| role_of(s, interviewer_labels));
        turns.push(Turn { speaker: speaker.unwrap_or_default(), role, start, end, start_ms: Some(start_ms), end_ms: Some(end_ms) });
        at = end;
    }
    Ok((out, turns))
}

/// One turn of a caption file: the speaker (if named), what they said, and when.
struct Said {
    speaker: Option<String>,
    words: String,
    start_ms: u64,
    end_ms: u64,
}

/// The turns of a caption file.
fn caption_turns(text: &str, file: &str, format: Captions) -> Result<Vec<Said>> {
    let mut reader = CueReader { file, format, header_seen: format == Captions::Srt, turns: Vec::new() };
    // Blocks of non-blank lines, each handled as soon as it ends, with the line it starts on.
    let mut block: Vec<&str> = Vec::new();
    let mut block_start = 1;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !block.is_empty() {
                reader.block(block_start, &block)?;
                block.clear();
            }
            continue;
        }
        if block.is_empty() {
            block_start = i + 1;
        }
        block.push(line);
    }
    if !block.is_empty() {
        reader.block(block_start, &block)?;
    }
    if !reader.header_seen {
        return Err(Error::bad_input(Location::file(file).line(1), "not a WebVTT file: its first line must be WEBVTT"));
    }
    if reader.turns.is_empty() {
        return Err(Error::bad_input(Location::file(file), "the file has no captions"));
    }
    Ok(reader.turns)
}

/// The state of reading a caption file block by block.
struct CueReader<'a> {
    file: &'a str,
    format: Captions,
    /// Whether the WebVTT header was read (SubRip has none).
    header_seen: bool,
    turns: Vec<Said>,
}

impl CueReader<'_> {
    fn at(&self, line: usize) -> Location {
        Location::file(self.file).line(line)
    }

    /// One block of non-blank lines starting on line `start`: the header, a note, or a cue.
    fn block(&mut self, start: usize, lines: &[&str]) -> Result<()> {
        let first = lines[0].trim();
        if !self.header_seen {
            if !lines[0].trim_start_matches('\u{feff}').starts_with("WEBVTT") {
                return Err(Error::bad_input(self.at(1), "not a WebVTT file: its first line must be WEBVTT"));
            }
            if let Some(i) = lines.iter().position(|l| l.contains("-->")) {
                return Err(Error::bad_input(
                    self.at(start + i),
                    "a caption inside the WEBVTT header; put a blank line after the header",
                ));
            }
            self.header_seen = true;
            return Ok(());
        }
        if self.format == Captions::Vtt && (first.starts_with("NOTE") || first == "STYLE" || first == "REGION") {
            return Ok(());
        }
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            return Err(Error::bad_input(
                self.at(start),
                format!(
                    "a caption without a timing line (`{}`): `{}`",
                    self.format.example(),
                    first.chars().take(60).collect::<String>()
                ),
            ));
        };
        if timing > 1 {
            return Err(Error::bad_input(
                self.at(start),
                format!(
                    "text before a caption's timing line: `{}`; a caption is an optional number, a timing line and its text, with a blank line between captions",
                    first.chars().take(60).collect::<String>()
                ),
            ));
        }
        let (start_ms, end_ms) = self.check_timing(start + timing, lines[timing])?;
        for (i, l) in lines.iter().enumerate().skip(timing + 1) {
            if l.contains("-->") && cue_timing(l).is_some() {
                return Err(Error::bad_input(
                    self.at(start + i),
                    "a second timing line in one caption; put a blank line between captions",
                ));
            }
        }
        let said = lines[timing + 1..].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        let (speaker, words) = cue(&said);
        if words.is_empty() {
            return Ok(());
        }
        match self.turns.last_mut() {
            Some(turn) if speaker.is_none() || speaker == turn.speaker => {
                turn.words.push(' ');
                turn.words.push_str(&words);
                turn.end_ms = end_ms;
            }
            _ => {
                if self.turns.len() == MAX_TURNS {
                    return Err(Error::bad_input(
                        self.at(start),
                        format!("more than {MAX_TURNS} speaker turns (the limit); split the captions into smaller files"),
                    ));
                }
                self.turns.push(Said { speaker, words, start_ms, end_ms });
            }
        }
        Ok(())
    }

    /// A timing line must read `start --> end` (settings may follow) with `end` not before `start`.
    /// Returns both in milliseconds.
    fn check_timing(&self, line: usize, text: &str) -> Result<(u64, u64)> {
        let shown = text.trim().chars().take(60).collect::<String>();
        let Some((start, end)) = cue_timing(text) else {
            return Err(Error::bad_input(
                self.at(line),
                format!("a caption timing that cannot be read: `{shown}`; write it as `{}`", self.format.example()),
            ));
        };
        if end.millis < start.millis {
            return Err(Error::bad_input(
                self.at(line),
                format!("the caption ends ({}) before it starts ({}); fix its timing line", end.text, start.text),
            ));
        }
        Ok((start.millis, end.millis))
    }
}

impl Captions {
    /// A well-formed timing line, for messages.
    fn example(self) -> &'static str {
        match self {
            Captions::Vtt => "00:00:01.000 --> 00:00:04.000",
            Captions::Srt => "00:00:01,000 --> 00:00:04,000",
        }
    }
}

/// A cue timestamp as written and in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Timestamp<'a> {
    text: &'a str,
    millis: u64,
}

/// The start and end of a timing line `start --> end`, with any cue settings after the end
/// ignored; `None` when either timestamp cannot be read.
fn cue_timing(line: &str) -> Option<(Timestamp<'_>, Timestamp<'_>)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    let start = start.trim();
    Some((Timestamp { text: start, millis: timestamp(start)? }, Timestamp { text: end, millis: timestamp(end)? }))
}

/// A timestamp in milliseconds: `hh:mm:ss.mmm` or `mm:ss.mmm` (WebVTT), `hh:mm:ss,mmm` (SubRip).
/// Both fraction separators are accepted in both formats, as exporters mix them up.
fn timestamp(s: &str) -> Option<u64> {
    crate::text::timestamps::clock(s)
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
        let got: Vec<(String, crate::text::transcript::Role, usize, usize)> = turns.into_iter().map(|t| (t.speaker, t.role, t.start, t.end)).collect();
        assert_eq!(
            got,
            [("Dr Kim".into(), crate::text::transcript::Role::Interviewer, 8, 14), ("0602".into(), crate::text::transcript::Role::Respondent, 22, 25)]
        );
    }

    #[test]
    fn turns_keep_their_first_cue_start_and_last_cue_end() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v I>How is school?\n\n00:00:04.000 --> 00:00:06.000\n<v R>Fine.\n\n00:00:06.100 --> 00:00:08.250\nEvery night.\n";
        let (_, turns) = captions(vtt, "a.vtt", Captions::Vtt, &[]).unwrap();
        let times: Vec<_> = turns.iter().map(|t| (t.start_ms, t.end_ms)).collect();
        assert_eq!(times, [(Some(1_000), Some(3_500)), (Some(4_000), Some(8_250))]);
        let srt = "1\n01:00:00,000 --> 01:00:02,500\nSam: hi\n";
        let (_, turns) = captions(srt, "a.srt", Captions::Srt, &[]).unwrap();
        assert_eq!((turns[0].start_ms, turns[0].end_ms), (Some(3_600_000), Some(3_602_500)));
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

    fn check_error(text: &str, file: &str, expect: &str) {
        let format = if file.ends_with(".vtt") { Captions::Vtt } else { Captions::Srt };
        match caption_text(text, file, format) {
            Ok(text) => panic!("{file} imported as {text:?}, expected {expect}"),
            Err(e) => assert_eq!(e.to_string(), expect),
        }
    }

    /// Issue 10: an `.srt` with broken timestamps imported silently.
    #[test]
    fn broken_timings_are_errors_naming_the_line() {
        let srt = |timing: &str| format!("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n{timing}\nthere\n");
        check_error(
            &srt("00:00:03,000 -> 00:00:04,000"),
            "x.srt",
            "x.srt:5: a caption without a timing line (`00:00:01,000 --> 00:00:04,000`): `2`",
        );
        check_error(
            &srt("00:00:03,000 --> 00:00:61,000"),
            "x.srt",
            "x.srt:6: a caption timing that cannot be read: `00:00:03,000 --> 00:00:61,000`; write it as `00:00:01,000 --> 00:00:04,000`",
        );
        check_error(
            &srt("00:00:03,000 --> soon"),
            "x.srt",
            "x.srt:6: a caption timing that cannot be read: `00:00:03,000 --> soon`; write it as `00:00:01,000 --> 00:00:04,000`",
        );
        check_error(
            &srt("-->"),
            "x.srt",
            "x.srt:6: a caption timing that cannot be read: `-->`; write it as `00:00:01,000 --> 00:00:04,000`",
        );
        check_error(
            &srt("00:00:09,000 --> 00:00:04,500"),
            "x.srt",
            "x.srt:6: the caption ends (00:00:04,500) before it starts (00:00:09,000); fix its timing line",
        );
        check_error(
            "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:0x.000 --> 00:04.000 align:start\nthere\n",
            "x.vtt",
            "x.vtt:6: a caption timing that cannot be read: `00:0x.000 --> 00:04.000 align:start`; write it as `00:00:01.000 --> 00:00:04.000`",
        );
        check_error(
            "WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi\n",
            "x.vtt",
            "x.vtt:2: a caption inside the WEBVTT header; put a blank line after the header",
        );
        check_error(
            "1\n00:00:01,000 --> 00:00:02,000\nhi\n2\n00:00:03,000 --> 00:00:04,000\nthere\n",
            "x.srt",
            "x.srt:5: a second timing line in one caption; put a blank line between captions",
        );
        check_error(
            "1\nstray words\n00:00:01,000 --> 00:00:02,000\nhi\n",
            "x.srt",
            "x.srt:1: text before a caption's timing line: `1`; a caption is an optional number, a timing line and its text, with a blank line between captions",
        );
    }

    #[test]
    fn timings_in_every_usual_form_are_read_and_dropped() {
        assert_eq!(timestamp("01:02:03,004"), Some(3_723_004));
        assert_eq!(timestamp("02:03.5"), Some(123_500));
        assert_eq!(timestamp("00:00:01"), Some(1_000));
        for bad in ["", "1", "00:60:00,000", "00:00:00,0000", "00:00:00,", "a:00:00,000", "+1:00:00,000", "1:2:3:4", "1000000000:00:00,000"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
        // Settings after the end, a period in SubRip and equal start and end are all accepted.
        let srt = "1\n00:00:01.000 --> 00:00:01.000 X1:10 X2:20\nSam: hi\n";
        assert_eq!(caption_text(srt, "x.srt", Captions::Srt).unwrap(), "Sam: hi");
    }

    #[test]
    fn more_turns_than_the_limit_are_refused() {
        let mut srt = String::new();
        for i in 0..=MAX_TURNS {
            let who = if i % 2 == 0 { "A" } else { "B" };
            srt.push_str(&format!("00:00:01,000 --> 00:00:02,000\n{who}: x\n\n"));
        }
        check_error(
            &srt,
            "x.srt",
            &format!("x.srt:{}: more than 100000 speaker turns (the limit); split the captions into smaller files", 3 * MAX_TURNS + 1),
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        /// A cue: its speaker, if named, and its words (no blank lines, no tags, no timings).
        fn cue_strategy() -> impl Strategy<Value = (Option<String>, String)> {
            let speaker = proptest::option::of("[A-Z][a-z]{0,6}( [0-9]{1,3})?");
            let words = "[a-z0-9,.?!' ]{0,20}[a-z0-9]";
            (speaker, words)
        }

        /// Render cues as a caption file of `format`.
        fn render(cues: &[(Option<String>, String)], format: Captions) -> String {
            let mut out = if format == Captions::Vtt { "WEBVTT\n\n".to_string() } else { String::new() };
            let sep = if format == Captions::Vtt { '.' } else { ',' };
            for (i, (speaker, words)) in cues.iter().enumerate() {
                let (from, to) = (i * 2, i * 2 + 1);
                out.push_str(&format!("{}\n00:{:02}:{:02}{sep}000 --> 00:{:02}:{:02}{sep}500\n", i + 1, from / 60 % 60, from % 60, to / 60 % 60, to % 60));
                match (speaker, format) {
                    (Some(s), Captions::Vtt) => out.push_str(&format!("<v {s}>{words}\n\n")),
                    (Some(s), Captions::Srt) => out.push_str(&format!("{s}: {words}\n\n")),
                    (None, _) => out.push_str(&format!("{words}\n\n")),
                }
            }
            out
        }

        /// Turns as the text shows them: `Speaker: words`, or the words alone.
        fn shown(text: &str, turns: &[Turn]) -> Vec<(String, String)> {
            turns.iter().map(|t| (t.speaker.clone(), crate::text::slice_chars(text, t.start, t.end).unwrap_or("?").to_string())).collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            #[test]
            fn arbitrary_text_never_panics(text in "\\PC{0,400}", vtt in any::<bool>()) {
                let format = if vtt { Captions::Vtt } else { Captions::Srt };
                let _ = captions(&text, "x", format, &[]);
            }

            #[test]
            fn near_valid_files_never_panic_and_errors_name_a_line(
                cues in proptest::collection::vec(cue_strategy(), 1..12),
                vtt in any::<bool>(),
                edits in proptest::collection::vec((any::<proptest::sample::Index>(), "[0-9:,.> -]|\\PC"), 0..4),
            ) {
                let format = if vtt { Captions::Vtt } else { Captions::Srt };
                let mut chars: Vec<char> = render(&cues, format).chars().collect();
                for (at, with) in edits {
                    let i = at.index(chars.len());
                    chars.splice(i..=i, with.chars());
                }
                let text: String = chars.into_iter().collect();
                if let Err(e) = captions(&text, "x.srt", format, &[]) {
                    let message = e.to_string();
                    prop_assert!(message.starts_with("x.srt"), "{}", message);
                }
            }

            /// Parse, render the turns back as captions (one cue per turn), parse again: the same turns.
            #[test]
            fn parse_render_parse_is_stable(cues in proptest::collection::vec(cue_strategy(), 1..12), vtt in any::<bool>()) {
                let format = if vtt { Captions::Vtt } else { Captions::Srt };
                let (text, turns) = captions(&render(&cues, format), "x", format, &[]).unwrap();
                let first = shown(&text, &turns);
                let again: Vec<(Option<String>, String)> =
                    first.iter().map(|(s, w)| ((!s.is_empty()).then(|| s.clone()), w.clone())).collect();
                let (text2, turns2) = captions(&render(&again, format), "x", format, &[]).unwrap();
                prop_assert_eq!(&text2, &text);
                prop_assert_eq!(shown(&text2, &turns2), first);
            }
        }
    }
}
