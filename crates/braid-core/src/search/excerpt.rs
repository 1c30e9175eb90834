//! What a hit shows of its turn: a window around the first match, as text plus match spans,
//! drawn as HTML or as terminal text by whoever needs it.

use serde::Serialize;
use ts_rs::TS;

use crate::store::Span;

/// A window of a turn around its first match, as plain text with the matches as spans: the
/// form hits cross the API in. Each shell escapes it for its own medium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Excerpt {
    /// The window's text, line breaks turned into spaces.
    pub text: String,
    /// Whether the turn goes on before the window.
    pub cut_before: bool,
    /// Whether the turn goes on after it.
    pub cut_after: bool,
    /// The matches inside the window, as code-point spans of `text`, sorted and disjoint.
    pub marks: Vec<Span>,
}

/// A window of about `width` code points of `text` around the first match, cut at word
/// boundaries, with the matches (code-point spans of `text`) carried over into it.
pub fn excerpt(text: &str, matches: &[Span], width: usize) -> Excerpt {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (from, to) = match matches.first() {
        Some(m) => {
            // Saturating arithmetic: `width` and the spans come from callers, and a window wider
            // than the text is simply the whole text.
            let before = width / 3;
            let mut from = m.start.min(n).saturating_sub(before);
            let mut to = from.saturating_add(width).min(n).max(m.end.min(n));
            if to == n {
                from = to.saturating_sub(width).min(from);
            }
            // Snap to word boundaries so the window never starts or ends mid-word.
            while from > 0 && !chars[from - 1].is_whitespace() && from > m.start.saturating_sub(before.saturating_add(20)) {
                from -= 1;
            }
            while to < n && !chars[to].is_whitespace() && to < m.end.saturating_add(width) {
                to += 1;
            }
            (from, to)
        }
        None => (0, width.min(n)),
    };
    let mut marks = Vec::new();
    let mut i = from;
    for m in matches.iter().filter(|m| m.end > from && m.start < to) {
        // Matches are sorted and disjoint as the matcher gives them; clamping keeps a caller's
        // overlapping or out-of-order spans from running backwards.
        let s = m.start.max(i);
        let e = m.end.min(to).max(s);
        if e > s {
            marks.push(Span { start: s - from, end: e - from });
        }
        i = e;
    }
    Excerpt {
        text: chars[from..to].iter().map(|&c| if c == '\n' { ' ' } else { c }).collect(),
        cut_before: from > 0,
        cut_after: to < n,
        marks,
    }
}

impl Excerpt {
    /// The excerpt as HTML: escaped, matches in `<mark>`, `...` where the turn was cut.
    pub fn html(&self) -> String {
        self.render(&crate::escape::escape_html, "<mark>", "</mark>")
    }

    /// The excerpt for a terminal: matches in `[brackets]`.
    pub fn plain(&self) -> String {
        self.render(&|s: &str| s.to_string(), "[", "]")
    }

    fn render(&self, escape: &dyn Fn(&str) -> String, open: &str, close: &str) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let piece = |a: usize, b: usize| escape(&chars[a.min(chars.len())..b.min(chars.len())].iter().collect::<String>());
        let mut out = String::new();
        if self.cut_before {
            out.push_str("... ");
        }
        let mut i = 0;
        for m in &self.marks {
            out.push_str(&piece(i, m.start));
            out.push_str(open);
            out.push_str(&piece(m.start, m.end));
            out.push_str(close);
            i = m.end;
        }
        out.push_str(&piece(i, chars.len()));
        if self.cut_after {
            out.push_str(" ...");
        }
        out
    }
}

/// An HTML-escaped window of about `width` code points around the first match, matches in
/// `<mark>`: [`excerpt`] drawn as HTML.
pub fn snippet(text: &str, matches: &[Span], width: usize) -> String {
    excerpt(text, matches, width).html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets() {
        let text = "I miss my mom <a lot> & then some";
        let m = [Span { start: 10, end: 13 }];
        assert_eq!(snippet(text, &m, 160), "I miss my <mark>mom</mark> &lt;a lot&gt; &amp; then some");
        let long = "word ".repeat(100);
        let m = [Span { start: 250, end: 254 }];
        let s = snippet(&long, &m, 40);
        assert!(s.starts_with("... ") && s.ends_with(" ...") && s.contains("<mark>word</mark>"), "{s}");
    }

    #[test]
    fn an_excerpt_is_text_with_spans_of_it() {
        // Code points, not bytes: the match after "ü" and the line break starts at 10.
        let text = "Grüß\nmich, mom <3";
        let e = excerpt(text, &[Span { start: 11, end: 14 }], 160);
        assert_eq!(e.text, "Grüß mich, mom <3");
        assert_eq!(e.marks, [Span { start: 11, end: 14 }]);
        assert_eq!(e.text.chars().skip(11).take(3).collect::<String>(), "mom");
        assert_eq!(e.plain(), "Grüß mich, [mom] <3");
        assert_eq!(e.html(), "Grüß mich, <mark>mom</mark> &lt;3");
        // A window inside a long turn: the marks move with it.
        let long = "word ".repeat(100);
        let e = excerpt(&long, &[Span { start: 250, end: 254 }], 40);
        assert!(e.cut_before && e.cut_after);
        let m = e.marks[0];
        assert_eq!(e.text.chars().skip(m.start).take(m.end - m.start).collect::<String>(), "word");
    }
}
