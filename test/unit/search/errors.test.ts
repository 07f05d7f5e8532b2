import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../src/errors.js";
import { SearchFilterError, parseSearchFilter } from "../../../src/search/index.js";
import { thrown } from "./fixtures.js";

describe("SearchFilterError", () => {
  it("quotes the filter and points at the column", () => {
    const e = thrown(() => parseSearchFilter("metrics.a > 1 OR metrics.b < 2"));
    expect(e).toBeInstanceOf(SearchFilterError);
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toBe(
      "Invalid clause(s) in filter string: 'OR'\n" + "  metrics.a > 1 OR metrics.b < 2\n" + "                ^",
    );
    expect((e as SearchFilterError).input).toBe("metrics.a > 1 OR metrics.b < 2");
  });

  it("shows only the offending line of a multi-line filter, with line and column", () => {
    const e = thrown(() => parseSearchFilter("metrics.a > 1\nAND\tparams.b = c"));
    expect(e.message).toBe(
      "Parameter value is either not quoted or unidentified quote types used for string value c. " +
        "Use either single or double quotes.\n" +
        "  AND params.b = c\n" +
        "                 ^ (line 2, column 16)",
    );
    expect(e.position).toBe(29);
  });

  it("shows a window of a very long line", () => {
    const filter = "metrics.a > 1 AND " + "params.p = 'x' AND ".repeat(20) + "bogus";
    const e = thrown(() => parseSearchFilter(filter));
    const [, line, caret] = e.message.split("\n");
    expect(line!.length).toBeLessThan(110);
    expect(line!.startsWith("  …")).toBe(true);
    expect(line![caret!.indexOf("^")]).toBe("b");
    expect(caret).toContain(`(column ${filter.indexOf("bogus") + 1})`);
  });

  it("clamps positions to the input", () => {
    expect(new SearchFilterError("x", "ab", 99).position).toBe(2);
    expect(new SearchFilterError("x", "ab", -4).position).toBe(0);
  });
});
