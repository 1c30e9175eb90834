//! Reliability under kills and concurrent writers (issue #10, items 1 and 10).
//!
//! - Kills: `braid code`, `braid undo` and `braid import` are killed (SIGKILL) at random moments
//!   of their run, from a seeded RNG. Whatever a command acknowledged (exit 0) is there
//!   afterwards, nothing is half-done, and `PRAGMA integrity_check` says `ok`.
//! - Concurrent writers: four processes code one project at once; every write succeeds (they
//!   queue on the busy timeout) and every coding is there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::support::{self, BRAID, Ended, Rng};

/// Replay a failing run by setting this seed.
const SEED: u64 = 0x0b7a_1d10;
/// The document the tests code: long enough for every span they make.
const DOCUMENT: &str = "0602";
const CODE: &str = "Peer support";

/// A finished, possibly killed, run.
struct Killed {
    ended: Ended,
    stdout: String,
}

/// Start `braid args`, kill it (SIGKILL) after `after`, and wait for it. It may finish first.
fn run_killed(args: &[String], after: Duration) -> Killed {
    let mut child = Command::new(BRAID)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn braid");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("poll braid").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // Killing a process that has already exited is harmless: it has not been reaped yet.
    let _ = child.kill();
    let out = child.wait_with_output().expect("wait for braid");
    Killed { ended: support::ended_of(out.status), stdout: String::from_utf8_lossy(&out.stdout).into_owned() }
}

/// How long `braid args` takes when left alone, run once (it must succeed).
fn time_one(args: &[String]) -> (Duration, serde_json::Value) {
    let start = Instant::now();
    let k = run_killed(args, Duration::from_secs(60));
    assert_eq!(k.ended, Ended::Exit(0), "braid {args:?} failed when left alone");
    (start.elapsed(), serde_json::from_str(&k.stdout).expect("JSON"))
}

/// A moment to kill at: anywhere from the start to a little past a typical run's end.
fn moment(rng: &mut Rng, typical: Duration) -> Duration {
    let span = (typical.as_micros() as u64 * 5 / 4).max(1);
    Duration::from_micros(rng.below(span))
}

fn code_args(project: &str, start: usize, coder: &str) -> Vec<String> {
    [
        "code",
        project,
        DOCUMENT,
        &start.to_string(),
        &(start + 5).to_string(),
        CODE,
        "--coder",
        coder,
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn open(project: &Path) -> Connection {
    Connection::open_with_flags(project, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open the project")
}

/// The UUIDs of the codings by `coder`, by start offset.
fn codings_of(project: &Path, coder: &str) -> BTreeMap<i64, String> {
    let conn = open(project);
    let mut stmt = conn.prepare("SELECT start, uuid FROM codings WHERE coder = ?1").expect("query codings");
    stmt.query_map([coder], |r| Ok((r.get(0)?, r.get(1)?))).expect("read codings").collect::<rusqlite::Result<_>>().expect("rows")
}

/// The `code` events by `coder`: start offset → (event id, state).
fn code_events(project: &Path, coder: &str) -> BTreeMap<i64, (i64, String)> {
    let conn = open(project);
    let mut stmt = conn
        .prepare("SELECT json_extract(payload, '$.start'), id, state FROM events WHERE action = 'code' AND json_extract(payload, '$.coder') = ?1")
        .expect("query events");
    stmt.query_map([coder], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))).expect("read events").collect::<rusqlite::Result<_>>().expect("rows")
}

/// The length in characters of the test document.
fn document_length(project: &str, scratch: &Path) -> usize {
    let docs = support::json_ok(&["docs", project, "--json"], scratch);
    let doc = docs.as_array().expect("a list").iter().find(|d| d["name"] == DOCUMENT).expect("the demo has the document");
    doc["chars"].as_u64().expect("a length") as usize
}

#[test]
fn killed_commands_keep_every_acknowledged_write() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let project = support::copy_demo(&dir.path().join("project"));
    let p = project.to_str().expect("UTF-8 path").to_string();
    let scratch = dir.path().join("run");
    let mut rng = Rng::new(SEED);
    let coder = "killer";
    let mut stats = (0, 0); // (kills that landed, runs)

    // Coding: 30 runs, each on its own span, so that each is identifiable by its start.
    const CODINGS: usize = 30;
    assert!(document_length(&p, &scratch) > 10 * (CODINGS + 1) + 5, "the document is long enough");
    let (typical, first) = time_one(&code_args(&p, 0, coder));
    let mut acknowledged: BTreeMap<i64, String> = BTreeMap::new();
    acknowledged.insert(0, first["uuid"].as_str().expect("a UUID").to_string());
    for i in 1..=CODINGS {
        let start = 10 * i;
        let k = run_killed(&code_args(&p, start, coder), moment(&mut rng, typical));
        stats.1 += 1;
        match k.ended {
            Ended::Exit(0) => {
                let c: serde_json::Value = serde_json::from_str(&k.stdout).expect("acknowledged with JSON");
                acknowledged.insert(start as i64, c["uuid"].as_str().expect("a UUID").to_string());
            }
            _ => stats.0 += 1,
        }
    }
    assert_eq!(support::integrity(&project), "ok", "after killed codings");
    let present = codings_of(&project, coder);
    let events = code_events(&project, coder);
    for (start, uuid) in &acknowledged {
        assert_eq!(present.get(start), Some(uuid), "acknowledged coding at {start} is present");
    }
    for start in present.keys() {
        assert!(events.get(start).is_some_and(|(_, state)| state == "done"), "the coding at {start} has its event: all or nothing");
    }
    for (start, (_, state)) in &events {
        assert!(state != "done" || present.contains_key(start), "the event at {start} has its coding: all or nothing");
    }

    // Undo: 10 runs, each undoing the latest coding; an acknowledged undo names its event.
    let (typical, first) = time_one(&["undo".to_string(), p.clone(), "--json".to_string()]);
    let mut undone: BTreeSet<i64> = BTreeSet::from([first["event"].as_i64().expect("an event id")]);
    for _ in 0..10 {
        let k = run_killed(&["undo".to_string(), p.clone(), "--json".to_string()], moment(&mut rng, typical));
        stats.1 += 1;
        match k.ended {
            Ended::Exit(0) => {
                let step: serde_json::Value = serde_json::from_str(&k.stdout).expect("acknowledged with JSON");
                undone.insert(step["event"].as_i64().expect("an event id"));
            }
            _ => stats.0 += 1,
        }
    }
    assert_eq!(support::integrity(&project), "ok", "after killed undos");
    let present = codings_of(&project, coder);
    let events = code_events(&project, coder);
    for (start, (id, state)) in &events {
        if undone.contains(id) {
            assert_ne!(state, "done", "acknowledged undo of event {id} holds");
        }
        assert_eq!(state == "done", present.contains_key(start), "event {id} ({state}) and its coding at {start} agree");
    }
    for (start, uuid) in &acknowledged {
        if events.get(start).is_some_and(|(_, state)| state == "done") {
            assert_eq!(present.get(start), Some(uuid), "acknowledged coding at {start}, not undone, is present");
        }
    }
    // Undo still works after the kills: the project is not wedged.
    support::json_ok(&["undo", &p, "--json"], &scratch);

    // Import: 10 runs of three new transcripts each; each import is all or nothing.
    let write_batch = |i: usize| -> Vec<String> {
        ["a", "b", "c"]
            .iter()
            .map(|part| {
                let path = dir.path().join(format!("kill-{i}-{part}.txt"));
                let text = format!("I: Tell me about batch {i}.\nR: Batch {i} part {part} says kilroy{i}{part} was here.\n");
                std::fs::write(&path, text).expect("write a transcript");
                path.to_str().expect("UTF-8 path").to_string()
            })
            .collect()
    };
    let import_args = |files: Vec<String>| -> Vec<String> {
        let mut args = vec!["import".to_string(), p.clone()];
        args.extend(files);
        args.push("--json".to_string());
        args
    };
    let (typical, _) = time_one(&import_args(write_batch(0)));
    let mut imported = vec![0];
    for i in 1..=10 {
        let k = run_killed(&import_args(write_batch(i)), moment(&mut rng, typical));
        stats.1 += 1;
        match k.ended {
            Ended::Exit(0) => imported.push(i),
            _ => stats.0 += 1,
        }
    }
    assert_eq!(support::integrity(&project), "ok", "after killed imports");
    let conn = open(&project);
    for i in 0..=10 {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM documents WHERE name LIKE ?1", [format!("kill-{i}-%")], |r| r.get(0))
            .expect("count documents");
        assert!(n == 0 || n == 3, "import {i} is all or nothing: {n} of 3 documents");
        if imported.contains(&i) {
            assert_eq!(n, 3, "acknowledged import {i} is complete");
        }
    }
    drop(conn);
    // The index is a cache: after the kills, search still finds what every acknowledged import
    // brought, rebuilding if it must.
    for i in &imported {
        let r = support::json_ok(&["search", &p, &format!("kilroy{i}a"), "--json"], &scratch);
        assert_eq!(r["total"].as_u64(), Some(1), "search finds import {i} after the kills: {r}");
    }
    println!("kills: {} of {} runs killed before they finished; 0 acknowledged writes lost, integrity ok", stats.0, stats.1);
}

#[test]
fn concurrent_writers_queue_and_lose_nothing() {
    const WRITERS: usize = 4;
    // The figure: 4 processes × 100 codings, 0 failed and 0 lost.
    const EACH: usize = 100;
    let dir = tempfile::tempdir().expect("a scratch folder");
    let project = support::copy_demo(&dir.path().join("project"));
    let p = project.to_str().expect("UTF-8 path").to_string();
    assert!(document_length(&p, &dir.path().join("run")) > 3 * WRITERS * EACH + 5, "the document is long enough");
    let results: Vec<(Vec<String>, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let p = &p;
                s.spawn(move || {
                    let coder = format!("writer-{w}");
                    let (mut uuids, mut failures) = (Vec::new(), Vec::new());
                    for i in 0..EACH {
                        // Interleaved spans: writer w codes starts w, w+4, w+8, ... times 3.
                        let start = 3 * (i * WRITERS + w);
                        let out = Command::new(BRAID).args(code_args(p, start, &coder)).stdin(Stdio::null()).output().expect("run braid");
                        if out.status.success() {
                            let c: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
                            uuids.push(c["uuid"].as_str().expect("a UUID").to_string());
                        } else {
                            failures.push(format!("{coder} at {start}: {:?} {}", out.status.code(), String::from_utf8_lossy(&out.stderr).trim()));
                        }
                    }
                    (uuids, failures)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a writer thread")).collect()
    });
    let written: Vec<&String> = results.iter().flat_map(|(u, _)| u).collect();
    let failures: Vec<&String> = results.iter().flat_map(|(_, f)| f).collect();
    let present: BTreeSet<String> = (0..WRITERS).flat_map(|w| codings_of(&project, &format!("writer-{w}")).into_values()).collect();
    let lost = written.iter().filter(|u| !present.contains(u.as_str())).count();
    println!(
        "concurrent writers: {} writes by {WRITERS} processes, {} failed, {lost} acknowledged lost, {} present",
        WRITERS * EACH,
        failures.len(),
        present.len()
    );
    assert!(failures.is_empty(), "writes failed under concurrency:\n{}", failures.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n"));
    assert_eq!((lost, present.len()), (0, WRITERS * EACH), "every coding is present");
    assert_eq!(support::integrity(&project), "ok");
}
