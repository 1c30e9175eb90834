//! Human-readable output. `--json` prints the core types as they are instead.

use braid_core as core;

/// The values of the attributes the project shows on cards (its `card_attributes` setting).
fn attr_line(attributes: &core::Attributes, keys: &[String]) -> String {
    keys.iter().filter_map(|k| attributes.get(k)).map(|v| v.canonical()).collect::<Vec<_>>().join(", ")
}

pub fn import_report(r: &core::ImportReport, project: &std::path::Path) {
    for d in &r.imported {
        outln!("imported {} ({} turns, {} chars, {}) as {}", d.file, d.segments, d.chars, d.encoding, d.name);
    }
    for s in &r.skipped {
        outln!("skipped {}: {}", s.file, s.reason);
    }
    let n = |count: usize, noun: &str| format!("{count} {noun}{}", if count == 1 { "" } else { "s" });
    outln!(
        "{} imported, {} skipped; {} added, {} updated",
        n(r.imported.len(), "document"),
        r.skipped.len(),
        n(r.informants_added, "informant"),
        r.informants_updated
    );
    for w in &r.warnings {
        outln!("warning: {w}");
    }
    for l in &r.linked {
        outln!("linked {} to {}", l.path, l.document);
    }
    if r.linked.is_empty() {
        for c in &r.recordings {
            outln!("recording beside the transcript: {}; link it with `braid media link {} {} {}` (or import with --link-media)", c.file, project.display(), c.document, c.file);
        }
    }
}

pub fn search_response(r: &core::SearchResponse, keys: &[String]) {
    outln!("{} turns match {:?}; showing {}", r.total, r.query, r.hits.len());
    for h in &r.hits {
        outln!(
            "\n{} {} [{}] {}..{}{}  score {:.2}",
            h.document,
            h.speaker,
            attr_line(&h.attributes, keys),
            h.segment.start,
            h.segment.end,
            h.start_ms.map(|ms| format!(" at {}", core::hms(ms))).unwrap_or_default(),
            h.score
        );
        outln!("  {}", h.excerpt.plain());
    }
    for (key, values) in &r.counts {
        outln!("\nhits by {key}:");
        for (value, n) in values {
            outln!("  {value:<24} {n:>5}");
        }
    }
}

/// A concordance: the left context right-aligned so that the matches line up in one column.
pub fn kwic(k: &core::Kwic) {
    // Align on the longest left context shown, not on the width asked for: that may be 0 (the
    // default) or far more than any turn holds.
    let column = k.lines.iter().map(|l| l.left.chars().count()).max().unwrap_or(0);
    for l in &k.lines {
        let pad = column - l.left.chars().count();
        outln!("{:<8} {}{} [{}] {}", l.document, " ".repeat(pad), l.left, l.keyword, l.right);
    }
    let more = if k.truncated { "; more turns match than were read (raise --limit)" } else { "" };
    outln!("{} matches in {} turns{more}", k.lines.len(), k.turns);
}

pub fn informants(list: &Vec<core::Informant>) {
    for i in list {
        let attrs: Vec<String> = i.attributes.iter().map(|(k, v)| format!("{k}={}", v.canonical())).collect();
        outln!("{}  {}", i.id, attrs.join("  "));
    }
    outln!("{} informants", list.len());
}

pub fn documents(list: &Vec<core::DocumentInfo>, keys: &[String]) {
    for d in list {
        outln!(
            "{:<8} {:<8} {:>4} turns {:>7} chars  [{}]",
            d.name,
            d.informant.as_deref().unwrap_or("-"),
            d.segments,
            d.chars,
            attr_line(&d.attributes, keys)
        );
    }
    outln!("{} documents", list.len());
}

pub fn document(d: &core::Document, keys: &[String]) {
    outln!("{} (informant {}) [{}]", d.info.name, d.info.informant.as_deref().unwrap_or("-"), attr_line(&d.info.attributes, keys));
    for s in &d.segments {
        let said = core::slice_chars(&d.text, s.start, s.end).unwrap_or("");
        let label = if s.speaker.is_empty() { "" } else { &s.speaker };
        match s.start_ms {
            Some(ms) => outln!("\n[{}] {label}: {said}", core::hms(ms)),
            None => outln!("\n{label}: {said}"),
        }
    }
}

pub fn events(list: &Vec<core::Event>) {
    for e in list {
        outln!("{:>4}  {}  {:<12} {:<8} {}", e.id, e.at, e.actor, e.action, e.payload);
    }
}

pub fn codebook(codes: &Vec<core::Code>) {
    for c in codes {
        outln!("{:indent$}{} {}  ({} codings)", "", c.colour, c.name, c.codings, indent = c.depth * 2);
    }
    outln!("{} codes", codes.len());
}

pub fn codings(list: &Vec<core::Coding>) {
    for c in list {
        let text: String = c.text.chars().take(70).collect();
        outln!("{}  {} [{}, {}) {} by {}: {}", c.uuid, c.document, c.start, c.end, c.code, c.coder, text.replace('\n', " "));
    }
    outln!("{} codings", list.len());
}

pub fn segments(list: &Vec<core::RetrievedSegment>, keys: &[String]) {
    for s in list {
        outln!(
            "\n{} [{}, {}) informant {} [{}]  {}  by {}",
            s.document,
            s.start,
            s.end,
            s.informant.as_deref().unwrap_or("-"),
            attr_line(&s.attributes, keys),
            s.codes.join(", "),
            s.coders.join(", ")
        );
        outln!("  ...{}[{}]{}...", s.before.replace('\n', " "), s.text.replace('\n', " "), s.after.replace('\n', " "));
    }
    outln!("\n{} segments", list.len());
}

pub fn autocode(r: &core::AutocodePreview, applied: bool) {
    for s in &r.spans {
        let mark = if s.exists { "=" } else { "+" };
        outln!("{mark} {} [{}, {}) {}", s.document, s.start, s.end, s.text.replace('\n', " "));
    }
    let new = r.spans.iter().filter(|s| !s.exists).count();
    if applied {
        outln!("coded {} spans with {} for {} (undo with `braid undo`)", r.added, r.code, r.coder);
    } else {
        outln!("{new} new spans to code with {} for {}; run again with --apply to code them", r.code, r.coder);
    }
}

pub fn frequencies(list: &Vec<core::CodeFrequency>) {
    outln!("{:<60} {:>8} {:>10} {:>11}", "code", "codings", "documents", "informants");
    for f in list {
        let name = format!("{:indent$}{}", "", f.code.rsplit('/').next().unwrap_or(&f.code), indent = f.depth * 2);
        outln!("{name:<60} {:>8} {:>10} {:>11}", f.codings, f.documents, f.informants);
    }
}

pub fn crosstab(t: &core::Crosstab) {
    let unit = format!("{:?}", t.unit).to_lowercase();
    outln!("{unit} per code by {} (count, and % of the column)\n", t.attribute);
    out!("{:<60}", "code");
    for (c, n) in t.columns.iter().zip(&t.informants) {
        out!(" {:>16}", format!("{c} (n={n})"));
    }
    outln!(" {:>6}", "total");
    for r in &t.rows {
        let name = format!("{:indent$}{}", "", r.code.rsplit('/').next().unwrap_or(&r.code), indent = r.depth * 2);
        out!("{name:<60}");
        for c in &r.cells {
            out!(" {:>16}", format!("{} ({:.0}%)", c.count, c.col_pct));
        }
        outln!(" {:>6}", r.total);
    }
}

pub fn memos(list: &Vec<core::Memo>) {
    for m in list {
        let on = match &m.target {
            core::MemoTarget::Project => "the project".to_string(),
            core::MemoTarget::Document(d) => format!("document {d}"),
            core::MemoTarget::Code(c) => format!("code {c}"),
            core::MemoTarget::Coding(u) => format!("coding {u}"),
        };
        outln!("{}  on {on}, by {} at {}{}", m.uuid, m.author, m.updated_at, if m.title.is_empty() { String::new() } else { format!(": {}", m.title) });
        outln!("  {}", m.body.replace('\n', "\n  "));
    }
    outln!("{} memos", list.len());
}

fn opt(x: Option<f64>) -> String {
    // Adding 0.0 turns a negative zero into zero, so "-0.000" is never printed.
    x.map_or_else(|| "-".to_string(), |v| format!("{:.3}", v + 0.0))
}

pub fn agreement(r: &core::AgreementReport, disagreements: bool) {
    outln!("agreement between {} and {} over {} speaker turns (unit: turn x code)
", r.coders[0], r.coders[1], r.turns);
    outln!("{:<70} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7}", "code", "A", "B", "both", "agree", "kappa", "alpha", "chars");
    for row in r.codes.iter().chain(std::iter::once(&r.overall)) {
        outln!(
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
    outln!("
{} disagreements (turn x code coded by one coder only)", r.disagreements.len());
    if disagreements {
        for d in &r.disagreements {
            outln!("  {} turn {} [{}..{}] {}: only {}", d.document, d.turn, d.start, d.end, d.code, d.coded_by);
        }
    }
}

pub fn demo_report(r: &core::DemoReport) {
    outln!(
        "built the demo study: {} documents, {} informants, {} speaker turns, {} codes",
        r.documents, r.informants, r.segments, r.codes
    );
    for (coder, n) in &r.codings {
        outln!("  {n} codings by {coder}");
    }
    outln!("  Cohen's kappa between the coders: {}", opt(r.kappa));
    outln!("  {} survey models fitted and saved (Tables 2-4), n = {}", r.models.len(), r.n);
    for f in &r.files {
        outln!("wrote {f}");
    }
    for w in &r.warnings {
        outln!("warning: {w}");
    }
    outln!("project: {}", r.project);
}

fn num(x: f64) -> String {
    if x.is_finite() { format!("{x:.4}") } else { "-".to_string() }
}

fn p_value(p: f64) -> String {
    if p < 0.0001 { "<.0001".to_string() } else { format!("{p:.4}") }
}

pub fn fit(f: &core::stats::OlsFit) {
    outln!("{}", f.formula);
    outln!("n = {} ({} rows dropped by listwise deletion)", f.n, f.dropped.rows);
    for (var, n) in &f.dropped.by {
        outln!("  missing {var}: {n}");
    }
    match (&f.robust, &f.cluster) {
        (Some(_), Some(c)) => outln!("cluster-robust (CR1) standard errors by {c}: {} clusters", f.clusters.unwrap_or(0)),
        (Some(r), None) => outln!("robust standard errors: {r}"),
        _ => {}
    }
    if let Some(w) = &f.weights {
        outln!("weighted least squares, weights {w}");
    }
    outln!("\n{:<40} {:>10} {:>10} {:>8} {:>8} {:>10} {:>10}", "term", "estimate", "se", "t", "p", "ci_low", "ci_high");
    for c in &f.coefficients {
        outln!("{:<40} {:>10} {:>10} {:>8.3} {:>8} {:>10} {:>10}", c.term, num(c.estimate), num(c.se), c.t, p_value(c.p), num(c.ci_low), num(c.ci_high));
    }
    for a in &f.aliased {
        outln!("{a:<40} aliased (not estimable)");
    }
    outln!(
        "\nR² {:.4}, adjusted R² {:.4}, residual SE {:.4} on {} df; F {} on {} and {} df, p {}",
        f.r2,
        f.adj_r2,
        f.sigma,
        f.df_resid,
        f.f.map_or("-".to_string(), |x| format!("{x:.3}")),
        f.df_model,
        f.df_resid,
        f.f_p.map_or("-".to_string(), p_value)
    );
}

pub fn saved(m: &core::SavedModel) {
    outln!("saved model `{}`: {} on dataset {} (sha256 {})", m.name, m.formula, m.dataset, &m.dataset_sha256[..12.min(m.dataset_sha256.len())]);
}

pub fn models(list: &Vec<core::SavedModel>) {
    for m in list {
        let n = m.fit.get("n").and_then(|v| v.as_u64()).unwrap_or(0);
        outln!("{:<22} n={n:<5} {}{}", m.name, m.formula, if m.stale { format!("  [stale: {}]", m.stale_reason) } else { String::new() });
    }
    outln!("{} models", list.len());
}

pub fn similar(hits: &Vec<core::Hit>, keys: &[String]) {
    for h in hits {
        let attrs: Vec<String> = keys.iter().filter_map(|k| h.attributes.get(k).map(|v| v.canonical())).collect();
        outln!("{:.3}  {} [{}] {}: {}", h.score, h.document, attrs.join(", "), h.speaker, h.excerpt.text.replace('\n', " "));
    }
    if hits.is_empty() {
        outln!("no similar turns");
    }
}

pub fn suggestions(list: &Vec<core::CodeSuggestion>) {
    for (i, s) in list.iter().enumerate() {
        outln!("{}. {}  (score {:.2})", i + 1, s.code, s.score);
        for e in &s.evidence {
            let text: String = e.text.chars().take(100).collect();
            outln!("     {:.2}  {} ({}): {}", e.similarity, e.document, e.coder, text.replace('\n', " "));
        }
    }
    outln!("suggestions only: nothing was coded");
}

pub fn evaluation(e: &core::SuggestEvaluation) {
    outln!("{} codings by {}, each suggested from the other documents' codings:", e.codings, e.coder);
    outln!("  top-1 {:.1}%  top-3 {:.1}%", e.top1 * 100.0, e.top3 * 100.0);
    outln!("  baseline (the most frequent codes): top-1 {:.1}%  top-3 {:.1}%", e.baseline_top1 * 100.0, e.baseline_top3 * 100.0);
}

pub fn cases(l: &core::CaseList) {
    let by = match l.by {
        core::CaseOrder::Residual => "residual".to_string(),
        core::CaseOrder::Predicted => "predicted value".to_string(),
        core::CaseOrder::Moderator => format!("moderator {}", l.moderator.as_deref().unwrap_or("?")),
    };
    outln!("{}: {} on dataset {}, cases by {by}{}", l.model, l.formula, l.dataset, if l.conditions.is_empty() { String::new() } else { format!(" where {}", l.conditions.join(", ")) });
    outln!("{} respondents considered{}", l.considered, if l.stale { " (the model is stale: refitted on the data as they are now)" } else { "" });
    let mut side = None;
    for c in &l.cases {
        if side != Some(c.extreme) {
            side = Some(c.extreme);
            let label = match (l.by, c.extreme) {
                (core::CaseOrder::Residual, core::Extreme::High) => "largest positive residuals (observed above the prediction)",
                (core::CaseOrder::Residual, core::Extreme::Low) => "largest negative residuals (observed below the prediction)",
                (_, core::Extreme::High) => "highest",
                (_, core::Extreme::Low) => "lowest",
            };
            outln!("\n{label}:");
        }
        let values: Vec<String> = c.values.iter().map(|v| format!("{}={}", v.column, if v.value.is_empty() { "NA" } else { &v.value })).collect();
        let residual = c.residual.map_or("NA".to_string(), |r| format!("{r:+.2}"));
        let who = match (&c.informant, &c.document) {
            (Some(i), Some(d)) => format!("  interviewed: {i} (open {d})"),
            (Some(i), None) => format!("  interviewed: {i}"),
            _ => String::new(),
        };
        let out = if c.in_sample { "" } else { " [outside the estimation sample]" };
        outln!("{:>2}. {} (row {})  predicted {:.2}  residual {residual}{out}{who}", c.rank, c.id, c.row, c.predicted);
        outln!("    {}", values.join("  "));
    }
}

pub fn probe(m: &core::stats::Moderation) {
    outln!("effect of {} across {} (mean {:.3}, SD {:.3})\n", m.focal, m.moderator, m.mean, m.sd);
    outln!("{:<14} {:>9} {:>9} {:>9} {:>8} {:>8} {:>10} {:>10}", "at", "value", "slope", "se", "t", "p", "ci_low", "ci_high");
    for s in &m.slopes {
        outln!("{:<14} {:>9.3} {:>9} {:>9} {:>8.3} {:>8} {:>10} {:>10}", s.label, s.at, num(s.slope), num(s.se), s.t, p_value(s.p), num(s.ci_low), num(s.ci_high));
    }
    let jn = &m.johnson_neyman;
    let bounds: Vec<String> = jn.bounds.iter().map(|b| format!("{b:.3}")).collect();
    outln!(
        "\nJohnson-Neyman (alpha {}): bounds [{}]; significant {:?}; observed range {:.3} to {:.3}",
        jn.alpha,
        bounds.join(", "),
        jn.significant,
        jn.range.low,
        jn.range.high
    );
    for r in &jn.regions {
        outln!("  significant for {} from {:.3} to {:.3}", m.moderator, r.low, r.high);
    }
}

pub fn alpha(a: &core::stats::Alpha) {
    outln!("Cronbach's alpha = {:.4} over {} complete rows\n", a.alpha, a.n);
    outln!("{:<16} {:>8} {:>8} {:>11} {:>16}", "item", "mean", "sd", "item-total", "alpha if deleted");
    for i in &a.item_stats {
        outln!("{:<16} {:>8.3} {:>8.3} {:>11.3} {:>16}", i.item, i.mean, i.sd, i.item_total, i.alpha_if_deleted.map_or("-".to_string(), |x| format!("{x:.4}")));
    }
}

pub fn findings(list: &Vec<core::Finding>) {
    for f in list {
        outln!("{}  {}  [{:?}]", f.uuid, f.input.title, f.input.fit);
        for r in &f.input.results {
            outln!("  {:?} {}: {}", r.source, r.model, r.term);
        }
        outln!("  codes: {}; {} exemplars", f.input.codes.join("; "), f.input.exemplars.len());
    }
    outln!("{} findings", list.len());
}
