//! CSV ingest at scale: `braid fit --csv` on a 1,000,000 × 20 numeric file (about 200 MB).
//! Run with `cargo bench -p braid-stats --bench csv`; `BRAID_BENCH_ROWS` changes the rows.
//!
//! Reports the parse time and rate, the peak memory of parsing beyond the file's text (which
//! the caller holds), and the fit on the parsed columns. Peak memory is Linux's high-water
//! mark, reset before each step through `/proc/self/clear_refs`; the parse's is of the first
//! parse in the process. The file is generated once
//! into `target/bench-data/` with a fixed seed.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use braid_stats::{CsvOptions, Dataset, FitOptions, fit_ols};

const COLUMNS: usize = 20;

fn status_kb(key: &str) -> f64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn mb(kb: f64) -> f64 {
    kb / 1024.0
}

/// Resets the high-water mark to the current resident size.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn generate(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let path = dir.join(format!("wide-{rows}x{COLUMNS}.csv"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut uniform = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let tmp = path.with_extension("part");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    let header: Vec<String> = std::iter::once("y".to_string())
        .chain((0..COLUMNS - 1).map(|j| format!("x{j}")))
        .collect();
    writeln!(out, "{}", header.join(",")).unwrap();
    let mut x = vec![0.0; COLUMNS - 1];
    for _ in 0..rows {
        let mut y = uniform() - 0.5;
        for (j, xj) in x.iter_mut().enumerate() {
            *xj = (0..4).map(|_| uniform()).sum::<f64>() - 2.0;
            y += (j as f64 + 1.0) * 0.1 * *xj;
        }
        write!(out, "{y:.6}").unwrap();
        for xj in &x {
            write!(out, ",{xj:.6}").unwrap();
        }
        writeln!(out).unwrap();
    }
    out.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

fn main() {
    let rows: usize = std::env::var("BRAID_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = generate(rows);
    let text = std::fs::read_to_string(&path).unwrap();
    let file_mb = text.len() as f64 / 1e6;
    let formula = format!(
        "y ~ {}",
        (0..COLUMNS - 1)
            .map(|j| format!("x{j}"))
            .collect::<Vec<_>>()
            .join(" + ")
    );
    println!("{rows} x {COLUMNS} CSV: {file_mb:.1} MB; VmRSS with the text read {:.0} MB", mb(status_kb("VmRSS:")));
    let mut best = f64::INFINITY;
    let mut peak = 0.0f64;
    for _ in 0..3 {
        let before = status_kb("VmRSS:");
        reset_peak();
        let t = Instant::now();
        let data = Dataset::from_csv(&text, "wide.csv", &CsvOptions::default()).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        // Memory from the first parse only, as `braid fit --csv` makes one: after a free,
        // glibc raises its mmap threshold and later parses come from a heap that keeps
        // freed pages, which says more about the allocator than about the reader.
        if peak == 0.0 {
            peak = status_kb("VmHWM:") - before;
        }
        assert_eq!(data.n_rows(), rows);
    }
    println!(
        "parse: {:.3} s = {:.0} MB/s; peak above the text {:.0} MB (the numbers alone: {:.0} MB)",
        best,
        file_mb / best,
        mb(peak),
        (rows * COLUMNS * 8) as f64 / (1024.0 * 1024.0)
    );
    let data = Dataset::from_csv(&text, "wide.csv", &CsvOptions::default()).unwrap();
    drop(text);
    let before = status_kb("VmRSS:");
    reset_peak();
    let t = Instant::now();
    let fit = fit_ols(&data, &formula, &FitOptions::default()).unwrap();
    println!(
        "fit: {:.3} s; peak {:.0} MB in all, {:.0} MB above the dataset and the allocator's reserve; R² {:.4}",
        t.elapsed().as_secs_f64(),
        mb(status_kb("VmHWM:")),
        mb(status_kb("VmHWM:") - before),
        fit.r2
    );
}
