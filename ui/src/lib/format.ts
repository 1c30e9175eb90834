// Small display helpers shared by the panes.

import type { AttrValue, AttributeValues, Excerpt } from './bindings';

type Attributes = { [key in string]?: AttrValue };

/**
 * `[key, value]` pairs of the attributes a card shows, in the order of `keys` (the project's
 * `card_attributes` setting), skipping those the informant lacks.
 */
export function keyAttributes(attributes: Attributes, keys: readonly string[]): Array<[string, string]> {
  return keys.flatMap((k) => {
    const v = attributes[k];
    return v === undefined || v === '' ? [] : [[k, String(v)] as [string, string]];
  });
}

/**
 * Attributes worth a filter select: text attributes with a handful of values. Free-text or
 * numeric ones (age, dates) would make a select hundreds of options long.
 */
export function filterableAttributes(attributes: readonly AttributeValues[], maxValues = 12): AttributeValues[] {
  return attributes.filter((a) => a.kind === 'text' && a.values.length >= 2 && a.values.length <= maxValues);
}

/** The last part of a path, for compact display. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** `1 document`, `2 documents`: a count with its noun, plural by adding `s` unless given. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** One run of an excerpt's text: a match or the text between matches. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * An excerpt's text cut at its matches. The core's spans count code points, so the text is split
 * into code points first (a JavaScript string index counts UTF-16 units). The parts are plain
 * text, for Svelte to escape.
 */
export function excerptParts(excerpt: Excerpt): ExcerptPart[] {
  const chars = Array.from(excerpt.text);
  const parts: ExcerptPart[] = [];
  const push = (from: number, to: number, mark: boolean) => {
    if (to > from) parts.push({ text: chars.slice(from, to).join(''), mark });
  };
  let at = 0;
  for (const m of excerpt.marks) {
    const start = Math.max(at, Math.min(m.start, chars.length));
    const end = Math.max(start, Math.min(m.end, chars.length));
    push(at, start, false);
    push(start, end, true);
    at = end;
  }
  push(at, chars.length, false);
  if (excerpt.cut_before) parts.unshift({ text: '… ', mark: false });
  if (excerpt.cut_after) parts.push({ text: ' …', mark: false });
  return parts;
}
