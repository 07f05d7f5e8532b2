import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { runWorkers } from "../helpers/processes.js";
import { tempDir } from "../helpers/temp-store.js";

const child = path.join(import.meta.dirname, "..", "children", "log-any-api.mjs");
const POINTS = 2000;
const SIGNALS: Record<string, NodeJS.Signals> = { sigint: "SIGINT", sigterm: "SIGTERM", sighup: "SIGHUP" };
const EXITS: [string, number | null, NodeJS.Signals | null][] = [
  ["drain", 0, null],
  ["exit0", 0, null],
  ["exit3", 3, null],
  ["throw", 1, null],
  ["reject", 1, null],
  ["sigint", null, "SIGINT"],
  ["sigterm", null, "SIGTERM"],
  ["sighup", null, "SIGHUP"],
];
/** How the fluent API ends the runs it started, by way out. */
const FLUENT_END: Record<string, string> = {
  drain: "FINISHED", exit0: "FINISHED", exit3: "FAILED", throw: "FAILED", reject: "FAILED",
  sigint: "KILLED", sigterm: "KILLED", sighup: "KILLED",
};
const APIS = ["client", "fluent", "store", "competition", "multi"];

interface Outcome {
  runs: [string, string][];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child; in signal modes, signals it once it has printed its runs. */
function runChild(root: string, api: string, mode: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, root, api, mode, String(POINTS)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.includes("\n") && SIGNALS[mode]) proc.kill(SIGNALS[mode]);
    });
    proc.stderr.on("data", (d) => (stderr += d));
    proc.on("error", reject);
    proc.on("close", (code, signal) => {
      try {
        resolve({ runs: JSON.parse(stdout.split("\n")[0]!).runs, code, signal, stderr });
      } catch {
        reject(new Error(`child printed no runs (code ${code}, signal ${signal}): ${stderr}`));
      }
    });
  });
}

describe("every buffered point is on disk after every catchable way out, whatever API buffered it", () => {
  const cases = APIS.flatMap((api) => EXITS.map(([mode, code, signal]) => [api, mode, code, signal] as const));
  it.each(cases)("%s, %s", async (api, mode, code, signal) => {
    const root = path.join(tempDir(), "mlruns");
    const out = await runChild(root, api, mode);
    expect({ code: out.code, signal: out.signal }).toEqual({ code, signal });
    expect(out.runs.length).toBe(api === "multi" ? 3 : 1);
    for (const [storeRoot, runId] of out.runs) {
      const client = new MlflowClient(storeRoot);
      const history = await client.getMetricHistory(runId, "loss");
      // Each point once, in order: nothing lost, nothing written twice.
      expect(history.map((p) => p.step)).toEqual(Array.from({ length: POINTS }, (_, i) => i));
      expect(history.map((p) => p.value)).toEqual(Array.from({ length: POINTS }, (_, i) => i / 8));
      const run = await client.getRun(runId);
      // A client only flushes: it never ends a run it did not start through the fluent API.
      const startedByFluent = api === "fluent" || api === "competition" || (api === "multi" && storeRoot.endsWith("c"));
      expect(run.info.status).toBe(startedByFluent ? FLUENT_END[mode] : "RUNNING");
    }
    expect(out.stderr).not.toContain("could not be written");
  });
});

describe("eight processes logging through MlflowClient and exiting without flush()", () => {
  it("keep all 40,000 points", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const runId = (await client.createRun("0")).info.runId;
    await runWorkers(root, "append-noflush", Array.from({ length: 8 }, (_, w) => [runId, String(w), "5000"]));
    const history = await new MlflowClient(root).getMetricHistory(runId, "shared");
    expect(history).toHaveLength(40_000);
    expect(new Set(history.map((p) => p.value)).size).toBe(40_000);
    const file = fs.readFileSync(path.join(root, "0", runId, "metrics", "shared"), "utf8");
    expect(file.split("\n").filter(Boolean)).toHaveLength(40_000);
  });
});
