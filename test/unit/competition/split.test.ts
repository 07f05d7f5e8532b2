import { describe, expect, it } from "vitest";
import { createRng, kFold, trainTestSplit } from "../../../src/competition/index.js";
import { InvalidParameterError } from "../../../src/index.js";

describe("kFold", () => {
  it("splits like scikit-learn's KFold without shuffling: the first n % k folds are one larger", () => {
    expect(kFold(10, { nSplits: 3 })).toEqual([
      { testIndex: [0, 1, 2, 3], trainIndex: [4, 5, 6, 7, 8, 9] },
      { testIndex: [4, 5, 6], trainIndex: [0, 1, 2, 3, 7, 8, 9] },
      { testIndex: [7, 8, 9], trainIndex: [0, 1, 2, 3, 4, 5, 6] },
    ]);
  });

  it("shuffles with a seeded rng: a partition, the same for the same seed", () => {
    const folds = kFold(23, { nSplits: 5, rng: createRng(42) });
    expect(folds.map((f) => f.testIndex.length)).toEqual([5, 5, 5, 4, 4]);
    expect(folds.flatMap((f) => f.testIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const f of folds) expect(f.trainIndex.length + f.testIndex.length).toBe(23);
    expect(kFold(23, { nSplits: 5, rng: createRng(42) })).toEqual(folds);
    expect(kFold(23, { nSplits: 5, rng: createRng(43) })).not.toEqual(folds);
  });

  it("refuses fewer than 2 splits or more splits than rows", () => {
    expect(() => kFold(10, { nSplits: 1 })).toThrow(InvalidParameterError);
    expect(() => kFold(3, { nSplits: 4 })).toThrow("greater than the number of rows");
  });
});

describe("trainTestSplit", () => {
  it("takes ceil(testSize × n) rows for the test side, reproducibly", () => {
    const s = trainTestSplit(10, { testSize: 0.25, rng: createRng(1) });
    expect(s.testIndex).toHaveLength(3);
    expect(s.trainIndex).toHaveLength(7);
    expect([...s.trainIndex, ...s.testIndex].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(trainTestSplit(10, { testSize: 0.25, rng: createRng(1) })).toEqual(s);
    expect(trainTestSplit(10, { testSize: 4, rng: createRng(1) }).testIndex).toHaveLength(4);
    expect(() => trainTestSplit(10, { testSize: 10, rng: createRng(1) })).toThrow(InvalidParameterError);
  });
});
