/**
 * A metric file whose last line is whole but has no newline (written by hand or by another
 * tool, common in stores committed to git). MLflow reads it, so mlruns reads it too; only a
 * line a killed write cut short (fewer fields than the line before it, or not a number) is
 * torn. `doctor` tells the two apart, and a resumed run terminates a whole line instead of
 * cutting it. What cannot be told apart: docs/crash-safety.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { diagnoseStore } from "../../../../src/store/file/doctor.js";
import { tempDir } from "../../helpers/temp-store.js";
import { captureWarnings, messagesWithCode } from "../../helpers/warnings.js";
import { assertBuilt, CLI } from "../../cli/helpers.js";

beforeAll(assertBuilt);
const resume = path.resolve(import.meta.dirname, "..", "..", "children", "resume-log.mjs");
const SCORE = "1609804410040 0.809 0"; // a leaderboard score added by hand

let root: string;
let client: MlflowClient;

async function runWithMetric(name: string, key: string, text: string): Promise<{ runId: string; file: string; runDir: string }> {
  const { info } = await client.createRun("0", undefined, undefined, name);
  const runDir = path.join(root, "0", info.runId);
  const file = path.join(runDir, "metrics", key);
  fs.writeFileSync(file, text);
  // Settled, as a file from a git checkout is: nothing is writing it.
  fs.utimesSync(file, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
  return { runId: info.runId, file, runDir };
}

beforeEach(() => {
  root = path.join(tempDir(), "mlruns");
  client = new MlflowClient(root);
});

describe("reading a whole last metric line without a newline", () => {
  it("counts it in getRun, getMetricHistory and search, as MLflow does", async () => {
    const scored = await runWithMetric("scored", "score", SCORE);
    const curve = await runWithMetric("curve", "loss", "1 0.5 0\n2 0.25 1\n3 0.125 2");
    await runWithMetric("low", "score", "1609804410040 0.5 0\n");
    const high = await runWithMetric("high", "score", "1609804410040 0.9 0\n");

    expect((await client.getRun(scored.runId)).data.metrics.score).toBe(0.809);
    expect((await client.getMetricHistory(scored.runId, "score")).map((p) => [p.timestamp, p.value, p.step])).toEqual([[1609804410040, 0.809, 0]]);
    expect((await client.getRun(curve.runId)).data.metrics.loss).toBe(0.125);
    expect((await client.getMetricHistory(curve.runId, "loss")).map((p) => p.step)).toEqual([0, 1, 2]);
    const found = (await client.searchRuns(["0"], "metrics.score > 0.8")).items.map((r) => r.info.runId);
    expect(found.sort()).toEqual([scored.runId, high.runId].sort());
  });

  it("counts it in a logged model's metrics too (4-field lines with the run id)", async () => {
    const m = await client.createLoggedModel("0", "scored-model");
    const dir = path.join(root, "0", "models", m.modelId, "metrics");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "score"), `1609804410000 0.7 0 ${"a".repeat(32)}\n1609804410040 0.809 1 ${"a".repeat(32)}`);
    expect((await client.getLoggedModel(m.modelId)).metrics.map((p) => [p.value, p.step])).toEqual([[0.809, 1]]);
  });

  it("still leaves out a line cut short: fewer fields than the line before it, or no number", async () => {
    const fewer = await runWithMetric("fewer", "m", "1 0.5 0\n2 0.25 1\n3 0.1"); // "3 0.1 2" cut: MLflow reads step 0
    const cutValue = await runWithMetric("cut-value", "m", "1 0.5 0\n2 0.25e");
    const { warnings } = await captureWarnings(async () => {
      expect((await client.getMetricHistory(fewer.runId, "m")).map((p) => p.step)).toEqual([0, 1]);
      expect((await client.getRun(cutValue.runId)).data.metrics.m).toBe(0.5);
    });
    // Each cut line is skipped with a warning naming its file.
    const messages = messagesWithCode(warnings);
    expect(messages.some((m) => m.includes(fewer.file))).toBe(true);
    expect(messages.some((m) => m.includes(cutValue.file))).toBe(true);
  });
});

describe("mlruns doctor on an unterminated last line", () => {
  it("reports a whole line apart from a torn one, and --fix adds the newline to one and cuts the other", async () => {
    const whole = await runWithMetric("whole", "score", `1609804410000 0.7 0\n${SCORE}`);
    const torn = await runWithMetric("torn", "score", "1609804410000 0.7 0\n1609804410040 0.80");
    const found = diagnoseStore(root)
      .filter((p) => p.path.includes(`${path.sep}metrics${path.sep}`))
      .map((p) => [p.kind, p.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["unterminated-metric-line", whole.file],
        ["torn-metric-line", torn.file],
      ]),
    );
    expect(found).toHaveLength(2);

    const r = spawnSync(process.execPath, [CLI, "--store", root, "doctor", "--fix"], { encoding: "utf8" });
    expect(r.stdout).toContain("fixed unterminated-metric-line");
    expect(r.stdout).toContain("fixed torn-metric-line");
    expect(fs.readFileSync(whole.file, "utf8")).toBe(`1609804410000 0.7 0\n${SCORE}\n`);
    expect(fs.existsSync(path.join(whole.runDir, ".score.torn"))).toBe(false);
    expect(fs.readFileSync(torn.file, "utf8")).toBe("1609804410000 0.7 0\n");
    expect(fs.readFileSync(path.join(torn.runDir, ".score.torn"), "utf8")).toBe("1609804410040 0.80\n");
    expect(diagnoseStore(root).filter((p) => p.path.includes(`${path.sep}metrics${path.sep}`))).toEqual([]);
    expect((await client.getRun(whole.runId)).data.metrics.score).toBe(0.809);
  });
});

describe("appending after a whole last line without a newline", () => {
  it("terminates it and appends: the point is kept, no .torn file, no warning", async () => {
    const { runId, file, runDir } = await runWithMetric("resumed", "score", `1609804410000 0.7 0\n${SCORE}`);
    const r = spawnSync(process.execPath, [resume, root, runId, "score", "2", "1"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("cut short");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.slice(0, 2)).toEqual(["1609804410000 0.7 0", SCORE]);
    expect(lines).toHaveLength(4);
    expect(fs.existsSync(path.join(runDir, ".score.torn"))).toBe(false);
    expect((await new MlflowClient(root).getMetricHistory(runId, "score")).map((p) => p.step)).toEqual([0, 0, 1, 2]);
  });
});
