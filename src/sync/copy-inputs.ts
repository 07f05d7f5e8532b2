/** Run inputs (datasets, logged models) and outputs (logged models), linked once each on the target. */
import type { DatasetInput, Run } from "../entities.js";
import type { SyncContext } from "./context.js";
import type { RunJob } from "./copy-runs.js";

function datasetKey(d: DatasetInput): string {
  const tags = [...d.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `dataset:${d.dataset.name}|${d.dataset.digest}|${JSON.stringify(tags)}`;
}

/** The keys of what a run (as read from the target) already links: its model ids are the target's. */
export function inputKeysOf(run: Run): { inputs: string[]; outputs: string[] } {
  return {
    inputs: [
      ...(run.inputs?.datasetInputs ?? []).map(datasetKey),
      ...(run.inputs?.modelInputs ?? []).map((m) => `model:${m.modelId}`),
    ],
    outputs: (run.outputs?.modelOutputs ?? []).map((m) => `output:${m.modelId}@${m.step}`),
  };
}

export async function copyInputs(ctx: SyncContext, job: RunJob): Promise<void> {
  const id = job.source.info.runId;
  const models = ctx.ledger.state.models;
  const have = new Set(job.entry.inputs);
  const datasets = (job.source.inputs?.datasetInputs ?? []).filter((d) => !have.has(datasetKey(d)));
  const modelInputs = [];
  for (const m of job.source.inputs?.modelInputs ?? []) {
    const target = models[m.modelId]?.target;
    if (target === undefined) ctx.summary.skipped.push({ what: `input model ${m.modelId} of run ${id}`, reason: "the model is not in a synced experiment" });
    else if (!have.has(`model:${target}`)) modelInputs.push({ modelId: target });
  }
  if (datasets.length || modelInputs.length) {
    ctx.beforeSend(id);
    if (!ctx.dryRun) await ctx.to.logInputs(job.entry.target, datasets, modelInputs);
    ctx.ledger.record({ k: "run-set", id, field: "inputs", values: [...datasets.map(datasetKey), ...modelInputs.map((m) => `model:${m.modelId}`)] });
    ctx.summary.inputs += datasets.length + modelInputs.length;
    job.changed = true;
  }

  const haveOut = new Set(job.entry.outputs);
  const outputs = [];
  for (const m of job.source.outputs?.modelOutputs ?? []) {
    const target = models[m.modelId]?.target;
    if (target === undefined) ctx.summary.skipped.push({ what: `output model ${m.modelId} of run ${id}`, reason: "the model is not in a synced experiment" });
    else if (!haveOut.has(`output:${target}@${m.step}`)) outputs.push({ modelId: target, step: m.step });
  }
  if (outputs.length) {
    ctx.beforeSend(id);
    if (!ctx.dryRun) await ctx.to.logOutputs(job.entry.target, outputs);
    ctx.ledger.record({ k: "run-set", id, field: "outputs", values: outputs.map((m) => `output:${m.modelId}@${m.step}`) });
    ctx.summary.inputs += outputs.length;
    job.changed = true;
  }
}
