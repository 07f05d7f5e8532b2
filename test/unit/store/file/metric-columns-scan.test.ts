// getMetricHistoryColumns' reader (metric-columns-scan.ts) reads every metric file as the object
// reader does: the same points in the same order, the same damage reports, whatever the damage.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { scanMetricColumns } from "../../../../src/store/file/metric-columns-scan.js";
import { scanRunMetricFile } from "../../../../src/store/file/run-metric-scan.js";
import { latestMetric } from "../../../../src/store/latest-point.js";
import { columnsFromMetrics, historyColumns, latestColumnValue } from "../../../../src/store/metric-columns.js";
import { tempDir } from "../../helpers/temp-store.js";
import { captureWarnings, messagesWithCode } from "../../helpers/warnings.js";

const CASES: Record<string, string> = {
  plain: "1700000000000 0.5 0\n1700000000001 -1.25e-7 1\n1700000000002 3 2\n",
  "python spellings": "1 nan 0\n2 inf 1\n3 -inf 2\n4 NaN 3\n5 Infinity 4\n6 -Infinity 5\n7 1e308 6\n8 1e400 7\n",
  "2 and 5 fields": "1 0.5\n2 0.25 3 train abc123\n3 0.125 4\n",
  "negative, repeated and huge steps": "1 0.5 -3\n2 0.5 9007199254740993\n12345678901234567 1 2\n4 1 2\n5 2 -3\n",
  "blank lines and CRLF": "\n1 0.5 0\r\n\n   \n2 0.25 1\n",
  "bad lines": "1  0.5 0\n1 x 0\nabc\n1 0.5 1.5\n1 0.5 1e3\n2 0.5 1\n",
  "whole last line without newline": "1 0.5 0\n2 0.25 1",
  "torn last line": "1 0.5 0\n2 0.25 1\n3 0.1",
  "only a tail": "3 0.1 4",
  empty: "",
};

function both(text: string) {
  const objectProblems: string[] = [];
  const columnProblems: string[] = [];
  const objects = columnsFromMetrics(scanRunMetricFile("m", text, (p) => objectProblems.push(p)));
  const columns = scanMetricColumns("m", text, (p) => columnProblems.push(p));
  return { objects, columns, objectProblems, columnProblems };
}

describe("scanMetricColumns reads as scanRunMetricFile does", () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      const { objects, columns, objectProblems, columnProblems } = both(text);
      expect(columns).toEqual(objects);
      expect(columnProblems).toEqual(objectProblems);
    });
  }

  it("reports a torn last line and an unreadable line, and keeps the rest", () => {
    const { columns, columnProblems } = both("1 0.5 0\n1 x 0\n2 0.25 1\n3 0.1");
    expect([...columns.values]).toEqual([0.5, 0.25]);
    expect(columnProblems).toEqual([expect.stringMatching(/incomplete last line '3 0.1'/), expect.stringMatching(/unreadable line 2/)]);
  });

  it("grows past its first guess of the point count", () => {
    // Long lines make the first guess (text length / 6) too small only when lines are short: 70,000 short lines.
    const n = 70_000;
    let text = "";
    for (let i = 0; i < n; i++) text += `${i} ${i % 7} ${i}\n`;
    const { columns } = both(text);
    expect(columns.steps.length).toBe(n);
    expect(columns.values[n - 1]).toBe((n - 1) % 7);
    expect(columns.timestamps[n - 1]).toBe(n - 1);
  });
});

describe("FileStore.getMetricHistoryColumns", () => {
  it("is what historyColumns uses, flushes queued points first, and is empty for an unknown key", async () => {
    const client = new MlflowClient(path.join(tempDir("mlruns-columns-"), "mlruns"));
    const runId = (await client.createRun("0")).info.runId;
    expect(client.store.getMetricHistoryColumns).toBeTypeOf("function");
    client.logMetric(runId, "m", 1, 10, 0);
    client.logMetric(runId, "m", NaN, 11, 0);
    const cols = await historyColumns(client.store, runId, "m");
    expect([...cols.steps]).toEqual([0, 0]);
    expect([...cols.timestamps]).toEqual([10, 11]);
    expect(cols.values[1]).toBeNaN();
    expect((await client.store.getMetricHistoryColumns!(runId, "never")).steps.length).toBe(0);
  });

  it("warns about a torn last line as getMetricHistory does", async () => {
    const root = path.join(tempDir("mlruns-columns-"), "mlruns");
    const client = new MlflowClient(root);
    const runId = (await client.createRun("0")).info.runId;
    client.logMetric(runId, "m", 1, 10, 0);
    await client.flush();
    const file = path.join(root, "0", runId, "metrics", "m");
    fs.appendFileSync(file, "11 0.");
    const columns = await captureWarnings(() => client.store.getMetricHistoryColumns!(runId, "m"));
    const objects = await captureWarnings(() => client.store.getMetricHistory(runId, "m"));
    expect([...columns.result.values]).toEqual([1]);
    expect(messagesWithCode(columns.warnings)).toEqual([expect.stringMatching(/incomplete last line '11 0\.'/)]);
    expect(messagesWithCode(columns.warnings)).toEqual(messagesWithCode(objects.warnings));
  });

  it("refuses a bad key as getMetricHistory does", async () => {
    const client = new MlflowClient(path.join(tempDir("mlruns-columns-"), "mlruns"));
    const runId = (await client.createRun("0")).info.runId;
    const objects = await client.store.getMetricHistory(runId, "../x").catch((e: Error) => e);
    expect(objects).toBeInstanceOf(Error);
    await expect(client.store.getMetricHistoryColumns!(runId, "../x")).rejects.toThrow((objects as Error).message);
  });
});

describe("latestColumnValue picks the value latestMetric picks (max step, then timestamp, then value; NaN never wins a tie)", () => {
  const cases: Record<string, [number, number, number][]> = {
    "max step wins over later lines": [[1, 5, 0.5], [2, 1, 0.7], [3, 0, 0.9]],
    "equal steps: max timestamp": [[1, 5, 2], [9, 5, 1], [3, 5, 3]],
    "equal step and timestamp: max value": [[1, 5, 2], [1, 5, 7], [1, 5, 6]],
    "NaN first stays against a tie": [[1, 5, NaN], [1, 5, 3]],
    "NaN later loses a tie": [[1, 5, 3], [1, 5, NaN]],
    "infinities and negative steps": [[1, -3, -Infinity], [1, -2, Infinity], [1, -9, 5]],
    "one point": [[4, 4, 4]],
  };
  for (const [name, rows] of Object.entries(cases)) {
    it(name, () => {
      const points = rows.map(([timestamp, step, value]) => ({ key: "m", timestamp, step, value }));
      expect(latestColumnValue(columnsFromMetrics(points))).toBe(latestMetric(points)!.value);
    });
  }

  it("is undefined for an empty history", () => {
    expect(latestColumnValue(columnsFromMetrics([]))).toBeUndefined();
  });
});

describe("the in-place decimal read gives Number()'s double for every spelling", () => {
  it("on short and long decimals, signs, leading and trailing zeros, 2^53 neighbours and 22+ fraction digits", () => {
    const spellings = ["0", "-0", "-0.0", "5.", ".5", "007.250", "9007199254740991", "9007199254740993", "900719925474099.3", "0.1", "0.3", "1.0000000000000002"];
    spellings.push("0." + "0".repeat(21) + "1", "0." + "0".repeat(22) + "1", "123.4567890123456789012345");
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const v = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
      spellings.push(String(v), v.toFixed(Math.floor(next() * 20)), v.toPrecision(1 + Math.floor(next() * 16)));
    }
    const text = spellings.map((s, i) => `${i} ${s} ${i}\n`).join("");
    const { values } = scanMetricColumns("m", text);
    const expected = spellings.map(Number);
    expect(values.length).toBe(expected.length);
    spellings.forEach((s, i) => expect(Object.is(values[i], expected[i]), `${s}: ${values[i]} vs ${expected[i]}`).toBe(true));
  });
});
