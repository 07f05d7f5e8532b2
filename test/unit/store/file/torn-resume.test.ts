/**
 * A run resumed after a kill -9 that tore its metric file's last line (Linux can end a write
 * between pages; see test/mlflow/crash.test.ts). The resuming process must not glue its first
 * point onto the fragment: it cuts the fragment into `.<key>.torn` first, once, even when
 * several processes resume at the same instant, and leaves a tail that may still be written.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { collect } from "../../helpers/processes.js";
import { printedWarnings } from "../../helpers/warnings.js";

const child = path.resolve(import.meta.dirname, "..", "..", "children", "resume-log.mjs");
const LINE = /^\d{13} [-+0-9.e]+ \d+$/;
const FRAGMENT = "1700000000999 0.12";

async function tornRun(key: string, settled = true) {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-torn-")), "mlruns");
  const client = new MlflowClient(root);
  const exp = await client.createExperiment("resume");
  const run = await client.createRun(exp);
  for (let step = 0; step < 3; step++) client.logMetric(run.info.runId, key, step, 1_700_000_000_000 + step, step);
  await client.flush();
  const runDir = path.join(root, exp, run.info.runId);
  const file = path.join(runDir, "metrics", ...key.split("/"));
  fs.appendFileSync(file, FRAGMENT); // what the kernel keeps of a write cut short
  if (settled) fs.utimesSync(file, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
  return { root, runId: run.info.runId, runDir, file };
}

const lines = (file: string) => fs.readFileSync(file, "utf8").split("\n");

describe("resuming a run whose metric file ends in a torn line", () => {
  it("cuts the fragment into .<key>.torn, then appends whole lines", async () => {
    const { root, runId, runDir, file } = await tornRun("loss");
    const r = spawnSync(process.execPath, [child, root, runId, "loss", "5", "100"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("ended in a line cut short");
    const all = lines(file);
    expect(all.pop()).toBe("");
    expect(all).toHaveLength(3 + 5);
    for (const line of all) expect(line).toMatch(LINE);
    expect(fs.readFileSync(path.join(runDir, ".loss.torn"), "utf8")).toBe(`${FRAGMENT}\n`);
    const steps = (await new MlflowClient(root).getMetricHistory(runId, "loss")).map((p) => p.step);
    expect(steps.sort((a, b) => a - b)).toEqual([0, 1, 2, 100, 101, 102, 103, 104]);
  });

  it("names the backup after a nested key as doctor does", async () => {
    const { root, runId, runDir, file } = await tornRun("val/loss");
    const r = spawnSync(process.execPath, [child, root, runId, "val/loss", "1", "7"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(runDir, ".val_loss.torn"), "utf8")).toBe(`${FRAGMENT}\n`);
    expect(printedWarnings(r.stderr)).toEqual([
      {
        code: "MLRUNS_DAMAGED_STORE",
        message: `${file} ended in a line cut short by a writer killed mid-write; it was moved to ${path.join(runDir, ".val_loss.torn")} before appending.`,
      },
    ]);
  });

  it("cuts it once when 6 processes resume at the same instant, and every point of each is kept", async () => {
    const { root, runId, runDir, file } = await tornRun("loss");
    const procs = Array.from({ length: 6 }, (_, i) => spawn(process.execPath, [child, root, runId, "loss", "200", String(1000 * (i + 1)), "wait"]));
    const stderrs = procs.map((p) => collect(p.stderr));
    await new Promise((resolve) => setTimeout(resolve, 700)); // all loaded and waiting
    for (const p of procs) p.stdin.end("go\n");
    const codes = await Promise.all(procs.map((p) => new Promise((resolve) => p.on("close", resolve))));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    // The one process that cut the fragment says so; the others found nothing to cut.
    const warnings = (await Promise.all(stderrs)).flatMap(printedWarnings);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining(`${file} ended in a line cut short`)]);
    const all = lines(file);
    expect(all.pop()).toBe("");
    for (const line of all) expect(line).toMatch(LINE);
    expect(all).toHaveLength(3 + 6 * 200);
    expect(fs.readFileSync(path.join(runDir, ".loss.torn"), "utf8")).toBe(`${FRAGMENT}\n`);
    expect(fs.readdirSync(runDir).filter((f) => f.endsWith(".lock"))).toEqual([]);
    expect(await new MlflowClient(root).getMetricHistory(runId, "loss")).toHaveLength(3 + 6 * 200);
  });

  it("creates a new metric file whole, also when 6 processes create it at once, leaving no temp file", async () => {
    const { root, runId, runDir } = await tornRun("loss");
    const procs = Array.from({ length: 6 }, (_, i) => spawn(process.execPath, [child, root, runId, "fresh", "200", String(1000 * (i + 1)), "wait"]));
    const stderrs = procs.map((p) => collect(p.stderr));
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const p of procs) p.stdin.end("go\n");
    expect(await Promise.all(procs.map((p) => new Promise((resolve) => p.on("close", resolve))))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await Promise.all(stderrs)).toEqual(Array(6).fill(""));
    const all = lines(path.join(runDir, "metrics", "fresh"));
    expect(all.pop()).toBe("");
    expect(all).toHaveLength(6 * 200);
    for (const line of all) expect(line).toMatch(LINE);
    expect(fs.readdirSync(runDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("leaves a tail written moments ago alone: it may be another process's write in progress", async () => {
    const { root, runId, runDir, file } = await tornRun("loss", false);
    const r = spawnSync(process.execPath, [child, root, runId, "loss", "1", "9"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(fs.existsSync(path.join(runDir, ".loss.torn"))).toBe(false);
    expect(fs.readFileSync(file, "utf8")).toContain(FRAGMENT);
  });
});
