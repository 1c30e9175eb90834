//! Codebooks in the REFI-QDA codebook format (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`),
//! written from the project's code tree and read through the same import as Braid's YAML, so
//! that both follow one set of rules (UUIDs first, then paths; checked whole before writing).

use crate::codebook::codes::{CodebookImportReport, codebook, import_codebook};
use crate::error::{Error, Location, Result};
use crate::exchange::refi;
use crate::exchange::xml::{self, Element, Writer};
use crate::store::Project;

/// The project's codebook as a `.qdc` document. Sets of codes kept from a REFI-QDA import are
/// written too.
pub fn export_qdc(project: &Project) -> Result<String> {
    let codes = codebook(project)?;
    let uncodable: std::collections::BTreeSet<String> =
        project.conn.prepare("SELECT uuid FROM uncodable_codes")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut w = Writer::new();
    w.start("CodeBook", &[("xmlns", "urn:QDA-XML:codebook:1.0"), ("origin", &format!("Braid {}", env!("CARGO_PKG_VERSION")))]);
    w.start("Codes", &[]);
    let mut open: Vec<usize> = Vec::new();
    for c in &codes {
        while open.last().is_some_and(|&d| d >= c.depth) {
            open.pop();
            w.end("Code");
        }
        let colour = refi::colour(&c.colour).unwrap_or_else(|| "#888888".to_string());
        let codable = if uncodable.contains(&c.uuid) { "false" } else { "true" };
        w.start("Code", &[("guid", &c.uuid), ("name", &c.name), ("isCodable", codable), ("color", &colour)]);
        let description = refi::describe_code(&c.definition, &c.include, &c.exclude, &c.example);
        if !description.is_empty() {
            w.text("Description", &description);
        }
        open.push(c.depth);
    }
    for _ in open {
        w.end("Code");
    }
    w.end("Codes");
    // Sets whose members include codes: the codebook schema's sets hold codes only.
    let mut sets: Vec<(String, String, String, Vec<String>)> = Vec::new();
    let mut stmt = project.conn.prepare("SELECT uuid, name, description, members FROM sets ORDER BY name, uuid")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))? {
        let (g, n, d, m) = row?;
        let members: Vec<crate::exchange::qdpx_export::SetMember> = serde_json::from_str(&m).unwrap_or_default();
        let codes: Vec<String> = members.into_iter().filter(|m| m.kind == "code").map(|m| m.guid).collect();
        if !codes.is_empty() {
            sets.push((g, n, d, codes));
        }
    }
    if !sets.is_empty() {
        w.start("Sets", &[]);
        for (g, n, d, members) in &sets {
            w.start("Set", &[("guid", g), ("name", n)]);
            if !d.is_empty() {
                w.text("Description", d);
            }
            for m in members {
                w.empty("MemberCode", &[("guid", m)]);
            }
            w.end("Set");
        }
        w.end("Sets");
    }
    w.end("CodeBook");
    Ok(w.finish())
}

/// The `.qdc` tree as Braid's codebook JSON (which is YAML too), each code checked with the line
/// of its element.
fn as_codebook_json(root: &Element, file: &str) -> Result<String> {
    let bad = |e: &Element, message: String| Error::bad_input(Location::file(file).line(e.line), message);
    if root.name != "CodeBook" {
        return Err(bad(root, format!("the root element is <{}>, not <CodeBook>", root.name)));
    }
    let codes = root.child("Codes").ok_or_else(|| bad(root, "<CodeBook> has no <Codes>".to_string()))?;
    let mut seen = std::collections::HashMap::new();
    // Iterative, so the depth is bounded by the XML reader's limit alone.
    fn convert(e: &Element, file: &str, seen: &mut std::collections::HashMap<String, usize>) -> Result<serde_json::Value> {
        let bad = |message: String| Error::bad_input(Location::file(file).line(e.line), message);
        let raw = e.attr("guid").unwrap_or("");
        let guid = refi::guid(raw).ok_or_else(|| bad(format!("<Code> guid=\"{raw}\" is not a GUID")))?;
        if let Some(line) = seen.insert(guid.clone(), e.line) {
            return Err(bad(format!("duplicate GUID {guid}: this <Code> repeats the GUID of the <Code> on line {line}")));
        }
        let name = e.attr("name").unwrap_or("").trim().replace('/', "∕");
        if name.is_empty() {
            return Err(bad(format!("<Code> {guid} has no name")));
        }
        let colour = match e.attr("color") {
            Some(c) => Some(refi::colour(c).ok_or_else(|| bad(format!("<Code> {guid}: color=\"{c}\" is not #RRGGBB")))?),
            None => None,
        };
        let [definition, include, exclude, example] = refi::parse_code_description(e.child_text("Description").unwrap_or(""));
        let children = e.all("Code").map(|c| convert(c, file, seen)).collect::<Result<Vec<_>>>()?;
        let mut v = serde_json::json!({ "id": guid, "name": name, "definition": definition, "include": include, "exclude": exclude, "example": example, "children": children });
        if let Some(c) = colour {
            v["colour"] = serde_json::Value::String(c);
        }
        Ok(v)
    }
    let list = codes.all("Code").map(|c| convert(c, file, &mut seen)).collect::<Result<Vec<_>>>()?;
    Ok(serde_json::json!({ "format": "braid-codebook/1", "codes": list }).to_string())
}

/// Import a `.qdc` codebook into the project: one undoable action, like a YAML codebook.
pub fn import_qdc(project: &mut Project, xml_text: &str, file: &str, actor: &str) -> Result<CodebookImportReport> {
    let root = xml::parse(xml_text, file)?;
    import_codebook(project, &as_codebook_json(&root, file)?, file, actor)
}

/// Import a codebook in whichever format it is: `.qdc` by its extension or its XML content,
/// else Braid's YAML or JSON.
pub fn import_codebook_file(project: &mut Project, text: &str, file: &str, actor: &str) -> Result<CodebookImportReport> {
    let is_qdc = file.to_ascii_lowercase().ends_with(".qdc") || text.trim_start_matches('\u{feff}').trim_start().starts_with('<');
    if is_qdc { import_qdc(project, text, file, actor) } else { import_codebook(project, text, file, actor) }
}

/// What a codebook export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct CodebookExport {
    /// `qdc`, `json` or `yaml`.
    pub format: String,
    /// Codes written.
    pub codes: usize,
    /// The file.
    pub path: String,
}

/// Write the codebook to `path` in the format its extension names (`.qdc`, `.json`, else YAML),
/// whole or not at all.
pub fn save_codebook(project: &Project, path: &std::path::Path) -> Result<CodebookExport> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let (format, text) = match ext.as_str() {
        "qdc" => ("qdc", export_qdc(project)?),
        "json" => ("json", crate::codebook::edit::export_codebook(project, crate::codebook::edit::CodebookFormat::Json)?),
        _ => ("yaml", crate::codebook::edit::export_codebook(project, crate::codebook::edit::CodebookFormat::Yaml)?),
    };
    crate::store::write_whole(path, text.as_bytes())?;
    Ok(CodebookExport { format: format.to_string(), codes: codebook(project)?.len(), path: path.display().to_string() })
}
