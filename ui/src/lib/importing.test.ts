import { describe, expect, it } from 'vitest';
import type { ImportReport } from './bindings';
import { addFiles, importOptions, parseLabels, reportLine } from './importing';

describe('parseLabels', () => {
  it('splits on commas and semicolons, trims, and drops blanks and repeats', () => {
    expect(parseLabels(' I, Interviewer; Q ,, I ')).toEqual(['I', 'Interviewer', 'Q']);
  });
  it('is empty for blank text, which means the default labels', () => {
    expect(parseLabels('  ')).toEqual([]);
  });
});

describe('importOptions', () => {
  it('leaves detection and the default labels when nothing is chosen', () => {
    expect(importOptions(null, '', '')).toEqual({ attributes: null, encoding: null, interviewer_labels: [], actor: '' });
  });
  it('carries the attributes file, a forced encoding and the labels', () => {
    expect(importOptions(' /s/informants.csv ', 'gb18030', '访谈者, I')).toEqual({
      attributes: '/s/informants.csv',
      encoding: 'gb18030',
      interviewer_labels: ['访谈者', 'I'],
      actor: '',
    });
  });
});

describe('addFiles', () => {
  it('keeps transcripts in pick order without repeats and refuses other files by name', () => {
    const { files, refused } = addFiles(['/s/A01.md'], ['/s/A02.TXT', '/s/A01.md', '/s/W01.docx', '/s/zoom.vtt', '/s/photo.png', '/s/README']);
    expect(files).toEqual(['/s/A01.md', '/s/A02.TXT', '/s/W01.docx', '/s/zoom.vtt']);
    expect(refused).toEqual(['photo.png', 'README']);
  });
});

describe('reportLine', () => {
  const report = (over: Partial<ImportReport>): ImportReport => ({
    imported: [],
    skipped: [],
    informants_added: 0,
    informants_updated: 0,
    warnings: [],
    recordings: [],
    linked: [],
    ...over,
  });
  const doc = { name: 'A01', file: 'A01.md', informant: 'A01', segments: 4, chars: 100, encoding: 'UTF-8' };
  it('counts in the singular and the plural', () => {
    expect(reportLine(report({ imported: [doc], informants_added: 1 }))).toBe('1 transcript imported · 1 new informant');
    expect(reportLine(report({ imported: [doc, { ...doc, name: 'A02' }], informants_added: 2, informants_updated: 1 }))).toBe(
      '2 transcripts imported · 2 new informants · 1 updated',
    );
  });
  it('says when files were already in the project', () => {
    expect(reportLine(report({ skipped: [{ file: 'A01.md', reason: 'identical' }] }))).toBe('0 transcripts imported · 1 already in the project');
  });
});
