import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { dumpMetaYaml } from "../../../src/python/pyyaml-emit.js";
import { loadPyYaml } from "../../../src/python/pyyaml-resolve.js";

// Produced by MLflow's own dumper: test/mlflow/py/yaml_corpus.py (the MLflow suite regenerates it live).
const cases: { input: Record<string, never>; expected: string }[] = JSON.parse(
  fs.readFileSync(new URL("../../../fixtures/meta-yaml-corpus.json", import.meta.url), "utf8"),
);

describe("meta.yaml emitter", () => {
  it("has a corpus to check", () => expect(cases.length).toBeGreaterThan(80));

  it.each(cases.map((c, i) => [i, JSON.stringify(c.input).slice(0, 60), c] as const))(
    "case %i %s is byte-identical to MLflow's dumper",
    (_i, _label, c) => {
      expect(dumpMetaYaml(c.input)).toBe(c.expected);
    },
  );

  // YAML 1.1 treats U+2028/U+2029 as line breaks, the `yaml` package (1.2) does not: a
  // name holding one reads back with libyaml's two indent spaces after it. Pinned, not hidden.
  const unicodeBreak = /[\u2028\u2029]/;

  it("reads back every corpus value unchanged, as PyYAML would", () => {
    const checked = cases.filter((c) => !unicodeBreak.test(JSON.stringify(c.input)));
    expect(checked.length).toBeGreaterThan(80);
    for (const c of checked) expect(loadPyYaml(dumpMetaYaml(c.input))).toEqual(c.input);
  });

  it("known difference: a U+2028 inside a name reads back with two spaces after it", () => {
    expect(loadPyYaml(dumpMetaYaml({ name: "a\u2028b" }))).toEqual({ name: "a\u2028  b" });
  });
});

describe("meta.yaml reader fast path", () => {
  it("reads every corpus case exactly as the full YAML parser does", async () => {
    const YAML = (await import("yaml")).default;
    for (const c of cases) {
      const text = dumpMetaYaml(c.input);
      const full = YAML.parseDocument(text, { schema: "failsafe" });
      expect(full.errors).toEqual([]);
      // loadPyYaml takes the fast path when it can; either way it must equal the input.
      if (!/[\u2028\u2029]/.test(JSON.stringify(c.input))) expect(loadPyYaml(text)).toEqual(c.input);
    }
  });

  it.each([
    ["end_time: null\nstatus: 3\n", { end_time: null, status: 3 }],
    ["name: 'it''s'\n", { name: "it's" }],
    ["name: yes\n", { name: true }],
    ["name: 1e3\n", { name: "1e3" }],
    ["name: '1e3'\n", { name: "1e3" }],
    ["tags: []\n", { tags: [] }],
    ["name: x # comment\n", { name: "x" }],
    ["tags:\n  k: v\n", { tags: { k: "v" } }],
  ])("%j reads as PyYAML reads it", (text, expected) => {
    expect(loadPyYaml(text)).toEqual(expected);
  });

  it("refuses what PyYAML refuses (an unquoted ': ' inside a value)", () => {
    expect(() => loadPyYaml("run_name: a: b\n")).toThrow();
  });
});
