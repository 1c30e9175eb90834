// Windowing for long transcripts.
//
// A 20,000-word interview has hundreds of turns and thousands of codings; putting all of them in
// the DOM and measuring every coding's stripe takes most of a second in one frame. The transcript
// instead renders the turns near the viewport, with spacers above and below standing in for the
// rest. A spacer's height is the sum of the turns it replaces: measured where a turn has been
// rendered before, estimated from its text length otherwise. These functions are that arithmetic,
// free of the DOM; the component measures and scrolls.

/** A half-open range of turn indices, `start..end`. */
export interface TurnWindow {
  start: number;
  end: number;
}

/** How a turn's height is guessed before it has been rendered once. */
export interface Estimate {
  /** Characters that fit on one line of the turn's text. */
  charsPerLine: number;
  /** Pixels per line of text. */
  lineHeight: number;
  /** Pixels around the text: padding, margin, a line's worth for a one-line turn's speaker label. */
  chrome: number;
}

/** A guess at a turn's height from its length in characters; at least one line. */
export function estimateHeight(chars: number, estimate: Estimate): number {
  const lines = Math.max(1, Math.ceil(chars / Math.max(1, estimate.charsPerLine)));
  return estimate.chrome + lines * estimate.lineHeight;
}

/** `offsets[i]` is the sum of `heights[0..i]`; there are `heights.length + 1` entries. */
export function prefixSums(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = (offsets[i] as number) + (heights[i] as number);
  return offsets;
}

/** The index of the turn that contains pixel `y`, clamped to `0..n-1` (0 when there are none). */
export function turnAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  // The last turn whose top is at or above y.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The turns to render for a viewport showing pixels `top..bottom` of the list, plus `overscan`
 * pixels either side so that a small scroll finds its text already there. A viewport past the
 * end (the list shrank when estimates were corrected, or a scroll overshot) gets the last
 * screenful rather than nothing, so that there is always something to measure and scroll to.
 */
export function windowAt(offsets: readonly number[], top: number, bottom: number, overscan = 0): TurnWindow {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  const total = offsets[n] as number;
  const height = Math.max(0, bottom - top);
  let from = top - overscan;
  let to = bottom + overscan;
  if (top >= total) {
    from = total - height - overscan;
    to = total;
  }
  const start = turnAt(offsets, Math.max(0, from));
  // Every turn whose top is above `to`.
  const end = Math.max(start + 1, turnAt(offsets, to) + 1);
  return { start, end: Math.min(n, end) };
}

/** The scroll offset, in list pixels, that puts the middle of turn `index` in the middle of a viewport `height` tall. */
export function centreOn(offsets: readonly number[], index: number, height: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  const i = Math.min(Math.max(0, index), n - 1);
  const middle = ((offsets[i] as number) + (offsets[i + 1] as number)) / 2;
  return Math.max(0, middle - height / 2);
}

/**
 * The measured heights with the newly `found` ones merged in, or null when none moved by a pixel
 * or more: sub-pixel differences between passes would otherwise re-render forever. Entries that
 * are not finite non-negative numbers are ignored.
 */
export function mergeMeasured(measured: ReadonlyMap<number, number>, found: ReadonlyMap<number, number>): Map<number, number> | null {
  let next: Map<number, number> | null = null;
  for (const [i, h] of found) {
    if (!Number.isFinite(h) || h < 0) continue;
    const before = measured.get(i);
    if (before !== undefined && Math.abs(before - h) < 1) continue;
    next ??= new Map(measured);
    next.set(i, h);
  }
  return next;
}

/**
 * Fit the estimate's line length to turns already measured, so that the turns not yet rendered
 * are guessed at the width the text really has. Only turns of several lines tell the line
 * length (a one-line turn's height says nothing about it); with none, the estimate is kept.
 */
export function fitEstimate(samples: ReadonlyArray<{ chars: number; height: number }>, estimate: Estimate): Estimate {
  let chars = 0;
  let lines = 0;
  for (const s of samples) {
    const l = (s.height - estimate.chrome) / estimate.lineHeight;
    if (!(l >= 2.5) || s.chars <= 0) continue;
    chars += s.chars;
    lines += l;
  }
  return lines > 0 ? { ...estimate, charsPerLine: chars / lines } : estimate;
}
