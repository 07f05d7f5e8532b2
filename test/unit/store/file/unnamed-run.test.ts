/**
 * Runs from MLflow 1.x have no run_name in meta.yaml and no mlflow.runName tag. MLflow reads
 * their name as None; mlruns reads null (not ""), and the CLI shows such a run by its id
 * alone. A name in either place is still used, as FileStore._get_run_from_info does.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { tempDir } from "../../helpers/temp-store.js";
import { assertBuilt, CLI } from "../../cli/helpers.js";

beforeAll(assertBuilt);

let root: string;
let unnamed: string;
let tagNamed: string;

/** A run as MLflow 1.x left it: meta.yaml without run_name, and (optionally) no name tag. */
async function oldRun(client: MlflowClient, keepTag: boolean): Promise<string> {
  const { info } = await client.createRun("0", undefined, undefined, "old-name");
  client.logMetric(info.runId, "m", 0.5, 1, 0);
  await client.flush();
  const runDir = path.join(root, "0", info.runId);
  const meta = path.join(runDir, "meta.yaml");
  fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replace(/^run_name:.*\n/m, ""));
  if (!keepTag) fs.rmSync(path.join(runDir, "tags", "mlflow.runName"));
  return info.runId;
}

beforeAll(async () => {
  root = path.join(tempDir(), "mlruns");
  const client = new MlflowClient(root);
  unnamed = await oldRun(client, false);
  tagNamed = await oldRun(client, true);
});

describe("a run with no name", () => {
  it("reads as runName null in getRun and searchRuns", async () => {
    const client = new MlflowClient(root);
    expect((await client.getRun(unnamed)).info.runName).toBeNull();
    const found = (await client.searchRuns(["0"])).items;
    expect(found.find((r) => r.info.runId === unnamed)!.info.runName).toBeNull();
    // Only the meta.yaml field is missing: the tag still names it.
    expect((await client.getRun(tagNamed)).info.runName).toBe("old-name");
  });

  it("is shown by its id alone in the CLI", () => {
    const cliOut = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, "--store", root, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const history = cliOut("history", unnamed, "m");
    expect(history).toContain(`run ${unnamed.slice(0, 8)}  1 point`);
    expect(history).not.toContain("()");
    expect(JSON.parse(cliOut("show", unnamed, "--json")).info.runName).toBeNull();
    const show = cliOut("show", unnamed);
    expect(show).toMatch(/Name\s+-\n/);
    expect(show).not.toContain("null");
    const compare = cliOut("compare", unnamed, tagNamed);
    expect(compare).not.toContain("null");
  });
});
