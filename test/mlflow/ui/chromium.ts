/**
 * Debian's chromium (installed by setup-chromium.sh when missing) launched through playwright-core,
 * with what the UI suites need: no background traffic, dialogs recorded and dismissed, every request
 * URL recorded (tests check none leaves 127.0.0.1), console errors recorded (a CSP violation is one).
 */
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { exec } from "../matrix/mlflow-env.js";
import { REPO_ROOT } from "../python.js";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS = path.join(REPO_ROOT, "out", "screenshots");

export interface ChromiumPage {
  browser: Browser;
  page: Page;
  dialogs: string[];
  requests: string[];
  consoleErrors: string[];
}

export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<ChromiumPage> {
  const setup = await exec("bash", [path.join(REPO_ROOT, "test", "mlflow", "ui", "setup-chromium.sh")], { env: process.env, timeoutMs: 15 * 60_000 });
  if (setup.code !== 0) throw new Error(`setup-chromium.sh failed (${setup.code ?? setup.signal}):\n${setup.stderr.slice(-4000)}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(20_000);
  const out: ChromiumPage = { browser, page, dialogs: [], requests: [], consoleErrors: [] };
  page.on("dialog", (d) => {
    out.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => out.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") out.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => out.consoleErrors.push(`pageerror: ${e.message}`));
  return out;
}
