/**
 * Real processes: a sync killed with SIGKILL at many points, then run again, leaves the target
 * with each run once and each point once; two syncs of one store at once duplicate nothing.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../../../src/store/file/file-store.js";
import { collect } from "../helpers/processes.js";
import { captureWarnings } from "../helpers/warnings.js";
import { tempDir } from "../helpers/temp-store.js";
import { assertBuilt } from "../cli/helpers.js";
import { journalLines, openFileStore, storeView } from "./fixture.js";

const CHILD = path.join(import.meta.dirname, "..", "children", "sync-store.mjs");
const RUNS = 12;
const KEYS = 4;
const POINTS = 600;

/** RUNS runs (every third nested under the one before), KEYS metrics × POINTS points each, an artifact each. */
async function writeBigSource(root: string): Promise<FileStore> {
  const store = openFileStore(root);
  const exp = await store.createExperiment("big");
  let previous = "";
  for (let r = 0; r < RUNS; r++) {
    const tags = [{ key: "mlflow.runName", value: `run-${r}` }, ...(r % 3 === 2 ? [{ key: "mlflow.parentRunId", value: previous }] : [])];
    const run = await store.createRun({ experimentId: exp, userId: "u", startTime: 1_700_000_000_000 + r, tags, runName: `run-${r}` });
    previous = run.info.runId;
    for (let k = 0; k < KEYS; k++) {
      const points = Array.from({ length: POINTS }, (_, i) => ({ key: `m${k}`, value: i * 0.5 + r, timestamp: 1_700_000_000_000 + i, step: i }));
      for (let i = 0; i < points.length; i += 1000) await store.logBatch(run.info.runId, { metrics: points.slice(i, i + 1000) });
    }
    await store.logBatch(run.info.runId, { params: [{ key: "r", value: String(r) }] });
    await store.artifactRepository(run.info).writeArtifact(`out/r${r}.txt`, `run ${r}\n`.repeat(100));
    await store.updateRunInfo(run.info.runId, "FINISHED", 1_700_000_100_000 + r);
  }
  return store;
}

function startSync(from: string, to: string, batchSize: number, lockWaitMs = 0) {
  const child = spawn(process.execPath, [CHILD, from, to, String(batchSize), String(lockWaitMs)], { stdio: ["ignore", "pipe", "pipe"] });
  const out = collect(child.stdout!);
  const err = collect(child.stderr!);
  const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, result: async () => ({ code: await done, stdout: await out, stderr: await err }) };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

beforeAll(() => assertBuilt());

describe("a sync killed with SIGKILL", () => {
  it("resumes: after each kill point, the next sync leaves each run once and each point once", async () => {
    const dir = tempDir("mlruns-sync-kill-");
    const from = path.join(dir, "local");
    const source = await writeBigSource(from);
    const want = await storeView(source);
    // Journal lines at which to kill: early (runs being created), mid-metrics, late (artifacts, status).
    const killPoints = [2, 9, 40, 150, 400, 700];
    let killed = 0;
    for (const [i, at] of killPoints.entries()) {
      const to = path.join(dir, `shared-${i}`);
      // Kill the first sync at `at`, then the second one a little later in its own journal, then finish.
      for (const point of [at, journalLines(from) + at + 7]) {
        const sync = startSync(from, to, 37);
        const reached = await waitFor(() => journalLines(from) >= point, 20_000);
        sync.child.kill("SIGKILL");
        const r = await sync.result();
        if (reached && r.code === null) killed++;
      }
      const final = startSync(from, to, 37);
      const r = await final.result();
      // A kill inside the target FileStore's createRun can leave a run folder with no meta.yaml
      // (the file store's own crash behaviour: readers skip it, doctor --fix removes it). Nothing else may be said.
      const other = r.stderr.split("\n").filter((l) => l && !/MLRUNS_DAMAGED_STORE.*Missing .*meta\.yaml|--trace-warnings/.test(l));
      expect(other).toEqual([]);
      expect(r.code).toBe(0);
      const target = openFileStore(to);
      const { result: view, warnings } = await captureWarnings(() => storeView(target, { stripSyncTags: true }));
      expect(view, `kill point ${at}`).toEqual(want);
      for (const w of warnings) expect(w.message).toMatch(/Malformed or unreadable run folder skipped: .*Missing .*meta\.yaml/);
      const again = startSync(from, to, 37);
      expect(JSON.parse((await again.result()).stdout)).toMatchObject({ runsCreated: 0, points: 0, artifacts: 0, tags: 0, params: 0 });
      fs.rmSync(path.join(from, fs.readdirSync(from).find((f) => f.endsWith(".journal"))!));
    }
    // The kills really happened mid-sync (a sync that had finished would exit 0, not be killed).
    expect(killed).toBeGreaterThanOrEqual(killPoints.length);
  }, 240_000);
});

describe("two syncs of one store at once", () => {
  it("the second waits for the first (--wait) and sends nothing twice", async () => {
    const dir = tempDir("mlruns-sync-two-");
    const from = path.join(dir, "local");
    const source = await writeBigSource(from);
    const to = path.join(dir, "shared");
    const a = startSync(from, to, 50, 60_000);
    const b = startSync(from, to, 50, 60_000);
    const [ra, rb] = await Promise.all([a.result(), b.result()]);
    expect([ra.code, rb.code, ra.stderr, rb.stderr]).toEqual([0, 0, "", ""]);
    const [sa, sb] = [JSON.parse(ra.stdout), JSON.parse(rb.stdout)];
    expect(sa.runsCreated + sb.runsCreated).toBe(RUNS);
    expect(sa.points + sb.points).toBe(RUNS * KEYS * POINTS);
    expect(await storeView(openFileStore(to), { stripSyncTags: true })).toEqual(await storeView(source));
  }, 120_000);

  it("without waiting, the second exits with a message naming the running sync and what to do", async () => {
    const dir = tempDir("mlruns-sync-busy-");
    const from = path.join(dir, "local");
    await writeBigSource(from);
    const to = path.join(dir, "shared");
    const a = startSync(from, to, 5);
    expect(await waitFor(() => journalLines(from) > 3, 20_000)).toBe(true);
    const b = await startSync(from, to, 5).result();
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(new RegExp(`SyncInProgressError: Another mlruns sync \\(pid ${a.child.pid} on .*\\) is syncing this store to file://${to}\\. Wait for it to finish \\(or pass --wait\\); if no sync is running, delete .*\\.owner\\.`));
    a.child.kill("SIGKILL");
    await a.result();
    // the owner died: the next sync takes the lock over without being told
    const c = await startSync(from, to, 1000).result();
    expect(c.code).toBe(0);
  }, 120_000);
});
