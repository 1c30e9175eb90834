//! Every display and renderer on a small hand-built snapshot: two informants, three codings
//! (two coders marking one span), two findings, a fitted model and a published table. User
//! text carries the characters each format must escape.

use std::collections::BTreeMap;

use expect_test::{Expect, expect};

use crate::analysis::matrix::Facts;
use crate::codebook::coding::{Coding};
use crate::codebook::codes::{Code};
use crate::store::ops::{FindingInput, FitLabel, ResultRef, ResultSource};
use crate::text::attrs::{AttrValue, Attributes};
use crate::triangulate::display::build::{build_display, framework_matrix, side_by_side, statistics_by_theme};
use crate::triangulate::display::model::{AttributionStyle, Display, DisplayFormat, DisplayRequest, FrameworkRequest, ThemeStatsRequest};
use crate::triangulate::display::render::{
    framework_html, joint_display_csv, joint_display_docx, joint_display_html, joint_display_latex, joint_display_markdown, render_display, theme_stats_html,
};
use crate::triangulate::display::snapshot::Snapshot;
use crate::triangulate::finding::Finding;
use crate::triangulate::published::Published;
use crate::triangulate::survey::SavedModel;

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs.iter().map(|(k, v)| (k.to_string(), AttrValue::Text(v.to_string()))).collect()
}

fn code(path: &str) -> Code {
    Code {
        uuid: format!("u-{path}"),
        path: path.to_string(),
        name: path.rsplit('/').next().unwrap().to_string(),
        depth: path.matches('/').count(),
        colour: "#888".to_string(),
        definition: String::new(),
        include: String::new(),
        exclude: String::new(),
        example: String::new(),
        codings: 0,
    }
}

fn coding(uuid: &str, document: &str, code: &str, span: (usize, usize), coder: &str, text: &str) -> Coding {
    Coding {
        uuid: uuid.to_string(),
        document: document.to_string(),
        code: code.to_string(),
        code_uuid: format!("u-{code}"),
        colour: "#888".to_string(),
        start: span.0,
        end: span.1,
        coder: coder.to_string(),
        created_at: format!("2026-01-0{}T00:00:00Z", uuid.len()),
        memo: None,
        text: text.to_string(),
    }
}

fn snapshot() -> Snapshot {
    let child = attrs(&[("type", "child"), ("school", "Korean <secondary>"), ("migration", "mother")]);
    let teacher = attrs(&[("type", "teacher"), ("migration", "none")]);
    let facts = Facts {
        codes: vec![code("Peer support"), code("Peer support/Companionship"), code("Teacher authority")],
        codings: vec![
            coding("c1", "0602", "Peer support/Companionship", (10, 34), "ann", "We play <together> & talk"),
            coding("c2b", "0602", "Peer support/Companionship", (10, 34), "bo", "We play <together> & talk"),
            coding("c3", "T01", "Teacher authority", (0, 21), "ann", "Students | obey *me*\n# now"),
        ],
        docs: BTreeMap::from([("0602".to_string(), ("0602".to_string(), child.clone())), ("T01".to_string(), ("T01".to_string(), teacher.clone()))]),
        informants: BTreeMap::from([("0602".to_string(), child), ("T01".to_string(), teacher)]),
    };
    let term = "migration[mother]:friends";
    let finding = |uuid: &str, order: usize, input: FindingInput| Finding { uuid: uuid.to_string(), order, input, updated_at: String::new() };
    let findings = vec![
        finding(
            "f1",
            0,
            FindingInput {
                title: "H3 Peer support".to_string(),
                text: "Friends buffer & protect".to_string(),
                results: vec![
                    ResultRef { source: ResultSource::Published, model: "Table 4 model 4".to_string(), term: term.to_string() },
                    ResultRef { source: ResultSource::Model, model: "M1".to_string(), term: term.to_string() },
                ],
                codes: vec!["Peer support".to_string()],
                exemplars: vec!["c1".to_string()],
                fit: Some(FitLabel::Confirmation),
                meta_inference: "Peers buffer 50% of {it}".to_string(),
                memo: String::new(),
            },
        ),
        finding(
            "f2",
            1,
            FindingInput {
                title: "Teacher *authority*".to_string(),
                codes: vec!["Teacher authority".to_string()],
                exemplars: vec!["c3".to_string()],
                ..Default::default()
            },
        ),
    ];
    let models = vec![SavedModel {
        name: "M1".to_string(),
        dataset: "survey".to_string(),
        dataset_sha256: "0123456789abcdef".to_string(),
        formula: "depression ~ migration * friends".to_string(),
        options: Default::default(),
        fit: serde_json::json!({ "n": 605, "coefficients": [{ "term": term, "estimate": -1.975, "se": 0.8, "p": 0.02 }] }),
        fitted_at: "2026-01-02T00:00:00Z".to_string(),
        stale: false,
        stale_reason: String::new(),
        variables: vec!["depression".to_string(), "migration".to_string(), "friends".to_string()],
    }];
    let published: Published = serde_json::from_value(serde_json::json!({
        "citation": "Wang, S. (2023) Constructing children's psychological well-being. International Migration.",
        "significance": { "thresholds": [{ "stars": "*", "p": 0.05 }] },
        "tables": [{ "table": 4, "title": "Moderation", "outcome": "depression", "models": [{
            "model": 4, "formula": "depression ~ migration * friends", "n": 29, "r2": 0.1,
            "terms": [{ "term": term, "label": "Mother away × friends", "estimate": -4.383, "se": 1.5, "stars": "**" }]
        }] }]
    }))
    .unwrap();
    let style = AttributionStyle {
        templates: BTreeMap::from([("child".to_string(), "student in the {school} with {migration}".to_string())]),
        labels: BTreeMap::from([("migration".to_string(), BTreeMap::from([("mother".to_string(), "mother away".to_string())]))]),
        type_attribute: None,
    };
    Snapshot { facts, findings, models, coders: vec!["ann".to_string(), "bo".to_string()], published: Some(published), style, datasets: BTreeMap::new(), cases: None }
}

fn check(actual: &str, expect: Expect) {
    expect.assert_eq(actual);
}

#[test]
fn side_by_side_is_built_from_the_snapshot_alone() {
    let d = side_by_side(&snapshot());
    let h3 = &d.rows[0];
    let cells: Vec<String> = h3.quant.iter().map(|q| format!("{:?} {} {} | {}", q.origin, q.source, q.text, q.provenance)).collect();
    check(
        &cells.join("\n"),
        expect![[r#"
            Published Published (Wang 2023) −4.383** (1.500) | Wang, S. (2023) Constructing children's psychological well-being. International Migration., Table 4 model 4: depression ~ migration * friends; N = 29
            Model Braid fit (dataset survey) −1.975* (0.800) | model M1: depression ~ migration * friends; dataset survey (sha256 0123456789ab); N = 605; fitted 2026-01-02T00:00:00Z"#]],
    );
    // Two coders marked one span: two excerpts, one informant.
    assert_eq!((h3.excerpts, h3.informants_by_type.get("child")), (2, Some(&1)));
    assert_eq!(h3.quotes[0].attribution, "Informant 0602, student in the Korean <secondary> with mother away");
    // No dataset in the snapshot: the model's term cannot be probed, and nothing fails.
    assert!(h3.quant[1].simple_slopes.is_none());
    assert_eq!(d.provenance, "codings by ann, bo as of 2026-01-03T00:00:00Z");
}

#[test]
fn html() {
    check(&joint_display_html(&side_by_side(&snapshot()), "Joint <display>"), expect![[r#"
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Joint &lt;display&gt;</title><style>body{font-family:Georgia,serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.5em;vertical-align:top;text-align:left}th{background:#f2f2f2}.q{margin:.4em 0}.slopes{font-size:.9em;margin-top:.2em}.who{color:#555;font-size:.9em}.prov{color:#777;font-size:.8em}.stale{color:#b00}@media print{body{margin:0}}</style></head><body>
        <h1>Joint &lt;display&gt;</h1>
        <table>
        <thead><tr><th>Construct</th><th>Quantitative evidence</th><th>Qualitative evidence</th><th>Fit</th><th>Meta-inference</th></tr></thead>
        <tbody>
        <tr><td><strong>H3 Peer support</strong><br>Friends buffer &amp; protect</td><td><div class="q"><em>Published (Wang 2023)</em> — Table 4 model 4 <code>migration[mother]:friends</code>: <strong>-4.383** (1.500)</strong>, N = 29<div class="prov">Wang, S. (2023) Constructing children&#39;s psychological well-being. International Migration., Table 4 model 4: depression ~ migration * friends; N = 29</div></div><div class="q"><em>Braid fit (dataset survey)</em> — M1 <code>migration[mother]:friends</code>: <strong>-1.975* (0.800)</strong>, N = 605<div class="prov">model M1: depression ~ migration * friends; dataset survey (sha256 0123456789ab); N = 605; fitted 2026-01-02T00:00:00Z</div></div></td><td><div>Themes: Peer support</div><div>2 excerpts from 1 informants (1 child)</div><blockquote class="q">“We play &lt;together&gt; &amp; talk” <span class="who">(Informant 0602, student in the Korean &lt;secondary&gt; with mother away)</span></blockquote></td><td>Confirmation</td><td>Peers buffer 50% of {it}</td></tr>
        <tr><td><strong>Teacher *authority*</strong><br></td><td></td><td><div>Themes: Teacher authority</div><div>1 excerpts from 1 informants (1 teacher)</div><blockquote class="q">“Students | obey *me*
        # now” <span class="who">(Informant T01, teacher)</span></blockquote></td><td>—</td><td></td></tr>
        </tbody></table>
        <p class="prov">codings by ann, bo as of 2026-01-03T00:00:00Z</p>
        </body></html>
    "#]]);
}

#[test]
fn markdown() {
    check(&joint_display_markdown(&side_by_side(&snapshot()), "Joint | display"), expect![[r#"
        # Joint \| display

        | Construct | Quantitative evidence | Qualitative evidence | Fit | Meta-inference |
        |---|---|---|---|---|
        | **H3 Peer support** Friends buffer & protect | Published (Wang 2023): Table 4 model 4 migration\[mother\]:friends -4.383\*\* (1.500), N = 29<br>Braid fit (dataset survey): M1 migration\[mother\]:friends -1.975\* (0.800), N = 605 | Themes: Peer support. 2 excerpts (1 child)<br>“We play \<together\> & talk” (Informant 0602, student in the Korean \<secondary\> with mother away) | Confirmation | Peers buffer 50% of {it} |
        | **Teacher \*authority\***  |  | Themes: Teacher authority. 1 excerpts (1 teacher)<br>“Students \| obey \*me\*<br># now” (Informant T01, teacher) | — |  |

        _codings by ann, bo as of 2026-01-03T00:00:00Z_
    "#]]);
}

#[test]
fn csv() {
    check(&joint_display_csv(&side_by_side(&snapshot())), expect![[r#"
        construct,source,model,term,estimate,se,stars,n,stale,themes,excerpts,informants,quotes,fit,meta_inference,provenance,simple_slopes,plot
        H3 Peer support,Published (Wang 2023),Table 4 model 4,migration[mother]:friends,-4.383,1.5,**,29,,Peer support,2,1 child,"“We play <together> & talk” (Informant 0602, student in the Korean <secondary> with mother away)",Confirmation,Peers buffer 50% of {it},"Wang, S. (2023) Constructing children's psychological well-being. International Migration., Table 4 model 4: depression ~ migration * friends; N = 29",,
        H3 Peer support,Braid fit (dataset survey),M1,migration[mother]:friends,-1.975,0.8,*,605,,Peer support,2,1 child,"“We play <together> & talk” (Informant 0602, student in the Korean <secondary> with mother away)",Confirmation,Peers buffer 50% of {it},model M1: depression ~ migration * friends; dataset survey (sha256 0123456789ab); N = 605; fitted 2026-01-02T00:00:00Z,,
        Teacher *authority*,,,,,,,,,Teacher authority,1,1 teacher,"“Students | obey *me*
        # now” (Informant T01, teacher)",—,,,,
    "#]]);
}

#[test]
fn latex() {
    check(&joint_display_latex(&side_by_side(&snapshot()), "Joint & display"), expect![[r#"
        % codings by ann, bo as of 2026-01-03T00:00:00Z
        \begin{longtable}{p{2.4cm}p{4.2cm}p{5.6cm}p{1.6cm}p{3.6cm}}
        \caption{Joint \& display}\\
        \hline
        Construct & Quantitative evidence & Qualitative evidence & Fit & Meta-inference \\
        \hline
        \endhead
        \textbf{H3 Peer support} & Published (Wang 2023): Table 4 model 4 migration[mother]:friends: -4.383** (1.500), N = 29 \newline Braid fit (dataset survey): M1 migration[mother]:friends: -1.975* (0.800), N = 605 & Themes: Peer support. 2 excerpts. \newline ``We play <together> \& talk'' (Informant 0602, student in the Korean <secondary> with mother away) & Confirmation & Peers buffer 50\% of \{it\} \\
        \hline
        \textbf{Teacher *authority*} &  & Themes: Teacher authority. 1 excerpts. \newline ``Students | obey *me* \# now'' (Informant T01, teacher) & — &  \\
        \hline
        \end{longtable}
    "#]]);
}

/// The Word file's table, as the text of each paragraph, one per line.
#[test]
fn docx() {
    use std::io::Read as _;
    let bytes = joint_display_docx(&side_by_side(&snapshot()), "Joint display").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let paragraphs: Vec<String> = xml
        .split("</w:p>")
        .map(|p| p.split("<w:t").skip(1).filter_map(|t| Some(t[t.find('>')? + 1..t.find("</w:t>")?].to_string())).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    check(&paragraphs.join("\n"), expect![[r#"
        Joint display
        Construct
        Quantitative evidence
        Qualitative evidence
        Fit
        Meta-inference
        H3 Peer support
        Friends buffer &amp; protect
        Published (Wang 2023) — Table 4 model 4 migration[mother]:friends: -4.383** (1.500), N = 29
        Wang, S. (2023) Constructing children&apos;s psychological well-being. International Migration., Table 4 model 4: depression ~ migration * friends; N = 29
        Braid fit (dataset survey) — M1 migration[mother]:friends: -1.975* (0.800), N = 605
        model M1: depression ~ migration * friends; dataset survey (sha256 0123456789ab); N = 605; fitted 2026-01-02T00:00:00Z
        Themes: Peer support
        2 excerpts (1 child)
        “We play &lt;together&gt; &amp; talk” (Informant 0602, student in the Korean &lt;secondary&gt; with mother away)
        Confirmation
        Peers buffer 50% of {it}
        Teacher *authority*
        Themes: Teacher authority
        1 excerpts (1 teacher)
        “Students | obey *me*# now” (Informant T01, teacher)
        —
        codings by ann, bo as of 2026-01-03T00:00:00Z"#]]);
}

#[test]
fn xlsx_holds_the_numbers_as_numbers() {
    use calamine::{Data, Reader};
    let bytes = crate::triangulate::display::render::render_joint_display(&side_by_side(&snapshot()), "Joint display", DisplayFormat::Xlsx).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let rows: Vec<Vec<Data>> = book.worksheet_range("Joint display").unwrap().rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][4], Data::String("estimate".into()));
    assert_eq!((rows[1][0].clone(), rows[1][4].clone(), rows[1][7].clone()), (Data::String("H3 Peer support".into()), Data::Float(-4.383), Data::Float(29.0)));
    assert_eq!(rows[2][4], Data::Float(-1.975));
    // The CSV is the same sheet as text.
    let csv = crate::triangulate::display::render::joint_display_csv(&side_by_side(&snapshot()));
    assert_eq!(csv.lines().count(), 1 + rows.iter().skip(1).take_while(|r| !r.iter().all(|c| *c == Data::Empty)).count() + 1);
}

#[test]
fn statistics_by_theme_html() {
    let request = ThemeStatsRequest { attribute: "migration".to_string(), ..Default::default() };
    let t = statistics_by_theme(&snapshot(), &request).unwrap();
    check(&theme_stats_html(&t, "Themes & <groups>"), expect![[r#"
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Themes &amp; &lt;groups&gt;</title><style>body{font-family:Georgia,serif;margin:2em;color:#222}table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.4em .6em;text-align:center}td.code{text-align:left}.stat{font-size:.85em;color:#444}.prov{color:#777;font-size:.8em}</style></head><body>
        <h1>Themes &amp; &lt;groups&gt;</h1>
        <table>
        <tr><th>Code</th><th>migration = mother<br><span class="stat">1 informants</span></th><th>migration = none<br><span class="stat">1 informants</span></th></tr>
        <tr><td class="code">Peer support</td><td style="background:rgba(31,119,180,0.60)">100% (1)</td><td style="background:rgba(31,119,180,0.00)">0% (0)</td></tr>
        <tr><td class="code">Peer support/Companionship</td><td style="background:rgba(31,119,180,0.60)">100% (1)</td><td style="background:rgba(31,119,180,0.00)">0% (0)</td></tr>
        <tr><td class="code">Teacher authority</td><td style="background:rgba(31,119,180,0.00)">0% (0)</td><td style="background:rgba(31,119,180,0.60)">100% (1)</td></tr>
        </table>
        <p class="prov">informants by migration; codings by ann, bo</p>
        </body></html>
    "#]]);
}

#[test]
fn statistics_by_theme_needs_its_dataset_in_the_snapshot() {
    let request = ThemeStatsRequest { attribute: "migration".to_string(), dataset: Some("survey".into()), variable: Some("depression".into()), ..Default::default() };
    let err = statistics_by_theme(&snapshot(), &request).unwrap_err();
    assert_eq!(err.to_string(), "no dataset `survey` in this project");
}

#[test]
fn framework_html_by_type() {
    let request = FrameworkRequest { rows_by: Some("type".to_string()), codes: vec!["Peer support".to_string(), "Teacher authority".to_string()], ..Default::default() };
    let m = framework_matrix(&snapshot(), &request).unwrap();
    // The span two coders marked is one segment.
    assert_eq!(m.rows[0].cells[0].count, 1);
    check(&framework_html(&m, "Framework"), expect![[r#"
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Framework</title><style>body{font-family:Georgia,serif;margin:2em;color:#222}table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left;font-size:.9em}th{background:#f2f2f2}.n{color:#777;font-size:.85em}p{margin:.2em 0}</style></head><body>
        <h1>Framework</h1>
        <table>
        <tr><th>type</th><th>Peer support</th><th>Teacher authority</th></tr>
        <tr><th>child</th><td><div class="n">1 segments</div><p>“We play &lt;together&gt; &amp; talk” <span class="n">(0602)</span></p></td><td></td></tr>
        <tr><th>teacher</th><td></td><td><div class="n">1 segments</div><p>“Students | obey *me*
        # now” <span class="n">(T01)</span></p></td></tr>
        </table>
        </body></html>
    "#]]);
    let unknown = FrameworkRequest { codes: vec!["Nope".to_string()], ..Default::default() };
    assert_eq!(framework_matrix(&snapshot(), &unknown).unwrap_err().to_string(), "no code `Nope` in this project");
}

#[test]
fn tables_export_as_html_only() {
    let request = DisplayRequest::Framework { request: FrameworkRequest { codes: vec!["Peer support".to_string()], ..Default::default() } };
    let d = build_display(&snapshot(), &request).unwrap();
    assert!(matches!(d, Display::Framework(_)));
    let err = render_display(&d, "t", DisplayFormat::Csv).unwrap_err();
    assert_eq!(err.to_string(), "the framework matrix exports as HTML only, not as csv");
    assert_eq!(request.default_format(), DisplayFormat::Html);
    assert_eq!(DisplayRequest::SideBySide.default_format(), DisplayFormat::Markdown);
}
