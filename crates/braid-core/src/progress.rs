//! Progress reporting for long work, so that the CLI can draw a bar and the app can emit events.

/// Receives progress of long work. Implementations must be cheap to call.
pub trait Progress: Sync {
    /// A new phase begins, with `total` steps (0 when unknown).
    fn start(&self, label: &str, total: u64);
    /// `n` more steps are done.
    fn advance(&self, n: u64);
    /// The phase is over.
    fn finish(&self);
}

/// Progress that goes nowhere.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _label: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// The payload of the app's `progress` event: the phase of long work and how far it has come.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ProgressEvent {
    /// What is being done, e.g. `indexing`.
    pub label: String,
    /// Steps done.
    #[ts(type = "number")]
    pub done: u64,
    /// Steps in all (0 when unknown).
    #[ts(type = "number")]
    pub total: u64,
    /// Whether the phase is over.
    pub finished: bool,
}
