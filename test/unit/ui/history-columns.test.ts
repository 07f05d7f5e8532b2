// The history endpoint and the report read columns (typed arrays) now, not Metric objects: their
// answers must be the ones the object code gave. The object code is kept here as the reference
// (historyAnswer as it was) and both run on the same tricky histories: NaN, ±Infinity, repeated,
// out-of-order and negative steps, equal timestamps, ranges on every axis, `since`.
import { describe, expect, it } from "vitest";
import type { Metric } from "../../../src/entities.js";
import { columnsFromMetrics } from "../../../src/store/metric-columns.js";
import { downsampleColumnsMinMax, downsampleMinMax } from "../../../src/ui/server/downsample.js";
import { historyAnswer, type HistoryQuery } from "../../../src/ui/server/metric-history.js";

/** historyAnswer before columns: filters and downsamples the Metric objects themselves. */
function objectHistoryAnswer(key: string, history: readonly Metric[], query: HistoryQuery) {
  const { x, minX, maxX, since, maxPoints } = query;
  let firstTimestamp: number | null = null;
  for (const m of history) if (firstTimestamp === null || m.timestamp < firstTimestamp) firstTimestamp = m.timestamp;
  const filtered = since > 0 || minX !== undefined || maxX !== undefined;
  const matched: Metric[] = filtered ? [] : [...history];
  for (let i = since; filtered && i < history.length; i++) {
    const m = history[i]!;
    const at = x === "step" ? m.step : x === "timestamp" ? m.timestamp : (m.timestamp - firstTimestamp!) / 1000;
    if ((minX !== undefined && at < minX) || (maxX !== undefined && at > maxX)) continue;
    matched.push(m);
  }
  const shown = maxPoints === undefined ? matched : downsampleMinMax(matched, maxPoints);
  const points = shown.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp }));
  return { key, total: history.length, matched: matched.length, downsampled: points.length < matched.length, firstTimestamp, points };
}

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0.5, 1e300];

/** A history with gaps, repeats and going back: steps out of order, values with NaN and infinities, equal timestamps. */
function trickyHistory(seed: number, n: number): Metric[] {
  const r = random(seed);
  const out: Metric[] = [];
  let step = -5;
  let t = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.1) step -= Math.floor(r() * 20); // a restart logs earlier steps again
    else if (roll > 0.3) step += 1 + Math.floor(r() * 3); // else the step repeats
    if (r() > 0.2) t += Math.floor(r() * 50); // equal timestamps too
    const value = r() < 0.1 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : Math.round(r() * 100) / 10;
    out.push({ key: "m", value, timestamp: t, step });
  }
  return out;
}

function queries(history: Metric[]): HistoryQuery[] {
  const steps = history.map((m) => m.step).sort((a, b) => a - b);
  const stamps = history.map((m) => m.timestamp).sort((a, b) => a - b);
  const mid = (xs: number[], f: number) => xs[Math.floor(f * (xs.length - 1))]!;
  const span = (stamps.at(-1)! - stamps[0]!) / 1000;
  const out: HistoryQuery[] = [];
  for (const maxPoints of [undefined, 1, 3, 17, 100, 5000]) {
    out.push({ x: "step", since: 0, maxPoints });
    out.push({ x: "step", since: 0, maxPoints, minX: mid(steps, 0.2), maxX: mid(steps, 0.7) });
    out.push({ x: "step", since: Math.floor(history.length / 3), maxPoints, minX: mid(steps, 0.5) });
    out.push({ x: "timestamp", since: 0, maxPoints, minX: mid(stamps, 0.1), maxX: mid(stamps, 0.4) });
    out.push({ x: "relative", since: 0, maxPoints, minX: span * 0.25, maxX: span * 0.75 });
    out.push({ x: "step", since: history.length + 5, maxPoints });
    out.push({ x: "step", since: 0, maxPoints, minX: steps.at(-1)! + 1 });
  }
  return out;
}

describe("the history endpoint's answer on columns equals the object code's", () => {
  for (const [seed, n] of [
    [1, 0],
    [2, 1],
    [3, 7],
    [4, 300],
    [5, 5000],
    [6, 20_000],
  ] as const) {
    it(`history ${seed}: ${n} points`, () => {
      const history = trickyHistory(seed, n);
      const cols = columnsFromMetrics(history);
      for (const query of queries(history.length ? history : [{ key: "m", value: 0, timestamp: 0, step: 0 }])) {
        const expected = objectHistoryAnswer("m", history, query);
        expect(historyAnswer("m", cols, query), JSON.stringify(query)).toEqual(expected);
      }
    });
  }

  it("a history of only repeated steps, and one of only NaN", () => {
    const repeated = Array.from({ length: 50 }, (_, i) => ({ key: "m", value: (i * 7) % 11, timestamp: 100 - i, step: 3 }));
    const nans = Array.from({ length: 50 }, (_, i) => ({ key: "m", value: NaN, timestamp: i, step: i }));
    for (const history of [repeated, nans]) {
      for (const maxPoints of [1, 4, 10]) {
        const query: HistoryQuery = { x: "step", since: 0, maxPoints };
        expect(historyAnswer("m", columnsFromMetrics(history), query)).toEqual(objectHistoryAnswer("m", history, query));
      }
    }
  });
});

describe("downsampleColumnsMinMax keeps the points downsampleMinMax keeps", () => {
  it("on shuffled histories with ties, for every bucket count", () => {
    for (let seed = 10; seed < 40; seed++) {
      const history = trickyHistory(seed, 1 + Math.floor(random(seed)() * 3000));
      const cols = columnsFromMetrics(history);
      for (const maxPoints of [1, 2, 5, 64, 999]) {
        const kept = Array.from(downsampleColumnsMinMax(cols, maxPoints), (i) => history[i]);
        // Identity, not just equal fields: the same points in the same order.
        const expected = downsampleMinMax(history, maxPoints);
        expect(kept.length).toBe(expected.length);
        kept.forEach((p, i) => expect(p === expected[i], `seed ${seed}, maxPoints ${maxPoints}, point ${i}`).toBe(true));
      }
    }
  });

  it("refuses a bucket count that is not a positive integer, like downsampleMinMax", () => {
    const cols = columnsFromMetrics([{ key: "m", value: 1, timestamp: 1, step: 1 }]);
    expect(() => downsampleColumnsMinMax(cols, 0)).toThrow(/positive integer/);
    expect(() => downsampleColumnsMinMax(cols, 1.5)).toThrow(/positive integer/);
  });
});
