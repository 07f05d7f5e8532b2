/**
 * Runs on the target: each source run is created once (with its times, user, name and tags,
 * mlflow.parentRunId rewritten, and the source-id tag), or found again; then its params, new
 * tags and final status are sent as they change.
 */
import type { Run, RunTag } from "../entities.js";
import { collectPages } from "../store/paged-list.js";
import { DRY_RUN_ID, SOURCE_RUN_TAG, type SyncContext } from "./context.js";
import type { TargetExperiment } from "./copy-experiment.js";
import { inputKeysOf } from "./copy-inputs.js";
import { emptyRun, type RunInfoMark, type RunLedger } from "./ledger.js";

const PAGE = 1000;
/** MLflow's MAX_PARAMS_TAGS_PER_BATCH. */
const PARAMS_TAGS_PER_BATCH = 100;

export interface RunJob {
  source: Run;
  entry: RunLedger;
  /** The journal may lag behind the target for this run: compare with what the target holds. */
  reconcile: boolean;
  /** Anything was sent for this run. */
  changed: boolean;
}

/** Target runs of an experiment that carry the source-id tag, by source run id. */
async function targetRunsBySource(ctx: SyncContext, experimentId: string): Promise<Map<string, Run>> {
  const found = new Map<string, Run>();
  // Only the source-id tag is needed: a file store then reads one tag file per run, not the run whole.
  const select = { metrics: [], params: [], tags: [SOURCE_RUN_TAG], inputs: false };
  for (const run of await collectPages((pageToken) => ctx.to.searchRuns({ experimentIds: [experimentId], runViewType: "ALL", maxResults: PAGE, pageToken, select }))) {
    const source = run.data.tags[SOURCE_RUN_TAG];
    if (source && !found.has(source)) found.set(source, run);
  }
  return found;
}

/** The source's tags as the target gets them: parent id rewritten, and the source-id tag. */
export function targetTags(ctx: SyncContext, run: Run): Record<string, string> {
  const tags = { ...run.data.tags };
  const parent = tags["mlflow.parentRunId"];
  if (parent !== undefined) {
    const mapped = ctx.ledger.state.runs[parent]?.target;
    if (mapped !== undefined) tags["mlflow.parentRunId"] = mapped;
    else delete tags["mlflow.parentRunId"]; // a parent not synced (deleted, or in another store): no dangling id
  }
  tags[SOURCE_RUN_TAG] = run.info.runId;
  return tags;
}

function infoMark(run: Run): RunInfoMark {
  return { status: run.info.status, endTime: run.info.endTime, runName: run.info.runName };
}

function fromTarget(run: Run): RunLedger {
  const entry = emptyRun(run.info.runId);
  entry.params = Object.keys(run.data.params);
  entry.tags = { ...run.data.tags };
  const keys = inputKeysOf(run);
  entry.inputs = keys.inputs;
  entry.outputs = keys.outputs;
  entry.info = infoMark(run);
  return entry;
}

/** Creates or finds the target run of each source run, parents first. */
export async function prepareRuns(ctx: SyncContext, runs: Run[], target: TargetExperiment): Promise<RunJob[]> {
  const { ledger } = ctx;
  const trusted = (id: string) => ledger.state.runs[id] !== undefined && !ledger.unsure.has(id) && !target.replaced;
  // A run the journal does not name may still be on the target (a journal restored from a backup
  // or an older version lags behind it): any such run, like an unsure one, needs the search.
  const lookup = target.id !== DRY_RUN_ID && runs.some((r) => !trusted(r.info.runId));
  const found = lookup ? await targetRunsBySource(ctx, target.id) : new Map<string, Run>();
  const jobs: RunJob[] = [];
  for (const source of runs) {
    const id = source.info.runId;
    if (trusted(id)) {
      jobs.push({ source, entry: ledger.state.runs[id]!, reconcile: false, changed: false });
      continue;
    }
    const onTarget = found.get(id);
    if (onTarget) {
      // getRun: a SQL server's search leaves out model inputs
      ledger.record({ k: "run-state", id, run: fromTarget(await ctx.to.getRun(onTarget.info.runId)) });
      ctx.summary.reconciled++;
      jobs.push({ source, entry: ledger.state.runs[id]!, reconcile: true, changed: false });
      continue;
    }
    const tags = targetTags(ctx, source);
    const tagList: RunTag[] = Object.entries(tags).map(([key, value]) => ({ key, value }));
    const runName = source.info.runName ?? undefined;
    let targetId = DRY_RUN_ID;
    ctx.beforeSend(id);
    if (!ctx.dryRun) {
      const created = await ctx.to.createRun({ experimentId: target.id, userId: source.info.userId, startTime: source.info.startTime ?? 0, tags: tagList, runName });
      targetId = created.info.runId;
    }
    const entry = emptyRun(targetId);
    entry.tags = tags;
    entry.info = { status: "RUNNING", endTime: null, runName: source.info.runName };
    ledger.record({ k: "run-state", id, run: entry });
    ctx.summary.runsCreated++;
    ctx.summary.tags += tagList.length;
    ctx.tick();
    jobs.push({ source, entry: ledger.state.runs[id]!, reconcile: false, changed: true });
  }
  return jobs;
}

/** Params never sent, and tags whose value changed. */
export async function copyParamsAndTags(ctx: SyncContext, job: RunJob): Promise<void> {
  const id = job.source.info.runId;
  const sent = new Set(job.entry.params);
  const params = Object.entries(job.source.data.params)
    .filter(([key]) => !sent.has(key))
    .map(([key, value]) => ({ key, value }));
  const wanted = targetTags(ctx, job.source);
  const tags = Object.entries(wanted)
    .filter(([key, value]) => job.entry.tags[key] !== value)
    .map(([key, value]) => ({ key, value }));
  for (let i = 0; i < Math.max(params.length, tags.length); i += PARAMS_TAGS_PER_BATCH) {
    const p = params.slice(i, i + PARAMS_TAGS_PER_BATCH);
    const t = tags.slice(i, i + PARAMS_TAGS_PER_BATCH);
    ctx.beforeSend(id);
    if (!ctx.dryRun) await ctx.to.logBatch(job.entry.target, { params: p, tags: t });
    if (p.length) ctx.ledger.record({ k: "run-set", id, field: "params", values: p.map((x) => x.key) });
    if (t.length) ctx.ledger.record({ k: "run-tags", id, tags: Object.fromEntries(t.map((x) => [x.key, x.value])) });
    ctx.summary.params += p.length;
    ctx.summary.tags += t.length;
    job.changed = true;
    ctx.tick();
  }
}

/** Status, end time and name, sent last so that a target run shows FINISHED only once all its data is there. */
export async function copyRunInfo(ctx: SyncContext, job: RunJob): Promise<void> {
  const want = infoMark(job.source);
  const have = job.entry.info;
  const nameChanged = want.runName !== null && want.runName !== have?.runName;
  if (have && have.status === want.status && have.endTime === want.endTime && !nameChanged) return;
  ctx.beforeSend(job.source.info.runId);
  if (!ctx.dryRun) await ctx.to.updateRunInfo(job.entry.target, job.source.info.status, want.endTime, want.runName ?? undefined);
  ctx.ledger.record({ k: "run-info", id: job.source.info.runId, info: want });
  job.changed = true;
}
