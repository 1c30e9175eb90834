//! The case-ordered display: the informants linked to survey rows, sorted by a survey variable
//! or a model's residual, each with their scores, the codes they carry and a short quote per
//! chosen code. Built from a snapshot like the other displays, drawn in every display format.

use std::collections::BTreeSet;

use crate::error::Result;
use crate::escape::{escape_html, escape_markdown, latex_cell, markdown_cell};
use crate::triangulate::display::model::{CaseDisplay, CaseDisplayRequest, CaseDisplayRow, DisplayFormat, Quote, RESIDUAL, attribution};
use crate::triangulate::display::snapshot::Snapshot;
use crate::xlsx::{Sheet, XCell};

/// The longest quote a case shows, in characters; longer ones are cut at a word and end in `…`.
pub const CASE_QUOTE_CHARS: usize = 160;

/// A quote cut to [`CASE_QUOTE_CHARS`] at a word.
fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= CASE_QUOTE_CHARS {
        return text;
    }
    let cut: String = text.chars().take(CASE_QUOTE_CHARS).collect();
    let at = cut.rfind(' ').filter(|&i| i > CASE_QUOTE_CHARS / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// Build the case-ordered display from a snapshot that holds the linked rows.
pub fn case_display(s: &Snapshot, request: &CaseDisplayRequest) -> Result<CaseDisplay> {
    let Some((linked, provenance)) = &s.cases else {
        return Err(crate::error::Error::BadRequest("the case display needs the linked rows; load the snapshot for it".to_string()));
    };
    if request.sort_by == RESIDUAL && request.model.is_none() {
        return Err(crate::error::Error::BadRequest("sorting by the residual needs a model: name it with --model".to_string()));
    }
    let scores = request.score_columns();
    let codes: Vec<String> = if request.codes.is_empty() {
        let carried: BTreeSet<&str> = s.facts.codings.iter().map(|c| c.code.split('/').next().unwrap_or(&c.code)).collect();
        s.facts.codes.iter().filter(|c| c.depth == 0 && carried.contains(c.path.as_str())).map(|c| c.path.clone()).collect()
    } else {
        request.codes.clone()
    };
    for c in &codes {
        if !s.facts.codes.iter().any(|k| k.path == *c) {
            return Err(crate::error::Error::NotFound { what: "code", name: c.clone() });
        }
    }
    let sort_at = scores.iter().position(|c| *c == request.sort_by);
    let mut rows: Vec<CaseDisplayRow> = linked
        .iter()
        .map(|l| {
            let mine: Vec<_> = s.facts.codings.iter().filter(|c| s.facts.docs.get(&c.document).is_some_and(|(i, _)| *i == l.informant)).collect();
            let carried: BTreeSet<&str> = mine.iter().map(|c| c.code.as_str()).collect();
            let attrs = s.facts.informants.get(&l.informant).cloned().unwrap_or_default();
            let quotes = codes
                .iter()
                .map(|code| {
                    let prefix = format!("{code}/");
                    mine.iter()
                        .filter(|c| c.code == *code || c.code.starts_with(&prefix))
                        .min_by(|a, b| (&a.document, a.start, &a.coder).cmp(&(&b.document, b.start, &b.coder)))
                        .map(|c| Quote {
                            text: short(&c.text),
                            informant: l.informant.clone(),
                            attribution: attribution(&l.informant, &attrs, &s.style),
                            document: c.document.clone(),
                            start: c.start,
                            end: c.end,
                            coding: c.uuid.clone(),
                        })
                })
                .collect();
            let document = s.facts.docs.iter().find(|(_, (i, _))| *i == l.informant).map(|(d, _)| d.clone());
            CaseDisplayRow {
                attribution: attribution(&l.informant, &attrs, &s.style),
                informant: l.informant.clone(),
                document,
                row: l.row,
                scores: l.values.iter().map(|v| v.clone().unwrap_or_default()).collect(),
                residual: l.residual,
                codes: s.facts.codes.iter().filter(|c| carried.contains(c.path.as_str())).map(|c| c.path.clone()).collect(),
                quotes,
            }
        })
        .collect();
    let key = |r: &CaseDisplayRow| -> Option<f64> {
        match sort_at {
            Some(i) => r.scores[i].parse::<f64>().ok(),
            None => r.residual,
        }
    };
    let text_key = |r: &CaseDisplayRow| sort_at.map(|i| r.scores[i].clone()).unwrap_or_default();
    rows.sort_by(|a, b| {
        // Missing values last, whichever the direction.
        let order = match (key(a), key(b)) {
            (Some(x), Some(y)) => if request.ascending { x.total_cmp(&y) } else { y.total_cmp(&x) },
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => if request.ascending { text_key(a).cmp(&text_key(b)) } else { text_key(b).cmp(&text_key(a)) },
        };
        order.then_with(|| a.informant.cmp(&b.informant))
    });
    let coders = if s.coders.is_empty() { "no coder".to_string() } else { s.coders.join(", ") };
    Ok(CaseDisplay {
        dataset: request.dataset.clone(),
        sort_by: request.sort_by.clone(),
        ascending: request.ascending,
        model: request.model.clone(),
        scores,
        codes,
        rows,
        provenance: format!("{} linked informants; {provenance}; codings by {coders}", linked.len()),
    })
}

fn order_words(d: &CaseDisplay) -> String {
    format!("Sorted by {}, {}", d.sort_by, if d.ascending { "lowest first" } else { "highest first" })
}

/// The codes a case carries, by their own names (the paths are in the JSON).
fn codes_text(codes: &[String]) -> String {
    codes.iter().map(|c| c.rsplit('/').next().unwrap_or(c)).collect::<Vec<_>>().join("; ")
}

fn residual_text(r: Option<f64>) -> String {
    r.map_or(String::new(), |x| format!("{x:.2}"))
}

/// The display as a sheet: one row per case, one column per score, the residual, the codes,
/// and one column per quoted code (the CSV and Excel exports).
pub fn case_sheet(d: &CaseDisplay) -> Sheet {
    let mut header = vec!["informant".to_string(), "row".to_string()];
    header.extend(d.scores.iter().cloned());
    if d.model.is_some() {
        header.push(RESIDUAL.to_string());
    }
    header.push("codes".to_string());
    header.extend(d.codes.iter().map(|c| format!("quote: {c}")));
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![XCell::Text(r.informant.clone()), XCell::Num(r.row as f64)];
            row.extend(r.scores.iter().map(|v| XCell::parse(v)));
            if d.model.is_some() {
                row.push(r.residual.map_or(XCell::Empty, |x| XCell::Formatted(x, "0.00".to_string())));
            }
            row.push(XCell::Text(codes_text(&r.codes)));
            row.extend(r.quotes.iter().map(|q| q.as_ref().map_or(XCell::Empty, |q| XCell::Text(format!("“{}”", q.text)))));
            row
        })
        .collect();
    Sheet { name: "Cases".into(), header, rows, notes: vec![order_words(d), d.provenance.clone()] }
}

fn case_html(d: &CaseDisplay, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left;font-size:.9em}}\
         th{{background:#f2f2f2}}td.n{{text-align:right;font-variant-numeric:tabular-nums}}.codes{{color:#555;font-size:.85em}}\
         .prov{{color:#777;font-size:.8em}}</style></head><body>\n<h1>{t}</h1>\n<p class=\"prov\">{}</p>\n<table>\n<tr><th>Case</th>",
        escape_html(&order_words(d)),
        t = escape_html(title)
    );
    for c in &d.scores {
        out.push_str(&format!("<th>{}</th>", escape_html(c)));
    }
    if d.model.is_some() {
        out.push_str("<th>Residual</th>");
    }
    out.push_str("<th>Codes</th>");
    for c in &d.codes {
        out.push_str(&format!("<th>{}</th>", escape_html(c)));
    }
    out.push_str("</tr>\n");
    for r in &d.rows {
        out.push_str(&format!("<tr><th>{}<div class=\"codes\">{}</div></th>", escape_html(&r.informant), escape_html(&r.attribution)));
        for v in &r.scores {
            out.push_str(&format!("<td class=\"n\">{}</td>", escape_html(v)));
        }
        if d.model.is_some() {
            out.push_str(&format!("<td class=\"n\">{}</td>", residual_text(r.residual)));
        }
        out.push_str(&format!("<td class=\"codes\">{}</td>", escape_html(&codes_text(&r.codes))));
        for q in &r.quotes {
            out.push_str(&format!("<td>{}</td>", q.as_ref().map_or(String::new(), |q| format!("“{}”", escape_html(&q.text)))));
        }
        out.push_str("</tr>\n");
    }
    out.push_str(&format!("</table>\n<p class=\"prov\">{}</p>\n</body></html>\n", escape_html(&d.provenance)));
    out
}

fn case_markdown(d: &CaseDisplay, title: &str) -> String {
    let mut head = vec!["Case".to_string()];
    head.extend(d.scores.iter().map(|c| markdown_cell(c)));
    if d.model.is_some() {
        head.push("Residual".to_string());
    }
    head.push("Codes".to_string());
    head.extend(d.codes.iter().map(|c| markdown_cell(c)));
    let mut out = format!("# {}\n\n_{}_\n\n| {} |\n|{}\n", escape_markdown(&title.replace('\n', " ")), escape_markdown(&order_words(d)), head.join(" | "), "---|".repeat(head.len()));
    for r in &d.rows {
        let mut cells = vec![format!("**{}** {}", markdown_cell(&r.informant), markdown_cell(&format!("({})", r.attribution)))];
        cells.extend(r.scores.iter().map(|v| markdown_cell(v)));
        if d.model.is_some() {
            cells.push(residual_text(r.residual));
        }
        cells.push(markdown_cell(&codes_text(&r.codes)));
        cells.extend(r.quotes.iter().map(|q| q.as_ref().map_or(String::new(), |q| markdown_cell(&format!("“{}”", q.text)))));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(&format!("\n_{}_\n", escape_markdown(&d.provenance)));
    out
}

fn case_latex(d: &CaseDisplay, title: &str) -> String {
    let numbers = d.scores.len() + usize::from(d.model.is_some());
    let spec = format!("p{{2.6cm}}{}p{{3.2cm}}{}", "r".repeat(numbers), "p{4cm}".repeat(d.codes.len()));
    let mut head = vec!["Case".to_string()];
    head.extend(d.scores.iter().map(|c| latex_cell(c)));
    if d.model.is_some() {
        head.push("Residual".to_string());
    }
    head.push("Codes".to_string());
    head.extend(d.codes.iter().map(|c| latex_cell(c)));
    let mut out = format!(
        "% {}\n\\begin{{longtable}}{{{spec}}}\n\\caption{{{} ({})}}\\\\\n\\hline\n{} \\\\\n\\hline\n\\endhead\n",
        latex_cell(&d.provenance),
        latex_cell(title),
        latex_cell(&order_words(d)),
        head.join(" & ")
    );
    for r in &d.rows {
        let mut cells = vec![format!("\\textbf{{{}}} \\newline {}", latex_cell(&r.informant), latex_cell(&r.attribution))];
        cells.extend(r.scores.iter().map(|v| latex_cell(v)));
        if d.model.is_some() {
            cells.push(residual_text(r.residual));
        }
        cells.push(latex_cell(&codes_text(&r.codes)));
        cells.extend(r.quotes.iter().map(|q| q.as_ref().map_or(String::new(), |q| format!("``{}''", latex_cell(&q.text)))));
        out.push_str(&format!("{} \\\\\n", cells.join(" & ")));
    }
    out.push_str("\\hline\n\\end{longtable}\n");
    out
}

fn case_docx(d: &CaseDisplay, title: &str) -> Result<Vec<u8>> {
    use docx_rs::{Docx, PageOrientationType, Paragraph, Run, Shading, Table, TableCell, TableRow, WidthType};
    let para = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).size(18));
    let bold = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).bold().size(18));
    let small = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).italic().size(14));
    // Landscape A4 text width, 15,400 twentieths of a point: numbers narrow, quotes share the rest.
    let numbers = d.scores.len() + usize::from(d.model.is_some());
    let (case_w, num_w, codes_w) = (2000usize, 1000usize, 2600usize);
    let quote_w = (15_400usize.saturating_sub(case_w + num_w * numbers + codes_w) / d.codes.len().max(1)).max(1500);
    let mut widths = vec![case_w];
    widths.extend(std::iter::repeat_n(num_w, numbers));
    widths.push(codes_w);
    widths.extend(std::iter::repeat_n(quote_w, d.codes.len()));
    let mut head: Vec<String> = vec!["Case".into()];
    head.extend(d.scores.iter().cloned());
    if d.model.is_some() {
        head.push("Residual".into());
    }
    head.push("Codes".into());
    head.extend(d.codes.iter().cloned());
    let header: Vec<TableCell> = head
        .iter()
        .zip(&widths)
        .map(|(h, w)| TableCell::new().add_paragraph(bold(h)).width(*w, WidthType::Dxa).shading(Shading::new().fill("E8E8E8")))
        .collect();
    let mut rows = vec![TableRow::new(header)];
    for r in &d.rows {
        let mut texts: Vec<Vec<Paragraph>> = vec![vec![bold(&r.informant), small(&r.attribution)]];
        texts.extend(r.scores.iter().map(|v| vec![para(v)]));
        if d.model.is_some() {
            texts.push(vec![para(&residual_text(r.residual))]);
        }
        texts.push(vec![para(&codes_text(&r.codes))]);
        texts.extend(r.quotes.iter().map(|q| vec![para(&q.as_ref().map_or(String::new(), |q| format!("“{}”", q.text)))]));
        let cells = texts
            .into_iter()
            .zip(&widths)
            .map(|(ps, w)| ps.into_iter().fold(TableCell::new(), TableCell::add_paragraph).width(*w, WidthType::Dxa))
            .collect();
        rows.push(TableRow::new(cells));
    }
    let doc = Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(28)))
        .add_paragraph(small(&order_words(d)))
        .add_table(Table::new(rows).set_grid(widths.clone()))
        .add_paragraph(small(&d.provenance));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| crate::error::Error::BadRequest(format!("cannot write the DOCX file: {e}")))?;
    Ok(out.into_inner())
}

/// The case-ordered display in a file format.
pub fn render_cases(d: &CaseDisplay, title: &str, format: DisplayFormat) -> Result<Vec<u8>> {
    Ok(match format {
        DisplayFormat::Html => case_html(d, title).into_bytes(),
        DisplayFormat::Markdown => case_markdown(d, title).into_bytes(),
        DisplayFormat::Csv => crate::xlsx::sheet_csv(&case_sheet(d)).into_bytes(),
        DisplayFormat::Latex => case_latex(d, title).into_bytes(),
        DisplayFormat::Docx => case_docx(d, title)?,
        DisplayFormat::Xlsx => crate::xlsx::workbook(&[case_sheet(d)])?,
    })
}
