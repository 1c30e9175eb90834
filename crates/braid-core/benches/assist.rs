//! The local assist's costs (needs the model: scripts/fetch-model):
//!
//! - embedding the demo's respondent turns and codings from an empty cache, timed once (it
//!   takes about a minute), with the rate in windows per second and what that rate means for
//!   10,000 transcripts;
//! - similar passages, a hybrid search and code suggestions on the demo, with the cache warm;
//! - the exact nearest-neighbour scan at 10,000 transcripts' worth of windows (310,000 random
//!   unit vectors of 384 dimensions), to say when an approximate index becomes worth it.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use braid_core::{DemoOptions, Filters, NoProgress, Project, SearchRequest, Session, SimilarRequest, build_demo};

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let path = std::path::PathBuf::from(&report.project);
    let project = Project::open(&path).unwrap();
    let t = Instant::now();
    let assist = braid_core::Assist::open(&project, &NoProgress).unwrap();
    let took = t.elapsed().as_secs_f64();
    let windows = braid_core::assist_status(&project).unwrap().windows;
    let codings = braid_core::codings(&project, None).unwrap().len();
    let per_doc = windows as f64 / report.documents as f64;
    let rate = (windows + codings) as f64 / took;
    eprintln!(
        "embedding the demo from an empty cache: {windows} turn windows and {codings} codings in {took:.1} s ({rate:.1} texts/s); \
         at this rate 10,000 transcripts of the demo's kind ({:.0} windows each) take {:.1} h",
        per_doc,
        10_000.0 * per_doc / rate / 3600.0
    );
    drop(assist);
    drop(project);

    let mut session = Session::open(&path).unwrap();
    let request = SimilarRequest { document: "0602".into(), start: 6496, end: 6588, filters: Filters::default(), limit: 10 };
    session.similar(&request, &NoProgress).unwrap();
    c.bench_function("demo: similar passages (10 nearest of 1,261 windows, cache warm)", |b| b.iter(|| session.similar(&request, &NoProgress).unwrap()));
    let hybrid = SearchRequest { query: "I keep it to myself".into(), limit: 20, semantic: true, ..Default::default() };
    c.bench_function("demo: hybrid search, 20 hits (keyword + meaning, fused)", |b| b.iter(|| session.search(&hybrid, &NoProgress).unwrap()));
    session.suggest("0602", 6496, 6588, 3, &NoProgress).unwrap();
    c.bench_function("demo: suggest codes for a passage (907 codings)", |b| b.iter(|| session.suggest("0602", 6496, 6588, 3, &NoProgress).unwrap()));

    // The scan at scale: 310,000 unit vectors.
    let mut seed = 7u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f32 / (1u64 << 53) as f32 - 0.5
    };
    let unit = |v: Vec<f32>| {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / n).collect::<Vec<f32>>()
    };
    let many: Vec<Vec<f32>> = (0..310_000).map(|_| unit((0..384).map(|_| next()).collect())).collect();
    let q = unit((0..384).map(|_| next()).collect());
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.bench_function("exact scan of 310,000 windows (10,000 transcripts)", |b| {
        b.iter(|| {
            let mut best: Vec<(f32, usize)> = many.iter().enumerate().map(|(i, v)| (braid_embed_cosine(&q, v), i)).collect();
            best.select_nth_unstable_by(10, |a, b| b.0.total_cmp(&a.0));
            best.truncate(10);
            best
        })
    });
    group.finish();
}

/// The dot product of unit vectors, as the assist's scan computes it.
fn braid_embed_cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

criterion_group!(assist, benches);
criterion_main!(assist);
