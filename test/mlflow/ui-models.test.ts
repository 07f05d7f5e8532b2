/**
 * MLflow's web UI (the current release, .ci/mlflow-version) in a real browser on a store of
 * logged models and datasets written by mlruns (models-store.ts: MLflow's checkpoint example and
 * friends): the experiment's Models tab, a model's page (metrics linked to datasets and the
 * source run, params, datasets used), its artifacts, and the run page's datasets and logged
 * models. Same setup as ui/ui.test.ts (its venv; ui/chromium.ts for the browser); screenshots go to
 * out/screenshots/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentVersion, ensureVenv, startMlflow, type MlflowServer } from "./matrix/mlflow-env.js";
import { MODELS_EXPERIMENT, writeModelsStore, type ModelsStore } from "./models-store.js";
import { launchBrowser, shot } from "./ui/chromium.js";

const WAIT = 60_000;

let work: string;
let store: ModelsStore;
let server: MlflowServer | undefined;
let browser: Browser | undefined;
let page: Page;

async function closeAssistant(): Promise<void> {
  const close = page.getByRole("button", { name: "Close", exact: true }).first();
  if (await close.isVisible().catch(() => false)) await close.click();
}

const body = () => page.locator("body").innerText();

beforeAll(async () => {
  const venv = await ensureVenv(currentVersion());
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-models-"));
  store = await writeModelsStore(path.join(work, "mlruns"));
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

describe(`MLflow ${currentVersion()} web UI on logged models and datasets written by mlruns`, () => {
  it("the experiment's Models tab lists every model with its status and source run", async () => {
    await page.goto(`${server!.url}/#/experiments/${store.experimentId}/models?workflowType=machine_learning`);
    await page.getByText("ckpt-10", { exact: true }).first().waitFor();
    await closeAssistant();
    for (const name of ["ckpt-0", "ckpt-10", "ckpt-20", "support-agent", "never-finished", "upload-failed"]) {
      await page.getByText(name, { exact: true }).first().waitFor();
    }
    const text = await body();
    expect(text).toContain(MODELS_EXPERIMENT);
    expect(text).not.toContain("deleted-model");
    expect(text).toMatch(/Pending/);
    expect(text).toMatch(/Failed/);
    expect(text).toContain("checkpoint-training");
    await shot(page, "10-models-tab", { fullPage: false });
  });

  it("a checkpoint's page shows its metrics with their dataset and source run, its params and datasets", async () => {
    await page.goto(`${server!.url}/#/experiments/${store.experimentId}/models/${store.checkpointIds[1]}?workflowType=machine_learning`);
    await page.getByText("About this logged model").waitFor();
    await closeAssistant();
    await page.getByText("Metrics (4)").waitFor();
    await expect.poll(body).toMatch(/accuracy\s+iris_val \(#[0-9a-f]{8}\)\s+checkpoint-training\s+0\.93/);
    await expect.poll(body).toMatch(/val_loss\s+-\s+checkpoint-training\s+0\.4/);
    const text = await body();
    expect(text).toContain(store.checkpointIds[1]);
    expect(text).toMatch(/Parameters \(3\)[\s\S]*checkpoint_epoch\s+10/);
    expect(text).toMatch(/Datasets used\s+iris_(val|train) \(#[0-9a-f]{8}\)/);
    expect(text).toMatch(/Status\s+Ready/);
    await shot(page, "11-model-page", { fullPage: false });
  });

  it("its Artifacts tab lists the files and MLmodel, and previews one", async () => {
    // The model page's tabs are links, not ARIA tabs.
    await page.getByText("Artifacts", { exact: true }).first().click();
    await page.getByText("weights.json", { exact: true }).first().waitFor();
    await page.getByText("MLmodel", { exact: true }).first().waitFor();
    await page.getByText("weights.json", { exact: true }).first().click();
    try {
      // The preview reads the file through the server (the JSON viewer may reformat it).
      await expect.poll(body, { timeout: WAIT }).toMatch(/"?epoch"?\s*:\s*10/);
    } finally {
      await shot(page, "12-model-artifacts", { fullPage: false });
    }
  });

  it("the run's page lists its datasets and its logged models", async () => {
    await page.goto(`${server!.url}/#/experiments/${store.experimentId}/runs/${store.runId}?workflowType=machine_learning`);
    await page.getByRole("heading", { name: "checkpoint-training" }).first().waitFor();
    await closeAssistant();
    await page.getByText("Logged models (3)").waitFor();
    await expect.poll(body).toContain("iris_train");
    await expect.poll(body).toContain("iris_val");
    await shot(page, "13-run-datasets-and-models", { fullPage: false });
  });
});
