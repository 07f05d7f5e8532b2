// The charts' handling of live answers (src/ui/app/charts/history-client.js): what is appended,
// and when the held series is read afresh instead.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the browser app, no types.
import { appendHistory, toSeriesPoints } from "../../../src/ui/app/charts/history-client.js";

const pts = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ step: from + i, value: from + i, timestamp: 1000 + from + i }));

describe("appendHistory", () => {
  it("appends a poll's points and takes its total", () => {
    const held = { total: 3, firstTimestamp: 1000, points: pts(0, 3) };
    const out = appendHistory(held, { total: 5, firstTimestamp: 1000, points: pts(3, 2) }, 100);
    expect(out).toEqual({ total: 5, firstTimestamp: 1000, points: pts(0, 5) });
  });

  it("asks for a fresh read (null) once the held series passes 4 × maxPoints", () => {
    const held = { total: 390, firstTimestamp: 1000, points: pts(0, 390) };
    expect(appendHistory(held, { total: 400, firstTimestamp: 1000, points: pts(390, 10) }, 100)).not.toBeNull();
    expect(appendHistory(held, { total: 401, firstTimestamp: 1000, points: pts(390, 11) }, 100)).toBeNull();
  });
});

describe("toSeriesPoints", () => {
  const answer = { firstTimestamp: 1000, points: [{ step: 4, value: 0.5, timestamp: 3000 }, { step: 5, value: "NaN", timestamp: 4500 }] };
  it("puts step, wall time or seconds since the first point on x; NaN strings become NaN", () => {
    expect(Array.from(toSeriesPoints(answer, "step").x)).toEqual([4, 5]);
    expect(Array.from(toSeriesPoints(answer, "time").x)).toEqual([3000, 4500]);
    expect(Array.from(toSeriesPoints(answer, "relative").x)).toEqual([2, 3.5]);
    expect(toSeriesPoints(answer, "step").y).toEqual([0.5, NaN]);
  });
});
