import { randomInt } from "node:crypto";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";
import { InvalidParameterError } from "../errors.js";

/** Seeds are 32-bit unsigned integers: what pure-rand's generators and most JS ML libraries take. */
export const MAX_SEED = 0xffffffff;

export function validateSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InvalidParameterError(`A seed must be an integer from 0 to ${MAX_SEED}, got ${JSON.stringify(seed)}.`);
  }
  return seed;
}

/**
 * The seed to use: the one given, else the integer in environment variable `envVar` (when
 * named and set), else a fresh random one. Whatever it is, log it (withCompetitionRun does):
 * a run is reproducible only if its seed is recorded.
 */
export function resolveSeed(seed?: number | string, envVar?: string): number {
  const raw = seed ?? (envVar ? process.env[envVar] : undefined);
  if (raw === undefined || raw === "") return randomInt(0, 2 ** 31);
  const n = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  return validateSeed(n);
}

/**
 * A seeded random number generator (pure-rand's xoroshiro128+): the same seed gives the same
 * sequence on every machine and Node version. Mutable: every call advances it.
 */
export class SeededRng {
  readonly seed: number;
  // No pure-rand type in the public signature: declarations that name pure-rand's subpaths
  // do not resolve for TypeScript's legacy `node` moduleResolution (it ignores `exports`).
  private gen: JumpableRandomGenerator;

  constructor(seed: number) {
    this.seed = validateSeed(seed);
    this.gen = xoroshiro128plus(seed);
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    return uniformFloat64(this.gen);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new InvalidParameterError(`int(min, max) needs integers with min <= max, got ${min}, ${max}.`);
    }
    return uniformInt(this.gen, min, max);
  }

  /** A seed for another library (e.g. a model's own `seed` option): an integer in [0, 2^31 - 1]. */
  nextSeed(): number {
    return uniformInt(this.gen, 0, 0x7fffffff);
  }

  /** A shuffled copy (Fisher–Yates); the input is left as it is. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = uniformInt(this.gen, 0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /**
   * An independent stream: a copy of this generator jumped 2^64 steps ahead, which leaves this
   * one unchanged. Forks made one after another are all the same stream; fork a fork for more.
   */
  fork(): SeededRng {
    const forked = new SeededRng(this.seed);
    forked.gen = this.gen.clone();
    forked.gen.jump();
    return forked;
  }
}

export function createRng(seed: number): SeededRng {
  return new SeededRng(seed);
}
