import { AsyncLocalStorage } from "node:async_hooks";
import type { Run } from "../entities.js";
import type { TrackingStore } from "../store/tracking-store.js";

/** A run started by this process through the fluent API. */
export interface ActiveRun extends Run {
  readonly store: TrackingStore;
}

interface RunStack {
  runs: ActiveRun[];
}

const als = new AsyncLocalStorage<RunStack>();
const processStack: RunStack = { runs: [] };
/** Every run started and not yet ended, in any async context: what exit hooks must close. */
const openRuns = new Map<string, ActiveRun>();

/**
 * mlflow keeps a thread-local run stack; here each withRun() callback gets its own async
 * context, so concurrent withRun calls (Promise.all over CV folds) never see each other's runs.
 */
function currentStack(): RunStack {
  return als.getStore() ?? processStack;
}

export function activeRunOrUndefined(): ActiveRun | undefined {
  const runs = currentStack().runs;
  return runs[runs.length - 1];
}

export function pushRun(run: ActiveRun): void {
  currentStack().runs.push(run);
  openRuns.set(run.info.runId, run);
}

export function popRun(runId: string): void {
  const stack = currentStack();
  const i = stack.runs.findIndex((r) => r.info.runId === runId);
  if (i >= 0) stack.runs.splice(i, 1);
  openRuns.delete(runId);
}

export function forgetRun(runId: string): void {
  openRuns.delete(runId);
}

/** Run `fn` with a fresh stack that starts from the caller's runs, so nesting still works. */
export function runInChildContext<T>(fn: () => T): T {
  return als.run({ runs: [...currentStack().runs] }, fn);
}

export function allOpenRuns(): ActiveRun[] {
  return [...openRuns.values()];
}
