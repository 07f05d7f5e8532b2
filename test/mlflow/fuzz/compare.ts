/**
 * Compares what MLflow and mlruns did with one program: each call's outcome, and the two
 * stores as MLflow reads them. Ids never meet: experiments and runs are matched by label.
 */
import type { Dump } from "./mlflow-worker.js";
import type { Call, Program } from "./program.js";
import type { Outcome, SideResult } from "./run-mlruns.js";

export type DiffClass =
  /** One side accepted the call, the other refused it. */
  | "outcome"
  /** Both refused, with different error codes. */
  | "errorCode"
  /** Both accepted a search, with different runs found. */
  | "result"
  /** The stores differ as MLflow reads them (field says where). */
  | "data"
  /** mlruns' final flush() of buffered metrics failed. */
  | "flush";

export interface Difference {
  class: DiffClass;
  /** "createRun", … for call differences; "run.params", "experiment.name", "search.runs", … for data. */
  field: string;
  /** Where exactly: "call 3", "runs.r2.params.x", … */
  where: string;
  call?: Call;
  mlflow: unknown;
  mlruns: unknown;
}

/** A stable name for a kind of difference: the shrinker keeps a program while its kind persists. */
export const kindOf = (d: Difference): string =>
  d.class === "data" || d.class === "flush" ? `${d.class}:${d.field}` : `${d.class}:${d.field}:${codeOf(d.mlflow)}/${codeOf(d.mlruns)}`;

const codeOf = (o: unknown): string => ((o as Outcome)?.ok ? "ok" : ((o as Outcome)?.error ?? "?"));

// MLflow and mlruns both put "now" where a time is not given; those are compared as "now".
const NOW_FROM = Date.UTC(2020, 0, 1);
const NOW_TO = Date.UTC(2100, 0, 1);
const time = (t: unknown) => (typeof t === "number" && t >= NOW_FROM && t < NOW_TO ? "now" : t);

// A run created without a name gets a random one ("victorious-steed-205") on each side.
const RANDOM_NAME = /^[a-z]+-[a-z]+-\d+$/;
const runName = (n: unknown) => (typeof n === "string" && RANDOM_NAME.test(n) ? "<random>" : n);

function normalizeRun(r: any): any {
  if (r.readError) return r;
  const tags = "mlflow.runName" in r.tags ? { ...r.tags, "mlflow.runName": runName(r.tags["mlflow.runName"]) } : r.tags;
  return {
    ...r,
    runName: runName(r.runName),
    tags,
    startTime: time(r.startTime),
    endTime: time(r.endTime),
    histories: Object.fromEntries(Object.entries(r.histories as Record<string, any[]>).map(([k, h]) => [k, h.map(([ts, v, s]) => [time(ts), v, s])])),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const MAPS = new Set(["params", "tags", "metrics", "histories", "artifacts"]);

function compareRecords(kind: "experiment" | "run", label: string, a: any, b: any, out: Difference[]) {
  const where = `${kind === "run" ? "runs" : "experiments"}.${label}`;
  if (a === undefined || b === undefined || a.readError || b.readError) {
    if (!same(a, b)) out.push({ class: "data", field: `${kind}.readError`, where, mlflow: a?.readError ?? a ?? "absent", mlruns: b?.readError ?? b ?? "absent" });
    return;
  }
  for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (MAPS.has(f) && a[f] && b[f]) {
      for (const k of new Set([...Object.keys(a[f]), ...Object.keys(b[f])])) {
        // Points logged at "now" on the same step: the clock, not the store, picks the latest value.
        if (f === "metrics" && same(a.histories?.[k], b.histories?.[k]) && JSON.stringify(a.histories?.[k]).includes('"now"')) continue;
        if (!same(a[f][k], b[f][k])) out.push({ class: "data", field: `${kind}.${f}`, where: `${where}.${f}.${k}`, mlflow: a[f][k], mlruns: b[f][k] });
      }
    } else if (!same(a[f], b[f])) {
      out.push({ class: "data", field: `${kind}.${f}`, where: `${where}.${f}`, mlflow: a[f], mlruns: b[f] });
    }
  }
}

function compareOutcomes(program: Program, a: Outcome[], b: Outcome[], out: Difference[]) {
  program.forEach((call, i) => {
    const [x, y] = [a[i]!, b[i]!];
    const base = { field: call.op, where: `call ${i}`, call, mlflow: x, mlruns: y };
    if (!!x.ok !== !!y.ok) out.push({ class: "outcome", ...base });
    else if (!x.ok && x.error !== y.error) out.push({ class: "errorCode", ...base });
    else if (x.ok && !same(x.result, y.result)) out.push({ class: "result", ...base });
  });
}

export function compare(program: Program, mlflow: SideResult & { dump: Dump }, mlruns: SideResult & { dump: Dump }): Difference[] {
  const out: Difference[] = [];
  compareOutcomes(program, mlflow.outcomes, mlruns.outcomes, out);
  if (mlruns.flush) out.push({ class: "flush", field: "flush", where: "flush()", mlflow: { ok: true }, mlruns: mlruns.flush });
  const [da, db] = [mlflow.dump, mlruns.dump];
  for (const label of new Set([...Object.keys(da.experiments), ...Object.keys(db.experiments)])) {
    compareRecords("experiment", label, da.experiments[label], db.experiments[label], out);
  }
  for (const label of new Set([...Object.keys(da.runs), ...Object.keys(db.runs)])) {
    const [ra, rb] = [da.runs[label], db.runs[label]];
    compareRecords("run", label, ra && normalizeRun(ra), rb && normalizeRun(rb), out);
  }
  for (const f of ["experiments", "runs"]) {
    if (!same(da.search[f], db.search[f])) out.push({ class: "data", field: `search.${f}`, where: `search.${f}`, mlflow: da.search[f], mlruns: db.search[f] });
  }
  return out;
}

/** Long repeated strings print as "v"×6001, long arrays by their first entries, so a report stays readable. */
export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (Array.isArray(x) && x.length > 6) return [...x.slice(0, 3), `…(${x.length} entries in all)`];
    if (typeof x !== "string" || x.length <= 40) return x;
    const chars = [...x];
    if (chars.every((c) => c === chars[0])) return `${chars[0]}×${chars.length}`;
    return `${x.slice(0, 40)}…(${x.length} chars)`;
  });
}
