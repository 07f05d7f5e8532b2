/**
 * The demo as a user runs it, as a subprocess in fresh folders: the same seed gives the same
 * fold scores (and submission and model), another seed other scores, and the command recorded
 * on a run, run again from its recorded folder, repeats it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reproductionInfo } from "../../../src/competition/index.js";
import { MlflowClient, type Run } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { buildDemo, demoEnv } from "./build-demo.js";

const run = promisify(execFile);
let built: ReturnType<typeof buildDemo>;

beforeAll(() => {
  built = buildDemo();
}, 120_000);
afterAll(() => built?.cleanup());

async function demo(args: string[], env: Record<string, string> = {}): Promise<{ cwd: string; stdout: string }> {
  const cwd = tempDir("mlruns-demo-repro-");
  const { stdout } = await run(process.execPath, [built.demo, ...args], { cwd, env: demoEnv(env), encoding: "utf8" });
  return { cwd, stdout };
}

/** The store's demo runs, oldest first. */
async function demoRuns(cwd: string): Promise<Run[]> {
  const client = new MlflowClient(path.join(cwd, "mlruns"));
  const exp = await client.getExperimentByName("mlruns-demo");
  expect(exp).not.toBeNull();
  return (await client.searchRuns([exp!.experimentId], "", "ACTIVE_ONLY", 100, ["attributes.start_time ASC"])).items;
}

const FOLD_KEYS = ["cv_rmse_fold_0", "cv_rmse_fold_1", "cv_rmse_fold_2", "cv_rmse_fold_3", "cv_rmse_fold_4", "cv_rmse_mean", "cv_rmse_std"];
const folds = (r: Run) => FOLD_KEYS.map((k) => r.data.metrics[k]);

function artifact(r: Run, rel: string): string {
  return fs.readFileSync(path.join(new URL(r.info.artifactUri).pathname, rel), "utf8");
}

describe("the demo is reproducible", () => {
  it("same seed, same fold scores; another seed, other scores; the recorded command repeats the run", async () => {
    const [a, c] = await Promise.all([demo([], { MLRUNS_DEMO_SEED: "7" }), demo(["--seed", "8"])]);
    const [runA] = await demoRuns(a.cwd);
    const [runC] = await demoRuns(c.cwd);
    expect(runA!.data.params.seed).toBe("7");
    expect(runC!.data.params.seed).toBe("8");
    expect(runA!.data.tags.command).toBe(`MLRUNS_DEMO_SEED=7 node ${built.demo}`);
    expect(runC!.data.tags.command).toBe(`node ${built.demo} --seed 8`);
    expect(folds(runA!).every((v) => typeof v === "number" && v > 0)).toBe(true);
    expect(folds(runC!)).not.toEqual(folds(runA!));

    // Re-run A from what its run recorded: the command tag, in the env.cwd folder.
    const info = reproductionInfo(runA!);
    expect(info.cwd).toBe(fs.realpathSync(a.cwd));
    await run("/bin/sh", ["-c", info.command!], { cwd: info.cwd, env: demoEnv(), encoding: "utf8" });
    const [first, second] = await demoRuns(a.cwd);
    expect(second!.info.runId).not.toBe(first!.info.runId);
    expect(folds(second!)).toEqual(folds(first!));
    expect(second!.data.metrics.holdout_rmse).toBe(first!.data.metrics.holdout_rmse);
    expect(artifact(second!, `submissions/${second!.data.tags.submission_file}`)).toBe(artifact(first!, `submissions/${first!.data.tags.submission_file}`));
    expect(artifact(second!, "model/model.json")).toBe(artifact(first!, "model/model.json"));

    // What the demo prints: the score, the measured overhead (its speed is bench/competition-overhead.mjs's job) and how to open it.
    expect(a.stdout).toContain(`5-fold CV RMSE ${runA!.data.metrics.cv_rmse_mean!.toFixed(4)}`);
    const overhead = Number(/logging overhead: (\d+) ms/.exec(a.stdout)?.[1]);
    expect(overhead).toBeGreaterThan(0);
    expect(a.stdout).toContain("MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri");
    expect(a.stdout).toContain(info.command);

    // The learning curve: holdout_rmse at every forest size, 1 to 25 trees, ending at the score.
    const curve = await new MlflowClient(path.join(a.cwd, "mlruns")).getMetricHistory(runA!.info.runId, "holdout_rmse");
    expect(curve.length).toBeGreaterThanOrEqual(20);
    expect(curve.map((m) => m.step)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(curve[0]!.value).toBeGreaterThan(curve[curve.length - 1]!.value); // one tree does worse than 25
    expect(curve[curve.length - 1]!.value).toBe(runA!.data.metrics.holdout_rmse);
    expect(a.stdout).toContain(`holdout RMSE ${runA!.data.metrics.holdout_rmse!.toFixed(4)}`);
    // ...and the printed `mlruns history` command shows it, sparkline and all.
    const historyLine = a.stdout.split("\n").find((l) => / history \S+ holdout_rmse/.test(l));
    expect(historyLine, a.stdout).toContain(`history ${runA!.info.runId} holdout_rmse`);
    const shown = await run("/bin/sh", ["-c", historyLine!.replace(/#.*/, "")], { cwd: a.cwd, env: demoEnv(), encoding: "utf8" });
    expect(shown.stdout).toContain("25 points, steps 1–25");
    expect(shown.stdout.split("\n")[1]).toMatch(/^ {2}[▁▂▃▄▅▆▇█]{25}$/);
  }, 240_000);
});
