/**
 * Emits a flat mapping exactly as MLflow's write_yaml does: yaml.dump(default_flow_style=False,
 * allow_unicode=True, sort_keys=True, Dumper=CSafeDumper). Byte fidelity matters because users
 * diff and rsync these trees; the rules below mirror libyaml's yaml_emitter_analyze_scalar and
 * PyYAML's YAML 1.1 implicit resolvers. Only what meta.yaml holds is supported: strings,
 * integers, null and the empty list.
 */
export type MetaValue = string | number | null | readonly never[] | { readonly [key: string]: string };

import { resolvesToNonString } from "./pyyaml-resolve.js";
import { pythonFloatRepr } from "./float.js";

const BEST_WIDTH = 80;

const BREAKS = "\n\x85\u2028\u2029";
const WHITESPACE_OR_END = "\0 \t\r\n\x85\u2028\u2029";

/** libyaml's IS_PRINTABLE on the UTF-8 form: no NEL, no astral-plane characters, no BOM. */
function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

interface Analysis {
  plain: boolean;
  singleQuoted: boolean;
}

function analyze(chars: string[]): Analysis {
  const s = chars.join("");
  if (chars.length === 0) return { plain: false, singleQuoted: true };
  let blockIndicators = s.startsWith("---") || s.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const followedByWs = i + 1 >= chars.length || WHITESPACE_OR_END.includes(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      if ("?:".includes(ch) && followedByWs) blockIndicators = true;
      if (ch === "-" && followedByWs) blockIndicators = true;
    } else {
      if (ch === ":" && followedByWs) blockIndicators = true;
      if (ch === "#" && precededByWs) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!isPrintable(ch)) special = true;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WHITESPACE_OR_END.includes(ch);
  }
  let plain = true;
  let singleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (breakSpace) plain = singleQuoted = false;
  if (spaceBreak || special) plain = singleQuoted = false;
  if (lineBreaks || blockIndicators) plain = false;
  return { plain, singleQuoted };
}

/** Writes text after `column` characters, folding at single spaces past the best width. */
class ScalarWriter {
  out = "";
  column: number;
  readonly indentText: string;
  constructor(column: number, indent: number) {
    this.column = column;
    this.indentText = " ".repeat(indent);
  }
  put(text: string) {
    this.out += text;
    this.column += [...text].length;
  }
  indent() {
    this.out += "\n" + this.indentText;
    this.column = this.indentText.length;
  }
  newline() {
    this.out += "\n";
    this.column = 0;
  }
}

function writePlain(chars: string[], w: ScalarWriter) {
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === " ") {
      if (!spaces && w.column > BEST_WIDTH && chars[i + 1] !== " ") w.indent();
      else w.put(ch);
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
}

function writeSingleQuoted(chars: string[], w: ScalarWriter) {
  w.put("'");
  let spaces = false, breaks = false;
  chars.forEach((ch, i) => {
    if (ch === " ") {
      if (!spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== " ") w.indent();
      else w.put(ch);
      spaces = true;
    } else if (BREAKS.includes(ch)) {
      if (!breaks && ch === "\n") w.newline();
      if (ch === "\n") w.newline();
      else {
        w.out += ch;
        w.column = 0;
      }
      breaks = true;
    } else {
      if (breaks) {
        w.out += w.indentText;
        w.column = w.indentText.length;
      }
      w.put(ch === "'" ? "''" : ch);
      spaces = breaks = false;
    }
  });
  if (breaks) {
    w.out += w.indentText;
    w.column = w.indentText.length;
  }
  w.put("'");
}

const SHORT_ESCAPES: Record<string, string> = {
  "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\f": "f", "\r": "r",
  "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P",
};

function writeDoubleQuoted(chars: string[], w: ScalarWriter) {
  w.put('"');
  let spaces = false;
  chars.forEach((ch, i) => {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(ch) || c === 0xfeff || BREAKS.includes(ch) || ch === '"' || ch === "\\") {
      const short = SHORT_ESCAPES[ch];
      if (short) w.put("\\" + short);
      else if (c <= 0xff) w.put("\\x" + c.toString(16).toUpperCase().padStart(2, "0"));
      else if (c <= 0xffff) w.put("\\u" + c.toString(16).toUpperCase().padStart(4, "0"));
      else w.put("\\U" + c.toString(16).toUpperCase().padStart(8, "0"));
      spaces = false;
    } else if (ch === " ") {
      if (!spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        w.indent();
        if (chars[i + 1] === " ") w.put("\\");
      } else w.put(ch);
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
  w.put('"');
}

function emitString(value: string, column: number, indent: number): string {
  const chars = [...value];
  const { plain, singleQuoted } = analyze(chars);
  const w = new ScalarWriter(column, indent);
  if (plain && !resolvesToNonString(value)) writePlain(chars, w);
  else if (singleQuoted) writeSingleQuoted(chars, w);
  else writeDoubleQuoted(chars, w);
  return w.out;
}

function emitMapping(record: { readonly [key: string]: MetaValue }, indent: number): string {
  const pad = " ".repeat(indent);
  return Object.keys(record)
    .sort()
    .map((k) => {
      const key = emitString(k, indent, indent + 2);
      const value = record[k];
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const inner = emitMapping(value as Record<string, MetaValue>, indent + 2);
        return inner ? `${pad}${key}:\n${inner}` : `${pad}${key}: {}\n`;
      }
      return `${pad}${key}: ${emitScalar(value, indent + key.length + 2, indent + 2)}\n`;
    })
    .join("");
}

function emitScalar(value: MetaValue, column: number, indent: number): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "[]";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError(`meta.yaml holds integers only, got ${value}`);
    return String(value);
  }
  return emitString(value as string, column, indent);
}

export function dumpMetaYaml(record: Record<string, MetaValue>): string {
  return emitMapping(record, 0);
}

/**
 * Any YAML document of mappings, sequences and scalars, as PyYAML's safe_dump writes it with
 * default_flow_style=False and sorted keys (MLmodel files): nested mappings indented by two,
 * sequences inside mappings not indented ("key:\n- a"), booleans as true/false, empty
 * collections as [] and {}. Strings follow the same rules as meta.yaml (allow_unicode).
 */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

function isMap(v: YamlValue): v is { readonly [key: string]: YamlValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** SafeRepresenter.represent_float: repr(), lower case, ".0" before a bare exponent; .nan, .inf. */
function yamlFloat(v: number): string {
  if (Number.isNaN(v)) return ".nan";
  if (v === Infinity) return ".inf";
  if (v === -Infinity) return "-.inf";
  const text = pythonFloatRepr(v).toLowerCase();
  return !text.includes(".") && text.includes("e") ? text.replace("e", ".0e") : text;
}

function yamlScalar(v: YamlValue, column: number, indent: number): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  // JS numbers: integral ones below 1e16 are Python ints, the others floats.
  if (typeof v === "number" && (!Number.isInteger(v) || Math.abs(v) >= 1e16)) return yamlFloat(v);
  return emitScalar(v as MetaValue, column, indent);
}

function yamlMapping(record: { readonly [key: string]: YamlValue }, indent: number, firstPrefix = ""): string {
  const pad = " ".repeat(indent);
  return Object.keys(record)
    .sort()
    .map((k, i) => {
      const lead = i === 0 && firstPrefix ? firstPrefix : pad;
      const key = emitString(k, indent, indent + 2);
      const value = record[k]!;
      if (isMap(value) && Object.keys(value).length) return `${lead}${key}:\n${yamlMapping(value, indent + 2)}`;
      if (Array.isArray(value) && value.length) return `${lead}${key}:\n${yamlSequence(value, indent)}`;
      if (isMap(value)) return `${lead}${key}: {}\n`;
      return `${lead}${key}: ${yamlScalar(value, indent + key.length + 2, indent + 2)}\n`;
    })
    .join("");
}

function yamlSequence(items: readonly YamlValue[], indent: number): string {
  const pad = " ".repeat(indent);
  return items
    .map((item) => {
      if (isMap(item) && Object.keys(item).length) return yamlMapping(item, indent + 2, `${pad}- `);
      if (Array.isArray(item) && item.length) return `${pad}-${yamlSequence(item, indent + 2).slice(indent + 1)}`;
      if (isMap(item)) return `${pad}- {}\n`;
      return `${pad}- ${yamlScalar(item, indent + 2, indent + 2)}\n`;
    })
    .join("");
}

export function dumpYaml(record: { readonly [key: string]: YamlValue }): string {
  return Object.keys(record).length ? yamlMapping(record, 0) : "{}\n";
}
