import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../src/index.js";
import { tempDir } from "./helpers/temp-store.js";

const child = path.join(import.meta.dirname, "children", "set-experiment.mjs");
const PROCESSES = 12;

function race(root: string, verb: "set" | "create", name: string): Promise<{ id?: string; error?: string }[]> {
  // Every child spins until the same instant, so their calls really overlap.
  const startAt = Date.now() + 1500;
  return Promise.all(
    Array.from({ length: PROCESSES }, () =>
      new Promise<{ id?: string; error?: string }>((resolve, reject) => {
        const p = spawn(process.execPath, [child, root, String(startAt), verb, name], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.on("error", reject);
        p.on("close", () => resolve(JSON.parse(out)));
      }),
    ),
  );
}

describe(`${PROCESSES} processes on one fresh store at the same instant (real child processes)`, () => {
  it("setExperiment('same'): exactly one experiment exists and every process got its id", async () => {
    const root = path.join(tempDir(), "mlruns");
    const results = await race(root, "set", "same");
    const ids = new Set(results.map((r) => r.id));
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(ids.size).toBe(1);
    const exps = (await new MlflowClient(root).searchExperiments({ viewType: "ALL" })).items;
    expect(exps.map((e) => e.name).sort()).toEqual(["Default", "same"]);
    expect(fs.readdirSync(root).filter((f) => f.endsWith(".lock"))).toEqual([]);
  });

  it("createExperiment('one'): one wins, the others get ResourceAlreadyExistsError", async () => {
    const root = path.join(tempDir(), "mlruns");
    const results = await race(root, "create", "one");
    expect(results.filter((r) => r.id)).toHaveLength(1);
    expect(results.filter((r) => r.error).map((r) => r.error)).toEqual(Array(PROCESSES - 1).fill("ResourceAlreadyExistsError"));
    expect((await new MlflowClient(root).searchExperiments()).items.filter((e) => e.name === "one")).toHaveLength(1);
  });
});
