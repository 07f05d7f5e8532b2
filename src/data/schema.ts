/**
 * The column schema MLflow infers for a pandas DataFrame (mlflow.types.utils._infer_schema,
 * _infer_pandas_column, _infer_datatype and the _merge rules of mlflow/types/schema.py), as the
 * JSON a dataset stores: `{"mlflow_colspec": [{"type": "long", "name": "a", "required": true}, …]}`.
 *
 * Where MLflow's inference fails (a column mixing types, an empty table) the schema is null, as
 * MLflow stores it.
 */
import type { Frame } from "./frame.js";
import { isMissing } from "./frame.js";
import { pyJsonDumps, type PyJson } from "../python/py-json.js";
import { comparePyStr } from "../python/strings.js";

type Scalar = "boolean" | "long" | "double" | "string" | "binary";
type SchemaType =
  | { kind: "scalar"; name: Scalar }
  | { kind: "any" }
  | { kind: "array"; items: SchemaType }
  | { kind: "object"; props: Map<string, Prop> };
interface Prop {
  dtype: SchemaType;
  required: boolean;
}

class SchemaInferenceError extends Error {}

const ANY: SchemaType = { kind: "any" };

function equal(a: SchemaType, b: SchemaType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "scalar") return a.name === (b as typeof a).name;
  if (a.kind === "array") return equal(a.items, (b as typeof a).items);
  if (a.kind === "object") {
    const bp = (b as typeof a).props;
    if (a.props.size !== bp.size) return false;
    for (const [k, p] of a.props) {
      const q = bp.get(k);
      if (!q || q.required !== p.required || !equal(p.dtype, q.dtype)) return false;
    }
  }
  return true;
}

function scalarType(v: unknown): Scalar {
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "bigint":
      return "long";
    case "number":
      return Number.isInteger(v) ? "long" : "double";
    case "string":
      return "string";
  }
  if (v instanceof Uint8Array) return "binary";
  throw new SchemaInferenceError(`cannot infer a type for ${Object.prototype.toString.call(v)}`);
}

/** _infer_datatype */
function inferType(v: unknown): SchemaType {
  if (isMissing(v)) return ANY;
  if (Array.isArray(v)) return v.length === 0 ? ANY : inferArray(v)!;
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof Date)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return ANY;
    const props = new Map<string, Prop>();
    for (const [k, item] of entries) {
      const dtype = inferType(item);
      props.set(k, { dtype, required: dtype.kind !== "any" });
    }
    return { kind: "object", props };
  }
  return { kind: "scalar", name: scalarType(v) };
}

/** _infer_array_datatype: the element type of a list, or null for an empty one. */
function inferArray(values: readonly unknown[]): { kind: "array"; items: SchemaType } | null {
  let result: { kind: "array"; items: SchemaType } | null = null;
  for (const item of values) {
    const dtype = inferType(item);
    if (result === null) result = { kind: "array", items: dtype };
    else if (result.items.kind === "scalar") {
      if (dtype.kind !== "any" && !equal(dtype, result.items)) throw new SchemaInferenceError("multiple types");
    } else result = { kind: "array", items: merge(result.items, dtype) };
  }
  return result;
}

/** BaseType._merge for Array, Object and AnyType. */
function merge(a: SchemaType, b: SchemaType): SchemaType {
  switch (a.kind) {
    case "any":
      if (b.kind === "any") return a;
      if (b.kind === "scalar") return b;
      return merge(b, a);
    case "array":
      if (b.kind === "any" || equal(a, b)) return a;
      if (b.kind !== "array") throw new SchemaInferenceError("array with non-array");
      if (a.items.kind === "scalar") {
        if (equal(a.items, b.items) || b.items.kind === "any") return a;
        throw new SchemaInferenceError("incompatible arrays");
      }
      return { kind: "array", items: merge(a.items, b.items) };
    case "object": {
      if (b.kind === "any") return { kind: "object", props: new Map([...a.props].map(([k, p]) => [k, { dtype: p.dtype, required: false }])) };
      if (b.kind !== "object") throw new SchemaInferenceError("object with non-object");
      if (equal(a, b)) return a;
      const props = new Map<string, Prop>();
      for (const [k, p] of a.props) {
        const q = b.props.get(k);
        props.set(k, q ? mergeProp(p, q) : { dtype: p.dtype, required: false });
      }
      for (const [k, q] of b.props) if (!a.props.has(k)) props.set(k, { dtype: q.dtype, required: false });
      return { kind: "object", props };
    }
    case "scalar":
      throw new SchemaInferenceError("scalar merge");
  }
}

function mergeProp(p: Prop, q: Prop): Prop {
  const required = p.required && q.required;
  if (p.dtype.kind === "scalar") {
    if (equal(p.dtype, q.dtype) || q.dtype.kind === "any") return { dtype: p.dtype, required };
    throw new SchemaInferenceError("incompatible properties");
  }
  return { dtype: merge(p.dtype, q.dtype), required };
}

function typeJson(t: SchemaType): { [key: string]: PyJson } {
  switch (t.kind) {
    case "scalar":
      return { type: t.name };
    case "any":
      return { type: "any" };
    case "array":
      return { type: "array", items: typeJson(t.items) };
    case "object": {
      // Object() sorts its properties by name.
      const names = [...t.props.keys()].sort(comparePyStr);
      const properties: { [key: string]: PyJson } = {};
      for (const n of names) {
        const p = t.props.get(n)!;
        properties[n] = { ...typeJson(p.dtype), required: p.required };
      }
      return { type: "object", properties };
    }
  }
}

const DTYPE_TYPES = { int64: "long", float64: "double", bool: "boolean" } as const;

/** The schema JSON a PandasDataset stores, or null where MLflow's inference gives none. */
export function inferSchemaJson(frame: Frame): string | null {
  if (frame.columns.length === 0) return null;
  try {
    const colspecs = frame.columns.map((c) => {
      let type: { [key: string]: PyJson };
      if (c.dtype === "int64" || c.dtype === "float64" || c.dtype === "bool") type = { type: DTYPE_TYPES[c.dtype] };
      else {
        const inferred = inferArray(c.values);
        // An empty column infers nothing; MLflow then falls back to "string" (is_string_dtype).
        type = inferred === null ? { type: "string" } : typeJson(inferred.items);
      }
      return { ...type, name: c.name, required: !c.values.some(isMissing) };
    });
    return pyJsonDumps({ mlflow_colspec: colspecs });
  } catch (e) {
    if (e instanceof SchemaInferenceError) return null;
    throw e;
  }
}
