// Small display helpers shared by the panes.

import type { AttrValue, AttributeValues } from './bindings';

type Attributes = { [key in string]?: AttrValue };

/** The attributes shown in one line under a hit or a document, in this order, when present. */
export const KEY_ATTRIBUTES = ['type', 'school', 'migration'] as const;

/** `[key, value]` pairs of the key attributes an informant has. */
export function keyAttributes(attributes: Attributes, keys: readonly string[] = KEY_ATTRIBUTES): Array<[string, string]> {
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
