// Typed wrappers over the app's Tauri commands (src-tauri/src/lib.rs), one per command.
// Every command rejects with an ApiError `{ code, message }`: match on `code`, show `message`.

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AgreementReport,
  Alpha,
  CoderIdentity,
  DatasetInfo,
  DescribeOptions,
  DisplayFormat,
  InVivoCoding,
  Settings,
  QdpxExportReport,
  QdpxImportReport,
  CodebookExport,
  CodebookImportReport,
  MediaCandidate,
  MediaLink,
  PlayableMedia,
  TableFormat,
  SurveyFileOptions,
  DisplayRequest,
  Finding,
  FindingInput,
  FrameworkMatrix,
  FrameworkRequest,
  JointDisplay,
  Published,
  Link,
  ThemeStats,
  ThemeStatsRequest,
  FitOptions,
  ModerationSpec,
  OlsFit,
  ProbeResult,
  SavedModel,
  ApiError,
  AutocodePreview,
  AutocodeRequest,
  Code,
  CodeEdit,
  Cooccurrence,
  CooccurrenceMatrix,
  CountUnit,
  Crosstab,
  CodebookChange,
  Coding,
  Document,
  DocumentInfo,
  ErrorCode,
  ExternalChanges,
  ProgressEvent,
  Filters,
  HistoryState,
  HistoryStep,
  Memo,
  MemoTarget,
  NewCode,
  NewCoding,
  ProjectSummary,
  RetrievalRequest,
  RetrievedSegment,
  SearchRequest,
  SegmentFormat,
  SearchResponse,
  ImportOptions,
  ImportReport,
  Kwic,
  KwicRequest,
  AssistStatus,
  CodeSuggestion,
  Hit,
  SimilarRequest,
  CaseDisplay,
  Condition,
  CaseDisplayRequest,
  CaseList,
  CaseRequest,
  CodeMeasure,
  CodeVariable,
  LinkReport,
} from './bindings';

export type { ApiError, ProgressEvent };

/** Whether a rejected value is an ApiError from the shell. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

/** Any rejection as an ApiError, so the UI has one shape to show. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  // Not from braid-core: an IPC failure or a bug in the UI. `io` is the closest stable class.
  const code: ErrorCode = 'io';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Open a `.braid` project file, replacing the open one. */
export const openProject = (path: string) => call<ProjectSummary>('open_project', { path });

/** Build the demo study into the app's data folder and open it. */
export const openDemo = () => call<ProjectSummary>('open_demo');

/** The open project's summary, or null when none is open. */
export const projectSummary = () => call<ProjectSummary | null>('project_summary');

/** Import a REFI-QDA project (.qdpx) as a new project at `project`, and open it. */
export const importQdpx = (file: string, project: string) => call<QdpxImportReport>('import_qdpx', { file, project });

/** Export the open project as a REFI-QDA project (.qdpx). */
export const exportQdpx = (path: string) => call<QdpxExportReport>('export_qdpx', { path });

/** Import a codebook: a REFI-QDA .qdc, or Braid's YAML or JSON. */
export const importCodebookFile = (path: string) => call<CodebookImportReport>('import_codebook_file', { path });

/** Write the codebook to `path`: .qdc, .json, or YAML otherwise. */
export const exportCodebookFile = (path: string) => call<CodebookExport>('export_codebook_file', { path });

/** Every recording in the project, each checked against its file. */
export const listMedia = () => call<MediaLink[]>('list_media');

/** A document's recording, checked, with the URL the player loads it from when the file is fine. */
export const mediaSource = (document: string) => call<PlayableMedia | null>('media_source', { document });

/** Link a recording (.mp3, .m4a, .wav, .ogg, .mp4, .webm) to a document. */
export const linkMedia = (document: string, path: string) => call<MediaLink>('link_media', { document, path });

/** Point a document's recording at another file. */
export const relinkMedia = (document: string, path: string) => call<MediaLink>('relink_media', { document, path });

/** Remove a document's recording from the project (the file stays). */
export const unlinkMedia = (document: string) => call<null>('unlink_media', { document });

/** Link the recordings an import found beside its transcripts, all in one action. */
export const linkRecordings = (candidates: MediaCandidate[]) => call<MediaLink[]>('link_recordings', { candidates });

/** The project's settings, with defaults for what it has not chosen. */
export const projectSettings = () => call<Settings>('project_settings');

/** Store the project's settings; the answer is what they now are. */
export const setProjectSettings = (settings: Settings) => call<Settings>('set_project_settings', { settings });

/** What other processes changed in the open project since the last look. */
export const changesElsewhere = () => call<ExternalChanges>('changes_elsewhere');
let ready: Promise<number> | null = null;
/** Tell the app, once, that the window is interactive; resolves to the milliseconds since it started. */
export const appReady = () => (ready ??= call<number>('app_ready'));

/** Documents whose informants pass the attribute filters. */
export const listDocuments = (filters: Filters) => call<DocumentInfo[]>('list_documents', { filters });

/** One document with its text and speaker turns. */
export const getDocument = (name: string) => call<Document>('get_document', { name });

/** Search speaker turns. */
export const search = (request: SearchRequest) => call<SearchResponse>('search', { request });

/** The name to code under until the user picks one ($BRAID_USER, else $USER). */
export const defaultCoder = () => call<string>('default_coder');
export const coderIdentity = () => call<CoderIdentity>('coder_identity');
export const setCoder = (name: string) => call<CoderIdentity>('set_coder', { name });

/** The codebook in tree order, with each code's number of codings. */
export const getCodebook = () => call<Code[]>('get_codebook');

/** A document's codings by every coder, in order of position. */
export const getCodings = (document: string) => call<Coding[]>('get_codings', { document });

/** Code a span with an existing code. */
export const addCoding = (newCoding: NewCoding) => call<Coding>('add_coding', { newCoding });

/** Code a span with a new code named after its words, under `parent` if given. */
export const codeInVivo = (request: InVivoCoding) => call<Coding>('code_in_vivo', { request });

/** Remove a coding. */
export const removeCoding = (uuid: string) => call<Coding>('remove_coding', { uuid });

/** Undo the latest coding or codebook action; null when there is nothing to undo. */
export const undo = () => call<HistoryStep | null>('undo');

/** Redo the latest undone action; null when there is nothing to redo. */
export const redo = () => call<HistoryStep | null>('redo');

/** What undo and redo would do next. */
export const historyState = () => call<HistoryState>('history_state');

/** Move a coding's start and end (undoable). */
export const resizeCoding = (uuid: string, start: number, end: number) =>
  call<Coding>('resize_coding', { uuid, start, end });

/** Add a code to the codebook. */
export const addCode = (newCode: NewCode) => call<Code>('add_code', { newCode });

/** Rename, recolour, redefine or move a code; absent fields stay as they are. */
export const editCode = (path: string, edit: CodeEdit) => call<Code>('edit_code', { path, edit });

/** Move every coding of `from` (and its sub-codes) to `into`, then drop `from`. */
export const mergeCodes = (from: string, into: string) => call<CodebookChange>('merge_codes', { from, into });

/**
 * Delete a code and its sub-codes. Without `confirm`, a code that carries codings is kept and
 * the call rejects with `needs_confirmation`, whose message says how many codings would go.
 */
export const deleteCode = (path: string, confirm: boolean) => call<CodebookChange>('delete_code', { path, confirm });

/** Memos attached to `target`, or every memo when it is null. */
export const listMemos = (target: MemoTarget | null) => call<Memo[]>('list_memos', { target });

/** Write a memo. */
export const addMemo = (target: MemoTarget, title: string, body: string) =>
  call<Memo>('add_memo', { target, title, body });

/** Change a memo's text (and its title, unless null). */
export const editMemo = (uuid: string, title: string | null, body: string) =>
  call<Memo>('edit_memo', { uuid, title, body });

/** Delete a memo. */
export const deleteMemo = (uuid: string) => call<null>('delete_memo', { uuid });

/** Coded segments by codes (ANY / ALL / NOT), attributes and coders, with context. */
export const retrieve = (request: RetrievalRequest) => call<RetrievedSegment[]>('retrieve', { request });

/** The segments a request retrieves as CSV, Markdown or HTML text. */
export const exportSegments = (request: RetrievalRequest, format: SegmentFormat) =>
  call<string>('export_segments', { request, format });

/** Write the segments a request retrieves to a file the user chose. */
export const saveSegments = (request: RetrievalRequest, format: SegmentFormat, path: string) =>
  call<null>('save_segments', { request, format, path });

/** Codes × an attribute's values, counting informants, documents or codings. */
export const crosstab = (attribute: string, unit: CountUnit, coders: string[]) =>
  call<Crosstab>('crosstab', { attribute, unit, coders });

/** How often each pair of codes occurs together (overlapping, or in the same turn). */
export const cooccurrence = (mode: Cooccurrence, coders: string[]) =>
  call<CooccurrenceMatrix>('cooccurrence', { mode, coders });

/** What auto-coding a search's hits would code, without writing anything. */
export const autocodePreview = (request: AutocodeRequest) => call<AutocodePreview>('autocode_preview', { request });

/** Code every hit of a search with one code: one undoable action. */
export const autocodeApply = (request: AutocodeRequest) => call<AutocodePreview>('autocode_apply', { request });

/** The coders who have codings in the project. */
export const listCoders = () => call<string[]>('list_coders');

/** Intercoder agreement between two coders. */
export const getAgreement = (coderA: string, coderB: string) =>
  call<AgreementReport>('get_agreement', { coderA, coderB });

/** The project's survey datasets. */
export const listDatasets = () => call<DatasetInfo[]>('list_datasets');

/** Import a CSV file (a path the user chose) as dataset `name`. */
/** Import a survey file (CSV, Stata .dta, Excel .xlsx, OpenDocument .ods) as dataset `name`. */
export const importDataset = (name: string, path: string, file: SurveyFileOptions = { sheet: null, codes: false }) =>
  call<DatasetInfo>('import_dataset', { name, path, file });

/** Fit an OLS model on a dataset. */
export const fitModel = (dataset: string, formula: string, options: FitOptions) =>
  call<OlsFit>('fit_model', { dataset, formula, options });

/** Fit a model and save it by name (replacing one of the same name). */
export const saveModel = (name: string, dataset: string, formula: string, options: FitOptions) =>
  call<SavedModel>('save_model', { name, dataset, formula, options });

/** The saved models, stale ones marked. */
export const listModels = () => call<SavedModel[]>('list_models');

/** How a table is rendered: by the core, with all text escaped. */

/** Saved models side by side as a publication table. */
export const modelsTable = (names: string[], format: TableFormat) => call<string>('models_table', { names, format });

/** Saved models side by side as an Excel workbook at `path`. */
export const saveModelsWorkbook = (names: string[], path: string) => call<null>('save_models_workbook', { names, path });

/** Fit a model and probe its moderation: simple slopes, Johnson–Neyman, the interaction plot. */
export const probeModel = (dataset: string, formula: string, options: FitOptions, spec: ModerationSpec) =>
  call<ProbeResult>('probe_model', { dataset, formula, options, spec });

/** Descriptives by group (Table 1) as an HTML table. */
export const describeDataset = (dataset: string, options: DescribeOptions) =>
  call<string>('describe_dataset', { dataset, options });

/** Cronbach's alpha of items. */
export const cronbachAlpha = (dataset: string, items: string[], subset: Condition[] = []) =>
  call<Alpha>('cronbach_alpha', { dataset, items, subset });

/** Whether the local assist's model is installed, or the one line that says how to install it. */
export const assistStatus = () => call<AssistStatus>('assist_status');

/** Embed the project's turns and codings for the assist in the background, with progress events. */
export const prepareAssist = () => call<AssistStatus>('prepare_assist');

/** Respondent turns nearest in meaning to a passage (the local model). */
export const similarPassages = (request: SimilarRequest) => call<Hit[]>('similar_passages', { request });

/** Codes for a passage, each with the two codings that support it; nothing is coded. */
export const suggestCodes = (document: string, start: number, end: number, limit = 3) =>
  call<CodeSuggestion[]>('suggest_codes', { document, start, end, limit });

/** The datasets linked to informants, each with how its rows match now. */
export const datasetLinks = () => call<LinkReport[]>('dataset_links');

/** Link the informants to a dataset's rows by an id column (undoable); a duplicate id is refused. */
export const linkDataset = (dataset: string, column: string, attribute: string | null = null) =>
  call<LinkReport>('link_dataset', { dataset, column, attribute });

/** Remove a dataset's link (undoable). */
export const unlinkDataset = (dataset: string) => call<null>('unlink_dataset', { dataset });

/** The code variables of a dataset (or of all). */
export const codeVariables = (dataset: string | null = null) => call<CodeVariable[]>('code_variables', { dataset });

/** Add codes to a linked dataset as variables (undoable). */
export const addCodeVariables = (dataset: string, codes: string[], measure: CodeMeasure) =>
  call<CodeVariable[]>('add_code_variables', { dataset, codes, measure });

/** Remove code variables by column name (undoable). */
export const removeCodeVariables = (dataset: string, names: string[]) => call<number>('remove_code_variables', { dataset, names });

/** Respondents picked from a saved model (residuals, moderator or prediction extremes). */
export const pickCases = (request: CaseRequest) => call<CaseList>('pick_cases', { request });

/** The case-ordered display: linked informants sorted by a survey variable or a residual. */
export const caseDisplay = (request: CaseDisplayRequest) => call<CaseDisplay>('case_display', { request });

/** The findings, in their order. */
export const listFindings = () => call<Finding[]>('list_findings');

/** Create a finding at the end of the list (undoable). */
export const addFinding = (input: FindingInput) => call<Finding>('add_finding', { input });

/** Replace a finding's content: one undoable action. */
export const updateFinding = (uuid: string, input: FindingInput) => call<Finding>('update_finding', { uuid, input });

/** Delete a finding (undoable). */
export const deleteFinding = (uuid: string) => call<null>('delete_finding', { uuid });

/** Reorder the findings; `order` is every finding's UUID, each once. */
export const orderFindings = (order: string[]) => call<Finding[]>('order_findings', { order });

/** Link a model term, a coding or a span (coded first) to a finding: one undoable action. */
export const linkToFinding = (uuid: string, link: Link) => call<Finding>('link_to_finding', { uuid, link });

/** The published tables stored in the project, or null when it has none. */
export const publishedTables = () => call<Published | null>('published_tables');

/** The side-by-side joint display of every finding, computed from the current codings and models. */
export const jointDisplay = () => call<JointDisplay>('joint_display');

/** Code prevalence by an attribute's groups, beside the groups' survey statistics. */
export const statisticsByTheme = (request: ThemeStatsRequest) => call<ThemeStats>('statistics_by_theme', { request });

/** Codes × informants (or attribute groups), with counts and the first quotes per cell. */
export const frameworkMatrix = (request: FrameworkRequest) => call<FrameworkMatrix>('framework_matrix', { request });

/** Write a display to a file the user chose; themes and framework displays are HTML only. */
export const saveDisplay = (request: DisplayRequest, format: DisplayFormat, title: string, path: string) =>
  call<null>('save_display', { request, format, title, path });


/** Listen to progress of long work (building the demo, indexing). */
export function onProgress(handler: (p: ProgressEvent) => void): Promise<UnlistenFn> {
  return listen<ProgressEvent>('progress', (e) => handler(e.payload));
}

/** A count from braid-core; absent counts are zero. */
export const count = (n: number | undefined): number => n ?? 0;

/** Create a new, empty project file and open it, replacing the open one. */
export const newProject = (path: string) => call<ProjectSummary>('new_project', { path });

/** Import transcripts (and an informants CSV) into the open project, all or nothing. */
export const importTranscripts = (files: string[], options: ImportOptions) =>
  call<ImportReport>('import_transcripts', { files, options });

/** A search's matches as keyword-in-context lines. */
export const kwic = (request: KwicRequest) => call<Kwic>('kwic', { request });

/** Save a concordance as CSV, Markdown or HTML to a file the user chose. */
export const saveKwic = (request: KwicRequest, format: SegmentFormat, path: string) => call<null>('save_kwic', { request, format, path });
