//! The one error type of braid-core, and its stable code for the shells.

use serde::Serialize;
use ts_rs::TS;

/// A specialised `Result` for braid-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input file a problem was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The column or key, when known.
    pub field: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: file.into(), line: None, field: None }
    }
    /// The same location at a line.
    pub fn line(mut self, line: usize) -> Location {
        self.line = Some(line);
        self
    }
    /// The same location at a field.
    pub fn field(mut self, field: impl Into<String>) -> Location {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in braid-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file the user gave us is malformed. Nothing was written.
    #[error("{at}: {message}")]
    BadInput {
        /// Where the problem is.
        at: Location,
        /// What is wrong and what to do.
        message: String,
    },
    /// A request (flag, query, filter) is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The action would destroy work (e.g. codings) and needs the user's yes first; nothing
    /// was done. The message says what would go.
    #[error("{0}")]
    NeedsConfirmation(String),
    /// Something the user named does not exist.
    #[error("no {what} `{name}` in this project")]
    NotFound {
        /// The kind of thing: document, informant, ...
        what: &'static str,
        /// The name the user gave.
        name: String,
    },
    /// Another process holds the project or its index.
    #[error("{0}")]
    Busy(String),
    /// The assist's model is not installed; the message says, in one line, how to install it.
    #[error("{0}")]
    NoModel(String),
    /// The project file is not one Braid can open.
    #[error("{path}: {message}")]
    Project {
        /// The project file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An I/O failure on a named file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The SQLite store failed.
    #[error("project store: {0}")]
    Store(#[from] rusqlite::Error),
    /// The search index failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The search index in a named folder failed; the message says what to do.
    #[error("{path}: search index: {message}")]
    IndexAt {
        /// The index folder.
        path: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// A store or index failure on a named project file, with what to do about it.
    #[error("{path}: {source}{hint}")]
    InProject {
        /// The project file.
        path: String,
        /// The failure.
        source: Box<Error>,
        /// What to do, as a clause starting with "; ", or empty.
        hint: &'static str,
    },
}

impl Error {
    /// A bad-input error at a location.
    pub fn bad_input(at: Location, message: impl Into<String>) -> Error {
        Error::BadInput { at, message: message.into() }
    }

    /// An I/O error on a path.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io { path: path.display().to_string(), source }
    }

    /// Name the project file in a store or index failure that does not name it yet, and say what
    /// to do. The shells call this with the project they opened, so that no raw SQLite or
    /// tantivy message reaches the user without a path. Other errors are returned as they are.
    pub fn in_project(self, project: &std::path::Path) -> Error {
        let hint = match &self {
            Error::Store(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    "; another process kept the project busy for longer than Braid waits (5 s): try again, or finish the other program's work first"
                }
                Some(rusqlite::ErrorCode::ReadOnly) => "; the file or its folder is read-only: change its permissions or copy the project somewhere writable",
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => "; the file is damaged: restore it from a backup",
                Some(rusqlite::ErrorCode::DiskFull) => "; the disk is full: free some space and try again",
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied) => {
                    "; check that the file and its folder exist and can be read and written"
                }
                _ => "",
            },
            Error::Index(_) => "; the index is a cache of the project: run `braid reindex`, or delete the project's `.index` folder, to rebuild it",
            _ => return self,
        };
        Error::InProject { path: project.display().to_string(), source: Box::new(self), hint }
    }

    /// The stable code of this error, for the UI and for exit codes.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::BadInput { .. } => ErrorCode::BadInput,
            Error::BadRequest(_) => ErrorCode::BadRequest,
            Error::NeedsConfirmation(_) => ErrorCode::NeedsConfirmation,
            Error::NotFound { .. } | Error::NoModel(_) => ErrorCode::NotFound,
            Error::Busy(_) => ErrorCode::Busy,
            Error::Project { .. } => ErrorCode::Project,
            Error::Io { .. } => ErrorCode::Io,
            Error::Store(e) if is_busy(e) => ErrorCode::Busy,
            Error::Store(_) => ErrorCode::Store,
            Error::Index(tantivy::TantivyError::LockFailure(..)) => ErrorCode::Busy,
            Error::Index(_) | Error::IndexAt { .. } => ErrorCode::Index,
            Error::InProject { source, .. } => source.code(),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// A stable, machine-readable error class. The UI matches on this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A malformed input file.
    BadInput,
    /// A malformed request: flag, query or filter.
    BadRequest,
    /// The action would destroy work and waits for the user's yes: ask, then repeat it confirmed.
    NeedsConfirmation,
    /// A named thing does not exist.
    NotFound,
    /// Another process holds the project.
    Busy,
    /// The project file cannot be opened.
    Project,
    /// A file could not be read or written.
    Io,
    /// The SQLite store failed.
    Store,
    /// The search index failed.
    Index,
}

/// An error as it crosses IPC or `--json`: a stable code and a human message.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ApiError {
    /// The stable class.
    pub code: ErrorCode,
    /// The message, naming file, line and field where relevant.
    pub message: String,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError { code: e.code(), message: e.to_string() }
    }
}
