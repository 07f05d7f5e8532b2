/**
 * The browser side of the UI suites: Debian's chromium (installed by setup-chromium.sh when
 * missing) launched through playwright-core with no background traffic of its own, a watch on a
 * page (dialogs recorded and dismissed, every request URL, console and page errors: a CSP
 * violation is one), screenshots to out/screenshots/, and the view parameters of a URL's hash.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { exec } from "../matrix/mlflow-env.js";
import { REPO_ROOT } from "../python.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(REPO_ROOT, "out", "screenshots");

/** Runs setup-chromium.sh, then launches Debian's chromium headless. */
export async function launchBrowser(): Promise<Browser> {
  const setup = await exec("bash", [path.join(REPO_ROOT, "test", "mlflow", "ui", "setup-chromium.sh")], { env: process.env, timeoutMs: 15 * 60_000 });
  if (setup.code !== 0) throw new Error(`setup-chromium.sh failed (${setup.code ?? setup.signal}):\n${setup.stderr.slice(-4000)}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

/** What a page did, recorded from the moment it was watched. */
export interface PageWatch {
  /** `<type>: <message>` of every dialog (each dismissed). */
  dialogs: string[];
  /** The URL of every request, in order. */
  requests: string[];
  /** Console errors, and uncaught page errors as `pageerror: <message>`. */
  errors: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], requests: [], errors: [] };
  page.on("dialog", (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => watch.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") watch.errors.push(m.text());
  });
  page.on("pageerror", (e) => watch.errors.push(`pageerror: ${e.message}`));
  return watch;
}

/** Saves out/screenshots/<name>.png (the whole page unless told otherwise) and prints its path. */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: file, fullPage });
  console.log(`screenshot: ${file}`);
}

/** A parameter of the view in the page URL's hash (#/experiments/ID?filter=...). */
export function hashParam(page: Page, name: string): string | null {
  return new URLSearchParams(new URL(page.url()).hash.split("?")[1] ?? "").get(name);
}
