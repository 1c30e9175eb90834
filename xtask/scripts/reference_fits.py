#!/usr/bin/env python3
"""statsmodels reference values for the survey fixtures: writes tests/data/survey/reference.json.

Reads tests/data/survey/small.csv (written by make_survey_fixtures.py) and the demo survey
corpus/survey/survey.csv; both are read with `NA` as the only missing-value marker. Of the
survey only the rows with sample == "questionnaire" are used (Braid: --subset
sample=questionnaire); the 18 "interview" rows of the interviewed children are not part of
the paper's sample.

How to run (same venv as make_survey_fixtures.py; nothing here needs cargo):

  python3 -m venv /tmp/pyenv
  /tmp/pyenv/bin/pip install pyreadstat openpyxl statsmodels pandas odfpy
  /tmp/pyenv/bin/python xtask/scripts/reference_fits.py

Every number is a Python float written by json (repr: shortest text that round-trips the
double), i.e. full precision; dicts of plain values are written on one line each. Fits are statsmodels OLS/WLS with the default pinv solver.

Keys of reference.json
----------------------
versions                 python, statsmodels, pandas, numpy, patsy versions used.

small                    fits on tests/data/survey/small.csv. The estimation sample of every
                         small fit is listwise complete on depression, belonging, girl and age
                         (ids 7, 19, 33 lack depression and id 26 lacks age): n = 36.
small.file               "tests/data/survey/small.csv".
small.sample_ids         the ids of the 36 rows used, ascending.

Each fit record (small.centred, small.scaled, small.cluster, small.wls and
table4.models.<k>.centred / .uncentred) has:
  statsmodels_formula    the formula given to statsmodels.formula.api (on the derived columns).
  braid_formula          the same model in Braid's formula language; options (refs,
                         weights, cluster) are in braid_options.
  braid_options          {"refs": {...}, "weights": column or null, "cluster": column or null}.
  n                      rows used (statsmodels nobs).
  df_resid               n minus the number of coefficients.
  params                 {statsmodels term name: estimate}.
  bse                    {statsmodels term name: standard error}.
  braid_terms            {statsmodels term name: Braid's term name}. Braid writes the intercept
                         `(Intercept)`, a factor level `migration[mother]`, `center(x)` /
                         `scale(x)` for transformed columns, and interactions joined with `:`
                         with the variables in order of first appearance in the formula.
  r2                     R-squared (statsmodels rsquared; for WLS it is statsmodels' weighted,
                         centred R-squared).

small.centred            OLS depression ~ belonging_c * girl + age, belonging_c = belonging minus
                         its mean over the 36 rows. Extra key: belonging_mean.
small.scaled             the same with belonging_z = (belonging - mean) / sd, sd with ddof = 1
                         over the 36 rows. Extra keys: belonging_mean, belonging_sd.
small.cluster            OLS depression ~ belonging + girl + age, fit(cov_type="cluster",
                         cov_kwds={"groups": school}) with statsmodels' defaults. Extra keys:
                           groups            "school"
                           n_clusters        number of schools in the sample (4)
                           cov_kwds          the defaults statsmodels recorded:
                                             use_correction (True) and adjust_df (True, because
                                             df_correction was not set to False)
                           correction_factor G/(G-1) * (n-1)/(n-k), the CR1 (Stata) factor that
                                             use_correction=True multiplies the sandwich by
                           bse               the cluster-robust SEs (CR1)
                           bse_classical     the non-robust SEs of the same OLS, for contrast
                           df_inference      G - 1: the df statsmodels uses for t tests when
                                             use_t=True with clusters (Braid's choice, as Stata)
                           p_t               p-values with use_t=True (t on G - 1 df)
                           p_z               p-values of the default fit (use_t False: normal)
small.wls                WLS depression ~ belonging + girl + age, weights = w (statsmodels'
                         weights: each row's squared residual is multiplied by w). Extra keys:
                         r2_adj, scale (weighted residual variance), bse as classical WLS SEs.

table4                   the paper's Table 4 (corpus/published/wang2023.json) refitted on
                         the sample == "questionnaire" rows of corpus/survey/survey.csv.
table4.file              "corpus/survey/survey.csv".
table4.complete_on       the variables of every Table 2-4 model; the analytic sample is the
                         questionnaire rows with none of them NA.
table4.n                 size of the analytic sample (605).
table4.group_n           rows per migration group in it.
table4.models.<k>        k = "1".."6", Table 4 model k:
  moderator              the school-support variable M.
  published_formula      the formula printed in wang2023.json (R style, migration ref "none").
  moderator_mean         mean of M over the analytic sample (the centring constant).
  centred                fit of depression ~ C(migration, Treatment('none')) * M_c + controls,
                         M_c = M - moderator_mean (Braid: migration * center(M) + controls).
  uncentred              the same with M as is (Braid: the published formula).
  main_effects           {"centred" | "uncentred": {Braid name "migration[level]":
                         {"estimate", "se"}}}: the migration main effects, copied from the fits.
  published              {Braid name: {"estimate", "se"}} of the migration main effects as the
                         paper prints them (for comparison only; models 2-6 match the centred
                         fit, model 1 the uncentred one, per the transcriber's note).
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import patsy
import statsmodels
import statsmodels.formula.api as smf

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "survey" / "small.csv"
SURVEY = ROOT / "corpus" / "survey" / "survey.csv"
PUBLISHED = ROOT / "corpus" / "published" / "wang2023.json"
OUT = ROOT / "tests" / "data" / "survey" / "reference.json"

MIG = "C(migration, Treatment('none'))"
CONTROLS = ["girl", "age", "grade", "siblings", "korean", "mother_edu", "father_edu"]
LEVELS = ["none", "mother", "father", "both"]
# The paper's sample within survey.csv (the other value, "interview", marks the 18
# interviewed children's rows).
SAMPLE = "questionnaire"


def read(path):
    return pd.read_csv(path, na_values=["NA"], keep_default_na=False)


def braid_name(sm_name, renames):
    """statsmodels/patsy term name -> Braid's: Intercept -> (Intercept),
    C(migration, Treatment('none'))[T.mother] -> migration[mother], derived columns renamed."""
    if sm_name == "Intercept":
        return "(Intercept)"
    parts = []
    for part in sm_name.split(":"):
        if part.startswith(MIG + "[T."):
            parts.append("migration[" + part[len(MIG) + 3:-1] + "]")
        else:
            parts.append(renames.get(part, part))
    return ":".join(parts)


def record(res, sm_formula, braid_formula, renames, refs=None, weights=None, cluster=None):
    return {
        "statsmodels_formula": sm_formula,
        "braid_formula": braid_formula,
        "braid_options": {"refs": refs or {}, "weights": weights, "cluster": cluster},
        "n": int(res.nobs),
        "df_resid": int(round(res.df_resid)),
        "params": {k: float(v) for k, v in res.params.items()},
        "bse": {k: float(v) for k, v in res.bse.items()},
        "braid_terms": {k: braid_name(k, renames) for k in res.params.index},
        "r2": float(res.rsquared),
    }


def small_fits():
    df = read(SMALL)
    s = df.dropna(subset=["depression", "belonging", "girl", "age"]).copy()
    mean = float(s.belonging.mean())
    sd = float(s.belonging.std(ddof=1))
    s["belonging_c"] = s.belonging - mean
    s["belonging_z"] = (s.belonging - mean) / sd
    out = {"file": "tests/data/survey/small.csv", "sample_ids": [int(i) for i in s.id]}

    f = "depression ~ belonging_c * girl + age"
    out["centred"] = record(smf.ols(f, s).fit(), f, "depression ~ center(belonging) * girl + age",
                            {"belonging_c": "center(belonging)"})
    out["centred"]["belonging_mean"] = mean

    f = "depression ~ belonging_z * girl + age"
    out["scaled"] = record(smf.ols(f, s).fit(), f, "depression ~ scale(belonging) * girl + age",
                           {"belonging_z": "scale(belonging)"})
    out["scaled"]["belonging_mean"] = mean
    out["scaled"]["belonging_sd"] = sd

    f = "depression ~ belonging + girl + age"
    groups = s.school.to_numpy()
    model = smf.ols(f, s)
    res = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    res_t = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    classical = model.fit()
    g = int(len(np.unique(groups)))
    n, k = int(res.nobs), len(res.params)
    rec = record(res, f, f, {}, cluster="school")
    assert np.allclose(res_t.bse, res.bse, rtol=0, atol=0)
    rec.update({
        "groups": "school",
        "n_clusters": g,
        "cov_kwds": {"use_correction": bool(res.cov_kwds["use_correction"]),
                     "adjust_df": bool(res.cov_kwds["adjust_df"])},
        "correction_factor": g / (g - 1.0) * ((n - 1.0) / float(n - k)),
        "bse_classical": {kk: float(v) for kk, v in classical.bse.items()},
        "df_inference": int(round(res_t.df_resid_inference)),
        "p_t": {kk: float(v) for kk, v in res_t.pvalues.items()},
        "p_z": {kk: float(v) for kk, v in res.pvalues.items()},
    })
    out["cluster"] = rec

    res = smf.wls(f, s, weights=s.w).fit()
    rec = record(res, f, f, {}, weights="w")
    rec.update({"r2_adj": float(res.rsquared_adj), "scale": float(res.scale)})
    out["wls"] = rec
    return out


def table4():
    pub = json.loads(PUBLISHED.read_text())
    tables = {t["table"]: t for t in pub["tables"]}
    # Every variable of every Table 2-4 model.
    used = []
    for t in (2, 3, 4):
        for m in tables[t]["models"]:
            lhs, rhs = m["formula"].split("~")
            for v in [lhs] + rhs.replace("*", "+").split("+"):
                v = v.strip()
                if v and v not in used:
                    used.append(v)
    df = read(SURVEY)
    df = df[df["sample"] == SAMPLE].drop(columns="sample")
    assert len(df) == 933, len(df)
    s = df.dropna(subset=used).copy()
    assert len(s) == 605, len(s)
    # The complete cases of the whole file are the same rows.
    assert s.index.equals(df.dropna().index)
    out = {
        "file": "corpus/survey/survey.csv",
        "complete_on": used,
        "n": int(len(s)),
        "group_n": {g: int((s.migration == g).sum()) for g in LEVELS},
        "models": {},
    }
    controls = " + ".join(CONTROLS)
    for m in tables[4]["models"]:
        formula = m["formula"]
        lhs, rhs = formula.split("~")
        first = rhs.split("+")[0]
        assert first.split("*")[0].strip() == "migration", formula
        mod = first.split("*")[1].strip()
        rest = [v.strip() for v in rhs.split("+")[1:]]
        assert rest == CONTROLS, formula
        mean = float(s[mod].mean())
        d = s.copy()
        d[mod + "_c"] = d[mod] - mean
        rec = {"moderator": mod, "published_formula": formula, "moderator_mean": mean}
        refs = {"migration": "none"}
        f_c = f"depression ~ {MIG} * {mod}_c + {controls}"
        rec["centred"] = record(smf.ols(f_c, d).fit(), f_c,
                                f"depression ~ migration * center({mod}) + {controls}",
                                {mod + "_c": f"center({mod})"}, refs=refs)
        f_u = f"depression ~ {MIG} * {mod} + {controls}"
        rec["uncentred"] = record(smf.ols(f_u, d).fit(), f_u, formula, {}, refs=refs)
        rec["main_effects"] = {}
        for key in ("centred", "uncentred"):
            r = rec[key]
            rec["main_effects"][key] = {
                r["braid_terms"][t]: {"estimate": r["params"][t], "se": r["bse"][t]}
                for t in r["params"] if t.startswith(MIG) and ":" not in t
            }
        rec["published"] = {
                x["term"]: {"estimate": x["estimate"], "se": x["se"]}
                for x in m["terms"] if x["term"].startswith("migration[") and ":" not in x["term"]
        }
        out["models"][str(m["model"])] = rec
    return out


def dump(x, indent=0):
    """JSON with one line per leaf dict or list (one whose values are all scalars), so the
    file stays small and diffs stay readable; numbers are json's repr (full precision)."""
    pad = " " * indent
    leaf = lambda v: not isinstance(v, (dict, list)) or not v or all(
        not isinstance(e, (dict, list)) or not e for e in (v.values() if isinstance(v, dict) else v))
    if leaf(x):
        return json.dumps(x, ensure_ascii=False)
    if isinstance(x, list):
        items = [pad + " " + dump(v, indent + 1) for v in x]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [pad + " " + json.dumps(k) + ": " + dump(v, indent + 1) for k, v in x.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


def main():
    ref = {
        "versions": {"python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
                     "pandas": pd.__version__, "numpy": np.__version__, "patsy": patsy.__version__},
        "small": small_fits(),
        "table4": table4(),
    }
    text = dump(ref) + "\n"
    assert json.loads(text) == ref
    OUT.write_text(text)
    sm = ref["small"]
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
    for key in ("centred", "scaled", "cluster", "wls"):
        r = sm[key]
        print(f"small.{key}: n={r['n']} " + ", ".join(
            f"{r['braid_terms'][t]}={r['params'][t]:.4f} ({r['bse'][t]:.4f})" for t in r["params"]))
    c = sm["cluster"]
    print(f"  clusters={c['n_clusters']} cov_kwds={c['cov_kwds']} factor={c['correction_factor']:.6f}"
          f" df_inference={c['df_inference']}")
    t4 = ref["table4"]
    print(f"table4: n={t4['n']} groups={t4['group_n']}")
    for k, r in t4["models"].items():
        me = r["main_effects"]
        print(f"  model {k} ({r['moderator']}, mean {r['moderator_mean']:.4f}):")
        for lvl in ("mother", "father", "both"):
            t = f"migration[{lvl}]"
            c_, u_, p_ = me["centred"][t], me["uncentred"][t], r["published"][t]
            print(f"    {t:18s} centred {c_['estimate']:8.3f} ({c_['se']:.3f})  uncentred "
                  f"{u_['estimate']:8.3f} ({u_['se']:.3f})  published {p_['estimate']} ({p_['se']})")


if __name__ == "__main__":
    main()
