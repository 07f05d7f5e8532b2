// The CLI's pure helpers, imported from source (the other CLI tests run the built command).
import { describe, expect, it } from "vitest";
import { csvField, csvLine, formatBytes, formatCompact, formatDuration, formatNumber, toJson } from "../../../src/cli/format.js";
import { parseOlderThan } from "../../../src/cli/gc-store.js";
import { bestIndexes, lowerIsBetter } from "../../../src/compare/metric-direction.js";
import { resample, sparkline } from "../../../src/cli/sparkline.js";
import { colorEnabled, makeStyle, stripAnsi } from "../../../src/cli/style.js";
import { terminalWidth } from "../../../src/cli/context.js";
import { fitTable } from "../../../src/cli/fit-table.js";
import { renderTable } from "../../../src/cli/table.js";
import { displayWidth, oneLine, suggest, truncate } from "../../../src/cli/text.js";
import { storeLocation } from "../../../src/cli/store.js";

describe("sparkline", () => {
  it("maps the range onto ▁..█", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([8, 1])).toBe("█▁");
  });
  it("NaN is a gap, ±inf the extremes, a flat series mid-height, empty is empty", () => {
    expect(sparkline([0, Number.NaN, 1])).toBe("▁ █");
    expect(sparkline([0, Infinity, -Infinity, 1])).toBe("▁█▁█");
    expect(sparkline([3, 3, 3])).toBe("▄▄▄");
    expect(sparkline([])).toBe("");
  });
  it("averages long series into the width", () => {
    expect(resample([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(resample([Number.NaN, Number.NaN, 1, 3], 2)).toEqual([Number.NaN, 2]);
    expect([...sparkline(Array.from({ length: 1000 }, (_, i) => i), 40)]).toHaveLength(40);
  });
});

describe("metric direction", () => {
  it.each([
    ["loss", true],
    ["val_loss", true],
    ["train/RMSE", true],
    ["mae", true],
    ["eval_mse", true],
    ["error_rate", true],
    ["top1_err", true],
    ["accuracy", false],
    ["f1", false],
    ["auc", false],
  ])("%s: lower is better = %s", (key, lower) => expect(lowerIsBetter(key)).toBe(lower));

  it("--higher-is-better / --lower-is-better win over the name rule, for the keys they name only", () => {
    const overrides = { higher: ["val_loss"], lower: ["latency"] };
    expect(lowerIsBetter("val_loss", overrides)).toBe(false);
    expect(lowerIsBetter("latency", overrides)).toBe(true);
    expect(lowerIsBetter("train_loss", overrides)).toBe(true);
    expect(lowerIsBetter("accuracy", overrides)).toBe(false);
  });

  it("best indexes: ties all win, NaN and missing never, a single value has no best", () => {
    expect(bestIndexes([0.5, 0.25, 0.25], true)).toEqual([1, 2]);
    expect(bestIndexes([0.5, 0.25, 0.25], false)).toEqual([0]);
    expect(bestIndexes([Number.NaN, 2, undefined], true)).toEqual([1]);
    expect(bestIndexes([1, undefined, undefined], true)).toEqual([]);
    expect(bestIndexes([Number.NaN, Number.NaN], true)).toEqual([]);
    expect(bestIndexes([-Infinity, 0], true)).toEqual([0]);
  });
});

describe("formatting", () => {
  it("numbers with MLflow's spelling of the specials", () => {
    expect([Number.NaN, Infinity, -Infinity, -0, 1, 0.1, 1e-7].map(formatNumber)).toEqual(["nan", "inf", "-inf", "-0", "1", "0.1", "1e-7"]);
  });
  it("compact numbers for tables", () => {
    expect(formatCompact(0.000998003992015968)).toBe("0.000998004");
    expect(formatCompact(0.3333333333333333)).toBe("0.333333");
    expect(formatCompact(1.7976931348623157e308)).toBe("1.7977e+308");
    expect(formatCompact(123456789.123)).toBe("123457000");
    expect(formatCompact(5e-324)).toBe("5e-324");
    expect(formatCompact(42)).toBe("42");
  });
  it("durations and sizes", () => {
    expect([850, 12_345, 245_000, 7_380_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration)).toEqual(["850ms", "12s", "4m 05s", "2h 03m", "3d 4h"]);
    expect(formatDuration(1234)).toBe("1.2s");
    expect([0, 999, 1536, 12 * 1024 * 1024].map(formatBytes)).toEqual(["0 B", "999 B", "1.5 KiB", "12 MiB"]);
  });
  it("CSV fields per RFC 4180", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" edge ")).toBe('" edge "');
    expect(csvField(undefined)).toBe("");
    expect(csvLine(["a", 1.5, Number.NaN, null])).toBe("a,1.5,nan,");
  });
  it("JSON keeps NaN and infinities as strings", () => {
    expect(JSON.parse(toJson({ a: Number.NaN, b: [Infinity, -Infinity, 1] }))).toEqual({ a: "NaN", b: ["Infinity", "-Infinity", 1] });
  });
});

describe("terminal text", () => {
  it("display width counts CJK and emoji as two columns, combining marks as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("実験")).toBe(4);
    expect(displayWidth("🚀")).toBe(2);
    expect(displayWidth("☕")).toBe(2);
    expect(displayWidth("✓")).toBe(1);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("ユニコード 🎉")).toBe(13);
  });
  it("truncation respects display width and marks the cut", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    expect(truncate("実験実験", 5)).toBe("実験…");
    expect(displayWidth(truncate("実験実験", 5))).toBeLessThanOrEqual(5);
  });
  it("control characters become visible escapes", () => {
    expect(oneLine("a\nb\tc\r\u0007")).toBe("a\\nb\\tc\\r\\u0007");
  });
  it("suggestions", () => {
    expect(suggest("expriments", ["experiments", "runs"])).toBe("experiments");
    expect(suggest("zzz", ["experiments", "runs"])).toBeUndefined();
  });
  it("tables align by display width, right-align numbers, paint after padding", () => {
    const style = makeStyle(true);
    const lines = renderTable(
      [{ header: "NAME" }, { header: "N", align: "right" }, { header: "NOTE" }],
      [
        ["実験", "1", { text: "ok", paint: style.green }],
        ["b", "100", ""],
      ],
      { style },
    );
    expect(lines.map(stripAnsi)).toEqual(["NAME    N  NOTE", "実験    1  ok", "b     100"]);
    expect(lines[1]).toContain("\u001b[32mok\u001b[39m");
    expect(renderTable([{ header: "A" }], [["x"]]).join("\n")).not.toContain("\u001b[");
  });
});

describe("fitting a table to the terminal", () => {
  // ID (never dropped), NAME (cut to 6 when squeezed), then data columns ranked 0 (most important), 1, 2.
  const columns = [
    { header: "ID" },
    { header: "NAME", squeezeTo: 6 },
    { header: "metrics.a", dropRank: 0, shortHeader: "a", align: "right" as const },
    { header: "params.wide_one", dropRank: 1, squeezeTo: 8, shortHeader: "wide_one" },
    { header: "metrics.b", dropRank: 2, shortHeader: "b", align: "right" as const },
  ];
  const rows = [["r1", "a-long-run-name", "1", "a value far too long", "2"]];
  const render = (width: number) => {
    const fit = fitTable(columns, rows, width);
    return { fit, lines: renderTable(fit.columns, rows.map((row) => fit.kept.map((i) => row[i]!))) };
  };

  it("keeps everything whole when it fits", () => {
    const { fit, lines } = render(200);
    expect(fit.hidden).toEqual([]);
    expect(lines[0]).toBe("ID  NAME             metrics.a  params.wide_one       metrics.b");
  });

  it("cuts text cells and drops kind prefixes before dropping a column", () => {
    const { fit, lines } = render(40);
    expect(fit.hidden).toEqual([]);
    expect(lines).toEqual(["ID  NAME    a  wide_one  b", "r1  a-lon…  1  a value…  2"]);
  });

  it("then drops the least important columns, keeping a narrow one where a wide one does not fit", () => {
    const { fit, lines } = render(18);
    expect(fit.hidden).toEqual(["params.wide_one"]);
    expect(lines).toEqual(["ID  NAME    a  b", "r1  a-lon…  1  2"]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(18);
  });

  it("never drops a column without a rank, even when the table stays too wide", () => {
    const { fit, lines } = render(5);
    expect(fit.hidden).toEqual(["metrics.a", "params.wide_one", "metrics.b"]);
    expect(lines[0]).toBe("ID  NAME");
  });

  it("the width: the terminal's, else a positive $COLUMNS, else 80", () => {
    expect(terminalWidth(132, { COLUMNS: "100" })).toBe(132);
    expect(terminalWidth(undefined, { COLUMNS: "100" })).toBe(100);
    expect(terminalWidth(0, { COLUMNS: " 90 " })).toBe(90); // a pseudo-terminal of unknown size
    expect(terminalWidth(undefined, { COLUMNS: "wide" })).toBe(80);
    expect(terminalWidth(undefined, { COLUMNS: "0" })).toBe(80);
    expect(terminalWidth(undefined, {})).toBe(80);
  });
});

describe("colour decision", () => {
  it("only on a TTY, and never with NO_COLOR set (non-empty)", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(makeStyle(false).bold("x")).toBe("x");
  });
});

describe("--older-than", () => {
  it("parses MLflow's #d#h#m#s (floats allowed) to milliseconds", () => {
    expect(parseOlderThan("1d2h3m4s")).toBe(((24 + 2) * 3600 + 3 * 60 + 4) * 1000);
    expect(parseOlderThan("1.5d")).toBe(36 * 3600 * 1000);
    expect(parseOlderThan("30m")).toBe(30 * 60 * 1000);
    expect(parseOlderThan("0s")).toBe(0);
    for (const bad of ["", "1", "1w", "2h1d", "1..5d", "d"]) expect(() => parseOlderThan(bad)).toThrow(/could not parse any time information/);
  });
});

describe("store location", () => {
  it("--store, then MLFLOW_TRACKING_URI, then ./mlruns; file: URIs decoded", () => {
    expect(storeLocation("/a/b", { MLFLOW_TRACKING_URI: "/c" })).toEqual({ dir: "/a/b", source: "--store" });
    expect(storeLocation(undefined, { MLFLOW_TRACKING_URI: "file:///c/d%20e" })).toEqual({ dir: "/c/d e", source: "MLFLOW_TRACKING_URI" });
    expect(storeLocation(undefined, {}).dir).toBe(`${process.cwd()}/mlruns`);
    expect(() => storeLocation("sqlite:///mlflow.db", {})).toThrow(/is not a local folder/);
  });
});
