/**
 * The report's one HTML file. The template holds no store text: everything from the store is in
 * one `<script type="application/json">` block, with `<` written as `\u003c` so no value can
 * close that element, and the page script puts it on screen as text nodes.
 */
import { createHash } from "node:crypto";
import type { ReportData } from "./collect-report.js";

export interface ReportAssets {
  /** The bundled page script (dist/report/static/report.js). */
  script: string;
  css: string;
}

/**
 * The JSON block's text. `<`, `>` and `&` are escaped so no sequence in it is markup (`</script`,
 * `<!--`); U+2028/U+2029 for old parsers that read JSON as script. JSON.parse reads all of them back.
 */
export function embedJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The CSP source for an inline script: the SHA-256 of its exact text. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/**
 * No fetch, no frame, no form, no base: the only script allowed is the one whose hash is
 * here, so even markup that slipped into the page could neither run nor load anything.
 */
export function reportCsp(script: string): string {
  return `default-src 'none'; script-src ${scriptHash(script)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  // An inline script ends at the first `</script`, whatever quotes surround it.
  if (/<\/script/i.test(assets.script) || /<\/style/i.test(assets.css)) throw new Error("The report's bundled script or stylesheet holds a closing tag; rebuild it with scripts/bundle-report.mjs.");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp(assets.script)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    "<title>mlruns report</title>",
    `<style>${assets.css}</style>`,
    "</head>",
    "<body>",
    '<noscript><p>This report draws its table and charts with JavaScript; open it in a browser that runs scripts.</p></noscript>',
    '<div id="report"></div>',
    `<script type="application/json" id="report-data">${embedJson(data)}</script>`,
    `<script>${assets.script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
