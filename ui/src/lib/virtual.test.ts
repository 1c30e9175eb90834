import { describe, expect, it } from 'vitest';
import { centreOn, estimateHeight, fitEstimate, mergeMeasured, prefixSums, turnAt, windowAt } from './virtual';

// Five turns of 100, 50, 200, 50 and 100 pixels: tops at 0, 100, 150, 350, 400; 500 in all.
const offsets = prefixSums([100, 50, 200, 50, 100]);

describe('prefixSums', () => {
  it('gives the top of every turn and the total', () => {
    expect(offsets).toEqual([0, 100, 150, 350, 400, 500]);
    expect(prefixSums([])).toEqual([0]);
    expect(prefixSums([42])).toEqual([0, 42]);
  });
});

describe('estimateHeight', () => {
  const estimate = { charsPerLine: 60, lineHeight: 25, chrome: 20 };
  it('counts started lines, at least one', () => {
    expect(estimateHeight(0, estimate)).toBe(45);
    expect(estimateHeight(60, estimate)).toBe(45);
    expect(estimateHeight(61, estimate)).toBe(70);
    expect(estimateHeight(600, estimate)).toBe(270);
  });
  it('survives a zero width before the first layout', () => {
    expect(estimateHeight(10, { ...estimate, charsPerLine: 0 })).toBe(20 + 10 * 25);
  });
});

describe('turnAt', () => {
  it('finds the turn holding a pixel, a top belonging to its own turn', () => {
    expect(turnAt(offsets, 0)).toBe(0);
    expect(turnAt(offsets, 99.5)).toBe(0);
    expect(turnAt(offsets, 100)).toBe(1);
    expect(turnAt(offsets, 349)).toBe(2);
    expect(turnAt(offsets, 499)).toBe(4);
  });
  it('clamps above and below the list, and is 0 with no turns', () => {
    expect(turnAt(offsets, -50)).toBe(0);
    expect(turnAt(offsets, 10_000)).toBe(4);
    expect(turnAt([0], 10)).toBe(0);
  });
});

describe('windowAt', () => {
  it('is empty with no turns', () => {
    expect(windowAt([0], 0, 800, 200)).toEqual({ start: 0, end: 0 });
  });
  it('is the one turn when there is one', () => {
    expect(windowAt([0, 30], 0, 800, 200)).toEqual({ start: 0, end: 1 });
    expect(windowAt([0, 30], 500, 800)).toEqual({ start: 0, end: 1 });
  });
  it('takes every turn that meets the viewport', () => {
    expect(windowAt(offsets, 0, 120)).toEqual({ start: 0, end: 2 });
    expect(windowAt(offsets, 160, 340)).toEqual({ start: 2, end: 3 });
    expect(windowAt(offsets, 120, 360)).toEqual({ start: 1, end: 4 });
  });
  it('widens by the overscan, within the list', () => {
    expect(windowAt(offsets, 160, 340, 60)).toEqual({ start: 1, end: 5 });
    expect(windowAt(offsets, 0, 50, 1000)).toEqual({ start: 0, end: 5 });
  });
  it('gives the last screenful when scrolled past the end', () => {
    expect(windowAt(offsets, 600, 700)).toEqual({ start: 4, end: 5 });
    expect(windowAt(offsets, 600, 750)).toEqual({ start: 3, end: 5 });
    expect(windowAt(offsets, 500, 520)).toEqual({ start: 4, end: 5 });
    expect(windowAt(offsets, 900, 1000, 150)).toEqual({ start: 2, end: 5 });
  });
});

describe('centreOn', () => {
  it('puts the middle of a turn in the middle of the viewport', () => {
    expect(centreOn(offsets, 2, 100)).toBe(200);
    expect(centreOn(offsets, 4, 100)).toBe(400);
  });
  it('does not scroll above the top, and clamps the index', () => {
    expect(centreOn(offsets, 0, 400)).toBe(0);
    expect(centreOn(offsets, 99, 100)).toBe(400);
    expect(centreOn([0], 3, 100)).toBe(0);
  });
});

describe('mergeMeasured', () => {
  const measured = new Map([
    [0, 100],
    [3, 50],
  ]);

  it('adds new turns and replaces heights that changed', () => {
    const next = mergeMeasured(measured, new Map([[1, 40], [3, 80]]));
    expect(next && [...next].sort((a, b) => a[0] - b[0])).toEqual([[0, 100], [1, 40], [3, 80]]);
    expect([...measured]).toEqual([[0, 100], [3, 50]]);
  });

  it('is null when nothing moved by a pixel, and ignores nonsense', () => {
    expect(mergeMeasured(measured, new Map([[0, 100.4], [3, 49.5]]))).toBeNull();
    expect(mergeMeasured(measured, new Map([[5, Number.NaN], [6, -3]]))).toBeNull();
    expect(mergeMeasured(new Map(), new Map())).toBeNull();
  });

  it('corrects the offsets of every later turn once merged', () => {
    const lengths = [100, 50, 200, 50, 100];
    const heights = (m: ReadonlyMap<number, number>) => lengths.map((h, i) => m.get(i) ?? h);
    const next = mergeMeasured(new Map(), new Map([[1, 90]])) as Map<number, number>;
    const before = prefixSums(heights(new Map()));
    const after = prefixSums(heights(next));
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after.slice(2).map((y, k) => y - (before[k + 2] as number))).toEqual([40, 40, 40, 40]);
  });
});

describe('fitEstimate', () => {
  const estimate = { charsPerLine: 60, lineHeight: 20, chrome: 10 };

  it('fits the line length to turns of several lines', () => {
    // 400 characters on 5 lines and 300 on 5: 70 a line.
    const fitted = fitEstimate([{ chars: 400, height: 110 }, { chars: 300, height: 110 }], estimate);
    expect(fitted).toEqual({ ...estimate, charsPerLine: 70 });
    expect(estimateHeight(700, fitted)).toBe(210);
  });

  it('keeps the estimate when only one-line or empty turns were measured', () => {
    expect(fitEstimate([{ chars: 30, height: 30 }, { chars: 0, height: 200 }], estimate)).toBe(estimate);
    expect(fitEstimate([], estimate)).toBe(estimate);
  });
});
