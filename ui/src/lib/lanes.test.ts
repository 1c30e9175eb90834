import { describe, expect, it } from 'vitest';
import { assignLanes, type Extent } from './lanes';

const ext = (top: number, bottom: number): Extent => ({ top, bottom });

/** Lanes as a list, and a check that no two extents in one lane overlap. */
function check(extents: Extent[], expected: number[], gap = 0) {
  const { lanes, count } = assignLanes(extents, gap);
  expect(lanes).toEqual(expected);
  expect(count).toBe(expected.length === 0 ? 0 : Math.max(...expected) + 1);
  for (let i = 0; i < extents.length; i++) {
    for (let j = i + 1; j < extents.length; j++) {
      if (lanes[i] !== lanes[j]) continue;
      const [a, b] = [extents[i] as Extent, extents[j] as Extent];
      expect(a.bottom + gap <= b.top || b.bottom + gap <= a.top).toBe(true);
    }
  }
}

describe('assignLanes', () => {
  it('puts nothing in no lanes', () => check([], []));

  it('keeps disjoint extents in one lane', () => check([ext(0, 10), ext(20, 30), ext(10, 15)], [0, 0, 0]));

  it('gives overlapping extents their own lanes', () => check([ext(0, 100), ext(20, 30), ext(25, 60)], [0, 1, 2]));

  it('reuses a lane once it is free', () => check([ext(0, 100), ext(10, 20), ext(30, 40), ext(35, 50)], [0, 1, 1, 2]));

  it('puts the taller of two extents that start together in the lower lane', () =>
    check([ext(0, 10), ext(0, 50)], [1, 0]));

  it('treats extents closer than the gap as overlapping', () => {
    check([ext(0, 10), ext(12, 20)], [0, 0]);
    check([ext(0, 10), ext(12, 20)], [0, 1], 4);
  });

  it('uses as few lanes as the deepest overlap needs', () => {
    // A staircase: each extent overlaps only its neighbours, so two lanes suffice.
    const stairs = Array.from({ length: 10 }, (_, i) => ext(i * 10, i * 10 + 15));
    expect(assignLanes(stairs).count).toBe(2);
  });
});
