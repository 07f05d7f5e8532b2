/**
 * MLflow and mlruns see the same tree: the sample written by mlruns, the demo's output, and a
 * tree written by MLflow itself, dumped by MLflow (dump_tree.py) and by mlruns (dumpTree), must
 * be equal field for field. Each tree is regenerated here by the same script that made the
 * committed copy, so the scripts are proven too. (Committed trees record absolute artifact
 * paths from the machine that wrote them; MLflow only finds those artifacts in place, which
 * is the relocation problem of issue 4, so they are not compared here.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PY_DIR, REPO_ROOT, runPython } from "./python.js";
import { dumpTree } from "./tree-dump.js";
import { pythonFloatRepr } from "../../src/python/float.js";

function withoutTrackingUri(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.MLFLOW_TRACKING_URI;
  return env;
}

function tempStore(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-view-")), "a store");
}

async function expectSameView(root: string, minRuns: number) {
  const byMlflow = await runPython(path.join(PY_DIR, "dump_tree.py"), [root]);
  const byMlruns = JSON.parse(JSON.stringify(await dumpTree(root)));
  expect(byMlflow.runs.length).toBeGreaterThanOrEqual(minRuns);
  expect(byMlruns).toEqual(byMlflow);
}

describe("MLflow and mlruns see the same tree", () => {
  it("the sample written by mlruns (scripts/write-sample.mjs)", async () => {
    const root = tempStore();
    execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "write-sample.mjs"), root], { encoding: "utf8" });
    await expectSameView(root, 4);
  });

  it("a tree written by MLflow (test/mlflow/py/write_fixture.py)", async () => {
    const root = tempStore();
    await runPython(path.join(PY_DIR, "write_fixture.py"), [root]);
    await expectSameView(root, 6);
  });

  it("the demo's ./mlruns", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-demo-"));
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist-examples", "demo.js")], { cwd, encoding: "utf8", env: withoutTrackingUri() });
    expect(out).toContain("MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri");
    await expectSameView(path.join(cwd, "mlruns"), 1);
  });
});

describe("committed MLflow verdicts are current", () => {
  it("fixtures/hostile-verdicts.json is what the pinned MLflow's validators say today", async () => {
    const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-hostile-")), "verdicts.json");
    await runPython(path.join(PY_DIR, "hostile_verdicts.py"), [fresh]);
    expect(JSON.parse(fs.readFileSync(fresh, "utf8"))).toEqual(
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "fixtures", "hostile-verdicts.json"), "utf8")),
    );
  });
});

describe("meta.yaml bytes", () => {
  it("the committed corpus is what the pinned MLflow's dumper writes today", async () => {
    const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-yaml-")), "corpus.json");
    await runPython(path.join(PY_DIR, "yaml_corpus.py"), [fresh]);
    expect(JSON.parse(fs.readFileSync(fresh, "utf8"))).toEqual(
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "fixtures", "meta-yaml-corpus.json"), "utf8")),
    );
  });
});

describe("metric value bytes", () => {
  it("pythonFloatRepr equals Python's repr() on 20,000 doubles across every magnitude", async () => {
    const values: number[] = [0, -0, NaN, Infinity, -Infinity, 5e-324, 1e-4, 9.999999999999999e-5, 1e16, 9999999999999998, 0.1, 1 / 3];
    const buf = new DataView(new ArrayBuffer(8));
    for (let i = 0; values.length < 20_000; i++) {
      if (i % 2) {
        values.push((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20));
      } else {
        buf.setUint32(0, (Math.random() * 2 ** 32) >>> 0);
        buf.setUint32(4, (Math.random() * 2 ** 32) >>> 0);
        values.push(buf.getFloat64(0));
      }
    }
    const bits = values.map((v) => {
      buf.setFloat64(0, v);
      return buf.getUint32(0).toString(16).padStart(8, "0") + buf.getUint32(4).toString(16).padStart(8, "0");
    });
    const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-floats-")), "bits.json");
    fs.writeFileSync(input, JSON.stringify(bits));
    const reprs: string[] = await runPython(path.join(PY_DIR, "float_repr.py"), [input]);
    const mismatches = values.map((v, i) => [v, pythonFloatRepr(v), reprs[i]]).filter(([, ours, theirs]) => ours !== theirs);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
