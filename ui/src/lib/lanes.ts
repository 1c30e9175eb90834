// Lane layout for coding stripes in the transcript margin.
//
// Each coding is drawn as a vertical bar beside the lines it covers. Bars whose vertical extents
// overlap must not sit on top of each other, so each gets a lane (a column in the margin). This
// is interval partitioning: sweeping by start and reusing the lowest lane that is free again
// gives the minimum number of lanes, and keeps long-lived bars in the low lanes next to the text.

/** A vertical extent, e.g. pixels from the top of the transcript. */
export interface Extent {
  top: number;
  bottom: number;
}

export interface LaneLayout {
  /** `lanes[i]` is the lane of `extents[i]`, from 0. */
  lanes: number[];
  /** How many lanes are used. */
  count: number;
}

/**
 * Assign each extent the lowest lane in which it overlaps no other extent. Extents closer than
 * `gap` also count as overlapping, so that bars on adjacent lines stay visibly apart. Ties in
 * `top` put the taller extent first, so that it takes the lane nearer the text.
 */
export function assignLanes(extents: readonly Extent[], gap = 0): LaneLayout {
  const order = extents
    .map((e, i) => i)
    .sort((a, b) => {
      const x = extents[a] as Extent;
      const y = extents[b] as Extent;
      return x.top - y.top || y.bottom - x.bottom || a - b;
    });
  // `busyUntil[lane]` is the bottom of the last extent put in that lane.
  const busyUntil: number[] = [];
  const lanes = new Array<number>(extents.length).fill(0);
  for (const i of order) {
    const e = extents[i] as Extent;
    let lane = busyUntil.findIndex((bottom) => bottom + gap <= e.top);
    if (lane === -1) lane = busyUntil.length;
    busyUntil[lane] = e.bottom;
    lanes[i] = lane;
  }
  return { lanes, count: busyUntil.length };
}
