/**
 * Keys mlruns accepts are keys MLflow reads (issue #15, item 5): over every code point, a
 * metric key "k" + c that mlruns' validator passes is one the installed MLflow's own
 * validator passes too. MLflow's \w follows its Python's Unicode version, so letters newer
 * than Unicode 13 (Python 3.10) are refused even where Node knows them (see
 * scripts/gen-key-chars.sh).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/index.js";
import { validateEntityKey } from "../../src/validation/names.js";
import { PY_DIR, runPython } from "./python.js";

function acceptedByMlruns(c: number): boolean {
  try {
    validateEntityKey("Metric", `k${String.fromCodePoint(c)}`);
    return true;
  } catch (err) {
    if (!(err instanceof InvalidParameterError)) throw err;
    return false;
  }
}

describe("metric, param and tag keys, over all code points", () => {
  it("every key mlruns accepts, the installed MLflow accepts", async () => {
    const mlflow = await runPython(path.join(PY_DIR, "key_code_points.py"), [], { timeoutMs: 240_000 });
    const byMlflow = new Set<number>();
    for (const [start, end] of mlflow.ranges as [number, number][]) for (let c = start; c <= end; c++) byMlflow.add(c);
    const onlyMlruns: number[] = [];
    let both = 0;
    for (let c = 0; c < 0x110000; c++) {
      if (!acceptedByMlruns(c)) continue;
      if (byMlflow.has(c)) both++;
      else onlyMlruns.push(c);
    }
    expect(onlyMlruns.map((c) => c.toString(16))).toEqual([]);
    // Refusing a few hundred letters newer than Unicode 13 is the point; refusing more is a bug.
    expect(both / byMlflow.size).toBeGreaterThan(0.99);
    // The keys the fuzzer found (Unicode 15 letters): Python 3.11 cannot read them.
    for (const key of ["\u{31AA9}", "\u{1E030}"]) expect(byMlflow.has(key.codePointAt(0)!)).toBe(false);
    for (const key of ["\u{31AA9}", "\u{1E030}"]) expect(() => validateEntityKey("Metric", key)).toThrow(InvalidParameterError);
  });
});
