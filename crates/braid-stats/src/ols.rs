//! Ordinary least squares by pivoted Householder QR, with classical and HC0–HC3 inference,
//! and the nested-model F test.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::data::Dataset;
use crate::design::{DesignColumn, DroppedTerm, Frame, VarKind, Variable};
use crate::dist::{f_sf, t_p, t_quantile};
use crate::qr::{Qr, dot, sum_sq};
use crate::{Error, Result};

/// R's `lm` tolerance for rank detection: a column whose norm, after the columns before it
/// are projected out, is below this fraction of its own norm is aliased.
const RANK_TOL: f64 = 1e-7;

/// Heteroskedasticity-consistent ("robust") standard errors.
///
/// All four keep the t distribution with the residual degrees of freedom for p-values and
/// confidence intervals, as Stata's `vce(hc3)` and R's `coeftest(m, vcovHC(m, "HC3"))` do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Robust {
    /// White's estimator: squared residuals.
    #[serde(rename = "HC0")]
    #[ts(rename = "HC0")]
    Hc0,
    /// HC0 scaled by `n / (n - k)`.
    #[serde(rename = "HC1")]
    #[ts(rename = "HC1")]
    Hc1,
    /// Squared residuals over `1 - h`, with `h` the leverage.
    #[serde(rename = "HC2")]
    #[ts(rename = "HC2")]
    Hc2,
    /// Squared residuals over `(1 - h)²`; the usual choice for small samples.
    #[serde(rename = "HC3")]
    #[ts(rename = "HC3")]
    Hc3,
}

impl Robust {
    /// The estimator's name as papers and Stata print it, e.g. `HC3`.
    pub fn name(self) -> &'static str {
        match self {
            Robust::Hc0 => "HC0",
            Robust::Hc1 => "HC1",
            Robust::Hc2 => "HC2",
            Robust::Hc3 => "HC3",
        }
    }
}

/// Options of [`fit_ols`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FitOptions {
    /// Reference levels of categorical variables, column → level, e.g. `migration` → `none`.
    /// Without one, the reference is the first level in sorted order. Entries for columns
    /// the formula does not use are ignored, so one map can serve several models.
    pub refs: BTreeMap<String, String>,
    /// Robust standard errors; `None` for the classical ones.
    pub robust: Option<Robust>,
    /// Further columns a row must have to enter the sample. Fit several models with the same
    /// list (e.g. every variable of every model) to estimate them on the same rows, as a
    /// paper's "analytic sample" and the nested-model F test need.
    pub complete_on: Vec<String>,
    /// A column of weights for weighted least squares (survey weights): each row counts in
    /// proportion to its weight. Rows missing it are dropped; a weight must be positive.
    pub weights: Option<String>,
    /// A column whose values group the rows into clusters (e.g. `school` when children were
    /// sampled by school): cluster-robust standard errors with Stata's CR1 small-sample
    /// correction, `G/(G-1) · (n-1)/(n-k)`, and t tests on `G - 1` degrees of freedom.
    pub cluster: Option<String>,
    /// Conditions a row must meet to enter the sample (Stata's `if`, R's `subset =`), e.g.
    /// `sample=questionnaire`: a subsample, or the rows of one wave. Rows that fail them are
    /// not in the data the model sees, so they are not counted as dropped.
    pub subset: Vec<crate::Condition>,
}

/// What a fitted model says of one row of a dataset: see [`OlsFit::predict`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct RowPrediction {
    /// The row's index in the dataset (0 is the first data row).
    pub row: usize,
    /// The model's prediction from the row's values.
    pub predicted: f64,
    /// The row's outcome, when it has one.
    pub observed: Option<f64>,
    /// Observed less predicted, when the row has an outcome.
    pub residual: Option<f64>,
}

impl OlsFit {
    /// The model's prediction for every row of `data` that has each variable of the formula,
    /// with a level the model knows for each factor: the rows of the estimation sample, and
    /// also rows outside it (other waves, rows a subset left out, rows missing only a
    /// `complete_on` column). `data` must have the columns the model was fitted on; `center()`
    /// and `scale()` use the estimation sample's mean and SD, as the fit did.
    pub fn predict(&self, data: &Dataset) -> Result<Vec<RowPrediction>> {
        use crate::data::{MISSING, Values};
        use crate::design::{Setting, VarKind};
        let m = &self.model;
        let frame = m.frame();
        let y = data.column(&m.response)?;
        // Per variable, each row's setting (None: cannot predict that row).
        let mut settings: Vec<Vec<Option<Setting>>> = Vec::with_capacity(m.vars.len());
        for var in &m.vars {
            let col = data.column(&var.column)?;
            let per_row = match (&var.kind, &col.values) {
                (VarKind::Numeric { .. }, Values::Numeric(x)) => x
                    .iter()
                    .map(|&v| (!v.is_nan()).then(|| Setting::Value(var.to_model(v))))
                    .collect(),
                (VarKind::Factor { levels, .. }, Values::Numeric(x)) => x
                    .iter()
                    .map(|&v| {
                        let text = format!("{v}");
                        (!v.is_nan())
                            .then(|| levels.iter().position(|l| *l == text).map(Setting::Level))
                            .flatten()
                    })
                    .collect(),
                (VarKind::Factor { levels: known, .. }, Values::Categorical { levels, codes }) => {
                    let map: Vec<Option<usize>> =
                        levels.iter().map(|l| known.iter().position(|k| k == l)).collect();
                    codes
                        .iter()
                        .map(|&k| {
                            (k != MISSING)
                                .then(|| map[k as usize].map(Setting::Level))
                                .flatten()
                        })
                        .collect()
                }
                (VarKind::Numeric { .. }, Values::Categorical { .. }) => {
                    return Err(Error::invalid(format!(
                        "`{}`: `{}` was numeric when the model was fitted and is categorical in {}",
                        self.formula,
                        var.column,
                        data.name()
                    )));
                }
            };
            settings.push(per_row);
        }
        let mut out = Vec::new();
        let mut profile = Vec::with_capacity(m.vars.len());
        'rows: for row in 0..data.n_rows() {
            profile.clear();
            for s in &settings {
                match s[row] {
                    Some(v) => profile.push(v),
                    None => continue 'rows,
                }
            }
            let x = frame.row(&profile);
            let predicted: f64 = m.est.iter().zip(&m.beta).map(|(&j, b)| x[j] * b).sum();
            let observed = match &y.values {
                Values::Numeric(v) => v.get(row).copied().filter(|v| !v.is_nan()),
                Values::Categorical { .. } => None,
            };
            out.push(RowPrediction {
                row,
                predicted,
                observed,
                residual: observed.map(|o| o - predicted),
            });
        }
        Ok(out)
    }
}

/// Rows left out by listwise deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Dropped {
    /// Number of rows dropped.
    pub rows: usize,
    /// Missing cells per variable among all rows (a row missing two variables counts for
    /// each); variables with none are omitted.
    pub by: BTreeMap<String, usize>,
}

/// One estimated coefficient.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Coefficient {
    /// Term name: `(Intercept)`, `x`, `var[level]`, or interactions joined with `:`.
    pub term: String,
    /// Point estimate.
    pub estimate: f64,
    /// Standard error (robust if requested).
    pub se: f64,
    /// t statistic.
    pub t: f64,
    /// Two-sided p-value from t with the residual degrees of freedom.
    pub p: f64,
    /// Lower end of the 95% confidence interval.
    pub ci_low: f64,
    /// Upper end of the 95% confidence interval.
    pub ci_high: f64,
    /// Significance stars of `p` (see [`crate::stars`]).
    pub stars: String,
    /// The coefficient as a paper prints it: `−3.244* (1.390)`.
    pub text: String,
}

/// A fitted linear model.
///
/// Serialises to the JSON the app and `--json` show. A model that cannot be estimated (no
/// residual degrees of freedom, or numbers that are not finite) is an error, never a fit;
/// the statistics that are undefined by design (`f` without slopes) are `null`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OlsFit {
    /// The formula as given.
    pub formula: String,
    /// Number of rows in the estimation sample.
    pub n: usize,
    /// Rows left out by listwise deletion.
    pub dropped: Dropped,
    /// Model degrees of freedom: the rank, less one for the intercept.
    pub df_model: usize,
    /// Residual degrees of freedom: `n` less the rank.
    pub df_resid: usize,
    /// R². Without an intercept it is uncentred, as in R.
    pub r2: f64,
    /// Adjusted R².
    pub adj_r2: f64,
    /// F statistic of all terms but the intercept (a Wald F with the robust covariance when
    /// robust SEs are requested); `null` when the model has no such term.
    pub f: Option<f64>,
    /// p-value of `f`.
    pub f_p: Option<f64>,
    /// Residual standard error.
    pub sigma: f64,
    /// Estimated coefficients, in model order.
    pub coefficients: Vec<Coefficient>,
    /// Terms not estimable because they are linear combinations of earlier ones (R's `NA`
    /// coefficients). They are left out of `coefficients`.
    pub aliased: Vec<String>,
    /// Terms with no column at all, each with the reason: a factor with one level in the
    /// estimation sample. They are left out of `coefficients` and `aliased`.
    #[ts(inline)]
    pub dropped_terms: Vec<DroppedTerm>,
    /// The robust covariance used for `se`, `t`, `p` and the intervals, if any: `HC0`–`HC3`,
    /// or `cluster` for cluster-robust (CR1) standard errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub robust: Option<String>,
    /// With `robust = "cluster"`: the column that defines the clusters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cluster: Option<String>,
    /// With `robust = "cluster"`: the number of clusters in the estimation sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub clusters: Option<usize>,
    /// The weights column of a weighted fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub weights: Option<String>,
    /// The conditions that chose the rows the model sees ([`FitOptions::subset`]), as
    /// written: `sample=questionnaire`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub subset: Vec<String>,
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) model: Model,
}

/// What moderation probing and model comparison need beyond the reported numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Model {
    pub response: String,
    /// Variables, with their per-row values dropped.
    pub vars: Vec<Variable>,
    pub columns: Vec<DesignColumn>,
    /// Design column of each coefficient, in the order of `OlsFit::coefficients`.
    pub est: Vec<usize>,
    pub beta: Vec<f64>,
    /// Covariance of `beta` (robust if requested), row-major.
    pub cov: Vec<f64>,
    pub rss: f64,
    pub rows_digest: u64,
}

impl Model {
    /// A frame that can build prediction rows (no sample data).
    pub fn frame(&self) -> Frame {
        Frame {
            response: self.response.clone(),
            y: Vec::new(),
            vars: self.vars.clone(),
            columns: self.columns.clone(),
            intercept: self.columns.first().is_some_and(|c| c.parts.is_empty()),
            rows: Vec::new(),
            dropped_rows: 0,
            dropped_by: BTreeMap::new(),
            dropped_terms: Vec::new(),
        }
    }

    /// Estimate and standard error of the linear combination `l` of all design columns
    /// (aliased columns count as zero, as in R's `predict`).
    pub fn combine(&self, l: &[f64]) -> (f64, f64) {
        let lk: Vec<f64> = self.est.iter().map(|&j| l[j]).collect();
        (dot(&lk, &self.beta), self.covariance(l, l).max(0.0).sqrt())
    }

    /// `l' V m` for combinations of all design columns.
    pub fn covariance(&self, l: &[f64], m: &[f64]) -> f64 {
        let k = self.est.len();
        let lk: Vec<f64> = self.est.iter().map(|&j| l[j]).collect();
        let mk: Vec<f64> = self.est.iter().map(|&j| m[j]).collect();
        (0..k)
            .map(|a| lk[a] * dot(&self.cov[a * k..(a + 1) * k], &mk))
            .sum()
    }
}

/// Fits `formula` to `data` by ordinary least squares.
///
/// Rows missing any variable of the formula (or of [`FitOptions::complete_on`]) are
/// dropped. The fit uses Householder QR with R's column pivoting; columns that are linear
/// combinations of earlier ones (relative tolerance 1e-7) are reported in
/// [`OlsFit::aliased`] and left out; terms of a factor with one level in the sample are
/// reported in [`OlsFit::dropped_terms`].
///
/// A model that cannot be estimated is an error: as many coefficients as rows (no residual
/// degrees of freedom), an outcome that does not vary, or numbers too large to compute with.
pub fn fit_ols(data: &Dataset, formula: &str, options: &FitOptions) -> Result<OlsFit> {
    if options.cluster.is_some() && options.robust.is_some() {
        return Err(Error::invalid(format!(
            "`{formula}`: choose heteroskedasticity-robust ({}) or cluster-robust standard errors, not both",
            options.robust.map(Robust::name).unwrap_or_default()
        )));
    }
    let data = &*data.subset(&options.subset)?;
    // The weights and cluster columns must be present in every row used.
    let mut complete_on = options.complete_on.clone();
    complete_on.extend(options.weights.iter().chain(&options.cluster).cloned());
    let mut frame = Frame::build(data, formula, &options.refs, &complete_on)?;
    let n = frame.y.len();
    let p = frame.columns.len();
    let mut x = frame.matrix(data)?;
    // Weighted least squares: OLS on rows scaled by the square root of their weight.
    let weights: Option<Vec<f64>> = match &options.weights {
        None => None,
        Some(w) => {
            let crate::data::Values::Numeric(values) = &data.column(w)?.values else {
                return Err(Error::invalid(format!(
                    "`{formula}`: the weights column `{w}` is not numeric"
                )));
            };
            let sample: Vec<f64> = frame.rows.iter().map(|&r| values[r]).collect();
            if let Some((i, bad)) = sample
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && **v > 0.0))
            {
                return Err(Error::invalid(format!(
                    "`{formula}`: weights must be positive, and `{w}` is {bad} in data row {}",
                    frame.rows[i] + 1
                )));
            }
            for (i, w) in sample.iter().enumerate() {
                let root = w.sqrt();
                frame.y[i] *= root;
                for j in 0..p {
                    x[j * n + i] *= root;
                }
            }
            Some(sample)
        }
    };
    // The cluster of each row of the sample, numbered from 0.
    let clusters: Option<(Vec<usize>, usize)> = match &options.cluster {
        None => None,
        Some(c) => {
            let column = data.column(c)?;
            let keys: Vec<String> = frame
                .rows
                .iter()
                .map(|&r| match &column.values {
                    crate::data::Values::Numeric(v) => format!("{}", v[r]),
                    crate::data::Values::Categorical { levels, codes } => {
                        levels[codes[r] as usize].clone()
                    }
                })
                .collect();
            let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
            for k in &keys {
                let next = ids.len();
                ids.entry(k.as_str()).or_insert(next);
            }
            let g = ids.len();
            if g < 2 {
                return Err(Error::invalid(format!(
                    "`{formula}`: cluster-robust standard errors need at least two clusters, and `{c}` has {g} over the rows the model uses"
                )));
            }
            Some((keys.iter().map(|k| ids[k.as_str()]).collect(), g))
        }
    };
    let qr = Qr::new(x, n, p, RANK_TOL);
    let r = qr.rank;
    let perm = qr.perm.clone();
    // No residual degrees of freedom: the fit passes through every row, and nothing is left
    // to estimate the error variance from.
    if n <= r {
        let rows = if n == 1 { "row" } else { "rows" };
        let coefficients = if p == 1 {
            "coefficient"
        } else {
            "coefficients"
        };
        let leave = if n == 1 { "leaves" } else { "leave" };
        return Err(Error::invalid(format!(
            "`{formula}` on {} cannot be estimated: {n} complete {rows} for {p} {coefficients} {leave} \
             no residual degrees of freedom; use more rows or fewer terms",
            data.name()
        )));
    }

    let mut qty = frame.y.clone();
    qr.apply_qt(&mut qty);
    let b_piv = qr.solve_r(&qty);
    // Residuals as Q [0; (Q'y)[r..]], as LINPACK's dqrsl computes them.
    let mut resid = qty;
    resid[..r].fill(0.0);
    qr.apply_q(&mut resid);
    let rss = sum_sq(&resid);
    let rinv = qr.r_inverse();

    let df_resid = n - r;
    let sigma2 = rss / df_resid as f64;
    let cov_piv = match (options.robust, &clusters) {
        (_, Some((ids, g))) => {
            let (q1, cols) = qr.into_q1();
            cluster_cov(&q1, n, &cols, &resid, &rinv, ids, *g)
        }
        (None, None) => {
            let mut c = gram_rows(&rinv, r);
            c.iter_mut().for_each(|x| *x *= sigma2);
            c
        }
        (Some(kind), None) => {
            let (q1, cols) = qr.into_q1();
            robust_cov(&q1, n, &cols, &resid, &rinv, kind).map_err(|row| {
                Error::invalid(format!(
                    "`{formula}` on {}: the {} standard errors are undefined, because data row {} alone determines a coefficient \
                     (its leverage is 1, e.g. it is the only row of a factor level); use HC1, or merge or drop that level",
                    data.name(),
                    kind.name(),
                    frame.rows[row] + 1
                ))
            })?
        }
    };

    // From pivoted order to model order, aliased columns left out.
    let mut order: Vec<(usize, usize)> = (0..r).map(|l| (perm[l], l)).collect();
    order.sort_unstable();
    let est: Vec<usize> = order.iter().map(|&(j, _)| j).collect();
    let beta: Vec<f64> = order.iter().map(|&(_, l)| b_piv[l]).collect();
    let mut cov = vec![0.0; r * r];
    for (a, &(_, la)) in order.iter().enumerate() {
        for (b, &(_, lb)) in order.iter().enumerate() {
            cov[a * r + b] = cov_piv[la * r + lb];
        }
    }
    let mut aliased_cols: Vec<usize> = perm[r..].to_vec();
    aliased_cols.sort_unstable();
    let aliased = aliased_cols
        .iter()
        .map(|&j| frame.columns[j].name.clone())
        .collect();

    // t tests on the residual degrees of freedom, or on G - 1 with clusters, as Stata does.
    let df_t = clusters
        .as_ref()
        .map_or(df_resid as f64, |(_, g)| (g - 1) as f64);
    let tq = t_quantile(0.975, df_t);
    let coefficients: Vec<Coefficient> = est
        .iter()
        .enumerate()
        .map(|(a, &j)| {
            let estimate = beta[a];
            let se = cov[a * r + a].sqrt();
            let t = estimate / se;
            let p = t_p(t, df_t);
            Coefficient {
                term: frame.columns[j].name.clone(),
                estimate,
                se,
                t,
                p,
                ci_low: estimate - tq * se,
                ci_high: estimate + tq * se,
                stars: crate::format::stars(p).to_string(),
                text: crate::format::cell(estimate, se, crate::format::stars(p), 3),
            }
        })
        .collect();

    let intercept = frame.intercept;
    let tss = match (&weights, intercept) {
        // Weighted: about the weighted mean, on the scaled rows (statsmodels' centred TSS).
        (Some(w), true) => {
            let sw: f64 = w.iter().sum();
            let mean = frame
                .y
                .iter()
                .zip(w)
                .map(|(y, w)| y * w.sqrt())
                .sum::<f64>()
                / sw;
            frame
                .y
                .iter()
                .zip(w)
                .map(|(y, w)| (y - mean * w.sqrt()).powi(2))
                .sum::<f64>()
        }
        (None, true) => {
            let mean = frame.y.iter().sum::<f64>() / n as f64;
            frame.y.iter().map(|y| (y - mean).powi(2)).sum::<f64>()
        }
        (_, false) => sum_sq(&frame.y),
    };
    let df_model = r - usize::from(intercept);
    let r2 = 1.0 - rss / tss;
    let adj_r2 = 1.0 - (1.0 - r2) * (n - usize::from(intercept)) as f64 / df_resid as f64;
    let f = if df_model == 0 {
        None
    } else if options.robust.is_some() || clusters.is_some() {
        // Wald F of every coefficient but the intercept, with the robust covariance, as
        // Stata and statsmodels report it.
        let slopes: Vec<usize> = (0..r)
            .filter(|&a| !frame.columns[est[a]].parts.is_empty())
            .collect();
        wald_f(&beta, &cov, r, &slopes)
    } else {
        Some(((tss - rss) / df_model as f64) / sigma2)
    };
    let f_p = f.map(|f| {
        f_sf(
            f,
            df_model as f64,
            if clusters.is_some() {
                df_t
            } else {
                df_resid as f64
            },
        )
    });
    check_estimable(&EstimableCheck {
        formula,
        dataset: data.name(),
        frame: &frame,
        coefficients: &coefficients,
        numbers: &[
            ("R²", r2),
            ("adjusted R²", adj_r2),
            ("the residual standard error", sigma2.sqrt()),
        ],
    })?;

    let rows_digest = digest(&frame.rows);
    let Frame {
        response,
        vars,
        columns,
        dropped_rows,
        dropped_by,
        dropped_terms,
        ..
    } = frame;
    let vars = vars.into_iter().map(strip_values).collect();
    Ok(OlsFit {
        formula: formula.to_string(),
        n,
        dropped: Dropped {
            rows: dropped_rows,
            by: dropped_by,
        },
        df_model,
        df_resid,
        r2,
        adj_r2,
        f,
        f_p,
        sigma: sigma2.sqrt(),
        coefficients,
        aliased,
        dropped_terms,
        robust: match (&clusters, options.robust) {
            (Some(_), _) => Some("cluster".to_string()),
            (None, kind) => kind.map(|k| k.name().to_string()),
        },
        cluster: clusters.as_ref().and(options.cluster.clone()),
        clusters: clusters.as_ref().map(|(_, g)| *g),
        weights: options.weights.clone(),
        subset: options.subset.iter().map(ToString::to_string).collect(),
        model: Model {
            response,
            vars,
            columns,
            est,
            beta,
            cov,
            rss,
            rows_digest,
        },
    })
}

/// What [`check_estimable`] looks at.
struct EstimableCheck<'a> {
    formula: &'a str,
    dataset: &'a str,
    frame: &'a Frame,
    coefficients: &'a [Coefficient],
    numbers: &'a [(&'a str, f64)],
}

/// Refuses a fit whose numbers are not all finite, saying why and what to do, so that no
/// table of NaN is ever shown as a result.
fn check_estimable(c: &EstimableCheck<'_>) -> Result<()> {
    let (formula, dataset) = (c.formula, c.dataset);
    // An outcome that does not vary leaves R² as 0/0 (with an intercept any constant, without
    // one only zero); tested on the values, as rounding can leave the sum of squares tiny.
    let first = c.frame.y.first().copied().unwrap_or(0.0);
    let flat = c.frame.y.iter().all(|&y| y == first) && (c.frame.intercept || first == 0.0);
    if flat {
        return Err(Error::invalid(format!(
            "`{formula}` on {dataset} cannot be estimated: the outcome `{}` is {first} in all {} rows of the estimation sample, \
             so there is no variation to explain; check the outcome and the rows kept",
            c.frame.response,
            c.frame.y.len()
        )));
    }
    let bad = c
        .coefficients
        .iter()
        .find(|k| !(k.estimate.is_finite() && k.se.is_finite()) || k.t.is_nan() || k.p.is_nan());
    if let Some(k) = bad {
        return Err(Error::invalid(format!(
            "`{formula}` on {dataset} cannot be estimated: the coefficient of `{}` is {} with standard error {}; \
             {}",
            k.term,
            k.estimate,
            k.se,
            overflow_hint(c.frame)
        )));
    }
    if let Some((what, x)) = c.numbers.iter().find(|(_, x)| !x.is_finite()) {
        return Err(Error::invalid(format!(
            "`{formula}` on {dataset} cannot be estimated: {what} is {x}; {}",
            overflow_hint(c.frame)
        )));
    }
    Ok(())
}

/// What to do about non-finite results: they come from values so large that their squares
/// overflow, so name the variable with the largest magnitude.
fn overflow_hint(frame: &Frame) -> String {
    let y_max = frame.y.iter().fold(0.0f64, |m, y| m.max(y.abs()));
    let mut largest = (y_max, frame.response.as_str());
    for v in &frame.vars {
        if let VarKind::Numeric { min, max, .. } = v.kind {
            let m = min.abs().max(max.abs());
            if m > largest.0 {
                largest = (m, v.display.as_str());
            }
        }
    }
    match largest {
        (m, name) if m > 1e100 => {
            format!(
                "`{name}` has values as large as {m:e}; rescale it (e.g. divide by a power of ten)"
            )
        }
        _ => "check the data for extreme values and rescale the variables".to_string(),
    }
}

/// A fingerprint of the sample rows, to tell whether two fits used the same rows.
fn digest(rows: &[usize]) -> u64 {
    // FNV-1a over the row numbers: cheap, and collisions between two real samples of the
    // same size are vanishingly unlikely.
    rows.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &r| {
        (h ^ r as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn strip_values(mut v: Variable) -> Variable {
    match &mut v.kind {
        VarKind::Numeric { .. } => {}
        VarKind::Factor { codes, .. } => *codes = Vec::new(),
    }
    v
}

/// `A A'` for a row-major `r × r` matrix.
fn gram_rows(a: &[f64], r: usize) -> Vec<f64> {
    let mut out = vec![0.0; r * r];
    for i in 0..r {
        for j in 0..=i {
            let x = dot(&a[i * r..(i + 1) * r], &a[j * r..(j + 1) * r]);
            out[i * r + j] = x;
            out[j * r + i] = x;
        }
    }
    out
}

/// Leverage this close to 1 is 1 up to rounding: HC2 and HC3 would divide a residual that is
/// rounding noise by `1 - h`, which is rounding noise too, and report the quotient.
const LEVERAGE_ONE: f64 = 1e-10;

/// The sandwich `R⁻¹ (Q1' Ω Q1) R⁻ᵀ`, which equals `(X'X)⁻¹ X'ΩX (X'X)⁻¹` without forming
/// `X'X`. `Q1`'s columns are `q1[cols[l] * n..]`. HC2 and HC3 are undefined when a row has
/// leverage 1; the error is that row's index in the sample.
fn robust_cov(
    q1: &[f64],
    n: usize,
    cols: &[usize],
    resid: &[f64],
    rinv: &[f64],
    kind: Robust,
) -> std::result::Result<Vec<f64>, usize> {
    let r = cols.len();
    let col = |l: usize| &q1[cols[l] * n..(cols[l] + 1) * n];
    let mut h = vec![0.0; n];
    for l in 0..r {
        for (hi, q) in h.iter_mut().zip(col(l)) {
            *hi += q * q;
        }
    }
    if matches!(kind, Robust::Hc2 | Robust::Hc3) {
        if let Some(row) = h.iter().position(|&h| 1.0 - h < LEVERAGE_ONE) {
            return Err(row);
        }
    }
    let scale = n as f64 / (n - r) as f64;
    let omega: Vec<f64> = resid
        .iter()
        .zip(&h)
        .map(|(e, h)| {
            let e2 = e * e;
            match kind {
                Robust::Hc0 => e2,
                Robust::Hc1 => e2 * scale,
                Robust::Hc2 => e2 / (1.0 - h),
                Robust::Hc3 => e2 / ((1.0 - h) * (1.0 - h)),
            }
        })
        .collect();
    // The meat Q1' Ω Q1, in blocks of rows that stay in cache.
    const BLOCK: usize = 1024;
    let mut meat = vec![0.0; r * r];
    let mut weighted = vec![0.0; BLOCK];
    for start in (0..n).step_by(BLOCK) {
        let end = (start + BLOCK).min(n);
        let len = end - start;
        for a in 0..r {
            for ((w, q), o) in weighted[..len]
                .iter_mut()
                .zip(&col(a)[start..end])
                .zip(&omega[start..end])
            {
                *w = q * o;
            }
            for b in a..r {
                meat[a * r + b] += dot(&weighted[..len], &col(b)[start..end]);
            }
        }
    }
    for a in 0..r {
        for b in 0..a {
            meat[a * r + b] = meat[b * r + a];
        }
    }
    // R⁻¹ M R⁻ᵀ.
    let mut left = vec![0.0; r * r];
    for i in 0..r {
        for j in 0..r {
            left[i * r + j] = (0..r).map(|k| rinv[i * r + k] * meat[k * r + j]).sum();
        }
    }
    let mut out = vec![0.0; r * r];
    for i in 0..r {
        for j in 0..=i {
            let x = dot(&left[i * r..(i + 1) * r], &rinv[j * r..(j + 1) * r]);
            out[i * r + j] = x;
            out[j * r + i] = x;
        }
    }
    Ok(out)
}

/// The cluster-robust (CR1) covariance: `R⁻¹ (Σ_g u_g u_gᵀ) R⁻ᵀ` with `u_g = Q1_gᵀ e_g`, the
/// sum over clusters of the score, scaled by `G/(G-1) · (n-1)/(n-k)` as Stata's
/// `vce(cluster)` and statsmodels' `cov_type="cluster"` do.
fn cluster_cov(
    q1: &[f64],
    n: usize,
    cols: &[usize],
    resid: &[f64],
    rinv: &[f64],
    ids: &[usize],
    g: usize,
) -> Vec<f64> {
    let r = cols.len();
    let mut u = vec![0.0; g * r];
    for (l, &c) in cols.iter().enumerate() {
        let q = &q1[c * n..(c + 1) * n];
        for i in 0..n {
            u[ids[i] * r + l] += q[i] * resid[i];
        }
    }
    let mut meat = vec![0.0; r * r];
    for ug in u.chunks_exact(r) {
        for a in 0..r {
            for b in 0..r {
                meat[a * r + b] += ug[a] * ug[b];
            }
        }
    }
    let scale = (g as f64 / (g - 1) as f64) * ((n - 1) as f64 / (n - r) as f64);
    let mut left = vec![0.0; r * r];
    for i in 0..r {
        for j in 0..r {
            left[i * r + j] = (0..r).map(|k| rinv[i * r + k] * meat[k * r + j]).sum();
        }
    }
    let mut out = vec![0.0; r * r];
    for i in 0..r {
        for j in 0..=i {
            let x = dot(&left[i * r..(i + 1) * r], &rinv[j * r..(j + 1) * r]) * scale;
            out[i * r + j] = x;
            out[j * r + i] = x;
        }
    }
    out
}

/// `b_S' V_S⁻¹ b_S / |S|` by Cholesky; `None` if `V_S` is not positive definite.
fn wald_f(beta: &[f64], cov: &[f64], r: usize, s: &[usize]) -> Option<f64> {
    let q = s.len();
    let mut l = vec![0.0; q * q];
    for i in 0..q {
        for j in 0..=i {
            let mut x = cov[s[i] * r + s[j]];
            for k in 0..j {
                x -= l[i * q + k] * l[j * q + k];
            }
            if i == j {
                if x <= 0.0 || !x.is_finite() {
                    return None;
                }
                l[i * q + i] = x.sqrt();
            } else {
                l[i * q + j] = x / l[j * q + j];
            }
        }
    }
    // Solve L z = b_S; the statistic is z'z.
    let mut z = vec![0.0; q];
    for i in 0..q {
        let mut x = beta[s[i]];
        for k in 0..i {
            x -= l[i * q + k] * z[k];
        }
        z[i] = x / l[i * q + i];
    }
    Some(sum_sq(&z) / q as f64)
}

/// The F test of a model against a larger one fitted on the same rows (the R² change).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NestedTest {
    /// Formula of the smaller model.
    pub restricted: String,
    /// Formula of the larger model.
    pub full: String,
    /// Rows in both samples.
    pub n: usize,
    /// R² of the smaller model.
    pub r2_restricted: f64,
    /// R² of the larger model.
    pub r2_full: f64,
    /// `r2_full - r2_restricted`.
    pub r2_change: f64,
    /// F statistic: `((RSS₀ - RSS₁) / df_num) / (RSS₁ / df_den)`.
    pub f: f64,
    /// Numerator degrees of freedom: the number of added coefficients.
    pub df_num: usize,
    /// Denominator degrees of freedom: the larger model's residual df.
    pub df_den: usize,
    /// p-value of `f`.
    pub p: f64,
}

/// Tests whether `full` improves on `restricted` (the classical F test of the R² change).
///
/// Both must be fitted on the same rows (use the same [`FitOptions::complete_on`]) and every
/// estimated term of `restricted` must be a term of `full`.
pub fn compare_fits(restricted: &OlsFit, full: &OlsFit) -> Result<NestedTest> {
    if restricted.n != full.n || restricted.model.rows_digest != full.model.rows_digest {
        return Err(Error::invalid(format!(
            "`{}` ({} rows) and `{}` ({} rows) were not fitted on the same rows; \
             fit both with `complete_on` listing the variables of both models",
            restricted.formula, restricted.n, full.formula, full.n
        )));
    }
    let full_terms: Vec<&str> = full.coefficients.iter().map(|c| c.term.as_str()).collect();
    if let Some(extra) = restricted
        .coefficients
        .iter()
        .find(|c| !full_terms.contains(&c.term.as_str()))
    {
        return Err(Error::invalid(format!(
            "`{}` is not nested in `{}`: the term `{}` is missing from the larger model",
            restricted.formula, full.formula, extra.term
        )));
    }
    if full.df_resid >= restricted.df_resid {
        return Err(Error::invalid(format!(
            "`{}` has no more coefficients than `{}`; give the smaller model first",
            full.formula, restricted.formula
        )));
    }
    let df_num = restricted.df_resid - full.df_resid;
    let df_den = full.df_resid;
    let (rss0, rss1) = (restricted.model.rss, full.model.rss);
    let f = ((rss0 - rss1) / df_num as f64) / (rss1 / df_den as f64);
    Ok(NestedTest {
        restricted: restricted.formula.clone(),
        full: full.formula.clone(),
        n: full.n,
        r2_restricted: restricted.r2,
        r2_full: full.r2,
        r2_change: full.r2 - restricted.r2,
        f,
        df_num,
        df_den,
        p: f_sf(f, df_num as f64, df_den as f64),
    })
}
