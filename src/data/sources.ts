/**
 * Where a dataset came from, as MLflow's dataset source registry resolves a string
 * (mlflow/data/dataset_source_registry.py, artifact_dataset_sources.py, http_dataset_source.py,
 * code_dataset_source.py): a source type and the source's JSON.
 */
import { InvalidParameterError } from "../errors.js";
import { defaultRunTags } from "../tracking-context/system-tags.js";
import { pyJsonDumps, type PyJson } from "../python/py-json.js";

export interface ResolvedSource {
  /** "local", "http", "s3", "gs", "code", … */
  readonly sourceType: string;
  /** The source as JSON text, e.g. `{"uri": "/data/train.csv"}`. */
  readonly source: string;
}

/** A path or URI, or an explicit source type with its JSON document. */
export type DatasetSourceInput = string | { readonly sourceType: string; readonly source: { readonly [key: string]: PyJson } };

/**
 * Schemes with an artifact repository in MLflow 3.17 that become dataset sources of the same
 * name (register_artifact_dataset_sources; http(s), runs, models, mlflow-artifacts and dbfs
 * are excluded there).
 */
const ARTIFACT_SCHEMES = new Set(["abfss", "b2", "ftp", "gs", "hdfs", "r2", "s3", "sftp", "viewfs", "wasbs"]);

/** resolve_dataset_source(raw) for a string. */
export function resolveSource(raw: DatasetSourceInput | undefined): ResolvedSource {
  if (raw === undefined) return codeSource();
  if (typeof raw !== "string") {
    if (!raw || typeof raw.sourceType !== "string" || !raw.sourceType || typeof raw.source !== "object") {
      throw new InvalidParameterError("A dataset source is a path or URI string, or {sourceType, source}.");
    }
    return { sourceType: raw.sourceType, source: pyJsonDumps(raw.source) };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "file") return { sourceType: "local", source: pyJsonDumps({ uri: raw }) };
  if (scheme === "http" || scheme === "https") return { sourceType: "http", source: pyJsonDumps({ url: raw }) };
  if (ARTIFACT_SCHEMES.has(scheme)) return { sourceType: scheme, source: pyJsonDumps({ uri: raw }) };
  throw new InvalidParameterError(`Could not find a source information resolver for the specified dataset source: ${raw}.`);
}

/** CodeDatasetSource: the code that built the dataset, described by the run context tags. */
export function codeSource(): ResolvedSource {
  return { sourceType: "code", source: pyJsonDumps({ tags: defaultRunTags() }) };
}
