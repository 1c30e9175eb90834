//! Peak memory of a 1,000,000 × 20 fit, from /proc/self/status (Linux). Run with
//! `cargo bench -p braid-stats --bench memory`.

use std::time::Instant;

use braid_stats::{FitOptions, Robust, fit_ols};

#[path = "fit.rs"]
#[allow(dead_code)]
mod fit;

fn status(key: &str) -> String {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines().find(|l| l.starts_with(key)).map_or_else(|| format!("{key} unavailable"), |l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let (data, formula) = fit::synthetic(1_000_000, 19);
    println!("dataset built: VmRSS {}, VmHWM {}", status("VmRSS:"), status("VmHWM:"));
    let start = Instant::now();
    let fit = fit_ols(&data, &formula, &FitOptions::default()).unwrap();
    println!("classical fit: {:.3} s, n = {}, k = {}", start.elapsed().as_secs_f64(), fit.n, fit.coefficients.len());
    println!("after classical fit: VmHWM {}", status("VmHWM:"));
    let start = Instant::now();
    let fit = fit_ols(&data, &formula, &FitOptions { robust: Some(Robust::Hc3), ..Default::default() }).unwrap();
    println!("HC3 fit: {:.3} s, k = {}", start.elapsed().as_secs_f64(), fit.coefficients.len());
    println!("after HC3 fit: VmHWM {}", status("VmHWM:"));
}
