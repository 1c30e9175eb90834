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

export type ErrorCode = "bad_input" | "bad_request" | "not_found" | "busy" | "project" | "io" | "store" | "index";

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
end: number, };

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
warnings: Array<string>, };

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

export type SpeakerFilter = "any" | "interviewer" | "respondent";

export type AttrFilter = { 
/**
 * The attribute.
 */
key: string, 
/**
 * The value it must have (compared case-insensitively).
 */
value: string, };

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
counts: Array<string>, };

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
 * Each match's span in the document text.
 */
matches: Array<Span>, 
/**
 * HTML-escaped text around the first match, with `<mark>` around matches.
 */
snippet: string, 
/**
 * Relevance.
 */
score: number, };

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
attributes: Array<AttributeValues>, };

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
coders: Array<string>, };

export type SegmentFormat = "csv" | "markdown" | "html";

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
