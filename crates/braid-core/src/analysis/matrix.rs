//! Quantitizing codings: code frequencies, code × attribute crosstabs, co-occurrence, and a
//! 0/1 code-presence table per informant for use in statistics. Counts for a code include
//! its sub-codes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::coding::{self, Coding};
use crate::xlsx::{Sheet, XCell, sheet_csv};
use crate::error::Result;
use crate::store::Project;
use crate::codebook::codes;

/// What a crosstab cell counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    /// Informants whose documents carry the code.
    #[default]
    Informants,
    /// Documents that carry the code.
    Documents,
    /// Codings.
    Codings,
}

/// One cell of a crosstab.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CrosstabCell {
    /// The count.
    pub count: usize,
    /// Share of the row's total.
    pub row_pct: f64,
    /// Share of the column: for informants, the share of the group's informants whose
    /// interviews carry the code; otherwise the share of the column's total.
    pub col_pct: f64,
}

/// One code's row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CrosstabRow {
    /// Code path.
    pub code: String,
    /// Depth in the codebook.
    pub depth: usize,
    /// Colour.
    pub colour: String,
    /// One cell per column.
    pub cells: Vec<CrosstabCell>,
    /// Row total.
    pub total: usize,
}

/// A code × attribute table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Crosstab {
    /// The attribute.
    pub attribute: String,
    /// What is counted.
    pub unit: CountUnit,
    /// The attribute's values (columns); `(missing)` for informants without it.
    pub columns: Vec<String>,
    /// Informants per column.
    pub informants: Vec<usize>,
    /// One row per code, in codebook order.
    pub rows: Vec<CrosstabRow>,
}

/// What the matrices count, read from the project once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// The codebook, in order.
    pub(crate) codes: Vec<crate::codebook::codes::Code>,
    /// The codings kept (by the coders asked for).
    pub(crate) codings: Vec<Coding>,
    /// Document -> (informant, or the document's name when it has none; attributes).
    pub(crate) docs: BTreeMap<String, (String, crate::text::attrs::Attributes)>,
    /// Informant -> attributes.
    pub(crate) informants: BTreeMap<String, crate::text::attrs::Attributes>,
}

pub(crate) fn facts(project: &Project, coders: &[String]) -> Result<Facts> {
    let codings = coding::codings(project, None)?
        .into_iter()
        .filter(|c| coders.is_empty() || coders.contains(&c.coder))
        .collect();
    let docs = project
        .documents()?
        .into_iter()
        .map(|d| (d.name.clone(), (d.informant.clone().unwrap_or_else(|| d.name.clone()), d.attributes)))
        .collect();
    let informants = project.informants()?.into_iter().map(|i| (i.id, i.attributes)).collect();
    Ok(Facts { codes: codes::codebook(project)?, codings, docs, informants })
}

/// Whether `code` is `path` or one of its sub-codes.
pub(crate) fn under(code: &str, path: &str) -> bool {
    code == path || code.strip_prefix(path).is_some_and(|rest| rest.starts_with('/'))
}

/// A code × attribute crosstab, e.g. codes × `migration`, counting informants, documents or codings.
pub fn crosstab(project: &Project, attribute: &str, unit: CountUnit, coders: &[String]) -> Result<Crosstab> {
    Ok(crosstab_of(&facts(project, coders)?, attribute, unit))
}

/// The crosstab of facts already read.
pub(crate) fn crosstab_of(f: &Facts, attribute: &str, unit: CountUnit) -> Crosstab {
    let value_of = |attrs: &crate::text::attrs::Attributes| attrs.get(attribute).map(|v| v.canonical()).unwrap_or_else(|| "(missing)".to_string());
    let columns: Vec<String> = f.informants.values().map(value_of).collect::<BTreeSet<_>>().into_iter().collect();
    let col = |v: &str| columns.iter().position(|c| c == v).unwrap_or(0);
    let mut informants = vec![0; columns.len()];
    for a in f.informants.values() {
        informants[col(&value_of(a))] += 1;
    }
    let mut rows = Vec::new();
    for code in &f.codes {
        let mut counts = vec![0usize; columns.len()];
        match unit {
            CountUnit::Codings => {
                for c in f.codings.iter().filter(|c| under(&c.code, &code.path)) {
                    if let Some((_, a)) = f.docs.get(&c.document) {
                        counts[col(&value_of(a))] += 1;
                    }
                }
            }
            CountUnit::Documents | CountUnit::Informants => {
                let mut seen = BTreeSet::new();
                for c in f.codings.iter().filter(|c| under(&c.code, &code.path)) {
                    if let Some((informant, a)) = f.docs.get(&c.document) {
                        let key = if unit == CountUnit::Informants { informant.clone() } else { c.document.clone() };
                        if seen.insert(key) {
                            counts[col(&value_of(a))] += 1;
                        }
                    }
                }
            }
        }
        let total: usize = counts.iter().sum();
        let col_totals: Vec<usize> = if unit == CountUnit::Informants { informants.clone() } else { Vec::new() };
        rows.push((code, counts, total, col_totals));
    }
    // Column totals for row-independent shares of documents or codings.
    let column_sums: Vec<usize> = (0..columns.len()).map(|j| rows.iter().filter(|r| r.0.depth == 0).map(|r| r.1[j]).sum()).collect();
    let rows = rows
        .into_iter()
        .map(|(code, counts, total, col_totals)| CrosstabRow {
            code: code.path.clone(),
            depth: code.depth,
            colour: code.colour.clone(),
            cells: counts
                .iter()
                .enumerate()
                .map(|(j, &n)| {
                    let denom = if unit == CountUnit::Informants { col_totals[j] } else { column_sums[j] };
                    CrosstabCell {
                        count: n,
                        row_pct: if total == 0 { 0.0 } else { 100.0 * n as f64 / total as f64 },
                        col_pct: if denom == 0 { 0.0 } else { 100.0 * n as f64 / denom as f64 },
                    }
                })
                .collect(),
            total,
        })
        .collect();
    Crosstab { attribute: attribute.to_string(), unit, columns, informants, rows }
}

/// How co-occurrence is decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cooccurrence {
    /// Two codings overlap in the text.
    #[default]
    Overlap,
    /// Two codings touch the same speaker turn.
    SameTurn,
}

/// A symmetric code × code matrix of co-occurrences (codes as coded, without roll-up).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CooccurrenceMatrix {
    /// How co-occurrence was decided.
    pub mode: Cooccurrence,
    /// The codes that occur, in codebook order.
    pub codes: Vec<String>,
    /// `counts[i][j]`: the number of places (overlapping coding pairs, or turns) where both occur; the diagonal counts the code's own places.
    pub counts: Vec<Vec<usize>>,
}

/// Code co-occurrence, by overlapping text or by shared speaker turn.
pub fn cooccurrence(project: &Project, mode: Cooccurrence, coders: &[String]) -> Result<CooccurrenceMatrix> {
    let f = facts(project, coders)?;
    let used: BTreeSet<&str> = f.codings.iter().map(|c| c.code.as_str()).collect();
    let codes: Vec<String> = f.codes.iter().filter(|c| used.contains(c.path.as_str())).map(|c| c.path.clone()).collect();
    let idx = |p: &str| codes.iter().position(|c| c == p);
    let mut counts = vec![vec![0usize; codes.len()]; codes.len()];
    let mut by_doc: BTreeMap<&str, Vec<&Coding>> = BTreeMap::new();
    for c in &f.codings {
        by_doc.entry(&c.document).or_default().push(c);
    }
    match mode {
        Cooccurrence::Overlap => {
            for list in by_doc.values() {
                // Each unordered pair of codes counts once per pair of overlapping codings.
                let mut pairs: BTreeSet<(usize, usize, usize, usize)> = BTreeSet::new();
                for (x, a) in list.iter().enumerate() {
                    let Some(i) = idx(&a.code) else { continue };
                    counts[i][i] += 1;
                    for b in &list[x + 1..] {
                        let Some(j) = idx(&b.code) else { continue };
                        if i != j && a.start < b.end && b.start < a.end {
                            let key = (i.min(j), i.max(j), a.start.min(b.start), a.end.max(b.end));
                            if pairs.insert(key) {
                                counts[i][j] += 1;
                                counts[j][i] += 1;
                            }
                        }
                    }
                }
            }
        }
        Cooccurrence::SameTurn => {
            for (doc, list) in &by_doc {
                let d = project.document(doc)?;
                for s in &d.segments {
                    let present: BTreeSet<usize> =
                        list.iter().filter(|c| c.start < s.end && s.start < c.end).filter_map(|c| idx(&c.code)).collect();
                    for &i in &present {
                        for &j in &present {
                            counts[i][j] += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(CooccurrenceMatrix { mode, codes, counts })
}

/// A 0/1 table: for each informant, whether their documents carry each code (with sub-codes).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PresenceTable {
    /// Informant ids (rows).
    pub informants: Vec<String>,
    /// Code paths (columns), in codebook order.
    pub codes: Vec<String>,
    /// `values[i][j]` is 1 when informant i's documents carry code j.
    pub values: Vec<Vec<u8>>,
}

/// The code-presence table per informant.
pub fn presence(project: &Project, coders: &[String]) -> Result<PresenceTable> {
    let f = facts(project, coders)?;
    let informants: Vec<String> = f.informants.keys().cloned().collect();
    let codes: Vec<String> = f.codes.iter().map(|c| c.path.clone()).collect();
    let mut values = vec![vec![0u8; codes.len()]; informants.len()];
    for c in &f.codings {
        let Some((informant, _)) = f.docs.get(&c.document) else { continue };
        let Some(i) = informants.iter().position(|x| x == informant) else { continue };
        for (j, code) in codes.iter().enumerate() {
            if under(&c.code, code) {
                values[i][j] = 1;
            }
        }
    }
    Ok(PresenceTable { informants, codes, values })
}

/// A crosstab as a sheet: per column the count, the row share and the column share (percent,
/// one decimal), then the row total.
pub fn crosstab_sheet(t: &Crosstab) -> Sheet {
    let mut header = vec!["code".to_string()];
    for c in &t.columns {
        header.push(format!("{}={c} n", t.attribute));
        header.push(format!("{}={c} row%", t.attribute));
        header.push(format!("{}={c} col%", t.attribute));
    }
    header.push("total".to_string());
    let pct = |x: f64| XCell::Formatted(x, "0.0".to_string());
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![XCell::Text(r.code.clone())];
            for c in &r.cells {
                row.extend([XCell::Num(c.count as f64), pct(c.row_pct), pct(c.col_pct)]);
            }
            row.push(XCell::Num(r.total as f64));
            row
        })
        .collect();
    Sheet { name: format!("Codes by {}", t.attribute), header, rows, notes: Vec::new() }
}

/// A crosstab as CSV.
pub fn crosstab_csv(t: &Crosstab) -> String {
    sheet_csv(&crosstab_sheet(t))
}

/// The presence table as a sheet, one row per informant: 1 where the informant's documents
/// carry the code.
pub fn presence_sheet(t: &PresenceTable) -> Sheet {
    let mut header = vec!["id".to_string()];
    header.extend(t.codes.iter().cloned());
    let rows = t
        .informants
        .iter()
        .zip(&t.values)
        .map(|(inf, values)| std::iter::once(XCell::Text(inf.clone())).chain(values.iter().map(|&v| XCell::Num(f64::from(v)))).collect())
        .collect();
    Sheet { name: "Presence".into(), header, rows, notes: Vec::new() }
}

/// The presence table as CSV, one row per informant, for use in statistics.
pub fn presence_csv(t: &PresenceTable) -> String {
    sheet_csv(&presence_sheet(t))
}

/// A co-occurrence matrix as a sheet.
pub fn cooccurrence_sheet(m: &CooccurrenceMatrix) -> Sheet {
    let mut header = vec!["code".to_string()];
    header.extend(m.codes.iter().cloned());
    let rows = m
        .codes
        .iter()
        .zip(&m.counts)
        .map(|(c, counts)| std::iter::once(XCell::Text(c.clone())).chain(counts.iter().map(|&n| XCell::Num(n as f64))).collect())
        .collect();
    Sheet { name: "Co-occurrence".into(), header, rows, notes: Vec::new() }
}

/// A co-occurrence matrix as CSV.
pub fn cooccurrence_csv(m: &CooccurrenceMatrix) -> String {
    sheet_csv(&cooccurrence_sheet(m))
}

/// How often a code is used, counted three ways.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CodeFrequency {
    /// Code path.
    pub code: String,
    /// Depth in the codebook.
    pub depth: usize,
    /// Codings of the code or its sub-codes.
    pub codings: usize,
    /// Documents that carry it.
    pub documents: usize,
    /// Informants whose documents carry it.
    pub informants: usize,
}

/// Code frequencies, counted as codings, documents and informants (sub-codes roll up).
pub fn frequencies(project: &Project, coders: &[String]) -> Result<Vec<CodeFrequency>> {
    let f = facts(project, coders)?;
    Ok(f.codes
        .iter()
        .map(|code| {
            let mine: Vec<&Coding> = f.codings.iter().filter(|c| under(&c.code, &code.path)).collect();
            let documents: BTreeSet<&str> = mine.iter().map(|c| c.document.as_str()).collect();
            let informants: BTreeSet<&str> = documents.iter().filter_map(|d| f.docs.get(*d).map(|(i, _)| i.as_str())).collect();
            CodeFrequency { code: code.path.clone(), depth: code.depth, codings: mine.len(), documents: documents.len(), informants: informants.len() }
        })
        .collect())
}
