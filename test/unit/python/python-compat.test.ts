import { describe, expect, it } from "vitest";
import { Base64Error, b64decode } from "../../../src/python/base64.js";
import { parseStringList } from "../../../src/python/literal.js";
import { ShlexError, shlexSplit } from "../../../src/python/shlex.js";
import { asciiDigits, comparePyStr, pyIntFromStr, pyStrip, splitOnce } from "../../../src/python/strings.js";

describe("ast.literal_eval of IN lists", () => {
  it.each<[string, string[]]>([
    ["('a')", ["a"]],
    ["('a', 'b')", ["a", "b"]],
    ["('a',)", ["a"]],
    ["( 'a' , 'b' , )", ["a", "b"]],
    ['("a", \'b\')', ["a", "b"]],
    ["('a' 'b')", ["ab"]],
    ["('it''s')", ["its"]],
    ["(('a'))", ["a"]],
    ["(('a'), ('b'))", ["a", "b"]],
    ["(r'\\d', u'x', R'\\n')", ["\\d", "x", "\\n"]],
    ["('\\t\\n\\\\\\'\\x41\\u00e9\\U0001F600\\101')", ["\t\n\\'Aé😀A"]],
    ["('\\q')", ["\\q"]],
    ["('''a\nb''')", ["a\nb"]],
    ['("""x"y""")', ['x"y']],
    ["('a'\n,\n'b')", ["a", "b"]],
    ["('a' # comment\n)", ["a"]],
    ["('a' \\\n 'b')", ["ab"]],
    ["('a\\\nb')", ["ab"]],
    ["('a'\r\n)", ["a"]],
  ])("%j", (text, values) => {
    expect(parseStringList(text)).toEqual({ ok: true, values });
  });

  it.each<[string, string]>([
    ["()", "empty"],
    ["(1)", "not-strings"],
    ["('a', 1)", "not-strings"],
    ["(('a',),)", "not-strings"],
    ["(['a'])", "not-strings"],
    ["(b'a')", "not-strings"],
    ["(f'a')", "not-strings"],
    ["('a' b'c')", "not-strings"],
    ["(None)", "not-strings"],
    ["(-1)", "not-strings"],
    ["(abc)", "not-a-literal"],
    ["('a' + 'b')", "syntax"],
    ["('a'", "syntax"],
    ["('a',,)", "syntax"],
    ["(,)", "syntax"],
    ["('a\nb')", "syntax"],
    ["('a')x", "syntax"],
    ["('a' -- c\n)", "syntax"],
    ["('\\x4')", "syntax"],
    ["('\\N{BULLET}')", "unsupported"],
    ["('a\0')", "syntax"],
  ])("rejects %j (%s)", (text, kind) => {
    const r = parseStringList(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.kind).toBe(kind);
  });
});

describe("shlex.split (posix)", () => {
  it.each<[string, string[]]>([
    ["a b", ["a", "b"]],
    ["  a\t\tb \n", ["a", "b"]],
    ['metrics."a b" DESC', ["metrics.a b", "DESC"]],
    ["'a b'c", ["a bc"]],
    ['""', [""]],
    ['"" x', ["", "x"]],
    ["a\\ b", ["a b"]],
    ['"a\\"b"', ['a"b']],
    ['"a\\xb"', ["a\\xb"]],
    ["'a\\'", ["a\\"]],
    ["", []],
  ])("%j", (input, expected) => {
    expect(shlexSplit(input)).toEqual(expected);
  });

  it.each(['"open', "'open", "trailing\\"])("rejects %j", (input) => {
    expect(() => shlexSplit(input)).toThrow(ShlexError);
  });
});

describe("Python str helpers", () => {
  it("compares by code point, not UTF-16 unit", () => {
    expect(comparePyStr("\uff01", "😀")).toBeLessThan(0);
    expect("\uff01" < "😀").toBe(false);
    expect(comparePyStr("a", "b")).toBeLessThan(0);
    expect(comparePyStr("ab", "a")).toBeGreaterThan(0);
    expect(comparePyStr("x", "x")).toBe(0);
  });

  it.each<[string, number | null]>([
    ["5", 5],
    [" 5 ", 5],
    ["+4", 4],
    ["-3", -3],
    ["1_0", 10],
    ["١٢", 12],
    ["\u20035\u3000", 5],
    ["4.0", null],
    ["1__0", null],
    ["_1", null],
    ["", null],
    ["0x10", null],
  ])("int(%j)", (s, expected) => {
    expect(pyIntFromStr(s)).toBe(expected);
  });

  it("maps Unicode decimal digits to ASCII", () => {
    expect(asciiDigits("٣.٥ ۹ 𝟗")).toBe("3.5 9 9");
  });

  it("strips Python whitespace and splits once", () => {
    expect(pyStrip("\u00a0 x \u3000")).toBe("x");
    expect(splitOnce("a.b.c", ".")).toEqual(["a", "b.c"]);
    expect(splitOnce("abc", ".")).toEqual(["abc"]);
  });
});

describe("base64.b64decode (non-strict)", () => {
  const text = (s: string): string => new TextDecoder().decode(b64decode(s));
  it.each<[string, string]>([
    ["eyJvZmZzZXQiOiAxMH0=", '{"offset": 10}'],
    ["eyJvZmZzZXQiOiAxMH0==", '{"offset": 10}'],
    ["e!yJvZmZzZXQiOiAxMH0=", '{"offset": 10}'],
    ["eyJvZmZzZXQiOiAxMH0=garbage", '{"offset": 10}'],
    ["e y J v", '{"o'],
    ["====", ""],
    ["", ""],
  ])("%j", (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each(["eyJvZmZzZXQiOiAxMH0", "a", "abcde", "é"])("rejects %j", (input) => {
    expect(() => b64decode(input)).toThrow(Base64Error);
  });
});
