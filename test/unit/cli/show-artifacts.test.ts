/** `mlruns show RUN --artifacts GLOB`: only the matching artifacts, in the tree and in --json. */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { assertBuilt, cli, tempDir } from "./helpers.js";

let store: string;
let runId: string;

beforeAll(async () => {
  assertBuilt();
  const work = tempDir();
  store = path.join(work, "mlruns");
  const client = new MlflowClient(store);
  runId = (await client.createRun("0", undefined, {}, "with-files")).info.runId;
  for (const [file, text] of [
    ["model/model.json", "{}"],
    ["model/weights.bin", "0123456789"],
    ["plots/loss.png", "png"],
    ["summary.json", "{\"a\": 1}"],
    ["checkpoints/epoch-1.ckpt", "c"],
  ] as const) {
    await client.logText(runId, text, file);
  }
});

describe("mlruns show --artifacts GLOB", () => {
  it("draws only the matching files and the folders above them, counting only them", async () => {
    const r = await cli(["--store", store, "show", runId, "--artifacts", "**/*.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("Artifacts matching '**/*.json' (2 files, 10 B)"));
    expect(start, r.stdout).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start + 1, start + 4)).toEqual(["  ├── model/", "  │   └── model.json  (2 B)", "  └── summary.json  (8 B)"]);
    expect(r.stdout).not.toContain("weights.bin");
    expect(r.stdout).not.toContain("checkpoints");
  });

  it("takes several patterns (repeated) and shows them in --json", async () => {
    const r = await cli(["--store", store, "show", runId, "--json", "--artifacts", "*.json", "--artifacts", "plots/**"]);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.artifacts).toEqual([
      { path: "plots", isDir: true, fileSize: null },
      { path: "plots/loss.png", isDir: false, fileSize: 3 },
      { path: "summary.json", isDir: false, fileSize: 8 },
    ]);
  });

  it("says so when nothing matches, and without the option lists everything", async () => {
    const none = await cli(["--store", store, "show", runId, "--artifacts", "**/*.onnx"]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("Artifacts matching '**/*.onnx' (0 files, 0 B)");
    const all = await cli(["--store", store, "show", runId, "--json"]);
    expect(JSON.parse(all.stdout).artifacts.filter((a: { isDir: boolean }) => !a.isDir)).toHaveLength(5);
  });

  it("refuses a pattern that leaves the artifact folder", async () => {
    const r = await cli(["--store", store, "show", runId, "--artifacts", "../*"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("reaches outside the folder");
  });

  it("is documented in show --help", async () => {
    const r = await cli(["show", "--help"]);
    expect(r.stdout).toContain("--artifacts GLOB");
    expect(fs.existsSync(store)).toBe(true);
  });
});
