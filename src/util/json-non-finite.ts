/**
 * A JSON.stringify replacer for numbers JSON has no token for: NaN, Infinity and -Infinity go out
 * as the strings "NaN", "Infinity" and "-Infinity" (as protobuf's json_format and MLflow's REST
 * API write them). Callers that also meet bigints wrap it with their own handling of those.
 */
export function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}
