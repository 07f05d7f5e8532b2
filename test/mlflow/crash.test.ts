/**
 * kill -9 at random moments during heavy logging (metrics, params, tags, artifacts, run
 * start and end), 50 times into one store. After every kill mlruns must read the whole store
 * cleanly, every point the child reported durable must be there, and no metric line or
 * meta.yaml may be torn. At the end, MLflow must read the same store exactly as mlruns does.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_FLUSH_INTERVAL_MS, MlflowClient } from "../../src/index.js";
import { loadPyYaml } from "../../src/store/file/pyyaml-resolve.js";
import { PY_DIR, REPO_ROOT, runPython } from "./python.js";
import { dumpTree } from "./tree-dump.js";

const TRIALS = 50;
const logger = path.join(REPO_ROOT, "test", "unit", "children", "heavy-logger.mjs");
const METRIC_LINE = /^\d{13} (?:[-+0-9.e]+|nan|-?inf) -?\d+$/;

interface Trial {
  durable: Map<string, number>;
  startedAt: number;
  killedAt: number;
}

function killAtRandom(root: string): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const p = spawn(process.execPath, [logger, root, "crash"], { stdio: ["ignore", "pipe", "pipe"] });
    const durable = new Map<string, number>();
    let buf = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      buf += d;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        const [, runId, step] = l.split(" ");
        durable.set(runId, Number(step));
      }
    });
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    let killedAt = 0;
    // From "still starting up" to "several runs in": every phase of a run gets hit.
    setTimeout(() => {
      killedAt = Date.now();
      p.kill("SIGKILL");
    }, 300 + Math.random() * 2200);
    p.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`logger ended on its own: ${stderr}`));
      resolve({ durable, startedAt, killedAt });
    });
  });
}

function walk(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, String(f)));
}

describe(`${TRIALS} kill -9 trials during heavy logging`, () => {
  it("leave a store that mlruns and MLflow read cleanly, with every durable point kept", async () => {
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-crash-")), "mlruns");
    const client = new MlflowClient(root);
    let maxLossMs = 0;
    let killedMidRun = 0;
    for (let t = 0; t < TRIALS; t++) {
      const trial = await killAtRandom(root);
      if (!fs.existsSync(root)) continue; // killed before the store existed
      // Files this trial touched (the whole store is read once more at the end).
      for (const file of walk(root).filter((f) => fs.statSync(f).mtimeMs >= trial.startedAt - 1000)) {
        if (file.includes(`${path.sep}metrics${path.sep}`) && fs.statSync(file).isFile()) {
          const text = fs.readFileSync(file, "utf8");
          expect(text.endsWith("\n"), `torn metric file ${file}`).toBe(true);
          for (const line of text.slice(0, -1).split("\n")) expect(line, file).toMatch(METRIC_LINE);
        }
        if (path.basename(file) === "meta.yaml") {
          const meta = loadPyYaml(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
          expect(meta.run_id ?? meta.experiment_id, `half-written ${file}`).toBeTruthy();
        }
      }
      const exp = await client.getExperimentByName("crash");
      if (!exp) continue;
      const expDir = path.join(root, exp.experimentId);
      const touched = fs
        .readdirSync(expDir)
        .filter((d) => /^[0-9a-f]{32}$/.test(d) && fs.existsSync(path.join(expDir, d, "meta.yaml")))
        .filter((d) => fs.statSync(path.join(expDir, d)).mtimeMs >= trial.startedAt - 1000);
      const runs = await Promise.all(touched.map((id) => client.getRun(id)));
      for (const [runId, step] of trial.durable) {
        const steps = new Set((await client.getMetricHistory(runId, "loss")).map((p) => p.step));
        for (let s = 0; s <= step; s++) expect(steps.has(s), `run ${runId} lost durable step ${s}`).toBe(true);
      }
      // The run this trial's process had open at the kill: how much of its tail was lost?
      const open = runs
        .filter((r) => r.info.status === "RUNNING" && (r.info.startTime ?? 0) >= trial.startedAt)
        .sort((a, b) => (b.info.startTime ?? 0) - (a.info.startTime ?? 0))[0];
      if (open) {
        killedMidRun++;
        const history = await client.getMetricHistory(open.info.runId, "loss");
        if (history.length) maxLossMs = Math.max(maxLossMs, trial.killedAt - Math.max(...history.map((p) => p.timestamp)));
      }
    }
    console.log(`${TRIALS} kill -9 trials, ${killedMidRun} mid-run; longest tail of points lost: ${maxLossMs} ms (flush interval ${DEFAULT_FLUSH_INTERVAL_MS} ms)`);
    expect(killedMidRun).toBeGreaterThan(TRIALS / 2);
    // Points are flushed at least every interval; allow for a busy 2-core machine's timer lag.
    expect(maxLossMs).toBeLessThan(DEFAULT_FLUSH_INTERVAL_MS + 750);

    // dumpTree reads every run, param, tag, metric history and artifact listing in the store.
    const byMlflow = await runPython(path.join(PY_DIR, "dump_tree.py"), [root]);
    expect(byMlflow.runs.length).toBeGreaterThan(TRIALS / 2);
    expect(JSON.parse(JSON.stringify(await dumpTree(root)))).toEqual(byMlflow);
  }, 600_000);
});
