#!/usr/bin/env python3
"""Reference values for braid-stats' tests.

Run once from this directory:  python3 reference.py
It writes the small test CSVs (mixed.csv, aliased.csv, hard.csv) and reference.json.
The survey file is read from ../../../../corpus/survey/survey.csv and not rewritten.

Needs: pip install statsmodels pandas mpmath (scipy and numpy come with statsmodels).
Generated with statsmodels 0.15.0, numpy 2.4.6, scipy 1.17.1, pandas 3.1.1, patsy 1.0.3,
mpmath 1.3.0, Python 3.11.7 (the exact versions are also stored in reference.json).

Conventions:
- OLS references come from statsmodels (pinv solver). Robust ones use
  fit(cov_type="HCk", use_t=True): t with the residual df, as Braid does.
- Simple slopes come from statsmodels' t_test on the linear combination.
- Johnson-Neyman bounds solve the quadratic with statsmodels' params and covariance and
  scipy's t quantile.
- The numerically hard designs (raw degree-8 polynomial, near-collinear predictors) are
  referenced with mpmath at 50 significant digits: normal equations solved exactly enough in
  50-digit arithmetic on the exact binary values of the CSV cells.
- Term names are converted from patsy's (C(g, Treatment('c'))[T.a], Intercept) to Braid's
  (g[a], (Intercept)), with the variables of an interaction in order of first appearance in
  the formula, as R names them.
"""
import json
import re
import sys
from pathlib import Path

import mpmath
import numpy as np
import pandas as pd
import patsy
import scipy
import statsmodels
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats

HERE = Path(__file__).resolve().parent
SURVEY = HERE.parents[3] / "corpus" / "survey" / "survey.csv"
MISSING = ["NA", ".", "", "-99"]


def read(path):
    return pd.read_csv(path, na_values=MISSING, keep_default_na=False)


# ---------------------------------------------------------------- data

def make_mixed():
    rng = np.random.default_rng(20240517)
    n = 150
    g = rng.choice(["alpha", "beta", "gamma", "delta"], size=n, p=[0.3, 0.2, 0.3, 0.2])
    h = rng.choice(["lo", "hi"], size=n)
    z = rng.integers(1, 4, size=n)
    x1 = np.round(rng.normal(10, 3, size=n), 3)
    x2 = np.round(rng.uniform(1, 5, size=n), 2)
    x3 = np.round(rng.normal(0, 1, size=n), 4)
    geff = {"alpha": 1.5, "beta": -0.7, "gamma": 0.0, "delta": 0.4}
    gslope = {"alpha": -0.9, "beta": 0.3, "gamma": 0.0, "delta": 0.1}
    mu = (2 + 0.5 * x1 - 0.8 * x2 + np.array([geff[v] for v in g])
          + np.array([gslope[v] for v in g]) * x2 + 0.6 * (h == "hi") + 0.3 * z + 0.05 * x1 * x2)
    # Heteroskedastic errors, so that HC0-HC3 differ from the classical SEs.
    y = np.round(mu + rng.normal(0, 0.5 + 0.3 * x2, size=n), 4)
    df = pd.DataFrame({"id": [f"r{i:03d}" for i in range(n)], "y": y, "x1": x1, "x2": x2, "x3": x3,
                       "g": g, "h": h, "z": z})
    out = df.astype(str)
    # Missing values in every spelling the reader accepts.
    for col, rows, code in [("y", [3, 40], "NA"), ("x1", [7, 8], ""), ("x2", [11, 90, 91], "-99"),
                            ("g", [15, 120], "."), ("h", [22], "NA"), ("x3", [30, 31, 32, 33], "NA"),
                            ("z", [50], "NA")]:
        out.loc[rows, col] = code
    out.to_csv(HERE / "mixed.csv", index=False)


def make_aliased():
    rng = np.random.default_rng(7)
    n = 60
    x1 = np.round(rng.normal(0, 1, n), 4)
    x2 = np.round(rng.normal(5, 2, n), 4)
    g = rng.choice(["a", "b", "c"], size=n)
    h = rng.choice(["lo", "hi"], size=n)
    # No row has g = c and h = hi, so the interaction g[c]:h[hi] is not estimable.
    h[g == "c"] = "lo"
    y = np.round(1 + 2 * x1 - 0.5 * x2 + (g == "b") * 1.0 + (h == "hi") * 0.5 + rng.normal(0, 1, n), 4)
    pd.DataFrame({"y": y, "x1": x1, "x2": x2, "x1dup": x1, "g": g, "h": h}).to_csv(HERE / "aliased.csv", index=False)


def make_hard():
    rng = np.random.default_rng(99)
    n = 200
    x = np.linspace(0.0, 1.0, n)
    cols = {"x": x}
    for k in range(2, 9):
        cols[f"x{k}"] = x ** k
    y = np.sin(2 * np.pi * x) + 0.3 * x + rng.normal(0, 0.05, n)
    u = rng.uniform(0, 1, n)
    v = u + 1e-6 * rng.normal(0, 1, n)
    y2 = 1 + 2 * u + 3 * v + rng.normal(0, 0.1, n)
    df = pd.DataFrame({**cols, "y": y, "u": u, "v": v, "y2": y2})
    # repr() round-trips every double exactly, so Rust and mpmath see the same numbers.
    with open(HERE / "hard.csv", "w") as f:
        f.write(",".join(df.columns) + "\n")
        for row in df.itertuples(index=False):
            f.write(",".join(repr(float(v)) for v in row) + "\n")


# ---------------------------------------------------------------- names

def rhs_order(formula):
    """Variables of a Braid formula in order of first appearance (factor(x) is its own)."""
    rhs = formula.split("~", 1)[1]
    order = []
    for m in re.finditer(r"factor\((\w+)\)|(\w+)", rhs):
        name = f"factor({m.group(1)})" if m.group(1) else m.group(2)
        if name in ("0", "1") or name.isdigit():
            continue
        if name not in order:
            order.append(name)
    return order


def braid_name(patsy_name, order, factor_vars):
    if patsy_name == "Intercept":
        return "(Intercept)"
    parts = []
    for part in patsy_name.split(":"):
        m = re.fullmatch(r"C\((\w+)(?:, Treatment\('[^']*'\))?\)\[(?:T\.)?(.*)\]", part)
        if m:
            var, level = m.group(1), m.group(2)
            if var in factor_vars:
                # pandas reads an integer column with NA as float; Braid prints 2.0 as 2.
                var, level = f"factor({var})", re.sub(r"\.0$", "", level)
            parts.append((var, f"{var}[{level}]"))
            continue
        m = re.fullmatch(r"(\w+)\[(?:T\.)?(.*)\]", part)
        if m:
            parts.append((m.group(1), f"{m.group(1)}[{m.group(2)}]"))
            continue
        parts.append((part, part))
    parts.sort(key=lambda p: order.index(p[0]))
    return ":".join(p[1] for p in parts)


# ---------------------------------------------------------------- fits

def listwise(df, formula, complete_on):
    cols = [c for c in rhs_order(formula)] + [formula.split("~")[0].strip()]
    cols = [re.sub(r"factor\((\w+)\)", r"\1", c) for c in cols]
    seen = []
    for c in [formula.split("~")[0].strip()] + cols + list(complete_on):
        if c not in seen:
            seen.append(c)
    by = {c: int(df[c].isna().sum()) for c in seen if df[c].isna().sum() > 0}
    return df.dropna(subset=seen).copy(), by


def fit_record(name, file, df, formula, sm_formula, refs=None, robust=None, complete_on=(),
               factor_vars=(), drop_columns=()):
    sample, by = listwise(df, formula, complete_on)
    order = rhs_order(formula)
    if drop_columns:
        # A rank-deficient Braid model compared with statsmodels on the design without the
        # aliased columns.
        y, X = patsy.dmatrices(sm_formula, sample, return_type="dataframe")
        X = X.drop(columns=list(drop_columns))
        model = sm.OLS(y, X)
    else:
        model = smf.ols(sm_formula, sample)
    res = model.fit(cov_type=robust, use_t=True) if robust else model.fit()
    tq = stats.t.ppf(0.975, res.df_resid)
    ci = res.conf_int(alpha=0.05)
    coefs = {}
    for k in res.params.index:
        coefs[braid_name(k, order, factor_vars)] = {
            "estimate": float(res.params[k]), "se": float(res.bse[k]), "t": float(res.tvalues[k]),
            "p": float(res.pvalues[k]), "ci_low": float(ci.loc[k, 0]), "ci_high": float(ci.loc[k, 1]),
        }
    has_const = "Intercept" in res.params.index
    # R's R² is uncentred without an intercept; statsmodels centres it when the design
    # contains a constant implicitly (e.g. `0 + g`), so compute R's version by hand.
    yv = np.asarray(model.endog, dtype=float)
    rss = float(np.sum(res.resid ** 2))
    tss = float(np.sum((yv - yv.mean()) ** 2)) if has_const else float(np.sum(yv ** 2))
    r2 = 1 - rss / tss
    k = int(round(res.df_model + res.k_constant))  # the rank
    n = int(res.nobs)
    df_model = k - int(has_const)
    adj = 1 - (1 - r2) * (n - int(has_const)) / (n - k)
    if robust:
        f, f_p = float(res.fvalue), float(res.f_pvalue)
    else:
        f = ((tss - rss) / df_model) / (rss / (n - k))
        f_p = float(stats.f.sf(f, df_model, n - k))
    return {
        "name": name, "file": file, "formula": formula, "statsmodels_formula": sm_formula,
        "options": {"refs": refs or {}, "robust": robust, "complete_on": list(complete_on)},
        "n": n, "dropped_rows": int(len(df) - n), "dropped_by": by,
        "df_model": df_model, "df_resid": n - k, "r2": r2, "adj_r2": adj, "f": f, "f_p": f_p,
        "sigma": float(np.sqrt(rss / (n - k))), "coefficients": coefs, "aliased": [],
        "statsmodels_r2": float(res.rsquared),
    }, res


def slope_record(name, fit_name, res, order, focal_terms, moderator_values, spec, sample_mod):
    """focal_terms: (main, interaction) patsy names; effect(m) = b_main + m b_int."""
    names = list(res.params.index)
    slopes = []
    for m in moderator_values:
        L = np.zeros(len(names))
        L[names.index(focal_terms[0])] = 1.0
        L[names.index(focal_terms[1])] = m
        tt = res.t_test(L)
        ci = tt.conf_int(alpha=0.05)[0]
        slopes.append({"at": float(m), "slope": float(np.squeeze(tt.effect)), "se": float(np.squeeze(tt.sd)),
                       "t": float(np.squeeze(tt.tvalue)), "p": float(np.squeeze(tt.pvalue)),
                       "ci_low": float(ci[0]), "ci_high": float(ci[1])})
    # Johnson-Neyman: (a + b m)^2 = t^2 (v00 + 2 v01 m + v11 m^2).
    i0, i1 = names.index(focal_terms[0]), names.index(focal_terms[1])
    V = np.asarray(res.cov_params())
    a, b = float(res.params.iloc[i0]), float(res.params.iloc[i1])
    v00, v01, v11 = V[i0, i0], V[i0, i1], V[i1, i1]
    alpha = spec.get("alpha", 0.05)
    t = stats.t.ppf(1 - alpha / 2, res.df_resid)
    A, B, C = b * b - t * t * v11, 2 * (a * b - t * t * v01), a * a - t * t * v00
    disc = B * B - 4 * A * C
    if disc > 0:
        r = sorted([(-B - np.sqrt(disc)) / (2 * A), (-B + np.sqrt(disc)) / (2 * A)])
        sig = "outside" if A > 0 else "inside"
    else:
        r, sig = [], ("everywhere" if A > 0 else "nowhere")
    lo, hi = float(sample_mod.min()), float(sample_mod.max())
    raw = {"outside": [(-np.inf, r[0]), (r[1], np.inf)] if r else [], "inside": [(r[0], r[1])] if r else [],
           "everywhere": [(-np.inf, np.inf)], "nowhere": []}[sig]
    regions = [{"low": max(l, lo), "high": min(h, hi)} for l, h in raw if max(l, lo) < min(h, hi)]
    return {"name": name, "fit": fit_name, "spec": spec, "mean": float(sample_mod.mean()),
            "sd": float(sample_mod.std(ddof=1)), "slopes": slopes,
            "johnson_neyman": {"t_crit": float(t), "bounds": [float(x) for x in r], "significant": sig,
                               "range": {"low": lo, "high": hi}, "regions": regions}}


def mp_fit(df, response, predictors):
    """OLS in 50-digit arithmetic on the exact binary values of the cells."""
    mpmath.mp.dps = 50
    n, p = len(df), len(predictors) + 1
    X = mpmath.matrix(n, p)
    y = mpmath.matrix(n, 1)
    for i in range(n):
        X[i, 0] = mpmath.mpf(1)
        for j, c in enumerate(predictors):
            X[i, j + 1] = mpmath.mpf(float(df[c].iloc[i]))
        y[i] = mpmath.mpf(float(df[response].iloc[i]))
    XtX = X.T * X
    inv = XtX ** -1
    beta = inv * (X.T * y)
    resid = y - X * beta
    rss = sum(resid[i] ** 2 for i in range(n))
    ybar = sum(y[i] for i in range(n)) / n
    tss = sum((y[i] - ybar) ** 2 for i in range(n))
    s2 = rss / (n - p)
    names = ["(Intercept)"] + list(predictors)
    coefs = {}
    for j, name in enumerate(names):
        se = mpmath.sqrt(s2 * inv[j, j])
        coefs[name] = {"estimate": float(beta[j]), "se": float(se), "t": float(beta[j] / se)}
    return {"formula": f"{response} ~ " + " + ".join(predictors), "n": n, "r2": float(1 - rss / tss),
            "sigma": float(mpmath.sqrt(s2)), "coefficients": coefs}


def main():
    make_mixed()
    make_aliased()
    make_hard()
    mixed = read(HERE / "mixed.csv")
    aliased = read(HERE / "aliased.csv")
    survey = read(SURVEY)

    fits, slopes, nested = [], [], []
    results = {}

    def add(rec_res):
        rec, res = rec_res
        fits.append(rec)
        results[rec["name"]] = res
        return rec, res

    add(fit_record("factor_reference", "mixed.csv", mixed, "y ~ x1 + x2 + g",
                   "y ~ x1 + x2 + C(g, Treatment('gamma'))", refs={"g": "gamma"}))
    add(fit_record("interaction", "mixed.csv", mixed, "y ~ x1 * g + h + x2",
                   "y ~ x1 * C(g, Treatment('gamma')) + h + x2", refs={"g": "gamma"}))
    add(fit_record("no_intercept", "mixed.csv", mixed, "y ~ 0 + x1 + x2", "y ~ 0 + x1 + x2"))
    add(fit_record("minus_one", "mixed.csv", mixed, "y ~ x1 + x2 + x3 - 1", "y ~ x1 + x2 + x3 - 1"))
    add(fit_record("no_intercept_factor", "mixed.csv", mixed, "y ~ 0 + g + x1", "y ~ 0 + C(g) + x1"))
    add(fit_record("factor_numeric", "mixed.csv", mixed, "y ~ factor(z) + x1 + x1:x2",
                   "y ~ C(z) + x1 + x1:x2", factor_vars=("z",)))
    add(fit_record("merged_terms", "mixed.csv", mixed, "y ~ x1 + h + x1*x2",
                   "y ~ x1 + h + x2 + x1:x2"))
    for hc in ["HC0", "HC1", "HC2", "HC3"]:
        add(fit_record(f"interaction_{hc}", "mixed.csv", mixed, "y ~ x1 * g + h + x2",
                       "y ~ x1 * C(g, Treatment('gamma')) + h + x2", refs={"g": "gamma"}, robust=hc))
    add(fit_record("duplicated_column", "aliased.csv", aliased, "y ~ x1 + x2 + x1dup", "y ~ x1 + x2"))
    fits[-1]["aliased"] = ["x1dup"]
    rec, _ = add(fit_record("empty_cell", "aliased.csv", aliased, "y ~ g * h + x2", "y ~ g * h + x2",
                            drop_columns=["g[T.c]:h[T.lo]"]))
    rec["aliased"] = ["g[c]:h[lo]"]

    # Moderation: focal g = alpha vs gamma, moderated by x2.
    mod_formula = "y ~ g * x2 + x1 + h"
    mod_sm = "y ~ C(g, Treatment('gamma')) * x2 + x1 + h"
    gterm = "C(g, Treatment('gamma'))[T.alpha]"
    for robust in [None, "HC3"]:
        name = "moderation" + (f"_{robust}" if robust else "")
        rec, res = add(fit_record(name, "mixed.csv", mixed, mod_formula, mod_sm, refs={"g": "gamma"}, robust=robust))
        sample, _ = listwise(mixed, mod_formula, ())
        x2 = sample["x2"]
        m, s = x2.mean(), x2.std(ddof=1)
        spec = {"focal": "g", "level": "alpha", "moderator": "x2", "at": [], "alpha": 0.05}
        slopes.append(slope_record(name, name, res, rhs_order(mod_formula), (gterm, f"{gterm}:x2"),
                                   [m - s, m, m + s], spec, x2))
    spec = {"focal": "g", "level": "alpha", "moderator": "x2", "at": [-1.0, 0.0, 2.5], "alpha": 0.10}
    slopes.append(slope_record("moderation_at", "moderation", results["moderation"], rhs_order(mod_formula),
                               (gterm, f"{gterm}:x2"), spec["at"], spec, listwise(mixed, mod_formula, ())[0]["x2"]))
    rec, res = add(fit_record("numeric_focal", "mixed.csv", mixed, "y ~ x1 * x2 + g", "y ~ x1 * x2 + g"))
    x2 = listwise(mixed, "y ~ x1 * x2 + g", ())[0]["x2"]
    spec = {"focal": "x1", "level": None, "moderator": "x2", "at": [], "alpha": 0.05}
    slopes.append(slope_record("numeric_focal", "numeric_focal", res, [], ("x1", "x1:x2"),
                               [x2.mean() - x2.std(ddof=1), x2.mean(), x2.mean() + x2.std(ddof=1)], spec, x2))

    # Nested models on the same rows.
    both = ["x1", "x2", "g", "h"]
    r0, m0 = add(fit_record("nested_small", "mixed.csv", mixed, "y ~ x1 + g", "y ~ x1 + C(g, Treatment('gamma'))",
                            refs={"g": "gamma"}, complete_on=both))
    r1, m1 = add(fit_record("nested_large", "mixed.csv", mixed, "y ~ x1 * g + x2 + h",
                            "y ~ x1 * C(g, Treatment('gamma')) + x2 + h", refs={"g": "gamma"}, complete_on=both))
    f, p, ddf = m1.compare_f_test(m0)
    nested.append({"restricted": "nested_small", "full": "nested_large", "f": float(f), "p": float(p),
                   "df_num": int(ddf), "df_den": int(m1.df_resid), "r2_change": r1["r2"] - r0["r2"]})

    # The demo survey: every published model on the analytic sample (rows complete on every
    # variable of every model), and one on its own listwise sample.
    published = json.loads((HERE.parents[3] / "corpus" / "published" / "wang2023.json").read_text())
    all_vars = []
    for t in published["tables"]:
        for m in t["models"]:
            for v in rhs_order(m["formula"]) + [m["formula"].split("~")[0].strip()]:
                if v not in all_vars:
                    all_vars.append(v)
    survey_fits = []
    for t in published["tables"]:
        for m in t["models"]:
            name = f"survey_t{t['table']}m{m['model']}"
            sm_f = m["formula"].replace("migration", "C(migration, Treatment('none'))")
            rec, res = add(fit_record(name, "survey.csv", survey, m["formula"], sm_f, refs={"migration": "none"},
                                      complete_on=all_vars))
            rec["published_terms"] = [x["term"] for x in m["terms"]]
            survey_fits.append(name)
    t4m1 = published["tables"][2]["models"][0]["formula"]
    t4m1_sm = t4m1.replace("migration", "C(migration, Treatment('none'))")
    add(fit_record("survey_t4m1_own_listwise", "survey.csv", survey, t4m1, t4m1_sm, refs={"migration": "none"}))
    rec, res = add(fit_record("survey_t4m1_HC3", "survey.csv", survey, t4m1, t4m1_sm, refs={"migration": "none"},
                              complete_on=all_vars, robust="HC3"))
    sample, _ = listwise(survey, t4m1, all_vars)
    bel = sample["belonging"]
    mterm = "C(migration, Treatment('none'))[T.mother]"
    spec = {"focal": "migration", "level": "mother", "moderator": "belonging", "at": [], "alpha": 0.05}
    for fname in ["survey_t4m1", "survey_t4m1_HC3"]:
        slopes.append(slope_record(fname, fname, results[fname], rhs_order(t4m1), (mterm, f"{mterm}:belonging"),
                                   [bel.mean() - bel.std(ddof=1), bel.mean(), bel.mean() + bel.std(ddof=1)],
                                   spec, bel))
    f, p, ddf = results["survey_t4m1"].compare_f_test(results["survey_t3m1"])
    nested.append({"restricted": "survey_t3m1", "full": "survey_t4m1", "f": float(f), "p": float(p),
                   "df_num": int(ddf), "df_den": int(results["survey_t4m1"].df_resid),
                   "r2_change": float(results["survey_t4m1"].rsquared - results["survey_t3m1"].rsquared)})

    # Table 1: the analytic sample by migration group.
    groups = ["none", "mother", "father", "both"]
    desc = {"groups": {}, "n": int(len(sample))}
    for g in groups:
        d = sample[sample.migration == g]
        desc["groups"][g] = {
            "n": int(len(d)),
            "depression": [float(d.depression.mean()), float(d.depression.std(ddof=1))],
            "age": [float(d.age.mean()), float(d.age.std(ddof=1))],
            "girl": {str(k): float(100 * (d.girl == k).mean()) for k in [0, 1]},
            "grade": {str(k): float(100 * (d.grade == k).mean()) for k in [5, 7, 8, 9]},
        }

    # Cronbach's alpha of dep1..dep6 over rows complete on the items.
    items = [f"dep{i}" for i in range(1, 7)]
    X = survey[items].dropna()

    def alpha(x):
        k = x.shape[1]
        return k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))

    alpha_ref = {"n": int(len(X)), "alpha": float(alpha(X)), "items": {}}
    for it in items:
        rest = X.drop(columns=[it])
        alpha_ref["items"][it] = {
            "mean": float(X[it].mean()), "sd": float(X[it].std(ddof=1)),
            "item_total": float(np.corrcoef(X[it], rest.sum(axis=1))[0, 1]),
            "alpha_if_deleted": float(alpha(rest)),
        }

    hard = pd.read_csv(HERE / "hard.csv")
    hard_refs = [mp_fit(hard, "y", ["x"] + [f"x{k}" for k in range(2, 9)]), mp_fit(hard, "y2", ["u", "v"])]

    out = {
        "versions": {"python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__,
                     "patsy": patsy.__version__, "mpmath": mpmath.__version__},
        "fits": fits, "slopes": slopes, "nested": nested, "survey_fits": survey_fits,
        "survey_complete_on": all_vars, "describe": desc, "alpha": alpha_ref, "hard": hard_refs,
    }
    (HERE / "reference.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
