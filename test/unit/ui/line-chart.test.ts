// The chart module's pure parts (the drawing itself is checked in Chromium: test/mlflow/ui/charts.test.ts).
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the browser app, no types.
import { alignSeries, formatTick, smoothEma } from "../../../src/ui/app/charts/line-chart.js";

describe("smoothEma (TensorBoard's debiased EMA)", () => {
  it("leaves values as they are at weight 0", () => {
    expect(smoothEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it("debiases the start: a constant stays constant", () => {
    for (const y of smoothEma([3, 3, 3, 3], 0.9)) expect(y).toBeCloseTo(3, 12);
  });

  it("follows TensorBoard's formula and keeps gaps", () => {
    const w = 0.6;
    const out = smoothEma([1, NaN, 2, Infinity, 4], w);
    const l1 = (1 - w) * 1;
    const l2 = l1 * w + (1 - w) * 2;
    const l3 = l2 * w + (1 - w) * 4;
    expect(out[0]).toBeCloseTo(l1 / (1 - w), 12);
    expect(out[1]).toBeNull();
    expect(out[2]).toBeCloseTo(l2 / (1 - w ** 2), 12);
    expect(out[3]).toBeNull();
    expect(out[4]).toBeCloseTo(l3 / (1 - w ** 3), 12);
  });

  it("caps the weight at 0.99 (1 would never move)", () => {
    const out = smoothEma([0, 100], 1);
    expect(out[1]).toBeGreaterThan(0);
  });
});

describe("alignSeries", () => {
  it("joins runs with different steps on one x array; a run's missing x is undefined, its NaN is null", () => {
    const data = alignSeries([
      { label: "a", points: { x: [0, 2], y: [1, NaN] } },
      { label: "b", points: { x: [1, 2], y: [5, 6] } },
    ]);
    expect(data).toEqual([
      [0, 1, 2],
      [1, undefined, null],
      [undefined, 5, 6],
    ]);
  });

  it("sorts a run's points by x (wall time need not follow step order)", () => {
    expect(alignSeries([{ label: "a", points: { x: new Float64Array([3, 1, 2]), y: [30, 10, 20] } }])).toEqual([
      [1, 2, 3],
      [10, 20, 30],
    ]);
  });

  it("leaves values <= 0 out of a log axis", () => {
    expect(alignSeries([{ label: "a", points: { x: [0, 1, 2], y: [0, -1, 10] } }], { logY: true })[1]).toEqual([null, null, 10]);
  });
});

describe("formatTick", () => {
  it("keeps small and large ticks readable", () => {
    expect([0, 0.5, 1234.5678, 0.0001, 0.00025, 2e7, -3e-9, 1].map(formatTick)).toEqual(["0", "0.5", "1235", "1e-4", "2.5e-4", "2e7", "-3e-9", "1"]);
  });
});
