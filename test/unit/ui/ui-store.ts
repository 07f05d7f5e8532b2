/**
 * Stores for the `mlruns ui` tests, written by mlruns' own client: a small sweep (params,
 * metric histories, a parent with children, artifacts of each previewable kind) and a hostile
 * store whose every name, tag, note and artifact tries to run script or escape the run's folder.
 */
import fs from "node:fs";
import path from "node:path";
import { MlflowClient } from "../../../src/index.js";

export interface SweepStore {
  root: string;
  experimentId: string;
  otherExperimentId: string;
  /** lr 0.1, 0.01, 0.001 (run names lr-0.1 ...), newest last. */
  runIds: string[];
  parentId: string;
  childIds: string[];
}

export async function writeSweepStore(root: string): Promise<SweepStore> {
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment("sweep");
  const otherExperimentId = await client.createExperiment("other");
  const runIds: string[] = [];
  const t0 = 1_700_000_000_000;
  for (const [i, lr] of ["0.1", "0.01", "0.001"].entries()) {
    const run = await client.createRun(experimentId, t0 + i * 1000, undefined, `lr-${lr}`);
    const id = run.info.runId;
    await client.logParam(id, "lr", lr);
    await client.logParam(id, "model", i === 2 ? "mlp" : "lgbm");
    for (let step = 0; step < 10; step++) client.logMetric(id, "loss", 1 / (step + 1) + Number(lr), t0 + step, step);
    client.logMetric(id, "rmse", 0.5 - i * 0.1, t0, 0);
    await client.logText(id, "hello from " + lr, "notes/readme.txt");
    await client.logDict(id, { lr: Number(lr), layers: [64, 32] }, "config.json");
    await client.logText(id, "a,b\n1,2\n3,4\n", "data/table.csv");
    await client.setTerminated(id, "FINISHED", t0 + i * 1000 + 65_000);
    runIds.push(id);
  }
  const parent = await client.createRun(otherExperimentId, t0, undefined, "parent");
  const childIds: string[] = [];
  for (const n of [1, 2]) {
    const child = await client.createRun(otherExperimentId, t0 + n, [{ key: "mlflow.parentRunId", value: parent.info.runId }], `child-${n}`);
    childIds.push(child.info.runId);
  }
  await client.flush();
  return { root, experimentId, otherExperimentId, runIds, parentId: parent.info.runId, childIds };
}

export const HOSTILE = {
  runName: "<img src=x onerror=alert(1)>",
  tagValue: "<script>alert('tag')</script>",
  note: "# Note\n<b>raw html</b><script>alert('note')</script>\n[click me](javascript:alert('link'))\n<img src=x onerror=alert('img')>",
  traversalName: "..%2f..%2fetc%2fpasswd",
  secret: "SECRET-OUTSIDE-THE-STORE-7f3a",
  bigSize: 50 * 1024 * 1024,
} as const;

export interface HostileStore {
  root: string;
  experimentId: string;
  runId: string;
  artifactDir: string;
  /** A file outside the store that a symlink in the run's artifacts points at. */
  outsideFile: string;
}

/** `dir`/mlruns is the store; `dir`/outside/secret.txt is the file nothing may serve. */
export async function writeHostileStore(dir: string): Promise<HostileStore> {
  const root = path.join(dir, "mlruns");
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment(`<svg onload=alert('exp')>`);
  const run = await client.createRun(experimentId, undefined, undefined, HOSTILE.runName);
  const runId = run.info.runId;
  await client.setTag(runId, "evil", HOSTILE.tagValue);
  await client.setTag(runId, "mlflow.note.content", HOSTILE.note);
  await client.logParam(runId, "markup", "<img src=x onerror=alert('param')>");
  client.logMetric(runId, "loss", 1, Date.now(), 0);
  await client.logText(runId, "<html><script>alert('artifact')</script></html>", "page.html");
  await client.logText(runId, `<svg xmlns="http://www.w3.org/2000/svg" onload="alert('svg')"></svg>`, "image.svg");
  await client.logText(runId, "plain text", "ok.txt");
  await client.setTerminated(runId);
  await client.flush();

  const artifactDir = client.store.artifactRepository(run.info).rootDir!;
  const outside = path.join(dir, "outside");
  fs.mkdirSync(outside);
  const outsideFile = path.join(outside, "secret.txt");
  fs.writeFileSync(outsideFile, HOSTILE.secret);
  // What an attacker could plant in a shared store: these bypass the client's own path checks.
  fs.writeFileSync(path.join(artifactDir, HOSTILE.traversalName), "traversal-named file");
  fs.symlinkSync(outsideFile, path.join(artifactDir, "secret-link.txt"));
  fs.symlinkSync(outside, path.join(artifactDir, "outside-dir"));
  const big = fs.openSync(path.join(artifactDir, "big.txt"), "w");
  const chunk = Buffer.alloc(1024 * 1024, "a");
  for (let i = 0; i < HOSTILE.bigSize / chunk.length; i++) fs.writeSync(big, chunk);
  fs.closeSync(big);
  return { root, experimentId, runId, artifactDir, outsideFile };
}
