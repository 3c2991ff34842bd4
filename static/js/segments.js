// Flat segments: the text of a paragraph cut at every coding boundary, each piece carrying the
// set of codings that cover it. Overlapping codings never nest elements, so any overlap draws
// and hit-tests the same way (nested wrappers are where other tools' overlap bugs come from).
// Pure: no DOM, so it can be tested on its own.

/**
 * Cut [from, to) at the boundaries of `spans` (objects with id, start, end) and at `extra`
 * positions. Returns contiguous pieces {start, end, ids} covering [from, to) exactly.
 */
export function cutSegments(from, to, spans, extra = []) {
  const cuts = new Set([from, to]);
  for (const span of spans) {
    if (span.start > from && span.start < to) cuts.add(span.start);
    if (span.end > from && span.end < to) cuts.add(span.end);
  }
  for (const position of extra) if (position > from && position < to) cuts.add(position);
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    const ids = [];
    for (const span of spans) if (span.start <= start && span.end >= end) ids.push(span.id);
    pieces.push({ start, end, ids });
  }
  return pieces;
}

/** Give overlapping intervals (sorted by top) the first free lane: [{item, lane}], lanes used. */
export function assignLanes(intervals) {
  const laneEnds = [];
  const placed = [];
  for (const interval of intervals) {
    let lane = laneEnds.findIndex((end) => end <= interval.top);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = interval.bottom + 2;
    placed.push({ ...interval, lane });
  }
  return { placed, lanes: laneEnds.length };
}
