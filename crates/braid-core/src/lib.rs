//! braid-core: the domain library of Braid, a mixed-methods research tool.
//!
//! A transcript becomes segments (speaker turns) in the project store, then index entries,
//! then search hits. Every user-visible operation is one function here; the CLI and the app
//! are thin shells over it.
//!
//! ```
//! use braid_core::{import, ImportOptions, NoProgress, Project, SearchIndex, SearchRequest};
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("0602.md");
//! std::fs::write(&file, "---\nid: \"0602\"\ntype: child\n---\nI: Do you miss her?\nR: I miss my mom.\n").unwrap();
//! let mut project = Project::create(&dir.path().join("study.braid")).unwrap();
//! import(&mut project, &[file], &ImportOptions::default(), &NoProgress).unwrap();
//! let index = SearchIndex::open(&project, &NoProgress).unwrap();
//! let found = index.search(&SearchRequest { query: "mom".into(), limit: 10, ..Default::default() }).unwrap();
//! // "I: Do you miss her?\n" is 20 code points, "R: I miss my " 13 more.
//! assert_eq!(found.hits[0].matches[0].start, 33);
//! ```
#![warn(missing_docs)]

mod analysis;
mod bindings;
mod codebook;
mod demo;
mod error;
mod escape;
mod exchange;
mod import;
mod media;
mod progress;
mod search;
mod session;
mod store;
mod text;
mod assist;
mod triangulate;
mod xlsx;

pub use codebook::agreement::{AgreementReport, AgreementRow, CodedSpan, Disagreement, Table2, TurnUnit};
pub use text::attrs::{AttrKind, AttrValue, AttributeTable, Attributes, InformantRow, parse_attribute_csv};
pub use search::autocode::{AutocodePreview, AutocodeRequest, AutocodeSpan, AutocodeUnit};
pub use bindings::typescript;
/// The survey-analysis engine (pure statistics), re-exported so that shells depend on braid-core alone.
pub use braid_stats as stats;
pub use codebook::edit::{CodeEdit, CodebookChange, CodebookFormat, NewCode, add_code, delete_code, edit_code, export_codebook, merge_codes};
pub use codebook::coding::{Coding, CodingsImportReport, InVivoCoding, NewCoding, add_coding, agreement, code_in_vivo, coders, codings, import_excerpt_codings, remove_coding, resize_coding};
pub use codebook::codes::{MAX_CODE_DEPTH, Code, CodebookImportReport, codebook, import_codebook};
pub use demo::{DemoOptions, DemoReport, build_demo};
pub use triangulate::display::build::{build_display, display_file, framework_matrix, side_by_side, statistics_by_theme};
pub use triangulate::display::io::{export_display, project_case_display, project_framework, project_joint_display, project_theme_stats, save_display};
pub use triangulate::display::style::{attribution_style, set_attribution_style};
pub use triangulate::display::model::{
    AttributionStyle, CaseDisplay, CaseDisplayRequest, CaseDisplayRow, Display, DisplayFormat, RESIDUAL, DisplayRequest, DisplayRow, FrameworkCell, FrameworkMatrix, FrameworkRequest, FrameworkRow, GroupStat, JointDisplay, QuantCell, Quote,
    ThemeCell, ThemeColumn, ThemeRow, ThemeStats, ThemeStatsRequest, attribution, stars,
};
pub use triangulate::display::render::{
    display_plots, joint_display_sheet, framework_html, joint_display_csv, joint_display_docx, joint_display_html, joint_display_latex, joint_display_markdown, render_display, render_joint_display, slopes_text, theme_stats_html,
};
pub use triangulate::display::snapshot::Snapshot;
pub use assist::{Assist, AssistStatus, Needs, CodeSuggestion, Evidence, SUGGEST_NEIGHBOURS, SimilarRequest, SuggestEvaluation, assist_status, cache_path as assist_cache_path, load_model};
pub use triangulate::display::cases::{CASE_QUOTE_CHARS, case_sheet, render_cases};
pub use triangulate::cases::{Case, CaseList, CaseOrder, CaseRequest, CaseValue, Extreme, LinkReport, LinkedCase, dataset_links, link_dataset, pick_cases, unlink_dataset};
pub use triangulate::codevars::{CodeMeasure, CodeVariable, add_code_variables, code_variables, column_name, remove_code_variables};
pub use store::cases::{INFORMANT_ID, id_key};
pub use exchange::archive::{MAX_QDPX_COMPRESSION_RATIO, MAX_QDPX_ENTRIES, MAX_QDPX_ENTRY_BYTES, MAX_QDPX_UNPACKED_BYTES};
pub use exchange::qdc::{CodebookExport, export_qdc, import_codebook_file, import_qdc, save_codebook};
pub use exchange::qdpx_export::{QdpxExportReport, export_qdpx, project_qde, save_qdpx};
pub use exchange::qdpx_import::{QdpxImportReport, import_qdpx, import_qdpx_file};
pub use exchange::xml::{MAX_XML_DEPTH, MAX_XML_ELEMENTS};
pub use error::{ApiError, Error, ErrorCode, Location, Result};
pub use codebook::excerpts::{ExcerptRow, ResolvedExcerpt, parse_excerpt_csv, resolve_excerpts};
pub use triangulate::finding::{
    Finding, FindingPatch, Link, add_finding, delete_finding, find_finding, finding, findings, link_to_finding,
    move_finding, order_findings, patch_finding, update_finding,
};
pub use store::action::Action;
pub use store::settings::{DEFAULT_CARD_ATTRIBUTES, MAX_CARD_ATTRIBUTES, Settings, set_settings, settings};
pub use store::user::{CoderIdentity, MAX_CODER_NAME, VERSION, coder_identity, proposed_coder, set_coder};
pub use store::ops::{FindingInput, FitLabel, ResultRef, ResultSource};
pub use store::history::{HistoryState, HistoryStep, history_state, redo, undo};
pub use analysis::kwic::{kwic_sheet, Kwic, KwicLine, KwicRequest, KwicSort, export_kwic, kwic_lines, left_key, right_key};
pub use media::{MEDIA_EXTENSIONS, MAX_MEDIA_BYTES, MediaCandidate, MediaKind, MediaLink, MediaStatus, PlayableMedia, link_media, link_recordings, media_list, media_of, recordings_beside, relink_media, unlink_media};
pub use text::timestamps::hms;
pub use import::{ImportOptions, ImportReport, ImportedDocument, SkippedFile, import, import_sources};
pub use text::Source;
pub use analysis::matrix::{cooccurrence_sheet, crosstab_sheet, presence_sheet, CodeFrequency, frequencies, CooccurrenceMatrix, Cooccurrence, CountUnit, Crosstab, CrosstabCell, CrosstabRow, PresenceTable, cooccurrence, cooccurrence_csv, crosstab, crosstab_csv, presence, presence_csv};
pub use codebook::memo::{Memo, MemoTarget, add_memo, delete_memo, edit_memo, memos};
pub use progress::{NoProgress, Progress, ProgressEvent};
pub use triangulate::published::{store_published, stored_published, Published, PublishedDescriptives, PublishedVariable, PublishedMean, PublishedLevel, PublishedExcerpt, PublishedModel, PublishedTable, PublishedTerm, Significance, StarThreshold, parse_published};
pub use escape::escape_html;
pub use xlsx::{Sheet, XCell, alpha_sheet, sheet_csv, table_sheet, workbook};
pub use analysis::retrieve::{segments_sheet, RetrievalRequest, RetrievedSegment, SegmentFormat, export_retrieval, export_segments, retrieve, save_retrieval};
pub use search::index::{SearchIndex, index_dir};
pub use search::request::{AttrFilter, CodeSets, Filters, Hit, SearchRequest, SearchResponse, SpeakerFilter};
pub use search::excerpt::{Excerpt, excerpt, snippet};
pub use session::{AttributeValues, ExternalChanges, ProjectSummary, Session};
pub use store::{APPLICATION_ID, default_actor, write_whole, Document, DocumentInfo, Event, IndexStamp, Informant, Project, SCHEMA_VERSION, Segment, Span};
pub use triangulate::survey_files::{MAX_SURVEY_ROWS, SurveyFileOptions, SurveyFormat};
pub use triangulate::survey::{save_models_workbook, import_survey_file, read_survey_file, TableFormat, render_table, alpha, describe, fit, probe, compare_models, formula_variables, model_columns, ProbeResult, alpha_on, describe_on, models_table, probe_on, DatasetInfo, SavedModel, datasets, fit_on, import_dataset, load_dataset, models, read_dataset, refit, save_model};
pub use text::{Decoded, decode, normalise, slice_chars};
pub use text::transcript::{ParseOptions, Role, Transcript, Turn, parse as parse_transcript, parse_timed_turns, parse_turns};
pub use {text::docx::{MAX_DOCX_COMPRESSION_RATIO, MAX_DOCX_NESTING, MAX_DOCX_PARAGRAPHS, MAX_DOCX_PART_BYTES, MAX_DOCX_UNPACKED_BYTES}, text::{MAX_FILE_BYTES, MAX_TEXT_BYTES}, text::transcript::MAX_TURNS};
