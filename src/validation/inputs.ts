/**
 * Run inputs and logged-model statuses as MLflow requires them. Stores of every kind check
 * them: a server accepts an empty dataset name or an unknown status without a word.
 */
import { LOGGED_MODEL_STATUS_CODES, type Dataset, type LoggedModelStatus } from "../entities.js";
import { InvalidParameterError } from "../errors.js";

function str(v: unknown, field: string): string {
  if (typeof v !== "string") throw new InvalidParameterError(`Dataset ${field} must be a string, got ${JSON.stringify(v)}.`);
  return v;
}

/** The Dataset fields MLflow requires (name, digest, source type, source); schema and profile may be null. */
export function checkDataset(d: Dataset): Dataset {
  if (d === null || typeof d !== "object") throw new InvalidParameterError("A dataset input needs a dataset.");
  const optional = (v: unknown, field: string) => (v === null || v === undefined ? null : str(v, field));
  const dataset: Dataset = {
    name: str(d.name, "name"),
    digest: str(d.digest, "digest"),
    sourceType: str(d.sourceType, "sourceType"),
    source: str(d.source, "source"),
    schema: optional(d.schema, "schema"),
    profile: optional(d.profile, "profile"),
  };
  if (!dataset.name) throw new InvalidParameterError("Dataset name must not be empty.");
  return dataset;
}

export function checkModelStatus(status: unknown): LoggedModelStatus {
  if (typeof status === "string" && Object.hasOwn(LOGGED_MODEL_STATUS_CODES, status)) return status as LoggedModelStatus;
  throw new InvalidParameterError(`Unknown model status: ${String(status)}. Use one of PENDING, READY, FAILED, UNSPECIFIED.`);
}
