/**
 * relocate(): rewrite the default-layout artifact locations of a moved store to where it now is.
 * The golden tree written by real MLflow 3.17.2 (fixtures/mlflow-tree) is the main subject: it
 * records the absolute paths of the machine that wrote it, has a deleted experiment in .trash/
 * and deleted runs, and its meta.yaml bytes are MLflow's own, so "only that field changed"
 * can be checked byte for byte. (test/mlflow/matrix/ proves MLflow then serves the artifacts.)
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, test } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { relocate } from "../../../../src/store/file/relocate.js";
import { pathToFileUri } from "../../../../src/util/file-uri.js";
import { tempDir } from "../../helpers/temp-store.js";
import { runInProcess } from "../../cli/helpers.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const FIXTURE = path.join(REPO, "fixtures", "mlflow-tree");

/** Every meta.yaml below `root`, relative path -> text. */
function metaFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort()) {
    if (path.basename(rel) === "meta.yaml") out.set(rel, fs.readFileSync(path.join(root, rel), "utf8"));
  }
  return out;
}

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort()) {
    const p = path.join(root, rel);
    if (fs.statSync(p).isFile()) out.set(rel, fs.readFileSync(p, "latin1"));
  }
  return out;
}

/** The URI the fixture's experiment 0 was created under, i.e. the old store root. */
function oldRootUri(root: string): string {
  const m = fs.readFileSync(path.join(root, "0", "meta.yaml"), "utf8").match(/^artifact_location: (.*)\/0$/m);
  return m![1]!;
}

describe("relocate a store written by MLflow and then moved", () => {
  let moved: string;
  let before: Map<string, string>;
  let oldUri: string;

  beforeEach(() => {
    // Spaces and non-ASCII in the new path: the new URIs must be percent-encoded as Path.as_uri() does.
    moved = path.join(tempDir("mlruns-relocate-"), "moved here", "stóre");
    fs.cpSync(FIXTURE, moved, { recursive: true });
    before = metaFiles(moved);
    oldUri = oldRootUri(moved);
    expect(oldUri).not.toBe(pathToFileUri(moved));
  });

  test("a dry run reports every experiment and run, and writes nothing", () => {
    const all = snapshot(moved);
    const report = relocate(moved, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.storeDir).toBe(path.resolve(moved));
    expect(report.rootUri).toBe(pathToFileUri(moved));
    expect(report.rootUri).toContain("/moved%20here/st%C3%B3re");
    // Every meta.yaml in the fixture is an experiment or a run with a default-layout location.
    expect(report.changed.length).toBe(before.size);
    expect(report.unchanged).toEqual([]);
    expect(report.custom).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.changed.filter((c) => c.kind === "experiment").length).toBe(4);
    expect(report.changed.some((c) => c.inTrash && c.kind === "run")).toBe(true);
    for (const c of report.changed) {
      expect(c.from.startsWith(oldUri + "/")).toBe(true);
      expect(c.to).toBe(c.from.replace(oldUri, report.rootUri));
    }
    expect(snapshot(moved)).toEqual(all);
  });

  test("applying it changes only that field, byte for byte, and a second run changes nothing", () => {
    const all = snapshot(moved);
    const report = relocate(moved);
    expect(report.dryRun).toBe(false);
    const newUri = pathToFileUri(moved);
    const after = metaFiles(moved);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, text] of before) {
      // MLflow's dumper would write exactly this: the same text with the root swapped.
      expect(after.get(rel), rel).toBe(text.split(oldUri + "/").join(newUri + "/"));
      expect(after.get(rel)).not.toBe(text);
    }
    // Nothing but meta.yaml files changed, and no temp file was left behind.
    const now = snapshot(moved);
    expect([...now.keys()]).toEqual([...all.keys()]);
    for (const [rel, bytes] of all) if (path.basename(rel) !== "meta.yaml") expect(now.get(rel), rel).toBe(bytes);

    const again = relocate(moved);
    expect(again.changed).toEqual([]);
    expect(again.unchanged.length).toBe(before.size);
    expect(again.skipped).toEqual([]);
    expect(metaFiles(moved)).toEqual(after);
  });

  test("runs in .trash/ get the location MLflow gives them (<root>/<exp>/<run>/artifacts)", () => {
    const report = relocate(moved);
    const trashed = report.changed.filter((c) => c.inTrash);
    expect(trashed.length).toBeGreaterThanOrEqual(2);
    for (const c of trashed) {
      const tail = c.kind === "run" ? `/${c.experimentId}/${c.runId}/artifacts` : `/${c.experimentId}`;
      expect(c.to).toBe(report.rootUri + tail);
      expect(c.file.startsWith(path.join(moved, ".trash") + path.sep)).toBe(true);
    }
  });

  test("mlruns reads the relocated tree as it read the moved one", async () => {
    const client = new MlflowClient(moved);
    const read = async () => {
      const exps = (await client.searchExperiments({ viewType: "ALL" })).items;
      const out: unknown[] = [];
      for (const e of exps) {
        out.push([e.experimentId, e.artifactLocation]);
        for (const r of (await client.searchRuns([e.experimentId], "", "ALL")).items) {
          out.push([r.info.runId, r.info.artifactUri, (await client.listArtifacts(r.info.runId)).map((f) => f.path)]);
        }
      }
      return out;
    };
    const beforeRead = await read();
    expect(beforeRead.some((row) => Array.isArray(row) && Array.isArray(row[2]) && row[2].length > 0)).toBe(true);
    relocate(moved);
    // The same runs and artifacts; the locations are what meta.yaml holds (as MLflow returns
    // them), so they move from the old root to the new one and nothing else changes.
    const newUri = pathToFileUri(moved);
    expect(JSON.stringify(beforeRead)).toContain(oldUri + "/");
    expect(await read()).toEqual(JSON.parse(JSON.stringify(beforeRead).split(oldUri + "/").join(newUri + "/")));
  });
});

describe("what relocate leaves alone", () => {
  let store: string;
  beforeEach(() => {
    store = path.join(tempDir("mlruns-relocate-"), "mlruns");
  });

  test("custom artifact locations are reported and untouched; default ones under the same store are fixed", async () => {
    const client = new MlflowClient(store);
    const elsewhere = path.join(path.dirname(store), "elsewhere");
    const customId = await client.createExperiment("custom", elsewhere);
    const s3Id = await client.createExperiment("s3", "s3://bucket/prefix");
    const plainId = await client.createExperiment("plain");
    const customRun = await client.createRun(customId);
    const s3Run = await client.createRun(s3Id);
    const plainRun = await client.createRun(plainId);
    await client.flush();

    const moved = path.join(path.dirname(store), "moved");
    fs.renameSync(store, moved);
    const customBefore = fs.readFileSync(path.join(moved, customId, "meta.yaml"), "utf8");
    const report = relocate(moved);

    expect(report.skipped).toEqual([]);
    const customValues = Object.fromEntries(report.custom.map((c) => [c.runId ?? c.experimentId, c.value]));
    expect(customValues).toEqual({
      [customId]: pathToFileUri(elsewhere),
      [customRun.info.runId]: `${pathToFileUri(elsewhere)}/${customRun.info.runId}/artifacts`,
      [s3Id]: "s3://bucket/prefix",
      [s3Run.info.runId]: `s3://bucket/prefix/${s3Run.info.runId}/artifacts`,
    });
    expect(fs.readFileSync(path.join(moved, customId, "meta.yaml"), "utf8")).toBe(customBefore);
    const changed = Object.fromEntries(report.changed.map((c) => [c.runId ?? c.experimentId, c.to]));
    const root = pathToFileUri(moved);
    expect(changed).toEqual({
      "0": `${root}/0`,
      [plainId]: `${root}/${plainId}`,
      [plainRun.info.runId]: `${root}/${plainId}/${plainRun.info.runId}/artifacts`,
    });
    expect(fs.readFileSync(path.join(moved, plainId, plainRun.info.runId, "meta.yaml"), "utf8")).toContain(
      `artifact_uri: ${root}/${plainId}/${plainRun.info.runId}/artifacts\n`,
    );
  });

  test("a store that was not moved has nothing to change", async () => {
    const client = new MlflowClient(store);
    const id = await client.createExperiment("x");
    await client.createRun(id);
    const run = await client.createRun("0");
    await client.deleteRun(run.info.runId);
    await client.deleteExperiment(id);
    const all = snapshot(store);
    const report = relocate(store);
    expect(report.changed).toEqual([]);
    // Default experiment, x (in .trash/), its run (in .trash/), the deleted run in 0.
    expect(report.unchanged.length).toBe(4);
    expect(report.unchanged.filter((u) => u.inTrash).length).toBe(2);
    expect(snapshot(store)).toEqual(all);
    // The store may be named by a file: URI as well.
    expect(relocate(pathToFileUri(store))).toEqual(report);
  });

  test("a location recorded as a plain absolute path stays a plain path", async () => {
    const client = new MlflowClient(store);
    const id = await client.createExperiment("p");
    const expMeta = path.join(store, id, "meta.yaml");
    const text = fs.readFileSync(expMeta, "utf8");
    const uri = text.match(/^artifact_location: (.*)$/m)![1]!;
    fs.writeFileSync(expMeta, text.replace(uri, `/old/place/mlruns/${id}`));
    const report = relocate(store);
    const c = report.changed.find((x) => x.experimentId === id && x.kind === "experiment")!;
    expect(c.from).toBe(`/old/place/mlruns/${id}`);
    expect(c.to).toBe(`${path.resolve(store)}/${id}`);
    expect(fs.readFileSync(expMeta, "utf8")).toBe(text.replace(uri, `${path.resolve(store)}/${id}`));
  });

  test("a hand-edited meta.yaml, a mismatched id and a stray folder are skipped, never rewritten", async () => {
    const client = new MlflowClient(store);
    const a = await client.createExperiment("a");
    const runInA = await client.createRun(a);
    const b = await client.createExperiment("b");
    const c = await client.createExperiment("c");
    const metaA = path.join(store, a, "meta.yaml");
    const edited = "# my notes\n" + fs.readFileSync(metaA, "utf8").replace(pathToFileUri(store), "file:///old/mlruns");
    fs.writeFileSync(metaA, edited);
    const metaB = path.join(store, b, "meta.yaml");
    const mismatched = fs.readFileSync(metaB, "utf8").replace(`experiment_id: '${b}'`, "experiment_id: '42'").replace(pathToFileUri(store), "file:///old/mlruns");
    fs.writeFileSync(metaB, mismatched);
    const metaC = path.join(store, c, "meta.yaml");
    const boolean = fs.readFileSync(metaC, "utf8") + "odd: yes\n";
    fs.writeFileSync(metaC, boolean);
    fs.mkdirSync(path.join(store, "not-an-experiment"));

    // A run folder cut short before its meta.yaml was written.
    fs.mkdirSync(path.join(store, a, "0123456789abcdef0123456789abcdef", "metrics"), { recursive: true });

    const report = relocate(store);
    const reasons = Object.fromEntries(report.skipped.map((s) => [path.relative(store, s.file), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual([path.join(a, "meta.yaml"), path.join(b, "meta.yaml"), path.join(c, "meta.yaml")].sort());
    // a's own meta.yaml was skipped, but its runs are still visited.
    expect(report.ignored.map((s) => path.relative(store, s.file)).sort()).toEqual(
      [path.join(a, "0123456789abcdef0123456789abcdef"), "not-an-experiment"].sort(),
    );
    expect(reasons[path.join(a, "meta.yaml")]).toMatch(/YAML layout/);
    expect(reasons[path.join(b, "meta.yaml")]).toMatch(/does not match its folder/);
    expect(reasons[path.join(c, "meta.yaml")]).toMatch(/'odd'/);
    expect(fs.readFileSync(metaA, "utf8")).toBe(edited);
    // Not moved, so the run's location is already right: visited and found in place.
    expect(report.unchanged.some((u) => u.runId === runInA.info.runId)).toBe(true);
    expect(fs.readFileSync(metaB, "utf8")).toBe(mismatched);
    expect(fs.readFileSync(metaC, "utf8")).toBe(boolean);
  });

  test("a folder that is not a store is refused", () => {
    const dir = tempDir("mlruns-relocate-");
    expect(() => relocate(dir)).toThrow(/does not look like an MLflow file store/);
    expect(() => relocate(path.join(dir, "missing"))).toThrow(/Not a folder/);
  });
});

describe("mlruns relocate (the command module)", () => {
  async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
    return runInProcess(await import("../../../../src/cli/commands/relocate.js"), argv, env);
  }

  let moved: string;
  beforeEach(() => {
    moved = path.join(tempDir("mlruns-relocate-cli-"), "moved");
    fs.cpSync(FIXTURE, moved, { recursive: true });
  });

  test("dry run by default; --apply writes; a second --apply has nothing left to do", async () => {
    const before = metaFiles(moved);
    const dry = await cli([moved]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Would rewrite:");
    expect(dry.out).toContain(`${before.size} locations to rewrite, 0 already in place, 0 custom, 0 skipped.`);
    expect(dry.out).toContain("Dry run: nothing was written. Run again with --apply to write.");
    expect(metaFiles(moved)).toEqual(before);

    const applied = await cli([moved, "--apply"]);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain("Rewrote:");
    expect(applied.out).toContain(`+ ${pathToFileUri(moved)}/0`);
    expect(metaFiles(moved)).not.toEqual(before);

    const again = await cli(["--apply", "--json"], { MLFLOW_TRACKING_URI: pathToFileUri(moved) });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.out);
    expect(report.changed).toEqual([]);
    expect(report.unchanged.length).toBe(before.size);
  });

  test("skipped files make the exit status 1; DIR and --store together are a usage error", async () => {
    fs.appendFileSync(path.join(moved, "0", "meta.yaml"), "# note\n");
    const r = await cli([moved]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Skipped (nothing written):");
    expect(r.out).toMatch(/0\/meta\.yaml: not in MLflow's own YAML layout/);
    await expect(cli([moved, "--store", moved])).rejects.toThrow(/either as DIR or as --store/);
    await expect(cli([path.join(moved, "nope")])).rejects.toThrow(/no MLflow store at/);
  });
});

describe("relocate and MLflow 3 logged models", () => {
  test("rewrites a moved store's model artifact locations (the MLflow-written models fixture)", () => {
    const src = path.join(REPO, "fixtures", "mlflow-models-tree");
    const root = path.join(tempDir(), "moved models store");
    fs.cpSync(src, root, { recursive: true });
    const models = [...metaFiles(root).keys()].filter((rel) => rel.includes(`${path.sep}models${path.sep}`));
    expect(models.length).toBeGreaterThan(0);
    const report = relocate(root);
    const changedModels = report.changed.filter((c) => c.kind === "model");
    expect(changedModels).toHaveLength(models.length);
    const rootUri = pathToFileUri(root);
    for (const rel of models) {
      const text = fs.readFileSync(path.join(root, rel), "utf8");
      const modelId = path.basename(path.dirname(rel));
      const expId = rel.split(path.sep)[0];
      expect(text).toContain(`artifact_location: ${rootUri}/${expId}/models/${modelId}/artifacts\n`);
    }
    // Idempotent.
    expect(relocate(root).changed).toEqual([]);
  });
});
