/** `mlruns sync`, the built command: summary as text or JSON, exit codes, the progress bar on a terminal only. */
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliOnTty, hasScript, tempDir } from "../cli/helpers.js";
import { openFileStore, writeSource } from "./fixture.js";

let dir: string;
let from: string;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = tempDir("mlruns-sync-cli-");
  from = path.join(dir, "mlruns");
  await writeSource(openFileStore(from));
});

describe("mlruns sync", () => {
  it("--json prints the summary for scripts; the second run sends nothing", async () => {
    const to = path.join(dir, "shared");
    const first = await cli(["--store", from, "sync", "--to", to, "--json"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ experimentsCreated: 2, runsCreated: 3, modelsCreated: 1, points: 8, artifacts: 3, skipped: [], dryRun: false });
    const second = await cli(["sync", "--store", from, "--to", to, "--json"]);
    expect(JSON.parse(second.stdout)).toMatchObject({ experimentsCreated: 0, runsCreated: 0, runsUpdated: 0, runsUnchanged: 3, points: 0, artifacts: 0, tags: 0, params: 0 });
  });

  it("prints a readable summary; -e picks experiments; --dry-run says nothing was sent", async () => {
    const to = path.join(dir, "shared");
    const dry = await cli(["sync", "--store", from, "--to", to, "-e", "nlp", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run of a sync file:\/\/.*\/mlruns → file:\/\/.*\/shared in /);
    expect(dry.stdout).toContain("runs                 1 created, 0 updated, 0 unchanged");
    expect(dry.stdout).toContain("Dry run: nothing was sent or recorded.");
    const real = await cli(["sync", "--store", from, "--to", to, "-e", "nlp"]);
    expect(real.stdout).toContain("sent                 0 params, 2 tags, 1 points, 0 inputs/outputs");
  });

  it("usage errors: no --to, a bad --wait, a missing store, an unknown experiment", async () => {
    const noTo = await cli(["sync", "--store", from]);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toMatch(/'--to URI' is required/);
    expect((await cli(["sync", "--store", from, "--to", "x", "--wait", "soon"])).stderr).toMatch(/--wait expects a number of seconds, got 'soon'/);
    const missing = await cli(["sync", "--store", path.join(dir, "nope"), "--to", path.join(dir, "t")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no MLflow store at .*nope/);
    const unknown = await cli(["sync", "--store", from, "--to", path.join(dir, "t"), "-e", "audio"]);
    expect(unknown.stderr).toMatch(/mlruns: No active experiment named 'audio'/);
  });

  it("shows a progress bar (runs, points, bytes) on a terminal, and none when stderr is a pipe", async () => {
    if (!hasScript) throw new Error("util-linux 'script' is required for the terminal tests (apt-get install util-linux)");
    const tty = await cliOnTty(["sync", "--store", from, "--to", path.join(dir, "tty")], "");
    expect(tty.code).toBe(0);
    const screen = tty.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, "\n");
    expect(screen).toMatch(/^syncing ░+ 0\/3 runs \| 0 points \| 0 B \| 0 files$/m);
    expect(screen).toMatch(/^syncing █+ 3\/3 runs \| 8 points \| 68(\.\d)? KiB \| 3 files$/m);
    const piped = await cli(["sync", "--store", from, "--to", path.join(dir, "piped")]);
    expect(piped.stderr).toBe("");
    expect(piped.stdout).not.toMatch(/runs \|/);
  });
});
