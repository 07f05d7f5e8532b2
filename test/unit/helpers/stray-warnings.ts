/**
 * Setup file (vitest.config.ts): an mlruns warning that no test captured fails the test that
 * provoked it, naming the warning, instead of being printed among the results. Tests capture
 * the warnings they expect with captureWarnings (./warnings.ts) and assert them.
 */
import { afterEach, expect } from "vitest";
import { type CapturedWarning, isMlrunsWarning, toCapturedWarning } from "./warnings.js";

const installed = Symbol.for("mlruns.test.strayWarnings");
const slot = globalThis as { [installed]?: CapturedWarning[] };

if (!slot[installed]) {
  const stray: CapturedWarning[] = (slot[installed] = []);
  const nodeEmitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const w = toCapturedWarning(warning, rest[0], rest[1]);
    if (isMlrunsWarning(w)) stray.push(w);
    else (nodeEmitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
}

afterEach(() => {
  const leaked = slot[installed]!.splice(0);
  expect(leaked, "mlruns warnings that no test captured: wrap the call in captureWarnings (helpers/warnings.ts) and assert them").toEqual([]);
});
