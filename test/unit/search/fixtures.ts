import type { Experiment, Run, RunStatus } from "../../../src/entities.js";

export interface RunSpec {
  id: string;
  name?: string;
  user?: string;
  status?: RunStatus;
  start?: number | null;
  end?: number | null;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

export function run(spec: RunSpec): Run {
  return {
    info: {
      runId: spec.id,
      runName: spec.name ?? spec.id,
      experimentId: "1",
      userId: spec.user ?? "alice",
      status: spec.status ?? "FINISHED",
      startTime: spec.start === undefined ? 1000 : spec.start,
      endTime: spec.end === undefined ? null : spec.end,
      artifactUri: `file:///mlruns/1/${spec.id}/artifacts`,
      lifecycleStage: "active",
    },
    data: { metrics: spec.metrics ?? {}, params: spec.params ?? {}, tags: spec.tags ?? {} },
  };
}

export function ids(runs: Run[]): string[] {
  return runs.map((r) => r.info.runId);
}

export function experiment(id: string, name: string, created: number | null, updated: number | null, tags: Record<string, string> = {}): Experiment {
  return {
    experimentId: id,
    name,
    artifactLocation: `file:///mlruns/${id}`,
    lifecycleStage: "active",
    tags,
    creationTime: created,
    lastUpdateTime: updated,
  };
}

/** Run fn and return the thrown error (failing the test if nothing is thrown). */
export function thrown(fn: () => unknown): Error & { position?: number } {
  try {
    fn();
  } catch (e) {
    return e as Error & { position?: number };
  }
  throw new Error("expected an error, got none");
}
