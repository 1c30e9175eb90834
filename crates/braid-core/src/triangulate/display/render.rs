//! Drawing displays: the side-by-side display as HTML, Markdown, CSV, LaTeX and Word, and the
//! statistics-by-theme and framework tables as HTML. Every renderer escapes through
//! [`crate::escape`]; none reads the store.

use crate::error::{Error, Result};
use crate::xlsx::{Sheet, XCell};
use crate::escape::{escape_html, escape_markdown, latex_cell, markdown_cell};
use crate::store::ops::FitLabel;
use crate::triangulate::display::model::{Display, DisplayFormat, FrameworkMatrix, JointDisplay, QuantCell, ThemeStats, stars};

/// Two decimals, without the minus sign of a value that rounds to zero (a centred moderator's
/// mean prints `0.00`, not `-0.00`).
fn two(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" { "0.00".to_string() } else { s }
}

/// One line summarising a probe, for the exports: the focal effect at −1 SD, the mean and +1 SD
/// of the moderator, and where it is significant.
pub fn slopes_text(m: &braid_stats::Moderation) -> String {
    let at: Vec<String> = m
        .slopes
        .iter()
        .map(|s| format!("{} ({}): {:.3}{} ({:.3})", s.label, two(s.at), s.slope, stars(s.p), s.se))
        .collect();
    let jn = &m.johnson_neyman;
    let regions: Vec<String> = jn.regions.iter().map(|r| format!("{} to {}", two(r.low), two(r.high))).collect();
    let where_ = if regions.is_empty() {
        format!("nowhere in the observed range ({} to {})", two(jn.range.low), two(jn.range.high))
    } else {
        format!("for {} from {}", m.moderator, regions.join(" and "))
    };
    format!("Simple slopes of {} by {}: {}. Johnson–Neyman (α = {}): significant {where_}.", m.focal, m.moderator, at.join("; "), jn.alpha)
}

fn fit_word(f: Option<FitLabel>) -> &'static str {
    f.map_or("—", FitLabel::label)
}

fn quant_text(q: &QuantCell) -> String {
    match (q.estimate, q.se) {
        (Some(e), Some(se)) => format!("{e:.3}{} ({se:.3})", q.stars),
        _ => format!("unavailable: {}", q.provenance),
    }
}

/// The display as a self-contained, print-friendly HTML page. All user text is escaped.
pub fn joint_display_html(d: &JointDisplay, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse;width:100%}}\
         th,td{{border:1px solid #bbb;padding:.5em;vertical-align:top;text-align:left}}th{{background:#f2f2f2}}\
         .q{{margin:.4em 0}}.slopes{{font-size:.9em;margin-top:.2em}}.who{{color:#555;font-size:.9em}}.prov{{color:#777;font-size:.8em}}.stale{{color:#b00}}\
         @media print{{body{{margin:0}}}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<thead><tr><th>Construct</th>\
         <th>Quantitative evidence</th><th>Qualitative evidence</th><th>Fit</th><th>Meta-inference</th></tr></thead>\n<tbody>\n",
        t = escape_html(title)
    );
    for r in &d.rows {
        out.push_str(&format!("<tr><td><strong>{}</strong><br>{}</td><td>", escape_html(&r.title), escape_html(&r.text)));
        for q in &r.quant {
            out.push_str(&format!(
                "<div class=\"q\"><em>{}</em> — {} <code>{}</code>: <strong>{}</strong>, N = {}{}{}<div class=\"prov\">{}</div></div>",
                escape_html(&q.source),
                escape_html(&q.model),
                escape_html(&q.term),
                escape_html(&quant_text(q)),
                q.n.map_or("?".to_string(), |n| n.to_string()),
                if q.stale { " <span class=\"stale\">(dataset changed since fitting)</span>" } else { "" },
                q.simple_slopes.as_ref().map_or(String::new(), |m| format!(
                    "<div class=\"slopes\">{}</div>{}",
                    escape_html(&slopes_text(m)),
                    // The plot is Braid's own SVG, its labels escaped where it is drawn.
                    q.plot.as_deref().map_or(String::new(), |svg| format!("<div class=\"plot\">{svg}</div>"))
                )),
                escape_html(&q.provenance)
            ));
        }
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        out.push_str(&format!(
            "</td><td><div>Themes: {}</div><div>{} excerpts from {} informants ({})</div>",
            escape_html(&r.themes.join("; ")),
            r.excerpts,
            r.informants_by_type.values().sum::<usize>(),
            escape_html(&by_type.join(", "))
        ));
        for q in &r.quotes {
            out.push_str(&format!(
                "<blockquote class=\"q\">“{}” <span class=\"who\">({})</span></blockquote>",
                escape_html(&q.text),
                escape_html(&q.attribution)
            ));
        }
        out.push_str(&format!("</td><td>{}</td><td>{}</td></tr>\n", fit_word(r.fit), escape_html(&r.meta_inference)));
    }
    out.push_str(&format!("</tbody></table>\n<p class=\"prov\">{}</p>\n</body></html>\n", escape_html(&d.provenance)));
    out
}

/// The display as Markdown. All user text is escaped (see [`escape_markdown`]): titles, code
/// names, model terms and quotes show as written, and a `|` or a line break cannot break the table.
pub fn joint_display_markdown(d: &JointDisplay, title: &str) -> String {
    let one_line = |s: &str| escape_markdown(s).replace('\n', " ");
    let mut out = format!(
        "# {}\n\n| Construct | Quantitative evidence | Qualitative evidence | Fit | Meta-inference |\n|---|---|---|---|---|\n",
        one_line(title)
    );
    for r in &d.rows {
        let quant: Vec<String> = r
            .quant
            .iter()
            .map(|q| {
                let slopes = q.simple_slopes.as_ref().map_or(String::new(), |m| format!(" {}", markdown_cell(&slopes_text(m))));
                let slopes = match &q.plot_file {
                    Some(file) => format!("{slopes} ![interaction plot]({file})"),
                    None => slopes,
                };
                format!(
                    "{}: {} {} {}, N = {}{slopes}",
                    markdown_cell(&q.source),
                    markdown_cell(&q.model),
                    markdown_cell(&q.term),
                    markdown_cell(&quant_text(q)),
                    q.n.unwrap_or(0)
                )
            })
            .collect();
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        let mut qual = format!(
            "Themes: {}. {} excerpts ({})",
            markdown_cell(&r.themes.join("; ")),
            r.excerpts,
            markdown_cell(&by_type.join(", "))
        );
        for q in &r.quotes {
            qual.push_str(&format!("<br>“{}” ({})", markdown_cell(&q.text), markdown_cell(&q.attribution)));
        }
        // The `<br>`s joining the parts are the export's own markup; only the parts are escaped.
        out.push_str(&format!(
            "| **{}** {} | {} | {} | {} | {} |\n",
            markdown_cell(&r.title),
            markdown_cell(&r.text),
            quant.join("<br>"),
            qual,
            fit_word(r.fit),
            markdown_cell(&r.meta_inference)
        ));
    }
    out.push_str(&format!("\n_{}_\n", one_line(&d.provenance)));
    out
}

/// The statistics-by-theme display as a self-contained HTML page, shares shaded.
pub fn theme_stats_html(t: &ThemeStats, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #bbb;padding:.4em .6em;text-align:center}}td.code{{text-align:left}}\
         .stat{{font-size:.85em;color:#444}}.prov{{color:#777;font-size:.8em}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<tr><th>Code</th>",
        t = escape_html(title)
    );
    for c in &t.columns {
        out.push_str(&format!("<th>{} = {}<br><span class=\"stat\">{} informants</span>", escape_html(&t.attribute), escape_html(&c.value), c.informants));
        if let (Some(s), Some(v)) = (&c.survey, &t.variable) {
            out.push_str(&format!("<br><span class=\"stat\">{}: {:.2} ({:.2}), N = {}</span>", escape_html(v), s.mean, s.sd, s.n));
        }
        out.push_str("</th>");
    }
    out.push_str("</tr>\n");
    for r in &t.rows {
        out.push_str(&format!("<tr><td class=\"code\">{}</td>", escape_html(&r.code)));
        for c in &r.cells {
            let alpha = (c.share / 100.0 * 0.6).clamp(0.0, 0.6);
            out.push_str(&format!("<td style=\"background:rgba(31,119,180,{alpha:.2})\">{:.0}% ({})</td>", c.share, c.count));
        }
        out.push_str("</tr>\n");
    }
    out.push_str(&format!("</table>\n<p class=\"prov\">{}</p>\n</body></html>\n", escape_html(&t.provenance)));
    out
}

/// The side-by-side display as a Word document (landscape A4, a real table), for journal
/// submission. Text goes in as text runs, so nothing needs escaping.
pub fn joint_display_docx(d: &JointDisplay, title: &str) -> Result<Vec<u8>> {
    use docx_rs::{Docx, PageOrientationType, Paragraph, Run, Shading, Table, TableCell, TableRow, WidthType};
    let para = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).size(18));
    let bold = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).bold().size(18));
    let small = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).italic().size(14));
    // Column widths in twentieths of a point, summing to the landscape text width.
    let widths = [2000usize, 3600, 5200, 1300, 2900];
    let header: Vec<TableCell> = ["Construct", "Quantitative evidence", "Qualitative evidence", "Fit", "Meta-inference"]
        .iter()
        .zip(widths)
        .map(|(h, w)| TableCell::new().add_paragraph(bold(h)).width(w, WidthType::Dxa).shading(Shading::new().fill("E8E8E8")))
        .collect();
    let mut rows = vec![TableRow::new(header)];
    for r in &d.rows {
        let mut construct = TableCell::new().add_paragraph(bold(&r.title));
        if !r.text.is_empty() {
            construct = construct.add_paragraph(para(&r.text));
        }
        let mut quant = TableCell::new();
        for q in &r.quant {
            quant = quant
                .add_paragraph(para(&format!("{} — {} {}: {}, N = {}", q.source, q.model, q.term, quant_text(q), q.n.map_or("?".to_string(), |n| n.to_string()))));
            if let Some(m) = &q.simple_slopes {
                quant = quant.add_paragraph(para(&slopes_text(m)));
                // The interaction plot, drawn as a PNG about 8 cm wide.
                if let Some((png, w, h)) = q.plot.as_deref().and_then(plot_png) {
                    let pic = docx_rs::Pic::new_with_dimensions(png, w, h).size(3_000_000, (3_000_000u64 * u64::from(h) / u64::from(w.max(1))) as u32);
                    quant = quant.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
                }
            }
            quant = quant.add_paragraph(small(&q.provenance));
        }
        let by_type: Vec<String> = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect();
        let mut qual = TableCell::new()
            .add_paragraph(para(&format!("Themes: {}", r.themes.join("; "))))
            .add_paragraph(para(&format!("{} excerpts ({})", r.excerpts, by_type.join(", "))));
        for q in &r.quotes {
            qual = qual.add_paragraph(para(&format!("“{}” ({})", q.text, q.attribution)));
        }
        let cells = vec![
            construct.width(widths[0], WidthType::Dxa),
            quant.width(widths[1], WidthType::Dxa),
            qual.width(widths[2], WidthType::Dxa),
            TableCell::new().add_paragraph(para(fit_word(r.fit))).width(widths[3], WidthType::Dxa),
            TableCell::new().add_paragraph(para(&r.meta_inference)).width(widths[4], WidthType::Dxa),
        ];
        rows.push(TableRow::new(cells));
    }
    let doc = Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(28)))
        .add_table(Table::new(rows).set_grid(widths.to_vec()))
        .add_paragraph(small(&d.provenance));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| Error::BadRequest(format!("cannot write the DOCX file: {e}")))?;
    Ok(out.into_inner())
}

/// The display as a sheet: one row per quantitative result of each finding, with the finding's
/// qualitative evidence repeated beside each (the CSV and the Excel export).
pub fn joint_display_sheet(d: &JointDisplay) -> Sheet {
    let header = [
        "construct", "source", "model", "term", "estimate", "se", "stars", "n", "stale", "themes", "excerpts", "informants", "quotes", "fit", "meta_inference", "provenance",
        "simple_slopes", "plot",
    ];
    let text = |s: &str| if s.is_empty() { XCell::Empty } else { XCell::Text(s.to_string()) };
    let num = |x: Option<f64>| x.map_or(XCell::Empty, XCell::Num);
    let mut rows = Vec::new();
    for r in &d.rows {
        let quotes = r.quotes.iter().map(|q| format!("“{}” ({})", q.text, q.attribution)).collect::<Vec<_>>().join("\n");
        let informants = r.informants_by_type.iter().map(|(t, n)| format!("{n} {t}")).collect::<Vec<_>>().join(", ");
        let qual = |row: &mut Vec<XCell>| {
            row.extend([text(&r.themes.join("; ")), XCell::Num(r.excerpts as f64), text(&informants), text(&quotes), text(fit_word(r.fit)), text(&r.meta_inference)]);
        };
        if r.quant.is_empty() {
            let mut row = vec![text(&r.title), XCell::Empty, XCell::Empty, XCell::Empty, XCell::Empty, XCell::Empty, XCell::Empty, XCell::Empty, XCell::Empty];
            qual(&mut row);
            row.extend([XCell::Empty, XCell::Empty, XCell::Empty]);
            rows.push(row);
        }
        for q in &r.quant {
            let mut row = vec![
                text(&r.title),
                text(&q.source),
                text(&q.model),
                text(&q.term),
                num(q.estimate),
                num(q.se),
                text(&q.stars),
                num(q.n.map(|n| n as f64)),
                text(if q.stale { "yes" } else { "" }),
            ];
            qual(&mut row);
            row.extend([
                text(&q.provenance),
                text(&q.simple_slopes.as_ref().map(slopes_text).unwrap_or_default()),
                text(q.plot_file.as_deref().unwrap_or("")),
            ]);
            rows.push(row);
        }
    }
    Sheet { name: "Joint display".into(), header: header.map(String::from).to_vec(), rows, notes: vec![d.provenance.clone()] }
}

/// The display as CSV: one row per quantitative result of each finding, with the finding's
/// qualitative evidence repeated beside each.
pub fn joint_display_csv(d: &JointDisplay) -> String {
    crate::xlsx::sheet_csv(&joint_display_sheet(d))
}

/// The display as a LaTeX `longtable` (needs `\usepackage{longtable}`).
pub fn joint_display_latex(d: &JointDisplay, title: &str) -> String {
    let mut out = format!(
        "% {}\n\\begin{{longtable}}{{p{{2.4cm}}p{{4.2cm}}p{{5.6cm}}p{{1.6cm}}p{{3.6cm}}}}\n\\caption{{{}}}\\\\\n\\hline\nConstruct & Quantitative evidence & Qualitative evidence & Fit & Meta-inference \\\\\n\\hline\n\\endhead\n",
        latex_cell(&d.provenance),
        latex_cell(title)
    );
    for r in &d.rows {
        let quant: Vec<String> = r
            .quant
            .iter()
            .map(|q| {
                let slopes = q.simple_slopes.as_ref().map_or(String::new(), |m| format!(" \\newline {}", latex_cell(&slopes_text(m))));
                format!("{}: {} {}: {}, N = {}{slopes}", latex_cell(&q.source), latex_cell(&q.model), latex_cell(&q.term), latex_cell(&quant_text(q)), q.n.unwrap_or(0))
            })
            .collect();
        let mut qual = format!("Themes: {}. {} excerpts.", latex_cell(&r.themes.join("; ")), r.excerpts);
        for q in &r.quotes {
            qual.push_str(&format!(" \\newline ``{}'' ({})", latex_cell(&q.text), latex_cell(&q.attribution)));
        }
        out.push_str(&format!(
            "\\textbf{{{}}} & {} & {} & {} & {} \\\\\n\\hline\n",
            latex_cell(&r.title),
            quant.join(" \\newline "),
            qual,
            fit_word(r.fit),
            latex_cell(&r.meta_inference)
        ));
    }
    out.push_str("\\end{longtable}\n");
    out
}

/// The framework matrix as a self-contained HTML page.
pub fn framework_html(m: &FrameworkMatrix, title: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:Georgia,serif;margin:2em;color:#222}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left;font-size:.9em}}\
         th{{background:#f2f2f2}}.n{{color:#777;font-size:.85em}}p{{margin:.2em 0}}</style></head><body>\n<h1>{t}</h1>\n<table>\n<tr><th>{}</th>",
        escape_html(m.rows_by.as_deref().unwrap_or("Informant")),
        t = escape_html(title)
    );
    for c in &m.codes {
        out.push_str(&format!("<th>{}</th>", escape_html(c)));
    }
    out.push_str("</tr>\n");
    for r in &m.rows {
        out.push_str(&format!("<tr><th>{}</th>", escape_html(&r.label)));
        for c in &r.cells {
            out.push_str("<td>");
            if c.count > 0 {
                out.push_str(&format!("<div class=\"n\">{} segments</div>", c.count));
            }
            for q in &c.quotes {
                let who = if m.rows_by.is_some() { format!(" <span class=\"n\">({})</span>", escape_html(&q.informant)) } else { String::new() };
                out.push_str(&format!("<p>“{}”{who}</p>", escape_html(&q.text)));
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// The side-by-side display in a file format.
pub fn render_joint_display(d: &JointDisplay, title: &str, format: DisplayFormat) -> Result<Vec<u8>> {
    Ok(match format {
        DisplayFormat::Html => joint_display_html(d, title).into_bytes(),
        DisplayFormat::Markdown => joint_display_markdown(d, title).into_bytes(),
        DisplayFormat::Csv => joint_display_csv(d).into_bytes(),
        DisplayFormat::Latex => joint_display_latex(d, title).into_bytes(),
        DisplayFormat::Docx => joint_display_docx(d, title)?,
        DisplayFormat::Xlsx => crate::xlsx::workbook(&[Sheet { name: title.to_string(), ..joint_display_sheet(d) }])?,
    })
}

/// An interaction plot (Braid's own SVG) as a PNG at twice its size, with its pixel size; `None`
/// if it cannot be drawn. Fonts are the system's, read once.
fn plot_png(svg: &str) -> Option<(Vec<u8>, u32, u32)> {
    use resvg::{tiny_skia, usvg};
    static FONTS: std::sync::OnceLock<std::sync::Arc<usvg::fontdb::Database>> = std::sync::OnceLock::new();
    let fontdb = FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            // The plot asks for `sans-serif`: map it to a sans face the system has (DejaVu Sans on
            // Debian), not fontdb's default of Arial.
            let families: Vec<String> = db.faces().flat_map(|f| f.families.iter().map(|(n, _)| n.clone())).collect();
            let sans = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"]
                .iter()
                .find(|want| families.iter().any(|f| f == *want))
                .map(|s| s.to_string())
                .or_else(|| families.first().cloned());
            if let Some(sans) = sans {
                db.set_sans_serif_family(sans);
            }
            std::sync::Arc::new(db)
        })
        .clone();
    let font_family = fontdb.faces().next().and_then(|f| f.families.first().map(|(n, _)| n.clone())).unwrap_or_default();
    let options = usvg::Options { fontdb, font_family, ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width() * 2, size.height() * 2);
    let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    Some((pixmap.encode_png().ok()?, w, h))
}

/// The interaction plots of a display, as (file name, SVG), for the files the Markdown and CSV
/// exports name, to write beside them.
pub fn display_plots(d: &JointDisplay) -> Vec<(String, String)> {
    d.rows
        .iter()
        .flat_map(|r| &r.quant)
        .filter_map(|q| Some((q.plot_file.clone()?, q.plot.clone()?)))
        .collect()
}

/// Any display in a file format. The statistics-by-theme display and the framework matrix
/// export as HTML only.
pub fn render_display(d: &Display, title: &str, format: DisplayFormat) -> Result<Vec<u8>> {
    let html_only = |what: &str| {
        if format == DisplayFormat::Html {
            Ok(())
        } else {
            Err(Error::BadRequest(format!("the {what} exports as HTML only, not as {}", format.extension())))
        }
    };
    match d {
        Display::SideBySide(d) => render_joint_display(d, title, format),
        Display::Themes(t) => {
            html_only("statistics-by-theme display")?;
            Ok(theme_stats_html(t, title).into_bytes())
        }
        Display::Framework(m) => {
            html_only("framework matrix")?;
            Ok(framework_html(m, title).into_bytes())
        }
        Display::Cases(c) => crate::triangulate::display::cases::render_cases(c, title, format),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::triangulate::display::model::{DisplayRow, QuantCell, Quote};

    #[test]
    fn markdown_keeps_user_text_inside_its_cell_and_renders_none_of_it() {
        let quant = QuantCell {
            source: "model".into(),
            origin: crate::store::ops::ResultSource::Model,
            model: "M|1".into(),
            term: "migration[mother]:belonging".into(),
            label: String::new(),
            estimate: Some(-1.5),
            se: Some(0.5),
            text: "−1.500** (0.500)".into(),
            stars: "**".into(),
            n: Some(10),
            provenance: "dataset <s>".into(),
            stale: false,
            simple_slopes: None,
            plot: None,
            plot_file: None,
        };
        let quote = Quote {
            text: "I said | no\n# really <img src=x>".into(),
            informant: "0602".into(),
            attribution: "Informant 0602, _child_".into(),
            document: "0602".into(),
            start: 0,
            end: 5,
            coding: String::new(),
        };
        let row = DisplayRow {
            finding: "f".into(),
            title: "**Peers** | buffer".into(),
            text: "line one\nline two".into(),
            quant: vec![quant],
            themes: vec!["Peer [support]".into()],
            excerpts: 1,
            informants_by_type: BTreeMap::from([("child".to_string(), 1)]),
            quotes: vec![quote],
            fit: None,
            meta_inference: "see `code`".into(),
        };
        let d = JointDisplay { rows: vec![row], provenance: "coders a_b".into() };
        let md = joint_display_markdown(&d, "# A *title*\nsecond");
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], r"# \# A \*title\* second");
        // Title, blank, header, rule, then the row: every line break inside a cell became <br>.
        let row = lines[4];
        assert_eq!(
            row,
            r"| **\*\*Peers\*\* \| buffer** line one<br>line two | model: M\|1 migration\[mother\]:belonging -1.500\*\* (0.500), N = 10 | Themes: Peer \[support\]. 1 excerpts (1 child)<br>“I said \| no<br># really \<img src=x\>” (Informant 0602, \_child\_) | — | see \`code\` |"
        );
        // The unescaped pipes are exactly the table's own: six per row.
        let unescaped = row.match_indices('|').filter(|(i, _)| !row[..*i].ends_with('\\')).count();
        assert_eq!(unescaped, 6);
        assert!(md.ends_with("\n_coders a\\_b_\n"), "{md}");
    }
}
