import path from "node:path";
import { InvalidParameterError } from "../errors.js";
import { KEY_WORD_RANGES } from "./key-chars.js";

// mlflow/utils/validation.py: validate_param_and_metric_name (non-Windows) and the id regexes.
// Python's \w on str patterns: characters for which str.isalnum() holds, and "_". That is
// letters and numbers, but not combining marks: "e\u0301" is refused, "é" accepted. Which
// ones depends on the Python's Unicode version, so the table holds those every supported
// Python reads (a letter new in Unicode 15 written by Node would break MLflow on Python 3.11).
const WORD = KEY_WORD_RANGES.split(",")
  .map((range) => range.split("-").map((c) => `\\u{${parseInt(c, 36).toString(16)}}`).join("-"))
  .join("");
const KEY_CHARS = new RegExp(String.raw`^[/${WORD}.\- :]*$`, "u");
const RUN_ID = new RegExp(String.raw`^[a-zA-Z0-9][${WORD}\-]{0,255}$`, "u");
const EXPERIMENT_ID = new RegExp(String.raw`^[a-zA-Z0-9][${WORD}\-]{0,63}$`, "u");

/** JSON rendering used in MLflow's invalid_value() messages. */
function quoted(value: unknown): string {
  return value === undefined ? "null" : JSON.stringify(value);
}

export function invalidValueMessage(field: string, value: unknown, detail?: string): string {
  const base = `Invalid value ${quoted(value)} for parameter '${field}' supplied`;
  return detail ? `${base}: ${detail}` : `${base}.`;
}

/** MLflow's path_not_unique: the key must already be in posix-normal form and stay inside its folder. */
export function pathNotUnique(name: string): boolean {
  const norm = path.posix.normalize(name);
  // posix.normalize keeps a trailing slash where Python's normpath drops it.
  const pyNorm = norm.length > 1 && norm.endsWith("/") ? norm.slice(0, -1) : norm;
  return pyNorm !== name || pyNorm === "." || pyNorm.startsWith("..") || pyNorm.startsWith("/");
}

// Training loops log the same few keys millions of times: remember the ones already checked.
const knownGoodKeys = new Set<string>();
const KNOWN_GOOD_LIMIT = 10_000;

/** Shared rule for metric, param and tag keys: they become file paths under the run folder. */
export function validateEntityKey(kind: "Metric" | "Param" | "Tag", name: unknown, field = kind === "Metric" ? "name" : "key"): string {
  if (typeof name === "string" && knownGoodKeys.has(name)) return name;
  if (name === null || name === undefined) {
    throw new InvalidParameterError(
      invalidValueMessage(field, name ?? null, `${kind} name cannot be empty. A key name must be provided.`),
    );
  }
  if (typeof name !== "string") {
    throw new InvalidParameterError(invalidValueMessage(field, String(name), `${kind} keys must be strings, got ${typeof name}.`));
  }
  if (!KEY_CHARS.test(name)) {
    throw new InvalidParameterError(
      invalidValueMessage(
        field,
        name,
        "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).",
      ),
    );
  }
  if (pathNotUnique(name)) {
    throw new InvalidParameterError(
      invalidValueMessage(
        field,
        name,
        `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${path.posix.normalize(name)}'`,
      ),
    );
  }
  if (knownGoodKeys.size < KNOWN_GOOD_LIMIT) knownGoodKeys.add(name);
  return name;
}

export function validateRunId(runId: unknown): string {
  if (typeof runId !== "string" || !RUN_ID.test(runId)) {
    throw new InvalidParameterError(invalidValueMessage("run_id", runId ?? null));
  }
  return runId;
}

/** Whether a folder name can be an experiment id (a copy such as "1.bak" cannot). */
export function isExperimentId(name: string): boolean {
  return EXPERIMENT_ID.test(name);
}

export function validateExperimentId(experimentId: unknown): string {
  if (typeof experimentId === "number" && Number.isInteger(experimentId)) return String(experimentId);
  if (typeof experimentId !== "string" || !EXPERIMENT_ID.test(experimentId)) {
    throw new InvalidParameterError(`Invalid experiment ID: '${String(experimentId)}'`);
  }
  return experimentId;
}
