/**
 * Loads @tensorflow/tfjs, an optional peer dependency: a user who imports mlruns/tfjs without it
 * is told what to install instead of Node's bare "Cannot find package". require() rather than
 * import(): tfjs has no "exports" map, so both resolve to the same CommonJS build (one copy of
 * its backend registry and of tf.Callback), and a synchronous load keeps top-level await out of
 * this module, which would stop require("mlruns/tfjs") from working.
 */
import { createRequire } from "node:module";
import type * as tfjs from "@tensorflow/tfjs";
import { MissingDependencyError } from "../errors.js";

export type Tfjs = typeof tfjs;

export const TFJS_PACKAGE = "@tensorflow/tfjs";

export function loadTfjs(require: (id: string) => unknown = createRequire(import.meta.url)): Tfjs {
  try {
    return require(TFJS_PACKAGE) as Tfjs;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(`'${TFJS_PACKAGE}'`)) {
      throw new MissingDependencyError(
        `mlruns/tfjs needs TensorFlow.js: run \`npm install ${TFJS_PACKAGE}\` (the pure JavaScript package; @tensorflow/tfjs-node is not required).`,
        TFJS_PACKAGE,
        err,
      );
    }
    throw err;
  }
}
