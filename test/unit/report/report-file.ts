/** Reading a written report back: its data block, its inline script and its markup outside them. */
import fs from "node:fs";
import type { ReportData } from "../../../src/report/index.js";

export interface ReportParts {
  html: string;
  data: ReportData;
  /** The raw text of the JSON block, as the browser's parser sees it. */
  dataText: string;
  script: string;
  /** The file with the JSON block's and the script's contents cut out. */
  markup: string;
  csp: string;
}

const DATA_BLOCK = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/;
const SCRIPT_BLOCK = /<script>([\s\S]*?)<\/script>\n<\/body>/;

export function readReport(file: string): ReportParts {
  return splitReport(fs.readFileSync(file, "utf8"));
}

export function splitReport(html: string): ReportParts {
  const dataText = DATA_BLOCK.exec(html)?.[1];
  const script = SCRIPT_BLOCK.exec(html)?.[1];
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  if (dataText === undefined || script === undefined || csp === undefined) throw new Error("not a report: no data block, page script or CSP");
  const markup = html.replace(dataText, "").replace(script, "");
  return { html, data: JSON.parse(dataText) as ReportData, dataText, script, markup, csp };
}
