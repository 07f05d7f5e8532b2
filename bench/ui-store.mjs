// The stores the UI benchmarks open, written by mlruns and kept between runs in
// $TMPDIR/mlruns-bench-ui-<uid>/ (delete the folder, or pass --regen, to write them again).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MlflowClient } from "../dist/index.js";

export const BENCH_DIR = path.join(os.tmpdir(), `mlruns-bench-ui-${process.getuid?.() ?? 0}`);
const T0 = 1_700_000_000_000;

/**
 * `runs` runs in one experiment "bench", each with 3 params (model, lr, depth), `metrics` metric
 * keys of `points` steps each and a user tag, finished. Returns { root, experimentId }.
 */
export async function benchStore(name, { runs, metrics = 3, points = 1, regen = false }) {
  const root = path.join(BENCH_DIR, name);
  const done = path.join(root, ".bench-complete.json");
  if (!regen && fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, "utf8"));
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment("bench");
  const keys = ["loss", "val_loss", "accuracy", "f1", "auc"].slice(0, metrics);
  const started = performance.now();
  for (let r = 0; r < runs; r++) {
    const run = await client.createRun(experimentId, T0 + r * 1000, [{ key: "team", value: `t${r % 5}` }], `run-${r}`);
    const id = run.info.runId;
    const lr = [0.1, 0.03, 0.01, 0.003][r % 4];
    await client.logBatch(id, [], [
      { key: "model", value: ["lgbm", "mlp", "xgb"][r % 3] },
      { key: "lr", value: String(lr) },
      { key: "depth", value: String(4 + (r % 6)) },
    ]);
    for (const [k, key] of keys.entries()) {
      for (let step = 0; step < points; step++) {
        client.logMetric(id, key, Math.exp(-step * lr * 0.01) * (1 + k * 0.1) + ((r * 7919 + step) % 101) / 5000, T0 + r * 1000 + step, step);
      }
    }
    await client.setTerminated(id, "FINISHED", T0 + r * 1000 + 60_000 + (r % 97) * 1000);
    if (r % 1000 === 999) {
      await client.flush();
      process.stderr.write(`  ${name}: ${r + 1}/${runs} runs written (${Math.round((performance.now() - started) / 1000)} s)\n`);
    }
  }
  await client.flush();
  const info = { root, experimentId };
  fs.writeFileSync(done, JSON.stringify(info));
  return info;
}

/** `--name N` from the command line as a number, else `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Debian's Chromium, headless, quiet: no sandbox or GPU, and no request of its own (updates, sync, QUIC) to skew a timing. */
export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
