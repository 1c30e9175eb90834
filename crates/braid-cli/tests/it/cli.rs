//! The `braid` binary end to end: the demo study, the search contract, errors, and tidiness.

use std::path::{Path, PathBuf};
use std::process::Command;

fn braid(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_braid")).args(args).output().expect("run braid");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = braid(args);
    assert_eq!(code, 0, "braid {args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("braid {args:?}: not JSON ({e}): {stdout}"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn demo_builds_the_study_and_search_keeps_its_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let demo = json(&["demo", "--out", out, "--json"]);
    assert_eq!((demo["documents"].as_u64(), demo["informants"].as_u64()), (Some(41), Some(41)));
    assert_eq!(demo["warnings"], serde_json::json!([]));
    assert_eq!((demo["models"].as_array().unwrap().len(), demo["n"].as_u64()), (14, Some(605)));
    let all: Vec<&str> = demo["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    // Eight exports (two of them the case-ordered display of the 18 linked children), and the
    // six interaction plots joint-display.md links to (H1 one, H2 two, H3 three), beside it.
    assert_eq!(demo["linked"].as_u64(), Some(18));
    let (plots, files): (Vec<&str>, Vec<&str>) = all.iter().partition(|f| f.ends_with(".svg"));
    assert_eq!((files.len(), plots.len()), (8, 6), "{all:?}");
    let md = std::fs::read_to_string(files.iter().find(|f| f.ends_with("joint-display.md")).unwrap()).unwrap();
    for p in &plots {
        let name = std::path::Path::new(p).file_name().unwrap().to_str().unwrap();
        assert!(md.contains(&format!("]({name})")), "joint-display.md does not link {name}");
        assert!(std::fs::read_to_string(p).unwrap().starts_with("<svg"));
    }
    for f in files {
        if f.ends_with(".docx") {
            // A real Word file: a ZIP package with the document part.
            let bytes = std::fs::read(f).unwrap();
            assert!(bytes.starts_with(b"PK") && bytes.windows(17).any(|w| w == b"word/document.xml"), "{f}");
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let expect = if f.contains("joint-display") && f.ends_with(".md") {
            // Markdown: the stars of the meta-inference are escaped, not rendered as bold.
            r"Peers buffer in the survey (-4.383\*\*"
        } else if f.contains("joint-display") {
            "Peers buffer in the survey (-4.383**"
        } else if f.contains("statistics-by-theme") {
            "depression: 13.55 (6.97), N = 29"
        } else if f.contains("cases-by-depression") {
            // The children by depression: 0602 first, at 24.
            "0602"
        } else {
            "Mother away × school belonging"
        };
        assert!(text.contains(expect), "{f}");
    }
    let project = demo["project"].as_str().unwrap().to_string();

    let children = json(&["informants", &project, "--where", "type=child", "--json"]);
    assert_eq!(children.as_array().unwrap().len(), 18);
    let mother_away = json(&["docs", &project, "--where", "migration=mother", "--where", "type=child", "--json"]);
    let names: Vec<&str> = mother_away.as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["0405", "0602", "1002"]);

    let r = json(&["search", &project, "scared", "--where", "type=child", "--speaker", "respondent", "--counts", "migration", "--json"]);
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["counts", "hits", "query", "total"]);
    assert!(r["total"].as_u64().unwrap() >= 1);
    let shown = json(&["show", &project, "0602", "--json"]);
    let text: Vec<char> = shown["text"].as_str().unwrap().chars().collect();
    for hit in r["hits"].as_array().unwrap() {
        assert_eq!(hit["attributes"]["type"], "child");
        assert_eq!(hit["role"], "respondent");
        if hit["document"] == "0602" {
            for m in hit["matches"].as_array().unwrap() {
                let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                assert_eq!(text[s..e].iter().collect::<String>().to_lowercase(), "scared");
            }
        }
    }
    let by_migration = &r["counts"]["migration"];
    let sum: u64 = by_migration.as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(sum, r["total"].as_u64().unwrap());

    // Keyword in context: one line per match, the keyword as the text has it, context from its turn.
    let k = json(&["kwic", &project, "scared", "--where", "type=child", "--speaker", "respondent", "--sort", "right", "--width", "20", "--json"]);
    let keys: Vec<&str> = k.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["lines", "query", "truncated", "turns"]);
    let lines = k["lines"].as_array().unwrap();
    assert!(lines.len() as u64 >= k["turns"].as_u64().unwrap());
    for l in lines {
        assert_eq!(l["keyword"].as_str().unwrap().to_lowercase(), "scared");
        assert!(l["left"].as_str().unwrap().chars().count() <= 20 && l["right"].as_str().unwrap().chars().count() <= 20);
        assert_eq!(l["role"], "respondent");
    }
    let rights: Vec<String> = lines.iter().map(|l| braid_core::right_key(l["right"].as_str().unwrap())).collect();
    assert!(rights.windows(2).all(|w| w[0] <= w[1]), "sorted by the right context: {rights:?}");
    let (code, csv, _) = braid(&["kwic", &project, "scared", "--where", "type=child", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("document,informant,speaker,start,end,left,keyword,right,"), "{csv}");
    assert_eq!(csv.lines().count(), lines.len() + 1);

    // The published excerpt of 0602 is found by a phrase query, in her transcript.
    let r = json(&["search", &project, "\"scared to talk to her\"", "--json"]);
    assert_eq!(r["hits"][0]["document"], "0602");

    // The survey strand: the saved Table 4 model 1 keeps the fit contract.
    let fit = json(&["fit", &project, "--data", "survey", "--formula", "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu", "--ref", "migration=none", "--robust", "HC3", "--json"]);
    let keys: Vec<&str> = fit.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["adj_r2", "aliased", "coefficients", "df_model", "df_resid", "dropped", "dropped_terms", "f", "f_p", "formula", "n", "r2", "robust", "sigma"]);
    assert_eq!(fit["robust"], "HC3");
    assert!(fit["coefficients"].as_array().unwrap().iter().any(|c| c["term"] == "migration[mother]:belonging"));

    let nested = json(&["compare", &project, "--data", "survey", "--restricted", "depression ~ migration + belonging", "--formula", "depression ~ migration * belonging", "--json"]);
    assert_eq!((nested["df_num"].as_u64(), nested["r2_change"].as_f64().is_some_and(|x| x > 0.0)), (Some(3), true));

    let log = json(&["log", &project, "--json"]);
    assert_eq!(log[1]["action"], "import");
    assert_eq!(log[1]["actor"], "braid demo");

    // Triangulation from the command line: a search hit becomes an exemplar of H3, the
    // finding moves to the top, its fit changes, and undo takes the move back.
    let hit = &json(&["search", &project, "\"scared to talk to her\"", "--json"])["hits"][0];
    let m = &hit["matches"][0];
    let span = format!("{}:{}:{}", hit["document"].as_str().unwrap(), m["start"], m["end"]);
    let f = json(&["finding", "link", &project, "H3 Peer support", "--span", &span, "--code", "Peer support/Selective sharing", "--json"]);
    let exemplar = f["exemplars"].as_array().unwrap().last().unwrap().as_str().unwrap().to_string();
    let segments = json(&["segments", &project, "--any", "Peer support/Selective sharing", "--json"]);
    assert!(segments.as_array().unwrap().iter().any(|s| s["document"] == "0602" && s["start"] == m["start"] && s["end"] == m["end"]), "the linked span is coded");
    let f = json(&["finding", "link", &project, "H3 Peer support", "--result", "model:Table 4 model 5:center(closeness)", "--json"]);
    assert!(f["results"].as_array().unwrap().iter().any(|r| r["term"] == "center(closeness)" && r["source"] == "model"));
    let list = json(&["finding", "move", &project, "H3 Peer support", "--to", "1", "--json"]);
    assert_eq!(list[0]["title"], "H3 Peer support");
    json(&["finding", "set-fit", &project, "H3 Peer support", "discordance", "--json"]);
    let display = json(&["display", &project, "--json"]);
    let h3 = &display["rows"][0];
    assert_eq!(h3["fit"], "discordance");
    assert!(h3["quotes"].as_array().unwrap().iter().any(|q| q["coding"] == exemplar.as_str() && q["informant"] == "0602"));
    let probed = h3["quant"].as_array().unwrap().iter().find(|q| q["term"] == "migration[mother]:center(closeness)" && q["source"].as_str().unwrap().starts_with("Braid")).unwrap();
    assert_eq!(probed["simple_slopes"]["moderator"], "closeness");
    json(&["undo", &project, "--json"]);
    json(&["undo", &project, "--json"]);
    assert_eq!(json(&["finding", "list", &project, "--json"])[0]["title"], "Maternal migration");
    let (code, _, stderr) = braid(&["finding", "move", &project, "H3 Peer support", "--to", "9"]);
    assert!(code != 0 && stderr.contains("position from 1 to 4"), "{stderr}");
    let (code, _, stderr) = braid(&["finding", "link", &project, "H3 Peer support", "--span", "0602:x:9", "--code", "Peer support"]);
    assert!(code != 0 && stderr.contains("START `x`"), "{stderr}");
}

#[test]
fn errors_name_the_file_and_exit_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.braid");
    let project = project.to_str().unwrap();
    assert_eq!(braid(&["new", project]).0, 0);
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let (code, stdout, stderr) = braid(&["import", project, empty.to_str().unwrap(), "--json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("empty.md: the file is empty"), "{stderr}");
    let err: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(err["error"]["code"], "bad_input");
    let (code, _, stderr) = braid(&["show", project, "nope"]);
    assert_eq!((code, stderr.trim()), (3, "error: no document `nope` in this project"));
    let (code, _, stderr) = braid(&["search", &format!("{project}x"), "mom"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no such project file; create one with `braid new`"), "{stderr}");
}

/// Tidy: the README documents every command, and shipped code has no placeholders.
#[test]
fn tidy() {
    let (_, help, _) = braid(&["--help"]);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 9, "{commands:?}");
    for c in commands {
        assert!(readme.contains(&format!("braid {c}")), "README.md does not mention `braid {c}`");
    }
    let mut stack = vec![root().join("crates"), root().join("src-tauri/src"), root().join("ui/src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs" || x == "ts" || x == "svelte") && !p.ends_with("cli.rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for bad in ["todo!(", "unimplemented!(", "TODO", "FIXME"] {
                    assert!(!text.contains(bad), "{} contains {bad}", p.display());
                }
            }
        }
    }
}

/// A project with the fixture study (three documents, attributes), a code, and one coding.
fn mini_project(dir: &Path) -> String {
    let project = dir.join("s.braid").to_str().unwrap().to_string();
    let mini = root().join("tests/data/mini");
    let file = |f: &str| mini.join(f).to_str().unwrap().to_string();
    assert_eq!(braid(&["new", &project]).0, 0);
    let (code, _, stderr) = braid(&["import", &project, &file("A01.md"), &file("A02.txt"), &file("T01.md"), "--attributes", &file("informants.csv")]);
    assert_eq!(code, 0, "{stderr}");
    let book = dir.join("book.yaml");
    std::fs::write(&book, "codes:\n  - name: Family\n").unwrap();
    assert_eq!(braid(&["codebook", "import", &project, book.to_str().unwrap()]).0, 0);
    json(&["code", &project, "A01", "38", "51", "Family", "--json"]);
    project
}

/// Run a command that must fail with `--json`: its exit status and the `{code, message}` it prints.
fn refused(args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = braid(args);
    assert!(!stderr.contains("panicked"), "braid {args:?} panicked: {stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("braid {args:?}: not JSON ({e}): {stdout} {stderr}"));
    let error_code = v["error"]["code"].as_str().unwrap_or_else(|| panic!("braid {args:?}: no error code: {stdout}")).to_string();
    (code, error_code, v["error"]["message"].as_str().unwrap_or_default().to_string())
}

const MAX: &str = "18446744073709551615";

#[test]
fn the_largest_numbers_saturate_or_are_refused_never_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    let r = json(&["search", &p, "mom", "--limit", MAX, "--json"]);
    assert_eq!((r["total"].as_u64(), r["hits"].as_array().unwrap().len()), (Some(3), 3));
    let k = json(&["kwic", &p, "mom", "--width", MAX, "--limit", MAX, "--json"]);
    assert_eq!(k["lines"].as_array().unwrap().len(), 3);
    for args in [
        vec!["kwic", &p, "mom", "--width", MAX, "--limit", MAX],
        vec!["kwic", &p, "mom", "--width", MAX, "--format", "md"],
        vec!["segments", &p, "--any", "Family", "--context", MAX],
        vec!["segments", &p, "--any", "Family", "--context", MAX, "--format", "md"],
    ] {
        let (code, stdout, stderr) = braid(&args);
        assert_eq!(code, 0, "braid {args:?}: {stderr}");
        assert!(stdout.contains("mom"), "braid {args:?}: {stdout}");
    }
    let s = json(&["segments", &p, "--any", "Family", "--context", MAX, "--json"]);
    assert!(s[0]["after"].as_str().unwrap().ends_with("I miss my mom.\n"), "the context runs to the end of the text");
    let uuid = json(&["codings", "list", &p, "--json"])[0]["uuid"].as_str().unwrap().to_string();
    json(&["finding", "add", &p, "F", "--json"]);
    for (args, needle) in [
        (vec!["code", &p, "A01", "0", MAX, "Family", "--json"], "outside document `A01`"),
        (vec!["code", &p, "A01", MAX, MAX, "Family", "--json"], "is empty"),
        (vec!["resize", &p, &uuid, "1", MAX, "--json"], "outside document `A01`"),
        (vec!["finding", "move", &p, "F", "--to", MAX, "--json"], "position from 1 to 1"),
        (vec!["finding", "link", &p, "F", "--span", &format!("A01:0:{MAX}"), "--code", "Family", "--json"], "outside document `A01`"),
        (vec!["finding", "link", &p, "F", "--span", &format!("A01:0:{MAX}0"), "--code", "Family", "--json"], "is not a character offset"),
    ] {
        let (code, error, message) = refused(&args);
        assert_eq!((code, error.as_str()), (2, "bad_request"), "braid {args:?}: {message}");
        assert!(message.contains(needle), "braid {args:?}: {message}");
    }
    // A number too large for the flag is clap's to refuse: with --json, as a bad request.
    let (code, error, message) = refused(&["search", &p, "mom", "--limit", &format!("{MAX}0"), "--json"]);
    assert_eq!((code, error.as_str()), (2, "bad_request"));
    assert!(message.contains("--limit"), "{message}");
}

#[test]
fn every_error_leaving_the_cli_has_a_stable_code() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    let deep = format!("{}mom{}", "(".repeat(20_000), ")".repeat(20_000));
    let missing = dir.path().join("missing.csv");
    let missing = missing.to_str().unwrap();
    for (args, want, needle) in [
        (vec!["search", &p, &deep, "--json"], "bad_request", "deeper than 256 levels (the limit)"),
        (vec!["kwic", &p, &deep, "--json"], "bad_request", "deeper than 256 levels (the limit)"),
        (vec!["search", &p, "mom", "--limit", "abc", "--json"], "bad_request", "invalid value 'abc' for '--limit <LIMIT>'"),
        (vec!["search", &p, "--json"], "bad_request", "<QUERY>"),
        (vec!["kwic", &p, "mom", "--sort", "sideways", "--json"], "bad_request", "sideways"),
        (vec!["agreement", &p, "--coders", "ann", "--json"], "bad_request", "exactly two coders"),
        (vec!["code", &p, "A01", "0", "5", "--json"], "bad_request", "name the code"),
        (vec!["finding", "add", &p, "G", "--result", "nonsense", "--json"], "bad_request", "SOURCE:MODEL:TERM"),
        (vec!["finding", "link", &p, "F", "--json"], "not_found", "F"),
        (vec!["display", &p, "--published", missing, "--json"], "io", "missing.csv"),
        (vec!["codebook", "import", &p, missing, "--json"], "io", "missing.csv"),
        (vec!["fit", "--csv", missing, "--formula", "y ~ x", "--json"], "", "missing.csv"),
    ] {
        let (code, error, message) = refused(&args);
        assert_ne!(code, 0, "braid {args:?}");
        assert!(want.is_empty() || error == want, "braid {args:?}: {error}: {message}");
        assert!(message.contains(needle), "braid {args:?}: {message}");
    }
    // Without --json a usage error is clap's, with its usage line, on stderr.
    let (code, stdout, stderr) = braid(&["search", &p, "mom", "--limit", "abc"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("For more information, try '--help'"), "{stderr}");
    // The CLI's own complaints are typed errors, never untyped anyhow messages (which could only
    // be given the catch-all code).
    for file in ["main.rs", "codebook.rs", "finding.rs", "print.rs", "progress.rs"] {
        let text = std::fs::read_to_string(root().join("crates/braid-cli/src").join(file)).unwrap();
        for untyped in ["bail!(", "anyhow!(", ".context("] {
            assert!(!text.contains(untyped), "crates/braid-cli/src/{file} makes an untyped error with {untyped}");
        }
    }
}

#[test]
fn displays_honour_out_and_markdown_shows_text_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    for (flag, value) in [("--themes-by", "type"), ("--matrix-by", "informant")] {
        let out = dir.path().join(format!("{}.html", &flag[2..]));
        let (code, stdout, stderr) = braid(&["display", &p, flag, value, "--code", "Family", "--out", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout.trim(), format!("wrote {}", out.display()));
        assert!(std::fs::read_to_string(&out).unwrap().starts_with("<!doctype html>"));
        // These displays are HTML: another format is refused, not ignored, and nothing is written.
        let md = dir.path().join("x.md");
        let (code, _, stderr) = braid(&["display", &p, flag, value, "--format", "md", "--out", md.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("HTML only") && !md.exists(), "{stderr}");
    }
    json(&["finding", "add", &p, "**Peers** | <b>buffer</b>", "--text", "# one\n- two", "--code", "Family", "--json"]);
    let (code, md, stderr) = braid(&["display", &p, "--format", "md"]);
    assert_eq!(code, 0, "{stderr}");
    let row = md.lines().find(|l| l.contains("Peers")).unwrap();
    assert!(row.starts_with(r"| **\*\*Peers\*\* \| \<b\>buffer\</b\>** # one<br>- two | "), "{row}");
}

/// Issue #10: survey inputs that were accepted silently, crashed or hung give a clear error
/// with a stable code, or a note, and a bounded answer.
#[test]
fn survey_inputs_are_refused_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("s.csv");
    let mut text = String::from("id,score,group,one\n");
    for i in 1..=20 {
        let score = if i == 7 { "abc".to_string() } else { format!("{}.5", (i * 7) % 11) };
        text.push_str(&format!("{i},{score},{},1\n", if i % 2 == 0 { "a" } else { "b" }));
    }
    std::fs::write(&csv, text).unwrap();
    let csv = csv.to_str().unwrap();
    let error = |args: &[&str], code: i32| {
        let (exit, stdout, stderr) = braid(args);
        assert_eq!(exit, code, "braid {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        (v["error"]["code"].as_str().unwrap_or_default().to_string(), v["error"]["message"].as_str().unwrap_or_default().to_string())
    };

    // A stray word in a column of numbers: the file, line, column and value, and the way out.
    let (code, message) = error(&["fit", "--csv", csv, "--formula", "score ~ group", "--json"], 2);
    assert_eq!(code, "bad_input");
    assert!(message.contains("s.csv:8: field `score`: column `score`: `abc` is not a number"), "{message}");
    assert!(message.contains("--type score=numeric"), "{message}");
    // Declared numeric: read as missing, with a note; a one-level factor is a dropped term.
    let (exit, stdout, stderr) = braid(&["fit", "--csv", csv, "--type", "score=numeric", "--formula", "score ~ group + factor(one)"]);
    assert_eq!(exit, 0, "{stderr}");
    assert!(stderr.contains("column `score`: 1 value that is not a number is read as missing"), "{stderr}");
    assert!(stdout.contains("dropped term factor(one): `factor(one)` has one level (`1`)"), "{stdout}");
    let fit = json(&["fit", "--csv", csv, "--type", "score=numeric", "--formula", "score ~ group + factor(one)", "--json"]);
    assert_eq!(fit["dropped_terms"][0]["term"], "factor(one)");

    // A fit on one row is an error, not a table of NaN.
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "y,x\n1,2\n").unwrap();
    let (code, message) = error(&["fit", "--csv", one.to_str().unwrap(), "--formula", "y ~ x", "--json"], 2);
    assert_eq!(code, "bad_request");
    assert!(message.contains("one.csv cannot be estimated: 1 complete row for 2 coefficients"), "{message}");

    // Formulas that aborted or never returned.
    let typed = ["fit", "--csv", csv, "--type", "score=numeric", "--json", "--formula"];
    let deep = format!("score ~ {}group{}", "(".repeat(20_000), ")".repeat(20_000));
    let (code, message) = error(&[&typed[..], &[deep.as_str()]].concat(), 2);
    assert_eq!(code, "bad_request");
    assert!(message.contains("more than 20000 (the limit)"), "{message}");
    let nested = format!("score ~ {}group{}", "(".repeat(5_000), ")".repeat(5_000));
    let (_, message) = error(&[&typed[..], &[nested.as_str()]].concat(), 2);
    assert!(message.contains("nests parentheses deeper than 256 levels (the limit)"), "{message}");
    let vars: Vec<String> = (1..=20).map(|i| format!("v{i}")).collect();
    let (_, message) = error(&[&typed[..], &[format!("score ~ {}", vars.join("*")).as_str()]].concat(), 2);
    assert!(message.contains("more than 10000 (the limit)"), "{message}");
    let fit = json(&[&typed[..], &["score ~ (group + id)^1000000000"]].concat());
    assert_eq!(fit["coefficients"].as_array().unwrap().len(), 4);
}

/// Issue #11: a question for the user is `needs_confirmation`, not `bad_request`, and the core's
/// message no longer speaks of the CLI's flag; the CLI adds it.
#[test]
fn deleting_a_code_with_codings_asks_for_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    let (exit, code, message) = refused(&["codebook", "delete", &p, "Family", "--json"]);
    assert_eq!((exit, code.as_str()), (2, "needs_confirmation"));
    assert_eq!(message, "`Family` and its sub-codes carry 1 coding; confirm to delete them too, or merge the code instead (pass --force to confirm)");
    let done = json(&["codebook", "delete", &p, "Family", "--force", "--json"]);
    assert_eq!(done["codings_removed"], 1);
}

#[test]
fn cards_show_the_attributes_the_project_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    // Unset, a card shows the informants table's first three columns.
    let header = std::fs::read_to_string(root().join("tests/data/mini/informants.csv")).unwrap();
    let first: Vec<&str> = header.lines().next().unwrap().split(',').skip(1).take(3).collect();
    assert_eq!(json(&["settings", &p, "--json"])["card_attributes"], serde_json::json!(first));
    let set = json(&["settings", &p, "--card-attribute", "school", "--card-attribute", "type", "--json"]);
    assert_eq!(set["card_attributes"], serde_json::json!(["school", "type"]));
    let (_, out, _) = braid(&["search", &p, "mom"]);
    let line = out.lines().find(|l| l.starts_with("A01")).unwrap();
    assert!(line.contains("[North, child]"), "{line}");
    // An attribute nobody has is refused, and nothing changes.
    let (code, error, message) = refused(&["settings", &p, "--card-attribute", "shoe size", "--json"]);
    assert_eq!((code, error.as_str()), (3, "not_found"), "{message}");
    assert_eq!(json(&["settings", &p, "--json"])["card_attributes"], serde_json::json!(["school", "type"]));
    assert_eq!(json(&["settings", &p, "--reset", "--json"])["card_attributes"], serde_json::json!(first));
}

#[test]
fn qdpx_and_qdc_round_trip_through_the_cli_and_report_what_they_carried() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    let archive = dir.path().join("out.qdpx");
    let out = json(&["qdpx", "export", &p, archive.to_str().unwrap(), "--json"]);
    assert_eq!((out["documents"].as_u64(), out["codes"].as_u64(), out["codings"].as_u64()), (Some(3), Some(1), Some(1)));
    let back = dir.path().join("back.braid");
    let read = json(&["qdpx", "import", archive.to_str().unwrap(), back.to_str().unwrap(), "--json"]);
    assert_eq!((read["documents"].as_u64(), read["codings"].as_u64(), read["informants"].as_u64()), (Some(3), Some(1), Some(3)));
    assert_eq!(json(&["codings", "list", back.to_str().unwrap(), "--json"])[0]["code"], "Family");
    // Never over an existing project: refused with a code, the file untouched.
    let before = std::fs::read(&back).unwrap();
    let (code, error, message) = refused(&["qdpx", "import", archive.to_str().unwrap(), back.to_str().unwrap(), "--json"]);
    assert_eq!((code, error.as_str()), (2, "bad_request"), "{message}");
    assert_eq!(std::fs::read(&back).unwrap(), before);
    // Not an archive: a bad input naming the file.
    let junk = dir.path().join("junk.qdpx");
    std::fs::write(&junk, "not a zip").unwrap();
    let (_, error, message) = refused(&["qdpx", "import", junk.to_str().unwrap(), dir.path().join("j.braid").to_str().unwrap(), "--json"]);
    assert_eq!(error, "bad_input");
    assert!(message.contains("junk.qdpx"), "{message}");
    assert!(!dir.path().join("j.braid").exists());
    // The codebook as .qdc, and back in through `codebook import`, told by its extension.
    let qdc = dir.path().join("book.qdc");
    let wrote = json(&["codebook", "export", &p, "--format", "qdc", "--out", qdc.to_str().unwrap(), "--json"]);
    assert_eq!((wrote["format"].as_str(), wrote["codes"].as_u64()), (Some("qdc"), Some(1)));
    let fresh = dir.path().join("fresh.braid");
    assert_eq!(braid(&["new", fresh.to_str().unwrap()]).0, 0);
    let imported = json(&["codebook", "import", fresh.to_str().unwrap(), qdc.to_str().unwrap(), "--json"]);
    assert_eq!(imported["added"], 1);
}

#[test]
fn tables_write_excel_workbooks_where_they_print_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = mini_project(dir.path());
    let is_xlsx = |path: &std::path::Path| std::fs::read(path).map(|b| b.starts_with(b"PK")).unwrap_or(false);
    let crosstab = dir.path().join("crosstab.xlsx");
    assert_eq!(braid(&["matrix", "crosstab", &p, "--by", "migration", "--xlsx", crosstab.to_str().unwrap()]).0, 0);
    assert!(is_xlsx(&crosstab));
    let segments = dir.path().join("segments.xlsx");
    assert_eq!(braid(&["segments", &p, "--any", "Family", "--format", "xlsx", "--out", segments.to_str().unwrap()]).0, 0);
    assert!(is_xlsx(&segments));
    // A workbook is binary: without --out it is refused, not printed.
    let (code, error, message) = refused(&["segments", &p, "--any", "Family", "--format", "xlsx", "--json"]);
    assert_eq!((code, error.as_str()), (2, "bad_request"), "{message}");
    let (code, _, stderr) = braid(&["kwic", &p, "mom", "--format", "xlsx"]);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
}

/// Issue 14: `show --json` gives each turn's time, `import --link-media` links the recordings
/// beside the transcripts, and `media list/relink/unlink` keep their JSON shapes.
#[test]
fn recordings_link_list_relink_and_unlink_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.braid").to_str().unwrap().to_string();
    let transcript = dir.path().join("R1.txt");
    std::fs::write(&transcript, "[00:00:01] I: How is school?\n[00:00:04] R: Fine.\n").unwrap();
    let media = root().join("tests/data/media");
    std::fs::copy(media.join("tone.wav"), dir.path().join("R1.wav")).unwrap();
    assert_eq!(braid(&["new", &project]).0, 0);

    let report = json(&["import", &project, transcript.to_str().unwrap(), "--link-media", "--json"]);
    assert_eq!(report["recordings"][0]["document"], "R1");
    assert_eq!(report["linked"][0]["path"], "R1.wav");
    let show = json(&["show", &project, "R1", "--json"]);
    assert_eq!((show["segments"][0]["start_ms"].as_u64(), show["segments"][0]["end_ms"].as_u64()), (Some(1_000), Some(4_000)));
    assert!(show["segments"][1]["end_ms"].is_null());
    let (code, text, _) = braid(&["show", &project, "R1"]);
    assert_eq!(code, 0);
    assert!(text.contains("[00:00:04] R: Fine."), "{text}");

    let list = json(&["media", "list", &project, "--json"]);
    let link = &list[0];
    let keys: Vec<&str> = link.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["document", "duration_ms", "kind", "linked_at", "linked_by", "path", "problem", "resolved", "sha256", "size", "status"]);
    assert_eq!((link["status"].as_str(), link["kind"].as_str(), link["duration_ms"].as_u64()), (Some("ok"), Some("audio"), Some(2_500)));

    let moved = dir.path().join("moved.ogg");
    std::fs::copy(media.join("tone.ogg"), &moved).unwrap();
    std::fs::remove_file(dir.path().join("R1.wav")).unwrap();
    let (_, text, _) = braid(&["media", "list", &project]);
    assert!(text.contains("MISSING: no file at"), "{text}");
    let relinked = json(&["media", "relink", &project, "R1", moved.to_str().unwrap(), "--json"]);
    assert_eq!(relinked["path"], "moved.ogg");
    assert_eq!(json(&["media", "unlink", &project, "R1", "--json"]), serde_json::json!({ "document": "R1", "unlinked": true }));
    assert_eq!(json(&["media", "list", &project, "--json"]), serde_json::json!([]));
    json(&["undo", &project, "--json"]);
    assert_eq!(json(&["media", "list", &project, "--json"])[0]["path"], "moved.ogg");
}

#[test]
fn the_coder_name_is_remembered_and_recorded_on_actions() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_braid"))
            .args(args)
            .env("BRAID_CONFIG_DIR", &config)
            .env_remove("BRAID_USER")
            .output()
            .expect("run braid");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let value = |args: &[&str]| -> serde_json::Value {
        let (code, out) = run(args);
        assert_eq!(code, 0, "braid {args:?}: {out}");
        serde_json::from_str(&out).unwrap()
    };
    let first = value(&["coder", "--json"]);
    assert_eq!((first["coder"].is_null(), first["source"].as_str()), (true, Some("none")));
    assert_eq!(first["version"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    let set = value(&["coder", "--set", "  Li Wang ", "--json"]);
    assert_eq!((set["coder"].as_str(), set["source"].as_str()), (Some("Li Wang"), Some("settings")));
    assert!(config.join("settings.json").exists());
    // A project action made now is recorded under that name.
    let p = mini_project(dir.path());
    value(&["code", &p, "A01", "0", "5", "Family", "--json"]);
    let (_, log) = run(&["log", &p, "--json"]);
    assert!(log.contains("\"Li Wang\""), "{log}");
    // An empty name is refused and the remembered one stays.
    let (code, out) = run(&["coder", "--set", " ", "--json"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("bad_request"), "{out}");
    assert_eq!(value(&["coder", "--json"])["coder"].as_str(), Some("Li Wang"));
}

/// The case-level join through the CLI: the demo's link, a duplicate refused, codes as
/// variables in a formula, cases picked from a model, a numeric filter, and the case-ordered
/// display in every format.
#[test]
fn cases_link_quantitize_pick_and_display_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let project = crate::support::copy_demo(&dir.path().join("p"));
    let p = project.to_str().unwrap();
    let links = json(&["dataset", "links", p, "--json"]);
    assert_eq!((links[0]["dataset"].as_str(), links[0]["column"].as_str(), links[0]["matched"].as_u64()), (Some("survey"), Some("id"), Some(18)));

    // A second dataset with a duplicated id is refused, naming the line, and not linked.
    let dup = dir.path().join("dup.csv");
    std::fs::write(&dup, "rid,score\n0602,1\n0401,2\n0602,3\n").unwrap();
    json(&["dataset", "import", p, dup.to_str().unwrap(), "--name", "dup", "--json"]);
    let (exit, stdout, _) = braid(&["dataset", "link", p, "dup", "--column", "rid", "--json"]);
    assert_eq!(exit, 2);
    let err: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(err["error"]["code"], "bad_input");
    assert!(err["error"]["message"].as_str().unwrap().starts_with("dup.csv:4: field `rid`: the id `602` occurs on 2 rows"), "{err}");
    assert_eq!(json(&["dataset", "links", p, "--json"]).as_array().unwrap().len(), 1);

    // Codes as variables, in a formula.
    let added = json(&["dataset", "add-codes", p, "survey", "--code", "Peer support/Peer distraction", "--as", "count", "--json"]);
    assert_eq!(added[0]["name"], "peer_distraction_count");
    let fit = json(&["fit", p, "--data", "survey", "--formula", "depression ~ peer_distraction_count", "--json"]);
    assert_eq!(fit["n"].as_u64(), Some(18));
    let paper = json(&["fit", p, "--data", "survey", "--formula", "depression ~ migration", "--subset", "sample=questionnaire", "--json"]);
    let all = json(&["fit", p, "--data", "survey", "--formula", "depression ~ migration", "--json"]);
    assert_eq!(paper["subset"][0].as_str(), Some("sample=questionnaire"));
    assert_eq!(all["n"].as_u64().unwrap(), paper["n"].as_u64().unwrap() + 18);
    assert_eq!(paper["dropped"]["rows"], all["dropped"]["rows"]);
    // Table 1 and α take the same subset.
    let items = ["dep1", "dep2", "dep3", "dep4", "dep5", "dep6"];
    let alpha = |subset: &[&str]| json(&[&["alpha", "--project", p, "--data", "survey"][..], &items, subset, &["--json"]].concat());
    assert_eq!(alpha(&[])["n"].as_u64().unwrap(), alpha(&["--subset", "sample=questionnaire"])["n"].as_u64().unwrap() + 18);
    let table1 = json(&["describe", "--project", p, "--data", "survey", "--by", "migration", "depression", "--subset", "sample=questionnaire", "--json"]);
    let all_rows = json(&["describe", "--project", p, "--data", "survey", "--by", "migration", "depression", "--json"]);
    assert_eq!(all_rows["n"].as_u64().unwrap(), table1["n"].as_u64().unwrap() + 18);

    // The worst-explained interviewed child, and the same list as text.
    let cases = json(&["cases", p, "Table 4 model 1", "--interviewed", "--top", "2", "--json"]);
    assert_eq!((cases["by"].as_str(), cases["considered"].as_u64()), (Some("residual"), Some(18)));
    assert_eq!((cases["cases"][0]["extreme"].as_str(), cases["cases"][0]["informant"].as_str()), (Some("high"), Some("0403")));
    let (exit, text, stderr) = braid(&["cases", p, "Table 4 model 1", "--by", "moderator", "--top", "3", "--where", "belonging<=3"]);
    assert_eq!(exit, 0, "{stderr}");
    assert!(text.contains("cases by moderator belonging where belonging<=3, migration=mother"), "{text}");
    let (exit, stdout, _) = braid(&["cases", p, "Table 4 model 1", "--where", "belonging>high", "--json"]);
    assert_eq!(exit, 2);
    assert!(stdout.contains("`high` is not a number"), "{stdout}");

    // A numeric filter on a survey value.
    let hits = json(&["search", p, "", "--where", "survey.depression>=20", "--limit", "500", "--json"]);
    let mut who: Vec<&str> = hits["hits"].as_array().unwrap().iter().filter_map(|h| h["informant"].as_str()).collect();
    who.sort();
    who.dedup();
    assert_eq!(who, ["0602", "1002"]);

    // The case-ordered display in every format.
    for format in ["md", "html", "csv", "tex", "docx", "xlsx"] {
        let out = dir.path().join(format!("cases.{format}"));
        let (exit, _, stderr) = braid(&[
            "display", p, "--cases-by", "depression", "--data", "survey", "--model", "Table 4 model 1", "--score", "depression", "--code", "Peer support/Selective sharing",
            "--format", format, "--out", out.to_str().unwrap(),
        ]);
        assert_eq!(exit, 0, "{format}: {stderr}");
        assert!(std::fs::metadata(&out).unwrap().len() > 300, "{format}");
    }
    let shown = json(&["display", p, "--cases-by", "residual", "--data", "survey", "--model", "Table 4 model 1", "--json"]);
    assert_eq!((shown["rows"].as_array().unwrap().len(), shown["rows"][0]["informant"].as_str()), (18, Some("0403")));
}

/// The local assist through the CLI on a small study (the demo's embedding is tested in the
/// core): similar passages, a suggestion from an existing coding, hybrid search, the status;
/// and, without the model, one line that says how to install it.
#[test]
fn the_assist_finds_similar_turns_suggests_codes_and_says_when_its_model_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.md"), "I: Who knows?\n\nR: I do not tell my friends that I miss my mother.\n").unwrap();
    std::fs::write(d.join("b.md"), "I: And you?\n\nR: We play football after school.\n\nI: Friends?\n\nR: I keep it to myself that my mum is away, my friends do not know.\n").unwrap();
    std::fs::write(d.join("c.md"), "I: Teachers?\n\nR: The head teacher is strict and everyone is quiet in her class.\n").unwrap();
    let p = d.join("s.braid");
    let p = p.to_str().unwrap();
    json(&["new", p, "--json"]);
    json(&["import", p, d.join("a.md").to_str().unwrap(), d.join("b.md").to_str().unwrap(), d.join("c.md").to_str().unwrap(), "--json"]);

    let hits = json(&["similar", p, "a", "18", "65", "--json"]);
    assert_eq!((hits[0]["document"].as_str(), hits[0]["segment"]["start"].as_u64()), (Some("b"), Some(64)), "{hits}");
    assert!(hits.as_array().unwrap().iter().all(|h| h["document"] != "a"), "the passage's own turn came back: {hits}");
    let status = json(&["assist", p, "--json"]);
    assert_eq!((status["available"].as_bool(), status["windows"].as_u64()), (Some(true), Some(4)));

    // A coding on b's turn makes its code the suggestion for a's passage.
    json(&["codebook", "add", p, "Secrecy", "--json"]);
    json(&["codebook", "add", p, "School", "--json"]);
    json(&["code", p, "b", "64", "129", "Secrecy", "--coder", "t", "--json"]);
    json(&["code", p, "c", "17", "80", "School", "--coder", "t", "--json"]);
    let suggestions = json(&["suggest", p, "a", "18", "65", "--json"]);
    assert_eq!(suggestions[0]["code"], "Secrecy", "{suggestions}");
    assert_eq!(suggestions[0]["evidence"][0]["document"], "b");

    let hybrid = json(&["search", p, "keep it quiet from friends", "--semantic", "--json"]);
    assert!(hybrid["hits"].as_array().unwrap().iter().any(|h| h["document"] == "a"), "{hybrid}");

    // Without the model: one line, a stable code, and everything else as before.
    let empty = d.join("no-model");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_braid")).args(["similar", p, "a", "18", "65", "--json"]).env("BRAID_MODEL_DIR", &empty).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("scripts/fetch-model") && !message.contains('\n'), "{message}");
    let out = Command::new(env!("CARGO_BIN_EXE_braid")).args(["assist", p, "--json"]).env("BRAID_MODEL_DIR", &empty).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["available"], false);
    let out = Command::new(env!("CARGO_BIN_EXE_braid")).args(["search", p, "friends", "--json"]).env("BRAID_MODEL_DIR", &empty).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}
