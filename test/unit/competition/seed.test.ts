import { afterEach, describe, expect, it } from "vitest";
import { createRng, resolveSeed, validateSeed } from "../../../src/competition/index.js";
import { InvalidParameterError } from "../../../src/index.js";

afterEach(() => {
  delete process.env.TEST_SEED;
});

describe("SeededRng (pure-rand xoroshiro128+)", () => {
  it("gives pure-rand's documented sequence for seed 42", () => {
    // pure-rand's README: xoroshiro128plus(42) with uniformInt(rng, 1, 6) gives 2, 4, 6.
    const rng = createRng(42);
    expect([rng.int(1, 6), rng.int(1, 6), rng.int(1, 6)]).toEqual([2, 4, 6]);
  });

  it("repeats itself for the same seed and differs for another", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [rng.random(), rng.random(), rng.nextSeed(), rng.int(0, 1000)];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const values = draw(7);
    expect(values[0]).toBeGreaterThanOrEqual(0);
    expect(values[0]).toBeLessThan(1);
    expect(Number.isInteger(values[2])).toBe(true);
  });

  it("shuffles a copy, reproducibly", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const a = createRng(3).shuffle(items);
    expect(a).toEqual(createRng(3).shuffle(items));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(a).not.toEqual(items);
  });

  it("forks an independent stream without moving the parent", () => {
    const parent = createRng(5);
    const fork = parent.fork();
    expect(fork.seed).toBe(5);
    expect(parent.random()).toBe(createRng(5).random());
    expect(fork.random()).not.toBe(createRng(5).random());
  });
});

describe("seeds", () => {
  it("accepts 32-bit unsigned integers only", () => {
    expect(validateSeed(0)).toBe(0);
    expect(validateSeed(0xffffffff)).toBe(0xffffffff);
    for (const bad of [-1, 1.5, 2 ** 32, "1", Number.NaN]) expect(() => validateSeed(bad)).toThrow(InvalidParameterError);
  });

  it("resolves given, then environment, then random", () => {
    expect(resolveSeed(11, "TEST_SEED")).toBe(11);
    process.env.TEST_SEED = "123";
    expect(resolveSeed(undefined, "TEST_SEED")).toBe(123);
    process.env.TEST_SEED = "abc";
    expect(() => resolveSeed(undefined, "TEST_SEED")).toThrow(InvalidParameterError);
    const r = resolveSeed();
    expect(Number.isInteger(r) && r >= 0 && r < 2 ** 31).toBe(true);
  });
});
