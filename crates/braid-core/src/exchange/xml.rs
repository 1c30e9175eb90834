//! XML from other tools, read into a small tree with every limit checked, and XML written with
//! its text escaped. The reader refuses a document type declaration outright, so there is no DTD,
//! no external entity and no entity expansion: only the five predefined entities and character
//! references are resolved.

use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Location, Result};

/// The deepest nesting a document may have (REFI-QDA codebooks nest codes; no real one comes
/// near this, and the tree is walked recursively).
pub const MAX_XML_DEPTH: usize = 256;

/// The most elements one document may hold: far above a project of 1,000 transcripts and
/// 50,000 codings (about 200,000 elements).
pub const MAX_XML_ELEMENTS: usize = 5_000_000;

/// An element: its local name (without a namespace prefix), attributes, children and text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// The local name, e.g. `Code`.
    pub name: String,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(String, String)>,
    /// Child elements, in document order.
    pub children: Vec<Element>,
    /// The element's own text (its text and CDATA, not its children's).
    pub text: String,
    /// The line it starts on (1-based).
    pub line: usize,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child named `name`, if there is one.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Parse `text` (a whole XML document) into its root element. `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Element> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let at = |reader: &quick_xml::Reader<&[u8]>| Location::file(file).line(line_of(text, reader.buffer_position() as usize));
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut elements = 0usize;
    // Lines are counted as the reader moves on, not from the start each time.
    let (mut counted_to, mut line) = (0usize, 1usize);
    loop {
        let here = (reader.buffer_position() as usize).min(text.len());
        line += text.as_bytes()[counted_to..here].iter().filter(|&&b| b == b'\n').count();
        counted_to = here;
        let event = reader.read_event().map_err(|e| {
            Error::bad_input(Location::file(file).line(line_of(text, reader.error_position() as usize)), format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::DocType(_) => {
                return Err(Error::bad_input(at(&reader), "the file declares a document type (<!DOCTYPE>); Braid reads no DTDs or entities from files"));
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(Error::bad_input(at(&reader), "more than one root element"));
            }
            Event::Start(e) => {
                elements += 1;
                if elements > MAX_XML_ELEMENTS {
                    return Err(Error::bad_input(at(&reader), format!("more than {MAX_XML_ELEMENTS} elements (the limit)")));
                }
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(Error::bad_input(at(&reader), format!("elements nested more than {MAX_XML_DEPTH} deep (the limit)")));
                }
                stack.push(element(&e, line, file)?);
            }
            Event::Empty(e) => {
                elements += 1;
                if elements > MAX_XML_ELEMENTS {
                    return Err(Error::bad_input(at(&reader), format!("more than {MAX_XML_ELEMENTS} elements (the limit)")));
                }
                let el = element(&e, line, file)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| Error::bad_input(at(&reader), "an end tag without a start tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.xml10_content().map_err(|e| Error::bad_input(at(&reader), format!("text that cannot be decoded: {e}")))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.decode().map_err(|e| Error::bad_input(at(&reader), format!("CDATA that cannot be decoded: {e}")))?;
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let Some(top) = stack.last_mut() else { continue };
                if let Some(c) = r.resolve_char_ref().map_err(|e| Error::bad_input(at(&reader), format!("a bad character reference: {e}")))? {
                    top.text.push(c);
                } else {
                    let name = r.decode().map_err(|e| Error::bad_input(at(&reader), format!("a bad entity reference: {e}")))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => top.text.push_str(s),
                        None => return Err(Error::bad_input(at(&reader), format!("the entity `&{name};` is not defined; Braid expands no entities but XML's own five"))),
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(Error::bad_input(Location::file(file).line(line_of(text, text.len())), "the document ends inside an element"));
    }
    root.ok_or_else(|| Error::bad_input(Location::file(file), "the file holds no XML element"))
}

fn element(e: &BytesStart<'_>, line: usize, file: &str) -> Result<Element> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| Error::bad_input(Location::file(file).line(line), format!("<{name}>: a malformed attribute: {err}")))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        if a.key.as_ref().starts_with(b"xmlns") {
            continue;
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| Error::bad_input(Location::file(file).line(line).field(&key), format!("<{name}>: {err}")))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element { name, attrs, children: Vec::new(), text: String::new(), line })
}

/// Escape text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A carriage return or tab in an attribute would be normalised away by the reader.
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Characters XML 1.0 cannot carry at all are dropped.
            c if (c as u32) < 0x20 && c != '\n' => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A writer of indented XML, one element per line.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    /// A document with the XML declaration.
    pub fn new() -> Writer {
        Writer { out: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".to_string(), depth: 0 }
    }

    fn open_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push_str(&"  ".repeat(self.depth));
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
    }

    /// `<name attrs>` with children to follow.
    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// `</name>`.
    pub fn end(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.out.push_str(&"  ".repeat(self.depth));
        self.out.push_str(&format!("</{name}>\n"));
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name>text</name>`, the text exactly as given (no indentation inside).
    pub fn text(&mut self, name: &str, text: &str) {
        self.open_tag(name, &[]);
        self.out.push_str(&format!(">{}</{name}>\n", escape(text)));
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_with_text_entities_and_lines() {
        let doc = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<a:Project xmlns:a=\"urn:x\" name=\"P &amp; Q\">\n  <Code guid=\"1\"><Description>x &lt; y &#x4e2d;<![CDATA[<raw>]]></Description></Code>\n</a:Project>";
        let root = parse(doc, "p.qde").unwrap();
        assert_eq!((root.name.as_str(), root.attr("name"), root.line), ("Project", Some("P & Q"), 2));
        let code = root.child("Code").unwrap();
        assert_eq!((code.line, code.child_text("Description")), (3, Some("x < y 中<raw>")));
    }

    #[test]
    fn no_dtd_no_entities_no_runaway() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<p>&x;</p>";
        let e = parse(xxe, "p.qde").unwrap_err().to_string();
        assert!(e.contains("p.qde:2") && e.contains("DOCTYPE"), "{e}");
        assert!(parse("<p>&x;</p>", "p.qde").unwrap_err().to_string().contains("not defined"));
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
        assert!(parse(&deep, "p.qde").unwrap_err().to_string().contains("nested more than"));
        assert!(parse("<a><b></a>", "p.qde").is_err());
    }

    #[test]
    fn written_text_reads_back() {
        let mut w = Writer::new();
        w.start("P", &[("name", "a\"b'<c>&\td")]);
        w.text("D", "line 1\r\nline 2 & <x>");
        w.end("P");
        let root = parse(&w.finish(), "w.xml").unwrap();
        assert_eq!(root.attr("name"), Some("a\"b'<c>&\td"));
        assert_eq!(root.child_text("D"), Some("line 1\r\nline 2 & <x>"));
    }
}
