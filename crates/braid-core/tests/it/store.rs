//! The project file and its index cache: a refused file is left byte-identical, Braid's files
//! carry an application id, an index from another copy is never trusted, a damaged index is
//! rebuilt, and changes made by another process are noticed.

use std::path::Path;

use braid_core::{ErrorCode, NoProgress, Progress, Project, SearchRequest, Session, import};

use crate::mini_project;

/// Open `path` as a project; it must be refused with `code`, a message naming the file and
/// containing `says`, and the file must be unchanged byte for byte.
fn check_refused(path: &Path, says: &str) {
    let before = std::fs::read(path).ok();
    let err = Project::open(path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Project, "{err}");
    let message = err.to_string();
    assert!(message.starts_with(&path.display().to_string()), "{message}");
    assert!(message.contains(says), "{message}");
    assert_eq!(std::fs::read(path).ok(), before, "{} changed", path.display());
}

#[test]
fn files_that_are_not_braid_projects_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.braid");
    std::fs::write(&empty, b"").unwrap();
    check_refused(&empty, "is empty (0 bytes)");

    let text = dir.path().join("notes.braid");
    std::fs::write(&text, "I: hello\nR: hi\n").unwrap();
    check_refused(&text, "not an SQLite file");

    check_refused(dir.path(), "is a folder, not a project file");
    check_refused(&dir.path().join("missing.braid"), "no such project file");

    // Another program's database, in rollback-journal mode: refused, and not switched to WAL.
    let other = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');").unwrap();
    }
    check_refused(&other, "without Braid's tables");
    let conn = rusqlite::Connection::open(&other).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    drop(conn);

    // Another program that marks its files with an application id is refused from the header alone.
    let marked = dir.path().join("marked.sqlite");
    {
        let conn = rusqlite::Connection::open(&marked).unwrap();
        conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE project (key TEXT, value TEXT);").unwrap();
    }
    check_refused(&marked, "application id 0x0000002a");
}

#[test]
fn a_project_from_a_newer_braid_is_refused_before_anything_is_written() {
    let (dir, project) = mini_project();
    let path = project.path().to_path_buf();
    drop(project);
    let newer = dir.path().join("newer.braid");
    std::fs::copy(&path, &newer).unwrap();
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
        conn.pragma_update(None, "user_version", braid_core::SCHEMA_VERSION + 1).unwrap();
    }
    check_refused(&newer, &format!("made by a newer Braid (schema {}", braid_core::SCHEMA_VERSION + 1));
    let conn = rusqlite::Connection::open(&newer).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "a refused project was switched to WAL");
}

#[test]
fn a_truncated_project_is_refused_with_its_sizes() {
    let (dir, project) = mini_project();
    let path = project.path().to_path_buf();
    drop(project); // the last handle checkpoints the WAL into the file
    let full = std::fs::read(&path).unwrap();
    let cut = dir.path().join("cut.braid");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    check_refused(&cut, &format!("is truncated: {} bytes of the {}", full.len() / 2, full.len()));
}

#[test]
fn braid_marks_its_files_and_marks_older_ones_when_it_opens_them() {
    let dir = tempfile::tempdir().unwrap();
    let header_id = |path: &Path| {
        let bytes = std::fs::read(path).unwrap();
        u32::from_be_bytes(bytes[68..72].try_into().unwrap())
    };
    let new = dir.path().join("new.braid");
    drop(Project::create(&new).unwrap());
    assert_eq!(header_id(&new), braid_core::APPLICATION_ID);

    // A project written before the application id existed is recognised by its tables.
    let old = dir.path().join("old.braid");
    Project::create_at_schema(&old, 6).unwrap();
    assert_eq!(header_id(&old), 0);
    drop(Project::open(&old).unwrap());
    assert_eq!(header_id(&old), braid_core::APPLICATION_ID);
}

fn hits(session: &mut Session, query: &str) -> Vec<String> {
    let request = SearchRequest { query: query.into(), limit: 50, ..Default::default() };
    session.search(&request, &NoProgress).unwrap().hits.into_iter().map(|h| h.document).collect()
}

fn write_transcript(dir: &Path, name: &str, speech: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, format!("I: Tell me about it.\nR: {speech}\n")).unwrap();
    file
}

#[test]
fn an_index_built_from_a_diverged_copy_is_not_trusted() {
    let (dir, project) = mini_project();
    let a = project.path().to_path_buf();
    drop(project);
    let b = dir.path().join("copy.braid");
    std::fs::copy(&a, &b).unwrap();

    // Both copies change apart, by the same number of steps, so their generations agree.
    let mut pa = Project::open(&a).unwrap();
    import(&mut pa, &[write_transcript(dir.path(), "X01.txt", "The river flooded twice.")], &Default::default(), &NoProgress).unwrap();
    let mut pb = Project::open(&b).unwrap();
    import(&mut pb, &[write_transcript(dir.path(), "Y01.txt", "The orchard bloomed early.")], &Default::default(), &NoProgress).unwrap();
    assert_eq!(pa.generation().unwrap(), pb.generation().unwrap());
    drop((pa, pb));

    // Build copy A's index, then hand it to copy B.
    let mut sa = Session::open(&a).unwrap();
    assert_eq!(hits(&mut sa, "river"), ["X01"]);
    drop(sa);
    let (ia, ib) = (braid_core::index_dir(&a), braid_core::index_dir(&b));
    std::fs::create_dir_all(&ib).unwrap();
    for entry in std::fs::read_dir(&ia).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), ib.join(entry.file_name())).unwrap();
    }
    let mut sb = Session::open(&b).unwrap();
    assert_eq!(hits(&mut sb, "river"), Vec::<String>::new());
    assert_eq!(hits(&mut sb, "orchard"), ["Y01"]);
}

/// Records the labels of the phases it is told about.
#[derive(Default)]
struct Phases(std::sync::Mutex<Vec<String>>);

impl Progress for Phases {
    fn start(&self, label: &str, _total: u64) {
        self.0.lock().unwrap().push(label.to_string());
    }
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

#[test]
fn a_damaged_index_is_rebuilt_and_says_so() {
    let (_dir, project) = mini_project();
    let path = project.path().to_path_buf();
    drop(project);
    let mut session = Session::open(&path).unwrap();
    assert_eq!(hits(&mut session, "strict"), ["A01", "T01"]);
    drop(session);

    // Empty one of the segment files and delete another, as a crash or a sync tool might.
    let dir = braid_core::index_dir(&path);
    let mut damaged = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path();
        match file.extension().and_then(|e| e.to_str()) {
            Some("idx") => std::fs::write(&file, b"").unwrap(),
            Some("store") => std::fs::remove_file(&file).unwrap(),
            _ => continue,
        }
        damaged += 1;
    }
    let listing: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(damaged >= 2, "no segment files found in {}: {listing:?}", dir.display());

    let mut session = Session::open(&path).unwrap();
    let phases = Phases::default();
    let request = SearchRequest { query: "strict".into(), limit: 10, ..Default::default() };
    let found = session.search(&request, &phases).unwrap();
    assert_eq!(found.hits.iter().map(|h| h.document.as_str()).collect::<Vec<_>>(), ["A01", "T01"]);
    let phases = phases.0.into_inner().unwrap();
    assert!(phases.iter().any(|p| p.starts_with("rebuilding the search index, which could not be read")), "{phases:?}");
}

#[test]
fn another_process_s_writes_are_noticed_once() {
    let (_dir, project) = mini_project();
    let path = project.path().to_path_buf();
    drop(project);
    let mut app = Session::open(&path).unwrap();
    assert!(!app.changes_elsewhere().unwrap().changed);
    // The app's own action, settled after it, is not reported as another's even when another
    // process writes before the next look.
    braid_core::add_code(app.project_mut(), &braid_core::NewCode { name: "Mine".into(), ..Default::default() }, "app").unwrap();
    app.settle().unwrap();

    // A second handle stands for a script running `braid code` beside the open app.
    let mut script = Project::open(&path).unwrap();
    braid_core::add_code(&mut script, &braid_core::NewCode { name: "Elsewhere".into(), ..Default::default() }, "script").unwrap();

    let seen = app.changes_elsewhere().unwrap();
    assert!(seen.changed);
    let actions: Vec<(&str, &str)> = seen.events.iter().map(|e| (e.actor.as_str(), e.action.as_str())).collect();
    assert_eq!(actions, [("script", "code.add")]);
    assert!(!app.changes_elsewhere().unwrap().changed, "the same change is reported once");
}

#[test]
fn store_failures_name_the_project_and_say_what_to_do() {
    let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    let err = braid_core::Error::Store(busy).in_project(Path::new("study.braid"));
    assert_eq!(err.code(), ErrorCode::Busy);
    let message = err.to_string();
    assert!(message.starts_with("study.braid: project store: "), "{message}");
    assert!(message.ends_with("try again, or finish the other program's work first"), "{message}");

    let read_only = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), None);
    let message = braid_core::Error::Store(read_only).in_project(Path::new("study.braid")).to_string();
    assert!(message.contains("read-only: change its permissions"), "{message}");
}
