/**
 * The web app's files, bundled at build time into dist/ui/static/ (scripts/bundle-ui.mjs) so the
 * viewer works offline. Only these names are served: no path from the request reaches the disk.
 */
import fs from "node:fs";
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";

/**
 * The app's Content-Security-Policy: its own script and styles only, no inline script, no
 * plugin, never framed; data comes from this origin's /api.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const FILES: Record<string, { name: string; type: string }> = {
  "/": { name: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { name: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { name: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { name: "app.css", type: "text/css; charset=utf-8" },
};

/**
 * dist/ui/static/ seen from where this module runs: dist/ui/server/ (the library), dist/bin/
 * (the CLI's bundle) or src/ui/server/ (tests run from source against a build).
 */
export function findStaticDir(): string {
  const candidates = ["../static/", "../ui/static/", "../../../dist/ui/static/"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => fs.existsSync(`${dir}index.html`));
  if (!found) throw new Error(`The web app is not built (looked for index.html in ${candidates.join(", ")}). Run 'npm run build'.`);
  return found;
}

/** Sends one of the app's files; returns false when `pathname` is not one of them. */
export function sendStatic(res: ServerResponse, staticDir: string, pathname: string): boolean {
  const file = FILES[pathname];
  if (!file) return false;
  const body = fs.readFileSync(`${staticDir}${file.name}`);
  res.writeHead(200, { "Content-Type": file.type, "Content-Length": body.length, "Content-Security-Policy": APP_CSP, "Cache-Control": "no-cache" });
  res.end(body);
  return true;
}
