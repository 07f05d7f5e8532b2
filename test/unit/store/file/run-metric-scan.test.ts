// The fast metric-file reader (run-metric-scan.ts, behind getMetricHistory and doctor)
// reads every file exactly as the line-by-line one it replaced, kept here as the reference:
// same points, same damage reports in the same order.
import { describe, expect, it } from "vitest";
import type { Metric } from "../../../../src/entities.js";
import { runMetricLineDataset } from "../../../../src/store/file/linked-metric-lines.js";
import { metricFileLines, parseMetricLine } from "../../../../src/store/file/metric-lines.js";
import { scanRunMetricFile } from "../../../../src/store/file/run-metric-scan.js";

/** parseMetricFile as it was before run-metric-scan.ts (line by line). */
function parseMetricFileLineByLine(key: string, text: string, onDamage?: (problem: string) => void): Metric[] {
  const out: Metric[] = [];
  const lines = metricFileLines(text, (line) => parseMetricLine(key, line), onDamage);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push(parseMetricLine(key, line));
    } catch {
      onDamage?.(`an unreadable line ${i + 1}: '${line.slice(0, 80)}'`);
    }
  });
  return out;
}

function lineByLine(text: string) {
  const problems: string[] = [];
  const points = parseMetricFileLineByLine("m", text, (p) => problems.push(p)).map((p) => ({ ...p }));
  // Attach the dataset link of 5-field lines, as the old parseRunMetricFile did.
  const lines = metricFileLines(text, () => undefined).filter((l) => l.trim() !== "");
  let i = 0;
  for (const line of lines) {
    try {
      const dataset = runMetricLineDataset(line);
      const parsed = parseMetricFileLineByLine("m", `${line}\n`);
      if (!parsed.length) continue;
      if (dataset) Object.assign(points[i]!, dataset);
      i++;
    } catch {
      /* counted as damage above */
    }
  }
  return { points, problems };
}

function scanned(text: string) {
  const problems: string[] = [];
  const points = scanRunMetricFile("m", text, (p) => problems.push(p));
  return { points, problems };
}

/** The same reader's points without the dataset link (parseMetricFile's view, before it went). */
function withoutLinks(text: string) {
  return unlinked(scanned(text));
}

const unlinked = ({ points, problems }: { points: Metric[]; problems: string[] }) => ({
  problems,
  points: points.map(({ key, value, timestamp, step }) => ({ key, value, timestamp, step })),
});

const CASES: Record<string, string> = {
  plain: "1700000000000 0.5 0\n1700000000001 -1.25e-7 1\n1700000000002 3 2\n",
  "python spellings": "1 nan 0\n2 inf 1\n3 -inf 2\n4 NaN 3\n5 Infinity 4\n6 -Infinity 5\n7 1e308 6\n8 1e400 7\n",
  "2 and 5 fields": "1 0.5\n2 0.25 3 train abc123\n3 0.125 4\n",
  "negative and huge steps": "1 0.5 -3\n2 0.5 9007199254740993\n12345678901234567 1 2\n",
  "blank lines and CRLF": "\n1 0.5 0\r\n\n   \n2 0.25 1\n",
  "double spaces and junk": "1  0.5 0\n1 x 0\nabc\n1 0.5 1.5\n1 0.5 1e3\n",
  "whole last line without newline": "1 0.5 0\n2 0.25 1",
  "torn last line": "1 0.5 0\n2 0.25 1\n3 0.1",
  "torn after blank": "1 0.5 0\n\n3 0.",
  "only a tail": "3 0.1 4",
  empty: "",
  "leading zeros and signs": "0001 +0.5 007\n-5 .5 -0\n",
};

describe("scanRunMetricFile reads as parseMetricFile did", () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      const want = lineByLine(text);
      const got = scanned(text);
      expect(got.problems).toEqual(want.problems);
      expect(got.points).toEqual(want.points);
      expect(withoutLinks(text)).toEqual(unlinked(want));
    });
  }

  it("random lines, line by line", () => {
    const pieces = ["1", "-2", "17", "0.5", "nan", "inf", "1e3", "x", "", " ", "3.", "-0", "123456789012345678"];
    let seed = 42;
    const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length]!;
    for (let n = 0; n < 300; n++) {
      const lines = Array.from({ length: 6 }, () => Array.from({ length: 1 + (n % 5) }, pick).join(" "));
      const text = lines.join("\n") + (n % 2 ? "\n" : "");
      const want = lineByLine(text);
      const got = scanned(text);
      expect(got.problems, text).toEqual(want.problems);
      expect(got.points, text).toEqual(want.points);
      expect(withoutLinks(text), text).toEqual(unlinked(want));
    }
  });
});
