/**
 * Damaged stores, as found in the wild. Reading and search skip each damaged item with a
 * warning naming its path and never throw for the whole store; `mlruns doctor` reports every
 * problem, and `--fix` repairs the safe ones (after which readers see the repaired runs).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { diagnoseStore } from "../../../../src/store/file/doctor.js";
import { tempDir } from "../../helpers/temp-store.js";
import { captureWarnings } from "../../helpers/warnings.js";
import { assertBuilt, CLI } from "../../cli/helpers.js";

beforeAll(assertBuilt);

let root: string;
let client: MlflowClient;
const damaged: Record<string, string> = {};

async function makeRun(name: string): Promise<string> {
  const { info } = await client.createRun("0", undefined, undefined, name);
  await client.logBatch(info.runId, [{ key: "m", value: 1, timestamp: 1, step: 0 }], [{ key: "p", value: name }], []);
  return path.join(root, "0", info.runId);
}

beforeEach(async () => {
  root = path.join(tempDir(), "mlruns");
  client = new MlflowClient(root);
  await makeRun("healthy");
  damaged.missingMeta = await makeRun("missing-meta");
  fs.rmSync(path.join(damaged.missingMeta, "meta.yaml"));
  damaged.emptyMeta = await makeRun("empty-meta");
  fs.writeFileSync(path.join(damaged.emptyMeta, "meta.yaml"), "");
  damaged.invalidMeta = await makeRun("invalid-meta");
  fs.writeFileSync(path.join(damaged.invalidMeta, "meta.yaml"), "run_id: [unclosed\n  : :\n");
  damaged.torn = await makeRun("torn-line");
  fs.appendFileSync(path.join(damaged.torn, "metrics", "m"), "2 0.5 1\n3 0.2");
  damaged.badLine = await makeRun("bad-line");
  fs.appendFileSync(path.join(damaged.badLine, "metrics", "m"), "garbage here\n4 0.125 3\n");
  fs.writeFileSync(path.join(damaged.badLine, "metrics", "empty"), ""); // a writer killed before writing
  damaged.noParamsFolder = await makeRun("no-params-folder");
  fs.rmSync(path.join(damaged.noParamsFolder, "params"), { recursive: true });
  fs.writeFileSync(path.join(damaged.noParamsFolder, ".p.999.1.tmp"), "half");
  const past = new Date(Date.now() - 120_000);
  fs.utimesSync(path.join(damaged.noParamsFolder, ".p.999.1.tmp"), past, past);
  // An artifact copy killed before its rename, deep in the artifact tree.
  fs.mkdirSync(path.join(damaged.noParamsFolder, "artifacts", "out"), { recursive: true });
  fs.writeFileSync(path.join(damaged.noParamsFolder, "artifacts", "out", ".r6.txt.999.2.tmp"), "");
  fs.utimesSync(path.join(damaged.noParamsFolder, "artifacts", "out", ".r6.txt.999.2.tmp"), past, past);
  const otherExp = await client.createExperiment("other");
  damaged.wrongExperiment = await makeRun("wrong-experiment");
  fs.renameSync(damaged.wrongExperiment, path.join(root, otherExp, path.basename(damaged.wrongExperiment)));
  damaged.wrongExperiment = path.join(root, otherExp, path.basename(damaged.wrongExperiment));
  fs.writeFileSync(path.join(root, "0", "notes.txt"), "a stray file");
  fs.writeFileSync(path.join(root, "README.txt"), "a stray file");
  fs.mkdirSync(path.join(root, "notes"));
  fs.mkdirSync(path.join(root, "my.folder"));
  damaged.emptyExperiment = path.join(root, "123456");
  fs.mkdirSync(damaged.emptyExperiment);
  fs.writeFileSync(path.join(damaged.emptyExperiment, "meta.yaml"), "");
});

describe("reading a damaged store", () => {
  it("never throws for the whole store and keeps every healthy item", async () => {
    const { result: exps, warnings: expWarnings } = await captureWarnings(async () =>
      (await client.searchExperiments({ viewType: "ALL" })).items.map((e) => e.name).sort(),
    );
    expect(exps).toEqual(["Default", "other"]);
    expect(expWarnings.map((w) => w.message).sort()).toEqual([
      `Malformed or unreadable experiment '123456' skipped: Empty or invalid ${path.join(damaged.emptyExperiment, "meta.yaml")}`,
      "Malformed or unreadable experiment 'my.folder' skipped: Invalid experiment ID: 'my.folder'",
      `Malformed or unreadable experiment 'notes' skipped: Missing ${path.join(root, "notes", "meta.yaml")}`,
    ]);
    const { result: page, warnings } = await captureWarnings(() => client.searchRuns(["0"], "", "ALL"));
    expect(warnings.every((w) => w.code === "MLRUNS_DAMAGED_STORE")).toBe(true);
    const runs = page.items;
    // Missing/empty/invalid meta.yaml runs are skipped; the others stay searchable.
    expect(runs.map((r) => r.info.runName).sort()).toEqual(["bad-line", "healthy", "no-params-folder", "torn-line"]);
    const byName = Object.fromEntries(runs.map((r) => [r.info.runName, r]));
    expect(byName["torn-line"].data.metrics.m).toBe(0.5);
    expect(byName["bad-line"].data.metrics.m).toBe(0.125);
    const { result: other, warnings: otherWarnings } = await captureWarnings(async () =>
      client.searchRuns([(await client.getExperimentByName("other"))!.experimentId], "", "ALL"),
    );
    expect(other.items).toEqual([]);
    expect(otherWarnings.map((w) => w.message)).toContain(
      `Wrong experiment ID (0) recorded for run '${path.basename(damaged.wrongExperiment)}' in ${damaged.wrongExperiment}. It should be ${path.basename(path.dirname(damaged.wrongExperiment))}. Run ignored.`,
    );
  });

  it("names the path of every skipped item in a warning", async () => {
    const { warnings } = await captureWarnings(async () => {
      await client.searchExperiments({ viewType: "ALL" });
      await client.searchRuns(["0", (await client.getExperimentByName("other"))!.experimentId], "", "ALL");
    });
    expect(warnings.every((w) => w.code === "MLRUNS_DAMAGED_STORE")).toBe(true);
    const text = warnings.map((w) => w.message).join("\n");
    for (const p of [damaged.missingMeta, damaged.emptyMeta, damaged.invalidMeta, damaged.wrongExperiment, damaged.emptyExperiment]) {
      expect(text).toContain(p);
    }
    expect(text).toContain(path.join(damaged.torn, "metrics", "m"));
    expect(text).toContain(path.join(damaged.badLine, "metrics", "m"));
  });
});

describe("mlruns doctor", () => {
  it("reports every problem, and changes nothing without --fix", () => {
    const kinds = diagnoseStore(root).map((p) => `${p.kind} ${path.relative(root, p.path)}`);
    const rel = (p: string) => path.relative(root, p);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `missing-meta ${rel(damaged.missingMeta)}`,
        `invalid-meta ${rel(damaged.emptyMeta)}/meta.yaml`,
        `invalid-meta ${rel(damaged.invalidMeta)}/meta.yaml`,
        `torn-metric-line ${rel(damaged.torn)}/metrics/m`,
        `bad-metric-line ${rel(damaged.badLine)}/metrics/m`,
        `empty-metric-file ${rel(damaged.badLine)}/metrics/empty`,
        `missing-run-folder ${rel(damaged.noParamsFolder)}/params`,
        `leftover-temp-file ${rel(damaged.noParamsFolder)}/.p.999.1.tmp`,
        `leftover-temp-file ${rel(damaged.noParamsFolder)}/artifacts/out/.r6.txt.999.2.tmp`,
        `wrong-experiment ${rel(damaged.wrongExperiment)}`,
        "unknown-folder notes",
        "unknown-folder my.folder",
        `invalid-meta ${rel(damaged.emptyExperiment)}/meta.yaml`,
      ]),
    );
    const before = fs.readFileSync(path.join(damaged.torn, "metrics", "m"), "utf8");
    const r = spawnSync(process.execPath, [CLI, "--store", root, "doctor"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("--fix would cut the incomplete line");
    expect(r.stdout).toMatch(/\d+ problems found, 0 fixed/);
    expect(fs.readFileSync(path.join(damaged.torn, "metrics", "m"), "utf8")).toBe(before);
  });

  it("--fix repairs the safe problems and keeps what it cut", async () => {
    const r = spawnSync(process.execPath, [CLI, "--store", root, "doctor", "--fix"], { encoding: "utf8" });
    expect(r.stdout).toContain("fixed torn-metric-line");
    expect(r.status).toBe(1); // the unfixable ones are still there
    expect(fs.readFileSync(path.join(damaged.torn, "metrics", "m"), "utf8")).toBe("1 1.0 0\n2 0.5 1\n");
    expect(fs.readFileSync(path.join(damaged.torn, ".m.torn"), "utf8")).toBe("3 0.2\n");
    // An unreadable line mid-file (MLflow fails on it) is moved out the same way.
    expect(fs.readFileSync(path.join(damaged.badLine, "metrics", "m"), "utf8")).toBe("1 1.0 0\n4 0.125 3\n");
    expect(fs.readFileSync(path.join(damaged.badLine, ".m.torn"), "utf8")).toBe("garbage here\n");
    expect(r.stdout).toContain("fixed bad-metric-line");
    expect(fs.existsSync(path.join(damaged.badLine, "metrics", "empty"))).toBe(false);
    expect(fs.existsSync(path.join(damaged.noParamsFolder, "params"))).toBe(true);
    expect(fs.existsSync(path.join(damaged.noParamsFolder, ".p.999.1.tmp"))).toBe(false);
    expect(fs.existsSync(path.join(damaged.noParamsFolder, "artifacts", "out", ".r6.txt.999.2.tmp"))).toBe(false);
    const left = diagnoseStore(root).map((p) => p.kind);
    expect(left).not.toContain("torn-metric-line");
    expect(left).not.toContain("bad-metric-line");
    expect(left).not.toContain("missing-run-folder");
    expect(left).not.toContain("leftover-temp-file");
    const again = spawnSync(process.execPath, [CLI, "--store", root, "doctor", "--json"], { encoding: "utf8" });
    expect(JSON.parse(again.stdout).problems.every((p: { fix?: string }) => !p.fix)).toBe(true);
  });
});
