//! The one error type of braid-stats.

/// A specialised `Result` for braid-stats.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in braid-stats.
///
/// Messages name the file, line and column where that is known, and say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A CSV file is malformed: no header, a duplicate header, a ragged row, or text in a
    /// column declared numeric.
    #[error("{file}:{line}: {message}")]
    Csv {
        /// The file, as the caller named it.
        file: String,
        /// 1-based line of the offending row (the header is line 1).
        line: u64,
        /// The column, when one is at fault.
        column: Option<String>,
        /// The offending cell, when one is at fault.
        value: Option<String>,
        /// What is wrong and what to do.
        message: String,
    },
    /// A model formula could not be parsed, or names something the dataset lacks.
    #[error("formula `{formula}`: {message}")]
    Formula {
        /// The formula as given.
        formula: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A request names a column the dataset does not have.
    #[error("{dataset}: no column `{column}`; the columns are {available}")]
    UnknownColumn {
        /// The dataset (usually its file name).
        dataset: String,
        /// The column asked for.
        column: String,
        /// The dataset's columns, comma-separated.
        available: String,
    },
    /// A request does not fit the data or the fitted model: an unknown factor level, a
    /// categorical outcome, two models fitted on different rows, too few complete rows.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid(message.into())
    }
}
