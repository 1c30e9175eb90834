//! Tidy checks over the whole workspace, run as tests: lists that live in several places agree.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of `text` between `from` and the first `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no `{from}`")) + from.len();
    let end = start + text[start..].find(to).unwrap_or_else(|| panic!("no `{to}` after `{from}`"));
    &text[start..end]
}

fn quoted(text: &str) -> BTreeSet<String> {
    text.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

/// The command each `call<T>('name', ...)` in the UI's wrappers invokes.
fn called(api: &str) -> BTreeSet<String> {
    api.split("call<")
        .skip(1)
        .filter_map(|rest| {
            let args = rest[rest.find('(')? + 1..].trim_start();
            let name = args.strip_prefix('\'')?;
            Some(name[..name.find('\'')?].to_string())
        })
        .collect()
}

/// The Tauri command list lives in four places: `build.rs` (which makes Tauri generate an
/// `allow-` permission per command), `generate_handler!`, the capability that grants them, and
/// the UI's typed wrappers. A command missing from any one is unreachable or unguarded.
#[test]
fn the_four_copies_of_the_tauri_command_list_agree() {
    let build = quoted(between(&read("src-tauri/build.rs"), "let commands = &[", "];"));
    assert!(build.len() > 40, "build.rs lists {} commands", build.len());

    let lib = read("src-tauri/src/lib.rs");
    let handler: BTreeSet<String> = between(&lib, "generate_handler![", "]")
        .split(',')
        .map(|c| c.trim().rsplit("::").next().unwrap_or_default().to_string())
        .filter(|c| !c.is_empty())
        .collect();

    let capability = read("src-tauri/capabilities/main.json");
    let granted: BTreeSet<String> = quoted(between(&capability, "\"permissions\"", "]"))
        .into_iter()
        .filter_map(|p| p.strip_prefix("allow-").map(|c| c.replace('-', "_")))
        .collect();

    assert_eq!(handler, build, "generate_handler! (left) and build.rs (right) differ");
    assert_eq!(granted, build, "capabilities/main.json (left) and build.rs (right) differ");
    assert_eq!(called(&read("ui/src/lib/api.ts")), build, "the wrappers in ui/src/lib/api.ts (left) and build.rs (right) differ");
}
