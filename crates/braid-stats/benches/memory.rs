//! Peak memory and on-CPU time of the benchmark fits (Linux). Run with
//! `cargo bench -p braid-stats --bench memory`.
//!
//! Criterion's wall-clock figures drift when other processes compete for the cores; the
//! thread's on-CPU time (`/proc/thread-self/schedstat`) does not count time spent preempted.

use std::time::Instant;

use braid_stats::{CsvOptions, Dataset, FitOptions, Robust, fit_ols};

#[path = "fit.rs"]
#[allow(dead_code)]
mod fit;

fn status(key: &str) -> String {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines().find(|l| l.starts_with(key)).map_or_else(
        || format!("{key} unavailable"),
        |l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "),
    )
}

/// Nanoseconds this thread has spent on a CPU.
fn cpu_ns() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// Runs `f` `times` times; returns (wall, on-CPU) seconds per run.
fn time(times: usize, mut f: impl FnMut()) -> (f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_ns());
    for _ in 0..times {
        f();
    }
    (
        wall.elapsed().as_secs_f64() / times as f64,
        (cpu_ns() - cpu) * 1e-9 / times as f64,
    )
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/survey/survey.csv"
    );
    let data = Dataset::from_csv(
        &std::fs::read_to_string(path).unwrap(),
        "survey.csv",
        &CsvOptions::default(),
    )
    .unwrap();
    let formula = "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu";
    let mut options = FitOptions::default();
    options.refs.insert("migration".into(), "none".into());
    options.subset = vec![braid_stats::Condition::parse("sample=questionnaire").unwrap()];
    options.complete_on = "depression migration girl age grade siblings korean mother_edu father_edu belonging \
                           teacher_attitude teacher_satisfaction best_friends closeness peer_satisfaction"
        .split_whitespace()
        .map(String::from)
        .collect();
    for robust in [None, Some(Robust::Hc3)] {
        let o = FitOptions {
            robust,
            ..options.clone()
        };
        time(200, || drop(fit_ols(&data, formula, &o).unwrap()));
        let (wall, cpu) = time(5000, || drop(fit_ols(&data, formula, &o).unwrap()));
        println!(
            "605x15 {:?}: {:.1} µs wall, {:.1} µs on CPU",
            robust,
            wall * 1e6,
            cpu * 1e6
        );
    }

    let (big, formula) = fit::synthetic(1_000_000, 19);
    println!(
        "1e6x20 dataset built: VmRSS {}, VmHWM {}",
        status("VmRSS:"),
        status("VmHWM:")
    );
    for robust in [None, Some(Robust::Hc3)] {
        let o = FitOptions {
            robust,
            ..Default::default()
        };
        let (wall, cpu) = time(3, || drop(fit_ols(&big, &formula, &o).unwrap()));
        println!(
            "1e6x20 {:?}: {:.3} s wall, {:.3} s on CPU; VmHWM now {}",
            robust,
            wall,
            cpu,
            status("VmHWM:")
        );
    }
}
