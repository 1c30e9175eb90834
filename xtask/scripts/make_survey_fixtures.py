#!/usr/bin/env python3
"""Write the small survey fixtures in tests/data/survey/ with the ecosystem's reference writers.

What it writes (all into tests/data/survey/, all describing the same 40 synthetic children):

  small.csv   the plain-text truth: header row, `\\n` line endings, numeric codes as numbers,
              dates as YYYY-MM-DD, missing cells written `NA`
  small.sav   SPSS, pyreadstat.write_sav (ReadStat), uncompressed: variable labels, value labels
              (also 98 "refused" on age and -99 "not answered" on depression), discrete
              user-missing values (depression -99, age 98), measurement levels, print formats
              F8.0/F8.2/F8.3, dates as DATE11 (seconds since 1582-10-14)
  small.zsav  the same, zlib-compressed (write_sav(compress=True))
  small.dta   Stata, pyreadstat.write_dta(version=14), i.e. dta release 118: variable labels,
              value labels; id/school/migration/girl/age stored as `long`, the rest as `double`;
              the user-missing cells are Stata extended missing values (depression `.a`,
              age `.b`), each value-labelled; dates as %td (days since 1960-01-01)
  small.xlsx  openpyxl: sheet "data" (typed cells: numbers, real Excel dates (serials, 1900
              system) formatted yyyy-mm-dd, school and migration as their label text (openpyxl
              writes inline strings, no sharedStrings.xml), missing cells absent) and a second
              sheet "notes" holding one text cell in A1
  small.ods   pandas DataFrame.to_excel(engine="odf") (odfpy): one sheet "data" with the same
              content as small.xlsx's "data" sheet; note that pandas writes a missing cell as
              a *string* cell with an empty value (office:value-type="string",
              office:string-value=""), not as an absent cell, and a float 0 with an empty
              <text:p> (the value is in office:value); dates are office:date-value="YYYY-MM-DD"

The columns:

  id           1..40
  school       1..4  "Korean primary", "Korean secondary", "Han secondary A", "Han secondary B"
               (10 children each)
  migration    0..3  "none", "mother", "father", "both"
  girl         0/1   "boy", "girl"
  age          10..16 (integer); id 26 is 98 = "refused" (user-missing) in sav/dta, NA in csv
  belonging    1.00..5.00, 2 decimals
  depression   20 - 2*belonging + small effects + noise, 3 decimals; ids 7, 19 and 33 are -99
               = "not answered" (user-missing) in sav/dta, NA in csv
  w            survey weight 0.500..2.000, 3 decimals
  interviewed  a date from 2019-11-01 to 2020-01-31

Determinism: the values come from Python's `random.Random(SEED).random()` only (its stream is
stable across Python versions; no numpy RNG), and every float is made from its fixed-decimal
text, so the CSV and the binary files hold the same doubles. The writers stamp the time of
writing; this script overwrites those stamps with FIXED_STAMP afterwards (SAV/ZSAV header
creation date and time, the dta <timestamp>, the xlsx core.xml dcterms:modified and every zip
entry's date in the xlsx and ods), so a rerun with the same library versions gives the same
bytes (the zsav and the zip members also depend on the zlib build).

How to run (outside the repo's Rust build; nothing here needs cargo):

  python3 -m venv /tmp/pyenv
  /tmp/pyenv/bin/pip install pyreadstat openpyxl statsmodels pandas odfpy
  /tmp/pyenv/bin/python xtask/scripts/make_survey_fixtures.py

Written with pyreadstat 1.3.8, openpyxl 3.1.5, pandas 3.1.1, odfpy 1.4.1, Python 3.11.7.
xtask/scripts/reference_fits.py then computes statsmodels reference values from small.csv.
"""
import csv
import datetime as dt
import hashlib
import io
import locale
import math
import random
import re
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "survey"
SEED = 20191101
N = 40
FIXED_STAMP = dt.datetime(2020, 2, 1, 0, 0, 0)

SCHOOLS = {1: "Korean primary", 2: "Korean secondary", 3: "Han secondary A", 4: "Han secondary B"}
MIGRATION = {0: "none", 1: "mother", 2: "father", 3: "both"}
GIRL = {0: "boy", 1: "girl"}
DEP_MISSING_IDS = (7, 19, 33)  # depression user-missing: -99 in sav, .a in dta, NA in csv
AGE_MISSING_IDS = (26,)  # age user-missing: 98 ("refused") in sav, .b in dta, NA in csv
DEP_CODE, AGE_CODE = -99, 98
COLUMNS = ["id", "school", "migration", "girl", "age", "belonging", "depression", "w", "interviewed"]
LABELS = {
    "id": "Respondent id",
    "school": "School",
    "migration": "Parental migration",
    "girl": "Child is a girl",
    "age": "Age in years",
    "belonging": "School belonging (mean of items, 1-5)",
    "depression": "Depression score (CES-DC)",
    "w": "Survey weight",
    "interviewed": "Date of interview",
}


# ---------------------------------------------------------------------------- data


def generate():
    """The 40 rows as dicts of *text* (the CSV cells, missing = None) and of typed values."""
    rng = random.Random(SEED)
    u = rng.random

    def normal():  # Box-Muller from two uniforms; only random() is used
        return math.sqrt(-2.0 * math.log(1.0 - u())) * math.cos(2.0 * math.pi * u())

    def shuffle(xs):  # Fisher-Yates on random() (random.shuffle's algorithm may change)
        for i in range(len(xs) - 1, 0, -1):
            j = int(u() * (i + 1))
            xs[i], xs[j] = xs[j], xs[i]
        return xs

    schools = shuffle([s for s in SCHOOLS for _ in range(N // len(SCHOOLS))])
    # 16 none, 6 mother, 9 father, 9 both
    migrations = shuffle([0] * 16 + [1] * 6 + [2] * 9 + [3] * 9)
    girls = shuffle([0] * 19 + [1] * 21)
    school_effect = {1: -0.6, 2: 0.4, 3: 0.9, 4: -0.3}
    start = dt.date(2019, 11, 1)
    span = (dt.date(2020, 1, 31) - start).days  # 91
    rows = []
    for i in range(N):
        rid = i + 1
        school, mig, girl = schools[i], migrations[i], girls[i]
        age = (10 + int(u() * 3)) if school == 1 else (12 + int(u() * 5))  # 10-12 / 12-16
        b = min(5.0, max(1.0, 3.6 + 0.8 * normal() - (0.3 if mig == 1 else 0.0)))
        belonging = f"{b:.2f}"
        d = (20.0 - 2.0 * float(belonging) + 0.8 * girl + 0.3 * (age - 13)
             + (1.5 if mig == 1 else 0.0) + school_effect[school] + 1.2 * normal())
        depression = f"{d:.3f}"
        w = f"{0.5 + 1.5 * u():.3f}"
        day = start + dt.timedelta(days=int(u() * (span + 1)))
        rows.append({
            "id": str(rid), "school": str(school), "migration": str(mig), "girl": str(girl),
            "age": None if rid in AGE_MISSING_IDS else str(age),
            "belonging": belonging,
            "depression": None if rid in DEP_MISSING_IDS else depression,
            "w": w, "interviewed": day.isoformat(),
        })
    return rows


def typed(rows):
    """Columns as Python values: int, float (from the fixed-decimal text), date, None = missing."""
    conv = {"id": int, "school": int, "migration": int, "girl": int, "age": int,
            "belonging": float, "depression": float, "w": float,
            "interviewed": dt.date.fromisoformat}
    return {c: [None if r[c] is None else conv[c](r[c]) for r in rows] for c in COLUMNS}


# ---------------------------------------------------------------------------- writers


def write_csv(rows, path):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["NA" if r[c] is None else r[c] for c in COLUMNS])
    path.write_bytes(buf.getvalue().encode("utf-8"))


def spss_frame(cols):
    df = pd.DataFrame({
        "id": pd.array(cols["id"], dtype="int64"),
        "school": pd.array(cols["school"], dtype="int64"),
        "migration": pd.array(cols["migration"], dtype="int64"),
        "girl": pd.array(cols["girl"], dtype="int64"),
        "age": pd.array([AGE_CODE if v is None else v for v in cols["age"]], dtype="int64"),
        "belonging": pd.array(cols["belonging"], dtype="float64"),
        "depression": pd.array([float(DEP_CODE) if v is None else v for v in cols["depression"]],
                               dtype="float64"),
        "w": pd.array(cols["w"], dtype="float64"),
        "interviewed": pd.Series(cols["interviewed"], dtype="object"),  # datetime.date objects
    })
    return df


def write_sav(cols, path, compress):
    df = spss_frame(cols)
    pyreadstat.write_sav(
        df, str(path),
        file_label="Braid survey fixture (synthetic)",
        column_labels=[LABELS[c] for c in COLUMNS],
        compress=compress,
        variable_value_labels={
            "school": dict(SCHOOLS), "migration": dict(MIGRATION), "girl": dict(GIRL),
            "age": {AGE_CODE: "refused"},
            "depression": {float(DEP_CODE): "not answered"},
        },
        missing_ranges={"depression": [DEP_CODE], "age": [AGE_CODE]},
        variable_format={"id": "F8.0", "school": "F8.0", "migration": "F8.0", "girl": "F8.0",
                         "age": "F8.0", "belonging": "F8.2", "depression": "F8.3", "w": "F8.3"},
        variable_measure={"id": "nominal", "school": "nominal", "migration": "nominal",
                          "girl": "nominal", "age": "scale", "belonging": "scale",
                          "depression": "scale", "w": "scale", "interviewed": "scale"},
    )
    data = bytearray(path.read_bytes())
    # SAV header record: rec_type(4) prod_name(60) layout_code(4) nominal_case_size(4)
    # compression(4) weight_index(4) ncases(4) bias(8) creation_date(9) creation_time(8)
    assert data[:4] in (b"$FL2", b"$FL3"), data[:4]
    off = 4 + 60 + 4 + 4 + 4 + 4 + 4 + 8
    stamp = (FIXED_STAMP.strftime("%d ") + FIXED_STAMP.strftime("%b").title()
             + FIXED_STAMP.strftime(" %y") + FIXED_STAMP.strftime("%H:%M:%S")).encode("ascii")
    assert len(stamp) == 17 and re.fullmatch(rb"\d\d \w\w\w \d\d\d\d:\d\d:\d\d", bytes(data[off:off + 17])), \
        data[off:off + 17]
    data[off:off + 17] = stamp
    path.write_bytes(bytes(data))


def write_dta(cols, path):
    # Extended missing values: pyreadstat takes the letter as a *string* cell in an object
    # column plus missing_user_values; real values stay Python ints / floats.
    # int32 columns become Stata `long` (pyreadstat writes int64 as `double`, and int8/int16
    # also as `long`), so the codes are stored as integers as Stata itself would store them.
    df = pd.DataFrame({
        "id": pd.array(cols["id"], dtype="int32"),
        "school": pd.array(cols["school"], dtype="int32"),
        "migration": pd.array(cols["migration"], dtype="int32"),
        "girl": pd.array(cols["girl"], dtype="int32"),
        "age": pd.Series(["b" if v is None else v for v in cols["age"]], dtype="object"),
        "belonging": pd.array(cols["belonging"], dtype="float64"),
        "depression": pd.Series(["a" if v is None else v for v in cols["depression"]], dtype="object"),
        "w": pd.array(cols["w"], dtype="float64"),
        "interviewed": pd.Series(cols["interviewed"], dtype="object"),
    })
    pyreadstat.write_dta(
        df, str(path),
        file_label="Braid survey fixture (synthetic)",
        column_labels=[LABELS[c] for c in COLUMNS],
        version=14,  # dta release 118 (pyreadstat's default, 15, writes release 119)
        variable_value_labels={
            "school": dict(SCHOOLS), "migration": dict(MIGRATION), "girl": dict(GIRL),
            "age": {"b": "refused"}, "depression": {"a": "not answered"},
        },
        missing_user_values={"age": ["b"], "depression": ["a"]},
    )
    data = bytearray(path.read_bytes())
    assert data.startswith(b"<stata_dta><header><release>118</release>"), data[:64]
    tag = b"<timestamp>"
    i = data.index(tag) + len(tag)
    n = data[i]
    stamp = (FIXED_STAMP.strftime("%d ") + FIXED_STAMP.strftime("%b").title()
             + FIXED_STAMP.strftime(" %Y %H:%M")).encode("ascii")
    assert n == len(stamp) == 17, (n, data[i:i + 20])
    data[i + 1:i + 1 + n] = stamp
    assert data[i + 1 + n:i + 1 + n + 12] == b"</timestamp>"
    path.write_bytes(bytes(data))


def sheet_rows(cols):
    """The "data" sheet of the xlsx and the ods: label text for school/migration, None = empty."""
    out = []
    for i in range(N):
        out.append([
            cols["id"][i], SCHOOLS[cols["school"][i]], MIGRATION[cols["migration"][i]],
            cols["girl"][i], cols["age"][i], cols["belonging"][i], cols["depression"][i],
            cols["w"][i], cols["interviewed"][i],
        ])
    return out


def normalize_zip(path, edit=None):
    """Rewrite a zip with every entry dated FIXED_STAMP, in the same order, with the same
    compression; edit(name, bytes) -> bytes may change a member (e.g. a timestamp inside)."""
    src = zipfile.ZipFile(path)
    entries = [(info, src.read(info.filename)) for info in src.infolist()]
    src.close()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in entries:
            if edit:
                data = edit(info.filename, data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            zi.compress_type = info.compress_type
            zi.external_attr = 0o600 << 16
            zi.create_system = 3
            z.writestr(zi, data)
    path.write_bytes(buf.getvalue())


def write_xlsx(cols, path):
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(COLUMNS)
    for row in sheet_rows(cols):
        ws.append(row)
    for r in range(2, N + 2):
        ws.cell(row=r, column=COLUMNS.index("interviewed") + 1).number_format = "yyyy-mm-dd"
    notes = wb.create_sheet("notes")
    notes["A1"] = "Synthetic fixture for Braid tests; the data are on the sheet 'data'."
    wb.properties.creator = "Braid make_survey_fixtures.py"
    wb.properties.created = FIXED_STAMP
    wb.save(path)
    iso = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")

    def edit(name, data):
        if name == "docProps/core.xml":
            data, k = re.subn(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + iso + rb"\g<2>", data)
            assert k == 1
        return data

    normalize_zip(path, edit)


def write_ods(cols, path):
    df = pd.DataFrame(sheet_rows(cols), columns=COLUMNS, dtype="object")
    df.to_excel(path, engine="odf", sheet_name="data", index=False)

    def edit(name, data):
        # odfpy stamps no dates into meta.xml today; scrub any that a later version might add
        if name == "meta.xml":
            data = re.sub(rb"(<(meta:creation-date|dc:date)>)[^<]*(</\2>)",
                          rb"\g<1>" + FIXED_STAMP.isoformat().encode() + rb"\g<3>", data)
        return data

    normalize_zip(path, edit)


# ---------------------------------------------------------------------------- summary


def summarize(path):
    data = path.read_bytes()
    head = f"{path.name:11s} {len(data):6d} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}"
    if path.suffix == ".csv":
        df = pd.read_csv(path, na_values=["NA"], keep_default_na=False)
        return f"{head}\n    {df.shape[0]} rows x {df.shape[1]} cols, NA cells per column " \
               f"{ {c: int(v) for c, v in df.isna().sum().items() if v} }"
    if path.suffix in (".sav", ".zsav", ".dta"):
        read = pyreadstat.read_sav if path.suffix != ".dta" else pyreadstat.read_dta
        df, meta = read(str(path), user_missing=True)
        df2, _ = read(str(path))
        return (f"{head}\n    {meta.number_rows} rows x {meta.number_columns} cols, "
                f"file_label={meta.file_label!r}, encoding={meta.file_encoding}\n"
                f"    formats {meta.original_variable_types}\n"
                f"    value labels {meta.variable_to_label}; missing_ranges {meta.missing_ranges}"
                f"; missing_user_values {meta.missing_user_values}\n"
                f"    user-missing kept: depression {sorted(set(df.depression[df2.depression.isna()]))}"
                f", age {sorted(set(df.age[df2.age.isna()]))}; NaN after default read: "
                f"{ {c: int(v) for c, v in df2.isna().sum().items() if v} }")
    if path.suffix == ".xlsx":
        wb = load_workbook(path)
        ws = wb["data"]
        r2 = [c.value for c in ws[2]]
        return f"{head}\n    sheets {wb.sheetnames}; data {ws.max_row} rows incl. header x " \
               f"{ws.max_column} cols; row 2 {r2}"
    if path.suffix == ".ods":
        df = pd.read_excel(path, engine="odf", sheet_name=None)
        d = df["data"]
        return f"{head}\n    sheets {list(df)}; data {d.shape[0]} rows x {d.shape[1]} cols; " \
               f"NaN {dict((c, int(v)) for c, v in d.isna().sum().items() if v)}"
    return head


def main():
    locale.setlocale(locale.LC_ALL, "C")  # pandas' ods writer formats dates' display text with %x
    OUT.mkdir(parents=True, exist_ok=True)
    rows = generate()
    cols = typed(rows)
    write_csv(rows, OUT / "small.csv")
    write_sav(cols, OUT / "small.sav", compress=False)
    write_sav(cols, OUT / "small.zsav", compress=True)
    write_dta(cols, OUT / "small.dta")
    write_xlsx(cols, OUT / "small.xlsx")
    write_ods(cols, OUT / "small.ods")
    print(f"pyreadstat {pyreadstat.__version__}, pandas {pd.__version__}, Python {sys.version.split()[0]}")
    for name in ["small.csv", "small.sav", "small.zsav", "small.dta", "small.xlsx", "small.ods"]:
        print(summarize(OUT / name))


if __name__ == "__main__":
    main()
