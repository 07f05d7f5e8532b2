import { describe, expect, it } from "vitest";
import { downsampleMinMax } from "../../../src/ui/server/downsample.js";

const series = (values: number[]) => values.map((value, step) => ({ step, value, timestamp: 1000 + step }));

describe("min/max downsampling", () => {
  it("keeps a short history as it is", () => {
    const s = series([3, 1, 2]);
    expect(downsampleMinMax(s, 2)).toEqual(s);
  });

  it("keeps each bucket's lowest and highest point, in step order", () => {
    // 8 points, 2 buckets of steps 0-3 and 4-7.
    const out = downsampleMinMax(series([5, 9, 1, 4, 7, 0, 3, 8]), 2);
    expect(out.map((p) => [p.step, p.value])).toEqual([
      [1, 9],
      [2, 1],
      [5, 0],
      [7, 8],
    ]);
  });

  it("returns at most 2 × maxPoints points for a million, spikes included", () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i / 500));
    values[424_242] = 1e6;
    values[777_777] = -1e6;
    const out = downsampleMinMax(series(values), 800);
    expect(out.length).toBeLessThanOrEqual(1600);
    expect(out.length).toBeGreaterThan(1500);
    expect(out.some((p) => p.step === 424_242 && p.value === 1e6)).toBe(true);
    expect(out.some((p) => p.step === 777_777 && p.value === -1e6)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]!.step).toBeGreaterThan(out[i - 1]!.step);
  });

  it("buckets by step, not by index: a dense stretch does not crowd out a sparse one", () => {
    const points = [...Array.from({ length: 1000 }, (_, i) => ({ step: i, value: 0, timestamp: i })), { step: 100_000, value: 42, timestamp: 0 }];
    const out = downsampleMinMax(points, 10);
    expect(out.at(-1)).toEqual({ step: 100_000, value: 42, timestamp: 0 });
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it("sorts unsorted input by step then timestamp first", () => {
    const points = [
      { step: 2, value: 2, timestamp: 0 },
      { step: 0, value: 0, timestamp: 5 },
      { step: 1, value: 1, timestamp: 0 },
    ];
    expect(downsampleMinMax(points, 5).map((p) => p.step)).toEqual([0, 1, 2]);
  });

  it("NaN never hides a real extreme; a bucket of only NaN keeps one NaN; ±Infinity wins", () => {
    const out = downsampleMinMax(series([NaN, 1, 2, 3, NaN, NaN, NaN, NaN, Infinity, 0, -Infinity, 5]), 3);
    expect(out.map((p) => p.value)).toEqual([1, 3, NaN, Infinity, -Infinity]);
  });

  it("refuses a maxPoints that is not a positive integer", () => {
    expect(() => downsampleMinMax(series([1]), 0)).toThrow(/positive integer/);
    expect(() => downsampleMinMax(series([1]), 1.5)).toThrow(/positive integer/);
  });
});
