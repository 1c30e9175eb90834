//! `cargo xtask <task>`: Braid's project automation.
//!
//! Tasks:
//!   gen-survey [--check] [--seed N] [--out PATH]
//!       Write the synthetic demo survey to corpus/survey/survey.csv.
//!       --check   do not write; exit 1 if the file differs from the output
//!       --seed N  use another seed (exploration only; the committed file
//!                 uses the built-in seed)
//!       --out P   write to P instead ("-" for standard output)

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::survey;

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask gen-survey [--check] [--seed N] [--out PATH]");
    ExitCode::from(2)
}

fn gen_survey(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut seed = survey::SEED;
    let mut out = workspace_root().join("corpus/survey/survey.csv");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--seed" => match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            },
            "--out" => match it.next() {
                Some(p) => out = PathBuf::from(p),
                None => return usage(),
            },
            _ => return usage(),
        }
    }
    let text = survey::generate_survey_with_seed(seed);
    if check {
        return match std::fs::read_to_string(&out) {
            Ok(existing) if existing == text => {
                println!("{} is up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok(_) => {
                eprintln!("{} is stale: run `cargo xtask gen-survey`", out.display());
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("cannot read {}: {e}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    if out.as_os_str() == "-" {
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match std::fs::write(&out, &text) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen-survey") => gen_survey(&args[1..]),
        _ => usage(),
    }
}
