/**
 * Minimal programs the fuzzer found (shrunk from seeded runs), replayed on every run whatever
 * the generator becomes. While an item is open, its program must show the KNOWN_OPEN
 * difference named in `shows`; once fixed and the entry deleted, the program must show no
 * unexplained difference, so it stays as that fix's regression test (as the `fixed` ones are:
 * each fails on 89958eb, before #15 items 1-3).
 */
import type { Program } from "./program.js";

const EMOJI = "😀";

export interface CorpusEntry {
  /** The DELIBERATE or KNOWN_OPEN entry the program shows today, or the fixed item it proves. */
  shows: string;
  program: Program;
}

const run1: Program = [{ op: "createRun", as: "r1", exp: "e0" }];

export const CORPUS: CorpusEntry[] = [
  {
    shows: "fixed: #15 item 1 (a buffered point and a deleted experiment)",
    program: [
      { op: "createExperiment", as: "e1", name: "exp1" },
      { op: "createRun", as: "r1", exp: "e1" },
      { op: "logMetric", run: "r1", key: "m", value: 1, timestamp: 1_000_000_000_000, step: 0 },
      { op: "deleteExperiment", exp: "e1" },
      { op: "searchRuns", exps: ["e0"], filter: "", viewType: "ALL" },
      { op: "restoreExperiment", exp: "e1" },
      { op: "getRun", run: "r1" },
    ],
  },
  {
    shows: "fixed: #15 item 2 (a metric key that is another key's folder)",
    program: [
      ...run1,
      { op: "createRun", as: "r2", exp: "e0" },
      { op: "logBatch", run: "r1", metrics: [{ key: "x/y", value: 1, timestamp: 1_000_000_000_000, step: 1 }], params: [], tags: [] },
      { op: "logMetric", run: "r1", key: "x", value: 0 },
      { op: "setTerminated", run: "r1", status: "FAILED" },
      { op: "setTerminated", run: "r2" },
      { op: "searchRuns", exps: ["e0"], filter: "", viewType: "ALL" },
    ],
  },
  {
    shows: "fixed: #15 item 3 (points on a deleted run)",
    program: [...run1, { op: "deleteRun", run: "r1" }, { op: "logMetric", run: "r1", key: "a", value: 1 }],
  },
  {
    shows: "folder-clash-in-one-batch",
    program: [...run1, { op: "logBatch", run: "r1", metrics: [], params: [{ key: "x", value: "w" }, { key: "x/y", value: "v" }], tags: [] }],
  },
  {
    shows: "int64",
    program: [...run1, { op: "logBatch", run: "r1", metrics: [{ key: "b", value: 1, timestamp: 1_000_000_000_000, step: { int: String(2n ** 62n) } }], params: [], tags: [] }],
  },
  { shows: "int64", program: [...run1, { op: "logMetric", run: "r1", key: "m", value: 1, timestamp: 1_000_000_000_000, step: { int: "1000000000000000000000" } }] },
  { shows: "unicode-15-keys", program: [...run1, { op: "setTag", run: "r1", key: "𱪩", value: "v" }] },
  { shows: "unicode-15-keys", program: [{ op: "setExperimentTag", exp: "e0", key: "𞀰", value: "v" }] },
  { shows: "empty-status", program: [...run1, { op: "setTerminated", run: "r1", status: "" }] },
  { shows: "zero-time", program: [{ op: "createRun", as: "r1", exp: "e0", startTime: 0 }] },
  { shows: "empty-run-name", program: [...run1, { op: "setTag", run: "r1", key: "mlflow.runName", value: "" }] },
  { shows: "null-as-empty", program: [...run1, { op: "logParam", run: "r1", key: "k", value: null }] },
  { shows: "code-point-limits", program: [...run1, { op: "logParam", run: "r1", key: "a", value: EMOJI.repeat(3001) }] },
  { shows: "code-point-limits", program: [{ op: "createExperiment", as: "e1", name: EMOJI.repeat(300) }] },
  {
    shows: "batch-chunks",
    program: [
      ...run1,
      {
        op: "logBatch",
        run: "r1",
        metrics: Array.from({ length: 1001 }, (_, i) => ({ key: `m${i % 7}`, value: i, timestamp: 1_000_000_000_000 + i, step: i })),
        params: [],
        tags: [],
      },
    ],
  },
  { shows: "no-op-update-run", program: [{ op: "updateRun", run: "r1" }] },
  { shows: "empty-batch", program: [{ op: "logBatch", run: "r1", metrics: [], params: [], tags: [] }] },
  { shows: "check-order", program: [{ op: "logBatch", run: "r1", metrics: [], params: [{ key: "𱪩", value: "v" }], tags: [] }] },
  {
    shows: "artifact-in-deleted-experiment",
    program: [
      { op: "createExperiment", as: "e1", name: "exp2" },
      { op: "createRun", as: "r2", exp: "e1" },
      { op: "deleteExperiment", exp: "e1" },
      { op: "logDict", run: "r2", dict: { dict: { a: 1 } }, file: "d.json" },
      { op: "createRun", as: "r4", exp: "e1" },
    ],
  },
  {
    shows: "check-order-rename",
    program: [
      { op: "createExperiment", as: "e1", name: "exp1" },
      { op: "createExperiment", as: "e2", name: "exp2" },
      { op: "deleteExperiment", exp: "e2" },
      { op: "renameExperiment", exp: "e2", name: "exp1" },
    ],
  },
  {
    shows: "half-created-run",
    program: [
      { op: "createRun", as: "r1", exp: "e0", tags: [["x/y", "v"], ["x", "v"]], runName: "r".repeat(251) },
      { op: "searchRuns", exps: ["e0"], filter: "", viewType: "ALL" },
    ],
  },
  {
    shows: "temp-file-left",
    program: [...run1, { op: "logText", run: "r1", text: "hello", file: "a.txt/b" }, { op: "logText", run: "r1", text: "hi", file: "a.txt" }],
  },
  { shows: "file-name-too-long", program: [...run1, { op: "logBatch", run: "r1", metrics: [], params: [{ key: "é".repeat(250), value: "v" }], tags: [] }] },
  { shows: "set-tag-key-length", program: [...run1, { op: "setTag", run: "r1", key: "k".repeat(251), value: "v" }] },
];
