//! Scale benchmark on realistic text (issue 15).
//!
//! The generated corpus has a vocabulary of 60,000 word types drawn with Zipf frequencies (s =
//! 1.05; the most frequent are real English function words, then the study's topic words, then
//! made-up words), and turns as long as the demo's (interviewer about 9 words, respondent about
//! 59). Each transcript has about 3,500 words (some 21 KB), with the demo's attributes.
//!
//! It reports, for each size:
//! - import (read, parse, store, index) in MB/s, and the peak RSS of the import alone;
//! - a full reindex in MB/s;
//! - the index's size against the text's;
//! - opening the index (what every CLI call does): p50 and p99;
//! - search p50/p99 for a word, a phrase and a boolean query, each with and without two attribute
//!   filters (20 hits with excerpts, counts by school).
//!
//! `cargo bench -p braid-core --bench scale` runs 1,000 and 10,000 transcripts;
//! `BRAID_BENCH_SIZES=2000` picks sizes; `BRAID_BENCH_CORPUS=DIR` runs it on a folder of
//! transcripts (`.md`, `.txt`, `.docx`, `.vtt`, `.srt`) and its `informants.csv`, if any.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use braid_core::{AttrFilter, Filters, ImportOptions, NoProgress, Project, SearchIndex, SearchRequest, import, index_dir};

/// Frequent English words, most frequent first: the head of the Zipf curve.
const HEAD: &[&str] = &[
    "the", "i", "and", "to", "a", "of", "my", "was", "she", "it", "in", "he", "we", "they", "but", "that", "is", "at", "with", "for",
    "not", "me", "her", "you", "so", "when", "on", "do", "have", "what", "there", "very", "because", "just", "then", "would", "all",
    "can", "about", "if", "like", "one", "our", "them", "really", "think", "know", "home", "time", "always",
];
/// The study's topic words, placed after the head so that they are common but not everywhere.
const TOPIC: &[&str] = &[
    "school", "mother", "father", "teacher", "friends", "class", "phone", "call", "study", "grandmother", "korea", "city", "work", "miss",
    "happy", "sad", "scared", "office", "homework", "exam", "ranking", "play", "games", "basketball", "music", "dinner", "weekend",
    "holiday", "letter", "video", "message", "money", "future", "worry", "tired", "lonely", "laugh", "secret", "quiet", "strict",
    "kind", "together", "alone", "sometimes", "never",
];
const SCHOOLS: &[&str] = &["Korean primary", "Korean secondary", "Han secondary A", "Han secondary B"];
const TYPES: &[&str] = &["child", "teacher", "parent", "grandparent"];
const MIGRATION: &[&str] = &["none", "mother", "father", "both"];
const TYPES_IN_VOCABULARY: usize = 60_000;

/// A small deterministic generator (xorshift), so every run indexes the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The vocabulary, most frequent first, and its cumulative Zipf distribution.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        const ONSETS: &[&str] = &["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "ch", "sh", "tr", "br"];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou"];
        const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "ng"];
        let mut words: Vec<String> = HEAD.iter().chain(TOPIC).map(|w| w.to_string()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        while words.len() < TYPES_IN_VOCABULARY {
            let syllables = 1 + (rng.next() % 3) as usize;
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(ONSETS[(rng.next() % ONSETS.len() as u64) as usize]);
                w.push_str(VOWELS[(rng.next() % VOWELS.len() as u64) as usize]);
                w.push_str(CODAS[(rng.next() % CODAS.len() as u64) as usize]);
            }
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.05);
                total
            })
            .collect::<Vec<_>>();
        let cumulative = cumulative.into_iter().map(|c| c / total).collect();
        Vocabulary { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let u = rng.unit();
        let i = self.cumulative.partition_point(|c| *c < u).min(self.words.len() - 1);
        &self.words[i]
    }
}

/// A turn length: interviewer 3–15 words (mean 9), respondent 5–190 (mean about 59).
fn turn_length(rng: &mut Rng, interviewer: bool) -> usize {
    if interviewer {
        3 + (rng.next() % 13) as usize
    } else {
        // A sum of three uniforms: a hump around the mean with a long enough tail.
        5 + (0..3).map(|_| (rng.next() % 37) as usize).sum::<usize>()
    }
}

fn transcript(vocabulary: &Vocabulary, rng: &mut Rng, id: usize) -> String {
    let mut s = format!(
        "---\nid: \"S{id:05}\"\ntype: {}\nschool: {}\nmigration: {}\n---\n\n",
        TYPES[id % 4],
        SCHOOLS[(id / 4) % 4],
        MIGRATION[(id / 16) % 4]
    );
    let mut words = 0;
    let mut interviewer = true;
    while words < 3_500 {
        let n = turn_length(rng, interviewer);
        s.push_str(if interviewer { "I: " } else { "R: " });
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(vocabulary.draw(rng));
        }
        s.push_str(if interviewer { "?\n\n" } else { ".\n\n" });
        words += n;
        interviewer = !interviewer;
    }
    s
}

/// The process's peak resident memory since the last [`reset_peak`], in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0)))
        .unwrap_or(0.0)
        / 1024.0
}

/// Start counting the peak resident memory afresh (Linux: `5` to `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The index's bytes by tantivy file kind (positions, postings, terms, stored fields...).
fn index_parts(dir: &Path) -> String {
    let mut parts: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = e.path();
        let kind = path.extension().and_then(|x| x.to_str()).unwrap_or("other").to_string();
        *parts.entry(kind).or_default() += e.metadata().map(|m| m.len()).unwrap_or(0);
    }
    let mut parts: Vec<(String, u64)> = parts.into_iter().collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1));
    parts.iter().map(|(k, v)| format!("{k} {:.1} MB", *v as f64 / 1e6)).collect::<Vec<_>>().join(", ")
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// The corpus to import: generated in `dir`, or the folder `BRAID_BENCH_CORPUS` names.
fn corpus(n: usize, dir: &Path) -> (String, Vec<PathBuf>, Option<PathBuf>, u64) {
    if let Ok(given) = std::env::var("BRAID_BENCH_CORPUS") {
        let given = PathBuf::from(given);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&given)
            .unwrap_or_else(|e| panic!("BRAID_BENCH_CORPUS={}: {e}", given.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt" | "docx" | "vtt" | "srt")))
            .collect();
        files.sort();
        let bytes = files.iter().map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
        let attributes = Some(given.join("informants.csv")).filter(|p| p.exists());
        return (format!("{} ({} files)", given.display(), files.len()), files, attributes, bytes);
    }
    let vocabulary = Vocabulary::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::with_capacity(n);
    let mut bytes = 0u64;
    for id in 0..n {
        let t = transcript(&vocabulary, &mut rng, id);
        bytes += t.len() as u64;
        let p = dir.join(format!("S{id:05}.md"));
        std::fs::write(&p, t).unwrap();
        files.push(p);
    }
    (format!("{n} generated transcripts"), files, None, bytes)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sizes: Vec<usize> = if std::env::var("BRAID_BENCH_CORPUS").is_ok() {
        vec![0]
    } else {
        std::env::var("BRAID_BENCH_SIZES").unwrap_or_else(|_| "1000,10000".into()).split(',').filter_map(|s| s.trim().parse().ok()).collect()
    };
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let (label, files, attributes, bytes) = corpus(n, dir.path());
        let mb = bytes as f64 / 1e6;
        let path = dir.path().join("scale.braid");
        let mut project = Project::create(&path).unwrap();
        reset_peak();
        let t0 = Instant::now();
        import(&mut project, &files, &ImportOptions { attributes, ..Default::default() }, &NoProgress).unwrap();
        let took = t0.elapsed().as_secs_f64();
        println!("{label}, {mb:.1} MB of text");
        println!("  import (read, parse, store, index): {took:.1} s = {:.1} MB/s, peak RSS {:.0} MB", mb / took, peak_rss_mb());

        std::fs::remove_dir_all(index_dir(&path)).unwrap();
        let t0 = Instant::now();
        drop(SearchIndex::open(&project, &NoProgress).unwrap());
        let took = t0.elapsed().as_secs_f64();
        let index_mb = dir_size(&index_dir(&path)) as f64 / 1e6;
        let project_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!("  reindex: {took:.1} s = {:.1} MB/s", mb / took);
        println!("  index {index_mb:.1} MB = {:.2}x the text; project file {project_mb:.1} MB", index_mb / mb);
        println!("  index by part: {}", index_parts(&index_dir(&path)));

        drop(project);
        let mut opens = Vec::with_capacity(30);
        for _ in 0..30 {
            let t = Instant::now();
            let project = Project::open(&path).unwrap();
            drop(SearchIndex::open(&project, &NoProgress).unwrap());
            opens.push(t.elapsed());
        }
        opens.sort();
        println!("  open project + index: p50 {:.1} ms, p99 {:.1} ms", percentile(&opens, 0.5), percentile(&opens, 0.99));

        let project = Project::open(&path).unwrap();
        let index = SearchIndex::open(&project, &NoProgress).unwrap();
        let filters = Filters {
            where_: vec![AttrFilter::parse("type=child").unwrap(), AttrFilter::parse("migration=mother").unwrap()],
            ..Default::default()
        };
        let has_attributes = std::env::var("BRAID_BENCH_CORPUS").is_err();
        for (kind, query) in [
            ("word", "teacher"),
            ("phrase", "\"my mother\""),
            ("rare phrase", "\"miss my mother\""),
            ("boolean", "(mother OR father) AND scared AND NOT happy"),
        ] {
            for (fl, f) in [("no filters", Filters::default()), ("2 filters", filters.clone())] {
                if !has_attributes && !f.where_.is_empty() {
                    continue;
                }
                let counts = if has_attributes { vec!["school".into()] } else { Vec::new() };
                let request = SearchRequest { query: query.to_string(), filters: f, limit: 20, counts, semantic: false };
                let mut times = Vec::with_capacity(200);
                let mut total = 0;
                for _ in 0..200 {
                    let t = Instant::now();
                    let r = index.search(&request).unwrap();
                    times.push(t.elapsed());
                    total = r.total;
                }
                times.sort();
                println!(
                    "  search {kind:<11} {fl:<10} p50 {:>6.2} ms  p99 {:>6.2} ms  ({total} hits; 20 with excerpts)",
                    percentile(&times, 0.5),
                    percentile(&times, 0.99)
                );
            }
        }
    }
}
