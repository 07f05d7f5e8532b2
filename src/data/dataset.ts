/**
 * Describing a dataset for logInput, as mlflow.data does: `datasetFromRecords` is
 * `mlflow.data.from_pandas(pd.DataFrame(records))`, `datasetFromCsv` is
 * `from_pandas(pd.read_csv(path), source=path)`, `metaDataset` is MetaDataset. Each returns
 * the Dataset entity MLflow stores: name, digest, source type, source, schema and profile.
 */
import fs from "node:fs";
import type { Dataset } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { pyJsonDumps, type PyJson } from "../python/py-json.js";
import { parseCsv } from "./csv.js";
import { metaDatasetDigest, pandasDigest } from "./digest.js";
import { frameFromTable, type Frame, type TableInput } from "./frame.js";
import { inferSchemaJson } from "./schema.js";
import { resolveSource, type DatasetSourceInput } from "./sources.js";

export type { DatasetSourceInput } from "./sources.js";
export type { TableInput } from "./frame.js";

export interface DatasetOptions {
  /** Default "dataset", as MLflow's Dataset.name. */
  name?: string;
  /** A path or URI, or {sourceType, source}. Default: the code that runs (MLflow's "code" source). */
  source?: DatasetSourceInput;
  /** Use this digest instead of computing one. */
  digest?: string;
  /** Target column; must exist (PandasDataset checks it). Not stored. */
  targets?: string;
  /** Predictions column; must exist. Not stored. */
  predictions?: string;
}

function checkName(name: unknown): string {
  if (name === undefined) return "dataset";
  if (typeof name !== "string" || name === "") throw new InvalidParameterError(`Dataset name must be a non-empty string, got ${JSON.stringify(name)}.`);
  return name;
}

/** PandasDataset._to_mlflow_entity for a frame. */
export function datasetFromFrame(frame: Frame, options: DatasetOptions = {}): Dataset {
  for (const col of [options.targets, options.predictions]) {
    if (col !== undefined && !frame.columns.some((c) => c.name === col)) {
      throw new InvalidParameterError(`The specified table does not contain the specified column '${col}'.`);
    }
  }
  const source = resolveSource(options.source);
  return {
    name: checkName(options.name),
    digest: options.digest ?? pandasDigest(frame),
    sourceType: source.sourceType,
    source: source.source,
    schema: inferSchemaJson(frame),
    profile: pyJsonDumps({ num_rows: frame.nRows, num_elements: frame.nRows * frame.columns.length }),
  };
}

/**
 * A dataset from rows (`[{a: 1, b: "x"}, …]`) or columns (`{a: [1, 2], b: ["x", "y"]}`), with
 * the digest, schema and profile `mlflow.data.from_pandas(pd.DataFrame(rows))` gives. The data
 * itself is never stored.
 */
export function datasetFromRecords(table: TableInput, options: DatasetOptions = {}): Dataset {
  return datasetFromFrame(frameFromTable(table), options);
}

/**
 * A dataset from a CSV file, read as pandas.read_csv reads it; the source defaults to the path
 * as given (pass an absolute path or a URI if the record should stay meaningful elsewhere).
 */
export function datasetFromCsv(path: string, options: DatasetOptions = {}): Dataset {
  const frame = parseCsv(fs.readFileSync(path, "utf8"));
  return datasetFromFrame(frame, { ...options, source: options.source ?? path });
}

export interface MetaDatasetOptions {
  source: DatasetSourceInput;
  name?: string;
  digest?: string;
  /** Column specs, as mlflow.types.Schema.to_dict(): `[{type: "string", name: "text", required: true}]`. */
  schema?: ReadonlyArray<{ readonly [key: string]: PyJson }>;
}

/** mlflow.data.meta_dataset.MetaDataset: metadata only; the digest hashes name, source and schema. */
export function metaDataset(options: MetaDatasetOptions): Dataset {
  const source = resolveSource(options.source);
  const name = checkName(options.name);
  const schema = options.schema && options.schema.length ? options.schema : undefined;
  const config = pyJsonDumps({ name, source: source.source, source_type: source.sourceType, schema: schema ?? "" });
  return {
    name,
    digest: options.digest ?? metaDatasetDigest(config),
    sourceType: source.sourceType,
    source: source.source,
    schema: schema ? pyJsonDumps({ mlflow_colspec: schema }) : null,
    profile: null,
  };
}
