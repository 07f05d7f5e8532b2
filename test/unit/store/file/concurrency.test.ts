import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { runWorkers } from "../../helpers/processes.js";
import { tempDir } from "../../helpers/temp-store.js";
import { printedWarnings } from "../../helpers/warnings.js";

const child = path.join(import.meta.dirname, "..", "..", "children", "set-experiment.mjs");
const PROCESSES = 12;

interface RaceResult {
  id?: string;
  error?: string;
  stderr: string;
}

function race(root: string, verb: "set" | "create", name: string): Promise<RaceResult[]> {
  // Every child spins until the same instant, so their calls really overlap.
  const startAt = Date.now() + 1500;
  return Promise.all(
    Array.from({ length: PROCESSES }, () =>
      new Promise<RaceResult>((resolve, reject) => {
        const p = spawn(process.execPath, [child, root, String(startAt), verb, name], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let stderr = "";
        p.stdout.on("data", (d) => (out += d));
        p.stderr.on("data", (d) => (stderr += d));
        p.on("error", reject);
        p.on("close", () => resolve({ ...JSON.parse(out), stderr }));
      }),
    ),
  );
}

/**
 * A child may list the store while a sibling is creating an experiment (the Default one, or
 * the one raced for): it sees the folder before its meta.yaml and skips it with a warning.
 * That warning, for an experiment that does exist once the race is over, is the only thing a
 * child may print on stderr.
 */
function expectOnlyHalfCreatedExperiments(root: string, results: RaceResult[]) {
  const halfCreated = /^Malformed or unreadable experiment '(\d+)' skipped: Missing (.*)$/;
  for (const { stderr } of results) {
    for (const w of printedWarnings(stderr)) {
      const m = halfCreated.exec(w.message);
      expect(m && w.code === "MLRUNS_DAMAGED_STORE", stderr).toBeTruthy();
      expect(m![2]).toBe(path.join(root, m![1]!, "meta.yaml"));
      expect(fs.existsSync(m![2]!), `${m![2]} exists after the race`).toBe(true);
    }
    const otherLines = stderr.split("\n").filter((l) => l && !l.startsWith("(node:") && !l.includes("--trace-warnings"));
    expect(otherLines).toEqual([]);
  }
}

describe(`${PROCESSES} processes on one fresh store at the same instant (real child processes)`, () => {
  it("setExperiment('same'): exactly one experiment exists and every process got its id", async () => {
    const root = path.join(tempDir(), "mlruns");
    const results = await race(root, "set", "same");
    const ids = new Set(results.map((r) => r.id));
    expect(results.filter((r) => r.error)).toEqual([]);
    expectOnlyHalfCreatedExperiments(root, results);
    expect(ids.size).toBe(1);
    const exps = (await new MlflowClient(root).searchExperiments({ viewType: "ALL" })).items;
    expect(exps.map((e) => e.name).sort()).toEqual(["Default", "same"]);
    expect(fs.readdirSync(root).filter((f) => f.endsWith(".lock"))).toEqual([]);
    console.log(`${PROCESSES} processes called setExperiment('same') at once: 1 experiment`);
  });

  it("createExperiment('one'): one wins, the others get ResourceAlreadyExistsError", async () => {
    const root = path.join(tempDir(), "mlruns");
    const results = await race(root, "create", "one");
    expectOnlyHalfCreatedExperiments(root, results);
    expect(results.filter((r) => r.id)).toHaveLength(1);
    expect(results.filter((r) => r.error).map((r) => r.error)).toEqual(Array(PROCESSES - 1).fill("ResourceAlreadyExistsError"));
    expect((await new MlflowClient(root).searchExperiments()).items.filter((e) => e.name === "one")).toHaveLength(1);
  });
});

describe("processes writing to the same run at once (real child processes)", () => {
  it("8 processes x 5,000 points to one metric: every point once, no torn or interleaved line", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const run = await client.createRun("0");
    const WORKERS = 8;
    const POINTS = 5000;
    await runWorkers(root, "append", Array.from({ length: WORKERS }, (_, w) => [run.info.runId, String(w), String(POINTS)]));
    const text = fs.readFileSync(path.join(root, "0", run.info.runId, "metrics", "shared"), "utf8");
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(WORKERS * POINTS);
    expect(lines.every((l) => /^\d{13} \d+\.0 \d+$/.test(l))).toBe(true);
    const values = new Set((await client.getMetricHistory(run.info.runId, "shared")).map((p) => p.value));
    for (let w = 0; w < WORKERS; w++) for (let i = 0; i < POINTS; i++) if (!values.has(w * 1e6 + i)) throw new Error(`lost point ${w}/${i}`);
    expect(values.size).toBe(WORKERS * POINTS);
    console.log(`${WORKERS} processes x ${POINTS} points to one metric: ${values.size} points, each once, no torn line`);
  });

  it("a param written at once with two values by 12 processes: one value wins, the others get a typed error", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const run = await client.createRun("0");
    const results = await runWorkers(root, "param", Array.from({ length: 12 }, (_, i) => [run.info.runId, i % 2 ? "A" : "B"]));
    const stored = fs.readFileSync(path.join(root, "0", run.info.runId, "params", "contested"), "utf8");
    expect(["A", "B"]).toContain(stored);
    expect(results.filter((r) => r.ok).map((r) => r.ok)).toEqual(Array(6).fill(stored));
    expect(results.filter((r) => r.error).map((r) => r.error)).toEqual(Array(6).fill("InvalidParameterError"));
    expect(fs.readdirSync(path.join(root, "0", run.info.runId, "params"))).toEqual(["contested"]);
  });

  it("6 processes creating 10 runs each with params and tags in one experiment: every run whole", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const exp = await client.createExperiment("busy");
    const results = await runWorkers(root, "runs", Array.from({ length: 6 }, (_, w) => [exp, String(w), "10"]));
    const ids = results.flatMap((r) => r.runIds);
    expect(new Set(ids).size).toBe(60);
    const runs = (await client.searchRuns([exp], "", "ALL", 1000)).items;
    expect(runs).toHaveLength(60);
    for (const run of runs) {
      const [, w, r] = /^w(\d+)-r(\d+)$/.exec(run.info.runName)!;
      expect(Object.keys(run.data.params)).toHaveLength(20);
      expect(run.data.params.p7).toBe(`${w}.${r}.7`);
      expect(run.data.tags.t3).toBe(`tag ${w}.${r}.3`);
      expect(run.info.status).toBe("FINISHED");
    }
  });
});
