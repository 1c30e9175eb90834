//! From a dataset and a formula to an estimation sample and design columns.
//!
//! Listwise deletion, factor levels and reference levels, and R's coding rule: a factor in a
//! term gets treatment contrasts (one column per non-reference level) when the term without
//! that factor is also in the model (the intercept counts as the empty term); otherwise it
//! gets one indicator per level. So `y ~ f` has `f[b]`, `f[c]`, while `y ~ 0 + f` has
//! `f[a]`, `f[b]`, `f[c]`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::data::{Dataset, MISSING, Values, sort_levels};
use crate::formula::Transform;
use crate::formula::{self, Formula, formula_error};
use crate::{Error, Result};

/// A term of the formula that has no coefficient because it cannot vary in the sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DroppedTerm {
    /// The term, as in the formula's term labels: `girl`, `girl:age`.
    pub term: String,
    /// Why it was dropped, e.g. "`girl` has one level (`1`) in the 20 rows of the
    /// estimation sample, so it cannot vary".
    pub reason: String,
}

/// The most columns a design matrix may have. Each level of a factor is a column, so a
/// factor of identifiers or `factor()` of a continuous measure can ask for as many columns
/// as rows; the QR decomposition then takes time that grows with the square of the columns.
/// Real models have tens of columns.
pub const MAX_DESIGN_COLUMNS: usize = 1_000;

/// The most cells (rows × columns) a design matrix may have: 50 million numbers, 400 MB.
/// The matrix is the largest allocation of a fit, and a robust fit copies it once more.
pub const MAX_DESIGN_CELLS: usize = 50_000_000;

/// A variable of the model, resolved against the data and the estimation sample.
#[derive(Debug, Clone)]
pub(crate) struct Variable {
    /// The column it reads.
    pub column: String,
    /// Its name in term labels: the column, or `factor(column)`, `center(column)`,
    /// `scale(column)`.
    pub display: String,
    pub kind: VarKind,
    /// For `center()` and `scale()`: the model sees `(x - shift) / divisor`, with the mean
    /// (and SD) taken over the estimation sample. `kind`'s statistics are on that scale.
    pub affine: Option<(f64, f64)>,
}

impl Variable {
    /// A value of the variable on the model's scale, from one on the column's own.
    pub fn to_model(&self, x: f64) -> f64 {
        self.affine.map_or(x, |(shift, div)| (x - shift) / div)
    }

    /// A value on the column's own scale, from one on the model's.
    pub fn to_column(&self, x: f64) -> f64 {
        self.affine.map_or(x, |(shift, div)| x * div + shift)
    }
}

#[derive(Debug, Clone)]
pub(crate) enum VarKind {
    /// Statistics over the estimation sample; the values stay in the dataset.
    Numeric {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    },
    Factor {
        /// Levels present in the estimation sample, in sorted order.
        levels: Vec<String>,
        /// Index of the reference level in `levels`.
        reference: usize,
        /// Level index per sample row.
        codes: Vec<u32>,
        labels: BTreeMap<String, String>,
    },
}

/// How one variable enters a design column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Part {
    /// The variable's value.
    Value(usize),
    /// The indicator of one level of a factor.
    Level(usize, usize),
}

/// A column of the design matrix: the product of its parts (empty for the intercept).
#[derive(Debug, Clone)]
pub(crate) struct DesignColumn {
    pub name: String,
    pub parts: Vec<Part>,
}

/// The value a variable takes in a prediction profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Setting {
    Value(f64),
    Level(usize),
}

/// The estimation sample and the design.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub response: String,
    pub y: Vec<f64>,
    /// Variables of the right-hand side; `Part` indices point here.
    pub vars: Vec<Variable>,
    pub columns: Vec<DesignColumn>,
    pub intercept: bool,
    /// Indices of the dataset rows in the sample.
    pub rows: Vec<usize>,
    pub dropped_rows: usize,
    /// Missing cells per variable among all rows, for variables with any.
    pub dropped_by: BTreeMap<String, usize>,
    /// Terms of the formula with no design column, and why.
    pub dropped_terms: Vec<DroppedTerm>,
}

impl Frame {
    pub fn build(
        data: &Dataset,
        formula_text: &str,
        refs: &BTreeMap<String, String>,
        complete_on: &[String],
    ) -> Result<Frame> {
        let f = formula::parse(formula_text)?;
        let ferr = |message: String| formula_error(formula_text, message);
        let unknown = |col: &str| {
            ferr(format!(
                "no column `{col}` in {}; the columns are {}",
                data.name(),
                data.column_names().join(", ")
            ))
        };
        let response = data.find(&f.response).ok_or_else(|| unknown(&f.response))?;
        if !matches!(response.values, Values::Numeric(_)) {
            return Err(ferr(format!(
                "the response `{}` is categorical; linear regression needs a numeric outcome",
                f.response
            )));
        }
        for v in &f.vars[1..] {
            data.find(&v.column).ok_or_else(|| unknown(&v.column))?;
        }

        // Listwise deletion over every column the model reads, plus `complete_on`.
        let mut listwise: Vec<&str> = Vec::new();
        for name in f
            .vars
            .iter()
            .map(|v| v.column.as_str())
            .chain(complete_on.iter().map(String::as_str))
        {
            if !listwise.contains(&name) {
                listwise.push(name);
            }
        }
        let cols: Vec<_> = listwise
            .iter()
            .map(|c| data.column(c))
            .collect::<Result<_>>()?;
        let mut dropped_by = BTreeMap::new();
        let mut keep = vec![true; data.n_rows()];
        for (name, col) in listwise.iter().zip(&cols) {
            let mut count = 0;
            let mut mark = |k: &mut bool, missing: bool| {
                if missing {
                    count += 1;
                    *k = false;
                }
            };
            match &col.values {
                Values::Numeric(x) => keep
                    .iter_mut()
                    .zip(x)
                    .for_each(|(k, v)| mark(k, v.is_nan())),
                Values::Categorical { codes, .. } => keep
                    .iter_mut()
                    .zip(codes)
                    .for_each(|(k, &c)| mark(k, c == MISSING)),
            }
            if count > 0 {
                dropped_by.insert((*name).to_string(), count);
            }
        }
        let rows: Vec<usize> = (0..data.n_rows()).filter(|&r| keep[r]).collect();
        let dropped_rows = data.n_rows() - rows.len();
        if rows.is_empty() {
            return Err(Error::invalid(format!(
                "`{formula_text}`: no row of {} is complete on {}; all {dropped_rows} rows have a missing value",
                data.name(),
                listwise.join(", ")
            )));
        }

        let Values::Numeric(yall) = &response.values else {
            unreachable!("checked above")
        };
        let y: Vec<f64> = rows.iter().map(|&r| yall[r]).collect();

        let mut vars = Vec::with_capacity(f.vars.len() - 1);
        for v in &f.vars[1..] {
            let col = data.column(&v.column)?;
            let display = match (&col.values, v.factor, v.transform.name()) {
                (Values::Numeric(_), true, _) => format!("factor({})", v.column),
                (_, _, Some(t)) => format!("{t}({})", v.column),
                _ => v.column.clone(),
            };
            let mut affine = None;
            let kind = match &col.values {
                Values::Numeric(x) if !v.factor && v.transform != Transform::None => {
                    let VarKind::Numeric { mean, sd, min, max } = numeric(&rows, x) else {
                        unreachable!("numeric() gives a numeric kind")
                    };
                    let div = if v.transform == Transform::Scale {
                        sd
                    } else {
                        1.0
                    };
                    if !(div.is_finite() && div > 0.0) {
                        return Err(Error::invalid(format!(
                            "`{formula_text}`: scale({}) divides by its standard deviation, and `{}` does not vary over the rows the model uses",
                            v.column, v.column
                        )));
                    }
                    affine = Some((mean, div));
                    VarKind::Numeric {
                        mean: 0.0,
                        sd: sd / div,
                        min: (min - mean) / div,
                        max: (max - mean) / div,
                    }
                }
                Values::Numeric(x) if !v.factor => numeric(&rows, x),
                Values::Categorical { .. } if v.transform != Transform::None => {
                    return Err(Error::invalid(format!(
                        "`{formula_text}`: {display} needs a numeric column, and `{}` is categorical",
                        v.column
                    )));
                }
                Values::Numeric(x) => {
                    // factor(x) on numbers: levels are the distinct values, written as Rust
                    // prints them (5, 0.5), sorted numerically.
                    let mut distinct: Vec<f64> = rows.iter().map(|&r| x[r]).collect();
                    distinct.sort_by(f64::total_cmp);
                    distinct.dedup();
                    let codes = rows
                        .iter()
                        .map(|&r| {
                            code_of(
                                distinct
                                    .binary_search_by(|d| d.total_cmp(&x[r]))
                                    .expect("present"),
                            )
                        })
                        .collect();
                    let levels = distinct.iter().map(|d| format!("{d}")).collect();
                    factor(
                        &v.column,
                        &display,
                        levels,
                        codes,
                        refs,
                        col.labels.clone(),
                        formula_text,
                    )?
                }
                Values::Categorical { levels, codes } => {
                    // Only the levels present in the sample, as R's model.frame does.
                    let mut used = vec![false; levels.len()];
                    for &r in &rows {
                        used[codes[r] as usize] = true;
                    }
                    let mut remap = vec![MISSING; levels.len()];
                    let mut present = Vec::new();
                    for (i, l) in levels.iter().enumerate() {
                        if used[i] {
                            remap[i] = code_of(present.len());
                            present.push(l.clone());
                        }
                    }
                    debug_assert_eq!(
                        sort_levels(&present),
                        (0..present.len()).collect::<Vec<_>>()
                    );
                    let sample = rows.iter().map(|&r| remap[codes[r] as usize]).collect();
                    factor(
                        &v.column,
                        &display,
                        present,
                        sample,
                        refs,
                        col.labels.clone(),
                        formula_text,
                    )?
                }
            };
            vars.push(Variable {
                column: v.column.clone(),
                display,
                kind,
                affine,
            });
        }

        let (columns, dropped_terms) = design_columns(&f, &vars, rows.len(), formula_text)?;
        Ok(Frame {
            response: f.response,
            y,
            vars,
            columns,
            intercept: f.intercept,
            rows,
            dropped_rows,
            dropped_by,
            dropped_terms,
        })
    }

    /// The design matrix over the sample, column-major. `data` must be the dataset the
    /// frame was built from.
    pub fn matrix(&self, data: &Dataset) -> Result<Vec<f64>> {
        let n = self.rows.len();
        let mut x = vec![1.0; n * self.columns.len()];
        for (j, col) in self.columns.iter().enumerate() {
            let out = &mut x[j * n..(j + 1) * n];
            for part in &col.parts {
                let var = &self.vars[part_var(*part)];
                match (*part, &var.kind) {
                    (Part::Value(_), VarKind::Numeric { .. }) => {
                        let Values::Numeric(values) = &data.column(&var.column)?.values else {
                            unreachable!("a numeric variable reads a numeric column")
                        };
                        for (o, &r) in out.iter_mut().zip(&self.rows) {
                            *o *= var.to_model(values[r]);
                        }
                    }
                    (Part::Level(_, level), VarKind::Factor { codes, .. }) => {
                        for (o, &c) in out.iter_mut().zip(codes) {
                            if c as usize != level {
                                *o = 0.0;
                            }
                        }
                    }
                    _ => unreachable!("parts match their variable's kind"),
                }
            }
        }
        Ok(x)
    }

    /// One design row for a profile of variable settings.
    pub fn row(&self, settings: &[Setting]) -> Vec<f64> {
        self.columns
            .iter()
            .map(|col| {
                col.parts
                    .iter()
                    .fold(1.0, |acc, part| match (*part, settings[part_var(*part)]) {
                        (Part::Value(_), Setting::Value(v)) => acc * v,
                        (Part::Level(_, l), Setting::Level(s)) => {
                            acc * if l == s { 1.0 } else { 0.0 }
                        }
                        _ => unreachable!("settings match their variable's kind"),
                    })
            })
            .collect()
    }

    /// The default profile: numeric variables at their sample means, factors at reference.
    pub fn typical(&self) -> Vec<Setting> {
        self.vars
            .iter()
            .map(|v| match &v.kind {
                VarKind::Numeric { mean, .. } => Setting::Value(*mean),
                VarKind::Factor { reference, .. } => Setting::Level(*reference),
            })
            .collect()
    }

    /// The variable a user names: by column (`grade`) or display name (`factor(grade)`).
    pub fn var(&self, name: &str) -> Option<usize> {
        self.vars
            .iter()
            .position(|v| v.display == name)
            .or_else(|| self.vars.iter().position(|v| v.column == name))
    }
}

fn part_var(p: Part) -> usize {
    match p {
        Part::Value(v) | Part::Level(v, _) => v,
    }
}

fn code_of(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 levels")
}

fn numeric(rows: &[usize], x: &[f64]) -> VarKind {
    // Gather once, then reduce with eight independent accumulators: a single running sum
    // would be bound by the latency of floating-point addition.
    let v: Vec<f64> = rows.iter().map(|&r| x[r]).collect();
    let n = v.len() as f64;
    let mean = sum8(&v, |a| a) / n;
    let sd = (sum8(&v, |a| (a - mean) * (a - mean)) / (n - 1.0)).sqrt();
    let (mut lo, mut hi) = ([f64::INFINITY; 8], [f64::NEG_INFINITY; 8]);
    let chunks = v.chunks_exact(8);
    for &a in chunks.remainder() {
        lo[0] = lo[0].min(a);
        hi[0] = hi[0].max(a);
    }
    for c in chunks {
        for k in 0..8 {
            lo[k] = if c[k] < lo[k] { c[k] } else { lo[k] };
            hi[k] = if c[k] > hi[k] { c[k] } else { hi[k] };
        }
    }
    let min = lo.iter().copied().fold(f64::INFINITY, f64::min);
    let max = hi.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    VarKind::Numeric { mean, sd, min, max }
}

/// `Σ f(v[i])` with eight partial sums.
fn sum8(v: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0; 8];
    let chunks = v.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().map(|&a| f(a)).sum();
    for c in chunks {
        for k in 0..8 {
            acc[k] += f(c[k]);
        }
    }
    tail + ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

fn factor(
    column: &str,
    display: &str,
    levels: Vec<String>,
    codes: Vec<u32>,
    refs: &BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
    formula_text: &str,
) -> Result<VarKind> {
    let reference = match refs.get(column).or_else(|| refs.get(display)) {
        None => 0,
        Some(r) => levels.iter().position(|l| l == r).ok_or_else(|| {
            formula_error(
                formula_text,
                format!(
                    "the reference level `{r}` of `{display}` does not occur in the estimation sample; its levels are {}",
                    levels.join(", ")
                ),
            )
        })?,
    };
    Ok(VarKind::Factor {
        levels,
        reference,
        codes,
        labels,
    })
}

/// The design columns of a formula, in R's order: the intercept, then each term's columns
/// with the first variable's levels varying fastest. A term with no column (a factor with
/// one level, coded by contrasts) is returned as dropped, with the reason. The number of
/// columns is counted before any is built, and refused past [`MAX_DESIGN_COLUMNS`] or
/// [`MAX_DESIGN_CELLS`].
fn design_columns(
    f: &Formula,
    vars: &[Variable],
    n: usize,
    formula_text: &str,
) -> Result<(Vec<DesignColumn>, Vec<DroppedTerm>)> {
    // Formula variable indices are 1-based relative to `vars` (0 is the response).
    let present = |t: &[usize]| {
        if t.is_empty() {
            f.intercept
        } else {
            f.terms.iter().any(|x| x == t)
        }
    };
    let label = |term: &[usize]| {
        term.iter()
            .map(|&fv| vars[fv - 1].display.as_str())
            .collect::<Vec<_>>()
            .join(":")
    };
    // For each term and each of its variables, the (part, label) choices it contributes.
    let mut plans: Vec<Vec<Vec<(Part, String)>>> = Vec::with_capacity(f.terms.len());
    let mut dropped = Vec::new();
    let mut total = usize::from(f.intercept);
    let mut widest: Option<(usize, String)> = None;
    for term in &f.terms {
        let mut choices: Vec<Vec<(Part, String)>> = Vec::new();
        for &fv in term {
            let vi = fv - 1;
            let v = &vars[vi];
            match &v.kind {
                VarKind::Numeric { .. } => choices.push(vec![(Part::Value(vi), v.display.clone())]),
                VarKind::Factor {
                    levels, reference, ..
                } => {
                    let without: Vec<usize> = term.iter().copied().filter(|&x| x != fv).collect();
                    let contrasts = present(&without);
                    choices.push(
                        levels
                            .iter()
                            .enumerate()
                            .filter(|&(l, _)| !(contrasts && l == *reference))
                            .map(|(l, name)| (Part::Level(vi, l), format!("{}[{name}]", v.display)))
                            .collect(),
                    );
                }
            }
        }
        let count = choices
            .iter()
            .fold(1usize, |acc, c| acc.saturating_mul(c.len()));
        if count == 0 {
            // Only a factor left with its reference level alone has no column to give.
            let reason = term
                .iter()
                .zip(&choices)
                .find(|(_, c)| c.is_empty())
                .and_then(|(&fv, _)| match &vars[fv - 1].kind {
                    VarKind::Factor { levels, .. } => Some(format!(
                        "`{}` has one level (`{}`) in the {n} rows of the estimation sample, so it cannot vary",
                        vars[fv - 1].display,
                        levels.first().map_or("", String::as_str)
                    )),
                    VarKind::Numeric { .. } => None,
                })
                .unwrap_or_else(|| "it has no column to estimate".to_string());
            dropped.push(DroppedTerm {
                term: label(term),
                reason,
            });
        }
        if widest.as_ref().is_none_or(|(w, _)| count > *w) {
            widest = Some((count, label(term)));
        }
        total = total.saturating_add(count);
        plans.push(choices);
    }
    let widest = |what: String| match &widest {
        Some((w, term)) if *w > 1 => format!("{what}; the term `{term}` alone has {w}"),
        _ => what,
    };
    if total > MAX_DESIGN_COLUMNS {
        return Err(formula_error(
            formula_text,
            widest(format!(
                "the model needs {total} columns, more than {MAX_DESIGN_COLUMNS} (the limit), one per level of each factor"
            )) + "; use a factor with fewer levels, or leave out the term",
        ));
    }
    if total.saturating_mul(n) > MAX_DESIGN_CELLS {
        return Err(formula_error(
            formula_text,
            widest(format!(
                "the model's {total} columns over {n} rows make {} cells, more than {MAX_DESIGN_CELLS} (the limit)",
                total.saturating_mul(n)
            )) + "; use fewer rows, fewer terms or factors with fewer levels",
        ));
    }

    let mut out = Vec::with_capacity(total);
    if f.intercept {
        out.push(DesignColumn {
            name: "(Intercept)".into(),
            parts: Vec::new(),
        });
    }
    for choices in plans {
        // Cartesian product, first variable fastest.
        let mut combos: Vec<Vec<(Part, String)>> = vec![Vec::new()];
        for choice in &choices {
            let mut next = Vec::with_capacity(combos.len() * choice.len());
            for c in choice {
                for prefix in &combos {
                    let mut v = prefix.clone();
                    v.push(c.clone());
                    next.push(v);
                }
            }
            combos = next;
        }
        for combo in combos {
            let name = combo
                .iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
                .join(":");
            out.push(DesignColumn {
                name,
                parts: combo.into_iter().map(|(p, _)| p).collect(),
            });
        }
    }
    Ok((out, dropped))
}
