/**
 * The packed tarball (`npm pack`), installed into fresh projects as a user gets it (issue #14):
 * `require("mlruns")` in an `npm init -y` (CommonJS) project logs a run and reads it back, and
 * TypeScript finds the types under every moduleResolution. Installing stays off the network:
 * the tarball is extracted into the project's node_modules/mlruns, and its dependencies are
 * links to this repository's node_modules (filled by `npm ci`): see fresh-project.ts.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-store.js";
import { freshProject, packTarball, typecheck } from "./fresh-project.js";

const run = promisify(execFile);
let work: string;
let tarball: string;

beforeAll(() => {
  work = tempDir("mlruns-packaging-");
  tarball = packTarball(work);
}, 60_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("require('mlruns') in a fresh CommonJS project", () => {
  const script = `
const mlflow = require("mlruns");
(async () => {
  mlflow.setTrackingUri(process.argv[2]);
  const run = await mlflow.startRun({ runName: "from-require" });
  await mlflow.logParam("lr", 0.1);
  for (let step = 0; step < 3; step++) mlflow.logMetric("loss", 1 / (step + 1), { step });
  await mlflow.endRun();
  const back = await mlflow.getRun(run.info.runId);
  const history = await mlflow.getMetricHistory(run.info.runId, "loss");
  console.log(JSON.stringify({ info: back.info, params: back.data.params, loss: history.map((m) => [m.step, m.value]) }));
})();
`;

  it("logs a run to a store and reads it back", async () => {
    const dir = freshProject(path.join(work, "cjs"), tarball);
    fs.writeFileSync(path.join(dir, "index.js"), script);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).type ?? "commonjs").toBe("commonjs");
    const store = path.join(dir, "mlruns");
    const { stdout } = await run(process.execPath, ["index.js", store], { cwd: dir, encoding: "utf8" });
    const got = JSON.parse(stdout);
    expect(got.info).toMatchObject({ runName: "from-require", status: "FINISHED", experimentId: "0" });
    expect(got.params).toEqual({ lr: "0.1" });
    expect(got.loss).toEqual([[0, 1], [1, 0.5], [2, 1 / 3]]);
    expect(fs.existsSync(path.join(store, "0", got.info.runId, "metrics", "loss"))).toBe(true);
  });

  it("says which Node.js it needs where require() of ES modules is unavailable", async () => {
    const dir = freshProject(path.join(work, "cjs-old-node"), tarball);
    fs.writeFileSync(path.join(dir, "index.js"), 'require("mlruns");\n');
    const failed = await run(process.execPath, ["--no-experimental-require-module", "index.js"], { cwd: dir, encoding: "utf8" }).then(
      () => undefined,
      (err: { stderr: string }) => err,
    );
    expect(failed?.stderr).toContain('require("mlruns") needs Node.js 20.19 or newer');
    expect(failed?.stderr).toContain('await import("mlruns")');
  });
});

describe("mlruns/competition: the competition helpers' subpath (issue #17)", () => {
  // Helpers that used to sit in the root namespace, and one of MLflow's names as a control.
  const probe = (root: string, sub: string) => `
const names = ["kFold", "STATUSES", "shellQuote", "withCompetitionRun", "createRng", "COMPETITION_TAGS", "startRun"];
console.log(JSON.stringify({ root: names.filter((n) => n in ${root}), sub: names.filter((n) => n in ${sub}) }));
`;
  const expected = { root: ["startRun"], sub: ["kFold", "STATUSES", "shellQuote", "withCompetitionRun", "createRng", "COMPETITION_TAGS"] };

  it("import: the helpers are in mlruns/competition, not in mlruns", async () => {
    const dir = freshProject(path.join(work, "competition-esm"), tarball);
    fs.writeFileSync(path.join(dir, "probe.mjs"), `import * as root from "mlruns";\nimport * as sub from "mlruns/competition";\n${probe("root", "sub")}`);
    const { stdout } = await run(process.execPath, ["probe.mjs"], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it("require: the same split, and one library behind both (a competition run is the root's active run)", async () => {
    const dir = freshProject(path.join(work, "competition-cjs"), tarball);
    const script = `const root = require("mlruns");\nconst sub = require("mlruns/competition");\n${probe("root", "sub")}
root.setTrackingUri(process.argv[2]);
sub.withCompetitionRun({ modelType: "rf", experimentType: "baseline", environment: false, seed: 1 }, (run) => {
  console.log(JSON.stringify({ same: root.activeRun().info.runId === run.info.runId }));
});
`;
    fs.writeFileSync(path.join(dir, "probe.js"), script);
    const { stdout } = await run(process.execPath, ["probe.js", path.join(dir, "mlruns")], { cwd: dir, encoding: "utf8" });
    const [names, same] = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(names).toEqual(expected);
    expect(same).toEqual({ same: true });
  });
});

describe("TypeScript in a fresh project finds the types", () => {
  // index.ts is CommonJS in an `npm init -y` project; esm.mts is an ES module beside it.
  const usage = `
import * as mlflow from "mlruns";
import * as competition from "mlruns/competition";
import { MlflowClient, InvalidParameterError, type Run } from "mlruns";
export async function main(store: string): Promise<number> {
  mlflow.setTrackingUri(store);
  const run = await mlflow.startRun({ runName: "typed" });
  mlflow.logMetric("loss", 0.5, { step: 1 });
  await mlflow.endRun();
  const back: Run = await new MlflowClient(store).getRun(run.info.runId);
  const rng = competition.createRng(42);
  if (!(new InvalidParameterError("x") instanceof Error)) throw new Error("unreachable");
  return back.data.metrics["loss"]! + rng.random();
}
`;
  let dir: string;
  beforeAll(() => {
    dir = freshProject(path.join(work, "ts"), tarball, ["@types/node"]);
    fs.writeFileSync(path.join(dir, "index.ts"), usage);
    fs.writeFileSync(path.join(dir, "esm.mts"), usage);
  });

  it.each([
    ["node", "commonjs"],
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
    ["bundler", "preserve"],
  ])("type-checks under moduleResolution %s (module %s)", (moduleResolution, module) => {
    expect(typecheck(dir, ["index.ts", "esm.mts"], { moduleResolution, module, target: "es2022" })).toBe("");
  }, 120_000); // the first check parses TypeScript's libs and @types/node: seconds on a busy machine
});

describe("mlruns/tfjs, with @tensorflow/tfjs an optional peer dependency", () => {
  const tellsWhatToInstall = "run `npm install @tensorflow/tfjs`";

  it("without tfjs installed, mlruns still loads and mlruns/tfjs says what to install (import and require)", async () => {
    const dir = freshProject(path.join(work, "no-tfjs"), tarball);
    fs.writeFileSync(
      path.join(dir, "esm.mjs"),
      `const mlflow = await import("mlruns");
console.log(typeof mlflow.startRun);
try { await import("mlruns/tfjs"); console.log("loaded"); } catch (err) { console.log(err.name + ": " + err.message); }
`,
    );
    fs.writeFileSync(path.join(dir, "cjs.js"), 'try { require("mlruns/tfjs"); } catch (err) { console.log(err.name + ": " + err.message); }\n');
    const esm = await run(process.execPath, ["esm.mjs"], { cwd: dir, encoding: "utf8" });
    expect(esm.stdout).toContain("function\nMissingDependencyError: mlruns/tfjs needs TensorFlow.js: " + tellsWhatToInstall);
    const cjs = await run(process.execPath, ["cjs.js"], { cwd: dir, encoding: "utf8" });
    expect(cjs.stdout).toContain("MissingDependencyError: mlruns/tfjs needs TensorFlow.js: " + tellsWhatToInstall);
  });

  it("with tfjs installed, require('mlruns/tfjs') trains and logs a run", async () => {
    const dir = freshProject(path.join(work, "with-tfjs"), tarball, ["@tensorflow/tfjs"]);
    fs.writeFileSync(
      path.join(dir, "index.js"),
      `const tf = require("@tensorflow/tfjs");
const mlflow = require("mlruns");
const { MlflowCallback } = require("mlruns/tfjs");
(async () => {
  mlflow.setTrackingUri(process.argv[2]);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
  model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  await model.fit(tf.tensor2d([[0], [1]]), tf.tensor2d([[1], [3]]), { epochs: 2, verbose: 0, callbacks: [new MlflowCallback()] });
  const run = await mlflow.lastActiveRun();
  console.log(JSON.stringify({ status: run.info.status, epochs: run.data.params.epochs, loss: (await mlflow.getMetricHistory(run.info.runId, "loss")).length }));
})();
`,
    );
    const { stdout } = await run(process.execPath, ["index.js", path.join(dir, "mlruns")], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ status: "FINISHED", epochs: "2", loss: 2 });
  });
});

describe("TypeScript finds mlruns/tfjs's types in a project with tfjs", () => {
  const usage = `
import * as tf from "@tensorflow/tfjs";
import { MlflowCallback, modelFolder, type MlflowCallbackOptions } from "mlruns/tfjs";
export async function main(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<tf.LayersModel> {
  const options: MlflowCallbackOptions = { logEveryEpoch: false, logEveryNSteps: 10 };
  const cb = new MlflowCallback(options);
  await cb.track(model.fit(x, y, { epochs: 2, callbacks: [cb] }));
  return tf.loadLayersModel(modelFolder("model"));
}
`;
  let dir: string;
  beforeAll(() => {
    dir = freshProject(path.join(work, "ts-tfjs"), tarball, ["@types/node", "@tensorflow/tfjs"]);
    fs.writeFileSync(path.join(dir, "index.ts"), usage);
    fs.writeFileSync(path.join(dir, "esm.mts"), usage);
  });

  it.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ])("type-checks under moduleResolution %s (module %s)", (moduleResolution, module) => {
    expect(typecheck(dir, ["index.ts", "esm.mts"], { moduleResolution, module, target: "es2022" })).toBe("");
  }, 120_000);
});
