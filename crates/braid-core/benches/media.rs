//! Media benchmarks (issue 14): what timings and recordings cost.
//!
//! - parsing a three-hour interview (5,000 turns) with a timestamp on every turn, against the same
//!   text without them;
//! - linking a 200 MB WAV (one read to hash it, the container's headers for its length);
//! - listing 100 linked recordings, each checked against its file (size and time; no re-hash).

use criterion::{Criterion, criterion_group, criterion_main};

use braid_core::{ImportOptions, NoProgress, Project, import, link_media, media_list, parse_timed_turns, parse_turns, unlink_media};

/// A WAV header for `data` bytes of 16-bit mono PCM at 16 kHz.
fn wav_header(data: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&16_000u32.to_le_bytes());
    h.extend_from_slice(&32_000u32.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data.to_le_bytes());
    h
}

fn interview(timed: bool) -> String {
    let words = ["mother", "school", "friends", "teacher", "phone", "miss", "study", "the", "and", "I", "we", "home"];
    let mut out = String::new();
    for turn in 0..5_000usize {
        if timed {
            let s = turn * 2;
            out.push_str(&format!("[{:02}:{:02}:{:02}] ", s / 3600, s / 60 % 60, s % 60));
        }
        out.push_str(if turn % 2 == 0 { "I: " } else { "R: " });
        for i in 0..if turn % 2 == 0 { 10 } else { 40 } {
            out.push_str(words[(turn * 7 + i) % words.len()]);
            out.push(' ');
        }
        out.push_str(".\n");
    }
    out
}

fn benches(c: &mut Criterion) {
    let (plain, timed) = (interview(false), interview(true));
    assert_eq!(parse_timed_turns(&timed, "t.txt", &[]).unwrap().1.len(), 5_000);
    c.bench_function("parse a 5,000-turn interview without timestamps", |b| b.iter(|| parse_turns(&plain, "t.txt", &[]).unwrap()));
    c.bench_function("parse a 5,000-turn interview with a timestamp on every turn", |b| {
        b.iter(|| parse_timed_turns(&timed, "t.txt", &[]).unwrap())
    });

    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..100 {
        let f = dir.path().join(format!("D{i:03}.txt"));
        std::fs::write(&f, format!("[00:00:01] I: hello {i}\n[00:00:03] R: hi\n")).unwrap();
        files.push(f);
    }
    let mut p = Project::create(&dir.path().join("s.braid")).unwrap();
    import(&mut p, &files, &ImportOptions::default(), &NoProgress).unwrap();
    // 200 MB of audio: about 100 minutes at 16 kHz mono.
    let big = dir.path().join("big.wav");
    let data = 200 * 1024 * 1024u32;
    let mut bytes = wav_header(data);
    bytes.resize(44 + data as usize, 0);
    std::fs::write(&big, &bytes).unwrap();
    drop(bytes);
    let mut group = c.benchmark_group("recordings");
    group.sample_size(10);
    group.bench_function("link a 200 MB WAV (hash + length)", |b| {
        b.iter(|| {
            let link = link_media(&mut p, "D000", &big, "bench").unwrap();
            unlink_media(&mut p, "D000", "bench").unwrap();
            link
        })
    });
    group.finish();
    for i in 0..100 {
        let f = dir.path().join(format!("D{i:03}.wav"));
        let mut small = wav_header(32_000);
        small.resize(44 + 32_000, 0);
        std::fs::write(&f, small).unwrap();
        link_media(&mut p, &format!("D{i:03}"), &f, "bench").unwrap();
    }
    c.bench_function("list 100 recordings, each checked against its file", |b| b.iter(|| media_list(&p).unwrap()));
}

criterion_group!(media, benches);
criterion_main!(media);
