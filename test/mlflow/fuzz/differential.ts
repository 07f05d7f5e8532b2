/** One program through both clients, compared; and a shrinker that keeps a difference while cutting the program. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare, type Difference } from "./compare.js";
import type { MlflowWorker } from "./mlflow-worker.js";
import type { Call, Program } from "./program.js";
import { runWithMlruns } from "./run-mlruns.js";

/** Runs `program` through MLflow and through mlruns on two fresh stores and returns every difference. */
export async function differences(worker: MlflowWorker, program: Program): Promise<Difference[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-fuzz-"));
  try {
    const [byMlflow, byMlruns] = await Promise.all([worker.run(path.join(dir, "mlflow"), program), runWithMlruns(path.join(dir, "mlruns"), program)]);
    const mlrunsDump = await worker.dump(path.join(dir, "mlruns"), byMlruns.exps, byMlruns.runs);
    return compare(program, byMlflow, { ...byMlruns, dump: mlrunsDump });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Ways to make one call simpler: drop an optional argument, or entries of a batch. */
function simplerCalls(c: Call): Call[] {
  const out: Call[] = [];
  for (const k of ["tags", "startTime", "runName", "timestamp", "step", "status", "endTime", "name"] as const) {
    if (k === "name" && c.op !== "updateRun") continue; // an experiment's name is not optional
    if (k === "tags" && c.op === "logBatch") continue; // a batch's lists are simplified below
    if ((c as any)[k] !== undefined) {
      const { [k]: _dropped, ...rest } = c as any;
      out.push(rest);
    }
  }
  // A plain value, when the difference does not hang on the value.
  if ((c.op === "logParam" || c.op === "setTag" || c.op === "setExperimentTag") && c.value !== "v") out.push({ ...c, value: "v" });
  if (c.op === "logBatch" && [...c.params, ...c.tags].some((e) => e.value !== "v")) {
    out.push({ ...c, params: c.params.map((p) => ({ ...p, value: "v" })), tags: c.tags.map((t) => ({ ...t, value: "v" })) });
  }
  if (c.op === "logBatch") {
    for (const k of ["metrics", "params", "tags"] as const) {
      const xs = c[k] as unknown[];
      if (xs.length > 1) {
        out.push({ ...c, [k]: xs.slice(0, Math.ceil(xs.length / 2)) });
        out.push({ ...c, [k]: xs.slice(Math.ceil(xs.length / 2)) });
      }
      if (xs.length > 0) out.push({ ...c, [k]: [] });
    }
  }
  return out;
}

/**
 * Delta debugging, simply: drop chunks of calls (halves down to single calls) while the
 * `keep` holds (the difference persists), then simplify the remaining calls one by one.
 * `budget` bounds the number of programs tried (each costs one run on both sides).
 */
export async function shrink(
  worker: MlflowWorker,
  program: Program,
  keep: (diffs: Difference[], program: Program) => boolean,
  budget = 200,
): Promise<Program> {
  let tries = 0;
  const stillDiffers = async (p: Program) => {
    tries++;
    return keep(await differences(worker, p), p);
  };
  let best = program;
  for (let chunk = Math.ceil(best.length / 2); chunk >= 1 && tries < budget; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    for (let i = 0; i < best.length && tries < budget; ) {
      const candidate = [...best.slice(0, i), ...best.slice(i + chunk)];
      if (candidate.length > 0 && (await stillDiffers(candidate))) best = candidate;
      else i += chunk;
    }
  }
  for (let i = 0; i < best.length && tries < budget; i++) {
    let changed = true;
    while (changed && tries < budget) {
      changed = false;
      for (const simpler of simplerCalls(best[i]!)) {
        const candidate = best.map((c, j) => (j === i ? simpler : c));
        if (await stillDiffers(candidate)) {
          best = candidate;
          changed = true;
          break;
        }
      }
    }
  }
  return best;
}
