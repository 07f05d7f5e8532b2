/** The target experiment of a source experiment: found by name, created with its tags when missing. */
import type { Experiment } from "../entities.js";
import { DRY_RUN_ID, type SyncContext } from "./context.js";

export interface TargetExperiment {
  id: string;
  /** The journal's runs of this experiment cannot be trusted: the target experiment is not the one they were sent to. */
  replaced: boolean;
}

/** Returns undefined (and records why) when the experiment cannot be synced. */
export async function ensureTargetExperiment(ctx: SyncContext, source: Experiment): Promise<TargetExperiment | undefined> {
  const known = ctx.ledger.state.experiments[source.experimentId];
  const existing = await ctx.to.getExperimentByName(source.name);
  if (existing?.lifecycleStage === "deleted") {
    ctx.summary.skipped.push({
      what: `experiment '${source.name}'`,
      reason: `it is deleted on the target (id ${existing.experimentId}); restore it there, or rename one of the two`,
    });
    return undefined;
  }
  if (!existing) {
    ctx.summary.experimentsCreated++;
    const tags = Object.entries(source.tags).map(([key, value]) => ({ key, value }));
    const id = ctx.dryRun ? DRY_RUN_ID : await ctx.to.createExperiment(source.name, undefined, tags);
    ctx.summary.tags += tags.length;
    ctx.ledger.record({ k: "exp", id: source.experimentId, target: id });
    ctx.tick();
    return { id, replaced: known !== undefined };
  }
  for (const [key, value] of Object.entries(source.tags)) {
    if (existing.tags[key] === value) continue;
    if (!ctx.dryRun) await ctx.to.setExperimentTag(existing.experimentId, { key, value });
    ctx.summary.tags++;
  }
  if (known !== existing.experimentId) ctx.ledger.record({ k: "exp", id: source.experimentId, target: existing.experimentId });
  return { id: existing.experimentId, replaced: known !== undefined && known !== existing.experimentId };
}
