//! Transcripts written in Word: the text of a `.docx` file, one line per paragraph, ready for the
//! same speaker-turn parser as a `.txt` transcript.
//!
//! Transcripts laid out as a table (a speaker column beside a speech column) are common too, so
//! a table row whose first cell is short and has no colon becomes `Speaker: speech`; any other
//! row's cells are joined with spaces.

use docx_rs::{DocumentChild, Table, TableCellContent, TableChild, TableRowChild};

use crate::error::{Error, Location, Result};

/// The longest first cell still read as a speaker label in a table row.
const LABEL_MAX: usize = 40;

/// The text of a Word document. Tracked insertions count; tracked deletions do not.
pub(crate) fn docx_text(bytes: &[u8], file: &str) -> Result<String> {
    let docx = docx_rs::read_docx(bytes)
        .map_err(|e| Error::bad_input(Location::file(file), format!("not a readable Word (.docx) document: {e}")))?;
    let mut lines = Vec::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => lines.push(p.raw_text()),
            DocumentChild::Table(t) => table(t, &mut lines),
            _ => {}
        }
    }
    Ok(lines.join("\n"))
}

fn cell_text(content: &[TableCellContent]) -> String {
    let mut parts = Vec::new();
    for c in content {
        match c {
            TableCellContent::Paragraph(p) => parts.push(p.raw_text()),
            TableCellContent::Table(t) => {
                let mut inner = Vec::new();
                table(t, &mut inner);
                parts.extend(inner);
            }
            _ => {}
        }
    }
    parts.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

fn table(t: &Table, lines: &mut Vec<String>) {
    for TableChild::TableRow(row) in &t.rows {
        let cells: Vec<String> = row.cells.iter().map(|TableRowChild::TableCell(c)| cell_text(&c.children)).collect();
        let cells: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        match cells.as_slice() {
            [] => {}
            [label, rest @ ..] if !rest.is_empty() && label.chars().count() <= LABEL_MAX && !label.contains(':') => {
                let speech: Vec<&str> = rest.iter().map(|s| s.as_str()).collect();
                lines.push(format!("{label}: {}", speech.join(" ")));
            }
            _ => lines.push(cells.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
        }
        // A blank line between rows keeps each row its own turn.
        lines.push(String::new());
    }
}
