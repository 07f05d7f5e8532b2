/** The flavors line of an MLmodel preview (run artifacts and logged models). */
import { describe, expect, it } from "vitest";
import { mlmodelFlavors } from "../../../src/ui/app/mlmodel.js";
import { MLMODEL } from "./table-store.js";

describe("mlmodelFlavors", () => {
  it("lists the keys one level under flavors:, not their settings", () => {
    expect(mlmodelFlavors(MLMODEL)).toEqual(["python_function", "sklearn"]);
  });

  it("stops at the next top-level key and copes with four-space indents, comments and CRLF", () => {
    const text = "flavors:\r\n    # a comment\r\n    pytorch:\r\n        code: null\r\n    python_function: {}\r\nsignature:\r\n  inputs: x\r\n";
    expect(mlmodelFlavors(text)).toEqual(["pytorch", "python_function"]);
  });

  it("an MLmodel without flavors, or no text at all, has none", () => {
    expect(mlmodelFlavors("artifact_path: model\n")).toEqual([]);
    expect(mlmodelFlavors(null)).toEqual([]);
  });
});
