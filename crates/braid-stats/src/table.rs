//! Publication tables: regression models side by side, rendered as HTML, Markdown, LaTeX
//! or CSV.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::moderation::escape_xml;
use crate::ols::OlsFit;
use crate::{Error, Result};

/// A rendered-ready table: a grid of text cells. Each renderer escapes the text for its
/// format.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Table {
    /// A caption above the table.
    pub title: Option<String>,
    /// Column headings; the first is the heading of the label column.
    pub header: Vec<String>,
    /// Body rows, each as wide as the header.
    pub body: Vec<Vec<String>>,
    /// Summary rows under the body (N, R²).
    pub footer: Vec<Vec<String>>,
    /// Notes printed under the table.
    pub notes: Vec<String>,
}

/// A significance threshold: `stars` mark p-values below `p`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StarLevel {
    /// The mark, e.g. `***`.
    pub stars: String,
    /// Threshold: p-values strictly below it earn the mark.
    pub p: f64,
}

/// Options of [`regression_table`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TableOptions {
    /// A caption above the table.
    pub title: Option<String>,
    /// Column headings, one per model; default `(1)`, `(2)`, ...
    pub model_names: Vec<String>,
    /// Display labels for terms, e.g. `migration[mother]` → `Mother away`.
    pub labels: BTreeMap<String, String>,
    /// The terms to show, in order. Empty shows every term in order of first appearance with
    /// the intercept last.
    pub terms: Vec<String>,
    /// Significance marks; default `***` p < 0.001, `**` p < 0.01, `*` p < 0.05.
    pub stars: Vec<StarLevel>,
    /// Decimal places (default 3).
    pub digits: usize,
    /// Extra notes printed under the table.
    pub notes: Vec<String>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            title: None,
            model_names: Vec::new(),
            labels: BTreeMap::new(),
            terms: Vec::new(),
            stars: vec![
                StarLevel {
                    stars: "***".into(),
                    p: 0.001,
                },
                StarLevel {
                    stars: "**".into(),
                    p: 0.01,
                },
                StarLevel {
                    stars: "*".into(),
                    p: 0.05,
                },
            ],
            digits: 3,
            notes: Vec::new(),
        }
    }
}

/// Models side by side: each cell is the coefficient with its stars, and the standard
/// error in parentheses on the row underneath; N and R² at the foot.
pub fn regression_table(fits: &[&OlsFit], options: &TableOptions) -> Result<Table> {
    if fits.is_empty() {
        return Err(Error::invalid(
            "a regression table needs at least one model",
        ));
    }
    if !options.model_names.is_empty() && options.model_names.len() != fits.len() {
        return Err(Error::invalid(format!(
            "{} model names for {} models; give one name per model or none",
            options.model_names.len(),
            fits.len()
        )));
    }
    let terms: Vec<String> = if options.terms.is_empty() {
        let mut all: Vec<String> = Vec::new();
        for fit in fits {
            for t in fit.coefficients.iter().map(|c| &c.term).chain(&fit.aliased) {
                if t != "(Intercept)" && !all.contains(t) {
                    all.push(t.clone());
                }
            }
        }
        if fits
            .iter()
            .any(|f| f.coefficients.iter().any(|c| c.term == "(Intercept)"))
        {
            all.push("(Intercept)".into());
        }
        all
    } else {
        for t in &options.terms {
            let known = fits
                .iter()
                .any(|f| f.coefficients.iter().any(|c| &c.term == t) || f.aliased.contains(t));
            if !known {
                return Err(Error::invalid(format!(
                    "the term `{t}` is in none of the models"
                )));
            }
        }
        options.terms.clone()
    };
    let mut stars = options.stars.clone();
    stars.sort_by(|a, b| a.p.total_cmp(&b.p));
    let digits = options.digits;

    let mut header = vec![String::new()];
    header.extend((0..fits.len()).map(|i| {
        options
            .model_names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("({})", i + 1))
    }));
    let mut body = Vec::new();
    for term in &terms {
        let mut est = vec![
            options
                .labels
                .get(term)
                .cloned()
                .unwrap_or_else(|| term.clone()),
        ];
        let mut se = vec![String::new()];
        for fit in fits {
            match fit.coefficients.iter().find(|c| &c.term == term) {
                Some(c) => {
                    let mark = stars
                        .iter()
                        .find(|s| c.p < s.p)
                        .map_or("", |s| s.stars.as_str());
                    est.push(format!("{}{mark}", fixed(c.estimate, digits)));
                    se.push(format!("({})", fixed(c.se, digits)));
                }
                None if fit.aliased.contains(term) => {
                    est.push("(aliased)".into());
                    se.push(String::new());
                }
                None => {
                    est.push(String::new());
                    se.push(String::new());
                }
            }
        }
        body.push(est);
        body.push(se);
    }
    let mut n_row = vec!["N".to_string()];
    n_row.extend(fits.iter().map(|f| f.n.to_string()));
    let mut r2_row = vec!["R²".to_string()];
    r2_row.extend(fits.iter().map(|f| fixed(f.r2, digits)));

    // Each robust fit's estimator as a note names it: `HC3`, or `clustered by school`.
    let robust: Vec<(usize, String)> = fits
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            f.robust.as_ref().map(|r| match &f.cluster {
                Some(c) if r == "cluster" => (i, format!("clustered by {c}")),
                _ => (i, r.clone()),
            })
        })
        .collect();
    let se_note = match robust.as_slice() {
        [] => "Standard errors in parentheses.".to_string(),
        [(_, r), ..] if robust.len() == fits.len() && robust.iter().all(|(_, x)| x == r) => {
            format!("Robust ({r}) standard errors in parentheses.")
        }
        _ => {
            let which: Vec<String> = robust
                .iter()
                .map(|(i, r)| format!("{} ({r})", header[i + 1]))
                .collect();
            format!(
                "Standard errors in parentheses; robust in {}.",
                which.join(", ")
            )
        }
    };
    let mut notes = vec![se_note];
    if !stars.is_empty() {
        let legend: Vec<String> = stars
            .iter()
            .map(|s| format!("{} p < {}", s.stars, s.p))
            .collect();
        notes.push(legend.join("; "));
    }
    notes.extend(options.notes.iter().cloned());
    Ok(Table {
        title: options.title.clone(),
        header,
        body,
        footer: vec![n_row, r2_row],
        notes,
    })
}

/// `x` with `digits` decimals, without a sign on zero.
pub(crate) fn fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "NA".into();
    }
    let s = format!("{x:.digits$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

impl Table {
    fn width(&self) -> usize {
        self.header.len()
    }

    /// A self-contained HTML `<table>` with inline styles; all text is escaped.
    pub fn to_html(&self) -> String {
        let mut s = String::from("<table style=\"border-collapse:collapse;font-family:serif\">\n");
        if let Some(t) = &self.title {
            let _ = writeln!(
                s,
                "<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px\">{}</caption>",
                escape_xml(t)
            );
        }
        let cell_style = |j: usize| {
            if j == 0 {
                "text-align:left;padding:1px 12px 1px 0"
            } else {
                "text-align:center;padding:1px 8px"
            }
        };
        s.push_str(
            "<thead>\n<tr style=\"border-top:2px solid black;border-bottom:1px solid black\">",
        );
        for (j, h) in self.header.iter().enumerate() {
            let _ = write!(s, "<th style=\"{}\">{}</th>", cell_style(j), escape_xml(h));
        }
        s.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &self.body {
            s.push_str("<tr>");
            for (j, c) in row.iter().enumerate() {
                // Leading spaces indent (e.g. the levels of a variable); HTML would collapse them.
                let text = c.trim_start_matches(' ');
                let indent = "&#160;".repeat(c.len() - text.len());
                let _ = write!(
                    s,
                    "<td style=\"{}\">{indent}{}</td>",
                    cell_style(j),
                    escape_xml(text)
                );
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n<tfoot>\n");
        for (i, row) in self.footer.iter().enumerate() {
            let mut style = Vec::new();
            if i == 0 {
                style.push("border-top:1px solid black");
            }
            if i + 1 == self.footer.len() {
                style.push("border-bottom:2px solid black");
            }
            let _ = write!(s, "<tr style=\"{}\">", style.join(";"));
            for (j, c) in row.iter().enumerate() {
                let _ = write!(s, "<td style=\"{}\">{}</td>", cell_style(j), escape_xml(c));
            }
            s.push_str("</tr>\n");
        }
        for note in &self.notes {
            let _ = writeln!(
                s,
                "<tr><td colspan=\"{}\" style=\"text-align:left;font-size:smaller\">{}</td></tr>",
                self.width(),
                escape_xml(note)
            );
        }
        s.push_str("</tfoot>\n</table>\n");
        s
    }

    /// A GitHub-flavoured Markdown table, with the title in bold above it and the notes
    /// below; Markdown's special characters are escaped.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        if let Some(t) = &self.title {
            let _ = writeln!(s, "**{}**\n", escape_markdown(t));
        }
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| escape_markdown(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        s.push_str(&line(&self.header));
        let mut sep = vec![":---".to_string()];
        sep.extend((1..self.width()).map(|_| ":---:".to_string()));
        let _ = writeln!(s, "| {} |", sep.join(" | "));
        for row in self.body.iter().chain(&self.footer) {
            s.push_str(&line(row));
        }
        for note in &self.notes {
            let _ = write!(s, "\n{}\n", escape_markdown(note));
        }
        s
    }

    /// A LaTeX `table` with a booktabs `tabular` (needs `\usepackage{booktabs}`); special
    /// characters are escaped and minus signs typeset as such.
    pub fn to_latex(&self) -> String {
        let mut s = String::from("\\begin{table}[htbp]\n\\centering\n");
        if let Some(t) = &self.title {
            let _ = writeln!(s, "\\caption{{{}}}", escape_latex(t));
        }
        let _ = writeln!(
            s,
            "\\begin{{tabular}}{{l{}}}\n\\toprule",
            "c".repeat(self.width().saturating_sub(1))
        );
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| latex_cell(c)).collect();
            format!("{} \\\\\n", cells.join(" & "))
        };
        s.push_str(&line(&self.header));
        s.push_str("\\midrule\n");
        for row in &self.body {
            s.push_str(&line(row));
        }
        if !self.footer.is_empty() {
            s.push_str("\\midrule\n");
            for row in &self.footer {
                s.push_str(&line(row));
            }
        }
        s.push_str("\\bottomrule\n\\end{tabular}\n");
        for note in &self.notes {
            let _ = writeln!(
                s,
                "\\par\\smallskip{{\\footnotesize {}}}",
                escape_latex(note)
            );
        }
        s.push_str("\\end{table}\n");
        s
    }

    /// CSV: the header, the body and footer rows, then one row per note.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let rows = std::iter::once(&self.header)
            .chain(&self.body)
            .chain(&self.footer);
        for row in rows {
            w.write_record(row).expect("writing to memory cannot fail");
        }
        for note in &self.notes {
            let mut row = vec![note.clone()];
            row.resize(self.width(), String::new());
            w.write_record(&row).expect("writing to memory cannot fail");
        }
        String::from_utf8(w.into_inner().expect("writing to memory cannot fail"))
            .expect("CSV of UTF-8 cells is UTF-8")
    }
}

fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape text for LaTeX (also used by braid-core's display exports).
pub fn escape_latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '²' => out.push_str("\\textsuperscript{2}"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a cell, typesetting a leading minus of a number as a math minus.
fn latex_cell(c: &str) -> String {
    match c.strip_prefix('-') {
        Some(rest) if rest.starts_with(|ch: char| ch.is_ascii_digit()) => {
            format!("$-${}", escape_latex(rest))
        }
        _ => escape_latex(c),
    }
}
