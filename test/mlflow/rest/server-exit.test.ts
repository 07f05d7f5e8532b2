/**
 * A test process that ends without stopping its MLflow server (an interrupted run, a crash)
 * leaves no server behind: servers/mlflow-server.ts starts them through matrix/mlflow-env.ts,
 * whose exit handler kills every server still running. The server module runs in a child
 * process (bundled by esbuild, as plain Node cannot load TypeScript) that exits right after
 * the server answered.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO_ROOT } from "../python.js";

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-server-exit-"));
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

it("a process that exits with its server running takes the server with it", async () => {
  const bundle = path.join(work, "mlflow-server.mjs");
  await build({
    entryPoints: [path.join(REPO_ROOT, "test", "mlflow", "servers", "mlflow-server.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    logLevel: "error",
    // python.ts finds the repository (the venv, the pinned version) from its own location.
    define: { "import.meta.url": JSON.stringify(pathToFileURL(path.join(REPO_ROOT, "test", "mlflow", "python.ts")).href) },
  });
  const script = `const { startMlflowServer } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const s = await startMlflowServer();
process.stdout.write(JSON.stringify({ uri: s.uri, dir: s.dir }));
process.exit(0);`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 180_000 });
  const { uri, dir } = JSON.parse(out) as { uri: string; dir: string };
  fs.rmSync(dir, { recursive: true, force: true });
  // The child answered only once /health did: the server was up when it exited.
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2000) })).status;
        } catch {
          return "gone";
        }
      },
      { timeout: 15_000, interval: 500 },
    )
    .toBe("gone");
}, 240_000);
