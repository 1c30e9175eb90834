// Pure helpers for importing a study from the app: the options the import dialog builds, and
// what to tell the researcher afterwards.

import type { ImportOptions, ImportReport } from './bindings';
import { baseName } from './format';

/** The transcript formats the core imports, by extension. */
export const TRANSCRIPT_EXTENSIONS = ['txt', 'md', 'markdown', 'text', 'docx', 'vtt', 'srt'] as const;

/** Encodings offered besides detection; the values are WHATWG labels the core accepts. */
export const ENCODINGS: readonly { label: string; value: string }[] = [
  { label: 'Detect (UTF-8, UTF-16, GBK/GB18030)', value: '' },
  { label: 'GB18030 (Simplified Chinese)', value: 'gb18030' },
  { label: 'Big5 (Traditional Chinese)', value: 'big5' },
  { label: 'EUC-KR (Korean)', value: 'euc-kr' },
  { label: 'Shift_JIS (Japanese)', value: 'shift_jis' },
  { label: 'UTF-16LE', value: 'utf-16le' },
  { label: 'Windows-1252 (Western)', value: 'windows-1252' },
];

/** Interviewer labels typed as `I, Interviewer; Q`: split on commas and semicolons, trimmed,
 * blanks and repeats dropped. Empty means the core's default (`I`, `Interviewer`). */
export function parseLabels(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const label = part.trim();
    if (label && !out.includes(label)) out.push(label);
  }
  return out;
}

/** The options of one import. */
export function importOptions(attributes: string | null, encoding: string, labels: string): ImportOptions {
  return {
    attributes: attributes && attributes.trim() ? attributes.trim() : null,
    encoding: encoding.trim() ? encoding.trim() : null,
    interviewer_labels: parseLabels(labels),
    // The shell records the app's user as the actor.
    actor: '',
  };
}

/** Files the dialog picked, without repeats, in the order picked; only transcript formats. */
export function addFiles(current: readonly string[], picked: readonly string[]): { files: string[]; refused: string[] } {
  const files = [...current];
  const refused: string[] = [];
  for (const f of picked) {
    const ext = f.includes('.') ? (f.split('.').pop() ?? '').toLowerCase() : '';
    if (!(TRANSCRIPT_EXTENSIONS as readonly string[]).includes(ext)) refused.push(baseName(f));
    else if (!files.includes(f)) files.push(f);
  }
  return { files, refused };
}

/** One line saying what an import did. */
export function reportLine(r: ImportReport): string {
  const parts = [`${r.imported.length} ${r.imported.length === 1 ? 'transcript' : 'transcripts'} imported`];
  if (r.skipped.length > 0) parts.push(`${r.skipped.length} already in the project`);
  if (r.informants_added > 0) parts.push(`${r.informants_added} new ${r.informants_added === 1 ? 'informant' : 'informants'}`);
  if (r.informants_updated > 0) parts.push(`${r.informants_updated} updated`);
  return parts.join(' · ');
}
