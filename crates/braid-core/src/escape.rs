//! Escaping for the renderers: HTML and Markdown. Every export that writes user text (transcript
//! words, code names, titles) goes through here, so a viewer shows it as written.

/// Escape text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape text for Markdown (CommonMark, and GitHub's dialect with tables, strikethrough and
/// math), so that a viewer shows it as written and renders no markup out of it: no emphasis,
/// links, images, raw HTML, entities, code, headings, lists or quotes.
///
/// Every character that can open inline markup anywhere is backslash-escaped; the characters
/// that open a block only at the start of a line (`#`, `-`, `+`, `=`, `1.`) are escaped there.
/// Leading spaces are dropped from each line, since four of them would start a code block (and
/// fewer show nothing). Line breaks are kept (as `\n`); for a table cell use [`markdown_cell`].
/// Bare URLs are left as they are: a viewer may link them, but shows the same text.
pub fn escape_markdown(s: &str) -> String {
    escape_lines(s, "\n", true)
}

/// Text for a table cell, escaped as [`escape_markdown`] does. Line breaks become `<br>`, since a
/// line break would end the table row; and as a cell holds no blocks, nothing is escaped for
/// being at the start of a line.
pub fn markdown_cell(s: &str) -> String {
    escape_lines(s, "<br>", false)
}

fn escape_lines(s: &str, line_break: &str, blocks: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str(line_break);
        }
        let line = if blocks { line.trim_start_matches([' ', '\t']) } else { line };
        // An ordered-list marker is up to nine digits then `.` or `)`; escape its punctuation.
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let list_mark = blocks && (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
        for (j, c) in line.char_indices() {
            let escape = match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' => true,
                // `&` only matters where it could start an entity such as `&lt;`.
                '&' => line[j + 1..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#'),
                '#' | '-' | '+' | '=' => blocks && j == 0,
                '.' | ')' => list_mark && j == digits,
                _ => false,
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Escape text for a LaTeX table cell. A cell is one line, so newlines become spaces.
pub fn latex_cell(s: &str) -> String {
    braid_stats::escape_latex(&s.replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::{escape_markdown, markdown_cell};

    fn check(text: &str, expect: &str) {
        assert_eq!(escape_markdown(text), expect, "{text:?}");
    }

    #[test]
    fn markdown_escaping_leaves_no_markup() {
        // Inline markup, anywhere on a line.
        check("I said *very* _loud_ `code`", r"I said \*very\* \_loud\_ \`code\`");
        check("see [this](http://x) and ![img](y)", r"see \[this\](http://x) and !\[img\](y)");
        check("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>");
        check("a | b ~~gone~~ $x$ back\\slash", r"a \| b \~\~gone\~\~ \$x\$ back\\slash");
        // An entity would render as its character; a lone ampersand is harmless.
        check("&lt; &#60; Tom & Jerry", r"\&lt; \&#60; Tom & Jerry");
        // Block markup, at the start of a line only.
        check("# Title\n- item\n+ item\n1. first\n2) second\n=== \n> quote", "\\# Title\n\\- item\n\\+ item\n1\\. first\n2\\) second\n\\=== \n\\> quote");
        check("a - b + c = d # e. 1. f", "a - b + c = d # e. 1. f");
        check("In 2019. we left", "In 2019. we left");
        check("2019. we left", "2019\\. we left");
        check("1234567890. is not a list marker", "1234567890. is not a list marker");
        // Indentation would make a code block; line endings of every kind are kept as `\n`.
        check("    indented\r\n\tx\rz", "indented\nx\nz");
        check("", "");
        check("你好，妈妈 😀", "你好，妈妈 😀");
    }

    #[test]
    fn a_markdown_cell_is_one_line() {
        assert_eq!(markdown_cell("a|b\n- c\r\n  d *e*"), r"a\|b<br>- c<br>  d \*e\*");
    }

    #[test]
    fn latex_is_escaped() {
        assert_eq!(super::latex_cell(r"50% of \ & {x}_1 ~#"), r"50\% of \textbackslash{} \& \{x\}\_1 \textasciitilde{}\#");
    }
}
