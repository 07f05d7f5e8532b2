/**
 * Every metric point, in each history's order, timestamps and steps kept. The journal keeps,
 * per key, how many of the source's points the target has; a file-store history only grows at
 * its end, so the next sync sends the rest. After an interruption, or when a source not read in
 * logged order grew, the target's own history is the truth: each source point it already holds
 * is matched once (as a multiset: a history may repeat a point) and only the others are sent.
 */
import type { Metric } from "../entities.js";
import { historyColumns, type MetricColumns } from "../store/metric-columns.js";
import { DRY_RUN_ID, type SyncContext } from "./context.js";
import type { RunJob } from "./copy-runs.js";

const pointKey = (m: Metric) => `${m.timestamp} ${m.step} ${m.value}`;

/** The source points the target does not hold. */
export function missingPoints(source: readonly Metric[], target: readonly Metric[]): Metric[] {
  const held = new Map<string, number>();
  for (const m of target) held.set(pointKey(m), (held.get(pointKey(m)) ?? 0) + 1);
  return source.filter((m) => {
    const n = held.get(pointKey(m));
    if (!n) return true;
    held.set(pointKey(m), n - 1);
    return false;
  });
}

/** Points from..end of a history read as columns: objects only for the points to send. */
function pointsOf(key: string, { steps, timestamps, values }: MetricColumns, from: number): Metric[] {
  const out: Metric[] = [];
  for (let i = from; i < steps.length; i++) out.push({ key, value: values[i]!, timestamp: timestamps[i]!, step: steps[i]! });
  return out;
}

interface Pending {
  key: string;
  total: number;
  todo: Metric[];
}

async function pendingPoints(ctx: SyncContext, job: RunJob): Promise<Pending[]> {
  const out: Pending[] = [];
  const runId = job.source.info.runId;
  for (const key of Object.keys(job.source.data.metrics)) {
    // Columns, not a Metric per point: a sync with nothing new only counts.
    const history = await historyColumns(ctx.from, runId, key);
    const length = history.steps.length;
    const sent = job.entry.metrics[key] ?? 0;
    // A history read in another order than logged (a server source) can grow in its middle: a
    // count then says only whether it grew, and the target's history says which points are new.
    const compare = job.reconcile || (length !== sent && !ctx.from.historyInLoggedOrder);
    let todo: Metric[];
    if (compare && job.entry.target !== DRY_RUN_ID) todo = missingPoints(pointsOf(key, history, 0), await ctx.to.getMetricHistory(job.entry.target, key));
    else todo = pointsOf(key, history, sent);
    if (todo.length) out.push({ key, total: length, todo });
    else if (job.entry.metrics[key] !== length) ctx.ledger.record({ k: "metric", id: runId, counts: { [key]: length } });
  }
  return out;
}

/** Sends the run's new points in batches (several keys may share one); the journal advances after each. */
export async function copyMetrics(ctx: SyncContext, job: RunJob): Promise<void> {
  const runId = job.source.info.runId;
  const pending = await pendingPoints(ctx, job);
  const left = new Map(pending.map((p) => [p.key, p.todo.length]));
  const total = new Map(pending.map((p) => [p.key, p.total]));
  let batch: Metric[] = [];
  const send = async () => {
    ctx.beforeSend(runId);
    if (!ctx.dryRun) await ctx.to.logBatch(job.entry.target, { metrics: batch });
    const counts: Record<string, number> = {};
    for (const m of batch) left.set(m.key, left.get(m.key)! - 1);
    for (const key of new Set(batch.map((m) => m.key))) counts[key] = total.get(key)! - left.get(key)!;
    ctx.ledger.record({ k: "metric", id: runId, counts });
    ctx.summary.points += batch.length;
    job.changed = true;
    batch = [];
    ctx.tick();
  };
  for (const p of pending) {
    for (const m of p.todo) {
      batch.push(m);
      if (batch.length >= ctx.batchSize) await send();
    }
  }
  if (batch.length) await send();
}
