/**
 * Compiles examples/ for a test into its own folder inside the repository (so `mlruns` and the
 * demo's packages resolve as they do for dist-examples/), independent of whether
 * `tsc -p tsconfig.examples.json` was run. Needs `npm run build` (dist/) first, as `npm test` does.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function buildDemo(): { demo: string; cleanup: () => void } {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first (npm test does).");
  }
  const outDir = fs.mkdtempSync(path.join(REPO_ROOT, "dist-examples", ".test-build-"));
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(REPO_ROOT, "tsconfig.examples.json"), "--outDir", outDir, "--sourceMap", "false"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    fs.rmSync(outDir, { recursive: true, force: true });
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`Compiling examples/ failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  return { demo: path.join(outDir, "demo.js"), cleanup: () => fs.rmSync(outDir, { recursive: true, force: true }) };
}

/** The environment a user's shell would give the demo: no tracking settings inherited from the test. */
export function demoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of ["MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_RUN_ID", "MLRUNS_DEMO_SEED"]) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}
