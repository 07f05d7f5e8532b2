/**
 * MLflow 3 logged models and datasets, judged by real MLflow (the pinned release):
 *
 * - a store mlruns wrote (MLflow's checkpoint example and the other shapes, models-store.ts)
 *   reads the same in MLflow and in mlruns: get_logged_model of every model (fields, tags,
 *   params, metrics with their model, run and dataset links), the files
 *   mlflow.artifacts.download_artifacts("models:/<id>") fetches, every run's dataset inputs,
 *   model inputs and outputs, metric histories with dataset links, and the answers (ids, in
 *   order) to 30 searches: search_logged_models with filters, datasets and order-by, and
 *   search_runs on datasets.name / digest / context;
 * - a store MLflow wrote (write_models_fixture.py) reads the same in both;
 * - MLflow's checkpoint example, run in Python on mlruns's checkpoints, ranks them as mlruns does;
 * - the committed dataset-digest corpus is what the pinned MLflow computes today;
 * - MLmodel files and meta.yaml documents with nested maps and lists are PyYAML's bytes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as mlflow from "../../src/index.js";
import { dumpMetaYaml, dumpYaml, type YamlValue } from "../../src/python/pyyaml-emit.js";
import { dumpModels } from "./models-dump.js";
import { modelQueries, writeModelsStore, type ModelsStore } from "./models-store.js";
import { PY_DIR, REPO_ROOT, runPython } from "./python.js";

function normaliseErrors(queries: unknown[]): unknown[] {
  return queries.map((q) => (Array.isArray(q) ? q : { error: true }));
}

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function bothViews(root: string, queries: unknown[]) {
  const qfile = path.join(tmp("mlruns-queries-"), "queries.json");
  fs.writeFileSync(qfile, JSON.stringify(queries));
  const byMlflow = await runPython(path.join(PY_DIR, "dump_models.py"), [root, qfile]);
  const byMlruns = JSON.parse(JSON.stringify(await dumpModels(root, queries as never)));
  return { byMlflow, byMlruns };
}

describe("a store of logged models and datasets written by mlruns, read by MLflow", () => {
  let store: ModelsStore;
  let views: Awaited<ReturnType<typeof bothViews>>;

  beforeAll(async () => {
    store = await writeModelsStore(path.join(tmp("mlruns-models-"), "a store", "mlruns"));
    views = await bothViews(store.root, modelQueries(store));
  });

  it("get_logged_model: every model's fields, tags, params and linked metrics; models:/<id> fetches its files", () => {
    const models = views.byMlflow.experiments.flatMap((e: any) => e.models);
    expect(models.length).toBe(7); // 3 checkpoints, agent, PENDING, FAILED; the deleted one is not listed
    expect(views.byMlruns.experiments.map((e: any) => e.models)).toEqual(views.byMlflow.experiments.map((e: any) => e.models));
  });

  it("run inputs list the datasets (with contexts and tags), model inputs and outputs; histories carry dataset links", () => {
    expect(views.byMlruns.experiments.map((e: any) => e.runs)).toEqual(views.byMlflow.experiments.map((e: any) => e.runs));
    const run = views.byMlflow.experiments.flatMap((e: any) => e.runs).find((r: any) => r.runId === store.runId);
    expect(run.datasetInputs.map((d: any) => [d.dataset.name, d.tags])).toEqual([
      ["iris_train", [["mlflow.data.context", "training"]]],
      ["iris_val", [["mlflow.data.context", "validation"], ["split", "holdout"]]],
    ]);
    expect(run.modelOutputs.map((o: any) => o[1]).sort((a: number, b: number) => a - b)).toEqual([0, 10, 20]);
  });

  it("search_logged_models and search_runs answer with the same ids in the same order", () => {
    expect(normaliseErrors(views.byMlruns.queries)).toEqual(normaliseErrors(views.byMlflow.queries));
    const answered = views.byMlflow.queries.filter((q: unknown) => Array.isArray(q) && q.length > 0).length;
    expect(answered).toBeGreaterThanOrEqual(22);
  });

  it("metrics carry their model, run and dataset: accuracy on iris_val for each checkpoint", () => {
    for (const id of store.checkpointIds) {
      const model = views.byMlflow.experiments.flatMap((e: any) => e.models).find((m: any) => m.modelId === id);
      const acc = model.metrics.find((m: any) => m.key === "accuracy");
      expect(acc).toMatchObject({ modelId: id, runId: store.runId, datasetName: "iris_val" });
      expect(model.files["weights.json"]).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(model.files)).toEqual(["MLmodel", "notes/README.md", "registered_model_meta", "weights.json"]);
    }
  });

  it("MLflow's checkpoint example, run in Python on this store, picks the checkpoint mlruns ranks first", async () => {
    const script = [
      "import json, os, sys, warnings",
      "warnings.simplefilter('ignore')",
      "import mlflow",
      "from pathlib import Path",
      "mlflow.set_tracking_uri(Path(sys.argv[1]).resolve().as_uri())",
      "ranked = mlflow.search_logged_models(experiment_ids=[sys.argv[2]], filter_string=f\"source_run_id='{sys.argv[3]}'\",",
      "    order_by=[{'field_name': 'metrics.accuracy', 'ascending': False}], output_format='list')",
      "best = ranked[0]",
      "from mlflow.models import Model",
      "mlmodel = Model.load(mlflow.artifacts.download_artifacts(f'models:/{best.model_id}'))",
      "print(json.dumps({'ranked': [x.name for x in ranked], 'best': best.model_id, 'metrics': {x.key: x.value for x in best.metrics},",
      "  'mlmodel_model_id': mlmodel.model_id, 'mlmodel_run_id': mlmodel.run_id}))",
    ].join("\n");
    const file = path.join(tmp("mlruns-ckpt-"), "ckpt.py");
    fs.writeFileSync(file, script);
    const fromPython = await runPython(file, [store.root, store.experimentId, store.runId]);
    mlflow.setTrackingUri(store.root);
    const ranked = await mlflow.searchLoggedModels({
      experimentIds: [store.experimentId],
      filterString: `source_run_id='${store.runId}'`,
      orderBy: [{ fieldName: "metrics.accuracy", ascending: false }],
    });
    expect(fromPython.ranked).toEqual(ranked.map((m) => m.name));
    expect(fromPython.ranked).toEqual(["ckpt-10", "ckpt-20", "ckpt-0"]);
    expect(fromPython.best).toBe(ranked[0]!.modelId);
    expect(fromPython.metrics.accuracy).toBe(0.93);
    expect(fromPython.mlmodel_model_id).toBe(ranked[0]!.modelId);
    expect(fromPython.mlmodel_run_id).toBe(store.runId);
  });
});

describe("a store of logged models and datasets written by MLflow, read by mlruns", () => {
  it("write_models_fixture.py's tree: the same models, runs, inputs and search answers in both", async () => {
    const root = path.join(tmp("mlruns-mlflow-models-"), "tree");
    await runPython(path.join(PY_DIR, "write_models_fixture.py"), [root]);
    const expected = JSON.parse(fs.readFileSync(`${root}.expected.json`, "utf8"));
    const { byMlflow, byMlruns } = await bothViews(root, expected.queries);
    expect(byMlflow.experiments.flatMap((e: any) => e.models).length).toBe(7);
    expect(byMlruns.experiments).toEqual(byMlflow.experiments);
    expect(normaliseErrors(byMlruns.queries)).toEqual(normaliseErrors(byMlflow.queries));
    // The script's own record of the tree is MLflow's view too (it is what the unit suite checks the committed copy against).
    expect(expected.view).toEqual(byMlflow);
  });
});

describe("committed MLflow answers are current", () => {
  it("fixtures/dataset-digests.json is what the pinned MLflow computes today", async () => {
    const fresh = path.join(tmp("mlruns-digests-"), "digests.json");
    await runPython(path.join(PY_DIR, "dataset_digests.py"), [fresh]);
    expect(JSON.parse(fs.readFileSync(fresh, "utf8"))).toEqual(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "fixtures", "dataset-digests.json"), "utf8")));
  });
});

describe("YAML bytes of MLmodel files and nested meta.yaml documents", () => {
  const docs: { [key: string]: YamlValue }[] = [
    {
      artifact_path: "file:///tmp/mlruns/1/models/m-0123456789abcdef0123456789abcdef/artifacts",
      flavors: { onnx: { onnx_version: "1.17.0", data: "model.onnx", providers: ["CUDAExecutionProvider", "CPUExecutionProvider"], code: null } },
      model_id: "m-0123456789abcdef0123456789abcdef",
      model_size_bytes: 123456,
      model_uuid: "m-0123456789abcdef0123456789abcdef",
      prompts: null,
      run_id: "0123456789abcdef0123456789abcdef",
      utc_time_created: "2026-01-31 14:25:01.123000",
      metadata: { "mlflow.model.isExternal": true, streamable: false, temperature: 0.7, tiny: 1e-7, nested: { list: [1, 2, { a: "b" }], empty: [], map: {} } },
    },
    { flavors: {}, list_of_lists: [[1, 2], ["a"]], yes: "yes", no: "no", num: "123", "key with: colon": "value # not a comment" },
    { long: "word ".repeat(40).trim(), quote: "it's", multi: "a\nb", lead: " space", empty: "" },
  ];

  it("dumpYaml writes what yaml.safe_dump (MLmodel) and MLflow's write_yaml (meta.yaml) write", async () => {
    const file = path.join(tmp("mlruns-yaml-"), "docs.json");
    fs.writeFileSync(file, JSON.stringify(docs));
    const fromPython: { mlmodel: string; meta: string }[] = await runPython(path.join(PY_DIR, "yaml_docs.py"), [file]);
    docs.forEach((doc, i) => {
      expect(dumpYaml(doc)).toBe(fromPython[i]!.mlmodel);
      expect(dumpYaml(doc)).toBe(fromPython[i]!.meta);
    });
  });

  it("the dataset meta.yaml mlruns writes is MLflow's write_yaml bytes (long JSON folded at 80 columns)", async () => {
    const ds = mlflow.datasetFromRecords([{ a: 1, b: 0.5, c: "x" }], { name: "train", source: "/tmp/data.csv" });
    const doc = { digest: ds.digest, name: ds.name, profile: ds.profile!, schema: ds.schema!, source: ds.source, source_type: ds.sourceType };
    const file = path.join(tmp("mlruns-yaml-"), "docs.json");
    fs.writeFileSync(file, JSON.stringify([doc]));
    const [fromPython] = await runPython(path.join(PY_DIR, "yaml_docs.py"), [file]);
    expect(dumpMetaYaml(doc)).toBe(fromPython.meta);
  });
});
