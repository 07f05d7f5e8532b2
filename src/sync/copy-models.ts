/**
 * MLflow 3 logged models: created once on the target (name, type, params, tags, the source run
 * rewritten, the source-id tag), their files copied, then finalized with the source's status,
 * so a model shows READY on the target only once its files are there.
 */
import type { LoggedModel } from "../entities.js";
import { collectPages } from "../store/paged-list.js";
import { DRY_RUN_ID, SOURCE_MODEL_TAG, type SyncContext } from "./context.js";
import { copyArtifacts } from "./copy-artifacts.js";
import type { TargetExperiment } from "./copy-experiment.js";
import { emptyModel, type ModelLedger } from "./ledger.js";

const PAGE = 100;

function allModels(store: SyncContext["from"], experimentId: string): Promise<LoggedModel[]> {
  return collectPages((pageToken) => store.searchLoggedModels({ experimentIds: [experimentId], maxResults: PAGE, pageToken }));
}

function wantedTags(model: LoggedModel): Record<string, string> {
  return { ...model.tags, [SOURCE_MODEL_TAG]: model.modelId };
}

async function findOrCreate(ctx: SyncContext, model: LoggedModel, target: TargetExperiment, found: Map<string, LoggedModel>): Promise<{ entry: ModelLedger; reconcile: boolean }> {
  const onTarget = found.get(model.modelId);
  if (onTarget) {
    const entry = emptyModel(onTarget.modelId);
    entry.params = Object.keys(onTarget.params);
    entry.tags = { ...onTarget.tags };
    entry.status = onTarget.status;
    ctx.ledger.record({ k: "model-state", id: model.modelId, model: entry });
    ctx.summary.reconciled++;
    return { entry: ctx.ledger.state.models[model.modelId]!, reconcile: true };
  }
  const tags = wantedTags(model);
  const sourceRunId = model.sourceRunId ? (ctx.ledger.state.runs[model.sourceRunId]?.target ?? null) : null;
  let id = DRY_RUN_ID;
  let status = "PENDING";
  ctx.beforeSend(model.modelId, true);
  if (!ctx.dryRun) {
    const created = await ctx.to.createLoggedModel({
      experimentId: target.id,
      name: model.name,
      sourceRunId: sourceRunId === DRY_RUN_ID ? null : sourceRunId,
      modelType: model.modelType,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      params: Object.entries(model.params).map(([key, value]) => ({ key, value })),
    });
    id = created.modelId;
    status = created.status;
  }
  const entry = emptyModel(id);
  entry.params = Object.keys(model.params);
  entry.tags = tags;
  entry.status = status;
  ctx.ledger.record({ k: "model-state", id: model.modelId, model: entry });
  ctx.summary.modelsCreated++;
  ctx.summary.params += entry.params.length;
  ctx.summary.tags += Object.keys(tags).length;
  return { entry: ctx.ledger.state.models[model.modelId]!, reconcile: false };
}

/** Syncs every logged model of one experiment. Runs must be prepared first (a model names its source run). */
export async function copyModels(ctx: SyncContext, sourceExperimentId: string, target: TargetExperiment): Promise<void> {
  const models = await allModels(ctx.from, sourceExperimentId);
  if (models.length === 0) return;
  const { ledger } = ctx;
  const trusted = (id: string) => ledger.state.models[id] !== undefined && !ledger.unsure.has(id) && !target.replaced;
  const found = new Map<string, LoggedModel>();
  if (target.id !== DRY_RUN_ID && models.some((m) => !trusted(m.modelId))) {
    for (const m of await allModels(ctx.to, target.id)) {
      const source = m.tags[SOURCE_MODEL_TAG];
      if (source && !found.has(source)) found.set(source, m);
    }
  }
  for (const model of models) {
    const id = model.modelId;
    let entry = ledger.state.models[id]!;
    let reconcile = false;
    const created = !trusted(id) && !found.has(id);
    if (!trusted(id)) ({ entry, reconcile } = await findOrCreate(ctx, model, target, found));
    let changed = false;

    const params = Object.entries(model.params).filter(([key]) => !entry.params.includes(key)).map(([key, value]) => ({ key, value }));
    if (params.length) {
      ctx.beforeSend(id, true);
      if (!ctx.dryRun) await ctx.to.logLoggedModelParams(entry.target, params);
      ledger.record({ k: "model-set", id, params: params.map((p) => p.key) });
      ctx.summary.params += params.length;
      changed = true;
    }
    const tags = Object.entries(wantedTags(model)).filter(([key, value]) => entry.tags[key] !== value).map(([key, value]) => ({ key, value }));
    if (tags.length) {
      ctx.beforeSend(id, true);
      if (!ctx.dryRun) await ctx.to.setLoggedModelTags(entry.target, tags);
      ledger.record({ k: "model-set", id, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) });
      ctx.summary.tags += tags.length;
      changed = true;
    }
    const sent = await copyArtifacts(ctx, {
      source: ctx.from.loggedModelArtifactRepository(model),
      target: async () => ctx.to.loggedModelArtifactRepository(await ctx.to.getLoggedModel(entry.target)),
      marks: entry.artifacts,
      reconcile,
      beforeSend: () => ctx.beforeSend(id, true),
      record: (path, mark) => ledger.record({ k: "artifact", id, model: true, path, mark }),
    });
    changed ||= sent;
    // MLflow finalizes only to READY or FAILED; PENDING and UNSPECIFIED are where a model starts.
    if (model.status !== entry.status && (model.status === "READY" || model.status === "FAILED")) {
      ctx.beforeSend(id, true);
      if (!ctx.dryRun) await ctx.to.finalizeLoggedModel(entry.target, model.status);
      ledger.record({ k: "model-set", id, status: model.status });
      changed = true;
    }
    if (changed && !created) ctx.summary.modelsUpdated++;
    ledger.settle(id);
    ctx.tick();
  }
}
