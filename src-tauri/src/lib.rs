//! Braid's desktop shell: each Tauri command reads the app state, calls one braid-core
//! function and converts its error. Domain logic lives in braid-core, never here.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use braid_core::{
    ApiError, DemoOptions, Document, DocumentInfo, ErrorCode, Filters, ImportOptions, ImportReport,
    Kwic, KwicRequest, ProgressEvent, ProjectSummary, SearchRequest, SearchResponse, SegmentFormat, Session,
};
use tauri::{AppHandle, Emitter, Manager, State};

mod analysis;
mod assist;
mod codebook;
mod coding;
mod exchange;
mod media;
mod media_server;
mod survey;
mod triangulation;

/// The open project, if any. One at a time: opening another replaces it.
#[derive(Default)]
struct AppState {
    session: Mutex<Option<Session>>,
}

type CmdResult<T> = Result<T, ApiError>;

impl AppState {
    fn lock(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while holding the lock leaves the session as it was; carry on with it.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub(crate) fn no_project() -> ApiError {
    ApiError {
        code: ErrorCode::BadRequest,
        message: "no project is open: open the demo study or a .braid project first".into(),
    }
}

fn with_session<T>(
    state: &AppState,
    f: impl FnOnce(&mut Session) -> braid_core::Result<T>,
) -> CmdResult<T> {
    let mut guard = state.lock();
    let session = guard.as_mut().ok_or_else(no_project)?;
    let path = session.project().path().to_path_buf();
    // Settle after each command, so its own writes are never reported as another process's.
    f(session).and_then(|v| session.settle().map(|()| v)).map_err(|e| e.in_project(&path).into())
}

pub(crate) fn open_into(state: &AppState, path: &Path) -> CmdResult<ProjectSummary> {
    install(state, || Session::open(path))
}

/// Replace the open project with the session `make` opens or creates.
fn install(
    state: &AppState,
    make: impl FnOnce() -> braid_core::Result<Session>,
) -> CmdResult<ProjectSummary> {
    let mut guard = state.lock();
    // Close the old project first so that reopening the same file never sees two handles.
    *guard = None;
    let session = make()?;
    let summary = session.summary()?;
    *guard = Some(session);
    Ok(summary)
}

/// Forwards braid-core progress to the webview as `progress` events.
pub(crate) struct EventProgress {
    app: AppHandle,
    label: Mutex<String>,
    done: AtomicU64,
    total: AtomicU64,
}

impl EventProgress {
    pub(crate) fn new(app: &AppHandle) -> EventProgress {
        EventProgress {
            app: app.clone(),
            label: Mutex::default(),
            done: 0.into(),
            total: 0.into(),
        }
    }

    fn emit(&self, finished: bool) {
        let label = self.label.lock().map(|l| l.clone()).unwrap_or_default();
        let event = ProgressEvent {
            label,
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            finished,
        };
        // Progress is advisory: a window that is gone must not fail the work.
        let _ = self.app.emit("progress", event);
    }
}

impl braid_core::Progress for EventProgress {
    fn start(&self, label: &str, total: u64) {
        if let Ok(mut l) = self.label.lock() {
            *l = label.to_string();
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.emit(false);
    }

    fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
        self.emit(false);
    }

    fn finish(&self) {
        self.emit(true);
    }
}

/// Where the demo study is built: `$BRAID_DATA_DIR/demo`, else the app's data folder.
fn demo_dir(app: &AppHandle) -> CmdResult<PathBuf> {
    let base = match std::env::var_os("BRAID_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir().map_err(|e| ApiError {
            code: ErrorCode::Io,
            message: format!("cannot find the app's data folder: {e}; set BRAID_DATA_DIR"),
        })?,
    };
    Ok(base.join("demo"))
}

#[tauri::command]
async fn open_project(state: State<'_, AppState>, path: String) -> CmdResult<ProjectSummary> {
    open_into(&state, Path::new(path.trim()))
}

/// Create a new, empty project at `path` (a file the user chose in the save dialog) and open it.
#[tauri::command]
async fn new_project(state: State<'_, AppState>, path: String) -> CmdResult<ProjectSummary> {
    install(&state, || Session::create(Path::new(path.trim())))
}

/// Import transcripts and an attributes CSV into the open project, all or nothing.
#[tauri::command]
async fn import_transcripts(
    app: AppHandle,
    state: State<'_, AppState>,
    files: Vec<String>,
    options: ImportOptions,
) -> CmdResult<ImportReport> {
    let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    with_session(&state, |s| {
        s.import(&files, &options, &EventProgress::new(&app))
    })
}

#[tauri::command]
async fn open_demo(app: AppHandle, state: State<'_, AppState>) -> CmdResult<ProjectSummary> {
    let out = demo_dir(&app)?;
    // Close any open project: it may be the very demo that is about to be rebuilt.
    state.lock().take();
    let report = braid_core::build_demo(
        &DemoOptions { out, corpus: None },
        &EventProgress::new(&app),
    )?;
    open_into(&state, Path::new(&report.project))
}

#[tauri::command]
async fn project_summary(state: State<'_, AppState>) -> CmdResult<Option<ProjectSummary>> {
    Ok(state.lock().as_ref().map(Session::summary).transpose()?)
}

/// The project's settings, with defaults for what it has not chosen.
#[tauri::command]
async fn project_settings(state: State<'_, AppState>) -> CmdResult<braid_core::Settings> {
    with_session(&state, |s| braid_core::settings(s.project()))
}

/// Store the project's settings.
#[tauri::command]
async fn set_project_settings(state: State<'_, AppState>, settings: braid_core::Settings) -> CmdResult<braid_core::Settings> {
    with_session(&state, |s| braid_core::set_settings(s.project_mut(), &settings, &coding::actor()))
}

/// What other processes changed in the open project since the last look (the UI asks on focus
/// and every few seconds, and reloads when something did).
#[tauri::command]
async fn changes_elsewhere(state: State<'_, AppState>) -> CmdResult<braid_core::ExternalChanges> {
    with_session(&state, |s| s.changes_elsewhere())
}

/// When `run` began: the start of the app as far as its own code can tell.
static STARTED: OnceLock<Instant> = OnceLock::new();
/// Milliseconds from the start until the UI first said it was interactive.
static READY: OnceLock<u64> = OnceLock::new();

/// The UI calls this once its window shows the open project's documents (or the welcome
/// screen): the cold start as a user feels it, in milliseconds from the app's start. The first
/// call fixes the figure, which is also printed, and later calls return it.
#[tauri::command]
fn app_ready() -> u64 {
    *READY.get_or_init(|| {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis() as u64);
        eprintln!("braid-app: interactive {ms} ms after start");
        ms
    })
}

#[tauri::command]
async fn list_documents(
    state: State<'_, AppState>,
    filters: Filters,
) -> CmdResult<Vec<DocumentInfo>> {
    with_session(&state, |s| s.documents(&filters))
}

#[tauri::command]
async fn get_document(state: State<'_, AppState>, name: String) -> CmdResult<Document> {
    with_session(&state, |s| s.document(&name))
}

#[tauri::command]
async fn search(
    app: AppHandle,
    state: State<'_, AppState>,
    request: SearchRequest,
) -> CmdResult<SearchResponse> {
    with_session(&state, |s| s.search(&request, &EventProgress::new(&app)))
}

/// Keyword in context: a search's matches as concordance lines.
#[tauri::command]
async fn kwic(app: AppHandle, state: State<'_, AppState>, request: KwicRequest) -> CmdResult<Kwic> {
    with_session(&state, |s| s.kwic(&request, &EventProgress::new(&app)))
}

/// Export a concordance to `path`, a file the user chose in the save dialog.
#[tauri::command]
async fn save_kwic(
    app: AppHandle,
    state: State<'_, AppState>,
    request: KwicRequest,
    format: SegmentFormat,
    path: String,
) -> CmdResult<()> {
    with_session(&state, |s| {
        s.save_kwic(
            &request,
            format,
            Path::new(&path),
            &EventProgress::new(&app),
        )
    })
}

/// Start the app. `BRAID_PROJECT=/path/to/x.braid` opens that project at startup.
pub fn run() {
    STARTED.get_or_init(Instant::now);
    let state = AppState::default();
    if let Some(path) = std::env::var_os("BRAID_PROJECT") {
        if let Err(e) = open_into(&state, Path::new(&path)) {
            eprintln!(
                "braid-app: BRAID_PROJECT={}: {} ({:?})",
                Path::new(&path).display(),
                e.message,
                e.code
            );
        }
    }
    // Without the media server the app works, but recordings do not play.
    let media_server = media_server::MediaServer::start()
        .inspect_err(|e| eprintln!("braid-app: the media server did not start, so recordings will not play: {e}"))
        .ok();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(media_server)
        .invoke_handler(tauri::generate_handler![
            open_project,
            new_project,
            import_transcripts,
            open_demo,
            project_summary,
            exchange::import_qdpx,
            exchange::export_qdpx,
            exchange::import_codebook_file,
            exchange::export_codebook_file,
            media::list_media,
            media::media_source,
            media::link_media,
            media::relink_media,
            media::unlink_media,
            media::link_recordings,
            project_settings,
            set_project_settings,
            changes_elsewhere,
            app_ready,
            list_documents,
            get_document,
            search,
            kwic,
            save_kwic,
            coding::default_coder,
            coding::coder_identity,
            coding::set_coder,
            coding::get_codebook,
            coding::get_codings,
            coding::add_coding,
            coding::code_in_vivo,
            coding::remove_coding,
            coding::undo,
            coding::redo,
            coding::list_coders,
            coding::get_agreement,
            coding::resize_coding,
            coding::history_state,
            coding::autocode_preview,
            coding::autocode_apply,
            codebook::add_code,
            codebook::edit_code,
            codebook::merge_codes,
            codebook::delete_code,
            codebook::list_memos,
            codebook::add_memo,
            codebook::edit_memo,
            codebook::delete_memo,
            analysis::retrieve,
            analysis::export_segments,
            analysis::save_segments,
            analysis::crosstab,
            analysis::cooccurrence,
            survey::list_datasets,
            survey::import_dataset,
            survey::fit_model,
            survey::save_model,
            survey::list_models,
            survey::models_table,
            survey::save_models_workbook,
            survey::probe_model,
            survey::describe_dataset,
            survey::cronbach_alpha,
            assist::assist_status,
            assist::prepare_assist,
            assist::similar_passages,
            assist::suggest_codes,
            survey::dataset_links,
            survey::link_dataset,
            survey::unlink_dataset,
            survey::code_variables,
            survey::add_code_variables,
            survey::remove_code_variables,
            survey::pick_cases,
            triangulation::case_display,
            triangulation::list_findings,
            triangulation::add_finding,
            triangulation::update_finding,
            triangulation::delete_finding,
            triangulation::order_findings,
            triangulation::link_to_finding,
            triangulation::published_tables,
            triangulation::joint_display,
            triangulation::statistics_by_theme,
            triangulation::framework_matrix,
            triangulation::save_display,
        ])
        .run(tauri::generate_context!())
        .expect("braid-app: the Tauri runtime failed to start");
}
