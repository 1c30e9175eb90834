//! What REFI-QDA and Braid share, both ways: GUIDs, code descriptions, colours, dates and
//! variable values.

use sha2::{Digest, Sha256};

use crate::text::attrs::{AttrKind, AttrValue};

/// A GUID as Braid keeps it: lower case, without braces. `None` when `s` is not a GUID in the
/// schema's form (`8-4-4-4-12` hex digits, braces allowed).
pub fn guid(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5 && groups.iter().zip(lens).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    ok.then(|| s.to_ascii_lowercase())
}

/// A GUID that is always the same for the same `scope` and `name` (the first 16 bytes of
/// SHA-256, marked as a custom UUID), for things Braid keeps without one of their own (a coder,
/// an attribute, the selection of a coding), so that two exports of one project agree.
pub fn derived_guid(scope: &str, name: &str) -> String {
    let digest = Sha256::digest(format!("{scope}\u{0}{name}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}

const HEADINGS: [&str; 3] = ["Inclusion:", "Exclusion:", "Example:"];

/// A code's description: its definition, then inclusion, exclusion and example under plain
/// headings, each only when it has text.
pub fn describe_code(definition: &str, include: &str, exclude: &str, example: &str) -> String {
    let mut parts = Vec::new();
    if !definition.trim().is_empty() {
        parts.push(definition.trim().to_string());
    }
    for (heading, text) in HEADINGS.iter().zip([include, exclude, example]) {
        if !text.trim().is_empty() {
            parts.push(format!("{heading} {}", text.trim()));
        }
    }
    parts.join("\n\n")
}

/// A description split back into definition, inclusion, exclusion and example. A heading counts
/// only at the start of a line; a description without headings is all definition.
pub fn parse_code_description(text: &str) -> [String; 4] {
    let mut out: [String; 4] = Default::default();
    let mut current = 0usize;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some((i, rest)) = HEADINGS.iter().enumerate().find_map(|(i, h)| trimmed.strip_prefix(h).map(|rest| (i, rest))) {
            current = i + 1;
            out[current].push_str(rest.trim_start());
            continue;
        }
        if !out[current].is_empty() || !line.trim().is_empty() {
            out[current].push('\n');
            out[current].push_str(line);
        }
    }
    out.map(|s| s.trim().to_string())
}

/// A colour as Braid stores it (`#rrggbb`), from the schema's `#RGB` or `#RRGGBB`.
pub fn colour(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_lowercase())),
        _ => None,
    }
}

/// An xsd:dateTime: Braid's RFC 3339 stamps are already one; anything else that is not empty
/// is passed through for the schema check to judge.
pub fn date_time(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// The REFI-QDA type of a Braid attribute kind.
pub fn variable_type(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::Text => "Text",
        AttrKind::Integer => "Integer",
        AttrKind::Float => "Float",
        AttrKind::Date => "Date",
    }
}

/// The Braid kind of a REFI-QDA variable type, and whether it is carried as text (Boolean and
/// DateTime, which Braid has no kind for).
pub fn attr_kind(type_of_variable: &str) -> Option<(AttrKind, bool)> {
    match type_of_variable {
        "Text" => Some((AttrKind::Text, false)),
        "Integer" => Some((AttrKind::Integer, false)),
        "Float" => Some((AttrKind::Float, false)),
        "Date" => Some((AttrKind::Date, false)),
        "Boolean" | "DateTime" => Some((AttrKind::Text, true)),
        _ => None,
    }
}

/// The element and text of a value of an attribute of `kind`, e.g. `("FloatValue", "12.5")`.
/// Floats are written without an exponent, as xsd:decimal requires.
pub fn value_element(kind: AttrKind, value: &AttrValue) -> (&'static str, String) {
    match value {
        AttrValue::Text(s) if kind == AttrKind::Date => ("DateValue", s.clone()),
        AttrValue::Text(s) => ("TextValue", s.clone()),
        AttrValue::Integer(i) => ("IntegerValue", i.to_string()),
        AttrValue::Float(f) => {
            let mut s = format!("{f}");
            if s.contains(['e', 'E']) {
                s = format!("{f:.12}").trim_end_matches('0').trim_end_matches('.').to_string();
            }
            ("FloatValue", s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_in_every_form_tools_write() {
        assert_eq!(guid("{6F6E3B1A-0C2D-4E5F-8A9B-0C1D2E3F4A5B}").as_deref(), Some("6f6e3b1a-0c2d-4e5f-8a9b-0c1d2e3f4a5b"));
        assert_eq!(guid("6f6e3b1a-0c2d-4e5f-8a9b-0c1d2e3f4a5b").as_deref(), Some("6f6e3b1a-0c2d-4e5f-8a9b-0c1d2e3f4a5b"));
        assert_eq!(guid("not-a-guid"), None);
        assert_eq!(derived_guid("user", "ann"), derived_guid("user", "ann"));
        assert!(guid(&derived_guid("user", "ann")).is_some());
        assert_ne!(derived_guid("user", "ann"), derived_guid("user", "bo"));
    }

    #[test]
    fn descriptions_carry_the_four_fields_and_read_back() {
        let d = describe_code("Friends who pull a child away from study.", "talk of peers", "", "He plays with them\nall day.");
        assert_eq!(d, "Friends who pull a child away from study.\n\nInclusion: talk of peers\n\nExample: He plays with them\nall day.");
        assert_eq!(parse_code_description(&d), ["Friends who pull a child away from study.", "talk of peers", "", "He plays with them\nall day."].map(String::from));
        assert_eq!(parse_code_description("Just a definition."), ["Just a definition.", "", "", ""].map(String::from));
        assert_eq!(parse_code_description(&describe_code("", "", "not this", "")), ["", "", "not this", ""].map(String::from));
    }

    #[test]
    fn colours_and_values() {
        assert_eq!(colour("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(colour("#1F77B4").as_deref(), Some("#1f77b4"));
        assert_eq!(colour("red"), None);
        assert_eq!(value_element(AttrKind::Float, &AttrValue::Float(0.00000012)).1, "0.00000012");
        assert_eq!(value_element(AttrKind::Integer, &AttrValue::Integer(-3)), ("IntegerValue", "-3".to_string()));
    }
}
