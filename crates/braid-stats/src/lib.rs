//! braid-stats: Braid's survey-analysis engine.
#![warn(missing_docs)]

mod data;
mod describe;
mod design;
mod dist;
mod error;
mod formula;
mod moderation;
mod ols;
mod qr;
mod table;

pub use data::{ColumnKind, ColumnSummary, ColumnValues, CsvOptions, Dataset, DatasetSummary};
pub use describe::{
    Alpha, DescribeOptions, Descriptives, GroupSize, ItemStats, LevelCell, LevelRow, NumericCell, VariableSummary,
    cronbach_alpha, describe,
};
pub use error::{Error, Result};
pub use moderation::{
    JohnsonNeyman, Moderation, ModerationSpec, PlotOptions, Region, Significance, SimpleSlope, interaction_plot,
    probe_moderation,
};
pub use ols::{Coefficient, Dropped, FitOptions, NestedTest, OlsFit, Robust, compare_fits, fit_ols};
pub use table::{StarLevel, Table, TableOptions, regression_table};
