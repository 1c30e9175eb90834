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

/// braid-core's layers, bottom first. A module may use its own layer and the layers below it,
/// never one above; and the modules, file by file, import one another without a cycle.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["error", "progress", "escape", "xlsx"]),
    ("text", &["text"]),
    ("store", &["store"]),
    ("codebook", &["codebook"]),
    ("search", &["search"]),
    ("analysis", &["analysis"]),
    ("assist", &["assist"]),
    ("triangulate", &["triangulate"]),
    ("workspace", &["import", "media", "exchange", "session", "demo", "bindings", "api", "lib"]),
];

/// Each source file of braid-core as its module path (`store::ops`), with the modules it names
/// through `crate::` (in `use` lines and in paths), resolved to the longest known module.
fn core_imports() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let src = root().join("crates/braid-core/src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let module_of = |path: &Path| -> String {
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts.join("::")
    };
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may reach anywhere; only the code above `#[cfg(test)]` counts.
        let code = text.split("#[cfg(test)]").next().unwrap();
        let me = module_of(file);
        let is_folder = file.file_name().is_some_and(|n| n == "mod.rs");
        // What `super::` and `self::` stand for in this file.
        let parent: Vec<&str> = me.split("::").collect();
        let parent = &parent[..parent.len() - 1];
        let this: Vec<&str> = if is_folder { me.split("::").collect() } else { Vec::new() };
        let mut names = BTreeSet::new();
        let mut resolve = |base: &[&str], path: &str| {
            let mut segs: Vec<&str> = base.to_vec();
            segs.extend(path.split("::").filter(|s| !s.is_empty()));
            while !segs.is_empty() && !modules.contains(&segs.join("::")) {
                segs.pop();
            }
            if !segs.is_empty() {
                names.insert(segs.join("::"));
            }
        };
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with("mod ") && !l.trim_start().starts_with("pub mod ") && !l.trim_start().starts_with("pub(crate) mod ")) {
            // `crate::a::b::{c, d}`, `super::x` and `self::x`: every path, resolved to the
            // longest module it names. Braces list more paths below the same base.
            for (prefix, base) in [("crate::", &[][..]), ("super::", parent), ("self::", &this[..])] {
                if prefix == "self::" && !is_folder {
                    continue;
                }
                for rest in line.split(prefix).skip(1) {
                    let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
                    let path = path.trim_end_matches(':').to_string();
                    resolve(base, &path);
                    if rest[path.len()..].trim_start_matches(':').starts_with('{') {
                        let inner = &rest[path.len()..];
                        let inner = &inner[inner.find('{').unwrap() + 1..inner.find('}').unwrap_or(inner.len())];
                        for item in inner.split(',') {
                            let mut full: Vec<&str> = base.to_vec();
                            full.extend(path.split("::").filter(|s| !s.is_empty()));
                            resolve(&full, item.trim());
                        }
                    }
                }
            }
        }
        // A `use crate::{` group spread over several lines.
        for group in code.split("use crate::{").skip(1) {
            let inner = &group[..group.find("};").unwrap_or(group.len())];
            for item in inner.split(',') {
                let first = item.trim().split("::").take(2).collect::<Vec<_>>().join("::");
                resolve(&[], &first);
            }
        }
        names.remove(&me);
        graph.insert(me, names);
    }
    graph
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    LAYERS
        .iter()
        .position(|(_, tops)| tops.contains(&top))
        .unwrap_or_else(|| panic!("braid-core module `{module}` is in no layer: add it to LAYERS in xtask/tests/tidy.rs"))
}

/// No braid-core module imports one in a layer above its own.
#[test]
fn core_layers_point_down() {
    let graph = core_imports();
    let mut upward = Vec::new();
    for (from, names) in &graph {
        for to in names {
            if layer_of(to) > layer_of(from) {
                upward.push(format!("{from} ({}) uses {to} ({})", LAYERS[layer_of(from)].0, LAYERS[layer_of(to)].0));
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up a layer:\n  {}", upward.join("\n  "));
}

/// braid-core's modules import one another without a cycle.
#[test]
fn core_has_no_import_cycles() {
    let graph = core_imports();
    // A depth-first walk; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a std::collections::BTreeMap<String, BTreeSet<String>>,
        state: &mut std::collections::BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(m, 1);
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let start = path.iter().position(|p| p == next).unwrap();
                    cycles.push(format!("{} -> {next}", path[start..].join(" -> ")));
                }
                Some(_) => {}
                None => visit(next, graph, state, path, cycles),
            }
        }
        path.pop();
        state.insert(m, 2);
    }
    let mut state = std::collections::BTreeMap::new();
    let mut cycles = Vec::new();
    for m in graph.keys() {
        if !state.contains_key(m.as_str()) {
            visit(m, &graph, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles in braid-core:\n  {}", cycles.join("\n  "));
}

/// The shells are glue: they call braid-core, never braid-stats (its types pass through
/// `braid_core::stats`, its functions do not).
#[test]
fn shells_call_only_the_core() {
    let mut calls = Vec::new();
    for dir in ["crates/braid-cli/src", "src-tauri/src"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let called = line.split("stats::").skip(1).any(|rest| {
                    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    name.chars().next().is_some_and(char::is_lowercase) && rest[name.len()..].starts_with('(')
                });
                if called || line.contains("braid_stats::") {
                    calls.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(calls.is_empty(), "the shells call braid-stats directly:\n  {}", calls.join("\n  "));
}

/// Every type a Tauri command takes or returns is declared in `ui/src/lib/bindings.ts`, which
/// is generated from the Rust types: the UI writes no IPC type by hand.
#[test]
fn every_ipc_type_is_generated() {
    let bindings = read("ui/src/lib/bindings.ts");
    let wrappers = ["State", "AppState", "MediaServer", "AppHandle", "CmdResult", "Vec", "Option", "String", "PathBuf", "Window", "Result", "Channel", "HashMap", "BTreeMap"];
    let mut missing = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("src-tauri/src")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for command in text.split("#[tauri::command]").skip(1) {
            let signature = &command[..command.find('{').unwrap_or(command.len())];
            let words = signature.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            for word in words.filter(|w| w.chars().next().is_some_and(char::is_uppercase)) {
                if !wrappers.contains(&word) && !bindings.contains(&format!("export type {word} ")) {
                    missing.insert(format!("{word} ({})", path.file_name().unwrap().to_string_lossy()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "IPC types missing from bindings.ts: {missing:?}");
}
