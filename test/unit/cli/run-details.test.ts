import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { assertBuilt, cli, fixtureCopy, FX, squeeze, tempDir } from "./helpers.js";

beforeAll(assertBuilt);

/** The lines of `text` from the line `title` up to the next blank line. */
function section(text: string, title: RegExp): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => title.test(l));
  if (start < 0) throw new Error(`no section ${title} in:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && l === "");
  return lines.slice(start, end < 0 ? undefined : end);
}

describe.concurrent("mlruns show (MLflow-written fixture)", () => {
  const store = fixtureCopy();

  it("a parent run: info, description, children, params, metrics, user and system tags, artifact tree", async () => {
    const r = await cli(["--store", store, "show", FX.parent]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = r.stdout;
    // The URI as meta.yaml records it (as MLflow's get_run returns it): the path of the machine
    // that wrote the fixture. The artifacts are read from this copy of the store.
    const recorded = fs.readFileSync(path.join(store, FX.unicodeExp, FX.parent, "meta.yaml"), "utf8").match(/^artifact_uri: (.*)$/m)![1]!;
    expect(recorded.startsWith(`file://${store}/`)).toBe(false);
    expect(squeeze(section(out, /^Run /).join("\n"))).toEqual([
      `Run ${FX.parent}`,
      "Name  entraînement 学習 ✓",
      `Experiment  Expérience 実験 🚀 (${FX.unicodeExp})`,
      "Status  FINISHED",
      "Lifecycle  active",
      "User  root",
      "Start  2026-11-24 15:46:36",
      expect.stringMatching(/^End {2}2026-11-24 15:46:37 \(took \d+ms\)$/),
      `Artifact URI  ${recorded}`,
      `Artifacts at  ${store}/${FX.unicodeExp}/${FX.parent}/artifacts (the store was moved; mlruns relocate records this)`,
      "Parent  -",
      "Children  2",
    ]);
    expect(section(out, /^Description$/)).toEqual(["Description", "  # Parent run", "", "  A *markdown* description with ünïcödé."].slice(0, 2));
    expect(out).toContain("Description\n  # Parent run\n\n  A *markdown* description with ünïcödé.\n");
    expect(squeeze(section(out, /^Children/).join("\n"))).toEqual(["Children (2)", "f7ec4dd3  child-1  FINISHED", "e09a9830  child-2  FINISHED"]);

    const params = squeeze(section(out, /^Params/).join("\n"));
    expect(params[0]).toBe("Params (12)");
    expect(params).toContain("batch size  32");
    expect(params).toContain("multiline  line one\\nline two\\n");
    expect(params).toContain("unicode  naïve café ☕ 🚀");
    expect(params).toContain("empty_value");
    expect(params.find((l) => l.startsWith("long_value"))).toMatch(/abcdefghij-end$/); // shown in full

    const metrics = squeeze(section(out, /^Metrics/).join("\n"));
    expect(metrics[0]).toBe("Metrics (18)");
    expect(metrics[1]).toBe("KEY  LATEST  STEP  POINTS  HISTORY");
    expect(metrics).toContain("eval/rmse  0.111  0  2  █▁");
    expect(metrics).toContain("special/nan  nan  0  1");
    expect(metrics).toContain("special/neg_inf  -inf  0  1");
    expect(metrics).toContain("special/huge  1.7976931348623157e+308  0  1");
    expect(metrics.find((l) => l.startsWith("train/loss"))).toMatch(/^train\/loss {2}0\.000998003992015968 {2}999 {2}1000 {2}█[▁-█]{23}$/);

    const tags = squeeze(section(out, /^Tags/).join("\n"));
    expect(tags[0]).toBe("Tags (9)");
    expect(tags).toContain("unicode tag  ユニコード 🎉");
    expect(tags).toContain("multiline tag  a\\nb\\n");
    expect(tags.some((l) => l.startsWith("mlflow."))).toBe(false);
    const system = squeeze(section(out, /^System tags/).join("\n"));
    expect(system[0]).toBe("System tags (6)");
    expect(system).toContain("mlflow.runName  entraînement 学習 ✓");
    expect(system).toContain("mlflow.user  root");
    expect(system.some((l) => l.startsWith("mlflow.note.content"))).toBe(false); // shown as the description

    expect(section(out, /^Artifacts/)).toEqual([
      "Artifacts (9 files, 473 B)",
      "  ├── binary/",
      "  │   └── all_bytes.bin  (256 B)",
      "  ├── config/",
      "  │   ├── params.json  (93 B)",
      "  │   └── params.yaml  (50 B)",
      "  ├── dir/",
      "  │   ├── données é/",
      "  │   │   └── résumé 📄.txt  (13 B)",
      "  │   ├── root.txt  (5 B)",
      "  │   └── sub/",
      "  │       ├── a.csv  (12 B)",
      "  │       └── deeper/",
      "  │           ├── b.json  (17 B)",
      "  │           └── empty.txt  (0 B)",
      "  └── text/",
      "      └── readme.txt  (27 B)",
    ]);
  });

  it("a child run names its parent; a leaf has no children; a unique prefix is enough", async () => {
    const child = await cli(["--store", store, "show", FX.child1.slice(0, 6)]);
    expect(child.code).toBe(0);
    expect(child.stdout).toMatch(new RegExp(`^ {2}Parent {8}${FX.parent} \\(entraînement 学習 ✓\\)$`, "m"));
    expect(squeeze(section(child.stdout, /^Children/).join("\n"))).toEqual(["Children (1)", "5ab6887e  grandchild  FINISHED"]);
    const leaf = await cli(["--store", store, "show", FX.grandchild]);
    expect(leaf.stdout).toMatch(/^ {2}Children +-$/m);
    expect(leaf.stdout).not.toMatch(/^Children \(/m);
    expect(leaf.stdout).toContain(`  Parent        ${FX.child1} (child-1)`);
  });

  it("a deleted run (in a deleted experiment) can be shown", async () => {
    const r = await cli(["--store", store, "show", FX.inDeletedExp]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  Experiment    Deleted experiment (${FX.deletedExp}) [deleted]`);
    expect(r.stdout).toContain("  Lifecycle     deleted");
    expect(squeeze(section(r.stdout, /^Artifacts/).join("\n"))).toEqual(["Artifacts (0 files, 0 B)", "(none)"]);
  });

  it("--json", async () => {
    const r = await cli(["--store", store, "show", FX.child1, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j).sort()).toEqual(["artifacts", "children", "data", "experiment", "info", "metricSteps", "parent"]);
    expect(j.info).toMatchObject({ runId: FX.child1, runName: "child-1", status: "FINISHED" });
    expect(j.data).toMatchObject({ params: { fold: "1" }, metrics: { loss: 0.6 } });
    expect(j.experiment).toEqual({ experimentId: FX.unicodeExp, name: "Expérience 実験 🚀", lifecycleStage: "active" });
    expect(j.parent).toEqual({ runId: FX.parent, runName: "entraînement 学習 ✓", found: true });
    expect(j.children).toEqual([{ runId: FX.grandchild, runName: "grandchild", status: "FINISHED" }]);
    expect(j.metricSteps).toEqual({ loss: { latestStep: 4, points: 5 } });
    expect(j.artifacts).toEqual([{ path: "fold.txt", isDir: false, fileSize: 7 }]);
  });

  it("unknown ids, too-short or ambiguous prefixes are errors", async () => {
    const missing = await cli(["--store", store, "show", "0123456789abcdef0123456789abcdef"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("mlruns: no run with id '0123456789abcdef0123456789abcdef'\n");
    const noPrefix = await cli(["--store", store, "show", "ffff"]);
    expect(noPrefix.code).toBe(1);
    expect(noPrefix.stderr).toBe("mlruns: no run with id or id prefix 'ffff'\n");
    const short = await cli(["--store", store, "show", "eaf"]);
    expect(short.code).toBe(1);
    expect(short.stderr).toBe("mlruns: run id prefix 'eaf' is too short: give at least 4 characters of the run id (or all 32)\n");
  });

  it("every command taking a run id says a prefix under 4 characters is too short, though it names one run", async () => {
    const tooShort = (ref: string) => `mlruns: run id prefix '${ref}' is too short: give at least 4 characters of the run id (or all 32)\n`;
    // 'eaf' is the start of the parent run's id only: unique, and still refused.
    const show = await cli(["--store", store, "show", FX.parent.slice(0, 3)]);
    expect([show.code, show.stderr]).toEqual([1, tooShort(FX.parent.slice(0, 3))]);
    const history = await cli(["--store", store, "history", "e", "loss"]);
    expect([history.code, history.stderr]).toEqual([1, tooShort("e")]);
    const compare = await cli(["--store", store, "compare", FX.parent, "ea"]);
    expect([compare.code, compare.stderr]).toEqual([1, tooShort("ea")]);
    const restore = await cli(["--store", store, "restore", "eaf"]);
    expect([restore.code, restore.stderr]).toEqual([1, tooShort("eaf")]);
    expect((await cli(["--store", store, "show", FX.parent.slice(0, 4)])).code).toBe(0);
  });

  it("an ambiguous prefix lists the candidates", async () => {
    const own = fixtureCopy();
    // A second run whose id shares the first 8 characters of sweep-0's.
    const twin = FX.sweep0.slice(0, 8) + "0".repeat(24);
    const src = path.join(own, FX.sweepsExp, FX.sweep0);
    const dst = path.join(own, FX.sweepsExp, twin);
    fs.cpSync(src, dst, { recursive: true });
    const meta = path.join(dst, "meta.yaml");
    fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replaceAll(FX.sweep0, twin));
    const r = await cli(["--store", own, "show", FX.sweep0.slice(0, 8)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`mlruns: run id prefix '${FX.sweep0.slice(0, 8)}' is ambiguous: it matches 2 runs: `);
    expect(r.stderr).toContain(`${FX.sweep0} (sweep-0)`);
    expect(r.stderr).toContain(`${twin} (sweep-0)`);
    expect((await cli(["--store", own, "show", FX.sweep0.slice(0, 9)])).code).toBe(0);
  });
});

describe("compare and history (a tree written with the library)", () => {
  let store: string;
  const ids: string[] = [];

  beforeAll(async () => {
    store = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(store);
    const exp = await client.createExperiment("cmp");
    const runs = [
      { name: "a", params: { lr: "0.1", seed: "1", only_a: "x" }, metrics: { val_loss: 0.5, accuracy: 0.91, f1: 0.7, train_rmse: Number.NaN } },
      { name: "b", params: { lr: "0.01", seed: "1" }, metrics: { val_loss: 0.25, accuracy: 0.93, f1: 0.7, train_rmse: 1.5 } },
      { name: "c", params: { lr: "0.001", seed: "1" }, metrics: { val_loss: 0.25, accuracy: 0.92, train_rmse: 2 } },
    ];
    for (const [i, spec] of runs.entries()) {
      const run = await client.createRun(exp, 1_700_000_000_000 + i * 1000, {}, spec.name);
      for (const [k, v] of Object.entries(spec.params)) await client.logParam(run.info.runId, k, v);
      for (const [k, v] of Object.entries(spec.metrics)) client.logMetric(run.info.runId, k, v, 1_700_000_000_000, 0);
      ids.push(run.info.runId);
    }
    // A history for `history`: steps out of order, a NaN, two points on one step.
    const h = ids[0]!;
    const points: Array<[number, number]> = [
      [0, 8],
      [2, 6],
      [1, 7],
      [3, 5],
      [4, 4],
      [5, Number.NaN],
      [6, 2],
      [7, 1],
      [7, 1.5],
    ];
    points.forEach(([step, value], i) => client.logMetric(h, "loss", value, 1_700_000_000_000 + i, step));
    for (const id of ids) await client.setTerminated(id, "FINISHED", 1_700_000_010_000);
    await client.flush();
  });

  it("compare: params side by side (differing marked ≠), metrics with the best marked *, and the legend", async () => {
    const r = await cli(["--store", store, "compare", ids[0]!, ids[1]!, ids[2]!.slice(0, 10)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = squeeze(r.stdout);
    const short = ids.map((id) => id.slice(0, 8));
    expect(lines[0]).toBe(`run  ${short.join("  ")}`);
    expect(lines[1]).toBe("name  a  b  c");
    expect(lines).toContain("status  FINISHED  FINISHED  FINISHED");
    expect(lines).toContain("Params (3)");
    expect(lines).toContain("≠ lr  0.1  0.01  0.001");
    expect(lines).toContain("≠ only_a  x  -  -");
    expect(lines).toContain("seed  1  1  1");
    expect(lines).toContain("Metrics (5)");
    expect(lines).toContain("loss ↓  1.5  -  -"); // one value: nothing to beat
    expect(lines).toContain("accuracy ↑  0.91  0.93 *  0.92");
    expect(lines).toContain("f1 ↑  0.7 *  0.7 *  -"); // ties all win
    expect(lines).toContain("train_rmse ↓  nan  1.5 *  2"); // NaN never wins
    expect(lines).toContain("val_loss ↓  0.5  0.25 *  0.25 *");
    expect(lines[lines.length - 1]).toBe(
      "≠ param differs between runs.  * best value: ↓ lower is better for metrics whose name contains loss, rmse, mae, mse, error or err; ↑ higher is better for the others.",
    );
  });

  it("compare --higher-is-better / --lower-is-better set a metric's direction over the name rule; a missing value is never best", async () => {
    const r = await cli(["--store", store, "compare", ...ids, "--higher-is-better", "train_rmse", "--lower-is-better", "f1", "--lower-is-better", "accuracy"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = squeeze(r.stdout);
    expect(lines).toContain("train_rmse ↑  nan  1.5  2 *");
    expect(lines).toContain("f1 ↓  0.7 *  0.7 *  -"); // run c has no f1: lowest would be a missing value read as 0 or -inf
    expect(lines).toContain("accuracy ↓  0.91 *  0.93  0.92");
    expect(lines).toContain("val_loss ↓  0.5  0.25 *  0.25 *"); // not named: the name rule
    expect(lines[lines.length - 1]).toMatch(/ Set on the command line: train_rmse ↑, f1 ↓, accuracy ↓\.$/);
    const j = JSON.parse((await cli(["--store", store, "compare", ...ids, "--json", "--higher-is-better", "train_rmse", "--lower-is-better", "f1"])).stdout) as {
      metrics: Array<{ key: string; better: string; best: string[] }>;
      legend: { higher: string[]; lower: string[] };
    };
    expect(j.metrics.find((m) => m.key === "train_rmse")).toMatchObject({ better: "higher", best: [ids[2]] });
    expect(j.metrics.find((m) => m.key === "f1")).toMatchObject({ better: "lower", best: [ids[0], ids[1]] });
    expect(j.legend).toMatchObject({ higher: ["train_rmse"], lower: ["f1"] });
    // Missing in two runs of three: nothing to beat, whichever way is better.
    const one = await cli(["--store", store, "compare", ...ids, "--higher-is-better", "loss"]);
    expect(squeeze(one.stdout)).toContain("loss ↑  1.5  -  -");
  });

  it("compare: a metric named both ways is a usage error; a metric no run has is a note with a likely match", async () => {
    const both = await cli(["--store", store, "compare", ids[0]!, ids[1]!, "--higher-is-better", "f1", "--lower-is-better", "f1"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("mlruns: metric 'f1' is given both --higher-is-better and --lower-is-better; keep one\nRun 'mlruns compare --help' for usage.\n");
    const typo = await cli(["--store", store, "compare", ids[0]!, ids[1]!, "--higher-is-better", "acuracy"]);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toBe("mlruns: --higher-is-better 'acuracy': none of these runs has that metric (did you mean 'accuracy'?)\n");
  });

  it("compare --help documents the direction flags", async () => {
    const r = await cli(["compare", "--help"]);
    expect(r.stdout).toMatch(/--higher-is-better KEY +the best value of metric KEY is the highest \(repeatable\)/);
    expect(r.stdout).toMatch(/--lower-is-better KEY +the best value of metric KEY is the lowest \(repeatable\)/);
  });

  it("compare --diff shows only the differing params", async () => {
    const r = await cli(["--store", store, "compare", ids[0]!, ids[1]!, "--diff"]);
    const lines = squeeze(r.stdout);
    expect(lines).toContain("Params (2 of 3)");
    expect(lines.some((l) => l.startsWith("seed"))).toBe(false);
  });

  it("compare --json", async () => {
    const r = await cli(["--store", store, "compare", ids[0]!, ids[1]!, ids[2]!, "--json"]);
    const j = JSON.parse(r.stdout) as {
      runs: Array<{ runId: string; runName: string }>;
      params: Array<{ key: string; values: Array<string | null>; differs: boolean }>;
      metrics: Array<{ key: string; values: Array<number | string | null>; better: string; best: string[] }>;
      legend: Record<string, string>;
    };
    expect(j.runs.map((x) => [x.runId, x.runName])).toEqual([
      [ids[0], "a"],
      [ids[1], "b"],
      [ids[2], "c"],
    ]);
    expect(j.params).toEqual([
      { key: "lr", values: ["0.1", "0.01", "0.001"], differs: true },
      { key: "only_a", values: ["x", null, null], differs: true },
      { key: "seed", values: ["1", "1", "1"], differs: false },
    ]);
    expect(j.metrics).toEqual([
      { key: "accuracy", values: [0.91, 0.93, 0.92], better: "higher", best: [ids[1]] },
      { key: "f1", values: [0.7, 0.7, null], better: "higher", best: [ids[0], ids[1]] },
      { key: "loss", values: [1.5, null, null], better: "lower", best: [] },
      { key: "train_rmse", values: ["NaN", 1.5, 2], better: "lower", best: [ids[1]] },
      { key: "val_loss", values: [0.5, 0.25, 0.25], better: "lower", best: [ids[1], ids[2]] },
    ]);
    expect(j.legend.best).toContain("loss, rmse, mae, mse, error or err");
  });

  it("history: header, sparkline, min/max/last, and every point by step", async () => {
    const r = await cli(["--store", store, "history", ids[0]!, "loss"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`loss  run ${ids[0]!.slice(0, 8)} (a)  9 points, steps 0–7`);
    expect(lines[1]).toBe("  █▇▆▅▄ ▂▁▂"); // 1.5 is 1/14 of the way from 1 to 8: rounds to the second bar
    expect(lines[2]).toBe("  min 1 (step 7)  max 8 (step 0)  last 1.5 (step 7)");
    expect(lines[3]).toBe("");
    expect(squeeze(lines.slice(4).join("\n"))).toEqual([
      "STEP  VALUE  TIMESTAMP",
      "0  8  2023-11-14 22:13:20.000",
      "1  7  2023-11-14 22:13:20.002",
      "2  6  2023-11-14 22:13:20.001",
      "3  5  2023-11-14 22:13:20.003",
      "4  4  2023-11-14 22:13:20.004",
      "5  nan  2023-11-14 22:13:20.005",
      "6  2  2023-11-14 22:13:20.006",
      "7  1  2023-11-14 22:13:20.007",
      "7  1.5  2023-11-14 22:13:20.008",
    ]);
  });

  it("history --json and --csv", async () => {
    const json = await cli(["--store", store, "history", ids[0]!, "loss", "--json"]);
    const points = JSON.parse(json.stdout) as Array<{ step: number; value: number | string; timestamp: number }>;
    expect(points).toHaveLength(9);
    expect(points[0]).toEqual({ step: 0, value: 8, timestamp: 1_700_000_000_000 });
    expect(points[5]).toEqual({ step: 5, value: "NaN", timestamp: 1_700_000_000_005 });
    const csv = await cli(["--store", store, "history", ids[0]!, "loss", "--csv"]);
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("step,value,timestamp");
    expect(lines.slice(1, 3)).toEqual(["0,8,1700000000000", "1,7,1700000000002"]);
    expect(lines[6]).toBe("5,nan,1700000000005");
    expect(lines).toHaveLength(10);
  });

  it("history of a metric the run does not have: an error with a suggestion or the list", async () => {
    const typo = await cli(["--store", store, "history", ids[1]!, "val_los"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(`mlruns: run ${ids[1]} has no metric 'val_los' (did you mean 'val_loss'?)\n`);
    const other = await cli(["--store", store, "history", ids[1]!, "zzz"]);
    expect(other.stderr).toBe(`mlruns: run ${ids[1]} has no metric 'zzz'; its metrics: accuracy, f1, train_rmse, val_loss\n`);
  });

  it("history draws long series averaged into at most 60 columns", async () => {
    const own = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(own);
    const run = await client.createRun("0");
    for (let i = 0; i < 600; i++) client.logMetric(run.info.runId, "ramp", i, 1_700_000_000_000 + i, i);
    await client.flush();
    const r = await cli(["--store", own, "history", run.info.runId, "ramp"]);
    const spark = r.stdout.split("\n")[1]!.trim();
    expect([...spark]).toHaveLength(60);
    expect(spark.startsWith("▁")).toBe(true);
    expect(spark.endsWith("█")).toBe(true);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(4 + 1 + 600);
  });
});
