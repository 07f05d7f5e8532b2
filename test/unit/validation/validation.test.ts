import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../src/errors.js";
import { validateArtifactPath } from "../../../src/validation/artifact-path.js";
import { pathNotUnique, validateEntityKey, validateExperimentId, validateRunId } from "../../../src/validation/names.js";
import { pythonFloatRepr } from "../../../src/python/float.js";
import { stringifyValue, validateMetric, validateParam, validateTag } from "../../../src/validation/values.js";

describe("keys follow MLflow's rules", () => {
  it.each(["lr", "model/depth", "a b", "a:b", "loss.val", "x-y_z", "métrique", "日本"])("accepts %j", (key) => {
    expect(validateEntityKey("Param", key)).toBe(key);
  });

  it.each([
    ["../../x", "would resolve"],
    ["/abs", "would resolve"],
    ["a//b", "would resolve"],
    ["a/./b", "would resolve"],
    ["a/", "would resolve"],
    [".", "would resolve"],
    ["..", "would resolve"],
    ["a\\b", "may only contain"],
    ["a\0b", "may only contain"],
    ["tab\tkey", "may only contain"],
    ["semi;colon", "may only contain"],
    ["%2e%2e", "may only contain"],
  ])("refuses %j (%s)", (key, message) => {
    expect(() => validateEntityKey("Metric", key)).toThrow(InvalidParameterError);
    expect(() => validateEntityKey("Metric", key)).toThrow(message);
  });

  it("quotes the key in the error", () => {
    expect(() => validateEntityKey("Param", "../../x")).toThrow(`Invalid value "../../x" for parameter 'key' supplied`);
  });

  it("mirrors path_not_unique", () => {
    expect(pathNotUnique("a/b")).toBe(false);
    expect(pathNotUnique("a/../b")).toBe(true);
  });

  it("checks run and experiment ids", () => {
    expect(validateRunId("0123abcd")).toBe("0123abcd");
    expect(() => validateRunId("../etc")).toThrow(InvalidParameterError);
    expect(() => validateRunId("")).toThrow(InvalidParameterError);
    expect(validateExperimentId("805198251377372301")).toBe("805198251377372301");
    expect(() => validateExperimentId("../0")).toThrow("Invalid experiment ID: '../0'");
  });
});

describe("values", () => {
  it("formats floats as Python's repr does", () => {
    const table: [number, string][] = [
      [1, "1.0"], [0.5, "0.5"], [0.1, "0.1"], [1e16, "1e+16"], [1.5e16, "1.5e+16"], [123456789012345.6, "123456789012345.6"],
      [1e-4, "0.0001"], [1e-5, "1e-05"], [-2.5e-7, "-2.5e-07"], [NaN, "nan"], [Infinity, "inf"], [-Infinity, "-inf"],
      [0, "0.0"], [-0, "-0.0"], [1e300, "1e+300"], [5e-324, "5e-324"], [1.7976931348623157e308, "1.7976931348623157e+308"],
      [100, "100.0"], [0.30000000000000004, "0.30000000000000004"],
    ];
    for (const [v, text] of table) expect(pythonFloatRepr(v)).toBe(text);
  });

  it("stringifies params like Python's str()", () => {
    expect(stringifyValue(3, "v")).toBe("3");
    expect(stringifyValue(0.1, "v")).toBe("0.1");
    expect(stringifyValue(true, "v")).toBe("True");
    expect(stringifyValue(12345678901234567890n, "v")).toBe("12345678901234567890");
    // MLflow's client stores str(None) (issue #15 item 6).
    expect(stringifyValue(null, "v")).toBe("None");
    expect(() => stringifyValue({ a: 1 }, "v")).toThrow(InvalidParameterError);
  });

  it("accepts NaN and infinities as metric values", () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(validateMetric({ key: "m", value, timestamp: 1, step: 0 }).value).toBe(value);
    }
  });

  it("refuses non-numeric metrics, negative timestamps and fractional steps", () => {
    expect(() => validateMetric({ key: "m", value: "1" as never, timestamp: 1, step: 0 })).toThrow("valid double");
    expect(() => validateMetric({ key: "m", value: 1, timestamp: -1, step: 0 })).toThrow("nonnegative");
    expect(() => validateMetric({ key: "m", value: 1, timestamp: 1, step: 1.5 })).toThrow("Step must be");
  });

  it("refuses over-long values instead of truncating them", () => {
    expect(validateParam("p", "x".repeat(6000)).value).toHaveLength(6000);
    expect(() => validateParam("p", "x".repeat(6001))).toThrow("maximum length of 6000");
    expect(validateTag("t", "x".repeat(8000)).value).toHaveLength(8000);
    expect(() => validateTag("t", "x".repeat(10_000))).toThrow("maximum length of 8000");
  });
});

describe("artifact paths", () => {
  it.each(["a.txt", "dir/a.txt", "dir/sub/", "weird name.bin"])("accepts %j", (p) => {
    expect(validateArtifactPath(p)).toBeTruthy();
  });
  it.each(["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\b", "%2e%2e/x", "%252e%252e/x", "a\0b", "a#b", "a\nb"])(
    "refuses %j",
    (p) => {
      expect(() => validateArtifactPath(p)).toThrow(InvalidParameterError);
    },
  );
});
