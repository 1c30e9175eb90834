// Generated from braid-core by `UPDATE_EXPECT=1 cargo test -p braid-core bindings`. Do not edit.

export type ApiError = { 
/**
 * The stable class.
 */
code: ErrorCode, 
/**
 * The message, naming file, line and field where relevant.
 */
message: string, };

export type ErrorCode = "bad_input" | "bad_request" | "needs_confirmation" | "not_found" | "busy" | "project" | "io" | "store" | "index";

export type AttrKind = "text" | "integer" | "float" | "date";

export type AttrValue = number | number | string;

export type Role = "interviewer" | "respondent";

export type Span = { 
/**
 * First code point.
 */
start: number, 
/**
 * One past the last code point.
 */
end: number, };

export type Segment = { 
/**
 * Position in the document, from 0.
 */
ord: number, 
/**
 * The label as written.
 */
speaker: string, 
/**
 * Interviewer or respondent.
 */
role: Role, 
/**
 * Code-point span in the document text.
 */
start: number, 
/**
 * End of the span.
 */
end: number, 
/**
 * Where the turn starts in the recording (milliseconds), when the transcript says.
 */
start_ms: number | null, 
/**
 * Where it ends (milliseconds), when the transcript says.
 */
end_ms: number | null, };

export type Informant = { 
/**
 * The informant id, e.g. `0602`.
 */
id: string, 
/**
 * Stable identity across exports.
 */
uuid: string, 
/**
 * Typed attributes.
 */
attributes: { [key in string]?: AttrValue }, 
/**
 * Names of this informant's documents.
 */
documents: Array<string>, };

export type DocumentInfo = { 
/**
 * The document name, e.g. `0602`.
 */
name: string, 
/**
 * Stable identity across exports.
 */
uuid: string, 
/**
 * The informant, if known.
 */
informant: string | null, 
/**
 * The informant's attributes.
 */
attributes: { [key in string]?: AttrValue }, 
/**
 * The file it was imported from.
 */
file_name: string, 
/**
 * SHA-256 of the original bytes.
 */
sha256: string, 
/**
 * The encoding it was read as.
 */
encoding: string, 
/**
 * Length in code points.
 */
chars: number, 
/**
 * Number of speaker turns.
 */
segments: number, 
/**
 * When it was imported (RFC 3339, UTC).
 */
imported_at: string, 
/**
 * Who imported it.
 */
imported_by: string, };

export type Document = { 
/**
 * Summary.
 */
info: DocumentInfo, 
/**
 * Front-matter citation, if any.
 */
citation: string | null, 
/**
 * The normalised text.
 */
text: string, 
/**
 * Speaker turns.
 */
segments: Array<Segment>, };

export type Event = { 
/**
 * Sequence number.
 */
id: number, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Who.
 */
actor: string, 
/**
 * What kind of action, e.g. `import`.
 */
action: string, 
/**
 * The action's details as JSON.
 */
payload: unknown, };

export type ImportOptions = { 
/**
 * An attributes CSV with one row per informant.
 */
attributes: string | null, 
/**
 * Force an encoding (a WHATWG label such as `gb18030`) instead of detecting it.
 */
encoding: string | null, 
/**
 * Labels of interviewer turns; empty means `I` and `Interviewer`.
 */
interviewer_labels: Array<string>, 
/**
 * Who is importing; empty means [`store::default_actor`].
 */
actor: string, };

export type KwicSort = "document" | "left" | "right" | "keyword";

export type KwicRequest = { 
/**
 * The search; its `limit` caps the turns read.
 */
search: SearchRequest, 
/**
 * Characters of context on each side (default 40).
 */
width: number, 
/**
 * The order of the lines.
 */
sort: KwicSort, };

export type KwicLine = { 
/**
 * The document.
 */
document: string, 
/**
 * Its informant.
 */
informant: string | null, 
/**
 * The informant's attributes.
 */
attributes: { [key in string]?: AttrValue }, 
/**
 * The turn's speaker label.
 */
speaker: string, 
/**
 * The turn's role.
 */
role: Role, 
/**
 * The turn's span in the document, for opening it.
 */
segment: Span, 
/**
 * Where the turn starts in the recording (milliseconds), when the transcript says.
 */
start_ms: number | null, 
/**
 * Where it ends (milliseconds).
 */
end_ms: number | null, 
/**
 * Text before the match, from the same turn; line breaks shown as spaces.
 */
left: string, 
/**
 * The matched text.
 */
keyword: string, 
/**
 * Text after the match, from the same turn.
 */
right: string, 
/**
 * The match's span in the document (code points), for opening it.
 */
start: number, 
/**
 * Span end.
 */
end: number, };

export type Kwic = { 
/**
 * The query as given.
 */
query: string, 
/**
 * Turns matching in all.
 */
turns: number, 
/**
 * One line per match in the turns read.
 */
lines: Array<KwicLine>, 
/**
 * More turns match than were read (raise the search limit to see them).
 */
truncated: boolean, };

export type ImportReport = { 
/**
 * Documents added.
 */
imported: Array<ImportedDocument>, 
/**
 * Files not imported because an identical file already is.
 */
skipped: Array<SkippedFile>, 
/**
 * Informants created.
 */
informants_added: number, 
/**
 * Informants whose attributes were set or changed.
 */
informants_updated: number, 
/**
 * Things the researcher should look at; the import still happened.
 */
warnings: Array<string>, 
/**
 * Recordings lying beside imported transcripts with the same name, offered for linking
 * (nothing is linked by the import itself).
 */
recordings: Array<MediaCandidate>, 
/**
 * The recordings linked after the import, when asked (`--link-media`).
 */
linked: Array<MediaLink>, };

export type ImportedDocument = { 
/**
 * Document name.
 */
name: string, 
/**
 * The file it came from.
 */
file: string, 
/**
 * Its informant.
 */
informant: string, 
/**
 * Number of speaker turns.
 */
segments: number, 
/**
 * Length in code points.
 */
chars: number, 
/**
 * The encoding it was read as.
 */
encoding: string, };

export type SkippedFile = { 
/**
 * The file.
 */
file: string, 
/**
 * Why.
 */
reason: string, };

export type MediaKind = "audio" | "video";

export type MediaStatus = "ok" | "missing" | "changed";

export type MediaLink = { 
/**
 * The document's name.
 */
document: string, 
/**
 * The path as stored: relative to the project file's folder when below it, else absolute.
 */
path: string, 
/**
 * Where the file is expected: the stored path resolved against the project file's folder.
 */
resolved: string, 
/**
 * Audio or video.
 */
kind: MediaKind, 
/**
 * Size in bytes when linked.
 */
size: number, 
/**
 * SHA-256 of the file when linked, lowercase hex.
 */
sha256: string, 
/**
 * Length in milliseconds, when the file's headers say.
 */
duration_ms: number | null, 
/**
 * When it was linked (RFC 3339, UTC).
 */
linked_at: string, 
/**
 * Who linked it.
 */
linked_by: string, 
/**
 * Whether the file is still there and the same.
 */
status: MediaStatus, 
/**
 * What is wrong, for a missing or changed file; empty when it is fine.
 */
problem: string, };

export type PlayableMedia = { 
/**
 * The link, checked against the file.
 */
link: MediaLink, 
/**
 * The URL the app's player loads the recording from; none when the file is missing or
 * changed (it is not played then). The app sets it.
 */
url: string | null, };

export type MediaCandidate = { 
/**
 * The document imported from the transcript.
 */
document: string, 
/**
 * The recording's path.
 */
file: string, };

export type SpeakerFilter = "any" | "interviewer" | "respondent";

export type AttrFilter = { 
/**
 * The attribute, e.g. `type`, or a survey value of linked informants, `survey.depression`.
 */
key: string, 
/**
 * The value compared with (case-insensitively for text).
 */
value: string, 
/**
 * How the informant's value must compare; none means `=`. `<`, `<=`, `>` and `>=` take
 * numeric and date attributes.
 */
op?: Cmp, };

export type Filters = { 
/**
 * Attribute filters.
 */
where: Array<AttrFilter>, 
/**
 * Speaker role.
 */
speaker: SpeakerFilter, 
/**
 * Turns must carry every one of these codes (a code includes its sub-codes), by any coder.
 */
codes: Array<string>, 
/**
 * Turns must carry none of these codes.
 */
not_codes: Array<string>, };

export type SearchRequest = { 
/**
 * The query: words, "phrases", phrase~slop, prefix*, word~1 (fuzzy), AND/OR/NOT, (groups).
 * Empty matches every turn that passes the filters.
 */
query: string, 
/**
 * Filters on who said it.
 */
filters: Filters, 
/**
 * How many hits to return.
 */
limit: number, 
/**
 * Attributes to count hits by.
 */
counts: Array<string>, 
/**
 * Hybrid search: merge the keyword ranking with the turns nearest in meaning (the local
 * assist's model) by reciprocal rank fusion. Filters apply to both.
 */
semantic: boolean, };

export type SearchResponse = { 
/**
 * The query as given.
 */
query: string, 
/**
 * How many turns match in all.
 */
total: number, 
/**
 * The best hits, most relevant first.
 */
hits: Array<Hit>, 
/**
 * Hit counts per value of each requested attribute.
 */
counts: Record<string, Record<string, number>>, };

export type Hit = { 
/**
 * The document name.
 */
document: string, 
/**
 * The informant id.
 */
informant: string | null, 
/**
 * The informant's attributes.
 */
attributes: { [key in string]?: AttrValue }, 
/**
 * The turn's speaker label.
 */
speaker: string, 
/**
 * The turn's role.
 */
role: Role, 
/**
 * The turn's span in the document.
 */
segment: Span, 
/**
 * Where the turn starts in the recording (milliseconds), when the transcript says.
 */
start_ms: number | null, 
/**
 * Where it ends (milliseconds).
 */
end_ms: number | null, 
/**
 * Each match's span in the document text.
 */
matches: Array<Span>, 
/**
 * The text around the first match, with the matches as spans of it.
 */
excerpt: Excerpt, 
/**
 * The same excerpt as HTML: escaped, with `<mark>` around matches (kept for `--json`
 * readers; the app draws `excerpt` itself).
 */
snippet: string, 
/**
 * Relevance.
 */
score: number, };

export type Excerpt = { 
/**
 * The window's text, line breaks turned into spaces.
 */
text: string, 
/**
 * Whether the turn goes on before the window.
 */
cut_before: boolean, 
/**
 * Whether the turn goes on after it.
 */
cut_after: boolean, 
/**
 * The matches inside the window, as code-point spans of `text`, sorted and disjoint.
 */
marks: Array<Span>, };

export type DemoReport = { 
/**
 * The project file.
 */
project: string, 
/**
 * Documents imported.
 */
documents: number, 
/**
 * Informants in the project.
 */
informants: number, 
/**
 * Speaker turns stored.
 */
segments: number, 
/**
 * Codes in the codebook.
 */
codes: number, 
/**
 * Codings stored, per coder.
 */
codings: { [key in string]?: number }, 
/**
 * Cohen's κ between the two coders, pooled over codes (turn × code units).
 */
kappa: number | null, 
/**
 * Models fitted on the synthetic survey and saved, e.g. `Table 4 model 1`.
 */
models: Array<string>, 
/**
 * The estimation sample of those models (the paper's analytic sample).
 */
n: number, 
/**
 * Interviewed informants linked to their own survey rows.
 */
linked: number, 
/**
 * Files written into the output folder.
 */
files: Array<string>, 
/**
 * The import's warnings.
 */
warnings: Array<string>, };

export type ProjectSummary = { 
/**
 * The project file.
 */
path: string, 
/**
 * The project's UUID.
 */
uuid: string, 
/**
 * Number of documents.
 */
documents: number, 
/**
 * Number of informants.
 */
informants: number, 
/**
 * Attribute keys with their distinct values, for building filters.
 */
attributes: Array<AttributeValues>, 
/**
 * The project's settings: the attributes cards show, the grouping attribute.
 */
settings: Settings, };

export type Settings = { 
/**
 * The informant attributes shown on search hits, retrieved segments, document cards and
 * transcript headings, in order. Unset, the informants table's first three columns.
 */
card_attributes: Array<string>, 
/**
 * The attribute that groups informants by default in crosstabs and the
 * statistics-by-theme display, e.g. whether a parent migrated. Unset, the first attribute
 * with a handful of values.
 */
group_attribute: string | null, };

export type CoderIdentity = { 
/**
 * The name actions are recorded under, if one is set (`$BRAID_USER` or the settings).
 */
coder: string | null, 
/**
 * Where `coder` comes from: `env` (`$BRAID_USER`), `settings`, or `none`.
 */
source: string, 
/**
 * The name to propose: the account's full name, else its login.
 */
proposed: string, 
/**
 * The settings file that remembers the name.
 */
settings_file: string, 
/**
 * Braid's version.
 */
version: string, };

export type QdpxExportReport = { 
/**
 * Documents written as text sources.
 */
documents: number, 
/**
 * Codes in the codebook.
 */
codes: number, 
/**
 * Codings (one `Coding` each; codings of one span share a selection).
 */
codings: number, 
/**
 * Memos, and coding memos, written as notes.
 */
notes: number, 
/**
 * Informants written as cases.
 */
cases: number, 
/**
 * Coders and memo authors written as users.
 */
users: number, 
/**
 * Sets carried through from an imported project.
 */
sets: number, 
/**
 * What the project holds that REFI-QDA has no place for, e.g. `2 survey datasets`.
 */
left_out: Array<string>, 
/**
 * How things were written, where the reader may want to know (e.g. recordings by path).
 */
remarks: Array<string>, };

export type QdpxImportReport = { 
/**
 * The new project.
 */
project: string, 
/**
 * Text sources (and transcripts of audio, video and PDF sources) made documents.
 */
documents: number, 
/**
 * Codes.
 */
codes: number, 
/**
 * Codings.
 */
codings: number, 
/**
 * Notes made memos or coding memos.
 */
memos: number, 
/**
 * Cases made informants.
 */
informants: number, 
/**
 * Users (coders and memo authors).
 */
users: number, 
/**
 * Sets kept.
 */
sets: number, 
/**
 * Sources, selections and values that could not be carried, each with why.
 */
skipped: Array<string>, 
/**
 * What was carried differently, e.g. a Boolean variable kept as text.
 */
notes: Array<string>, 
/**
 * Recordings of audio and video sources found and linked.
 */
recordings: number, };

export type CodebookExport = { 
/**
 * `qdc`, `json` or `yaml`.
 */
format: string, 
/**
 * Codes written.
 */
codes: number, 
/**
 * The file.
 */
path: string, };

export type ExternalChanges = { 
/**
 * Whether another process (or another handle) committed anything since the last look.
 */
changed: boolean, 
/**
 * The actions recorded in the log since the last look, oldest first. This session's own
 * actions are left out when the shell calls [`Session::settle`] after each of them (one
 * that ran while another process wrote may still appear).
 */
events: Array<Event>, };

export type ProgressEvent = { 
/**
 * What is being done, e.g. `indexing`.
 */
label: string, 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all (0 when unknown).
 */
total: number, 
/**
 * Whether the phase is over.
 */
finished: boolean, };

export type DatasetInfo = { 
/**
 * Its name in the project, e.g. `survey`.
 */
name: string, 
/**
 * The file it came from.
 */
file_name: string, 
/**
 * SHA-256 of the original bytes: models record it, so a display can tell when a model's
 * dataset changed after it was fitted.
 */
sha256: string, 
/**
 * Rows and columns.
 */
summary: DatasetSummary, 
/**
 * When it was imported.
 */
imported_at: string, };

export type SavedModel = { 
/**
 * Its name, e.g. `Table 4 model 1`.
 */
name: string, 
/**
 * The dataset's name.
 */
dataset: string, 
/**
 * The dataset's hash when the model was fitted.
 */
dataset_sha256: string, 
/**
 * The formula.
 */
formula: string, 
/**
 * Reference levels, robust SEs, analytic sample.
 */
options: FitOptions, 
/**
 * The fit, as `braid fit --json` prints it.
 */
fit: unknown, 
/**
 * When it was fitted.
 */
fitted_at: string, 
/**
 * The dataset changed after the model was fitted, or the codings behind a code variable
 * it uses did (refit it).
 */
stale: boolean, 
/**
 * Why it is stale; empty when it is not.
 */
stale_reason: string, 
/**
 * The variables its formula uses, in order of first appearance: with the options'
 * `complete_on`, the columns its analytic sample must be complete on.
 */
variables: Array<string>, };

export type ProbeResult = { 
/**
 * The fitted model.
 */
fit: OlsFit, 
/**
 * Simple slopes and the Johnson–Neyman interval.
 */
moderation: Moderation, 
/**
 * The interaction plot.
 */
svg: string, };

export type TableFormat = "html" | "markdown" | "latex" | "csv";

export type SurveyFileOptions = { 
/**
 * The sheet of a workbook (default: the first).
 */
sheet: string | null, 
/**
 * Keep the numeric codes of labelled variables (the labels still print in tables),
 * instead of using the labels as the categories.
 */
codes: boolean, };

export type ColumnKind = "numeric" | "categorical";

export type CsvOptions = { 
/**
 * Column types that override inference. In a column forced `numeric`, cells that are not
 * numbers are read as missing, and the dataset's notes say how many (a column with no
 * number at all is refused, as the type is then surely a mistake).
 */
types: { [key in string]?: ColumnKind }, 
/**
 * Extra missing-value codes, e.g. `-99`. Empty cells, `NA` and `.` are always missing.
 * A numeric code also matches the same number written differently (`-99.0`).
 */
missing: Array<string>, 
/**
 * Value labels: column → code → label, e.g. `girl` → `1` → `Girl`. Labels are used in
 * descriptive tables and plot legends; model terms keep the codes.
 */
labels: { [key in string]?: { [key in string]?: string } }, 
/**
 * Variable labels, column → label (e.g. `depression` → `Depression score (CES-DC)`), as
 * SPSS and Stata files carry them.
 */
variable_labels: { [key in string]?: string }, };

export type DatasetSummary = { 
/**
 * The dataset's name (usually its file name).
 */
name: string, 
/**
 * Number of data rows (the header excluded).
 */
rows: number, 
/**
 * One entry per column, in file order.
 */
columns: Array<ColumnSummary>, 
/**
 * What reading the file changed that the user should know, e.g. cells that are not
 * numbers read as missing in a column declared numeric.
 */
notes: Array<string>, };

export type ColumnSummary = { 
/**
 * Column name.
 */
name: string, 
/**
 * Numeric or categorical.
 */
kind: ColumnKind, 
/**
 * Number of missing cells.
 */
missing: number, 
/**
 * For categorical columns, the levels in sorted order; empty for numeric columns.
 */
levels: Array<string>, 
/**
 * Value labels, code → label.
 */
labels: { [key in string]?: string }, 
/**
 * Cells that were not numbers, read as missing because the column is declared numeric
 * (counted in `missing` too).
 */
non_numeric: number, };

export type FitOptions = { 
/**
 * Reference levels of categorical variables, column → level, e.g. `migration` → `none`.
 * Without one, the reference is the first level in sorted order. Entries for columns
 * the formula does not use are ignored, so one map can serve several models.
 */
refs: { [key in string]?: string }, 
/**
 * Robust standard errors; `None` for the classical ones.
 */
robust: Robust | null, 
/**
 * Further columns a row must have to enter the sample. Fit several models with the same
 * list (e.g. every variable of every model) to estimate them on the same rows, as a
 * paper's "analytic sample" and the nested-model F test need.
 */
complete_on: Array<string>, 
/**
 * A column of weights for weighted least squares (survey weights): each row counts in
 * proportion to its weight. Rows missing it are dropped; a weight must be positive.
 */
weights: string | null, 
/**
 * A column whose values group the rows into clusters (e.g. `school` when children were
 * sampled by school): cluster-robust standard errors with Stata's CR1 small-sample
 * correction, `G/(G-1) · (n-1)/(n-k)`, and t tests on `G - 1` degrees of freedom.
 */
cluster: string | null, 
/**
 * Conditions a row must meet to enter the sample (Stata's `if`, R's `subset =`), e.g.
 * `sample=questionnaire`: a subsample, or the rows of one wave. Rows that fail them are
 * not in the data the model sees, so they are not counted as dropped.
 */
subset: Array<Condition>, };

export type Cmp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Condition = { 
/**
 * The column.
 */
column: string, 
/**
 * How the row's value must compare.
 */
op: Cmp, 
/**
 * The value compared with.
 */
value: string, };

export type RowPrediction = { 
/**
 * The row's index in the dataset (0 is the first data row).
 */
row: number, 
/**
 * The model's prediction from the row's values.
 */
predicted: number, 
/**
 * The row's outcome, when it has one.
 */
observed: number | null, 
/**
 * Observed less predicted, when the row has an outcome.
 */
residual: number | null, };

export type Robust = "HC0" | "HC1" | "HC2" | "HC3";

export type OlsFit = { 
/**
 * The formula as given.
 */
formula: string, 
/**
 * Number of rows in the estimation sample.
 */
n: number, 
/**
 * Rows left out by listwise deletion.
 */
dropped: Dropped, 
/**
 * Model degrees of freedom: the rank, less one for the intercept.
 */
df_model: number, 
/**
 * Residual degrees of freedom: `n` less the rank.
 */
df_resid: number, 
/**
 * R². Without an intercept it is uncentred, as in R.
 */
r2: number, 
/**
 * Adjusted R².
 */
adj_r2: number, 
/**
 * F statistic of all terms but the intercept (a Wald F with the robust covariance when
 * robust SEs are requested); `null` when the model has no such term.
 */
f: number | null, 
/**
 * p-value of `f`.
 */
f_p: number | null, 
/**
 * Residual standard error.
 */
sigma: number, 
/**
 * Estimated coefficients, in model order.
 */
coefficients: Array<Coefficient>, 
/**
 * Terms not estimable because they are linear combinations of earlier ones (R's `NA`
 * coefficients). They are left out of `coefficients`.
 */
aliased: Array<string>, 
/**
 * Terms with no column at all, each with the reason: a factor with one level in the
 * estimation sample. They are left out of `coefficients` and `aliased`.
 */
dropped_terms: Array<{ 
/**
 * The term, as in the formula's term labels: `girl`, `girl:age`.
 */
term: string, 
/**
 * Why it was dropped, e.g. "`girl` has one level (`1`) in the 20 rows of the
 * estimation sample, so it cannot vary".
 */
reason: string, }>, 
/**
 * The robust covariance used for `se`, `t`, `p` and the intervals, if any: `HC0`–`HC3`,
 * or `cluster` for cluster-robust (CR1) standard errors.
 */
robust?: string, 
/**
 * With `robust = "cluster"`: the column that defines the clusters.
 */
cluster?: string, 
/**
 * With `robust = "cluster"`: the number of clusters in the estimation sample.
 */
clusters?: number, 
/**
 * The weights column of a weighted fit.
 */
weights?: string, 
/**
 * The conditions that chose the rows the model sees ([`FitOptions::subset`]), as
 * written: `sample=questionnaire`.
 */
subset?: Array<string>, };

export type Dropped = { 
/**
 * Number of rows dropped.
 */
rows: number, 
/**
 * Missing cells per variable among all rows (a row missing two variables counts for
 * each); variables with none are omitted.
 */
by: { [key in string]?: number }, };

export type Coefficient = { 
/**
 * Term name: `(Intercept)`, `x`, `var[level]`, or interactions joined with `:`.
 */
term: string, 
/**
 * Point estimate.
 */
estimate: number, 
/**
 * Standard error (robust if requested).
 */
se: number, 
/**
 * t statistic.
 */
t: number, 
/**
 * Two-sided p-value from t with the residual degrees of freedom.
 */
p: number, 
/**
 * Lower end of the 95% confidence interval.
 */
ci_low: number, 
/**
 * Upper end of the 95% confidence interval.
 */
ci_high: number, 
/**
 * Significance stars of `p` (see [`crate::stars`]).
 */
stars: string, 
/**
 * The coefficient as a paper prints it: `−3.244* (1.390)`.
 */
text: string, };

export type NestedTest = { 
/**
 * Formula of the smaller model.
 */
restricted: string, 
/**
 * Formula of the larger model.
 */
full: string, 
/**
 * Rows in both samples.
 */
n: number, 
/**
 * R² of the smaller model.
 */
r2_restricted: number, 
/**
 * R² of the larger model.
 */
r2_full: number, 
/**
 * `r2_full - r2_restricted`.
 */
r2_change: number, 
/**
 * F statistic: `((RSS₀ - RSS₁) / df_num) / (RSS₁ / df_den)`.
 */
f: number, 
/**
 * Numerator degrees of freedom: the number of added coefficients.
 */
df_num: number, 
/**
 * Denominator degrees of freedom: the larger model's residual df.
 */
df_den: number, 
/**
 * p-value of `f`.
 */
p: number, };

export type ModerationSpec = { 
/**
 * The focal variable: a categorical one (with [`ModerationSpec::level`]) or a numeric one.
 */
focal: string, 
/**
 * The focal level, compared with the reference level, e.g. `mother`. Required when the
 * focal variable is categorical.
 */
level: string | null, 
/**
 * The moderator: a numeric variable of the model.
 */
moderator: string, 
/**
 * Moderator values for the simple slopes. Empty means the mean and ±1 SD over the
 * estimation sample.
 */
at: Array<number>, 
/**
 * Significance level of the Johnson–Neyman interval (default 0.05).
 */
alpha: number, };

export type Moderation = { 
/**
 * The effect probed, e.g. `migration[mother]` or `belonging`.
 */
focal: string, 
/**
 * The moderator.
 */
moderator: string, 
/**
 * Moderator mean over the estimation sample.
 */
mean: number, 
/**
 * Moderator standard deviation over the estimation sample.
 */
sd: number, 
/**
 * The focal effect at each requested moderator value.
 */
slopes: Array<SimpleSlope>, 
/**
 * Where the focal effect is significant.
 */
johnson_neyman: JohnsonNeyman, 
/**
 * The Johnson–Neyman result in a sentence (see [`crate::jn_sentence`]).
 */
sentence: string, 
/**
 * The Johnson–Neyman result in a few words (see [`crate::jn_short`]).
 */
summary: string, };

export type SimpleSlope = { 
/**
 * `-1 SD`, `Mean`, `+1 SD`, or empty for a value the caller gave.
 */
label: string, 
/**
 * Moderator value.
 */
at: number, 
/**
 * The focal effect (difference from the reference level, or slope of a numeric focal).
 */
slope: number, 
/**
 * Its standard error.
 */
se: number, 
/**
 * t statistic.
 */
t: number, 
/**
 * Two-sided p-value (t with the residual df).
 */
p: number, 
/**
 * Lower end of the 95% confidence interval.
 */
ci_low: number, 
/**
 * Upper end of the 95% confidence interval.
 */
ci_high: number, 
/**
 * Significance stars of `p`.
 */
stars: string, 
/**
 * The slope as a paper prints it: `6.563*** (1.781)`.
 */
text: string, };

export type JohnsonNeyman = { 
/**
 * Significance level.
 */
alpha: number, 
/**
 * Critical t value, `t(1 - alpha/2, df_resid)`.
 */
t_crit: number, 
/**
 * Moderator values where the effect is exactly significant (`|t| = t_crit`), ascending;
 * not clipped.
 */
bounds: Array<number>, 
/**
 * Where, relative to `bounds`, the effect is significant.
 */
significant: Significance, 
/**
 * Observed range of the moderator in the estimation sample.
 */
range: Region, 
/**
 * The moderator values inside `range` where the effect is significant.
 */
regions: Array<Region>, };

export type Significance = "inside" | "outside" | "above" | "below" | "everywhere" | "nowhere";

export type Region = { 
/**
 * Lower end.
 */
low: number, 
/**
 * Upper end.
 */
high: number, };

export type PlotOptions = { 
/**
 * Width in pixels.
 */
width: number, 
/**
 * Height in pixels.
 */
height: number, 
/**
 * A title above the plot.
 */
title: string | null, 
/**
 * X axis label; defaults to the moderator's name.
 */
x_label: string | null, 
/**
 * Y axis label; defaults to "Predicted" and the outcome's name.
 */
y_label: string | null, };

export type DescribeOptions = { 
/**
 * The grouping column; `None` describes the whole sample only.
 */
group: string | null, 
/**
 * Group levels in display order; empty means sorted order.
 */
group_order: Array<string>, 
/**
 * Variables to describe. Numeric columns get mean (SD); categorical ones, and numeric
 * ones written `factor(x)`, get the percentage of each level.
 */
variables: Array<string>, 
/**
 * Rows must also be complete on these columns, e.g. every model variable, so that the
 * table describes a model's analytic sample.
 */
complete_on: Array<string>, 
/**
 * Display labels for variables.
 */
labels: { [key in string]?: string }, 
/**
 * Conditions a row must meet to be described (a model's subset), e.g.
 * `sample=questionnaire`; rows that fail them are not counted as dropped.
 */
subset: Array<Condition>, };

export type Descriptives = { 
/**
 * The grouping column, if any.
 */
group: string | null, 
/**
 * The groups, in display order, with their sizes.
 */
groups: Array<GroupSize>, 
/**
 * Rows described (all groups together).
 */
n: number, 
/**
 * Rows left out: missing the group or a `complete_on` column.
 */
dropped: number, 
/**
 * One entry per variable, in the order asked for.
 */
variables: Array<VariableSummary>, };

export type GroupSize = { 
/**
 * The level of the grouping column.
 */
level: string, 
/**
 * Its value label, or the level itself.
 */
label: string, 
/**
 * Rows in the group.
 */
n: number, };

export type VariableSummary = { "kind": "numeric", 
/**
 * The variable as asked for.
 */
variable: string, 
/**
 * Its display label.
 */
label: string, 
/**
 * One cell per group.
 */
groups: Array<NumericCell>, 
/**
 * All groups together.
 */
total: NumericCell, } | { "kind": "categorical", 
/**
 * The variable as asked for.
 */
variable: string, 
/**
 * Its display label.
 */
label: string, 
/**
 * The levels in sorted order.
 */
levels: Array<LevelRow>, };

export type NumericCell = { 
/**
 * Non-missing values.
 */
n: number, 
/**
 * Mean (`null` when `n` is 0).
 */
mean: number, 
/**
 * Standard deviation with `n - 1` in the denominator.
 */
sd: number, };

export type LevelRow = { 
/**
 * The level.
 */
level: string, 
/**
 * Its value label, or the level itself.
 */
label: string, 
/**
 * One cell per group.
 */
groups: Array<LevelCell>, 
/**
 * All groups together.
 */
total: LevelCell, };

export type LevelCell = { 
/**
 * Rows at this level.
 */
count: number, 
/**
 * Percentage of the group's non-missing values.
 */
percent: number, };

export type Alpha = { 
/**
 * The items, as given.
 */
items: Array<string>, 
/**
 * Rows complete on every item (listwise deletion).
 */
n: number, 
/**
 * Cronbach's alpha: `k/(k-1) · (1 - Σ var(item) / var(total))`.
 */
alpha: number, 
/**
 * One entry per item.
 */
item_stats: Array<ItemStats>, };

export type ItemStats = { 
/**
 * The item.
 */
item: string, 
/**
 * Mean.
 */
mean: number, 
/**
 * Standard deviation (`n - 1`).
 */
sd: number, 
/**
 * Corrected item-total correlation: with the sum of the other items.
 */
item_total: number, 
/**
 * Alpha of the scale without this item (`null` for a two-item scale).
 */
alpha_if_deleted: number | null, };

export type TableOptions = { 
/**
 * A caption above the table.
 */
title: string | null, 
/**
 * Column headings, one per model; default `(1)`, `(2)`, ...
 */
model_names: Array<string>, 
/**
 * Display labels for terms, e.g. `migration[mother]` → `Mother away`.
 */
labels: { [key in string]?: string }, 
/**
 * The terms to show, in order. Empty shows every term in order of first appearance with
 * the intercept last.
 */
terms: Array<string>, 
/**
 * Significance marks; default `***` p < 0.001, `**` p < 0.01, `*` p < 0.05.
 */
stars: Array<StarLevel>, 
/**
 * Decimal places (default 3).
 */
digits: number, 
/**
 * Extra notes printed under the table.
 */
notes: Array<string>, };

export type StarLevel = { 
/**
 * The mark, e.g. `***`.
 */
stars: string, 
/**
 * Threshold: p-values strictly below it earn the mark.
 */
p: number, };

export type Table = { 
/**
 * A caption above the table.
 */
title: string | null, 
/**
 * Column headings; the first is the heading of the label column.
 */
header: Array<string>, 
/**
 * Body rows, each as wide as the header.
 */
body: Array<Array<string>>, 
/**
 * Summary rows under the body (N, R²).
 */
footer: Array<Array<string>>, 
/**
 * Notes printed under the table.
 */
notes: Array<string>, };

export type Code = { 
/**
 * Stable identity across exports.
 */
uuid: string, 
/**
 * Names from the root, joined with `/`.
 */
path: string, 
/**
 * The code's own name.
 */
name: string, 
/**
 * Depth in the tree, 0 for top-level codes.
 */
depth: number, 
/**
 * Display colour, `#rrggbb`.
 */
colour: string, 
/**
 * What the code means.
 */
definition: string, 
/**
 * When to apply it.
 */
include: string, 
/**
 * When not to.
 */
exclude: string, 
/**
 * A short example.
 */
example: string, 
/**
 * Codings of this code, by any coder.
 */
codings: number, };

export type Coding = { 
/**
 * Stable identity.
 */
uuid: string, 
/**
 * Document name.
 */
document: string, 
/**
 * Code path.
 */
code: string, 
/**
 * Code UUID.
 */
code_uuid: string, 
/**
 * The code's colour.
 */
colour: string, 
/**
 * Span start (code points).
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * Who coded it.
 */
coder: string, 
/**
 * When (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Optional memo.
 */
memo: string | null, 
/**
 * The coded text.
 */
text: string, };

export type CodeEdit = { 
/**
 * A new name.
 */
name: string | null, 
/**
 * A new colour, `#rrggbb`.
 */
colour: string | null, 
/**
 * A new definition.
 */
definition: string | null, 
/**
 * New inclusion criteria.
 */
include: string | null, 
/**
 * New exclusion criteria.
 */
exclude: string | null, 
/**
 * A new example.
 */
example: string | null, 
/**
 * Move under this parent path; an empty string moves the code to the top level.
 */
parent: string | null, };

export type NewCode = { 
/**
 * The parent's path; empty or absent for a top-level code.
 */
parent: string | null, 
/**
 * The name.
 */
name: string, 
/**
 * Colour `#rrggbb`; a default when absent.
 */
colour: string | null, 
/**
 * What the code means.
 */
definition: string, 
/**
 * When to apply it.
 */
include: string, 
/**
 * When not to.
 */
exclude: string, 
/**
 * A short example.
 */
example: string, };

export type Memo = { 
/**
 * Stable identity.
 */
uuid: string, 
/**
 * What it is attached to.
 */
target: MemoTarget, 
/**
 * Title (may be empty).
 */
title: string, 
/**
 * Text.
 */
body: string, 
/**
 * Who wrote it.
 */
author: string, 
/**
 * When it was written (RFC 3339, UTC).
 */
created_at: string, 
/**
 * When it was last changed.
 */
updated_at: string, };

export type FitLabel = "confirmation" | "expansion" | "discordance";

export type ResultSource = "model" | "published";

export type ResultRef = { 
/**
 * Fitted or published.
 */
source: ResultSource, 
/**
 * The saved model's name, or the published model as `Table 4 model 1`.
 */
model: string, 
/**
 * The term, e.g. `migration[mother]:belonging`.
 */
term: string, };

export type FindingInput = { 
/**
 * The construct or hypothesis, e.g. `H3 Peer support`.
 */
title: string, 
/**
 * Its statement.
 */
text: string, 
/**
 * The quantitative results.
 */
results: Array<ResultRef>, 
/**
 * Code paths carrying the qualitative evidence.
 */
codes: Array<string>, 
/**
 * Exemplar codings, by UUID, in display order.
 */
exemplars: Array<string>, 
/**
 * How the strands relate.
 */
fit: FitLabel | null, 
/**
 * The meta-inference.
 */
meta_inference: string, 
/**
 * A memo.
 */
memo: string, };

export type FindingPatch = { 
/**
 * A new title.
 */
title?: string, 
/**
 * A new statement.
 */
text?: string, 
/**
 * New results, replacing the old.
 */
results?: Array<ResultRef>, 
/**
 * New themes (code paths), replacing the old.
 */
codes?: Array<string>, 
/**
 * New exemplars (coding UUIDs, in order), replacing the old.
 */
exemplars?: Array<string>, 
/**
 * A new fit label.
 */
fit?: FitLabel, 
/**
 * A new meta-inference.
 */
meta_inference?: string, 
/**
 * A new memo.
 */
memo?: string, };

export type Finding = { 
/**
 * Stable identity.
 */
uuid: string, 
/**
 * Position among findings.
 */
order: number, 
/**
 * When it last changed.
 */
updated_at: string, 
/**
 * The construct or hypothesis, e.g. `H3 Peer support`.
 */
title: string, 
/**
 * Its statement.
 */
text: string, 
/**
 * The quantitative results.
 */
results: Array<ResultRef>, 
/**
 * Code paths carrying the qualitative evidence.
 */
codes: Array<string>, 
/**
 * Exemplar codings, by UUID, in display order.
 */
exemplars: Array<string>, 
/**
 * How the strands relate.
 */
fit: FitLabel | null, 
/**
 * The meta-inference.
 */
meta_inference: string, 
/**
 * A memo.
 */
memo: string, };

export type AttributionStyle = { 
/**
 * Informant type -> template, e.g. `child` -> `student in the {school} with {migration}`.
 */
templates: { [key in string]?: string }, 
/**
 * Attribute -> value -> label, e.g. `school` -> `Korean secondary` -> `ethnic Korean secondary school`.
 */
labels: { [key in string]?: { [key in string]?: string } }, 
/**
 * The attribute that names the informant type (default `type`).
 */
type_attribute: string | null, };

export type QuantCell = { 
/**
 * Where the number comes from, for people: `Braid fit (dataset survey)` or the
 * publication, e.g. `Published (Wang 2023)`.
 */
source: string, 
/**
 * Where the number comes from, for programs: a model fitted by Braid or a published table.
 */
origin: ResultSource, 
/**
 * The model's name.
 */
model: string, 
/**
 * The term.
 */
term: string, 
/**
 * Its row label, where the publication gives one.
 */
label: string, 
/**
 * The estimate; `null` when the term is not in the model.
 */
estimate: number | null, 
/**
 * Its standard error.
 */
se: number | null, 
/**
 * The estimate as a paper prints the cell, e.g. `−4.383** (1.500)`; `–` when the term is
 * not in the model.
 */
text: string, 
/**
 * Significance stars.
 */
stars: string, 
/**
 * The estimation sample.
 */
n: bigint | null, 
/**
 * Where the number comes from: model, formula, dataset hash, N, time.
 */
provenance: string, 
/**
 * The model's dataset changed after it was fitted.
 */
stale: boolean, 
/**
 * For an interaction term of a fitted model: the focal effect at the moderator's mean and
 * ±1 SD, and the Johnson–Neyman interval. `null` for main effects, published terms and
 * stale models (probing them would mix two datasets).
 */
simple_slopes: Moderation | null, 
/**
 * With `simple_slopes`: the interaction plot (the one `braid probe --plot` draws), as SVG.
 */
plot: string | null, 
/**
 * With `plot`: the file name the Markdown and CSV exports give it, to be written beside
 * them (`braid display --out` does), e.g. `h3-peer-support-1.svg`.
 */
plot_file: string | null, };

export type Quote = { 
/**
 * The coded text.
 */
text: string, 
/**
 * The informant.
 */
informant: string, 
/**
 * The attribution, as a paper prints it.
 */
attribution: string, 
/**
 * Where it is: document and span, for clicking through.
 */
document: string, 
/**
 * Span start.
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * The coding's UUID; empty in a framework matrix, whose quotes are retrieved segments that
 * may merge several overlapping codings.
 */
coding: string, };

export type DisplayRow = { 
/**
 * The finding's UUID.
 */
finding: string, 
/**
 * The construct.
 */
title: string, 
/**
 * Its statement.
 */
text: string, 
/**
 * The quantitative evidence.
 */
quant: Array<QuantCell>, 
/**
 * The themes (code paths).
 */
themes: Array<string>, 
/**
 * Excerpts coded with the themes (or their sub-codes), by any coder.
 */
excerpts: number, 
/**
 * Informants whose documents carry the themes, by informant type.
 */
informants_by_type: { [key in string]?: number }, 
/**
 * The exemplar quotes, in the researcher's order.
 */
quotes: Array<Quote>, 
/**
 * The fit label.
 */
fit: FitLabel | null, 
/**
 * The meta-inference.
 */
meta_inference: string, };

export type JointDisplay = { 
/**
 * One row per finding.
 */
rows: Array<DisplayRow>, 
/**
 * Where the qualitative numbers come from: coders and the codings snapshot time.
 */
provenance: string, };

export type Display = JointDisplay | ThemeStats | FrameworkMatrix | CaseDisplay;

export type ThemeStatsRequest = { 
/**
 * The informant attribute whose values are the columns, e.g. `migration`.
 */
attribute: string, 
/**
 * The codes (rows); empty means every code that has codings.
 */
codes: Array<string>, 
/**
 * A stored survey dataset for the group statistics, e.g. `survey`.
 */
dataset: string | null, 
/**
 * The survey variable summarised per group, e.g. `depression`.
 */
variable: string | null, 
/**
 * The dataset column holding the groups (default: the attribute's name).
 */
group_column: string | null, 
/**
 * Rows of the dataset must be complete on these columns (a model's analytic sample).
 */
complete_on: Array<string>, 
/**
 * Rows of the dataset must meet these conditions (a model's subset), e.g.
 * `sample=questionnaire`.
 */
subset: Array<Condition>, 
/**
 * Take the group statistics of this variable from the published descriptive table (the
 * paper's Table 1) instead of a dataset, e.g. when the raw survey is private.
 */
table1_variable: string | null, };

export type ThemeStats = { 
/**
 * The attribute.
 */
attribute: string, 
/**
 * The survey variable, if any.
 */
variable: string | null, 
/**
 * The columns.
 */
columns: Array<ThemeColumn>, 
/**
 * The rows.
 */
rows: Array<ThemeRow>, 
/**
 * Where the numbers come from.
 */
provenance: string, };

export type ThemeColumn = { 
/**
 * The attribute value.
 */
value: string, 
/**
 * Informants with that value.
 */
informants: number, 
/**
 * The survey statistic of that group, when a dataset was given and has the group.
 */
survey: GroupStat | null, };

export type ThemeRow = { 
/**
 * Code path.
 */
code: string, 
/**
 * One cell per column.
 */
cells: Array<ThemeCell>, };

export type ThemeCell = { 
/**
 * Informants carrying the code.
 */
count: number, 
/**
 * Their share of the group, in percent.
 */
share: number, };

export type GroupStat = { 
/**
 * Mean.
 */
mean: number, 
/**
 * Standard deviation.
 */
sd: number, 
/**
 * Rows.
 */
n: number, };

export type FrameworkRequest = { 
/**
 * Rows: one per informant when `None`, else one per value of this attribute (e.g. `type`).
 */
rows_by: string | null, 
/**
 * The codes (columns); each includes its sub-codes.
 */
codes: Array<string>, 
/**
 * Only codings by these coders; empty means all.
 */
coders: Array<string>, 
/**
 * At most this many quotes per cell (0 means 3).
 */
max_quotes: number, };

export type FrameworkMatrix = { 
/**
 * The row attribute, if rows are groups.
 */
rows_by: string | null, 
/**
 * The codes (columns).
 */
codes: Array<string>, 
/**
 * The rows, sorted by label.
 */
rows: Array<FrameworkRow>, };

export type FrameworkRow = { 
/**
 * The informant id, or the attribute value.
 */
label: string, 
/**
 * One cell per code: the number of coded segments and the first quotes.
 */
cells: Array<FrameworkCell>, };

export type FrameworkCell = { 
/**
 * Coded segments in the cell.
 */
count: number, 
/**
 * The first quotes, in document order.
 */
quotes: Array<Quote>, };

export type Published = { 
/**
 * The full reference.
 */
citation: string, 
/**
 * Star thresholds.
 */
significance: PublishedSignificance, 
/**
 * The descriptive table by group (a paper's Table 1), as printed.
 */
table1: PublishedDescriptives | null, 
/**
 * The regression tables, as printed.
 */
tables: Array<PublishedTable>, 
/**
 * Interview excerpts quoted in the paper.
 */
excerpts: Array<PublishedExcerpt>, };

export type PublishedSignificance = { 
/**
 * Thresholds, strictest first.
 */
thresholds: Array<StarThreshold>, };

export type StarThreshold = { 
/**
 * The stars, e.g. `**`.
 */
stars: string, 
/**
 * The p-value below which they are printed.
 */
p: number, };

export type PublishedDescriptives = { 
/**
 * The table's title.
 */
title: string, 
/**
 * The groups (columns), as the data code them, e.g. `mother`.
 */
groups: Array<string>, 
/**
 * The groups' printed labels, e.g. `Mother away`.
 */
group_labels: { [key in string]?: string }, 
/**
 * Each group's N.
 */
n: { [key in string]?: number }, 
/**
 * The rows.
 */
variables: Array<PublishedVariable>, };

export type PublishedVariable = { 
/**
 * The variable, as the data name it, e.g. `depression`.
 */
variable: string, 
/**
 * Its printed label.
 */
label: string, 
/**
 * `mean` or `percent`.
 */
kind: string, 
/**
 * For `mean`: each group's mean and SD.
 */
values: { [key in string]?: PublishedMean }, 
/**
 * For `percent`: the levels, each with its percentage per group (`null` where the printed
 * cell is blank).
 */
levels: Array<PublishedLevel>, };

export type PublishedMean = { 
/**
 * Mean.
 */
mean: number, 
/**
 * Standard deviation.
 */
sd: number, };

export type PublishedLevel = { 
/**
 * The level as the data code it.
 */
level: string, 
/**
 * Its printed label.
 */
label: string, 
/**
 * Percentage per group.
 */
values: { [key in string]?: number | null }, };

export type PublishedTable = { 
/**
 * Table number.
 */
table: number, 
/**
 * Caption.
 */
title: string, 
/**
 * The outcome variable.
 */
outcome: string, 
/**
 * The table's note on unprinted controls, if any.
 */
controls_note: string | null, 
/**
 * The models, left to right.
 */
models: Array<PublishedModel>, };

export type PublishedModel = { 
/**
 * Model number within its table.
 */
model: number, 
/**
 * The specification as an R-style formula.
 */
formula: string, 
/**
 * Observations.
 */
n: number, 
/**
 * R².
 */
r2: number, 
/**
 * The printed terms.
 */
terms: Array<PublishedTerm>, };

export type PublishedTerm = { 
/**
 * Braid's term name, e.g. `migration[mother]:belonging`.
 */
term: string, 
/**
 * The row label as printed.
 */
label: string, 
/**
 * The estimate.
 */
estimate: number, 
/**
 * The standard error.
 */
se: number, 
/**
 * Stars as printed.
 */
stars: string, };

export type PublishedExcerpt = { 
/**
 * The informant it is attributed to.
 */
informant: string, 
/**
 * The text as printed.
 */
text: string, 
/**
 * The attribution as printed.
 */
attribution: string, 
/**
 * The finding it supports.
 */
finding: string, 
/**
 * The interviewer's question printed before it, if any.
 */
question: string | null, };

export type DisplayFormat = "html" | "markdown" | "csv" | "latex" | "docx" | "xlsx";

export type DisplayRequest = { "kind": "side_by_side" } | { "kind": "themes", 
/**
 * What to tabulate.
 */
request: ThemeStatsRequest, } | { "kind": "framework", 
/**
 * What to tabulate.
 */
request: FrameworkRequest, } | { "kind": "cases", 
/**
 * What to show.
 */
request: CaseDisplayRequest, };

export type CaseDisplayRequest = { 
/**
 * The linked dataset, e.g. `survey`.
 */
dataset: string, 
/**
 * The column to sort by (e.g. `depression`), or `residual` with `model`.
 */
sort_by: string, 
/**
 * The saved model whose residuals are shown (and sorted by, with `sort_by = residual`).
 */
model: string | null, 
/**
 * Lowest first; by default the highest value comes first.
 */
ascending: boolean, 
/**
 * The score columns shown (default: the sort column).
 */
scores: Array<string>, 
/**
 * The codes quoted, one short quote each (default: every top-level code with codings).
 */
codes: Array<string>, };

export type AssistStatus = { 
/**
 * The model is installed.
 */
available: boolean, 
/**
 * Where it was found, or the one line that says how to install it.
 */
message: string, 
/**
 * The model's folder name, e.g. `all-MiniLM-L6-v2`.
 */
model: string | null, 
/**
 * Turn windows embedded in the cache.
 */
windows: number, };

export type SimilarRequest = { 
/**
 * The document of the passage.
 */
document: string, 
/**
 * The passage's start (code points).
 */
start: number, 
/**
 * Its end.
 */
end: number, 
/**
 * Filters on who said the turns found (respondent turns are what is embedded).
 */
filters: Filters, 
/**
 * How many turns.
 */
limit: number, };

export type CodeSuggestion = { 
/**
 * The code's path.
 */
code: string, 
/**
 * The summed cosine of its codings among the nearest.
 */
score: number, 
/**
 * Its two nearest codings.
 */
evidence: Array<Evidence>, };

export type Evidence = { 
/**
 * The coding's UUID.
 */
coding: string, 
/**
 * Its document.
 */
document: string, 
/**
 * Its span.
 */
start: number, 
/**
 * Its end.
 */
end: number, 
/**
 * Its text.
 */
text: string, 
/**
 * Who coded it.
 */
coder: string, 
/**
 * Its cosine to the passage.
 */
similarity: number, };

export type SuggestEvaluation = { 
/**
 * The coder whose codings were predicted.
 */
coder: string, 
/**
 * Codings predicted.
 */
codings: number, 
/**
 * Share whose code was the first suggestion.
 */
top1: number, 
/**
 * Share whose code was among the first three.
 */
top3: number, 
/**
 * The same for the most frequent code of the other documents.
 */
baseline_top1: number, 
/**
 * The same for the three most frequent codes.
 */
baseline_top3: number, };

export type CaseDisplay = { 
/**
 * The dataset.
 */
dataset: string, 
/**
 * The sort column, or `residual`.
 */
sort_by: string, 
/**
 * Lowest first.
 */
ascending: boolean, 
/**
 * The model, when residuals are shown.
 */
model: string | null, 
/**
 * The score columns.
 */
scores: Array<string>, 
/**
 * The quoted codes.
 */
codes: Array<string>, 
/**
 * The cases, in order.
 */
rows: Array<CaseDisplayRow>, 
/**
 * Where the numbers and quotes come from.
 */
provenance: string, };

export type CaseDisplayRow = { 
/**
 * The informant id.
 */
informant: string, 
/**
 * The attribution, as a paper prints it.
 */
attribution: string, 
/**
 * The informant's first document, to open.
 */
document: string | null, 
/**
 * The dataset row, counted from 1.
 */
row: number, 
/**
 * One value per score column; empty when missing.
 */
scores: Array<string>, 
/**
 * The model's residual, when a model was given.
 */
residual: number | null, 
/**
 * The codes the informant carries (codes with codings in their documents), in codebook order.
 */
codes: Array<string>, 
/**
 * One short quote per chosen code, when the informant carries it.
 */
quotes: Array<Quote | null>, };

export type LinkReport = { 
/**
 * The dataset.
 */
dataset: string, 
/**
 * The dataset column holding the ids.
 */
column: string, 
/**
 * The informant attribute matched (`id`: the informant id).
 */
attribute: string, 
/**
 * Informants matched to a row.
 */
matched: number, 
/**
 * The dataset's rows.
 */
rows: number, 
/**
 * The matched informants with their rows, by informant id.
 */
linked: Array<LinkedCase>, 
/**
 * Informants with no row (e.g. the teachers of a children's survey).
 */
unmatched: Array<string>, 
/**
 * When it was linked.
 */
linked_at: string, 
/**
 * Who linked it.
 */
linked_by: string, 
/**
 * Whether this call changed the link (false when it was already so).
 */
changed: boolean, };

export type LinkedCase = { 
/**
 * The informant id.
 */
informant: string, 
/**
 * The row, counted from 1 (the first data row).
 */
row: number, 
/**
 * The row's id, as the dataset column has it.
 */
id: string, };

export type CodeMeasure = "presence" | "count" | "share";

export type CodeVariable = { 
/**
 * The dataset.
 */
dataset: string, 
/**
 * The column's name in formulas, e.g. `peer_distraction`.
 */
name: string, 
/**
 * The code's path, e.g. `Peer relations/Peer distraction`; empty when the code was deleted
 * (the column is then left out).
 */
code: string, 
/**
 * How it is measured.
 */
measure: CodeMeasure, 
/**
 * When it was added.
 */
added_at: string, 
/**
 * Who added it.
 */
added_by: string, };

export type CaseOrder = "residual" | "moderator" | "predicted";

export type Extreme = "high" | "low";

export type CaseRequest = { 
/**
 * The saved model.
 */
model: string, 
/**
 * How to pick.
 */
by: CaseOrder, 
/**
 * How many from each end (0 means 5).
 */
top: number, 
/**
 * Conditions on the respondents' values, e.g. `migration=mother` (for `moderator`, the
 * focal group; by default the level of the model's first interaction).
 */
where: Array<Condition>, 
/**
 * The moderator (for `moderator`); by default the numeric variable of the model's first
 * interaction.
 */
moderator: string | null, 
/**
 * Only respondents linked to an interviewed informant.
 */
interviewed: boolean, };

export type CaseValue = { 
/**
 * The column.
 */
column: string, 
/**
 * Its value, as text; empty when missing.
 */
value: string, };

export type Case = { 
/**
 * Which end.
 */
extreme: Extreme, 
/**
 * 1 for the most extreme at that end.
 */
rank: number, 
/**
 * The row, counted from 1.
 */
row: number, 
/**
 * The respondent's id: the linked column's value, or the dataset's first column.
 */
id: string, 
/**
 * The values of the formula's variables.
 */
values: Array<CaseValue>, 
/**
 * The outcome.
 */
observed: number | null, 
/**
 * The model's prediction.
 */
predicted: number, 
/**
 * Observed less predicted.
 */
residual: number | null, 
/**
 * The moderator's value (when picking by moderator).
 */
moderator: number | null, 
/**
 * Whether the row is in the model's estimation sample (a row outside it, e.g. of another
 * wave, is predicted from the coefficients all the same).
 */
in_sample: boolean, 
/**
 * The linked informant, when the respondent was interviewed.
 */
informant: string | null, 
/**
 * The informant's first document, to open.
 */
document: string | null, };

export type CaseList = { 
/**
 * The model.
 */
model: string, 
/**
 * Its formula.
 */
formula: string, 
/**
 * Its dataset.
 */
dataset: string, 
/**
 * How they were picked.
 */
by: CaseOrder, 
/**
 * The moderator, when picking by it.
 */
moderator: string | null, 
/**
 * The conditions applied, as written (including a default focal group).
 */
conditions: Array<string>, 
/**
 * Respondents considered (after the conditions, with a prediction).
 */
considered: number, 
/**
 * The model is stale: the cases come from a refit on the data as they are now.
 */
stale: boolean, 
/**
 * The picked cases: the high end first, then the low end.
 */
cases: Array<Case>, };

export type Link = { "kind": "result", 
/**
 * The term.
 */
result: ResultRef, } | { "kind": "coding", 
/**
 * The coding's UUID.
 */
coding: string, } | { "kind": "span", 
/**
 * The coding to make (an identical existing one is reused).
 */
coding: NewCoding, };

export type MemoTarget = { "kind": "project" } | { "kind": "document", "name": string } | { "kind": "code", "name": string } | { "kind": "coding", "name": string };

export type CodebookChange = { 
/**
 * Codes removed.
 */
codes_removed: number, 
/**
 * Codings moved to another code.
 */
codings_moved: number, 
/**
 * Codings removed (deleted, or duplicates of codings already on the target).
 */
codings_removed: number, };

export type CodebookFormat = "yaml" | "json";

export type NewCoding = { 
/**
 * Document name.
 */
document: string, 
/**
 * Span start (code points).
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * Code path, e.g. `Peer support/Peer distraction`.
 */
code: string, 
/**
 * Who is coding.
 */
coder: string, 
/**
 * Optional memo on the coding.
 */
memo: string | null, };

export type InVivoCoding = { 
/**
 * Document name.
 */
document: string, 
/**
 * Span start (code points).
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * The code to create the new one under, if any.
 */
parent: string | null, 
/**
 * Who is coding.
 */
coder: string, };

export type HistoryStep = { 
/**
 * The event undone or redone.
 */
event: number, 
/**
 * Its action, e.g. `code`.
 */
action: string, 
/**
 * Its details.
 */
payload: unknown, 
/**
 * A human summary, e.g. `coding "Peer support/Companionship" in 0602`.
 */
summary: string, };

export type HistoryState = { 
/**
 * The action undo would revert.
 */
undo: HistoryStep | null, 
/**
 * The action redo would repeat.
 */
redo: HistoryStep | null, };

export type RetrievalRequest = { 
/**
 * OR: segments coded with any of these codes (each coding is a segment).
 */
any: Array<string>, 
/**
 * AND: the text where codings of all these codes overlap.
 */
all: Array<string>, 
/**
 * NOT: drop segments that overlap a coding of any of these codes.
 */
not: Array<string>, 
/**
 * Informant attribute filters (the speaker filter is ignored).
 */
filters: Filters, 
/**
 * Only codings by these coders; empty means all coders.
 */
coders: Array<string>, 
/**
 * Characters of context on each side.
 */
context: number, };

export type RetrievedSegment = { 
/**
 * Document name.
 */
document: string, 
/**
 * The informant.
 */
informant: string | null, 
/**
 * The informant's attributes.
 */
attributes: { [key in string]?: AttrValue }, 
/**
 * Span start (code points).
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * The segment's text.
 */
text: string, 
/**
 * Up to `context` characters before it.
 */
before: string, 
/**
 * Up to `context` characters after it.
 */
after: string, 
/**
 * The codes whose codings make up the segment.
 */
codes: Array<string>, 
/**
 * Who coded it.
 */
coders: Array<string>, 
/**
 * Where its turn starts in the recording (milliseconds), when the transcript says.
 */
start_ms: number | null, 
/**
 * Where its turn ends (milliseconds).
 */
end_ms: number | null, };

export type SegmentFormat = "csv" | "markdown" | "html" | "xlsx";

export type CountUnit = "informants" | "documents" | "codings";

export type CodeFrequency = { 
/**
 * Code path.
 */
code: string, 
/**
 * Depth in the codebook.
 */
depth: number, 
/**
 * Codings of the code or its sub-codes.
 */
codings: number, 
/**
 * Documents that carry it.
 */
documents: number, 
/**
 * Informants whose documents carry it.
 */
informants: number, };

export type AutocodeUnit = "match" | "sentence" | "turn";

export type AutocodeRequest = { 
/**
 * The search whose hits are coded (its limit is ignored: every hit counts).
 */
search: SearchRequest, 
/**
 * Code path.
 */
code: string, 
/**
 * Who the codings are recorded for.
 */
coder: string, 
/**
 * How much text each hit codes.
 */
unit: AutocodeUnit, };

export type AutocodeSpan = { 
/**
 * Document name.
 */
document: string, 
/**
 * Span start (code points).
 */
start: number, 
/**
 * Span end.
 */
end: number, 
/**
 * The text.
 */
text: string, 
/**
 * The coder already has exactly this coding; applying skips it.
 */
exists: boolean, };

export type AutocodePreview = { 
/**
 * The code.
 */
code: string, 
/**
 * The coder.
 */
coder: string, 
/**
 * The unit.
 */
unit: AutocodeUnit, 
/**
 * The spans, by document and position.
 */
spans: Array<AutocodeSpan>, 
/**
 * Spans coded (0 in a preview).
 */
added: number, };

export type Crosstab = { 
/**
 * The attribute.
 */
attribute: string, 
/**
 * What is counted.
 */
unit: CountUnit, 
/**
 * The attribute's values (columns); `(missing)` for informants without it.
 */
columns: Array<string>, 
/**
 * Informants per column.
 */
informants: Array<number>, 
/**
 * One row per code, in codebook order.
 */
rows: Array<CrosstabRow>, };

export type CrosstabCell = { 
/**
 * The count.
 */
count: number, 
/**
 * Share of the row's total.
 */
row_pct: number, 
/**
 * Share of the column: for informants, the share of the group's informants whose
 * interviews carry the code; otherwise the share of the column's total.
 */
col_pct: number, };

export type CrosstabRow = { 
/**
 * Code path.
 */
code: string, 
/**
 * Depth in the codebook.
 */
depth: number, 
/**
 * Colour.
 */
colour: string, 
/**
 * One cell per column.
 */
cells: Array<CrosstabCell>, 
/**
 * Row total.
 */
total: number, };

export type Cooccurrence = "overlap" | "same_turn";

export type CooccurrenceMatrix = { 
/**
 * How co-occurrence was decided.
 */
mode: Cooccurrence, 
/**
 * The codes that occur, in codebook order.
 */
codes: Array<string>, 
/**
 * `counts[i][j]`: the number of places (overlapping coding pairs, or turns) where both occur; the diagonal counts the code's own places.
 */
counts: Array<Array<number>>, };

export type PresenceTable = { 
/**
 * Informant ids (rows).
 */
informants: Array<string>, 
/**
 * Code paths (columns), in codebook order.
 */
codes: Array<string>, 
/**
 * `values[i][j]` is 1 when informant i's documents carry code j.
 */
values: Array<Array<number>>, };

export type CodebookImportReport = { 
/**
 * Codes created.
 */
added: number, 
/**
 * Codes already present (same UUID or path) whose fields were refreshed.
 */
updated: number, };

export type CodingsImportReport = { 
/**
 * The coder recorded on the codings.
 */
coder: string, 
/**
 * Codings stored.
 */
added: number, 
/**
 * Rows that repeat a coding already stored (same span, code and coder).
 */
duplicates: number, };

export type AgreementReport = { 
/**
 * The two coders.
 */
coders: [string, string], 
/**
 * Number of speaker turns (units per code).
 */
turns: number, 
/**
 * Pooled over all codes.
 */
overall: AgreementRow, 
/**
 * One row per code that either coder used, in path order.
 */
codes: Array<AgreementRow>, 
/**
 * Every disagreement, to review.
 */
disagreements: Array<Disagreement>, };

export type AgreementRow = { 
/**
 * The code path, or `(all codes)`.
 */
code: string, 
/**
 * Turns either coder coded with it.
 */
coded_units: number, 
/**
 * Turns the first coder coded.
 */
a: number, 
/**
 * Turns the second coder coded.
 */
b: number, 
/**
 * Turns both coded.
 */
both: number, 
/**
 * Share of all turn × code units on which the coders agree.
 */
percent_agreement: number, 
/**
 * Cohen's κ; `null` when undefined (both coders constant).
 */
kappa: number | null, 
/**
 * Krippendorff's α, nominal; `null` when undefined.
 */
alpha: number | null, 
/**
 * Characters coded by both / characters coded by either.
 */
char_agreement: number | null, };

export type Disagreement = { 
/**
 * Document name.
 */
document: string, 
/**
 * Turn number.
 */
turn: number, 
/**
 * The turn's span.
 */
start: number, 
/**
 * The turn's span end.
 */
end: number, 
/**
 * The code.
 */
code: string, 
/**
 * The coder who applied it (the other did not).
 */
coded_by: string, };

export type AttributeValues = { 
/**
 * The attribute key.
 */
key: string, 
/**
 * Its type.
 */
kind: AttrKind, 
/**
 * Distinct values, sorted.
 */
values: Array<string>, };

/** The fit labels in the order a picker offers them, with how a reader sees them. */
export const FIT_LABELS: ReadonlyArray<[FitLabel, string]> = [['confirmation', 'Confirmation'], ['expansion', 'Expansion'], ['discordance', 'Discordance']];
