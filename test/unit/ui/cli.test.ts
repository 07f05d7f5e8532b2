/** `mlruns ui` as installed (dist/bin/mlruns.js), in a real child process: URL, warning, Ctrl-C. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, CLI, harnessEnv } from "../cli/helpers.js";
import { tempDir } from "../helpers/temp-store.js";
import { request } from "./http-client.js";
import { writeSweepStore, type SweepStore } from "./ui-store.js";

let dir: string;
let store: SweepStore;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir("mlruns-ui-cli-");
  store = await writeSweepStore(path.join(dir, "mlruns"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [CLI, "--store", store.root, "ui", "--port", "0", ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...harnessEnv(), TZ: "UTC" } });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout })),
  );
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  exited.then(() => clearTimeout(killer));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      const url = /(http:\/\/\S+\/)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exited });
    });
    exited.then(({ code }) => reject(new Error(`mlruns ui exited ${code} before printing its URL:\n${stderr}`)));
  });
}

describe("mlruns ui", () => {
  it("prints its URL on 127.0.0.1, serves the store, and stops with exit 0 on Ctrl-C (SIGINT)", async () => {
    const ui = await startCli([]);
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await request(ui.url + "api/experiments");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).experiments.map((e: any) => e.name)).toContain("sweep");
    expect(ui.stderr()).toBe("");
    // A keep-alive connection left open must not hold the process up.
    ui.child.kill("SIGINT");
    const { code, signal, stdout } = await ui.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout).toContain("press Ctrl-C to stop");
  });

  it("--host 0.0.0.0 warns that the store is open to the network", async () => {
    const ui = await startCli(["--host", "0.0.0.0"]);
    expect(ui.stderr()).toMatch(/^mlruns: warning: --host 0\.0\.0\.0 serves this store to every machine/);
    expect((await request(ui.url + "api/experiments")).status).toBe(200);
    ui.child.kill("SIGTERM");
    expect((await ui.exited).code).toBe(0);
  });

  it("a bad --port is a usage error; a missing store is an error, not a new folder", async () => {
    const bad = await cli(["--store", store.root, "ui", "--port", "http"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port expects a port number from 0 to 65535, got 'http'");
    const missing = await cli(["--store", path.join(dir, "nowhere"), "ui", "--port", "0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no MLflow store at");
    expect(fs.existsSync(path.join(dir, "nowhere"))).toBe(false);
  });

  it("is listed in mlruns --help", async () => {
    const r = await cli(["--help"]);
    expect(r.stdout).toMatch(/\n\s+ui\s+a local, read-only web viewer/);
  });
});
