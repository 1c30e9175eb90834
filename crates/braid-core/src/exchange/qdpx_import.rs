//! A REFI-QDA project (`.qdpx`) read into a new Braid project. Everything is read and checked
//! first; the project is then written in one transaction into a file beside the target and moved
//! into place, so a refused archive leaves nothing behind.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Location, Result};
use crate::exchange::archive::Archive;
use crate::exchange::qdpx_export::SetMember;
use crate::exchange::refi;
use crate::exchange::xml::{self, Element};
use crate::progress::Progress;
use crate::store::action::Action;
use crate::store::{self, Project};
use crate::text::attrs::{AttrKind, AttrValue};
use crate::text::transcript;

/// What an import carried, and what it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct QdpxImportReport {
    /// The new project.
    pub project: String,
    /// Text sources (and transcripts of audio, video and PDF sources) made documents.
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings.
    pub codings: usize,
    /// Notes made memos or coding memos.
    pub memos: usize,
    /// Cases made informants.
    pub informants: usize,
    /// Users (coders and memo authors).
    pub users: usize,
    /// Sets kept.
    pub sets: usize,
    /// Sources, selections and values that could not be carried, each with why.
    pub skipped: Vec<String>,
    /// What was carried differently, e.g. a Boolean variable kept as text.
    pub notes: Vec<String>,
    /// Recordings of audio and video sources found and linked.
    pub recordings: usize,
}

/// A code as read: its place in the tree and its fields.
struct CodeIn {
    guid: String,
    parent: Option<String>,
    name: String,
    colour: String,
    codable: bool,
    fields: [String; 4],
    ord: i64,
}

struct DocIn {
    guid: String,
    name: String,
    text: String,
    description: String,
    created_at: String,
    case: Option<String>,
    /// The transcript's sync points that give a time: (position in the stored text, ms).
    sync: Vec<(usize, u64)>,
    /// The recording, when it was found and checked.
    recording: Option<crate::media::PreparedLink>,
}

struct CodingIn {
    guid: String,
    document: String,
    start: usize,
    end: usize,
    code: String,
    coder: String,
    created_at: String,
    memo: Option<String>,
}

struct MemoIn {
    guid: String,
    kind: &'static str,
    target: Option<String>,
    title: String,
    body: String,
    author: String,
    created_at: String,
}

/// Every GUID of the file, with the element and line that gave it, for "duplicate GUID".
struct Guids {
    file: String,
    seen: HashMap<String, (String, usize)>,
}

impl Guids {
    /// The GUID of `e` (its `attr`), checked for form and uniqueness.
    fn take(&mut self, e: &Element, attr: &str) -> Result<String> {
        let raw = e.attr(attr).ok_or_else(|| self.bad(e, format!("<{}> has no {attr}", e.name)))?;
        let g = refi::guid(raw).ok_or_else(|| self.bad(e, format!("<{}> {attr}=\"{raw}\" is not a GUID", e.name)))?;
        if let Some((other, line)) = self.seen.get(&g) {
            return Err(self.bad(e, format!("duplicate GUID {g}: <{}> repeats the GUID of <{other}> on line {line}", e.name)));
        }
        self.seen.insert(g.clone(), (e.name.clone(), e.line));
        Ok(g)
    }

    fn bad(&self, e: &Element, message: String) -> Error {
        Error::bad_input(Location::file(&self.file).line(e.line), message)
    }
}

/// A reference's GUID (`targetGUID` and the like), normalised.
fn ref_guid(e: &Element, attr: &str, file: &str) -> Result<String> {
    let raw = e.attr(attr).unwrap_or("");
    refi::guid(raw).ok_or_else(|| Error::bad_input(Location::file(file).line(e.line), format!("<{}> {attr}=\"{raw}\" is not a GUID", e.name)))
}

/// The archive entry a source path names: `internal://x` and bare relative paths are inside the
/// archive (under `sources/`); `absolute://` paths are looked up beside the archive by file name.
fn source_bytes(archive: &mut Archive<'_>, path: &str, beside: &Path, file: &str, e: &Element) -> Result<Vec<u8>> {
    if let Some(rest) = path.strip_prefix("absolute://") {
        let name = Path::new(rest.trim_start_matches('/')).file_name().map(|n| n.to_owned()).unwrap_or_default();
        let near = beside.join(&name);
        return std::fs::read(&near).map_err(|_| {
            Error::bad_input(
                Location::file(file).line(e.line),
                format!("<{}> names the file {rest} outside the archive; it was expected beside the archive, at {}", e.name, near.display()),
            )
        });
    }
    let rel = path.strip_prefix("internal://").unwrap_or(path).trim_start_matches("./");
    for candidate in [format!("sources/{rel}"), rel.to_string()] {
        if archive.has(&candidate) {
            return archive.read(&candidate);
        }
    }
    Err(Error::bad_input(Location::file(file).line(e.line), format!("<{}> names {path}, which the archive does not hold (looked for sources/{rel})", e.name)))
}

/// The file a recording's `path` names: `absolute://` as given (or, when it is not there, by
/// name beside the archive), `relative://` and bare paths beside the archive. `None` for a
/// recording packed in the archive (`internal://`).
fn recording_file(path: &str, beside: &Path) -> Option<std::path::PathBuf> {
    if path.starts_with("internal://") {
        return None;
    }
    let rest = path.strip_prefix("absolute://").or_else(|| path.strip_prefix("relative://")).unwrap_or(path);
    let as_given = Path::new(rest);
    if path.starts_with("absolute://") && as_given.is_file() {
        return Some(as_given.to_path_buf());
    }
    let relative = beside.join(rest.trim_start_matches('/'));
    if !path.starts_with("absolute://") && relative.is_file() {
        return Some(relative);
    }
    Some(beside.join(as_given.file_name()?))
}

/// A source file's text as written: REFI-QDA sources are UTF-8, and their selections count the
/// text's own line ends, so it is not normalised here ([`normalise_with_map`] does that and keeps
/// the positions). Another encoding is decoded as a transcript would be.
fn source_text(bytes: Vec<u8>, shown: &str) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => Ok(crate::text::decode(e.as_bytes(), shown, None)?.text),
    }
}

/// Text as Braid stores it (no BOM, `\n` line ends), with where each original code point went:
/// `map[i]` is the stored offset of original offset `i` (one past the end included).
fn normalise_with_map(text: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(chars.len() + 1);
    let mut n = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        map.push(n);
        if i == 0 && c == '\u{feff}' {
            i += 1;
            continue;
        }
        if c == '\r' {
            if chars.get(i + 1) == Some(&'\n') {
                map.push(n);
                i += 1;
            }
            out.push('\n');
        } else {
            out.push(c);
        }
        n += 1;
        i += 1;
    }
    map.push(n);
    (out, map)
}

/// Import `bytes` (a `.qdpx` archive read from `file`) as a new project at `target`.
pub fn import_qdpx(bytes: &[u8], file: &Path, target: &Path, actor: &str, progress: &dyn Progress) -> Result<QdpxImportReport> {
    if target.exists() {
        return Err(Error::BadRequest(format!("{} already exists; the import makes a new project, so name a file that does not exist yet", target.display())));
    }
    let shown = file.display().to_string();
    let beside = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut archive = Archive::open(bytes, &shown)?;
    let qde_name = if archive.has("project.qde") { "project.qde".to_string() } else {
        return Err(Error::bad_input(Location::file(&shown), "not a REFI-QDA project: the archive has no project.qde"));
    };
    let qde_file = format!("{shown}: project.qde");
    let qde = archive.read(&qde_name)?;
    let text = String::from_utf8(qde).map_err(|e| Error::bad_input(Location::file(&qde_file), format!("project.qde is not UTF-8 text ({e})")))?;
    progress.start("reading the REFI-QDA project", 1);
    let root = xml::parse(&text, &qde_file)?;
    progress.finish();
    if root.name != "Project" {
        return Err(Error::bad_input(Location::file(&qde_file).line(root.line), format!("the root element is <{}>, not <Project>", root.name)));
    }
    let mut report = QdpxImportReport { project: target.display().to_string(), ..Default::default() };
    let mut guids = Guids { file: qde_file.clone(), seen: HashMap::new() };
    let bad = |e: &Element, message: String| Error::bad_input(Location::file(&qde_file).line(e.line), message);

    // Users.
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    for u in root.child("Users").into_iter().flat_map(|us| us.all("User")) {
        let g = guids.take(u, "guid")?;
        let name = u.attr("name").or(u.attr("id")).filter(|n| !n.trim().is_empty()).map(str::to_string).unwrap_or_else(|| g.clone());
        users.insert(g, name);
    }
    let user = |e: &Element, attr: &str| -> Result<Option<String>> {
        match e.attr(attr) {
            None => Ok(None),
            Some(raw) => {
                let g = refi::guid(raw).ok_or_else(|| bad(e, format!("<{}> {attr}=\"{raw}\" is not a GUID", e.name)))?;
                users.get(&g).cloned().map(Some).ok_or_else(|| {
                    bad(e, format!("<{}> {}: {attr} {g} is not one of the project's <User>s", e.name, e.attr("guid").unwrap_or("")))
                })
            }
        }
    };

    // The codebook, depth first, names made safe for paths and unique among siblings.
    let mut codes: Vec<CodeIn> = Vec::new();
    let mut code_refs: Vec<(&Element, String)> = Vec::new();
    if let Some(book) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        let mut stack: Vec<(&Element, Option<String>, i64)> = book.all("Code").enumerate().map(|(i, c)| (c, None, i as i64)).collect();
        stack.reverse();
        let mut siblings: HashMap<(Option<String>, String), usize> = HashMap::new();
        while let Some((c, parent, ord)) = stack.pop() {
            let g = guids.take(c, "guid")?;
            let raw = c.attr("name").unwrap_or("").trim();
            if raw.is_empty() {
                return Err(bad(c, format!("<Code> {g} has no name")));
            }
            let mut name = raw.replace('/', "∕");
            if name != raw {
                report.notes.push(format!("code {g}: `/` in `{raw}` became `∕` (Braid separates code paths with `/`)"));
            }
            let n = siblings.entry((parent.clone(), name.to_lowercase())).or_insert(0);
            *n += 1;
            if *n > 1 {
                let renamed = format!("{name} ({n})");
                report.notes.push(format!("code {g}: a sibling is already named `{name}`, so it is `{renamed}`"));
                name = renamed;
            }
            let colour = match c.attr("color") {
                Some(col) => refi::colour(col).ok_or_else(|| bad(c, format!("<Code> {g}: color=\"{col}\" is not #RRGGBB")))?,
                None => "#888888".to_string(),
            };
            let codable = !matches!(c.attr("isCodable").map(str::trim), Some("false" | "0"));
            let fields = refi::parse_code_description(c.child_text("Description").unwrap_or(""));
            for nr in c.all("NoteRef") {
                code_refs.push((nr, g.clone()));
            }
            let children: Vec<&Element> = c.all("Code").collect();
            for (i, child) in children.into_iter().enumerate().rev() {
                stack.push((child, Some(g.clone()), i as i64));
            }
            codes.push(CodeIn { guid: g, parent, name, colour, codable, fields, ord });
        }
    }
    let code_set: BTreeSet<String> = codes.iter().map(|c| c.guid.clone()).collect();
    if codes.iter().map(|c| c.name.split('/').count()).count() > 0 {
        // Depth is bounded by the XML reader's nesting limit.
    }
    report.codes = codes.len();

    // Variables.
    let mut variables: BTreeMap<String, (String, AttrKind)> = BTreeMap::new();
    let mut var_order: Vec<String> = Vec::new();
    for v in root.child("Variables").into_iter().flat_map(|vs| vs.all("Variable")) {
        let g = guids.take(v, "guid")?;
        let name = v.attr("name").unwrap_or("").trim().to_string();
        if name.is_empty() {
            return Err(bad(v, format!("<Variable> {g} has no name")));
        }
        let ty = v.attr("typeOfVariable").unwrap_or("Text");
        let (kind, as_text) = refi::attr_kind(ty).ok_or_else(|| bad(v, format!("<Variable> {g}: typeOfVariable=\"{ty}\" is not one of Text, Boolean, Integer, Float, Date, DateTime")))?;
        if as_text {
            report.notes.push(format!("variable `{name}` ({ty}) is kept as text: Braid has no {ty} attributes"));
        }
        var_order.push(name.clone());
        variables.insert(g, (name, kind));
    }
    let values_of = |holder: &Element, report: &mut QdpxImportReport| -> Result<BTreeMap<String, AttrValue>> {
        let mut out = BTreeMap::new();
        for vv in holder.all("VariableValue") {
            let Some(r) = vv.child("VariableRef") else { return Err(bad(vv, "<VariableValue> has no <VariableRef>".to_string())) };
            let g = ref_guid(r, "targetGUID", &qde_file)?;
            let Some((name, kind)) = variables.get(&g) else {
                return Err(bad(r, format!("<VariableRef> names variable {g}, which the project does not define")));
            };
            let Some(value_el) = vv.children.iter().find(|c| c.name.ends_with("Value") && c.name != "VariableValue") else { continue };
            let raw = value_el.text.trim();
            if raw.is_empty() {
                continue;
            }
            match AttrValue::parse(*kind, raw) {
                Some(v) => {
                    out.insert(name.clone(), v);
                }
                None => report.skipped.push(format!("value `{raw}` of `{name}` on line {}: not a valid {}", value_el.line, kind.as_str())),
            }
        }
        Ok(out)
    };

    // Cases.
    let mut informants: BTreeMap<String, (String, String, BTreeMap<String, AttrValue>)> = BTreeMap::new();
    let mut case_of_source: HashMap<String, String> = HashMap::new();
    for c in root.child("Cases").into_iter().flat_map(|cs| cs.all("Case")) {
        let g = guids.take(c, "guid")?;
        let name = c.attr("name").map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).unwrap_or_else(|| g.clone());
        let values = values_of(c, &mut report)?;
        for s in c.all("SourceRef") {
            case_of_source.entry(ref_guid(s, "targetGUID", &qde_file)?).or_insert_with(|| name.clone());
        }
        if informants.contains_key(&name) {
            return Err(bad(c, format!("two <Case>s are named `{name}`; Braid names informants uniquely")));
        }
        informants.insert(name, (g, c.child_text("Description").unwrap_or("").to_string(), values));
    }

    // Sources: their text, selections and codings, and the notes they point to.
    let mut docs: Vec<DocIn> = Vec::new();
    let mut codings: Vec<CodingIn> = Vec::new();
    let mut note_targets: HashMap<String, (&'static str, Option<String>)> = HashMap::new();
    let mut coding_memo_refs: Vec<(String, String)> = Vec::new();
    let mut names_taken: BTreeSet<String> = BTreeSet::new();
    let sources: Vec<&Element> = root.child("Sources").map(|s| s.children.iter().collect()).unwrap_or_default();
    progress.start("reading sources", sources.len() as u64);
    for s in sources {
        progress.advance(1);
        let sg = guids.take(s, "guid")?;
        let source_name = s.attr("name").map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&sg).to_string();
        // The element holding the text and its selections: the source itself, or the text that
        // stands for a PDF, picture, audio or video source.
        let (text_el, kind): (Option<&Element>, &str) = match s.name.as_str() {
            "TextSource" => (Some(s), "text"),
            "PDFSource" => (s.child("Representation"), "PDF"),
            "PictureSource" => (s.child("TextDescription"), "picture"),
            "AudioSource" | "VideoSource" => (s.child("Transcript"), if s.name == "AudioSource" { "audio" } else { "video" }),
            other => {
                report.skipped.push(format!("source `{source_name}` ({sg}): <{other}> is not a kind of source Braid reads"));
                continue;
            }
        };
        let Some(text_el) = text_el else {
            report.skipped.push(format!("{kind} source `{source_name}` ({sg}): it has no text (no transcript or representation), so it was not imported"));
            continue;
        };
        if !std::ptr::eq(text_el, s) {
            guids.take(text_el, "guid")?;
            let selections = ["PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection"].iter().map(|n| s.all(n).count()).sum::<usize>();
            if selections > 0 {
                report.skipped.push(format!("{kind} source `{source_name}` ({sg}): {selections} selections of the {kind} itself (regions or times) have no place in its text"));
            }
        }
        // The text: inline, from the archive, or from the Word file when the plain text is empty.
        let mut raw = text_el.child_text("PlainTextContent").unwrap_or("").to_string();
        if raw.is_empty() {
            if let Some(path) = text_el.attr("plainTextPath") {
                let bytes = source_bytes(&mut archive, path, &beside, &qde_file, text_el)?;
                // NVivo writes an empty text file beside a Word source: the Word file is read next.
                if !bytes.is_empty() {
                    raw = source_text(bytes, &format!("{shown}: {path}"))?;
                }
            }
        }
        if raw.trim().is_empty() {
            if let Some(path) = text_el.attr("richTextPath").filter(|p| p.to_ascii_lowercase().ends_with(".docx")) {
                let bytes = source_bytes(&mut archive, path, &beside, &qde_file, text_el)?;
                raw = crate::text::docx::docx_text(&bytes, &format!("{shown}: {path}"))?;
            }
        }
        if raw.trim().is_empty() {
            report.skipped.push(format!("source `{source_name}` ({sg}): its text is empty"));
            continue;
        }
        if raw.len() > crate::text::MAX_TEXT_BYTES {
            return Err(bad(s, format!("source `{source_name}` ({sg}) holds more than {} MiB of text (the limit)", crate::text::MAX_TEXT_BYTES >> 20)));
        }
        let (text, map) = normalise_with_map(&raw);
        let len = map.len() - 1;
        let mut name = source_name.replace('/', "-");
        if !names_taken.insert(name.clone()) {
            name = format!("{name} ({})", &sg[..8]);
            names_taken.insert(name.clone());
            report.notes.push(format!("source {sg}: another source is named `{source_name}`, so this one is `{name}`"));
        }
        // Selections and their codings.
        let mut push_coding = |coding: &Element, span: (usize, usize), selection_user: Option<String>, selection_at: &str, codings: &mut Vec<CodingIn>, guids: &mut Guids| -> Result<String> {
            let cg = guids.take(coding, "guid")?;
            let Some(code_ref) = coding.child("CodeRef") else { return Err(bad(coding, format!("<Coding> {cg} has no <CodeRef>"))) };
            let code = ref_guid(code_ref, "targetGUID", &qde_file)?;
            if !code_set.contains(&code) {
                return Err(bad(code_ref, format!("<Coding> {cg}: its <CodeRef> names code {code}, which the codebook does not hold")));
            }
            let coder = user(coding, "creatingUser")?.or(selection_user).unwrap_or_else(|| "unknown".to_string());
            let created_at = coding.attr("creationDateTime").unwrap_or(selection_at).to_string();
            for nr in coding.all("NoteRef") {
                coding_memo_refs.push((ref_guid(nr, "targetGUID", &qde_file)?, cg.clone()));
            }
            codings.push(CodingIn { guid: cg.clone(), document: sg.clone(), start: span.0, end: span.1, code, coder, created_at, memo: None });
            Ok(cg)
        };
        let created_at = s.attr("creationDateTime").unwrap_or("").to_string();
        for sel in text_el.all("PlainTextSelection").chain(text_el.all("TranscriptSelection")) {
            let selg = guids.take(sel, "guid")?;
            let span = if sel.name == "PlainTextSelection" {
                let pos = |attr: &str| -> Result<usize> {
                    let raw = sel.attr(attr).unwrap_or("");
                    raw.trim().parse::<usize>().map_err(|_| bad(sel, format!("<PlainTextSelection> {selg}: {attr}=\"{raw}\" is not a position")))
                };
                let (start, end) = (pos("startPosition")?, pos("endPosition")?);
                if start > end || end > len {
                    return Err(bad(sel, format!(
                        "<PlainTextSelection> {selg}: positions {start}–{end} run past the end of source `{source_name}` ({sg}), which has {len} characters"
                    )));
                }
                (map[start], map[end])
            } else {
                // A transcript selection runs between two sync points that give text positions.
                let points: HashMap<String, usize> = text_el
                    .all("SyncPoint")
                    .filter_map(|p| Some((refi::guid(p.attr("guid")?)?, p.attr("position")?.trim().parse().ok()?)))
                    .collect();
                let at = |attr: &str| sel.attr(attr).and_then(refi::guid).and_then(|g| points.get(&g).copied());
                match (at("fromSyncPoint"), at("toSyncPoint")) {
                    (Some(a), Some(b)) if a <= b && b <= len => (map[a], map[b]),
                    _ => {
                        report.skipped.push(format!("transcript selection {selg} of `{source_name}`: its sync points give no text positions"));
                        continue;
                    }
                }
            };
            if span.0 == span.1 {
                report.skipped.push(format!("selection {selg} of `{source_name}`: it is empty"));
                continue;
            }
            let sel_user = user(sel, "creatingUser")?;
            let sel_at = sel.attr("creationDateTime").unwrap_or(&created_at).to_string();
            let mut first = None;
            for coding in sel.all("Coding") {
                let cg = push_coding(coding, span, sel_user.clone(), &sel_at, &mut codings, &mut guids)?;
                first.get_or_insert(cg);
            }
            for nr in sel.all("NoteRef") {
                let t = match &first {
                    Some(cg) => ("coding", Some(cg.clone())),
                    None => ("document", Some(sg.clone())),
                };
                note_targets.entry(ref_guid(nr, "targetGUID", &qde_file)?).or_insert(t);
            }
        }
        // A coding of the whole source.
        for coding in text_el.all("Coding").chain(if std::ptr::eq(text_el, s) { None } else { Some(s.all("Coding")) }.into_iter().flatten()) {
            push_coding(coding, (0, text.chars().count()), user(s, "creatingUser")?, &created_at, &mut codings, &mut guids)?;
        }
        for nr in s.all("NoteRef").chain(if std::ptr::eq(text_el, s) { None } else { Some(text_el.all("NoteRef")) }.into_iter().flatten()) {
            note_targets.entry(ref_guid(nr, "targetGUID", &qde_file)?).or_insert(("document", Some(sg.clone())));
        }
        let mut values = values_of(s, &mut report)?;
        let case = case_of_source.get(&sg).cloned();
        if !values.is_empty() {
            // Values on a source belong to its informant: its case, or one named after it.
            let informant = case.clone().unwrap_or_else(|| name.clone());
            let entry = informants.entry(informant).or_insert_with(|| (refi::derived_guid(&sg, "case"), String::new(), BTreeMap::new()));
            for (k, v) in std::mem::take(&mut values) {
                entry.2.entry(k).or_insert(v);
            }
            case_of_source.entry(sg.clone()).or_insert_with(|| case.clone().unwrap_or_else(|| name.clone()));
        }
        // A recording's transcript: its timed sync points, and the recording itself when it is
        // found beside the archive or where it was.
        let mut sync = Vec::new();
        let mut recording = None;
        if matches!(s.name.as_str(), "AudioSource" | "VideoSource") {
            for p in text_el.all("SyncPoint") {
                let number = |attr: &str| p.attr(attr).and_then(|v| v.trim().parse::<u64>().ok());
                if let (Some(pos), Some(ms)) = (number("position"), number("timeStamp")) {
                    if let Some(&at) = map.get(pos as usize) {
                        sync.push((at, ms));
                    }
                }
            }
            sync.sort();
            match s.attr("path").or(s.attr("currentPath")).map(|p| (p, recording_file(p, &beside))) {
                None => report.notes.push(format!("{kind} source `{source_name}`: it names no recording file")),
                Some((p, None)) => report.notes.push(format!(
                    "{kind} source `{source_name}`: the recording {p} is packed in the archive and was not unpacked; link it with `braid media link`"
                )),
                Some((p, Some(found))) => match crate::media::prepare_link(target.parent().unwrap_or(Path::new(".")), &found) {
                    Ok(link) => recording = Some(link),
                    Err(e) => report.notes.push(format!("{kind} source `{source_name}`: the recording {p} was not linked: {e}")),
                },
            }
        }
        docs.push(DocIn {
            guid: sg.clone(),
            name,
            text,
            description: s.child_text("Description").unwrap_or("").to_string(),
            created_at,
            case: case_of_source.get(&sg).cloned(),
            sync,
            recording,
        });
    }
    progress.finish();

    // Notes: memos on what points to them; notes on a coding become its memo.
    for (nr, code) in &code_refs {
        note_targets.entry(ref_guid(nr, "targetGUID", &qde_file)?).or_insert(("code", Some(code.clone())));
    }
    for nr in root.all("NoteRef") {
        note_targets.entry(ref_guid(nr, "targetGUID", &qde_file)?).or_insert(("project", None));
    }
    let coding_memo: HashMap<String, String> = coding_memo_refs.iter().map(|(n, c)| (n.clone(), c.clone())).collect();
    let mut memos: Vec<MemoIn> = Vec::new();
    let mut memo_of_coding: HashMap<String, Vec<String>> = HashMap::new();
    for n in root.child("Notes").into_iter().flat_map(|ns| ns.all("Note")) {
        let g = guids.take(n, "guid")?;
        let mut body = n.child_text("PlainTextContent").unwrap_or("").to_string();
        if body.is_empty() {
            if let Some(path) = n.attr("plainTextPath") {
                let bytes = source_bytes(&mut archive, path, &beside, &qde_file, n)?;
                body = crate::text::decode(&bytes, &format!("{shown}: {path}"), None)?.text;
            }
        }
        let body = crate::text::normalise(&body);
        let author = user(n, "creatingUser")?.unwrap_or_else(|| "unknown".to_string());
        let created_at = n.attr("creationDateTime").unwrap_or("").to_string();
        if let Some(c) = coding_memo.get(&g) {
            memo_of_coding.entry(c.clone()).or_default().push(body);
            continue;
        }
        let (kind, target) = note_targets.get(&g).cloned().unwrap_or(("project", None));
        memos.push(MemoIn { guid: g, kind, target, title: n.attr("name").unwrap_or("").to_string(), body, author, created_at });
    }
    for c in &mut codings {
        if let Some(texts) = memo_of_coding.remove(&c.guid) {
            c.memo = Some(texts.join("\n\n"));
        }
    }
    report.memos = memos.len() + codings.iter().filter(|c| c.memo.is_some()).count();

    // Sets, kept whole.
    let mut sets: Vec<(String, String, String, Vec<SetMember>)> = Vec::new();
    for s in root.child("Sets").into_iter().flat_map(|ss| ss.all("Set")) {
        let g = guids.take(s, "guid")?;
        let mut members = Vec::new();
        for (element, kind) in [("MemberCode", "code"), ("MemberSource", "source"), ("MemberNote", "note")] {
            for m in s.all(element) {
                members.push(SetMember { kind: kind.to_string(), guid: ref_guid(m, "targetGUID", &qde_file)? });
            }
        }
        sets.push((g, s.attr("name").unwrap_or("").to_string(), s.child_text("Description").unwrap_or("").to_string(), members));
    }
    for what in ["Links", "Graphs"] {
        if let Some(e) = root.child(what) {
            report.skipped.push(format!("{} {what}: Braid has no place for them", e.children.len()));
        }
    }

    // Write: a new project beside the target, moved into place when whole.
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = target.with_file_name(format!(".{name}.importing"));
    let _ = std::fs::remove_file(&tmp);
    let written = write_project(&tmp, actor, &users, &codes, &var_order, &variables, &informants, &docs, &codings, &memos, &sets, &shown, &mut report, progress);
    match written {
        Ok(()) => {
            if target.exists() {
                let _ = std::fs::remove_file(&tmp);
                return Err(Error::BadRequest(format!("{} appeared while importing; the import is left out", target.display())));
            }
            std::fs::rename(&tmp, target).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::io(target, e)
            })?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            for suffix in ["-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(tmp.with_file_name(format!(".{name}.importing{suffix}")));
            }
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write_project(
    path: &Path,
    actor: &str,
    users: &BTreeMap<String, String>,
    codes: &[CodeIn],
    var_order: &[String],
    variables: &BTreeMap<String, (String, AttrKind)>,
    informants: &BTreeMap<String, (String, String, BTreeMap<String, AttrValue>)>,
    docs: &[DocIn],
    codings: &[CodingIn],
    memos: &[MemoIn],
    sets: &[(String, String, String, Vec<SetMember>)],
    file: &str,
    report: &mut QdpxImportReport,
    progress: &dyn Progress,
) -> Result<()> {
    let mut project = Project::create(path)?;
    let tx = project.conn.transaction()?;
    let now = store::now();
    let at = |s: &str| if s.trim().is_empty() { now.clone() } else { s.trim().to_string() };
    // Users: the GUID of each name is kept for the next export.
    let mut by_name: BTreeMap<&str, &str> = BTreeMap::new();
    for (g, n) in users {
        by_name.entry(n.as_str()).or_insert(g.as_str());
    }
    for (n, g) in &by_name {
        tx.execute("INSERT INTO users (name, guid) VALUES (?1, ?2)", params![n, g])?;
    }
    report.users = by_name.len();
    // Codes, parents first (the list is depth first).
    {
        let mut insert = tx.prepare(
            "INSERT INTO codes (uuid, parent, name, colour, definition, include, exclude, example, ord)
             VALUES (?1, (SELECT id FROM codes WHERE uuid = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for c in codes {
            insert.execute(params![c.guid, c.parent, c.name, c.colour, c.fields[0], c.fields[1], c.fields[2], c.fields[3], c.ord])?;
            if !c.codable {
                tx.execute("INSERT INTO uncodable_codes (uuid) VALUES (?1)", [&c.guid])?;
            }
        }
    }
    // Attribute definitions, in the variables' order.
    let kinds: HashMap<&str, (AttrKind, &str)> = variables.iter().map(|(g, (n, k))| (n.as_str(), (*k, g.as_str()))).collect();
    for (i, name) in var_order.iter().enumerate() {
        let (kind, guid) = kinds[name.as_str()];
        tx.execute("INSERT OR IGNORE INTO attribute_defs (key, kind, ord, guid) VALUES (?1, ?2, ?3, ?4)", params![name, kind.as_str(), i as i64, guid])?;
    }
    // Informants.
    for (code, (guid, description, values)) in informants {
        tx.execute("INSERT INTO informants (uuid, code, description) VALUES (?1, ?2, ?3)", params![guid, code, description])?;
        let id = tx.last_insert_rowid();
        for (key, value) in values {
            tx.execute("INSERT INTO informant_attributes (informant, key, value) VALUES (?1, ?2, ?3)", params![id, key, value.canonical()])?;
        }
    }
    report.informants = informants.len();
    // Documents and their turns.
    progress.start("storing documents", docs.len() as u64);
    let mut hashes: BTreeSet<String> = BTreeSet::new();
    {
        let mut insert_doc = tx.prepare(
            "INSERT INTO documents (uuid, name, informant, file_name, sha256, encoding, text, char_len, citation, imported_at, imported_by, description)
             VALUES (?1, ?2, (SELECT id FROM informants WHERE code = ?3), ?4, ?5, 'utf-8', ?6, ?7, NULL, ?8, ?9, ?10)",
        )?;
        for d in docs {
            let mut turns = transcript::parse_turns(&d.text, &format!("{file}: {}", d.name), &[])?;
            transcript::times_from_sync_points(&mut turns, &d.sync);
            // Two sources with the same text are two documents here; the hash, which otherwise
            // marks a file already imported, is made unique with the source's GUID.
            let mut sha = crate::text::sha256_hex(d.text.as_bytes());
            if !hashes.insert(sha.clone()) {
                sha = crate::text::sha256_hex(format!("{}\u{0}{}", d.guid, d.text).as_bytes());
                hashes.insert(sha.clone());
            }
            insert_doc.execute(params![
                d.guid,
                d.name,
                d.case,
                format!("{}.txt", d.guid),
                sha,
                d.text,
                d.text.chars().count() as i64,
                at(&d.created_at),
                actor,
                d.description
            ])?;
            let id = tx.last_insert_rowid();
            store::insert_segments(&tx, id, &turns)?;
            if let Some(link) = &d.recording {
                crate::media::insert_link(&tx, id, link, actor)?;
                report.recordings += 1;
            }
            progress.advance(1);
        }
    }
    progress.finish();
    report.documents = docs.len();
    // Codings.
    progress.start("storing codings", codings.len() as u64);
    {
        let mut insert = tx.prepare(
            r#"INSERT INTO codings (uuid, document, code, start, "end", coder, created_at, memo)
               VALUES (?1, (SELECT id FROM documents WHERE uuid = ?2), (SELECT id FROM codes WHERE uuid = ?3), ?4, ?5, ?6, ?7, ?8)"#,
        )?;
        for (i, c) in codings.iter().enumerate() {
            insert.execute(params![c.guid, c.document, c.code, c.start as i64, c.end as i64, c.coder, at(&c.created_at), c.memo])?;
            if i % 1000 == 999 {
                progress.advance(1000);
            }
        }
    }
    progress.finish();
    report.codings = codings.len();
    // Memos.
    for m in memos {
        tx.execute(
            "INSERT INTO memos (uuid, target_kind, target, title, body, author, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![m.guid, m.kind, m.target, m.title, m.body, m.author, at(&m.created_at)],
        )?;
    }
    // Sets.
    for (g, n, d, members) in sets {
        tx.execute("INSERT INTO sets (uuid, name, description, members) VALUES (?1, ?2, ?3, ?4)", params![g, n, d, serde_json::to_string(members).unwrap_or_default()])?;
    }
    report.sets = sets.len();
    store::log_event(
        &tx,
        actor,
        Action::ImportQdpx,
        &serde_json::json!({ "file": file, "documents": report.documents, "codes": report.codes, "codings": report.codings, "memos": report.memos }),
    )?;
    store::bump_generation(&tx)?;
    tx.commit()?;
    drop(project);
    Ok(())
}

/// Import the `.qdpx` file at `file` as a new project at `target`.
pub fn import_qdpx_file(file: &Path, target: &Path, actor: &str, progress: &dyn Progress) -> Result<QdpxImportReport> {
    let source = crate::text::Source::read(file)?;
    import_qdpx(&source.bytes, file, target, actor, progress)
}

#[cfg(test)]
mod tests {
    use super::normalise_with_map;

    #[test]
    fn positions_follow_the_text_through_normalising() {
        let (text, map) = normalise_with_map("\u{feff}a\r\nb\rc");
        assert_eq!(text, "a\nb\nc");
        // Original: BOM a CR LF b CR c (7 code points).
        assert_eq!(map, vec![0, 0, 1, 1, 2, 3, 4, 5]);
        assert_eq!(normalise_with_map("中文🙂").1, vec![0, 1, 2, 3]);
    }
}
