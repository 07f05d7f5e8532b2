/**
 * Seeded random programs of tracking calls, the same logical program for MLflow and mlruns.
 *
 * Experiments and runs are named by labels ("e0" is Default; "e3"/"r5" were made by a create
 * call carrying `as`), because the two stores give them different ids. A label whose create
 * failed, or was shrunk away, stands for a well-formed id of nothing on both sides.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** The ids a label stands for when its create call failed or never ran (fuzz_worker.py uses the same). */
export const MISSING_RUN_ID = "0".repeat(32);
export const MISSING_EXPERIMENT_ID = "987654321";

/** A value as JSON carries it to both sides: floats JSON cannot hold and integers beyond 2^53 are tagged. */
export type Val = string | number | null | { f: "NaN" | "Infinity" | "-Infinity" | "-0" } | { int: string } | { dict: Record<string, Val> };

export interface BatchMetric { key: Val; value: Val; timestamp: Val; step: Val }
export interface KeyValue { key: Val; value: Val }

export type Call =
  | { op: "createExperiment"; as: string; name: Val; tags?: [string, Val][] }
  | { op: "createRun"; as: string; exp: string; startTime?: Val; tags?: [string, Val][]; runName?: Val }
  | { op: "deleteExperiment" | "restoreExperiment"; exp: string }
  | { op: "renameExperiment"; exp: string; name: Val }
  | { op: "setExperimentTag"; exp: string; key: Val; value: Val }
  | { op: "logParam" | "setTag"; run: string; key: Val; value: Val }
  | { op: "logMetric"; run: string; key: Val; value: Val; timestamp?: Val; step?: Val }
  | { op: "deleteTag"; run: string; key: Val }
  | { op: "logBatch"; run: string; metrics: BatchMetric[]; params: KeyValue[]; tags: KeyValue[] }
  | { op: "deleteRun" | "restoreRun" | "getRun"; run: string }
  | { op: "setTerminated"; run: string; status?: Val; endTime?: Val }
  | { op: "updateRun"; run: string; status?: Val; name?: Val }
  | { op: "searchRuns"; exps: string[]; filter: string; viewType: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL" }
  | { op: "logText"; run: string; text: Val; file: Val }
  | { op: "logDict"; run: string; dict: Val; file: Val };

export type Program = Call[];

/** pure-rand's xoroshiro128+, with the few draws the generator needs. */
export class Rng {
  private readonly gen;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }
  chance(p: number): boolean {
    return this.int(0, 9999) < p * 10000;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
}

const EMOJI = "😀";
const rep = (s: string, n: number) => s.repeat(n);

// Keys: plain, separators MLflow allows, another key's folder (x vs x/y), path tricks MLflow
// refuses, Unicode letters (incl. ones new in Unicode 15 that Python 3.11 does not know), limits.
const KEYS: readonly Val[] = [
  "a", "b", "m", "x", "x/y", "x/y/z", "a.b", "a b", "a-b", "_k", "k1", "日本", "é",
  "𱪩", "𞀰", "", " ", "/a", "a/", "a//b", "../x", "./x", ".", "..", `k${EMOJI}`, "a\u0000b",
  rep("k", 250), rep("k", 251), rep("é", 250),
];
const COMMON_KEYS: readonly Val[] = ["a", "b", "m", "x", "x/y", "a.b", "a b", "k1"];

// Values around MLflow's limits (param 6000, tag 5000, experiment tag 5000?) counted in code
// points, where a UTF-16 count differs (emoji), plus null and numbers MLflow stringifies.
const VALUES: readonly Val[] = [
  "v", "w", "", " ", "None", "0", "日本語", EMOJI, "a\nb", null, 1, 0, -1, 1.5,
  rep("v", 5000), rep("v", 5001), rep("v", 6000), rep("v", 6001), rep(EMOJI, 3001), rep(EMOJI, 4001),
  rep("v", 8000), rep(EMOJI, 2500),
];
const COMMON_VALUES: readonly Val[] = ["v", "w", "1", "0.5", "same"];

const METRIC_VALUES: readonly Val[] = [
  0, 1, -1, 1.5, 0.1, 1e308, 5e-324, -2.5e-10, 123456789.125,
  { f: "NaN" }, { f: "Infinity" }, { f: "-Infinity" }, { f: "-0" },
];

// Explicit times are far from "now" so a defaulted time is told apart from an explicit one.
const TIMES: readonly Val[] = [0, 1, -1, 1_000_000_000_000, 2 ** 31, 2 ** 53 - 1, { int: String(2n ** 62n) }, { int: "-1000" }];
const STEPS: readonly Val[] = [0, 1, 2, -1, 100, 2 ** 31, 2 ** 53 - 1, { int: String(2n ** 62n) }, { int: "1000000000000000000000" }];

const NAMES: readonly Val[] = [
  "exp", "exp 2", "Default", "e/1", "e.1", "日本", EMOJI, "", " ", rep("n", 500), rep("n", 501), rep(EMOJI, 300), rep(EMOJI, 500),
];
const RUN_NAMES: readonly Val[] = ["run", "r 2", "", "日本", rep("r", 250), rep("r", 251), rep(EMOJI, 250), null];
const STATUSES: readonly Val[] = ["FINISHED", "FAILED", "KILLED", "RUNNING", "SCHEDULED", "", "finished", "DONE", null];
const SYSTEM_TAGS: readonly string[] = ["mlflow.runName", "mlflow.user", "mlflow.note.content", "mlflow.parentRunId"];
const FILES: readonly Val[] = ["a.txt", "d/b.txt", "x.json", "y.yaml", "../up.txt", "d/../c.txt", "/abs.txt", "", "日本.txt", "a.txt/b"];

export interface GenOptions {
  /** Calls per program, both included. */
  minCalls: number;
  maxCalls: number;
}

/** The program for one seed: the same seed gives the same program on every machine. */
export function generateProgram(seed: number, opts: GenOptions = { minCalls: 5, maxCalls: 30 }): Program {
  const g = new Rng(seed);
  const exps = ["e0"];
  const runs: string[] = [];
  const calls: Call[] = [];
  let next = 1;
  const key = () => (g.chance(0.7) ? g.pick(COMMON_KEYS) : g.pick(KEYS));
  const value = () => (g.chance(0.6) ? g.pick(COMMON_VALUES) : g.pick(VALUES));
  // Batch entries are Param/RunTag entities: strings on both sides (MLflow's RunTag takes no float).
  const stringValue = () => (g.chance(0.6) ? g.pick(COMMON_VALUES) : g.pick(VALUES.filter((x) => typeof x === "string")));
  const time = () => g.pick(TIMES);
  const step = () => (g.chance(0.6) ? g.int(0, 5) : g.pick(STEPS));
  const metricValue = () => (g.chance(0.5) ? g.int(-3, 3) / 2 : g.pick(METRIC_VALUES));
  const exp = () => (g.chance(0.95) ? g.pick(exps) : "e-missing");
  const run = () => (g.chance(0.97) && runs.length > 0 ? g.pick(runs) : "r-missing");
  const tagPairs = (): [string, Val][] | undefined => {
    if (!g.chance(0.3)) return undefined;
    return Array.from({ length: g.int(0, 3) }, (): [string, Val] => [
      (g.chance(0.25) ? g.pick(SYSTEM_TAGS) : String(g.pick(COMMON_KEYS))),
      value(),
    ]);
  };
  const maybe = <T>(p: number, f: () => T): T | undefined => (g.chance(p) ? f() : undefined);
  const n = g.int(opts.minCalls, opts.maxCalls);

  while (calls.length < n) {
    const r = g.int(0, 99);
    if (r < 8 || (runs.length === 0 && r < 40)) {
      if (g.chance(0.4)) {
        const as = `e${next++}`;
        exps.push(as);
        // Experiment tags are strings: MLflow's create_experiment does not stringify them (TypeError).
        const tags = tagPairs()?.map(([k]): [string, Val] => [k, stringValue()]);
        calls.push({ op: "createExperiment", as, name: g.chance(0.5) ? `exp${g.int(0, 3)}` : g.pick(NAMES), tags });
      } else {
        const as = `r${next++}`;
        runs.push(as);
        calls.push({ op: "createRun", as, exp: exp(), startTime: maybe(0.3, time), tags: tagPairs(), runName: maybe(0.5, () => g.pick(RUN_NAMES)) });
      }
    } else if (r < 22) {
      calls.push({ op: "logMetric", run: run(), key: key(), value: metricValue(), timestamp: maybe(0.4, time), step: maybe(0.6, step) });
    } else if (r < 32) {
      calls.push({ op: "logParam", run: run(), key: key(), value: value() });
    } else if (r < 42) {
      if (g.chance(0.15)) calls.push({ op: "setTag", run: run(), key: g.pick(SYSTEM_TAGS), value: g.pick(["", "run", null, "日本", rep("n", 300)]) });
      else calls.push({ op: "setTag", run: run(), key: key(), value: value() });
    } else if (r < 52) {
      if (g.chance(0.08)) {
        // A big batch, valid but for its size: around MLflow's per-request limits (1,000 metrics, 100 params or tags).
        const metrics = g.chance(0.6) ? g.pick([1000, 1001, 2500]) : 1;
        const params = g.chance(0.5) ? g.pick([100, 101, 250]) : 0;
        const tags = g.chance(0.3) ? g.pick([100, 101]) : 0;
        calls.push({
          op: "logBatch",
          run: run(),
          metrics: Array.from({ length: metrics }, (_, i) => ({ key: `m${i % 7}`, value: i / 4, timestamp: 1_000_000_000_000 + i, step: i })),
          params: Array.from({ length: params }, (_, i) => ({ key: `p${i}`, value: "v" })),
          tags: Array.from({ length: tags }, (_, i) => ({ key: `t${i}`, value: "v" })),
        });
      } else {
        calls.push({
          op: "logBatch",
          run: run(),
          metrics: Array.from({ length: g.int(0, 3) }, () => ({ key: key(), value: metricValue(), timestamp: g.chance(0.5) ? 1_000_000_000_000 : time(), step: step() })),
          params: Array.from({ length: g.int(0, 2) }, () => ({ key: key(), value: stringValue() })),
          tags: Array.from({ length: g.int(0, 2) }, () => ({ key: key(), value: stringValue() })),
        });
      }
    } else if (r < 57) {
      calls.push({ op: g.pick(["deleteRun", "restoreRun", "getRun"] as const), run: run() });
    } else if (r < 62) {
      calls.push({ op: g.pick(["deleteExperiment", "restoreExperiment"] as const), exp: exp() });
    } else if (r < 66) {
      calls.push({ op: "renameExperiment", exp: exp(), name: g.chance(0.5) ? `exp${g.int(0, 3)}` : g.pick(NAMES) });
    } else if (r < 70) {
      calls.push({ op: "setExperimentTag", exp: exp(), key: key(), value: g.chance(0.2) ? g.pick([rep("v", 5001), rep(EMOJI, 10001), rep("v", 10001)]) : value() });
    } else if (r < 76) {
      calls.push({ op: "setTerminated", run: run(), status: maybe(0.7, () => g.pick(STATUSES)), endTime: maybe(0.4, time) });
    } else if (r < 81) {
      calls.push({ op: "updateRun", run: run(), status: maybe(0.5, () => g.pick(STATUSES)), name: maybe(0.5, () => g.pick(RUN_NAMES)) });
    } else if (r < 85) {
      calls.push({ op: "deleteTag", run: run(), key: g.chance(0.2) ? g.pick(SYSTEM_TAGS) : key() });
    } else if (r < 93) {
      const k = String(g.pick(COMMON_KEYS));
      // No filter may match the random names of unnamed runs ("victorious-steed-205"): they differ by side.
      const filter = g.pick([
        "", `params."${k}" = 'v'`, `metrics."${k}" > 0`, `tags."${k}" != 'w'`, "attributes.status = 'FINISHED'",
        "attributes.run_name = 'run'", `metrics."${k}" <= 0.5`, `params."${k}" LIKE '%v%'`, "attributes.run_name ILIKE 'R 2%'",
      ]);
      calls.push({ op: "searchRuns", exps: exps.filter(() => g.chance(0.7)), filter, viewType: g.pick(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const) });
    } else if (g.chance(0.5)) {
      calls.push({ op: "logText", run: run(), text: g.pick(["hello", "", "日本語\n", rep(EMOJI, 10)]), file: g.pick(FILES) });
    } else {
      calls.push({ op: "logDict", run: run(), dict: { dict: { a: 1, b: "x", c: 1.5 } }, file: g.pick(["d.json", "d.yaml", "d.yml", "sub/d.json"]) });
    }
  }
  return calls;
}
