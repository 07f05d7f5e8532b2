/** The loader behind mlruns/tfjs: a missing tfjs is a typed error that says what to install; other failures pass through. */
import { expect, it } from "vitest";
import { MissingDependencyError } from "../../../src/errors.js";
import { loadTfjs } from "../../../src/tfjs/load-tfjs.js";

function notFound(id: string): never {
  throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /x/load-tfjs.js`), { code: "MODULE_NOT_FOUND" });
}

it("without @tensorflow/tfjs, says to npm install it and that tfjs-node is not needed", () => {
  let err: unknown;
  try {
    loadTfjs(notFound);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MissingDependencyError);
  expect((err as MissingDependencyError).packageName).toBe("@tensorflow/tfjs");
  expect((err as Error).message).toBe(
    "mlruns/tfjs needs TensorFlow.js: run `npm install @tensorflow/tfjs` (the pure JavaScript package; @tensorflow/tfjs-node is not required).",
  );
});

it("a module missing inside tfjs itself, or any other failure, is not mistaken for tfjs missing", () => {
  expect(() => loadTfjs(() => notFound("@tensorflow/tfjs-core"))).toThrow("Cannot find module '@tensorflow/tfjs-core'");
  expect(() => loadTfjs(() => { throw new TypeError("broken install"); })).toThrow(TypeError);
});

it("loads the installed tfjs", () => {
  expect(typeof loadTfjs().sequential).toBe("function");
});
