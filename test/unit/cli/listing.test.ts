import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { displayWidth } from "../../../src/cli/text.js";
import { MlflowClient } from "../../../src/index.js";
import { ACTIVE_RUNS, assertBuilt, cli, cliOnTty, fixtureCopy, FX, hasScript, squeeze, tempDir } from "./helpers.js";

beforeAll(assertBuilt);

describe.concurrent("mlruns experiments (MLflow-written fixture)", () => {
  const store = fixtureCopy();

  it("lists active experiments: id, name, active runs (+deleted), last update; most recent first", async () => {
    const r = await cli(["--store", store, "experiments"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = squeeze(r.stdout);
    expect(lines[0]).toBe("ID  NAME  RUNS  LAST UPDATE");
    expect(lines).toHaveLength(4);
    expect(lines).toContain(`${FX.sweepsExp}  baseline/sweeps  2 (+1 deleted)  2026-11-24 15:46:37`);
    expect(lines).toContain(`${FX.unicodeExp}  Expérience 実験 🚀  6  2026-11-24 15:46:37`);
    expect(lines).toContain(`0  Default  2  2026-11-24 15:46:36`);
    expect(r.stdout).not.toContain("Deleted experiment");
    // Default (oldest activity) comes last.
    expect(lines[3]).toMatch(/^0 {2}Default/);
  });

  it("aligns columns by display width (CJK and emoji take two columns)", async () => {
    const r = await cli(["--store", store, "experiments"]);
    const lines = r.stdout.trimEnd().split("\n");
    const col = (line: string, text: string) => {
      // Display column at which `text` starts.
      const before = line.slice(0, line.indexOf(text));
      return [...before].reduce((w, ch) => w + (/[\u3000-\u9fff]|\p{Emoji_Presentation}/u.test(ch) ? 2 : 1), 0);
    };
    const dateColumn = lines.slice(1).map((l) => col(l, "  2026-"));
    expect(dateColumn).toHaveLength(3);
    expect(new Set([...dateColumn, col(lines[0]!, "  LAST UPDATE")]).size).toBe(1);
  });

  it("--all adds deleted experiments and a STAGE column; --deleted only those", async () => {
    const all = squeeze((await cli(["--store", store, "experiments", "--all"])).stdout);
    expect(all[0]).toBe("ID  NAME  STAGE  RUNS  LAST UPDATE");
    expect(all).toContain(`${FX.deletedExp}  Deleted experiment  deleted  0 (+1 deleted)  2026-11-24 15:46:37`);
    expect(all).toHaveLength(5);
    const deleted = squeeze((await cli(["--store", store, "experiments", "--deleted"])).stdout);
    expect(deleted).toEqual(["ID  NAME  RUNS  LAST UPDATE", `${FX.deletedExp}  Deleted experiment  0 (+1 deleted)  2026-11-24 15:46:37`]);
  });

  it("--json: the experiments with run counts and last activity", async () => {
    const r = await cli(["--store", store, "experiments", "--json", "--all"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(list.map((e) => e.experimentId).sort()).toEqual(["0", FX.sweepsExp, FX.deletedExp, FX.unicodeExp].sort());
    const sweeps = list.find((e) => e.experimentId === FX.sweepsExp)!;
    expect(sweeps).toMatchObject({ name: "baseline/sweeps", lifecycleStage: "active", runCount: 2, deletedRunCount: 1, creationTime: 1795535197149 });
    expect(Object.keys(sweeps).sort()).toEqual(
      ["artifactLocation", "creationTime", "deletedRunCount", "experimentId", "lastActivityTime", "lastUpdateTime", "lifecycleStage", "name", "runCount", "tags"].sort(),
    );
    expect(list.find((e) => e.experimentId === FX.deletedExp)!.tags).toEqual({ why: "to test .trash" });
  });

  it("--csv: header and one row per experiment, times in ISO 8601", async () => {
    const r = await cli(["--store", store, "experiments", "--csv"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("experiment_id,name,lifecycle_stage,runs,deleted_runs,last_update");
    expect(lines.find((l) => l.startsWith(FX.sweepsExp))).toMatch(/^\d+,baseline\/sweeps,active,2,1,2026-11-24T15:46:37\.\d{3}Z$/);
    expect(lines).toHaveLength(4);
  });

  it("an empty store says so", async () => {
    const empty = path.join(tempDir(), "mlruns");
    await (await import("node:fs")).promises.mkdir(empty);
    const r = await cli(["--store", empty, "experiments", "--deleted"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No deleted experiments.\n");
  });
});

describe.concurrent("mlruns runs (MLflow-written fixture)", () => {
  const store = fixtureCopy();

  it("without -e: every active run of every active experiment, with an EXPERIMENT column", async () => {
    const r = await cli(["--store", store, "runs"]);
    expect(r.code).toBe(0);
    const lines = squeeze(r.stdout);
    expect(lines[0]).toMatch(/^RUN {2}EXPERIMENT {2}NAME {2}STATUS {2}START/);
    expect(lines).toHaveLength(1 + ACTIVE_RUNS.length);
    for (const id of ACTIVE_RUNS) expect(r.stdout).toContain(id.slice(0, 8));
    expect(r.stdout).not.toContain(FX.toBeDeleted.slice(0, 8));
    expect(r.stdout).not.toContain(FX.inDeletedExp.slice(0, 8));
    expect(lines.find((l) => l.startsWith(FX.failing.slice(0, 8)))).toMatch(/^96526bee {2}Expérience 実験 🚀 {2}failing run {2}FAILED {2}2026-11-24 15:46/);
  });

  it("-e by name or id: that experiment only, no EXPERIMENT column, newest first", async () => {
    const byName = await cli(["--store", store, "runs", "-e", "baseline/sweeps"]);
    const byId = await cli(["--store", store, "runs", "--experiment", FX.sweepsExp]);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(byId.stdout);
    const lines = squeeze(byName.stdout);
    expect(lines[0]).toMatch(/^RUN {2}NAME {2}STATUS {2}START/);
    expect(lines.slice(1).map((l) => l.split("  ")[0])).toEqual([FX.sweep0.slice(0, 8), FX.restored.slice(0, 8)]);
  });

  it("several -e", async () => {
    const r = await cli(["--store", store, "runs", "-e", "Default", "-e", FX.sweepsExp, "--csv"]);
    const ids = r.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0]).sort();
    expect(ids).toEqual([FX.stillRunning, FX.defaultRun, FX.sweep0, FX.restored].sort());
  });

  it("an unknown experiment is an error", async () => {
    const r = await cli(["--store", store, "runs", "-e", "no such thing"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("mlruns: no experiment with id or name 'no such thing'\n");
  });

  it("--deleted / --all", async () => {
    const deleted = await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--deleted", "--csv"]);
    expect(deleted.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual([FX.toBeDeleted]);
    const all = squeeze((await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--all"])).stdout);
    expect(all[0]).toMatch(/STATUS {2}STAGE {2}START/);
    expect(all.find((l) => l.startsWith("9fdee91f"))).toMatch(/to be deleted {2}FINISHED {2}deleted/);
  });

  it("--json: full runs ({info, data}), NaN and infinities as strings", async () => {
    const r = await cli(["--store", store, "runs", "-e", FX.unicodeExp, "--json"]);
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout) as Array<{ info: Record<string, unknown>; data: { metrics: Record<string, unknown>; params: Record<string, string>; tags: Record<string, string> } }>;
    expect(runs.map((x) => x.info.runId).sort()).toEqual([FX.failing, FX.child2, FX.grandchild, FX.child1, FX.parent, FX.killed].sort());
    const parent = runs.find((x) => x.info.runId === FX.parent)!;
    expect(parent.info).toMatchObject({ runName: "entraînement 学習 ✓", experimentId: FX.unicodeExp, status: "FINISHED", lifecycleStage: "active" });
    expect(parent.data.metrics["special/nan"]).toBe("NaN");
    expect(parent.data.metrics["special/pos_inf"]).toBe("Infinity");
    expect(parent.data.metrics["special/neg_inf"]).toBe("-Infinity");
    expect(parent.data.metrics["eval/rmse"]).toBe(0.111);
    expect(parent.data.params.multiline).toBe("line one\nline two\n");
    expect(parent.data.tags["mlflow.note.content"]).toBe("# Parent run\n\nA *markdown* description with ünïcödé.\n");
  });

  it("--csv: header of run fields then every metric and param; values quoted as RFC 4180 wants", async () => {
    const r = await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--csv"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "run_id,run_name,experiment_id,status,lifecycle_stage,start_time,end_time,metrics.score,metrics.y,params.alpha,params.beta,params.x",
    );
    expect(lines[1]).toMatch(new RegExp(`^${FX.sweep0},sweep-0,${FX.sweepsExp},FINISHED,active,2026-11-24T15:46:37\\.\\d{3}Z,2026-11-24T15:46:37\\.\\d{3}Z,0\\.9,,0\\.01,1e-3,$`));
    const parent = await cli(["--store", store, "runs", "-e", FX.unicodeExp, "--csv", "--columns", "params.multiline,params.spaces,tags.quoted,metrics.special/nan"]);
    const row = parent.stdout.split("\n").find((l) => l.startsWith(FX.parent))!;
    expect(parent.stdout).toContain(`,"line one\nline two\n","  leading and trailing  ","it's ""quoted"": yes",nan\n`);
    expect(row.startsWith(`${FX.parent},entraînement 学習 ✓,`)).toBe(true);
  });

  it("--columns picks and orders columns; bare names resolve to metric, then param, then tag", async () => {
    const r = await cli(["--store", store, "runs", "-e", FX.unicodeExp, "--columns", "loss,fold", "--columns", "tags.mlflow.parentRunId"]);
    expect(r.code).toBe(0);
    const lines = squeeze(r.stdout);
    expect(lines[0]).toBe("RUN  NAME  STATUS  START  metrics.loss  params.fold  tags.mlflow.parentRunId");
    expect(lines.find((l) => l.startsWith("f7ec4dd3"))).toMatch(/child-1 {2}FINISHED {2}2026-11-24 15:46 {2}0\.6 {2}1 {2}eafba132707a41989cb4a7b5abe43537$/);
    expect(lines.find((l) => l.startsWith("1c60b938"))).toMatch(/ {2}- {2}- {2}-$/);
    const unknown = await cli(["--store", store, "runs", "--columns", "nonexistent"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^mlruns: unknown column 'nonexistent': no run has a metric, param or tag with that name/);
  });

  it("--filter and --order-by go to MLflow's search; --max cuts and says so on stderr", async () => {
    const filtered = await cli(["--store", store, "runs", "-e", FX.unicodeExp, "--filter", "metrics.loss < 0.5", "--csv"]);
    expect(filtered.code).toBe(0);
    expect(filtered.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual([FX.child2]);
    const ordered = await cli(["--store", store, "runs", "-e", FX.unicodeExp, "--filter", "metrics.loss > 0", "--order-by", "metrics.loss DESC", "--csv"]);
    expect(ordered.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual([FX.child1, FX.child2]);
    const top = await cli(["--store", store, "runs", "--order-by", "attributes.run_name ASC", "--max", "2", "--csv"]);
    expect(top.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[1])).toEqual(["child-1", "child-2"]);
    expect(top.stderr).toBe("mlruns: showing the first 2 runs; more match (raise --max)\n");
    const none = await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--filter", "params.alpha = 'nope'"]);
    expect(none.stdout).toBe("No runs match in experiment 'baseline/sweeps'.\n");
  });
});

describe("mlruns runs (a tree written with the library)", () => {
  let store: string;
  const ids: string[] = [];

  beforeAll(async () => {
    store = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(store);
    const exp = await client.createExperiment("sweep");
    const settings = [
      { lr: "0.1", depth: "3", rmse: 0.5, acc: 0.8 },
      { lr: "0.01", depth: "3", rmse: 0.25, acc: 0.9 },
      { lr: "0.001", depth: "3", rmse: 0.333333333333, acc: 0.85 },
    ];
    for (const [i, s] of settings.entries()) {
      const run = await client.createRun(exp, 1_700_000_000_000 + i * 60_000, { team: "ml" }, `lr-${s.lr}`);
      await client.logParam(run.info.runId, "lr", s.lr);
      await client.logParam(run.info.runId, "depth", s.depth);
      await client.logParam(run.info.runId, "note", "");
      client.logMetric(run.info.runId, "rmse", s.rmse, 1_700_000_000_000, 0);
      client.logMetric(run.info.runId, "accuracy", s.acc, 1_700_000_000_000, 0);
      await client.setTerminated(run.info.runId, "FINISHED", 1_700_000_000_000 + i * 60_000 + 5000);
      ids.push(run.info.runId);
    }
    await client.flush();
  });

  it("default columns: metrics present in the runs, and the params that vary before those that do not", async () => {
    // 116 columns wide: COLUMNS keeps it whole now that a table not on a terminal fits 80 columns (issue #14).
    const r = await cli(["--store", store, "runs", "-e", "sweep"], { env: { COLUMNS: "120" } });
    expect(r.code).toBe(0);
    const lines = squeeze(r.stdout);
    expect(lines[0]).toBe("RUN  NAME  STATUS  START  params.lr  params.depth  params.note  metrics.accuracy  metrics.rmse");
    expect(lines.slice(1)).toEqual([
      `${ids[2]!.slice(0, 8)}  lr-0.001  FINISHED  2023-11-14 22:15  0.001  3  ""  0.85  0.333333`,
      `${ids[1]!.slice(0, 8)}  lr-0.01  FINISHED  2023-11-14 22:14  0.01  3  ""  0.9  0.25`,
      `${ids[0]!.slice(0, 8)}  lr-0.1  FINISHED  2023-11-14 22:13  0.1  3  ""  0.8  0.5`,
    ]);
  });

  it("order by a metric", async () => {
    const r = await cli(["--store", store, "runs", "-e", "sweep", "-o", "metrics.rmse ASC", "--csv", "--columns", "metrics.rmse"]);
    expect(r.stdout).toBe(
      [
        "run_id,run_name,experiment_id,status,lifecycle_stage,start_time,end_time,metrics.rmse",
        ...[1, 2, 0].map((i) => {
          const start = 1_700_000_000_000 + i * 60_000;
          return `${ids[i]},lr-${["0.1", "0.01", "0.001"][i]},${r.stdout.split("\n")[1]!.split(",")[2]},FINISHED,active,${new Date(start).toISOString()},${new Date(start + 5000).toISOString()},${[0.5, 0.25, 0.333333333333][i]}`;
        }),
      ].join("\n") + "\n",
    );
  });
});

describe("mlruns runs: the default table of a cross-validation sweep (issue #14)", () => {
  let store: string;
  const ids: string[] = [];
  const folds = (i: number) => Object.fromEntries([0, 1, 2, 3].map((f) => [`cv_rmse_fold_${f}`, 0.3 + 0.01 * f + 0.001 * i]));

  beforeAll(async () => {
    store = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(store);
    const exp = await client.createExperiment("house-prices");
    for (let i = 0; i < 3; i++) {
      const run = await client.createRun(exp, 1_700_000_000_000 + i * 60_000, {}, `lgbm-${i}`);
      const id = run.info.runId;
      for (const [k, v] of Object.entries({ learning_rate: String(0.1 / (i + 1)), num_leaves: String(31 + i), seed: "42", model: "lightgbm" })) await client.logParam(id, k, v);
      // Fold 2 ranks the runs the other way round from the start times.
      const metrics = { ...folds(i), cv_rmse_fold_2: 0.4 - 0.01 * i, cv_rmse: 0.31 + 0.001 * i, cv_rmse_std: 0.01, train_time_s: 12.5 + i };
      for (const [k, v] of Object.entries(metrics)) client.logMetric(id, k, v, 1_700_000_000_000, 0);
      await client.setTerminated(id, "FINISHED", 1_700_000_000_000 + i * 60_000 + 5000);
      ids.push(id);
    }
    await client.flush();
  });

  const widest = (text: string) => Math.max(...text.trimEnd().split("\n").map((l) => displayWidth(l)));

  it("not on a terminal and no COLUMNS: fits 80 columns, aggregates first, and says how many columns it hid", async () => {
    const r = await cli(["--store", store, "runs", "-e", "house-prices"]);
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const lines = squeeze(r.stdout);
    // Short headers once the table is squeezed: metrics right-aligned, params left.
    expect(lines[0]).toBe("RUN  NAME  STATUS  START  learning_rate  num_leaves  cv_rmse");
    expect(lines[1]).toBe(`${ids[2]!.slice(0, 8)}  lgbm-2  FINISHED  2023-11-14 22:15  0.033333333…  33  0.312`);
    expect(r.stderr).toBe(
      "mlruns: 4 columns hidden to fit 80 columns (metrics.cv_rmse_std, metrics.train_time_s, params.model, …); --wide shows every metric and param\n",
    );
  });

  it("COLUMNS sets the width when stdout is not a terminal; cells are cut with … before columns go", async () => {
    const r = await cli(["--store", store, "runs", "-e", "house-prices"], { env: { COLUMNS: "110" } });
    expect(widest(r.stdout)).toBeLessThanOrEqual(110);
    const lines = squeeze(r.stdout);
    expect(lines[0]).toBe("RUN  NAME  STATUS  START  learning_rate  num_leaves  cv_rmse  cv_rmse_std  train_time_s");
    expect(lines[1]).toBe(`${ids[2]!.slice(0, 8)}  lgbm-2  FINISHED  2023-11-14 22:15  0.033333333…  33  0.312  0.01  14.5`);
    expect(r.stderr).toBe("mlruns: 2 columns hidden to fit 110 columns (params.model, metrics.cv_rmse_fold_0); --wide shows every metric and param\n");
    const roomy = await cli(["--store", store, "runs", "-e", "house-prices"], { env: { COLUMNS: "250" } });
    expect(squeeze(roomy.stdout)[0]).toBe(
      "RUN  NAME  STATUS  START  params.learning_rate  params.num_leaves  params.model  metrics.cv_rmse  metrics.cv_rmse_std  metrics.train_time_s  metrics.cv_rmse_fold_0",
    );
    expect(roomy.stderr).toBe("");
  });

  it("the columns --order-by and --filter name come first, order-by's before the filter's", async () => {
    const r = await cli(["--store", store, "runs", "-e", "house-prices", "-o", "metrics.cv_rmse_fold_2 ASC", "-f", "params.seed = '42' and metrics.train_time_s > 0"], {
      env: { COLUMNS: "250" },
    });
    expect(r.code).toBe(0);
    const lines = squeeze(r.stdout);
    expect(lines[0]).toBe(
      "RUN  NAME  STATUS  START  metrics.cv_rmse_fold_2  metrics.train_time_s  params.seed  params.learning_rate  params.num_leaves  params.model  metrics.cv_rmse  metrics.cv_rmse_std",
    );
    expect(lines.slice(1).map((l) => l.split("  ")[0])).toEqual([ids[2]!.slice(0, 8), ids[1]!.slice(0, 8), ids[0]!.slice(0, 8)]);
    expect(lines[1]).toMatch(/2023-11-14 22:15 {2}0\.38 {2}14\.5 {2}42 {2}/);
    // At 80 columns the named columns are the last to go.
    const narrow = await cli(["--store", store, "runs", "-e", "house-prices", "-o", "metrics.cv_rmse_fold_2 ASC", "-f", "params.seed = '42'"]);
    expect(squeeze(narrow.stdout)[0]).toBe("RUN  NAME  STATUS  START  cv_rmse_fold_2  seed  cv_rmse");
  });

  it("--wide shows every metric and param, however wide", async () => {
    const r = await cli(["--store", store, "runs", "-e", "house-prices", "--wide"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(squeeze(r.stdout)[0]).toBe(
      "RUN  NAME  STATUS  START  params.learning_rate  params.num_leaves  params.model  params.seed  metrics.cv_rmse  metrics.cv_rmse_std  " +
        "metrics.train_time_s  metrics.cv_rmse_fold_0  metrics.cv_rmse_fold_1  metrics.cv_rmse_fold_2  metrics.cv_rmse_fold_3",
    );
    expect(widest(r.stdout)).toBeGreaterThan(200);
  });

  it("on a terminal, its own width (util-linux script, with stty cols 60)", async () => {
    if (!hasScript) throw new Error("util-linux 'script' is required for the terminal tests (apt-get install util-linux)");
    const r = await cliOnTty(["--store", store, "runs", "-e", "house-prices"], "", { NO_COLOR: "1" }, 60);
    expect(r.code).toBe(0);
    expect(widest(r.stdout.replace(/mlruns: .*\n/, ""))).toBeLessThanOrEqual(60);
    expect(r.stdout).toContain("hidden to fit 60 columns");
  });

  it("mlruns runs --help documents the width rules and --wide", async () => {
    const r = await cli(["runs", "--help"]);
    expect(r.stdout).toMatch(/-w, --wide +every metric and param, however wide the table gets/);
    expect(r.stdout).toContain("$COLUMNS when stdout is not a terminal, else 80");
    expect(r.stdout).toContain("aggregates such as cv_rmse before per-fold keys");
    expect((await cli(["--help"])).stdout).toContain("'mlruns runs' fits its table to the terminal ($COLUMNS when stdout is not a terminal, else\n80 columns); its --wide shows every metric and param.\n");
  });
});
