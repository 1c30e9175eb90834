//! What the reliability tests share: running `braid` with a deadline, the demo project built
//! once per test binary, copies of it, a digest of a project's tables, and a seeded RNG.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

/// The binary under test.
pub const BRAID: &str = env!("CARGO_BIN_EXE_braid");

/// How a run of `braid` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It exited with this code.
    Exit(i32),
    /// A signal ended it (an abort, a stack overflow, the kernel's OOM killer).
    Signal(i32),
    /// It was still running at the deadline and was killed.
    TimedOut,
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    pub ended: Ended,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Whether the process panicked or was ended by a signal.
    pub fn crashed(&self) -> bool {
        matches!(self.ended, Ended::Exit(101) | Ended::Signal(_)) || self.stderr.contains("panicked")
    }
}

/// Run `braid args` with stdout and stderr going to files in `scratch` (so a large output can
/// never block the child on a full pipe), killing it at `deadline`. `memory_kib` caps its
/// address space, so that an input that makes it allocate without bound fails fast instead of
/// taking the machine's memory from everything else running on it.
pub fn run_braid(args: &[String], scratch: &Path, deadline: Duration, memory_kib: Option<u64>) -> Run {
    std::fs::create_dir_all(scratch).expect("create the scratch folder");
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let out = std::fs::File::create(&out_path).expect("create stdout file");
    let err = std::fs::File::create(&err_path).expect("create stderr file");
    let mut command = match memory_kib {
        // `sh -c 'ulimit -v N && exec "$@"' N braid ARGS`: the limit applies to braid alone.
        Some(kib) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(r#"ulimit -v "$0" && exec "$@""#).arg(kib.to_string()).arg(BRAID);
            c
        }
        None => Command::new(BRAID),
    };
    command.args(args).stdin(Stdio::null()).stdout(out).stderr(err).current_dir(scratch);
    let mut child = command.spawn().expect("spawn braid");
    let start = Instant::now();
    let ended = loop {
        match child.try_wait().expect("wait for braid") {
            Some(status) => break ended_of(status),
            None if start.elapsed() > deadline => {
                // The child may exit between the check and the kill; either way it is reaped.
                let _ = child.kill();
                let _ = child.wait();
                break Ended::TimedOut;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run { ended, stdout: read(&out_path), stderr: read(&err_path) }
}

/// The [`Ended`] of an exit status.
pub fn ended_of(status: std::process::ExitStatus) -> Ended {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => Ended::Exit(code),
        (None, Some(signal)) => Ended::Signal(signal),
        (None, None) => Ended::Signal(0),
    }
}

/// Run `braid args` to completion (a minute at most) and return its JSON output; panics unless
/// it exits 0 with JSON on stdout.
pub fn json_ok(args: &[&str], scratch: &Path) -> serde_json::Value {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let run = run_braid(&args, scratch, Duration::from_secs(60), None);
    assert_eq!(run.ended, Ended::Exit(0), "braid {args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("braid {args:?}: not JSON ({e}): {}", run.stdout))
}

/// The demo study, built once for the whole test binary.
pub struct Demo {
    /// The folder `braid demo --out` wrote.
    pub dir: PathBuf,
    /// The project file in it.
    pub project: PathBuf,
    /// The digest of the project as built.
    pub digest: Digest,
}

/// The demo study. It is built into Cargo's temporary folder for integration tests, replacing
/// what an earlier run left there, and is only ever copied, never changed.
pub fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("braid-cli-demo");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the previous demo");
        }
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("braid-cli-demo-run");
        let report = json_ok(&["demo", "--out", dir.to_str().expect("UTF-8 path"), "--json"], &scratch);
        let project = PathBuf::from(report["project"].as_str().expect("the demo names its project"));
        let digest = digest(&project).expect("digest the demo project");
        Demo { dir, project, digest }
    })
}

/// Copy the demo project (its file and its index folder, so that nothing has to reindex) into
/// `to`, and return the copy's path.
pub fn copy_demo(to: &Path) -> PathBuf {
    let demo = demo();
    let name = demo.project.file_name().expect("a file name").to_string_lossy().into_owned();
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(&demo.dir).expect("read the demo folder").flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&name) {
            copy_tree(&entry.path(), &to.join(&file));
        }
    }
    to.join(name)
}

/// Copy a file or a folder, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create folder");
        for entry in std::fs::read_dir(from).expect("read folder").flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

/// Per table: its number of rows and a hash of all of them, in a canonical order. The schema
/// (`sqlite_master`) and `PRAGMA user_version` count as tables too.
pub type Digest = BTreeMap<String, (usize, u64)>;

/// The digest of a project's contents, read without writing to it.
pub fn digest(project: &Path) -> rusqlite::Result<Digest> {
    let conn = Connection::open_with_flags(project, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let mut out = Digest::new();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let schema: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    out.insert("sqlite_master".to_string(), (schema.len(), hash_rows(schema)));
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    out.insert("PRAGMA user_version".to_string(), (1, hash_rows(vec![version.to_string()])));
    for (table, _) in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))?;
        let columns = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut row = String::new();
                for i in 0..columns {
                    let v: rusqlite::types::Value = r.get(i)?;
                    row.push_str(&format!("{v:?}\u{1f}"));
                }
                Ok(row)
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.insert(table, (rows.len(), hash_rows(rows)));
    }
    Ok(out)
}

/// A hash of rows that does not depend on their order (rows are sorted first).
fn hash_rows(mut rows: Vec<String>) -> u64 {
    rows.sort_unstable();
    // SipHash with fixed keys: stable within a run, which is all a before/after comparison needs.
    let mut h = std::hash::DefaultHasher::new();
    rows.hash(&mut h);
    h.finish()
}

/// The tables whose contents differ between two digests.
pub fn changed_tables(before: &Digest, after: &Digest) -> Vec<String> {
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| before.get(*n) != after.get(*n))
        .map(|n| match (before.get(n), after.get(n)) {
            (Some((a, _)), Some((b, _))) if a != b => format!("{n} ({a} rows, now {b})"),
            (None, Some(_)) => format!("{n} (new)"),
            (Some(_), None) => format!("{n} (gone)"),
            _ => format!("{n} (rows changed)"),
        })
        .collect()
}

/// `PRAGMA integrity_check` of a project: `ok`, or what SQLite found.
pub fn integrity(project: &Path) -> String {
    let conn = match Connection::open_with_flags(project, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => return format!("cannot open: {e}"),
    };
    let rows: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA integrity_check").and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match rows {
        Ok(rows) => rows.join("; "),
        Err(e) => format!("cannot check: {e}"),
    }
}

/// A small seeded RNG (xorshift64*), so that a failing run can be replayed from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// `len` bytes of noise.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next_u64() >> 56) as u8).collect()
    }
}
