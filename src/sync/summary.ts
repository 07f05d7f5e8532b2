/** What a sync did (or, with dryRun, would do), counted as it goes. */
export interface SyncSummary {
  source: string;
  target: string;
  dryRun: boolean;
  experimentsCreated: number;
  runsCreated: number;
  /** Existing target runs that received anything (params, tags, points, artifacts, inputs, status). */
  runsUpdated: number;
  /** Runs with nothing new. */
  runsUnchanged: number;
  modelsCreated: number;
  modelsUpdated: number;
  params: number;
  tags: number;
  points: number;
  artifacts: number;
  bytes: number;
  inputs: number;
  /** Runs, models or experiments left out, each with the reason. */
  skipped: { what: string; reason: string }[];
  /** Source runs and models read back from the target after an interrupted sync. */
  reconciled: number;
  durationMs: number;
}

export interface SyncProgress {
  runsTotal: number;
  runsDone: number;
  summary: Readonly<SyncSummary>;
  /** Set while waiting for another sync of the same store to finish. */
  waitingFor?: string;
}

export function emptySummary(source: string, target: string, dryRun: boolean): SyncSummary {
  return {
    source,
    target,
    dryRun,
    experimentsCreated: 0,
    runsCreated: 0,
    runsUpdated: 0,
    runsUnchanged: 0,
    modelsCreated: 0,
    modelsUpdated: 0,
    params: 0,
    tags: 0,
    points: 0,
    artifacts: 0,
    bytes: 0,
    inputs: 0,
    skipped: [],
    reconciled: 0,
    durationMs: 0,
  };
}
