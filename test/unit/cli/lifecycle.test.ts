import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { assertBuilt, cli, cliOnTty, fixtureCopy, FX, hasScript, tempDir, tree } from "./helpers.js";

beforeAll(assertBuilt);

const meta = (dir: string) => fs.readFileSync(path.join(dir, "meta.yaml"), "utf8");

describe.concurrent("mlruns delete / restore (MLflow-written fixture)", () => {
  it("delete marks runs deleted like MLflow (lifecycle_stage, deleted_time); unknown ids are reported, the rest still done", async () => {
    const store = fixtureCopy();
    const before = Date.now();
    const r = await cli(["--store", store, "delete", FX.sweep0.slice(0, 8), "0123456789abcdef0123456789abcdef", FX.defaultRun, FX.sweep0]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Deleted run ${FX.sweep0} (sweep-0).\nDeleted run ${FX.defaultRun} (default-run).\n`);
    expect(r.stderr).toBe("mlruns: no run with id '0123456789abcdef0123456789abcdef'\n");
    const m = meta(path.join(store, FX.sweepsExp, FX.sweep0));
    expect(m).toMatch(/^lifecycle_stage: deleted$/m);
    const deletedTime = Number(/^deleted_time: (\d+)$/m.exec(m)?.[1]);
    expect(deletedTime).toBeGreaterThanOrEqual(before - 1000);
    expect(deletedTime).toBeLessThanOrEqual(Date.now());
    const listed = await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--csv"]);
    expect(listed.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual([FX.restored]);
    const again = await cli(["--store", store, "delete", FX.sweep0]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Run ${FX.sweep0} (sweep-0) is already deleted.\n`);
  });

  it("restore brings runs back (no deleted_time left); restoring an active run says so", async () => {
    const store = fixtureCopy();
    const r = await cli(["--store", store, "restore", FX.toBeDeleted, FX.restored]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Restored run ${FX.toBeDeleted} (to be deleted).\nRun ${FX.restored} (restored) is not deleted.\n`);
    const m = meta(path.join(store, FX.sweepsExp, FX.toBeDeleted));
    expect(m).toMatch(/^lifecycle_stage: active$/m);
    expect(m).not.toContain("deleted_time");
    const listed = await cli(["--store", store, "runs", "-e", FX.sweepsExp, "--csv"]);
    expect(listed.stdout).toContain(FX.toBeDeleted);
  });

  it("restoring a run of a deleted experiment warns that the experiment is still deleted", async () => {
    const store = fixtureCopy();
    const r = await cli(["--store", store, "restore", FX.inDeletedExp]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Restored run ${FX.inDeletedExp} (run in deleted experiment).\n`);
    expect(r.stderr).toBe(
      `mlruns: run ${FX.inDeletedExp} is in experiment ${FX.deletedExp} (Deleted experiment), which is deleted; restore the experiment to see the run in listings\n`,
    );
  });
});

describe.concurrent("mlruns gc (MLflow-written fixture)", () => {
  const removed = (store: string) => [path.join(FX.sweepsExp, FX.toBeDeleted), path.join(".trash", FX.deletedExp)].map((p) => path.join(store, p));

  it("refuses without --yes when stdin is not a terminal: exit 2, the plan on stdout, nothing removed", async () => {
    const store = fixtureCopy();
    const before = tree(store);
    const r = await cli(["--store", store, "gc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "mlruns: gc removes data for good and stdin is not a terminal to confirm on; pass --yes to go ahead (or --dry-run to only list)\nRun 'mlruns gc --help' for usage.\n",
    );
    expect(r.stdout).toContain("Runs to remove permanently (2):");
    expect(r.stdout).toContain("Experiments to remove permanently (1):");
    expect(tree(store)).toEqual(before);
  });

  it("a logged model folder with a damaged meta.yaml is skipped with a warning, not an unexpected error", async () => {
    const store = fixtureCopy();
    const bad = path.join(store, FX.sweepsExp, "models", "m-bad");
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, "meta.yaml"), "a: [unclosed\n");
    const r = await cli(["--store", store, "gc", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Runs to remove permanently (2):");
    expect(r.stderr).toContain(`Malformed or unreadable model folder skipped: ${bad}`);
  });

  it("--dry-run lists exactly the deleted runs and experiments and removes nothing", async () => {
    const store = fixtureCopy();
    const before = tree(store);
    const r = await cli(["--store", store, "gc", "--dry-run"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Runs to remove permanently (2):");
    expect(lines[1]).toMatch(/^ {2}RUN +NAME +EXPERIMENT +DELETED$/);
    const runLine = (id: string) => lines.slice(2, 4).find((l) => l.startsWith(`  ${id}  `));
    expect(runLine(FX.inDeletedExp)).toMatch(/^ {2}\w{32} {2}run in deleted experiment {2}Deleted experiment {2}\d.* ago$/);
    expect(runLine(FX.toBeDeleted)).toMatch(/^ {2}\w{32} {2}to be deleted +baseline\/sweeps +\d.* ago$/);
    expect(lines[4]).toBe("Experiments to remove permanently (1):");
    expect(lines[6]).toMatch(new RegExp(`^  ${FX.deletedExp}  Deleted experiment +1  \\S.* ago$`));
    expect(lines[7]).toBe("Dry run: would remove 2 runs and 1 experiment; nothing was removed.");
    expect(tree(store)).toEqual(before);
  });

  it("--yes removes the deleted runs' folders and the deleted experiment's folder, and nothing else", async () => {
    const store = fixtureCopy();
    const before = tree(store);
    const r = await cli(["--store", store, "gc", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const done = r.stdout.split("\n").filter((l) => l.includes("permanently deleted"));
    expect(done.sort()).toEqual(
      [
        `Run with ID ${FX.toBeDeleted} has been permanently deleted.`,
        `Run with ID ${FX.inDeletedExp} has been permanently deleted.`,
        `Experiment with ID ${FX.deletedExp} has been permanently deleted.`,
      ].sort(),
    );
    for (const p of removed(store)) expect(fs.existsSync(p)).toBe(false);
    const gone = (rel: string) =>
      rel.startsWith(path.join(FX.sweepsExp, FX.toBeDeleted)) || rel.startsWith(path.join(".trash", FX.deletedExp));
    expect(tree(store)).toEqual(before.filter((rel) => !gone(rel)));
    expect(fs.existsSync(path.join(store, ".trash"))).toBe(true);

    const again = await cli(["--store", store, "gc", "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Nothing to remove: no deleted runs or experiments.\n");
    const all = await cli(["--store", store, "runs", "--all", "--csv"]);
    expect(all.stdout).not.toContain(FX.toBeDeleted);
    const exps = await cli(["--store", store, "experiments", "--all", "--csv"]);
    expect(exps.stdout).not.toContain(FX.deletedExp);
  });

  it("delete then gc: the run is gone for good", async () => {
    const store = fixtureCopy();
    expect((await cli(["--store", store, "delete", FX.killed])).code).toBe(0);
    const r = await cli(["--store", store, "gc", "-y"]);
    expect(r.stdout).toContain(`Run with ID ${FX.killed} has been permanently deleted.`);
    expect(fs.existsSync(path.join(store, FX.unicodeExp, FX.killed))).toBe(false);
    expect(fs.existsSync(path.join(store, FX.unicodeExp, FX.parent))).toBe(true);
    const show = await cli(["--store", store, "show", FX.killed]);
    expect(show.code).toBe(1);
    expect((await cli(["--store", store, "restore", FX.killed])).code).toBe(1);
  });
});

/** Pretend a run or experiment was deleted `ms` ago by rewriting its meta.yaml. */
function age(dir: string, key: "deleted_time" | "last_update_time", ms: number): void {
  const file = path.join(dir, "meta.yaml");
  const text = fs.readFileSync(file, "utf8");
  const re = new RegExp(`^${key}: \\d+$`, "m");
  if (!re.test(text)) throw new Error(`no ${key} in ${file}`);
  fs.writeFileSync(file, text.replace(re, `${key}: ${Date.now() - ms}`));
}

describe("mlruns gc --older-than (a tree written with the library)", () => {
  const DAY = 24 * 3600 * 1000;
  let store: string;
  let outside: string;
  const id: Record<string, string> = {};
  const exp: Record<string, string> = {};
  const runDir = (name: string, trash = false) => path.join(store, ...(trash ? [".trash"] : []), exp[name.split(":")[0]!]!, id[name]!);

  beforeAll(async () => {
    store = path.join(tempDir(), "mlruns");
    outside = path.join(tempDir("mlruns-artifacts-"), "art");
    const client = new MlflowClient(store);
    const mk = async (e: string, r: string) => {
      const run = await client.createRun(exp[e]!, undefined, {}, r);
      await client.logText(run.info.runId, `artifact of ${r}`, "out/file.txt");
      id[`${e}:${r}`] = run.info.runId;
      return run.info.runId;
    };
    for (const e of ["live", "old", "recent", "mixed", "holdsActive"]) exp[e] = await client.createExperiment(e);
    exp.custom = await client.createExperiment("custom", pathToFileURL(outside).href);
    await mk("live", "active");
    await client.deleteRun(await mk("live", "deletedLongAgo"));
    await client.deleteRun(await mk("live", "deletedNow"));
    await client.deleteRun(await mk("custom", "elsewhere"));
    await mk("old", "r");
    await mk("recent", "r");
    await mk("mixed", "oldRun");
    await mk("mixed", "newRun");
    await mk("holdsActive", "r");
    for (const e of ["old", "recent", "mixed", "holdsActive"]) await client.deleteExperiment(exp[e]!);
    await client.restoreRun(id["holdsActive:r"]!);
    await client.flush();

    age(runDir("live:deletedLongAgo"), "deleted_time", 3 * DAY);
    age(runDir("custom:elsewhere"), "deleted_time", 3 * DAY);
    for (const e of ["old", "mixed", "holdsActive"]) age(path.join(store, ".trash", exp[e]!), "last_update_time", 3 * DAY);
    age(runDir("old:r", true), "deleted_time", 3 * DAY);
    age(runDir("mixed:oldRun", true), "deleted_time", 3 * DAY);
  });

  it("keeps what was deleted recently, and experiments holding active or recent runs", async () => {
    expect(fs.existsSync(path.join(outside, id["custom:elsewhere"]!, "artifacts", "out", "file.txt"))).toBe(true);
    const r = await cli(["--store", store, "gc", "--older-than", "2d", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean).sort()).toEqual(
      [
        `mlruns: keeping deleted experiment ${exp.holdsActive} (holdsActive): it holds 1 active run`,
        `mlruns: keeping deleted experiment ${exp.mixed} (mixed): it holds 1 run deleted less than 2d ago`,
      ].sort(),
    );
    const done = r.stdout.split("\n").filter((l) => l.includes("permanently deleted"));
    expect(done.sort()).toEqual(
      [
        `Run with ID ${id["live:deletedLongAgo"]} has been permanently deleted.`,
        `Run with ID ${id["custom:elsewhere"]} has been permanently deleted.`,
        `Run with ID ${id["old:r"]} has been permanently deleted.`,
        `Run with ID ${id["mixed:oldRun"]} has been permanently deleted.`,
        `Experiment with ID ${exp.old} has been permanently deleted.`,
      ].sort(),
    );
    expect(r.stdout).toContain("(3 runs deleted less than 2d ago kept.)"); // live:deletedNow, recent:r, mixed:newRun
    // Removed: the old deleted runs (and their artifacts, even outside the store), the old experiment.
    expect(fs.existsSync(runDir("live:deletedLongAgo"))).toBe(false);
    expect(fs.existsSync(path.join(outside, id["custom:elsewhere"]!))).toBe(false);
    expect(fs.existsSync(path.join(store, ".trash", exp.old!))).toBe(false);
    expect(fs.existsSync(runDir("mixed:oldRun", true))).toBe(false);
    // Kept.
    expect(fs.existsSync(runDir("live:active"))).toBe(true);
    expect(fs.existsSync(runDir("live:deletedNow"))).toBe(true);
    expect(fs.existsSync(path.join(store, ".trash", exp.recent!))).toBe(true);
    expect(fs.existsSync(runDir("mixed:newRun", true))).toBe(true);
    expect(fs.existsSync(runDir("holdsActive:r", true))).toBe(true);

    // Without --older-than everything deleted goes, except the experiment that holds an active run.
    const rest = await cli(["--store", store, "gc", "--yes"]);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toBe(`mlruns: keeping deleted experiment ${exp.holdsActive} (holdsActive): it holds 1 active run\n`);
    expect(fs.existsSync(runDir("live:deletedNow"))).toBe(false);
    expect(fs.existsSync(path.join(store, ".trash", exp.recent!))).toBe(false);
    expect(fs.existsSync(path.join(store, ".trash", exp.mixed!))).toBe(false);
    expect(fs.existsSync(runDir("holdsActive:r", true))).toBe(true);
    expect(fs.existsSync(runDir("live:active"))).toBe(true);
    expect(tree(path.join(store, exp.live!)).filter((p) => !p.includes("/"))).toEqual([id["live:active"], "meta.yaml"].sort());
  });

  it("--older-than accepts MLflow's #d#h#m#s forms", async () => {
    for (const d of ["1d2h3m4s", "1.5d", "36h", "90m", "10s", "2d8h5m20s"]) {
      const r = await cli(["--store", store, "gc", "--older-than", d, "--dry-run"]);
      expect(r.code, `${d}: ${r.stderr}`).toBe(0);
    }
    for (const d of ["", "3", "1w", "d", "1h2d", "1..2d"]) {
      const r = await cli(["--store", store, "gc", "--older-than", d, "--dry-run"]);
      expect(r.code, `'${d}'`).toBe(2);
      expect(r.stderr).toContain(`could not parse any time information from '${d}'`);
    }
  });
});

describe("on a terminal (util-linux script)", () => {
  // No silent skip: without util-linux's `script` these checks cannot run, and that must show.
  beforeAll(() => {
    if (!hasScript) throw new Error("util-linux 'script' is required for the terminal tests (apt-get install util-linux)");
  });

  it("gc asks; anything but y/yes aborts with exit 1 and removes nothing", async () => {
    const store = fixtureCopy();
    const before = tree(store);
    const r = await cliOnTty(["--store", store, "gc"], "n\n");
    expect(r.stdout).toContain("Remove 2 runs and 1 experiment permanently? This cannot be undone. [y/N]");
    expect(r.stdout).toContain("mlruns: aborted; nothing was removed");
    expect(r.code).toBe(1);
    expect(tree(store)).toEqual(before);
  });

  it("gc asks; y removes", async () => {
    const store = fixtureCopy();
    const r = await cliOnTty(["--store", store, "gc"], "y\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Experiment with ID ${FX.deletedExp} has been permanently deleted.`);
    expect(fs.existsSync(path.join(store, ".trash", FX.deletedExp))).toBe(false);
    expect(fs.existsSync(path.join(store, FX.sweepsExp, FX.toBeDeleted))).toBe(false);
  });

  it("colour on a terminal, none with NO_COLOR", async () => {
    const store = fixtureCopy();
    const coloured = await cliOnTty(["--store", store, "runs", "-e", FX.sweepsExp], "");
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain("\u001b[1mRUN\u001b[22m");
    expect(coloured.stdout).toContain("\u001b[32mFINISHED\u001b[39m");
    const plain = await cliOnTty(["--store", store, "runs", "-e", FX.sweepsExp], "", { NO_COLOR: "1" });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("FINISHED");
    expect(plain.stdout).not.toContain("\u001b[");
  });
});
