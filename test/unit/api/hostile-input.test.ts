/**
 * Hostile and odd input, table-driven. For every input and every place it can go, MLflow's own
 * validators gave a verdict (fixtures/hostile-verdicts.json, from test/mlflow/py/hostile_verdicts.py,
 * regenerated live by the MLflow suite). mlruns must give the same verdict — a typed error, or an
 * exact round trip read back from disk — except where it is documented as stricter. Afterwards
 * nothing may exist outside the store.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError, MlflowClient, ResourceNotFoundError } from "../../../src/index.js";
import { listTree, tempDir } from "../helpers/temp-store.js";

const table: { inputs: string[]; verdicts: Record<string, Record<string, "ok" | "error">> } = JSON.parse(
  fs.readFileSync(new URL("../../../fixtures/hostile-verdicts.json", import.meta.url), "utf8"),
);
const inputs = table.inputs;
const label = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 20)}…(${s.length})` : s);

/**
 * Where mlruns is deliberately stricter than MLflow 3.17 (README "Bad input"): artifact paths
 * with control characters, NUL, a backslash or '#' anywhere, and ones naming no file.
 */
function mlrunsArtifactVerdict(s: string): "ok" | "error" {
  let decoded = s;
  try {
    decoded = decodeURIComponent(decodeURIComponent(s));
  } catch {
    /* keep as is */
  }
  const names = path.posix.normalize(decoded);
  if (/[\x00-\x1f\x7f\\#]/.test(decoded) || s === "" || names === "." || s.endsWith("/") || s.endsWith("/.")) return "error";
  return table.verdicts.artifactPath[s];
}

let work: string;
let client: MlflowClient;
let runId: string;
let cases = 0;

beforeAll(async () => {
  work = tempDir("mlruns-hostile-");
  client = new MlflowClient(path.join(work, "mlruns"));
  runId = (await client.createRun("0")).info.runId;
});

afterAll(() => {
  // Everything stays inside the store (downloads went to work/downloads, made by the test).
  const outside = listTree(work).filter((p) => !p.startsWith("mlruns") && !p.startsWith("downloads"));
  expect(outside).toEqual([]);
  expect(cases).toBeGreaterThanOrEqual(200);
  console.log(`hostile input: ${cases} cases, nothing written outside the store`);
});

async function outcome(fn: () => Promise<unknown> | unknown): Promise<"ok" | Error> {
  try {
    await fn();
    return "ok";
  } catch (err) {
    return err as Error;
  }
}

function expectVerdict(got: "ok" | Error, expected: "ok" | "error") {
  cases++;
  if (expected === "ok") {
    expect(got === "ok" ? "ok" : `${(got as Error).name}: ${(got as Error).message}`).toBe("ok");
  } else {
    expect(got).toBeInstanceOf(InvalidParameterError);
  }
}

describe("keys: the same verdict as MLflow, and an exact round trip when accepted", () => {
  it.each(inputs.map((s) => [label(s), s]))("param key %s", async (_l, key) => {
    const got = await outcome(() => client.logParam(runId, key, "v"));
    expectVerdict(got, table.verdicts.paramKey[key]);
    if (got === "ok") expect((await client.getRun(runId)).data.params[key]).toBe("v");
  });

  it.each(inputs.map((s) => [label(s), s]))("metric key %s", async (_l, key) => {
    const got = await outcome(() => client.logMetric(runId, key, 1.5, 7, 3));
    expectVerdict(got, table.verdicts.metricKey[key]);
    if (got === "ok") expect((await client.getMetricHistory(runId, key)).map((m) => [m.value, m.timestamp, m.step])).toContainEqual([1.5, 7, 3]);
  });

  it.each(inputs.map((s) => [label(s), s]))("tag key %s", async (_l, key) => {
    const got = await outcome(() => client.setTag(runId, key, "t"));
    expectVerdict(got, table.verdicts.tagKey[key]);
    if (got === "ok") expect((await client.getRun(runId)).data.tags[key]).toBe("t");
  });
});

describe("names and ids", () => {
  it.each(inputs.map((s) => [label(s), s]))("experiment name %s", async (_l, name) => {
    const got = await outcome(() => client.createExperiment(name));
    expectVerdict(got, table.verdicts.experimentName[name]);
    if (got === "ok") expect((await client.getExperimentByName(name))?.name).toBe(name);
  });

  it.each(inputs.map((s) => [label(s), s]))("run id %s", async (_l, id) => {
    const got = await outcome(() => client.getRun(id));
    cases++;
    // A well-formed id that names no run is "not found"; a malformed one is refused before any fs access.
    if (table.verdicts.runId[id] === "ok") expect(got).toBeInstanceOf(ResourceNotFoundError);
    else expect(got).toBeInstanceOf(InvalidParameterError);
  });

  it.each(inputs.map((s) => [label(s), s]))("experiment id %s", async (_l, id) => {
    const got = await outcome(() => client.createRun(id));
    cases++;
    // "0" is the Default experiment, which exists; other well-formed ids name nothing here.
    if (id === "0") expect(got).toBe("ok");
    else if (table.verdicts.experimentId[id] === "ok") expect(got).toBeInstanceOf(ResourceNotFoundError);
    else expect(got).toBeInstanceOf(InvalidParameterError);
  });
});

describe("artifact paths: MLflow's verdict, or stricter where documented", () => {
  it.each(inputs.map((s) => [label(s), s]))("artifact file %s", async (_l, p) => {
    const got = await outcome(() => client.logText(runId, `content of ${p}`, p));
    expectVerdict(got, mlrunsArtifactVerdict(p));
    if (got === "ok") {
      const dst = await client.downloadArtifacts(runId, p, path.join(work, "downloads"));
      expect(fs.readFileSync(dst, "utf8")).toBe(`content of ${p}`);
    }
  });
});

describe("values: every string round-trips exactly as a param and a tag value", () => {
  it.each(inputs.map((s, i) => [label(s), s, i]))("value %s", async (_l, value, i) => {
    await client.logParam(runId, `value_${i}`, value);
    await client.setTag(runId, `value_${i}`, value);
    const { data } = await client.getRun(runId);
    cases += 2;
    expect(data.params[`value_${i}`]).toBe(value);
    expect(data.tags[`value_${i}`]).toBe(value);
  });

  it.each([
    ["object", { a: 1 }],
    ["array", [1, 2]],
    ["function", () => 1],
    ["symbol", Symbol("s")],
  ])("a param value that is a %s is a typed error, not '[object Object]'", async (_l, value) => {
    cases++;
    await expect(client.logParam(runId, "obj", value)).rejects.toThrow(InvalidParameterError);
  });

  it.each([
    ["bigint", 12345678901234567890n, "12345678901234567890"],
    ["huge float", 1.7976931348623157e308, "1.7976931348623157e+308"],
    ["tiny float", 5e-324, "5e-324"],
    ["integer-valued number", 3, "3"],
    ["boolean", false, "False"],
    ["numeric string", "007", "007"],
  ])("a %s param value is stored as Python's str() would show it", async (_l, value, stored) => {
    cases++;
    const key = `typed_${String(_l).replace(/ /g, "_")}`;
    await client.logParam(runId, key, value);
    expect((await client.getRun(runId)).data.params[key]).toBe(stored);
  });

  it.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["-0", -0],
    ["5e-324", 5e-324],
    ["1.7976931348623157e308", 1.7976931348623157e308],
  ])("metric value %s round-trips", async (name, value) => {
    cases++;
    client.logMetric(runId, `v_${name.replace(/[^a-z0-9]/gi, "_")}`, value, 1, 0);
    const [point] = await client.getMetricHistory(runId, `v_${name.replace(/[^a-z0-9]/gi, "_")}`);
    expect(Object.is(point.value, value)).toBe(true);
  });

  it.each([
    ["string", "1"],
    ["bigint", 1n],
    ["boolean", true],
    ["null", null],
    ["object", {}],
  ])("a metric value that is a %s is a typed error", (_l, value) => {
    cases++;
    expect(() => client.logMetric(runId, "bad", value as never)).toThrow(InvalidParameterError);
  });

  it("overlong values are refused, not truncated", async () => {
    cases += 2;
    await expect(client.logParam(runId, "long", "x".repeat(6001))).rejects.toThrow(InvalidParameterError);
    await expect(client.setTag(runId, "long", "x".repeat(10_000))).rejects.toThrow(InvalidParameterError);
    const { data } = await client.getRun(runId);
    expect(data.params.long).toBeUndefined();
    expect(data.tags.long).toBeUndefined();
  });
});

describe("symlinks inside a folder given to logArtifacts", () => {
  it("are copied only when they point inside the folder", async () => {
    cases++;
    const src = path.join(work, "mlruns", "src-for-links");
    fs.mkdirSync(path.join(src, "inner"), { recursive: true });
    fs.writeFileSync(path.join(src, "inner", "ok.txt"), "ok");
    fs.symlinkSync(path.join(src, "inner", "ok.txt"), path.join(src, "inside-link.txt"));
    // The links leave the folder for one this test made: the test reads nothing it did not write.
    const elsewhere = tempDir("mlruns-hostile-elsewhere-");
    fs.mkdirSync(path.join(elsewhere, "private"));
    fs.writeFileSync(path.join(elsewhere, "private", "secret.txt"), "not chosen for logging");
    fs.symlinkSync(path.join(elsewhere, "private", "secret.txt"), path.join(src, "outside-link.txt"));
    fs.symlinkSync(path.join(elsewhere, "private"), path.join(src, "outside-dir"));
    await client.logArtifacts(runId, src, "linked");
    const names = (await client.listArtifacts(runId, "linked")).map((f) => f.path).sort();
    expect(names).toEqual(["linked/inner", "linked/inside-link.txt"]);
    // The check that nothing lands outside the store lists links without walking out through them.
    expect(listTree(src)).toEqual(["inner", "inner/ok.txt", "inside-link.txt", "outside-dir", "outside-link.txt"]);
  });
});
