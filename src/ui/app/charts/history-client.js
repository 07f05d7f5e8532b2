// The charts' reads of metric histories (/api/runs/ID/metrics/KEY): a downsampled history for a
// view, and the points logged since the last read for a live run. Points become chart series here.
import { getJson, runPath } from "../api-client.js";

/** The page's x choices and the history endpoint's axis for each (minX/maxX are on it). */
export const X_MODES = {
  step: { label: "step", server: "step" },
  time: { label: "wall time", server: "timestamp" },
  relative: { label: "relative time (s)", server: "relative" },
};

export function historyPath(runId, key) {
  // A metric key may hold '/', which the endpoint takes as it is.
  return `${runPath(runId)}/metrics/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** One read: `zoom` is [min, max] on the x mode's axis or null; `since` skips points already held. */
export function fetchHistory(runId, key, { maxPoints, x, zoom, since }) {
  return getJson(historyPath(runId, key), {
    maxPoints,
    x: X_MODES[x].server,
    minX: zoom ? zoom[0] : undefined,
    maxX: zoom ? zoom[1] : undefined,
    since: since || undefined,
  });
}

/**
 * A live run's new points appended to what is held. Each answer is min/max downsampled within
 * its own points, so the held series stays an envelope of the history, but it grows by up to
 * 2 × maxPoints a poll: past 4 × maxPoints this returns null, and the caller reads the history
 * afresh, downsampled as a whole.
 */
export function appendHistory(held, next, maxPoints) {
  const points = held.points.concat(next.points);
  if (points.length > 4 * maxPoints) return null;
  return { total: next.total, firstTimestamp: held.firstTimestamp ?? next.firstTimestamp, points };
}

/** JSON has no NaN or Infinity: the server sends them as strings. */
const toNumber = (v) => (typeof v === "number" ? v : Number(v));

export function toSeriesPoints(answer, x) {
  const pts = answer.points;
  const xs = new Float64Array(pts.length);
  const ys = new Array(pts.length);
  const origin = answer.firstTimestamp ?? 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    xs[i] = x === "step" ? p.step : x === "time" ? p.timestamp : (p.timestamp - origin) / 1000;
    ys[i] = toNumber(p.value);
  }
  return { x: xs, y: ys };
}
