import type YAMLModule from "yaml";
import { lazyModule } from "../util/lazy-module.js";

const yaml = lazyModule<typeof YAMLModule>("yaml");

// PyYAML's resolver.py (YAML 1.1 implicit types) for plain scalars. The `yaml` package's own
// 1.1 schema differs in places (it reads `1e3` as a number; PyYAML reads a string), so meta.yaml
// is parsed with every scalar as text and plain ones are resolved here, as MLflow would.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE = /^(?:<<)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const VALUE = /^(?:=)$/;

export function resolvesToNonString(plain: string): boolean {
  return [BOOL, FLOAT, INT, MERGE, NULL, TIMESTAMP, VALUE].some((re) => re.test(plain));
}

function sexagesimal(text: string): number {
  return text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** The value PyYAML's SafeLoader gives a plain scalar (timestamps stay text: meta.yaml has none). */
function resolvePlain(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return /^(?:yes|true|on)$/i.test(text);
  if (INT.test(text)) {
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[-+]/, "").replace(/_/g, "");
    if (body.includes(":")) return sign * sexagesimal(body);
    if (body.startsWith("0b")) return sign * parseInt(body.slice(2), 2);
    if (body.startsWith("0x")) return sign * parseInt(body.slice(2), 16);
    if (body.length > 1 && body.startsWith("0")) return sign * parseInt(body, 8);
    return sign * Number(body);
  }
  if (FLOAT.test(text)) {
    const body = text.replace(/_/g, "").toLowerCase();
    if (body.endsWith(".nan")) return NaN;
    if (body.endsWith(".inf")) return body.startsWith("-") ? -Infinity : Infinity;
    if (body.includes(":")) {
      const sign = body.startsWith("-") ? -1 : 1;
      return sign * sexagesimal(body.replace(/^[-+]/, ""));
    }
    return Number(body);
  }
  return text;
}

// One "key: value" line whose value is a plain scalar or a one-line single-quoted string,
// or "tags: []". Anything else (double quotes, folded lines, nested maps) takes the full parser.
const SIMPLE_LINE = /^([a-z_]+): (?:'((?:[^']|'')*)'|(\[\])|([^'"\s#&*!|>%@`{[\]},?:-][^#]*?|-?\d+))$/;

/** The common case, as PyYAML would read it; undefined when the text is not that simple. */
function loadFlatMeta(text: string): Record<string, unknown> | undefined {
  if (!text.endsWith("\n")) return undefined;
  const out: Record<string, unknown> = {};
  for (const line of text.slice(0, -1).split("\n")) {
    const m = SIMPLE_LINE.exec(line);
    if (!m || m[4]?.includes(": ") || m[4]?.endsWith(":") || m[4]?.endsWith(" ")) return undefined;
    out[m[1]] = m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3] !== undefined ? [] : resolvePlain(m[4]);
  }
  return out;
}

/** yaml.safe_load, for the mappings MLflow keeps in meta.yaml. */
export function loadPyYaml(text: string): unknown {
  const flat = loadFlatMeta(text);
  if (flat) return flat;
  const doc = yaml().parseDocument(text, { schema: "failsafe" });
  if (doc.errors.length) throw doc.errors[0];
  yaml().visit(doc, {
    Scalar(_key, node) {
      if (node.type === "PLAIN" && typeof node.value === "string") node.value = resolvePlain(node.value);
    },
  });
  return doc.toJS();
}
