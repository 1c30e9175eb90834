#!/usr/bin/env python3
"""Check the synthetic survey against Wang (2023).

Usage: python check_survey.py [survey.csv] [--json published.json] [--quiet]
Needs pandas and statsmodels (pip install pandas statsmodels).

Keeps only the rows with sample == "questionnaire" (the 933 questionnaires;
the 18 "interview" rows of the interviewed children are not part of the
paper's sample), fits the paper's specifications by OLS on their
listwise-complete cases and prints fitted vs published values; prints
Table 1-style marginals and Cronbach's alpha of dep1..dep6.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

ROOT = Path(__file__).resolve().parents[2]
CONTROLS = "girl + age + grade + siblings + korean + mother_edu + father_edu"
SUPPORT = ["belonging", "teacher_attitude", "teacher_satisfaction", "best_friends",
           "closeness", "peer_satisfaction"]
GROUPS = ["none", "mother", "father", "both"]
SAMPLE = "questionnaire"


def load(path):
    df = pd.read_csv(path, na_values=["NA"], keep_default_na=False)
    # The paper's sample only: drop the interviewed children's rows.
    if "sample" in df.columns:
        df = df[df["sample"] == SAMPLE].drop(columns="sample")
    cc = df.dropna().copy()
    cc["migration"] = pd.Categorical(cc["migration"], categories=GROUPS)
    return df, cc


def alpha(items):
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def term(t):
    if t == "Intercept":
        return "(Intercept)"
    return t.replace("C(migration, Treatment('none'))", "migration").replace("[T.", "[")


def fit(cc, rhs, centre=None):
    d = cc.copy()
    if centre:
        d[centre] = d[centre] - d[centre].mean()
    m = smf.ols("depression ~ " + rhs.replace("migration", "C(migration, Treatment('none'))"), d).fit()
    return {term(k): (v, m.bse[k], stars(m.pvalues[k])) for k, v in m.params.items()}, m.rsquared


def stars(p):
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


def specs():
    out = {2: {1: "migration", 2: f"migration + {CONTROLS}"}, 3: {}, 4: {}}
    for i, s in enumerate(SUPPORT, 1):
        out[3][i] = f"migration + {s} + {CONTROLS}"
        out[4][i] = f"migration * {s} + {CONTROLS}"
    return out


def table1(cc):
    rows = []
    for g in GROUPS:
        d = cc[cc.migration == g]
        rows.append((g, len(d), d.depression.mean(), d.depression.std(), d.age.mean(), d.age.std(),
                     100 * d.girl.mean(), 100 * d.korean.mean(), d.teacher_attitude.mean(),
                     d.teacher_attitude.std()))
    return rows


def main(argv):
    path = Path(argv[0]) if argv and not argv[0].startswith("--") else ROOT / "corpus/survey/survey.csv"
    pub_path = ROOT / "corpus/published/wang2023.json"
    df, cc = load(path)
    print(f"rows {len(df)} (sample == {SAMPLE!r}), complete {len(cc)}, groups",
          dict(cc.migration.value_counts()[GROUPS]))
    print(f"alpha dep1..dep6 (complete cases) {alpha(cc[[f'dep{i}' for i in range(1, 7)]]):.4f}")
    items_all = df[[f"dep{i}" for i in range(1, 7)]].dropna()
    print(f"alpha dep1..dep6 (all rows with items) {alpha(items_all):.4f}")
    print("group  n  dep_mean dep_sd age_mean age_sd %girl %korean att_mean att_sd")
    for r in table1(cc):
        print("{:6s} {:3d} {:7.3f} {:6.3f} {:7.3f} {:6.3f} {:6.2f} {:6.2f} {:7.3f} {:6.3f}".format(*r))
    pub = json.loads(pub_path.read_text()) if pub_path.exists() else None
    published = {}
    if pub:
        for t in pub["tables"]:
            for m in t["models"]:
                published[(t["table"], m["model"])] = (
                    {x["term"]: (x["estimate"], x["se"], x["stars"]) for x in m["terms"]}, m["r2"])
    for table, models in specs().items():
        for model, rhs in models.items():
            est, r2 = fit(cc, rhs)
            pterms, pr2 = published.get((table, model), ({}, None))
            print(f"\nTable {table} model {model}: depression ~ {rhs}   R2 {r2:.3f} (published {pr2})")
            print(f"  {'term':40s} {'fitted':>19s}    published")
            for k, (b, se, st) in est.items():
                p = pterms.get(k)
                ptxt = f"{p[0]:>8} ({p[1]}){p[2]}" if p else ""
                print(f"  {k:40s} {b:8.3f} ({se:.3f}){st:3s}   {ptxt}")
            if table == 4:
                s = SUPPORT[model - 1]
                est_c, _ = fit(cc, rhs, centre=s)
                b, se, _ = est_c["migration[mother]"]
                print(f"  {'migration[mother] (moderator centred)':40s} {b:8.3f} ({se:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
