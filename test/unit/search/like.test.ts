import { describe, expect, it } from "vitest";
import { ilike, like } from "../../../src/search/like.js";

describe("LIKE (Python regex semantics of MLflow's file store)", () => {
  it.each<[string, string, boolean]>([
    ["abc", "abc", true],
    ["abc", "ab", false],
    ["abc", "%", true],
    ["", "%", true],
    ["", "", true],
    ["a", "", false],
    ["abc", "a%", true],
    ["abc", "%c", true],
    ["abc", "%b%", true],
    ["abc", "a_c", true],
    ["ac", "a_c", false],
    ["abc", "___", true],
    ["ABC", "abc", false],
    ["a.c", "a.c", true],
    ["abc", "a.c", false],
    ["a*c", "a*c", true],
    ["aXc", "a*c", false],
    ["100%", "100%", true],
    ["1000", "100%", true],
    ["a\\b", "a\\b", true],
    ["a_b", "a\\_b", false],
    ["a\\xb", "a\\_b", true],
    ["(a)", "(a)", true],
    ["[ab]", "[ab]", true],
    ["a", "[ab]", false],
    ["abc\n", "abc", true],
    ["abc\n\n", "abc", false],
    ["x\nabc", "%abc", false],
    ["abc\nxyz", "abc%", true],
    ["a\nb", "a%b", false],
    ["a\nb", "a_b", false],
    ["a\rb", "a_b", true],
    ["a\u2028b", "a_b", true],
    ["😀", "_", true],
    ["a😀b", "a_b", true],
  ])("%j LIKE %j is %s", (value, pattern, expected) => {
    expect(like(value, pattern)).toBe(expected);
  });
});

describe("ILIKE (Python re.IGNORECASE)", () => {
  it.each<[string, string, boolean]>([
    ["ABC", "abc", true],
    ["abc", "A%", true],
    ["Straße", "STRASSE", false],
    ["ß", "ß", true],
    ["ẞ", "ß", true],
    ["ß", "ẞ", true],
    ["K", "k", true],
    ["\u212a", "k", true],
    ["ſ", "s", true],
    ["S", "ſ", true],
    ["ı", "i", true],
    ["İ", "i", true],
    ["i", "İ", true],
    ["I", "ı", true],
    ["Β", "β", true],
    ["ϐ", "Β", true],
    ["ς", "Σ", true],
    ["µ", "μ", true],
    ["ǅ", "ǆ", true],
    ["ǆ", "ǅ", true],
    ["1", "1", true],
  ])("%j ILIKE %j is %s", (value, pattern, expected) => {
    expect(ilike(value, pattern)).toBe(expected);
  });
});
