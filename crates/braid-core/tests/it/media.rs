//! Issue 14: transcripts keep their timestamps, and documents link their recordings.

use std::path::{Path, PathBuf};

use braid_core::{
    ErrorCode, ImportOptions, KwicRequest, MediaStatus, NoProgress, Project, RetrievalRequest, SearchRequest, SegmentFormat, Session, export_kwic,
    export_segments,
};

/// The recordings written by FFmpeg (`xtask/scripts/make_media_fixtures.sh`), each 2.5 s long.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/media").join(name)
}

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Interviewer>Who do you talk to at night?\n\n00:00:04.000 --> 00:00:06.000\n<v R>My grandmother. She listens.\n\n00:00:06.100 --> 00:00:08.250\n<v R>Sometimes my mom calls.\n";
const MARKS: &str = "[00:00:01] I: How is school?\n[00:00:04] R: My teacher is strict but fair.\n\n[00:01:10] I: And your mom?\nR: (00:01:15) She calls every night.\n";
const F4: &str = "I: Wie geht es? #00:00:02-5#\nB: Gut, mein teacher hilft. #00:00:09-0#\n";

/// A project in a temp folder with three timed transcripts (captions, bracketed marks, f4 marks)
/// and one without times.
fn timed_project() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let files = [("V1.vtt", VTT), ("M1.txt", MARKS), ("F1.txt", F4), ("P1.txt", "I: No times here.\nR: None at all, teacher.\n")];
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    let mut session = Session::create(&dir.path().join("study.braid")).unwrap();
    session.import(&paths, &ImportOptions::default(), &NoProgress).unwrap();
    (dir, session)
}

fn times(session: &Session, doc: &str) -> Vec<(String, Option<u64>, Option<u64>)> {
    let d = session.document(doc).unwrap();
    d.segments.iter().map(|s| (braid_core::slice_chars(&d.text, s.start, s.end).unwrap().to_string(), s.start_ms, s.end_ms)).collect()
}

#[test]
fn timings_are_kept_per_turn_and_the_marks_leave_the_text() {
    let (_dir, session) = timed_project();
    assert_eq!(
        times(&session, "V1"),
        [
            ("Who do you talk to at night?".to_string(), Some(1_000), Some(3_500)),
            ("My grandmother. She listens. Sometimes my mom calls.".to_string(), Some(4_000), Some(8_250)),
        ]
    );
    let m1 = session.document("M1").unwrap();
    assert_eq!(m1.text, "I: How is school?\nR: My teacher is strict but fair.\n\nI: And your mom?\nR: She calls every night.\n");
    assert_eq!(
        times(&session, "M1").into_iter().map(|(_, s, e)| (s, e)).collect::<Vec<_>>(),
        [(Some(1_000), Some(4_000)), (Some(4_000), Some(70_000)), (Some(70_000), Some(75_000)), (Some(75_000), None)]
    );
    assert_eq!(times(&session, "F1").into_iter().map(|(_, s, e)| (s, e)).collect::<Vec<_>>(), [(Some(0), Some(2_500)), (Some(2_500), Some(9_000))]);
    assert!(times(&session, "P1").iter().all(|(_, s, e)| s.is_none() && e.is_none()));

    // `show --json` is the document as serialised: each turn has start_ms and end_ms.
    let json = serde_json::to_value(session.document("M1").unwrap()).unwrap();
    assert_eq!(json["segments"][1]["start_ms"], 4_000);
    assert_eq!(json["segments"][3]["end_ms"], serde_json::Value::Null);
    let json = serde_json::to_value(session.document("P1").unwrap()).unwrap();
    assert_eq!(json["segments"][0]["start_ms"], serde_json::Value::Null);
}

#[test]
fn hits_concordance_lines_and_segments_carry_their_turns_time() {
    let (_dir, mut session) = timed_project();
    let request = SearchRequest { query: "teacher".into(), ..Default::default() };
    let response = session.search(&request, &NoProgress).unwrap();
    let mut got: Vec<(String, Option<u64>)> = response.hits.iter().map(|h| (h.document.clone(), h.start_ms)).collect();
    got.sort();
    assert_eq!(got, [("F1".to_string(), Some(2_500)), ("M1".to_string(), Some(4_000)), ("P1".to_string(), None)]);

    let kwic = session.kwic(&KwicRequest { search: request, width: 20, sort: Default::default() }, &NoProgress).unwrap();
    let csv = export_kwic(&kwic, SegmentFormat::Csv);
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "document,informant,speaker,time,start,end,left,keyword,right");
    let rows: Vec<&str> = lines.collect();
    assert!(rows.iter().any(|r| r.starts_with("M1,M1,R,00:00:04,")), "{csv}");
    assert!(rows.iter().any(|r| r.starts_with("P1,P1,R,,")), "{csv}");
    let html = export_kwic(&kwic, SegmentFormat::Html);
    assert!(html.contains("M1 00:00:04"), "{html}");

    // A coded segment carries the time of the turn it starts in.
    braid_core::add_code(session.project_mut(), &braid_core::NewCode { name: "Family".into(), ..Default::default() }, "me").unwrap();
    let d = session.document("M1").unwrap();
    let turn = &d.segments[3];
    braid_core::add_coding(
        session.project_mut(),
        &braid_core::NewCoding { document: "M1".into(), start: turn.start, end: turn.end, code: "Family".into(), coder: "me".into(), memo: None },
        "me",
    )
    .unwrap();
    let segments = braid_core::retrieve(session.project(), &RetrievalRequest { any: vec!["Family".into()], ..Default::default() }).unwrap();
    assert_eq!((segments[0].start_ms, segments[0].end_ms), (Some(75_000), None));
    let csv = export_segments(&segments, SegmentFormat::Csv);
    assert!(csv.starts_with("document,informant,start,end,time,codes"), "{csv}");
    assert!(csv.contains(",00:01:15,"), "{csv}");
    assert!(export_segments(&segments, SegmentFormat::Html).contains("at 00:01:15"));
}

#[test]
fn untimed_projects_export_as_before() {
    let (_dir, mut session) = timed_project();
    let request = SearchRequest { query: "none".into(), ..Default::default() };
    let kwic = session.kwic(&KwicRequest { search: request, width: 20, sort: Default::default() }, &NoProgress).unwrap();
    assert!(export_kwic(&kwic, SegmentFormat::Csv).starts_with("document,informant,speaker,start,end,left,keyword,right\n"));
}

#[test]
fn a_malformed_timestamp_is_an_error_naming_the_file_and_line_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("A.txt");
    std::fs::write(&good, MARKS).unwrap();
    let bad = dir.path().join("B.txt");
    std::fs::write(&bad, "I: fine\n\n[00:75:00] R: broken\n").unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let err = braid_core::import(&mut project, &[good, bad.clone()], &ImportOptions::default(), &NoProgress).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadInput);
    assert_eq!(
        err.to_string(),
        format!("{}:3: a timestamp that cannot be read: `[00:75:00]`; write it as [hh:mm:ss], (hh:mm:ss) or [mm:ss], with minutes and seconds below 60", bad.display())
    );
    assert!(project.documents().unwrap().is_empty());
}

#[test]
fn every_linked_format_is_read_for_its_length() {
    let (dir, mut session) = timed_project();
    for (file, kind) in [
        ("tone.wav", "audio"),
        ("tone.mp3", "audio"),
        ("tone.m4a", "audio"),
        ("tone.ogg", "audio"),
        ("tone.webm", "video"),
        ("clip.mp4", "video"),
    ] {
        let copy = dir.path().join(file);
        std::fs::copy(fixture(file), &copy).unwrap();
        let link = braid_core::link_media(session.project_mut(), "M1", &copy, "me").unwrap();
        assert_eq!(link.kind.as_str(), kind, "{file}");
        assert_eq!(link.path, file, "a file below the project is kept relative");
        assert_eq!(link.size, std::fs::metadata(&copy).unwrap().len());
        assert_eq!(link.sha256.len(), 64);
        let ms = link.duration_ms.unwrap_or_else(|| panic!("{file}: no duration"));
        assert!((2_400..=2_700).contains(&ms), "{file}: {ms} ms");
        braid_core::unlink_media(session.project_mut(), "M1", "me").unwrap();
    }
}

#[test]
fn links_are_undoable_logged_and_report_moved_or_changed_files() {
    let (dir, mut session) = timed_project();
    let audio = dir.path().join("audio");
    std::fs::create_dir(&audio).unwrap();
    let wav = audio.join("M1.wav");
    std::fs::copy(fixture("tone.wav"), &wav).unwrap();
    let link = braid_core::link_media(session.project_mut(), "M1", &wav, "me").unwrap();
    assert_eq!(link.path, "audio/M1.wav");
    assert_eq!(link.status, MediaStatus::Ok);

    // Linking again is refused: relink replaces.
    let err = braid_core::link_media(session.project_mut(), "M1", &wav, "me").unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);

    // A changed file (same size, other content) and a missing one name the expected path.
    let mut bytes = std::fs::read(&wav).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(&wav, &bytes).unwrap();
    let list = braid_core::media_list(session.project()).unwrap();
    assert_eq!(list[0].status, MediaStatus::Changed);
    assert!(list[0].problem.contains(&wav.display().to_string()), "{}", list[0].problem);
    std::fs::remove_file(&wav).unwrap();
    let list = braid_core::media_list(session.project()).unwrap();
    assert_eq!(list[0].status, MediaStatus::Missing);
    assert_eq!(list[0].problem, format!("no file at {}; relink it with `braid media relink`", wav.display()));

    // Relink to the moved file, then undo: back to the old link; redo: the new one.
    let moved = dir.path().join("M1-moved.wav");
    std::fs::copy(fixture("tone.wav"), &moved).unwrap();
    let relinked = braid_core::relink_media(session.project_mut(), "M1", &moved, "me").unwrap();
    assert_eq!((relinked.path.as_str(), relinked.status), ("M1-moved.wav", MediaStatus::Ok));
    braid_core::undo(session.project_mut(), "me").unwrap();
    assert_eq!(braid_core::media_of(session.project(), "M1").unwrap().unwrap().path, "audio/M1.wav");
    braid_core::redo(session.project_mut(), "me").unwrap();
    assert_eq!(braid_core::media_of(session.project(), "M1").unwrap().unwrap().path, "M1-moved.wav");
    braid_core::unlink_media(session.project_mut(), "M1", "me").unwrap();
    assert!(braid_core::media_of(session.project(), "M1").unwrap().is_none());
    braid_core::undo(session.project_mut(), "me").unwrap();
    assert!(braid_core::media_of(session.project(), "M1").unwrap().is_some());
    let actions: Vec<String> = session.project().events().unwrap().into_iter().map(|e| e.action).collect();
    for a in ["media.link", "media.relink", "media.unlink", "undo", "redo"] {
        assert!(actions.iter().any(|x| x == a), "{a} not in {actions:?}");
    }

    // A file outside the project's folder is kept by its absolute path.
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("P1.ogg");
    std::fs::copy(fixture("tone.ogg"), &outside).unwrap();
    let link = braid_core::link_media(session.project_mut(), "P1", &outside, "me").unwrap();
    assert_eq!(link.path, std::path::absolute(&outside).unwrap().display().to_string());
}

#[test]
fn wrong_files_are_refused_naming_them_and_nothing_is_linked() {
    let (dir, mut session) = timed_project();
    let fake = dir.path().join("fake.mp3");
    std::fs::write(&fake, "I: this is a transcript, not a recording\n").unwrap();
    let flac = dir.path().join("tone.flac");
    std::fs::write(&flac, b"fLaC\0\0\0\x22").unwrap();
    let cases: [(&Path, &str, ErrorCode, String); 4] = [
        (&fake, "M1", ErrorCode::BadInput, format!("{}: not a .mp3 recording: the file does not start as one does; check that it is the right file", fake.display())),
        (&flac, "M1", ErrorCode::BadInput, format!("{}: `.flac` is not a recording Braid links; give a .mp3, .m4a, .wav, .ogg, .mp4 or .webm file", flac.display())),
        (&dir.path().join("gone.wav"), "M1", ErrorCode::Io, String::new()),
        (&fixture("tone.wav"), "nobody", ErrorCode::NotFound, String::new()),
    ];
    for (file, doc, code, message) in cases {
        let err = braid_core::link_media(session.project_mut(), doc, file, "me").unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        if !message.is_empty() {
            assert_eq!(err.to_string(), message);
        }
        if code == ErrorCode::Io {
            assert!(err.to_string().contains("gone.wav"), "{err}");
        }
    }
    assert!(braid_core::media_list(session.project()).unwrap().is_empty());
    assert!(!session.project().events().unwrap().iter().any(|e| e.action.starts_with("media.")));
}

#[test]
fn an_import_offers_the_recordings_beside_its_transcripts() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("R7.txt");
    std::fs::write(&transcript, MARKS).unwrap();
    std::fs::copy(fixture("tone.m4a"), dir.path().join("R7.m4a")).unwrap();
    std::fs::write(dir.path().join("Other.txt"), "R: no recording for me\n").unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let report = braid_core::import(&mut project, &[transcript, dir.path().join("Other.txt")], &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(report.recordings.len(), 1);
    assert_eq!(report.recordings[0].document, "R7");
    assert!(report.recordings[0].file.ends_with("R7.m4a"));
    assert!(braid_core::media_list(&project).unwrap().is_empty(), "the import itself links nothing");
    let linked = braid_core::link_recordings(&mut project, &report.recordings, "me").unwrap();
    assert_eq!((linked[0].document.as_str(), linked[0].path.as_str()), ("R7", "R7.m4a"));
    // One action: one undo removes them all.
    braid_core::undo(&mut project, "me").unwrap();
    assert!(braid_core::media_list(&project).unwrap().is_empty());
}

#[test]
fn a_document_with_a_recording_travels_through_refi_qda_with_its_sync_points() {
    let (dir, mut session) = timed_project();
    let wav = dir.path().join("M1.wav");
    std::fs::copy(fixture("tone.wav"), &wav).unwrap();
    let mp4 = dir.path().join("V1.mp4");
    std::fs::copy(fixture("clip.mp4"), &mp4).unwrap();
    braid_core::link_media(session.project_mut(), "M1", &wav, "me").unwrap();
    braid_core::link_media(session.project_mut(), "V1", &mp4, "me").unwrap();
    braid_core::add_code(session.project_mut(), &braid_core::NewCode { name: "Family".into(), ..Default::default() }, "me").unwrap();
    let d = session.document("M1").unwrap();
    let turn = &d.segments[3];
    braid_core::add_coding(
        session.project_mut(),
        &braid_core::NewCoding { document: "M1".into(), start: turn.start, end: turn.start + 9, code: "Family".into(), coder: "me".into(), memo: None },
        "me",
    )
    .unwrap();

    let archive = dir.path().join("out.qdpx");
    let report = braid_core::save_qdpx(session.project(), &archive).unwrap();
    assert!(report.left_out.iter().any(|l| l.contains("turn times of 1 document without a recording")), "{:?}", report.left_out);
    let (qde, _, _) = braid_core::project_qde(session.project(), "2026-12-07T00:00:00Z").unwrap();
    assert!(qde.contains("<AudioSource guid="), "{qde}");
    assert!(qde.contains("<VideoSource guid="), "{qde}");
    assert!(qde.contains(&format!("path=\"absolute://{}\"", std::path::absolute(&wav).unwrap().display())));
    assert!(qde.contains("<TranscriptSelection"), "{qde}");
    assert!(qde.contains("timeStamp=\"75000\""), "{qde}");

    let target = dir.path().join("back.braid");
    let imported = braid_core::import_qdpx_file(&archive, &target, "me", &NoProgress).unwrap();
    assert_eq!(imported.recordings, 2, "{imported:?}");
    let back = Session::open(&target).unwrap();
    assert_eq!(times(&back, "M1"), times(&session, "M1"));
    assert_eq!(times(&back, "V1"), times(&session, "V1"));
    let links = braid_core::media_list(back.project()).unwrap();
    assert_eq!(links.iter().map(|l| (l.document.as_str(), l.kind.as_str(), l.status)).collect::<Vec<_>>(), [("M1", "audio", MediaStatus::Ok), ("V1", "video", MediaStatus::Ok)]);
    let codings = braid_core::codings(back.project(), Some("M1")).unwrap();
    assert_eq!((codings[0].start, codings[0].end, codings[0].text.as_str()), (turn.start, turn.start + 9, "She calls"));
}
