//! Scale benchmark: a synthetic corpus of N transcripts of about 3,000 words each, with
//! attributes. Reports import + index throughput, search latency percentiles (word, phrase,
//! boolean; each with and without two attribute filters; snippets included) and peak RSS.
//!
//! `cargo bench -p braid-core --bench scale` runs 1,000 and 10,000 transcripts;
//! `BRAID_BENCH_SIZES=1000` picks sizes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use braid_core::{AttrFilter, Filters, ImportOptions, NoProgress, Project, SearchIndex, SearchRequest, import};

const WORDS: &[&str] = &[
    "school", "mother", "father", "teacher", "friends", "class", "phone", "call", "study", "home", "grandmother",
    "korea", "city", "work", "miss", "happy", "sad", "scared", "office", "homework", "exam", "ranking", "play",
    "games", "basketball", "music", "dinner", "weekend", "holiday", "letter", "video", "message", "money",
    "future", "worry", "tired", "lonely", "laugh", "secret", "quiet", "strict", "kind", "together", "alone",
    "the", "a", "and", "but", "because", "i", "she", "he", "we", "they", "my", "her", "his", "is", "was", "to",
    "of", "in", "on", "at", "with", "for", "not", "very", "always", "sometimes", "never", "really", "think",
];
const SCHOOLS: &[&str] = &["Korean primary", "Korean secondary", "Han secondary A", "Han secondary B"];
const TYPES: &[&str] = &["child", "teacher", "parent", "grandparent"];
const MIGRATION: &[&str] = &["none", "mother", "father", "both"];

/// A small deterministic generator (xorshift), so every run indexes the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        // Zipf-ish: favour the front of the list, as real vocabularies do.
        let r = self.next() % (xs.len() as u64 * 3);
        xs[(r as usize * r as usize / (xs.len() * 9)).min(xs.len() - 1)]
    }
}

fn transcript(rng: &mut Rng, id: usize) -> String {
    let mut s = format!(
        "---\nid: \"S{id:05}\"\ntype: {}\nschool: {}\nmigration: {}\n---\n\n",
        TYPES[id % 4],
        SCHOOLS[(id / 4) % 4],
        MIGRATION[(id / 16) % 4]
    );
    let mut words = 0;
    let mut interviewer = true;
    while words < 3000 {
        let n = if interviewer { 8 + rng.next() % 10 } else { 30 + rng.next() % 90 };
        s.push_str(if interviewer { "I: " } else { "R: " });
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(rng.pick(WORDS));
        }
        s.push_str(".\n\n");
        words += n;
        interviewer = !interviewer;
    }
    s
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0)))
        .unwrap_or(0.0)
        / 1024.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("BRAID_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut files: Vec<PathBuf> = Vec::with_capacity(n);
        let mut bytes = 0usize;
        for id in 0..n {
            let t = transcript(&mut rng, id);
            bytes += t.len();
            let p = dir.path().join(format!("S{id:05}.md"));
            std::fs::write(&p, t).unwrap();
            files.push(p);
        }
        let mut project = Project::create(&dir.path().join("scale.braid")).unwrap();
        let t0 = Instant::now();
        import(&mut project, &files, &ImportOptions::default(), &NoProgress).unwrap();
        let took = t0.elapsed().as_secs_f64();
        let mb = bytes as f64 / 1e6;
        println!("{n} transcripts, {mb:.1} MB: import + index {took:.1} s = {:.1} MB/s", mb / took);

        let index = SearchIndex::open(&project, &NoProgress).unwrap();
        let filters = Filters {
            where_: vec![AttrFilter::parse("type=child").unwrap(), AttrFilter::parse("migration=mother").unwrap()],
            ..Default::default()
        };
        for (label, query) in [("word", "teacher"), ("phrase", "\"miss my mother\""), ("boolean", "(mother OR father) AND scared AND NOT happy")] {
            for (fl, f) in [("no filters", Filters::default()), ("2 filters", filters.clone())] {
                let request = SearchRequest { query: query.to_string(), filters: f, limit: 20, counts: vec!["school".into()] };
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
                    "  search {label:<7} {fl:<10} p50 {:>7.2} ms  p99 {:>7.2} ms  ({total} hits, 20 with snippets, counts by school)",
                    percentile(&times, 0.5),
                    percentile(&times, 0.99)
                );
            }
        }
        println!("  peak RSS so far: {:.0} MB", peak_rss_mb());
    }
}
