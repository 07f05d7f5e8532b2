import { InvalidParameterError } from "../errors.js";
import type { SeededRng } from "./seed.js";

export interface Fold {
  trainIndex: number[];
  testIndex: number[];
}

function indices(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidParameterError(`The number of rows must be a non-negative integer, got ${n}.`);
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * scikit-learn's KFold: `nSplits` consecutive folds of the (optionally shuffled) row indices,
 * the first `n % nSplits` folds one row larger. Shuffling needs a seeded rng, so the folds
 * are reproducible. Indices within each returned array are ascending, as in scikit-learn.
 */
export function kFold(nRows: number, options: { nSplits?: number; rng?: SeededRng } = {}): Fold[] {
  const k = options.nSplits ?? 5;
  const idx = indices(nRows);
  if (!Number.isInteger(k) || k < 2) throw new InvalidParameterError(`nSplits must be an integer of at least 2, got ${k}.`);
  if (k > nRows) throw new InvalidParameterError(`Cannot have nSplits=${k} greater than the number of rows: ${nRows}.`);
  const order = options.rng ? options.rng.shuffle(idx) : idx;
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(nRows / k) + (f < nRows % k ? 1 : 0);
    const test = new Set(order.slice(start, start + size));
    start += size;
    folds.push({ testIndex: [...test].sort((a, b) => a - b), trainIndex: idx.filter((i) => !test.has(i)) });
  }
  return folds;
}

/**
 * A held-out split: `testSize` (a fraction in (0, 1), or a row count) of the rows, chosen by
 * the seeded rng, go to the test side. Both index arrays are ascending.
 */
export function trainTestSplit(nRows: number, options: { testSize: number; rng: SeededRng }): Fold {
  const idx = indices(nRows);
  const { testSize, rng } = options;
  const nTest = testSize > 0 && testSize < 1 ? Math.ceil(testSize * nRows) : testSize;
  if (!Number.isInteger(nTest) || nTest < 1 || nTest >= nRows) {
    throw new InvalidParameterError(`testSize must be a fraction in (0, 1) or a row count in [1, ${nRows - 1}], got ${testSize}.`);
  }
  const test = new Set(rng.shuffle(idx).slice(0, nTest));
  return { trainIndex: idx.filter((i) => !test.has(i)), testIndex: idx.filter((i) => test.has(i)) };
}
