/**
 * dumpYaml (MLmodel files): nested mappings, sequences, booleans, empty collections, exactly as
 * PyYAML writes them. The expected text is what yaml.safe_dump(doc, default_flow_style=False)
 * and MLflow's write_yaml both printed for this document (test/mlflow/py/yaml_docs.py);
 * test/mlflow/models.test.ts checks more documents against PyYAML live.
 */
import { describe, expect, it } from "vitest";
import { dumpYaml } from "../../../src/python/pyyaml-emit.js";

describe("dumpYaml", () => {
  it("writes PyYAML's bytes for a nested document", () => {
    const doc = {
      artifact_path: "file:///tmp/mlruns/1/models/m-0123456789abcdef0123456789abcdef/artifacts",
      flavors: { onnx: { onnx_version: "1.17.0", data: "model.onnx", providers: ["CUDAExecutionProvider", "CPUExecutionProvider"], code: null } },
      metadata: { "mlflow.model.isExternal": true, nested: { list: [1, 2, { a: "b", c: [true] }], empty: [], map: {} }, lists: [[1, 2], ["a"]] },
      yes: "yes",
      num: "123",
      "key with: colon": "value # not a comment",
      size: 12,
    };
    expect(dumpYaml(doc)).toBe(
      "artifact_path: file:///tmp/mlruns/1/models/m-0123456789abcdef0123456789abcdef/artifacts\nflavors:\n  onnx:\n    code: null\n    data: model.onnx\n    onnx_version: 1.17.0\n    providers:\n    - CUDAExecutionProvider\n    - CPUExecutionProvider\n'key with: colon': 'value # not a comment'\nmetadata:\n  lists:\n  - - 1\n    - 2\n  - - a\n  mlflow.model.isExternal: true\n  nested:\n    empty: []\n    list:\n    - 1\n    - 2\n    - a: b\n      c:\n      - true\n    map: {}\nnum: '123'\nsize: 12\n'yes': 'yes'\n",
    );
  });

  it("an empty document is {}; floats as PyYAML represents them", () => {
    expect(dumpYaml({})).toBe("{}\n");
    expect(dumpYaml({ a: 0.5, b: 1e-7, c: 1e22 + 0.5, d: NaN, e: -Infinity, f: 2 })).toBe("a: 0.5\nb: 1.0e-07\nc: 1.0e+22\nd: .nan\ne: -.inf\nf: 2\n");
  });
});
