/**
 * mlruns reads logged models and datasets that real MLflow wrote: fixtures/mlflow-models-tree
 * (regenerate with `.venv/bin/python test/mlflow/py/write_models_fixture.py
 * fixtures/mlflow-models-tree`) must read exactly as MLflow read it when it wrote it
 * (fixtures/mlflow-models-tree.expected.json): every model with its tags, params, metrics and
 * their model/run/dataset links, the files behind models:/<id>, every run's dataset inputs,
 * model inputs and outputs, metric histories with dataset links, and the answers to the
 * searches recorded there. Needs only Node; the tree is read from a copy elsewhere, so its
 * recorded absolute artifact locations must be resolved to the copy.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { dumpModels } from "../../../mlflow/models-dump.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const FIXTURE = path.join(REPO, "fixtures", "mlflow-models-tree");
const expected = JSON.parse(fs.readFileSync(`${FIXTURE}.expected.json`, "utf8"));

function normaliseErrors(queries: unknown[]): unknown[] {
  return queries.map((q) => (Array.isArray(q) ? q : { error: true }));
}

let view: Awaited<ReturnType<typeof dumpModels>>;

beforeAll(async () => {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-models-fixture-")), "moved store");
  fs.cpSync(FIXTURE, copy, { recursive: true });
  view = JSON.parse(JSON.stringify(await dumpModels(copy, expected.queries)));
});

describe(`a store of logged models and datasets written by MLflow ${expected.mlflowVersion}`, () => {
  it("has the same experiments, models and runs", () => {
    expect(view.experiments.map((e: any) => [e.experimentId, e.models.length, e.runs.length])).toEqual(
      expected.view.experiments.map((e: any) => [e.experimentId, e.models.length, e.runs.length]),
    );
  });

  it("reads every logged model as MLflow does: fields, tags, params, linked metrics, files behind models:/<id>", () => {
    for (const [i, e] of expected.view.experiments.entries()) expect(view.experiments[i]!.models).toEqual(e.models);
  });

  it("reads every run's dataset inputs, model inputs, model outputs and metric histories as MLflow does", () => {
    for (const [i, e] of expected.view.experiments.entries()) expect(view.experiments[i]!.runs).toEqual(e.runs);
  });

  it("answers searchLoggedModels and searchRuns (datasets.*) with the same ids in the same order", () => {
    expect(normaliseErrors(view.queries)).toEqual(normaliseErrors(expected.view.queries));
    expect(expected.view.queries.length).toBeGreaterThan(10);
  });
});
