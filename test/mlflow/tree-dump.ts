import { MlflowClient } from "../../src/index.js";

const enc = (v: number): number | string =>
  Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : Object.is(v, -0) ? "-0" : v;

// Records are built from entries: assigning out["__proto__"] would drop a key MLflow keeps.
async function artifactEntries(client: MlflowClient, runId: string, path?: string): Promise<[string, number | null][]> {
  const out: [string, number | null][] = [];
  for (const f of await client.listArtifacts(runId, path)) {
    if (f.isDir) out.push(...(await artifactEntries(client, runId, f.path)));
    else out.push([f.path, f.fileSize]);
  }
  return out;
}

/** The same shape as test/mlflow/py/dump_tree.py, read through mlruns. */
export async function dumpTree(root: string) {
  const client = new MlflowClient(root);
  const exps = (await client.searchExperiments({ viewType: "ALL" })).items.sort((a, b) => (a.experimentId < b.experimentId ? -1 : 1));
  const runs: unknown[] = [];
  for (const e of exps) {
    for (const r of (await client.searchRuns([e.experimentId], "", "ALL", 50000)).items) {
      const i = r.info;
      const histories: [string, unknown[]][] = [];
      for (const k of Object.keys(r.data.metrics)) {
        histories.push([k, (await client.getMetricHistory(i.runId, k)).map((m) => [m.timestamp, enc(m.value), m.step])]);
      }
      runs.push({
        runId: i.runId, runName: i.runName, experimentId: i.experimentId, status: i.status, startTime: i.startTime,
        endTime: i.endTime, lifecycleStage: i.lifecycleStage, userId: i.userId, params: r.data.params, tags: r.data.tags,
        metrics: Object.fromEntries(Object.entries(r.data.metrics).map(([k, v]) => [k, enc(v)])),
        histories: Object.fromEntries(histories), artifacts: Object.fromEntries(await artifactEntries(client, i.runId)),
      });
    }
  }
  runs.sort((a: any, b: any) => (a.runId < b.runId ? -1 : 1));
  return {
    experiments: exps.map((e) => ({ experimentId: e.experimentId, name: e.name, lifecycleStage: e.lifecycleStage, tags: e.tags })),
    runs,
  };
}
