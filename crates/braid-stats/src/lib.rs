//! braid-stats: Braid's survey-analysis engine. Values in, values out: no database, no
//! files, no index.
//!
//! ```
//! use braid_stats::{CsvOptions, Dataset, FitOptions, ModerationSpec, Robust, TableOptions};
//! use braid_stats::{fit_ols, probe_moderation, regression_table};
//!
//! let csv = "score,hours,group\n\
//!            12,1,none\n15,2,none\n14,3,none\n19,4,none\n\
//!            11,1,mother\n16,2,mother\n20,3,mother\n26,4,mother\n\
//!            13,1,father\nNA,2,father\n17,3,father\n18,4,father\n";
//! let data = Dataset::from_csv(csv, "demo.csv", &CsvOptions::default()).unwrap();
//!
//! let mut options = FitOptions::default();
//! options.refs.insert("group".into(), "none".into());
//! options.robust = Some(Robust::Hc3);
//! let fit = fit_ols(&data, "score ~ group * hours", &options).unwrap();
//! assert_eq!((fit.n, fit.dropped.rows), (11, 1));
//! let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
//! assert_eq!(terms, ["(Intercept)", "group[father]", "group[mother]", "hours",
//!                    "group[father]:hours", "group[mother]:hours"]);
//!
//! // The same JSON the CLI prints and the app receives.
//! let json = serde_json::to_value(&fit).unwrap();
//! assert_eq!(json["robust"], "HC3");
//!
//! // How the effect of having the mother away depends on hours.
//! let spec = ModerationSpec {
//!     focal: "group".into(),
//!     level: Some("mother".into()),
//!     moderator: "hours".into(),
//!     ..Default::default()
//! };
//! let probe = probe_moderation(&fit, &spec).unwrap();
//! assert!(probe.slopes[2].slope > probe.slopes[0].slope);
//!
//! let table = regression_table(&[&fit], &TableOptions::default()).unwrap();
//! assert!(table.to_markdown().contains("| group\\[mother\\]:hours |"));
//! ```
//!
//! What is here:
//!
//! - [`Dataset`]: typed columns from CSV text, with missing values and value labels.
//! - [`fit_ols`]: R model formulas, treatment contrasts, listwise deletion, OLS by Householder
//!   QR with column pivoting (never the normal equations), rank detection, classical and
//!   HC0–HC3 inference; [`compare_fits`] for the nested-model F test.
//! - [`probe_moderation`] and [`interaction_plot`]: simple slopes, the Johnson–Neyman
//!   interval and an SVG plot of an interaction.
//! - [`describe`] and [`cronbach_alpha`]: a paper's Table 1 and scale reliability.
//! - [`regression_table`]: models side by side as HTML, Markdown, LaTeX or CSV.
//!
//! Every result type is `serde::Serialize` and derives `ts_rs::TS` for the app's bindings.
#![warn(missing_docs)]

mod data;
mod describe;
mod design;
mod dist;
mod error;
mod format;
mod formula;
mod moderation;
mod ols;
mod qr;
mod subset;
mod table;

pub use data::{
    ColumnKind, ColumnSummary, ColumnValues, CsvOptions, Dataset, DatasetSummary, MOSTLY_NUMERIC,
    sniff_delimiter, unclosed_quote,
};
pub use describe::{
    Alpha, DescribeOptions, Descriptives, GroupSize, ItemStats, LevelCell, LevelRow, NumericCell,
    VariableSummary, cronbach_alpha, describe,
};
pub use design::{DroppedTerm, MAX_DESIGN_CELLS, MAX_DESIGN_COLUMNS};
pub use error::{Error, Result};
pub use format::{cell, number, stars};
pub use formula::{
    MAX_FORMULA_CHARS, MAX_FORMULA_COMBINATIONS, MAX_FORMULA_NESTING, MAX_FORMULA_TERMS,
};
pub use moderation::{
    JohnsonNeyman, Moderation, ModerationSpec, PlotOptions, Region, Significance, SimpleSlope,
    interaction_plot, jn_sentence, jn_short, probe_moderation,
};
pub use ols::{
    Coefficient, Dropped, FitOptions, NestedTest, OlsFit, Robust, RowPrediction, compare_fits, fit_ols,
};
pub use subset::{Cmp, Condition};
pub use table::{StarLevel, Table, TableOptions, escape_latex, regression_table};
