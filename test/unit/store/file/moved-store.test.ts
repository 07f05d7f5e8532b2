/**
 * A copied store whose original is still in place, the case where following meta.yaml's
 * absolute paths would touch the wrong files. mlruns returns the recorded locations as MLflow's
 * FileStore does (RunInfo.artifact_uri, Experiment.artifact_location,
 * LoggedModel.artifact_location), and reads and writes the copy's own artifact folders.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import * as mlflow from "../../../../src/index.js";
import { MlflowClient, type Run } from "../../../../src/index.js";
import { resetTrackingUriForTests } from "../../../../src/api/tracking-uri.js";
import { canHardDelete } from "../../../../src/store/tracking-store.js";
import { pathToFileUri } from "../../../../src/util/file-uri.js";
import { tempDir } from "../../helpers/temp-store.js";
import { runInProcess } from "../../cli/helpers.js";

/** Every file below `root` with its bytes, and every folder. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort()) {
    const p = path.join(root, rel);
    out[rel] = fs.statSync(p).isFile() ? fs.readFileSync(p, "latin1") : "<folder>";
  }
  return out;
}

function recorded(metaDir: string, field: string): string {
  return new RegExp(`^${field}: (.*)$`, "m").exec(fs.readFileSync(path.join(metaDir, "meta.yaml"), "utf8"))![1]!;
}

let original: string;
let copy: string;
let client: MlflowClient;
let exp: string;
let run: Run;
let modelId: string;

beforeEach(async () => {
  const dir = tempDir("mlruns-moved-");
  original = path.join(dir, "original");
  const c0 = new MlflowClient(original);
  exp = await c0.createExperiment("moved");
  run = await c0.createRun(exp);
  await c0.logText(run.info.runId, "original bytes", "a.txt");
  const model = await c0.createLoggedModel(exp, "m");
  modelId = model.modelId;
  await c0.logModelArtifact(modelId, writeFile(path.join(dir, "w.bin"), "original weights"));
  await c0.flush();
  copy = path.join(dir, "copy of store");
  fs.cpSync(original, copy, { recursive: true });
  client = new MlflowClient(copy);
  // The copy's own artifact differs, so reading the original's would show.
  fs.writeFileSync(path.join(copy, exp, run.info.runId, "artifacts", "a.txt"), "copy bytes");
});

function writeFile(file: string, text: string): string {
  fs.writeFileSync(file, text);
  return file;
}

const runDirIn = (root: string) => path.join(root, exp, run.info.runId);

describe("locations are returned as meta.yaml records them, as MLflow does", () => {
  test("getRun, getExperiment, getLoggedModel and the searches", async () => {
    const runUri = recorded(runDirIn(copy), "artifact_uri");
    const expLocation = recorded(path.join(copy, exp), "artifact_location");
    const modelLocation = recorded(path.join(copy, exp, "models", modelId), "artifact_location");
    expect(runUri).toBe(`${pathToFileUri(original)}/${exp}/${run.info.runId}/artifacts`);

    expect((await client.getRun(run.info.runId)).info.artifactUri).toBe(runUri);
    expect((await client.searchRuns([exp]))[0]!.info.artifactUri).toBe(runUri);
    expect((await client.getExperiment(exp)).artifactLocation).toBe(expLocation);
    expect((await client.searchExperiments({ filterString: "name = 'moved'" }))[0]!.artifactLocation).toBe(expLocation);
    expect((await client.getLoggedModel(modelId)).artifactLocation).toBe(modelLocation);
    expect((await client.searchLoggedModels([exp]))[0]!.artifactLocation).toBe(modelLocation);
  });

  test("attributes.artifact_uri = <getRun's artifactUri> finds the run; the store's own path does not", async () => {
    const { artifactUri } = (await client.getRun(run.info.runId)).info;
    const found = await client.searchRuns([exp], `attributes.artifact_uri = '${artifactUri}'`);
    expect(found.map((r) => r.info.runId)).toEqual([run.info.runId]);
    const ownPath = `${pathToFileUri(copy)}/${exp}/${run.info.runId}/artifacts`;
    expect(await client.searchRuns([exp], `attributes.artifact_uri = '${ownPath}'`)).toHaveLength(0);
  });

  test("updating a run keeps its recorded artifact_uri (MLflow's update_run_info rewrites only status, end time, name)", async () => {
    const before = recorded(runDirIn(copy), "artifact_uri");
    await client.setTerminated(run.info.runId, "FINISHED");
    await client.updateRun(run.info.runId, undefined, "renamed");
    expect(recorded(runDirIn(copy), "artifact_uri")).toBe(before);
  });

  test("a new run records its location under the experiment's recorded one (FileStore.create_run)", async () => {
    const created = await client.createRun(exp);
    expect(created.info.artifactUri).toBe(`${recorded(path.join(copy, exp), "artifact_location")}/${created.info.runId}/artifacts`);
    await client.logText(created.info.runId, "new", "n.txt");
    expect(fs.readFileSync(path.join(copy, exp, created.info.runId, "artifacts", "n.txt"), "utf8")).toBe("new");
    expect(fs.existsSync(path.join(original, exp, created.info.runId))).toBe(false);
  });
});

describe("artifacts are the copy's own, never those at the recorded path", () => {
  test("run artifacts: list, download, log", async () => {
    const before = snapshot(original);
    expect((await client.listArtifacts(run.info.runId)).map((f) => f.path)).toEqual(["a.txt"]);
    const local = await client.downloadArtifacts(run.info.runId, "a.txt", tempDir());
    expect(fs.readFileSync(local, "utf8")).toBe("copy bytes");
    await client.logText(run.info.runId, "more", "b.txt");
    expect(fs.readFileSync(path.join(runDirIn(copy), "artifacts", "b.txt"), "utf8")).toBe("more");
    expect(snapshot(original)).toEqual(before);
  });

  test("logged model artifacts, and logModel's MLmodel", async () => {
    const before = snapshot(original);
    await client.logModelArtifact(modelId, writeFile(path.join(tempDir(), "extra.txt"), "extra"));
    expect((await client.listLoggedModelArtifacts(modelId)).map((f) => f.path).sort()).toEqual(["extra.txt", "w.bin"]);
    mlflow.setTrackingUri(copy);
    try {
      await mlflow.setExperiment("moved");
      const logged = await mlflow.logModel({ name: "fluent", files: { "weights.txt": "w" } });
      const dir = path.join(copy, exp, "models", logged.modelId, "artifacts");
      expect(fs.existsSync(path.join(dir, "MLmodel"))).toBe(true);
      expect(fs.readFileSync(path.join(dir, "weights.txt"), "utf8")).toBe("w");
    } finally {
      resetTrackingUriForTests();
    }
    expect(snapshot(original)).toEqual(before);
  });

  test("gc's hard delete removes the copy's artifacts and leaves the original's", async () => {
    await client.deleteRun(run.info.runId);
    expect((await client.getRun(run.info.runId)).info.lifecycleStage).toBe("deleted");
    const before = snapshot(original);
    if (!canHardDelete(client.store)) throw new Error("the file store has the hard-delete verbs");
    // No note: the copy's own artifact folder was removed, none was left in place.
    expect(await client.store.hardDeleteRun(run.info.runId)).toEqual([]);
    expect(fs.existsSync(runDirIn(copy))).toBe(false);
    expect(snapshot(original)).toEqual(before);
  });

  test("show --reproduce points at the copy's artifact folder", async () => {
    const command = await import("../../../../src/cli/commands/show.js");
    const { code, out } = await runInProcess(command, ["--store", copy, run.info.runId, "--reproduce", "--json"]);
    expect(code).toBe(0);
    const info = JSON.parse(out);
    expect(info.environmentPath).toBe(path.join(runDirIn(copy), "artifacts", "environment.json"));
  });
});
