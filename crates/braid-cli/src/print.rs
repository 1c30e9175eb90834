//! Human-readable output. `--json` prints the core types as they are instead.

use braid_core as core;

fn attr_line(attributes: &core::Attributes, keys: &[&str]) -> String {
    keys.iter().filter_map(|k| attributes.get(*k)).map(|v| v.canonical()).collect::<Vec<_>>().join(", ")
}

const KEY_ATTRS: &[&str] = &["type", "school", "migration"];

/// Turn a core snippet (HTML-escaped, `<mark>` around matches) into terminal text with `[match]`.
fn plain_snippet(snippet: &str) -> String {
    snippet
        .replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn import_report(r: &core::ImportReport) {
    for d in &r.imported {
        println!("imported {} ({} turns, {} chars, {}) as {}", d.file, d.segments, d.chars, d.encoding, d.name);
    }
    for s in &r.skipped {
        println!("skipped {}: {}", s.file, s.reason);
    }
    println!(
        "{} documents imported, {} skipped; {} informants added, {} updated",
        r.imported.len(),
        r.skipped.len(),
        r.informants_added,
        r.informants_updated
    );
    for w in &r.warnings {
        println!("warning: {w}");
    }
}

pub fn search_response(r: &core::SearchResponse) {
    println!("{} turns match {:?}; showing {}", r.total, r.query, r.hits.len());
    for h in &r.hits {
        println!(
            "\n{} {} [{}] {}..{}  score {:.2}",
            h.document,
            h.speaker,
            attr_line(&h.attributes, KEY_ATTRS),
            h.segment.start,
            h.segment.end,
            h.score
        );
        println!("  {}", plain_snippet(&h.snippet));
    }
    for (key, values) in &r.counts {
        println!("\nhits by {key}:");
        for (value, n) in values {
            println!("  {value:<24} {n:>5}");
        }
    }
}

pub fn informants(list: &Vec<core::Informant>) {
    for i in list {
        let attrs: Vec<String> = i.attributes.iter().map(|(k, v)| format!("{k}={}", v.canonical())).collect();
        println!("{}  {}", i.id, attrs.join("  "));
    }
    println!("{} informants", list.len());
}

pub fn documents(list: &Vec<core::DocumentInfo>) {
    for d in list {
        println!(
            "{:<8} {:<8} {:>4} turns {:>7} chars  [{}]",
            d.name,
            d.informant.as_deref().unwrap_or("-"),
            d.segments,
            d.chars,
            attr_line(&d.attributes, KEY_ATTRS)
        );
    }
    println!("{} documents", list.len());
}

pub fn document(d: &core::Document) {
    println!("{} (informant {}) [{}]", d.info.name, d.info.informant.as_deref().unwrap_or("-"), attr_line(&d.info.attributes, KEY_ATTRS));
    for s in &d.segments {
        let said = core::slice_chars(&d.text, s.start, s.end).unwrap_or("");
        let label = if s.speaker.is_empty() { "" } else { &s.speaker };
        println!("\n{label}: {said}");
    }
}

pub fn events(list: &Vec<core::Event>) {
    for e in list {
        println!("{:>4}  {}  {:<12} {:<8} {}", e.id, e.at, e.actor, e.action, e.payload);
    }
}

pub fn codebook(codes: &Vec<core::Code>) {
    for c in codes {
        println!("{:indent$}{} {}  ({} codings)", "", c.colour, c.name, c.codings, indent = c.depth * 2);
    }
    println!("{} codes", codes.len());
}

pub fn codings(list: &Vec<core::Coding>) {
    for c in list {
        let text: String = c.text.chars().take(70).collect();
        println!("{}  {} [{}, {}) {} by {}: {}", c.uuid, c.document, c.start, c.end, c.code, c.coder, text.replace('\n', " "));
    }
    println!("{} codings", list.len());
}

fn opt(x: Option<f64>) -> String {
    // Adding 0.0 turns a negative zero into zero, so "-0.000" is never printed.
    x.map_or_else(|| "-".to_string(), |v| format!("{:.3}", v + 0.0))
}

pub fn agreement(r: &core::AgreementReport, disagreements: bool) {
    println!("agreement between {} and {} over {} speaker turns (unit: turn x code)
", r.coders[0], r.coders[1], r.turns);
    println!("{:<70} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7}", "code", "A", "B", "both", "agree", "kappa", "alpha", "chars");
    for row in r.codes.iter().chain(std::iter::once(&r.overall)) {
        println!(
            "{:<70} {:>5} {:>5} {:>5} {:>7.3} {:>7} {:>7} {:>7}",
            row.code,
            row.a,
            row.b,
            row.both,
            row.percent_agreement,
            opt(row.kappa),
            opt(row.alpha),
            opt(row.char_agreement)
        );
    }
    println!("
{} disagreements (turn x code coded by one coder only)", r.disagreements.len());
    if disagreements {
        for d in &r.disagreements {
            println!("  {} turn {} [{}..{}] {}: only {}", d.document, d.turn, d.start, d.end, d.code, d.coded_by);
        }
    }
}

pub fn demo_report(r: &core::DemoReport) {
    println!(
        "built the demo study: {} documents, {} informants, {} speaker turns, {} codes",
        r.documents, r.informants, r.segments, r.codes
    );
    for (coder, n) in &r.codings {
        println!("  {n} codings by {coder}");
    }
    println!("  Cohen's kappa between the coders: {}", opt(r.kappa));
    for w in &r.warnings {
        println!("warning: {w}");
    }
    println!("project: {}", r.project);
}
