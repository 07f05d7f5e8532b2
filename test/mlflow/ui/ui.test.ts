/**
 * The real MLflow web UI, in a real browser, on a store mlruns wrote: `mlflow ui` of the current
 * release (.ci/mlflow-version), started exactly as the README says, driven by playwright-core
 * in Debian's chromium (installed by setup-chromium.sh when missing). Screenshots of every step
 * go to out/screenshots/ (their paths are printed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentVersion, ensureVenv, exec, mlflowEnv, startMlflow, type MlflowServer, type MlflowVenv } from "../matrix/mlflow-env.js";
import { SUBMISSION_CSV, TFJS_RUN_NAME, UI_EXPERIMENT, writeUiStore, type UiStore } from "./ui-store.js";
import { launchBrowser, shot } from "./chromium.js";

const WAIT = 60_000;

let work: string;
let venv: MlflowVenv;
let store: UiStore;
let server: MlflowServer | undefined;
let browser: Browser | undefined;
let page: Page;
let mlflowInfRunId: string;

/** MLflow's assistant side panel opens on first visit and covers a third of the page. */
async function closeAssistant(): Promise<void> {
  const close = page.getByRole("button", { name: "Close", exact: true }).first();
  if (await close.isVisible().catch(() => false)) await close.click();
}

beforeAll(async () => {
  venv = await ensureVenv(currentVersion());
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-"));
  store = await writeUiStore(path.join(work, "mlruns"));

  // The same kind of run as store.infRunId, logged by MLflow itself into the same experiment.
  const r = await exec(
    venv.python,
    [
      "-c",
      "import json,sys,warnings\nwarnings.simplefilter('ignore')\nfrom pathlib import Path\nfrom mlflow.tracking import MlflowClient\n" +
        "c=MlflowClient(tracking_uri=Path(sys.argv[1]).resolve().as_uri())\nr=c.create_run(sys.argv[2],run_name='inf-metric (MLflow)')\n" +
        "c.log_metric(r.info.run_id,'overflow',float('inf'),step=0)\nc.set_terminated(r.info.run_id)\nprint(json.dumps(r.info.run_id))",
      store.root,
      store.experimentId,
    ],
    { env: mlflowEnv({ MLFLOW_ALLOW_FILE_STORE: "true" }) },
  );
  if (r.code !== 0) throw new Error(`logging the MLflow inf run failed:\n${r.stderr.slice(-3000)}`);
  mlflowInfRunId = JSON.parse(r.stdout.trim().split("\n").pop()!);

  // The README's command for 3.13+: MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ./mlruns
  server = await startMlflow(venv, { command: "ui", backendStoreUri: "./mlruns", cwd: work, env: { MLFLOW_ALLOW_FILE_STORE: "true" } });

  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(WAIT);
}, 25 * 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const runUrl = (runId: string) => `${server!.url}/#/experiments/${store.experimentId}/runs/${runId}?workflowType=machine_learning`;

describe(`MLflow ${currentVersion()} web UI on a store written by mlruns`, () => {
  it("the experiment lists the runs by name, and a param column shows their values", async () => {
    // 3.x opens experiments in its GenAI view; the runs table lives in the "Model training" one.
    await page.goto(`${server!.url}/#/experiments/${store.experimentId}/runs?workflowType=machine_learning`);
    const grid = page.locator(".ag-root").first();
    await grid.getByText("lgbm-baseline", { exact: true }).waitFor();
    await closeAssistant();
    await expect.poll(() => page.locator("body").innerText()).toContain(UI_EXPERIMENT);
    for (const name of ["lgbm-baseline", "lgbm-tuned", "inf-metric (mlruns)", "inf-metric (MLflow)"]) {
      await grid.getByText(name, { exact: true }).waitFor();
    }
    // Params are not shown by default: add the learning_rate column, as a user would.
    await page.getByRole("button", { name: "Columns", exact: true }).click();
    await page.getByPlaceholder("Search columns").fill("learning_rate");
    await page.getByText("learning_rate", { exact: true }).last().click();
    await page.keyboard.press("Escape");
    await grid.getByText("0.05", { exact: true }).waitFor();
    await grid.getByText("0.02", { exact: true }).waitFor();
    const text = await grid.innerText();
    expect(text).toContain("learning_rate");
    expect(text).toMatch(/lgbm-baseline[\s\S]*lgbm-tuned|lgbm-tuned[\s\S]*lgbm-baseline/);
    await shot(page, "01-experiment-runs", { fullPage: false });
  });

  it("a run's overview shows its params and metrics", async () => {
    await page.goto(runUrl(store.baselineRunId));
    await page.getByRole("heading", { name: "lgbm-baseline" }).first().waitFor();
    await closeAssistant();
    const body = page.locator("body");
    await page.getByText("Parameters (2)").waitFor();
    await expect.poll(() => body.innerText()).toMatch(/learning_rate\s+0\.05/);
    await expect.poll(() => body.innerText()).toMatch(/num_leaves\s+31/);
    await expect.poll(() => body.innerText()).toMatch(/rmse\s+22628\.5/);
    await shot(page, "02-run-overview", { fullPage: false });
  });

  it("its metric chart is drawn under the metric's name", async () => {
    await page.getByRole("tab", { name: "Model metrics" }).click();
    // One chart card per metric, titled with the key; the legend names the run and the key.
    await page.getByText("lgbm-baseline (rmse)").waitFor();
    await page.getByText("lgbm-baseline (r2)").waitFor();
    // The chart itself is drawn (its axis title, SVG paths), not only its card title.
    await expect.poll(() => page.locator("body").innerText()).toMatch(/\nrmse\n[\s\S]*Step/);
    expect(await page.locator("svg path").count()).toBeGreaterThan(0);
    await shot(page, "03-metric-chart", { fullPage: false });
  });

  it("the artifacts tab lists the artifacts and previews one", async () => {
    await page.getByRole("tab", { name: "Artifacts" }).click();
    await page.getByText("submission.csv", { exact: true }).first().waitFor();
    await page.getByText("reports", { exact: true }).first().waitFor();
    await page.getByText("submission.csv", { exact: true }).first().click();
    // The preview reads the file through the server: its rows prove the bytes were found.
    await page.getByText("187724.25").waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain(`artifacts/submission.csv`);
    expect(text).toContain(`${Buffer.byteLength(SUBMISSION_CSV)}B`);
    await shot(page, "04-artifacts", { fullPage: false });
  });

  it("a run that logged system metrics shows their charts in the System metrics tab", async () => {
    await page.goto(runUrl(store.systemMetricsRunId));
    await page.getByRole("heading", { name: "system-metrics" }).first().waitFor();
    await closeAssistant();
    await page.getByRole("tab", { name: "System metrics" }).click();
    for (const name of ["cpu_utilization_percentage", "system_memory_usage_megabytes", "disk_usage_percentage", "network_receive_megabytes"]) {
      await page.getByText(`system-metrics (system/${name})`).first().waitFor();
    }
    expect(await page.locator("svg path").count()).toBeGreaterThan(0);
    await shot(page, "07-system-metrics", { fullPage: false });
  });

  it("a TensorFlow.js fit logged by MlflowCallback: the Model metrics tab charts every epoch's loss and val_loss, and the run lists its logged model", async () => {
    await page.goto(`${server!.url}/#/experiments/${store.tfjsExperimentId}/runs/${store.tfjsRunId}?workflowType=machine_learning`);
    await page.getByRole("heading", { name: TFJS_RUN_NAME }).first().waitFor();
    await closeAssistant();
    await expect.poll(() => page.locator("body").innerText()).toMatch(/optimizer_name\s+adam/);
    // The overview's "Logged models" section names the model MlflowCallback logged.
    await expect.poll(() => page.locator("body").innerText()).toMatch(/Logged models[\s\S]*\bmodel\b/);
    await shot(page, "04b-tfjs-run-overview", { fullPage: false });
    await page.getByRole("tab", { name: "Model metrics" }).click();
    for (const key of ["loss", "val_loss", "mse", "val_mse"]) await page.getByText(`${TFJS_RUN_NAME} (${key})`).first().waitFor();
    await expect.poll(() => page.locator("body").innerText()).toMatch(/\nval_loss\n[\s\S]*Step/);
    expect(await page.locator("svg path").count()).toBeGreaterThan(0);
    await shot(page, "04c-tfjs-model-metrics", { fullPage: false });
  });

  it("MLflow's own limitation, pinned: its run page cannot load a file-store run with an infinite metric, whoever logged it", async () => {
    // MLflow 3.17.2's GraphQL layer rejects ±inf ("Float cannot represent non numeric value");
    // mlflow/mlflow#16628 fixed NaN only. The SQL store keeps ±inf as ±1.8e308 and is not hit.
    for (const [label, runId] of [["mlruns", store.infRunId], ["MLflow", mlflowInfRunId]] as const) {
      await page.goto(runUrl(runId));
      await page.getByText("Can't load run details").waitFor();
      await page.getByText("Float cannot represent non numeric value: inf").waitFor();
      await shot(page, `05-inf-metric-logged-by-${label}`, { fullPage: false });
    }
  });

  it("after the README's `migrate-filestore`, `mlflow ui` on SQLite opens those runs (∞ stored as 1.7976931348623157e308)", async () => {
    const migrate = await exec(venv.mlflowBin, ["migrate-filestore", "--source", "./mlruns", "--target", "sqlite:///mlflow.db"], { env: mlflowEnv(), cwd: work });
    expect(migrate.code, migrate.stderr + migrate.stdout).toBe(0);
    const sqlite = await startMlflow(venv, { command: "ui", backendStoreUri: "sqlite:///mlflow.db", cwd: work });
    try {
      for (const [label, runId] of [["mlruns", store.infRunId], ["MLflow", mlflowInfRunId]] as const) {
        await page.goto(`${sqlite.url}/#/experiments/${store.experimentId}/runs/${runId}?workflowType=machine_learning`);
        await page.getByText("Metrics (1)").waitFor();
        await expect.poll(() => page.locator("body").innerText()).toMatch(/overflow\s+1\.7976931348623157e\+308/);
        await closeAssistant();
        await shot(page, `06-sqlite-inf-metric-logged-by-${label}`, { fullPage: false });
      }
      await page.goto(`${sqlite.url}/#/experiments/${store.experimentId}/runs/${store.baselineRunId}?workflowType=machine_learning`);
      await page.getByRole("tab", { name: "Artifacts" }).click();
      await page.getByText("submission.csv", { exact: true }).first().waitFor();
    } finally {
      await sqlite.stop();
    }
  });
});
