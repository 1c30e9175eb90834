//! Descriptive statistics by group (a paper's "Table 1") and Cronbach's alpha.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::data::{Column, Dataset, MISSING, Values, sort_levels};
use crate::table::{Table, fixed};
use crate::{Error, Result};

/// Options of [`describe`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DescribeOptions {
    /// The grouping column; `None` describes the whole sample only.
    pub group: Option<String>,
    /// Group levels in display order; empty means sorted order.
    pub group_order: Vec<String>,
    /// Variables to describe. Numeric columns get mean (SD); categorical ones, and numeric
    /// ones written `factor(x)`, get the percentage of each level.
    pub variables: Vec<String>,
    /// Rows must also be complete on these columns, e.g. every model variable, so that the
    /// table describes a model's analytic sample.
    pub complete_on: Vec<String>,
    /// Display labels for variables.
    pub labels: BTreeMap<String, String>,
    /// Conditions a row must meet to be described (a model's subset), e.g.
    /// `sample=questionnaire`; rows that fail them are not counted as dropped.
    pub subset: Vec<crate::Condition>,
}

/// Descriptive statistics by group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Descriptives {
    /// The grouping column, if any.
    pub group: Option<String>,
    /// The groups, in display order, with their sizes.
    pub groups: Vec<GroupSize>,
    /// Rows described (all groups together).
    pub n: usize,
    /// Rows left out: missing the group or a `complete_on` column.
    pub dropped: usize,
    /// One entry per variable, in the order asked for.
    pub variables: Vec<VariableSummary>,
}

/// A group and its size.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupSize {
    /// The level of the grouping column.
    pub level: String,
    /// Its value label, or the level itself.
    pub label: String,
    /// Rows in the group.
    pub n: usize,
}

/// Mean and standard deviation of a numeric variable in one group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NumericCell {
    /// Non-missing values.
    pub n: usize,
    /// Mean (`null` when `n` is 0).
    pub mean: f64,
    /// Standard deviation with `n - 1` in the denominator.
    pub sd: f64,
}

/// The share of one level in one group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LevelCell {
    /// Rows at this level.
    pub count: usize,
    /// Percentage of the group's non-missing values.
    pub percent: f64,
}

/// One level of a categorical variable across the groups.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LevelRow {
    /// The level.
    pub level: String,
    /// Its value label, or the level itself.
    pub label: String,
    /// One cell per group.
    pub groups: Vec<LevelCell>,
    /// All groups together.
    pub total: LevelCell,
}

/// The summary of one variable.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum VariableSummary {
    /// Mean (SD) per group.
    Numeric {
        /// The variable as asked for.
        variable: String,
        /// Its display label.
        label: String,
        /// One cell per group.
        groups: Vec<NumericCell>,
        /// All groups together.
        total: NumericCell,
    },
    /// Percentage of each level per group.
    Categorical {
        /// The variable as asked for.
        variable: String,
        /// Its display label.
        label: String,
        /// The levels in sorted order.
        levels: Vec<LevelRow>,
    },
}

/// Describes variables by group, like a paper's Table 1.
pub fn describe(data: &Dataset, options: &DescribeOptions) -> Result<Descriptives> {
    let data = &*data.subset(&options.subset)?;
    let n_rows = data.n_rows();
    let mut keep = vec![true; n_rows];
    for name in &options.complete_on {
        let col = data.column(name)?;
        for (r, k) in keep.iter_mut().enumerate() {
            *k &= !col.is_missing(r);
        }
    }
    // Group index per row (None = left out).
    let (group_levels, group_of): (Vec<(String, String)>, Vec<Option<usize>>) = match &options.group
    {
        None => (
            vec![("all".into(), "All".into())],
            keep.iter().map(|&k| k.then_some(0)).collect(),
        ),
        Some(g) => {
            let col = data.column(g)?;
            let (levels, codes) = level_codes(col);
            let order: Vec<usize> = if options.group_order.is_empty() {
                (0..levels.len()).collect()
            } else {
                let mut order = Vec::new();
                for l in &options.group_order {
                    let i = levels.iter().position(|x| x == l).ok_or_else(|| {
                        Error::invalid(format!(
                            "`{l}` is not a level of `{g}`; its levels are {}",
                            levels.join(", ")
                        ))
                    })?;
                    order.push(i);
                }
                let rest: Vec<usize> = (0..levels.len()).filter(|i| !order.contains(i)).collect();
                order.extend(rest);
                order
            };
            let mut position = vec![usize::MAX; levels.len()];
            for (p, &i) in order.iter().enumerate() {
                position[i] = p;
            }
            let named = order
                .iter()
                .map(|&i| (levels[i].clone(), label_of(col, &levels[i])))
                .collect();
            let of = (0..n_rows)
                .map(|r| (keep[r] && codes[r] != MISSING).then(|| position[codes[r] as usize]))
                .collect();
            (named, of)
        }
    };
    let k = group_levels.len();
    let mut sizes = vec![0usize; k];
    for g in group_of.iter().flatten() {
        sizes[*g] += 1;
    }
    let n: usize = sizes.iter().sum();

    let mut variables = Vec::new();
    for spec in &options.variables {
        let (name, as_factor) = match spec
            .strip_prefix("factor(")
            .and_then(|s| s.strip_suffix(')'))
        {
            Some(inner) => (inner.trim(), true),
            None => (spec.as_str(), false),
        };
        let col = data.column(name)?;
        let label = options
            .labels
            .get(spec)
            .or_else(|| options.labels.get(name))
            .cloned()
            .unwrap_or_else(|| spec.clone());
        match (&col.values, as_factor) {
            (Values::Numeric(x), false) => {
                let mut per: Vec<Vec<f64>> = vec![Vec::new(); k];
                for (r, g) in group_of.iter().enumerate() {
                    match g {
                        Some(g) if !x[r].is_nan() => per[*g].push(x[r]),
                        _ => {}
                    }
                }
                let all: Vec<f64> = per.iter().flatten().copied().collect();
                variables.push(VariableSummary::Numeric {
                    variable: spec.clone(),
                    label,
                    groups: per.iter().map(|v| mean_sd(v)).collect(),
                    total: mean_sd(&all),
                });
            }
            _ => {
                let (levels, codes) = level_codes(col);
                let mut counts = vec![vec![0usize; levels.len()]; k];
                for (r, g) in group_of.iter().enumerate() {
                    match g {
                        Some(g) if codes[r] != MISSING => counts[*g][codes[r] as usize] += 1,
                        _ => {}
                    }
                }
                let group_totals: Vec<usize> = counts.iter().map(|c| c.iter().sum()).collect();
                let grand: usize = group_totals.iter().sum();
                let cell = |count: usize, of: usize| LevelCell {
                    count,
                    percent: if of == 0 {
                        f64::NAN
                    } else {
                        100.0 * count as f64 / of as f64
                    },
                };
                let rows = levels
                    .iter()
                    .enumerate()
                    .map(|(l, level)| LevelRow {
                        level: level.clone(),
                        label: label_of(col, level),
                        groups: (0..k)
                            .map(|g| cell(counts[g][l], group_totals[g]))
                            .collect(),
                        total: cell((0..k).map(|g| counts[g][l]).sum(), grand),
                    })
                    .collect();
                variables.push(VariableSummary::Categorical {
                    variable: spec.clone(),
                    label,
                    levels: rows,
                });
            }
        }
    }
    Ok(Descriptives {
        group: options.group.clone(),
        groups: group_levels
            .into_iter()
            .zip(&sizes)
            .map(|((level, label), &n)| GroupSize { level, label, n })
            .collect(),
        n,
        dropped: n_rows - n,
        variables,
    })
}

fn label_of(col: &Column, level: &str) -> String {
    col.labels
        .get(level)
        .cloned()
        .unwrap_or_else(|| level.to_string())
}

/// Levels (sorted) and a code per row, for a categorical column or a numeric one read as
/// categories.
fn level_codes(col: &Column) -> (Vec<String>, Vec<u32>) {
    match &col.values {
        Values::Categorical { levels, codes } => (levels.clone(), codes.clone()),
        Values::Numeric(x) => {
            let mut distinct: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            let names: Vec<String> = distinct.iter().map(|d| format!("{d}")).collect();
            debug_assert_eq!(sort_levels(&names), (0..names.len()).collect::<Vec<_>>());
            let codes = x
                .iter()
                .map(|v| {
                    if v.is_nan() {
                        MISSING
                    } else {
                        let i = distinct
                            .binary_search_by(|d| d.total_cmp(v))
                            .expect("present");
                        u32::try_from(i).expect("fewer than 2^32 levels")
                    }
                })
                .collect();
            (names, codes)
        }
    }
}

fn mean_sd(v: &[f64]) -> NumericCell {
    let n = v.len();
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt();
    NumericCell { n, mean, sd }
}

impl Descriptives {
    /// The table: one column per group and a total column; numeric variables as
    /// `mean (SD)` with 3 decimals, categorical levels as percentages with 2 decimals.
    pub fn to_table(&self) -> Table {
        let mut header = vec![String::new()];
        header.extend(
            self.groups
                .iter()
                .map(|g| format!("{} (n = {})", g.label, g.n)),
        );
        let grouped = self.group.is_some();
        if grouped {
            header.push(format!("Total (n = {})", self.n));
        }
        let mut body = Vec::new();
        for v in &self.variables {
            match v {
                VariableSummary::Numeric {
                    label,
                    groups,
                    total,
                    ..
                } => {
                    let cell =
                        |c: &NumericCell| format!("{} ({})", fixed(c.mean, 3), fixed(c.sd, 3));
                    let mut row = vec![label.clone()];
                    row.extend(groups.iter().map(cell));
                    if grouped {
                        row.push(cell(total));
                    }
                    body.push(row);
                }
                VariableSummary::Categorical { label, levels, .. } => {
                    let mut row = vec![label.clone()];
                    row.resize(header.len(), String::new());
                    body.push(row);
                    for l in levels {
                        let cell = |c: &LevelCell| format!("{}%", fixed(c.percent, 2));
                        let mut row = vec![format!("  {}", l.label)];
                        row.extend(l.groups.iter().map(cell));
                        if grouped {
                            row.push(cell(&l.total));
                        }
                        body.push(row);
                    }
                }
            }
        }
        Table {
            title: None,
            header,
            body,
            footer: Vec::new(),
            notes: vec![
                "Mean (SD) for numeric variables; percentages for categorical ones.".into(),
            ],
        }
    }
}

/// Cronbach's alpha of a scale, with item statistics.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Alpha {
    /// The items, as given.
    pub items: Vec<String>,
    /// Rows complete on every item (listwise deletion).
    pub n: usize,
    /// Cronbach's alpha: `k/(k-1) · (1 - Σ var(item) / var(total))`.
    pub alpha: f64,
    /// One entry per item.
    pub item_stats: Vec<ItemStats>,
}

/// Statistics of one item of a scale.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemStats {
    /// The item.
    pub item: String,
    /// Mean.
    pub mean: f64,
    /// Standard deviation (`n - 1`).
    pub sd: f64,
    /// Corrected item-total correlation: with the sum of the other items.
    pub item_total: f64,
    /// Alpha of the scale without this item (`null` for a two-item scale).
    pub alpha_if_deleted: Option<f64>,
}

/// Cronbach's alpha of `items` (numeric columns), over the rows complete on all of them.
pub fn cronbach_alpha(data: &Dataset, items: &[String]) -> Result<Alpha> {
    if items.len() < 2 {
        return Err(Error::invalid("Cronbach's alpha needs at least two items"));
    }
    let mut cols = Vec::with_capacity(items.len());
    for name in items {
        match &data.column(name)?.values {
            Values::Numeric(x) => cols.push(x),
            Values::Categorical { .. } => {
                return Err(Error::invalid(format!(
                    "the item `{name}` is categorical; alpha needs numeric items"
                )));
            }
        }
    }
    let rows: Vec<usize> = (0..data.n_rows())
        .filter(|&r| cols.iter().all(|c| !c[r].is_nan()))
        .collect();
    let n = rows.len();
    if n < 2 {
        return Err(Error::invalid(format!(
            "Cronbach's alpha needs at least two complete rows; {n} found"
        )));
    }
    let x: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| rows.iter().map(|&r| c[r]).collect())
        .collect();
    // Centred items and the item covariance matrix.
    let means: Vec<f64> = x.iter().map(|v| v.iter().sum::<f64>() / n as f64).collect();
    let centred: Vec<Vec<f64>> = x
        .iter()
        .zip(&means)
        .map(|(v, m)| v.iter().map(|a| a - m).collect())
        .collect();
    let k = items.len();
    let mut cov = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let c = centred[i]
                .iter()
                .zip(&centred[j])
                .map(|(a, b)| a * b)
                .sum::<f64>()
                / (n as f64 - 1.0);
            cov[i][j] = c;
            cov[j][i] = c;
        }
    }
    let alpha_of = |subset: &[usize]| {
        let m = subset.len() as f64;
        let item_var: f64 = subset.iter().map(|&i| cov[i][i]).sum();
        let total_var: f64 = subset
            .iter()
            .flat_map(|&i| subset.iter().map(move |&j| (i, j)))
            .map(|(i, j)| cov[i][j])
            .sum();
        m / (m - 1.0) * (1.0 - item_var / total_var)
    };
    let all: Vec<usize> = (0..k).collect();
    let item_stats = (0..k)
        .map(|i| {
            let rest: Vec<usize> = (0..k).filter(|&j| j != i).collect();
            // cov(item, rest) / sqrt(var(item) var(rest)).
            let c: f64 = rest.iter().map(|&j| cov[i][j]).sum();
            let var_rest: f64 = rest
                .iter()
                .flat_map(|&a| rest.iter().map(move |&b| (a, b)))
                .map(|(a, b)| cov[a][b])
                .sum();
            ItemStats {
                item: items[i].clone(),
                mean: means[i],
                sd: cov[i][i].sqrt(),
                item_total: c / (cov[i][i] * var_rest).sqrt(),
                alpha_if_deleted: (rest.len() >= 2).then(|| alpha_of(&rest)),
            }
        })
        .collect();
    Ok(Alpha {
        items: items.to_vec(),
        n,
        alpha: alpha_of(&all),
        item_stats,
    })
}
