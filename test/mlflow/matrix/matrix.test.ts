/**
 * The version matrix: every MLflow release in .ci/mlflow-matrix, each in its own venv
 * (.venv-matrix/<version>/, built on first use), judges mlruns five ways:
 *
 *   guard  FileStore opens without MLFLOW_ALLOW_FILE_STORE before 3.13 and refuses after, and
 *          `mlflow migrate-filestore` exists from 3.10 on: the README's table, checked live;
 *   (a)    MLflow's Python client reads the mlruns scenario field by field (check_scenario.py);
 *   (b)    mlruns reads a tree that release wrote exactly as that release does (dump_tree.py vs
 *          dumpTree), and after that tree is moved and relocated, the release sees it whole again;
 *   (c)    `mlflow server` on the mlruns tree serves experiments, runs, params, tags, metric
 *          histories, artifact listings and artifact bytes through its REST API;
 *   (d)    `mlflow migrate-filestore` (where it exists) copies the tree into SQLite with the same
 *          counts, and `mlflow server` on that database (no file-store opt-in) serves the runs;
 *   (e)    a moved mlruns tree: the server lists no artifacts, `relocate` fixes the locations,
 *          and the same server then serves every artifact byte for byte.
 *
 * No cell skips: a release that cannot be installed or started fails its cells loudly.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relocate } from "../../../src/store/file/relocate.js";
import { pathToFileUri } from "../../../src/util/file-uri.js";
import { PY_DIR } from "../python.js";
import { dumpTree } from "../tree-dump.js";
import {
  api,
  download,
  ensureVenv,
  exec,
  hasFileStoreGuard,
  matrixVersions,
  mlflowEnv,
  runPy,
  startMlflow,
  type MlflowServer,
  type MlflowVenv,
} from "./mlflow-env.js";
import { encodeFloat, writeScenario, type Scenario } from "./scenario.js";

type Json = Record<string, any>;

const ENTRIES = matrixVersions();
const ALLOW = { MLFLOW_ALLOW_FILE_STORE: "true" };

/** `mlflow migrate-filestore` first shipped in 3.10.0 (3.9.0's wheel has no mlflow/store/fs2db/). */
function hasMigrateFilestore(version: string): boolean {
  const [major, minor] = version.split(".").map(Number) as [number, number];
  return major > 3 || (major === 3 && minor >= 10);
}

/** The opt-in a file-store server needs: none before 3.13. */
function fileStoreEnv(version: string): Record<string, string> {
  return hasFileStoreGuard(version) ? ALLOW : {};
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A REST metric value ("NaN", "Infinity", a number) in the scenario's encoding. */
function restFloat(v: unknown): number | string {
  if (typeof v === "string") {
    if (v === "NaN" || v === "Infinity" || v === "-Infinity") return v;
    throw new Error(`unexpected metric value ${JSON.stringify(v)}`);
  }
  return encodeFloat(v as number);
}

const kv = (list: { key: string; value: string }[] | undefined) => Object.fromEntries((list ?? []).map((p) => [p.key, p.value]));

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-matrix-"));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh scenario written by mlruns at `<dir>/mlruns`: the tree and what was logged into it. */
async function freshScenario(dir: string): Promise<Scenario> {
  fs.mkdirSync(path.join(dir, "scratch"), { recursive: true });
  return writeScenario(path.join(dir, "mlruns"), path.join(dir, "scratch"));
}

async function listArtifactsRest(server: MlflowServer, runId: string, dir?: string): Promise<Record<string, number>> {
  const q = `run_id=${runId}${dir ? `&path=${encodeURIComponent(dir)}` : ""}`;
  const res = await api(server, "GET", `/api/2.0/mlflow/artifacts/list?${q}`);
  const out: Record<string, number> = {};
  for (const f of res.files ?? []) {
    if (f.is_dir) Object.assign(out, await listArtifactsRest(server, runId, f.path));
    else out[f.path] = Number(f.file_size);
  }
  return out;
}

const downloadArtifact = (server: MlflowServer, runId: string, p: string) =>
  download(server, `/get-artifact?path=${encodeURIComponent(p)}&run_uuid=${runId}`);

describe.each(ENTRIES)("MLflow $version ($label)", ({ version }) => {
  let venv: MlflowVenv;
  let dir: string;

  beforeAll(async () => {
    venv = await ensureVenv(version);
    dir = path.join(work, version);
    fs.mkdirSync(dir);
  }, 20 * 60_000);

  it(`guard: the file store opens without MLFLOW_ALLOW_FILE_STORE ${hasFileStoreGuard(version) ? "no more (3.13+)" : "(before 3.13)"}; migrate-filestore ${hasMigrateFilestore(version) ? "exists" : "does not exist"}`, async () => {
    const { root } = await freshScenario(path.join(dir, "guard"));
    const open = [
      "-c",
      "import json,sys,warnings\nwarnings.simplefilter('ignore')\nfrom mlflow.store.tracking.file_store import FileStore\n" +
        "try:\n  n=len(FileStore(sys.argv[1]).search_experiments()); print(json.dumps({'opened':True,'experiments':n}))\n" +
        "except Exception as e:\n  print(json.dumps({'opened':False,'error':str(e)}))",
      root,
    ];
    const bare = JSON.parse((await exec(venv.python, open, { env: mlflowEnv() })).stdout.trim().split("\n").pop()!);
    const allowed = JSON.parse((await exec(venv.python, open, { env: mlflowEnv(ALLOW) })).stdout.trim().split("\n").pop()!);
    expect(allowed).toEqual({ opened: true, experiments: 3 });
    if (hasFileStoreGuard(version)) {
      expect(bare.opened).toBe(false);
      expect(bare.error).toContain("MLFLOW_ALLOW_FILE_STORE=true");
    } else {
      expect(bare).toEqual({ opened: true, experiments: 3 });
    }
    const help = await exec(venv.mlflowBin, ["migrate-filestore", "--help"], { env: mlflowEnv() });
    if (hasMigrateFilestore(version)) {
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain("--source");
      expect(help.stdout).toContain("--target");
    } else {
      expect(help.code).not.toBe(0);
      expect(help.stderr).toMatch(/No such command 'migrate-filestore'/);
    }
  });

  it("(a) MlflowClient reads the mlruns scenario field by field", async () => {
    const { root, expected } = await freshScenario(path.join(dir, "a"));
    const expectedFile = path.join(dir, "a", "expected.json");
    fs.writeFileSync(expectedFile, JSON.stringify(expected, null, 1));
    let verdict: { ok: boolean; checked: number; failures: string[] };
    try {
      verdict = await runPy(venv, path.join(PY_DIR, "check_scenario.py"), [root, expectedFile], ALLOW);
    } catch (err: any) {
      verdict = err.result ?? { ok: false, checked: 0, failures: [String(err.message)] };
    }
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThan(3000);
    console.log(`[mlflow ${version}] (a) check_scenario.py: ${verdict.checked} field checks passed`);
  });

  it("(b) mlruns reads a tree this release wrote as the release does; moved and relocated, the release sees it whole", async () => {
    const tree = path.join(dir, "b", "tree");
    const written = await runPy(venv, path.join(PY_DIR, "write_tree_portable.py"), [tree], ALLOW);
    expect(written.mlflowVersion).toBe(version);
    const byMlflow = await runPy(venv, path.join(PY_DIR, "dump_tree.py"), [tree], ALLOW);
    expect(byMlflow.runs.length).toBe(written.runs);
    // Every run logged artifacts, but MLflow lists none for runs of a deleted experiment: their
    // folders moved to .trash/ while meta.yaml still names <root>/<exp>/<run>/artifacts.
    const deletedExps = new Set(byMlflow.experiments.filter((e: Json) => e.lifecycleStage === "deleted").map((e: Json) => e.experimentId));
    for (const r of byMlflow.runs) expect(Object.keys(r.artifacts).length > 0, r.runName).toBe(!deletedExps.has(r.experimentId));
    expect(JSON.parse(JSON.stringify(await dumpTree(tree)))).toEqual(byMlflow);

    // Move it: this release then finds no artifacts (its meta.yaml files name the old folder).
    const metaBefore = metaTexts(tree);
    const moved = path.join(dir, "b", "moved tree");
    fs.renameSync(tree, moved);
    const afterMove = await runPy(venv, path.join(PY_DIR, "dump_tree.py"), [moved], ALLOW);
    expect(afterMove.runs.map((r: Json) => r.artifacts)).toEqual(afterMove.runs.map(() => ({})));

    // relocate writes what this release's own YAML dumper would: the same bytes, root swapped.
    const report = relocate(moved);
    expect(report.skipped).toEqual([]);
    expect(report.ignored).toEqual([]);
    expect(report.custom).toEqual([]);
    expect(report.changed.length).toBe(metaBefore.size);
    const oldRoot = pathToFileUri(tree);
    const newRoot = pathToFileUri(moved);
    const metaAfter = metaTexts(moved);
    for (const [rel, text] of metaBefore) expect(metaAfter.get(rel), rel).toBe(text.split(oldRoot + "/").join(newRoot + "/"));
    expect(await runPy(venv, path.join(PY_DIR, "dump_tree.py"), [moved], ALLOW)).toEqual(byMlflow);
    console.log(`[mlflow ${version}] (b) ${written.runs} runs in ${written.experiments} experiments read alike; ${report.changed.length} locations relocated${written.features.length ? `; with ${written.features.join(", ")}` : ""}`);
  });

  it("(c) `mlflow server` serves the mlruns tree: experiments, runs, metric histories, artifacts", async () => {
    const { root, expected } = await freshScenario(path.join(dir, "c"));
    const server = await startMlflow(venv, { backendStoreUri: root, cwd: path.join(dir, "c"), env: fileStoreEnv(version) });
    try {
      const checked = await expectServerServesScenario(server, expected);
      console.log(`[mlflow ${version}] (c) REST (file store${hasFileStoreGuard(version) ? ", MLFLOW_ALLOW_FILE_STORE=true" : ", no opt-in"}): ${checked}`);
    } finally {
      await server.stop();
    }
  });

  it(hasMigrateFilestore(version) ? "(d) `mlflow migrate-filestore` copies the tree into SQLite; `mlflow server` on it serves the runs" : "(d) no `mlflow migrate-filestore` in this release (checked in the guard cell)", async () => {
    if (!hasMigrateFilestore(version)) {
      // Not a skip: the guard cell proved the command is absent, which is what the README says.
      const help = await exec(venv.mlflowBin, ["--help"], { env: mlflowEnv() });
      expect(help.stdout).not.toContain("migrate-filestore");
      return;
    }
    const { root, expected } = await freshScenario(path.join(dir, "d"));
    const db = path.join(dir, "d", "mlflow.db");
    // The README's command, as is: no MLFLOW_ALLOW_FILE_STORE needed to migrate.
    const r = await exec(venv.mlflowBin, ["migrate-filestore", "--source", root, "--target", `sqlite:///${db}`], { env: mlflowEnv(), cwd: path.join(dir, "d") });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain("Migration completed successfully");

    const q = await exec(
      venv.python,
      [
        "-c",
        "import json,sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\n" +
          "print(json.dumps({t:c.execute(f'SELECT COUNT(*) FROM {t}').fetchone()[0] for t in ['experiments','experiment_tags','runs','params','metrics','tags']}))",
        db,
      ],
      { env: mlflowEnv() },
    );
    expect(q.code, q.stderr).toBe(0);
    const got = JSON.parse(q.stdout.trim());
    const exp = expected;
    const want = {
      experiments: exp.experiments.length,
      experiment_tags: exp.experiments.reduce((n: number, e: Json) => n + Object.keys(e.tags).length, 0),
      runs: exp.runs.length,
      params: exp.runs.reduce((n: number, r: Json) => n + Object.keys(r.params).length, 0),
      metrics: exp.runs.reduce((n: number, r: Json) => n + Object.values(r.metricHistories as Record<string, unknown[]>).reduce((m, h) => m + h.length, 0), 0),
      tags: exp.runs.reduce((n: number, r: Json) => n + Object.keys(r.tags).length, 0),
    };
    expect(got).toEqual(want);

    // The database needs no file-store opt-in, on any release.
    const server = await startMlflow(venv, { backendStoreUri: `sqlite:///${db}`, cwd: path.join(dir, "d") });
    try {
      const checked = await expectServerServesScenario(server, expected, "sqlite");
      console.log(`[mlflow ${version}] (d) SQLite counts ${JSON.stringify(got)}; REST on SQLite: ${checked}`);
    } finally {
      await server.stop();
    }
  });

  it("(e) a moved mlruns tree lists no artifacts in `mlflow server` until `relocate`, then serves them byte for byte", async () => {
    const before = path.join(dir, "e", "written here");
    fs.mkdirSync(before, { recursive: true });
    const scenario = await writeScenario(path.join(before, "mlruns"), path.join(dir, "e"));
    const after = path.join(dir, "e", "moved là");
    fs.renameSync(before, after);
    const root = path.join(after, "mlruns");
    const parent = scenario.expected.runs.find((r: Json) => r.runId === scenario.parentRunId)!;
    const server = await startMlflow(venv, { backendStoreUri: root, cwd: path.join(dir, "e"), env: fileStoreEnv(version) });
    try {
      // What users see after an rsync: every run, and not one artifact.
      const runs = await api(server, "POST", "/api/2.0/mlflow/runs/search", { experiment_ids: [scenario.experimentId], run_view_type: "ALL", max_results: 1000 });
      expect(runs.runs.map((r: Json) => r.info.run_id).sort()).toEqual(
        scenario.expected.runs.filter((r: Json) => r.experimentId === scenario.experimentId).map((r: Json) => r.runId).sort(),
      );
      expect(await listArtifactsRest(server, scenario.parentRunId)).toEqual({});
      await expect(downloadArtifact(server, scenario.parentRunId, "bin/blob.bin")).rejects.toThrow();

      const dry = relocate(root, { dryRun: true });
      const runCount = scenario.expected.runs.length;
      const expCount = scenario.expected.experiments.length;
      expect(dry.changed.length).toBe(runCount + expCount);
      expect(await listArtifactsRest(server, scenario.parentRunId)).toEqual({});
      const applied = relocate(root);
      expect(applied.changed).toEqual(dry.changed);
      expect(applied.skipped).toEqual([]);
      expect(applied.custom).toEqual([]);

      // The same running server now finds them all, byte for byte.
      const listed = await listArtifactsRest(server, scenario.parentRunId);
      expect(listed).toEqual(Object.fromEntries(Object.entries(parent.artifacts as Record<string, Json>).map(([p, a]) => [p, a.size])));
      for (const [p, a] of Object.entries(parent.artifacts as Record<string, Json>)) {
        const bytes = await downloadArtifact(server, scenario.parentRunId, p);
        expect(sha256(bytes), p).toBe(a.sha256);
        expect(bytes.equals(scenario.records.get(scenario.parentRunId)!.artifacts[p]!), p).toBe(true);
      }
      const again = relocate(root);
      expect(again.changed).toEqual([]);
      expect(again.unchanged.length).toBe(runCount + expCount);
      console.log(`[mlflow ${version}] (e) moved: 0 artifacts listed; relocate rewrote ${applied.changed.length} locations; ${Object.keys(listed).length} artifacts downloaded byte-identical`);
    } finally {
      await server.stop();
    }
  });
});

function metaTexts(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort()) {
    if (path.basename(rel) === "meta.yaml") out.set(rel, fs.readFileSync(path.join(root, rel), "utf8"));
  }
  return out;
}

/**
 * Asks the server for everything the scenario logged and compares it with what was logged.
 * Returns a one-line count of what was checked.
 */
async function expectServerServesScenario(server: MlflowServer, expected: Json, backend: "file" | "sqlite" = "file"): Promise<string> {
  // MLflow's SQL backend stores ±Infinity as ±1.7976931348623157e308 (fs2db's
  // _sanitize_metric_value, as SqlAlchemyStore does) and SQLite keeps -0.0 as 0.
  const sqlValue = (v: number | string) =>
    backend === "file" ? v : v === "Infinity" ? 1.7976931348623157e308 : v === "-Infinity" ? -1.7976931348623157e308 : v === "-0" ? 0 : v;
  const exps = await api(server, "POST", "/api/2.0/mlflow/experiments/search", { max_results: 1000, view_type: "ALL" });
  const byId = new Map<string, Json>(exps.experiments.map((e: Json) => [e.experiment_id, e]));
  expect([...byId.keys()].sort()).toEqual(expected.experiments.map((e: Json) => e.experimentId).sort());
  for (const e of expected.experiments) {
    const got = byId.get(e.experimentId)!;
    expect(got.name).toBe(e.name);
    expect(got.lifecycle_stage).toBe(e.lifecycleStage);
    expect(kv(got.tags)).toEqual(e.tags);
  }
  let points = 0;
  let artifacts = 0;
  for (const e of expected.experiments) {
    const want = expected.runs.filter((r: Json) => r.experimentId === e.experimentId);
    const res = await api(server, "POST", "/api/2.0/mlflow/runs/search", { experiment_ids: [e.experimentId], run_view_type: "ALL", max_results: 1000 });
    const runs: Json[] = res.runs ?? [];
    expect(runs.map((r) => r.info.run_id).sort(), `runs of experiment ${e.experimentId}`).toEqual(want.map((r: Json) => r.runId).sort());
    for (const r of want) {
      const got = runs.find((x) => x.info.run_id === r.runId)!;
      const w = `run ${r.runId} (${r.runName})`;
      expect(got.info.run_name, w).toBe(r.runName);
      expect(got.info.status, w).toBe(r.status);
      expect(got.info.lifecycle_stage, w).toBe(r.lifecycleStage);
      expect(Number(got.info.start_time), w).toBe(r.startTime);
      expect(kv(got.data.params), w).toEqual(r.params);
      expect(kv(got.data.tags), w).toEqual(r.tags);
      const latest = Object.fromEntries((got.data.metrics ?? []).map((m: Json) => [m.key, restFloat(m.value)]));
      expect(latest, w).toEqual(Object.fromEntries(Object.entries(r.metrics as Record<string, number | string>).map(([k, v]) => [k, sqlValue(v)])));
      for (const [key, history] of Object.entries(r.metricHistories as Record<string, Json[]>)) {
        // max_results is given explicitly: MLflow 3.12's handler passes an unset one on as 0
        // and answers an empty page (3.17 fixed that).
        const h = await api(server, "GET", `/api/2.0/mlflow/metrics/get-history?run_id=${r.runId}&metric_key=${encodeURIComponent(key)}&max_results=25000`);
        const gotHistory = (h.metrics ?? []).map((m: Json) => ({ timestamp: Number(m.timestamp), value: restFloat(m.value), step: Number(m.step ?? 0) }));
        const want = history.map((p) => ({ ...p, value: sqlValue(p.value) }));
        // The file store answers in logging order; the SQL store in its own (by timestamp).
        const order = (pts: Json[]) => (backend === "file" ? pts : [...pts].sort((a, b) => a.timestamp - b.timestamp || a.step - b.step || String(a.value).localeCompare(String(b.value))));
        expect(order(gotHistory), `${w} metric ${key}`).toEqual(order(want));
        points += gotHistory.length;
      }
      const listed = await listArtifactsRest(server, r.runId);
      expect(listed, w).toEqual(Object.fromEntries(Object.entries(r.artifacts as Record<string, Json>).map(([p, a]) => [p, a.size])));
      for (const [p, a] of Object.entries(r.artifacts as Record<string, Json>)) {
        expect(sha256(await downloadArtifact(server, r.runId, p)), `${w} artifact ${p}`).toBe(a.sha256);
        artifacts++;
      }
    }
  }
  return `${expected.experiments.length} experiments, ${expected.runs.length} runs, ${points} metric points, ${artifacts} artifacts downloaded and compared`;
}
