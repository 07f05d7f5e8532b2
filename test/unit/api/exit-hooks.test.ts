import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

const child = path.join(import.meta.dirname, "..", "children", "log-then-exit.mjs");
const POINTS = 5000;

interface Outcome {
  runId: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs a logging child; for signal modes, signals it once its run id is printed. */
function runChild(root: string, mode: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, root, mode, String(POINTS)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.includes("\n") && (mode === "sigint" || mode === "sigterm")) proc.kill(mode === "sigint" ? "SIGINT" : "SIGTERM");
    });
    proc.stderr.on("data", (d) => (stderr += d));
    proc.on("error", reject);
    proc.on("close", (code, signal) => resolve({ runId: stdout.trim(), code, signal, stderr }));
  });
}

/** The branch checked out, or undefined on a detached HEAD (a CI checkout of one commit), where MLflow sets no branch tag. */
function checkedOutBranch(cwd: string): string | undefined {
  const r = spawnSync("git", ["symbolic-ref", "--short", "-q", "HEAD"], { cwd, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe("a process that ends while a run is open (dist build, real child processes)", () => {
  it.each([
    ["exit", "FINISHED", 0, null],
    ["throw", "FAILED", 1, null],
    ["reject", "FAILED", 1, null],
    ["exit3", "FAILED", 3, null],
    ["sigint", "KILLED", null, "SIGINT"],
    ["sigterm", "KILLED", null, "SIGTERM"],
  ])("%s: run ends %s, every buffered point is on disk, exit code/signal kept", async (mode, status, code, signal) => {
    const root = path.join(tempDir(), "mlruns");
    const out = await runChild(root, mode);
    expect(out.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.code).toBe(code);
    expect(out.signal).toBe(signal);
    if (mode === "throw") expect(out.stderr).toContain("training crashed");
    if (mode === "exit") {
      // The child script lives in this git checkout, so MLflow's git context applies.
      const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: path.dirname(child), encoding: "utf8" }).trim();
      const { data } = await new MlflowClient(root).getRun(out.runId);
      expect(data.tags["mlflow.source.git.commit"]).toBe(head);
      expect(data.tags["mlflow.source.git.branch"]).toBe(checkedOutBranch(path.dirname(child)));
      expect(data.tags["mlflow.source.name"]).toBe(child);
    }
    const client = new MlflowClient(root);
    const run = await client.getRun(out.runId);
    expect(run.info.status).toBe(status);
    expect(run.info.endTime).not.toBeNull();
    const history = await client.getMetricHistory(out.runId, "loss");
    expect(history).toHaveLength(POINTS);
    expect(history.map((p) => p.step)).toEqual(Array.from({ length: POINTS }, (_, i) => i));
    const file = fs.readFileSync(path.join(root, "0", out.runId, "metrics", "loss"), "utf8");
    expect(file.endsWith("\n")).toBe(true);
    expect(file.split("\n").filter(Boolean).every((l) => /^\d+ [0-9.e+-]+ \d+$/.test(l))).toBe(true);
  });
});
