/**
 * The part of Python's `ast.literal_eval` that MLflow's `IN (...)` lists can succeed with.
 *
 * MLflow evaluates the raw text of the parenthesis as a Python literal and accepts only a str or
 * a non-empty tuple of str. So this recognises exactly: parentheses, commas, (implicitly
 * concatenated) string literals with Python's prefixes, quotes and escapes, comments and line
 * continuations. Anything else Python could parse (numbers, bytes, lists, names, ...) ends in an
 * MLflow error either way, reported here as the matching failure kind.
 */

export type LiteralListResult =
  | { ok: true; values: string[] }
  | { ok: false; kind: "syntax" | "not-a-literal" | "empty" | "not-strings" | "unsupported"; offset: number };

type Value = { kind: "str"; value: string } | { kind: "tuple"; items: Value[] } | { kind: "other" };

class Failure extends Error {
  constructor(
    readonly kind: "syntax" | "not-a-literal" | "unsupported",
    readonly offset: number,
  ) {
    super(kind);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  /** Skip spaces, tabs, form feeds, newlines (inside brackets), comments, continuations. */
  skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === " " || c === "\t" || c === "\f" || c === "\n") {
        this.pos++;
      } else if (c === "#") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (c === "\\" && t[this.pos + 1] === "\n") {
        this.pos += 2;
      } else {
        return;
      }
    }
  }

  expression(): Value {
    this.skip();
    const t = this.text;
    const c = t[this.pos];
    if (c === "(") return this.parenthesized();
    const strings = this.strings();
    if (strings !== null) return strings;
    if (c === undefined || c === ")" || c === ",") throw new Failure("syntax", this.pos);
    // A number, name, list, ... : Python may parse it, but it is never a str.
    return this.skipOther();
  }

  parenthesized(): Value {
    const open = this.pos;
    this.pos++;
    this.skip();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { kind: "tuple", items: [] };
    }
    const first = this.expression();
    this.skip();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return first;
    }
    const items = [first];
    while (this.text[this.pos] === ",") {
      this.pos++;
      this.skip();
      if (this.text[this.pos] === ")") break;
      items.push(this.expression());
      this.skip();
    }
    if (this.text[this.pos] !== ")") throw new Failure("syntax", this.pos < this.text.length ? this.pos : open);
    this.pos++;
    return { kind: "tuple", items };
  }

  /** One or more adjacent string literals, or null if none starts here. */
  strings(): Value | null {
    let value = "";
    let count = 0;
    let sawOther = false;
    for (;;) {
      const save = this.pos;
      if (count > 0) this.skip();
      const lit = this.stringLiteral();
      if (lit === null) {
        this.pos = save;
        break;
      }
      count++;
      if (lit.kind === "str") value += lit.value;
      else sawOther = true;
    }
    if (count === 0) return null;
    return sawOther ? { kind: "other" } : { kind: "str", value };
  }

  stringLiteral(): Value | null {
    const t = this.text;
    const m = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(t.slice(this.pos, this.pos + 5));
    if (!m) return null;
    const prefix = m[1]!.toLowerCase();
    if (!["", "r", "u", "b", "f", "br", "rb", "fr", "rf"].includes(prefix)) return null;
    const quote = m[2]!;
    const start = this.pos;
    let i = this.pos + m[0].length;
    const raw = prefix.includes("r");
    const triple = quote.length === 3;
    let value = "";
    for (;;) {
      if (i >= t.length) throw new Failure("syntax", start);
      if (t.startsWith(quote, i)) {
        i += quote.length;
        break;
      }
      const c = t[i]!;
      if (c === "\n" && !triple) throw new Failure("syntax", start);
      if (c !== "\\") {
        value += c;
        i++;
        continue;
      }
      const n = t[i + 1];
      if (n === undefined) throw new Failure("syntax", start);
      if (raw) {
        value += c + n;
        i += 2;
        continue;
      }
      i += 2;
      if (n === "\n") continue;
      if (n in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[n];
      } else if (/[0-7]/.test(n)) {
        let digits = n;
        while (digits.length < 3 && /[0-7]/.test(t[i] ?? "")) digits += t[i++];
        value += String.fromCodePoint(parseInt(digits, 8));
      } else if (n === "x" || n === "u" || n === "U") {
        const len = n === "x" ? 2 : n === "u" ? 4 : 8;
        const hex = t.slice(i, i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Failure("syntax", start);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw new Failure("syntax", start);
        value += String.fromCodePoint(cp);
        i += len;
      } else if (n === "N") {
        // \N{UNICODE NAME} needs Unicode's name table, which JavaScript does not ship.
        throw new Failure("unsupported", start);
      } else {
        value += c + n;
      }
    }
    this.pos = i;
    if (prefix.includes("b") || prefix.includes("f")) return { kind: "other" };
    return { kind: "str", value };
  }

  skipOther(): Value {
    // Consume a balanced run up to the next top-level "," or ")" so the caller can go on
    // reporting the list as one of non-strings; Python would stop at a name or bad syntax.
    const t = this.text;
    const start = this.pos;
    let depth = 0;
    let sawName = false;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (depth === 0 && (c === "," || c === ")")) break;
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      else if (c === "'" || c === '"') {
        const lit = this.stringLiteral();
        if (lit === null) throw new Failure("syntax", this.pos);
        continue;
      } else if (/[\p{L}_]/u.test(c)) {
        const word = /^[\p{L}\p{N}_]+/u.exec(t.slice(this.pos))![0];
        if (!["True", "False", "None", "e", "E", "j", "J"].includes(word) && !/^[0-9]/.test(t[this.pos - 1] ?? "")) {
          sawName = true;
        }
        this.pos += word.length;
        continue;
      }
      this.pos++;
    }
    if (this.pos === start) throw new Failure("syntax", start);
    if (sawName) throw new Failure("not-a-literal", start);
    return { kind: "other" };
  }
}

/**
 * Evaluate the text of a parenthesised SQL token as MLflow does:
 * `ast.literal_eval(text)`, wrapped into a tuple if it is a single value, then required to be
 * non-empty and all str.
 */
export function parseStringList(text: string): LiteralListResult {
  // Python's tokenizer reads source with universal newlines.
  const source = text.replace(/\r\n?/g, "\n");
  if (/\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(source)) {
    return { ok: false, kind: "syntax", offset: 0 };
  }
  const reader = new Reader(source);
  let value: Value;
  try {
    value = reader.expression();
    reader.skip();
    if (reader.pos !== source.length) throw new Failure("syntax", reader.pos);
  } catch (e) {
    if (e instanceof Failure) return { ok: false, kind: e.kind, offset: e.offset };
    throw e;
  }
  const items = value.kind === "tuple" ? value.items : [value];
  if (items.length === 0) return { ok: false, kind: "empty", offset: 0 };
  const values: string[] = [];
  for (const item of items) {
    if (item.kind !== "str") return { ok: false, kind: "not-strings", offset: 0 };
    values.push(item.value);
  }
  return { ok: true, values };
}
