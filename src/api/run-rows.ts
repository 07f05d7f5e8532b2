import type { Run } from "../entities.js";

export type RunRow = Record<string, string | number | null>;

/** The columns of mlflow.search_runs()'s DataFrame: run_id, experiment_id, ..., metrics.x, params.y, tags.z. */
export function runsToRows(runs: Run[]): RunRow[] {
  return runs.map((run) => {
    const row: RunRow = {
      run_id: run.info.runId,
      experiment_id: run.info.experimentId,
      status: run.info.status,
      artifact_uri: run.info.artifactUri,
      start_time: run.info.startTime,
      end_time: run.info.endTime,
    };
    for (const [k, v] of Object.entries(run.data.metrics)) row[`metrics.${k}`] = v;
    for (const [k, v] of Object.entries(run.data.params)) row[`params.${k}`] = v;
    for (const [k, v] of Object.entries(run.data.tags)) row[`tags.${k}`] = v;
    return row;
  });
}
