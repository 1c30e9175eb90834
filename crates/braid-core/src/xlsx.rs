//! Tables as Excel workbooks, for co-authors and journals: numbers are numbers (stars and
//! parentheses are number formats, so a cell still sums and sorts), the header row is bold and
//! frozen, and each column is as wide as its longest text (within reason).

use rust_xlsxwriter::{Format, Workbook};

use crate::error::{Error, Result};

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    /// A number.
    Num(f64),
    /// A number shown with a format, e.g. `0.000"**"` for an estimate with stars.
    Formatted(f64, String),
    /// Text.
    Text(String),
    /// Nothing.
    Empty,
}

impl XCell {
    /// A cell from text that may be a number as tables print them: `−3.244**`, `(1.390)`,
    /// `0.52`, `12`. Anything else stays text.
    pub fn parse(text: &str) -> XCell {
        let t = text.trim();
        if t.is_empty() || t == "–" {
            return XCell::Empty;
        }
        let (inner, paren) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(i) => (i, true),
            None => (t, false),
        };
        let stars: String = inner.chars().rev().take_while(|&c| c == '*').collect();
        let digits = &inner[..inner.len() - stars.len()];
        let plain = digits.replace('−', "-");
        let Ok(x) = plain.parse::<f64>() else { return XCell::Text(t.to_string()) };
        if !x.is_finite() || plain.contains(['e', 'E']) {
            return XCell::Text(t.to_string());
        }
        let places = plain.split_once('.').map_or(0, |(_, d)| d.len());
        if !paren && stars.is_empty() && places == 0 {
            return XCell::Num(x);
        }
        let base = if places == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(places)) };
        let format = match (paren, stars.is_empty()) {
            (true, _) => format!("({base})"),
            (false, false) => format!("{base}\"{stars}\""),
            (false, true) => base,
        };
        XCell::Formatted(x, format)
    }

    fn width(&self) -> usize {
        match self {
            XCell::Num(x) => format!("{x}").chars().count(),
            XCell::Formatted(x, f) => format!("{x:.3}").chars().count() + f.matches('*').count() + 2,
            XCell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            XCell::Empty => 0,
        }
    }
}

/// One sheet: a header row, body rows, and notes written under the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's name (at most 31 characters, as Excel allows).
    pub name: String,
    /// Column headers.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<XCell>>,
    /// Lines written under the table, e.g. the note on standard errors.
    pub notes: Vec<String>,
}

/// The widest a column is made, in characters: longer text wraps in the cell.
const MAX_WIDTH: usize = 60;

/// A workbook of `sheets`.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| Error::BadRequest(format!("cannot write the Excel file: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for sheet in sheets {
        let ws = book.add_worksheet();
        let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        ws.set_name(if name.is_empty() { "Sheet1".to_string() } else { name }).map_err(err)?;
        let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.chars().count()).collect();
        for (j, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold).map_err(err)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (j, cell) in row.iter().enumerate() {
                let c = j as u16;
                match cell {
                    XCell::Num(x) => {
                        ws.write_number(r, c, *x).map_err(err)?;
                    }
                    XCell::Formatted(x, f) => {
                        ws.write_number_with_format(r, c, *x, &Format::new().set_num_format(f)).map_err(err)?;
                    }
                    XCell::Text(t) if t.contains('\n') || t.chars().count() > MAX_WIDTH => {
                        ws.write_string_with_format(r, c, t, &wrap).map_err(err)?;
                    }
                    XCell::Text(t) => {
                        ws.write_string(r, c, t).map_err(err)?;
                    }
                    XCell::Empty => {}
                }
                if widths.len() <= j {
                    widths.resize(j + 1, 0);
                }
                widths[j] = widths[j].max(cell.width());
            }
        }
        let after = sheet.rows.len() as u32 + 2;
        for (k, note) in sheet.notes.iter().enumerate() {
            ws.write_string(after + k as u32, 0, note).map_err(err)?;
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// A sheet as CSV: numbers as Rust prints them (they read back exactly), empty cells empty.
pub fn sheet_csv(sheet: &Sheet) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&sheet.header);
    for row in &sheet.rows {
        let _ = w.write_record(row.iter().map(|c| match c {
            XCell::Num(x) => x.to_string(),
            // As shown: with the format's decimals (its stars and parentheses are for Excel).
            XCell::Formatted(x, f) => {
                let places = f.split_once('.').map_or(0, |(_, d)| d.chars().take_while(|&c| c == '0').count());
                format!("{x:.places$}")
            }
            XCell::Text(t) => t.clone(),
            XCell::Empty => String::new(),
        }));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A printed cell that is a number and a second in parentheses, `13.552 (6.983)` (a mean and
/// its SD): the two as cells.
fn pair(text: &str) -> Option<(XCell, XCell)> {
    let (a, b) = text.trim().split_once(" (")?;
    let b = format!("({b}");
    match (XCell::parse(a), XCell::parse(&b)) {
        (x @ (XCell::Num(_) | XCell::Formatted(..)), y @ XCell::Formatted(..)) => Some((x, y)),
        _ => None,
    }
}

/// A publication table (a regression table, Table 1, α) as a sheet: its printed cells read
/// back as numbers where they are numbers. A column of `mean (SD)` cells becomes two columns.
pub fn table_sheet(name: &str, t: &braid_stats::Table) -> Sheet {
    let rows: Vec<&Vec<String>> = t.body.iter().chain(&t.footer).collect();
    let width = t.header.len();
    let paired: Vec<bool> = (0..width).map(|j| j > 0 && rows.iter().any(|r| r.get(j).is_some_and(|c| pair(c).is_some()))).collect();
    let mut header = Vec::new();
    for (j, h) in t.header.iter().enumerate() {
        header.push(h.clone());
        if paired[j] {
            header.push(format!("{h} (SD)"));
        }
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut out = Vec::new();
            for (j, c) in r.iter().enumerate() {
                match (j, paired.get(j).copied().unwrap_or(false)) {
                    (0, _) => out.push(XCell::Text(c.clone())),
                    (_, true) => match pair(c) {
                        Some((a, b)) => out.extend([a, b]),
                        None => out.extend([XCell::parse(c), XCell::Empty]),
                    },
                    _ => out.push(XCell::parse(c)),
                }
            }
            out
        })
        .collect();
    let mut notes: Vec<String> = t.title.iter().cloned().collect();
    notes.extend(t.notes.iter().cloned());
    Sheet { name: name.to_string(), header, rows, notes }
}

/// Cronbach's α as a sheet: the scale, then one row per item.
pub fn alpha_sheet(a: &braid_stats::Alpha) -> Sheet {
    let mut rows = vec![vec![XCell::Text("(scale)".into()), XCell::Empty, XCell::Empty, XCell::Empty, XCell::Num(a.alpha)]];
    for i in &a.item_stats {
        rows.push(vec![
            XCell::Text(i.item.clone()),
            XCell::Num(i.mean),
            XCell::Num(i.sd),
            XCell::Num(i.item_total),
            i.alpha_if_deleted.map_or(XCell::Empty, XCell::Num),
        ]);
    }
    Sheet {
        name: "Reliability".into(),
        header: ["item", "mean", "sd", "item-total r", "alpha if deleted"].map(String::from).to_vec(),
        rows,
        notes: vec![format!("Cronbach's alpha = {:.3} over {} complete rows", a.alpha, a.n)],
    }
}

#[cfg(test)]
mod tests {
    use super::XCell;

    #[test]
    fn printed_numbers_become_numbers_with_their_stars_and_parentheses() {
        assert_eq!(XCell::parse("−3.244**"), XCell::Formatted(-3.244, "0.000\"**\"".into()));
        assert_eq!(XCell::parse("(1.390)"), XCell::Formatted(1.39, "(0.000)".into()));
        assert_eq!(XCell::parse("605"), XCell::Num(605.0));
        assert_eq!(XCell::parse("0.52"), XCell::Formatted(0.52, "0.00".into()));
        assert_eq!(XCell::parse("migration[mother]"), XCell::Text("migration[mother]".into()));
        assert_eq!(XCell::parse("–"), XCell::Empty);
        assert_eq!(XCell::parse("13.552 (6.983)"), XCell::Text("13.552 (6.983)".into()));
        assert_eq!(super::pair("13.552 (6.983)"), Some((XCell::Formatted(13.552, "0.000".into()), XCell::Formatted(6.983, "(0.000)".into()))));
    }
}
