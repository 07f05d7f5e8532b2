/**
 * The mlruns side of the fuzz test: runs a program with the built library's MlflowClient
 * (dist/, or the dist/index.js named by FUZZ_MLRUNS_DIST, to fuzz another build such as an
 * older commit's).
 */
import { pathToFileURL } from "node:url";
import type * as Mlruns from "../../../dist/index.js";
import { MISSING_EXPERIMENT_ID as MISSING_EXP, MISSING_RUN_ID as MISSING_RUN, type Call, type Program, type Val } from "./program.js";

/** What one call did: ok (with a search result), or an error as MLflow's error_code / "OTHER:<class>". */
export interface Outcome {
  ok?: true;
  result?: string[];
  error?: string;
  type?: string;
  message?: string;
}

export interface SideResult {
  outcomes: Outcome[];
  exps: Record<string, string>;
  runs: Record<string, string>;
  /** mlruns only: the final flush() of buffered metrics, when it failed. */
  flush?: Outcome;
}

const lib: typeof Mlruns = process.env.FUZZ_MLRUNS_DIST
  ? await import(pathToFileURL(process.env.FUZZ_MLRUNS_DIST).href)
  : await import("../../../dist/index.js");
const { MlflowClient, MlflowError } = lib;
type MlflowClient = Mlruns.MlflowClient;


/** A program value as a JavaScript caller passes it: NaN, -0, an integer beyond 2^53 as a bigint. */
export function jsValue(v: Val | undefined): any {
  if (v === null || v === undefined || typeof v !== "object") return v;
  if ("f" in v) return v.f === "-0" ? -0 : Number(v.f);
  // Past 2^53 a number is not exact: a caller passes a bigint, as mlruns asks (#15 item 4).
  if ("int" in v) return Number.isSafeInteger(Number(v.int)) ? Number(v.int) : BigInt(v.int);
  return Object.fromEntries(Object.entries(v.dict).map(([k, x]) => [k, jsValue(x)]));
}

export function outcomeOf(e: unknown): Outcome {
  const message = String((e as Error)?.message ?? e).slice(0, 300);
  if (e instanceof MlflowError) return { error: e.errorCode, message };
  return { error: "OTHER", type: (e as Error)?.name ?? typeof e, message };
}

const tagsOf = (pairs: [string, Val][] | undefined) => (pairs ? Object.fromEntries(pairs.map(([k, v]) => [k, jsValue(v)])) : undefined);

async function execute(client: MlflowClient, c: Call, exps: Record<string, string>, runs: Record<string, string>): Promise<string[] | void> {
  const exp = (label: string) => exps[label] ?? MISSING_EXP;
  const run = (label: string) => runs[label] ?? MISSING_RUN;
  const v = jsValue;
  switch (c.op) {
    case "createExperiment":
      exps[c.as] = await client.createExperiment(v(c.name), undefined, tagsOf(c.tags));
      return;
    case "createRun":
      runs[c.as] = (await client.createRun(exp(c.exp), v(c.startTime), tagsOf(c.tags), v(c.runName))).info.runId;
      return;
    case "deleteExperiment":
      return client.deleteExperiment(exp(c.exp));
    case "restoreExperiment":
      return client.restoreExperiment(exp(c.exp));
    case "renameExperiment":
      return client.renameExperiment(exp(c.exp), v(c.name));
    case "setExperimentTag":
      return client.setExperimentTag(exp(c.exp), v(c.key), v(c.value));
    case "logParam":
      await client.logParam(run(c.run), v(c.key), v(c.value));
      return;
    case "setTag":
      return client.setTag(run(c.run), v(c.key), v(c.value));
    case "deleteTag":
      return client.deleteTag(run(c.run), v(c.key));
    case "logMetric":
      return client.logMetric(run(c.run), v(c.key), v(c.value), v(c.timestamp), v(c.step));
    case "logBatch":
      return client.logBatch(
        run(c.run),
        c.metrics.map((m) => ({ key: v(m.key), value: v(m.value), timestamp: v(m.timestamp), step: v(m.step) })),
        c.params.map((p) => ({ key: v(p.key), value: v(p.value) })),
        c.tags.map((t) => ({ key: v(t.key), value: v(t.value) })),
      );
    case "deleteRun":
      return client.deleteRun(run(c.run));
    case "restoreRun":
      return client.restoreRun(run(c.run));
    case "getRun":
      await client.getRun(run(c.run));
      return;
    case "setTerminated":
      return client.setTerminated(run(c.run), v(c.status), v(c.endTime));
    case "updateRun":
      await client.updateRun(run(c.run), v(c.status), v(c.name));
      return;
    case "searchRuns": {
      const found = await client.searchRuns(c.exps.map(exp), c.filter, c.viewType, 1000);
      const label = new Map(Object.entries(runs).map(([k, id]) => [id, k]));
      return found.items.map((r) => label.get(r.info.runId) ?? "?").sort();
    }
    case "logText":
      return client.logText(run(c.run), v(c.text), v(c.file));
    case "logDict":
      return client.logDict(run(c.run), v(c.dict), v(c.file));
  }
}

/** Runs the program against a fresh store at `root`, one outcome per call, then flushes. */
export async function runWithMlruns(root: string, program: Program): Promise<SideResult> {
  const client = new MlflowClient(root);
  const exps: Record<string, string> = { e0: "0" };
  const runs: Record<string, string> = {};
  const outcomes: Outcome[] = [];
  await client.searchExperiments();
  for (const call of program) {
    try {
      const result = await execute(client, call, exps, runs);
      outcomes.push(result ? { ok: true, result } : { ok: true });
    } catch (e) {
      outcomes.push(outcomeOf(e));
    }
  }
  const side: SideResult = { outcomes, exps, runs };
  try {
    await client.flush();
  } catch (e) {
    side.flush = outcomeOf(e);
  }
  return side;
}
