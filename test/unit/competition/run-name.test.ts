import { describe, expect, it } from "vitest";
import { competitionRunName, formatTimestamp } from "../../../src/competition/index.js";
import { InvalidParameterError } from "../../../src/index.js";

describe("competitionRunName / formatTimestamp", () => {
  // Dates built from local fields, so the expectations hold in every time zone.
  const date = new Date(2024, 0, 2, 3, 4, 5);

  it("formats YYYYMMDD_HHMMSS with zero padding", () => {
    expect(formatTimestamp(date)).toBe("20240102_030405");
    expect(formatTimestamp(new Date(1999, 11, 31, 23, 59, 59))).toBe("19991231_235959");
  });

  it("names runs {model_type}_{YYYYMMDD_HHMMSS}", () => {
    expect(competitionRunName("lightgbm", date)).toBe("lightgbm_20240102_030405");
    expect(competitionRunName("random_forest", new Date(2025, 9, 10, 11, 12, 13))).toBe("random_forest_20251010_111213");
  });

  it("defaults to now", () => {
    expect(competitionRunName("xgb")).toMatch(/^xgb_\d{8}_\d{6}$/);
  });

  it("refuses an empty model type and an invalid date", () => {
    expect(() => competitionRunName("")).toThrow(InvalidParameterError);
    expect(() => formatTimestamp(new Date(Number.NaN))).toThrow(InvalidParameterError);
  });
});
