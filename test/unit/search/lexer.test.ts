import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/search/sql/lexer.js";

const lex = (s: string): string[] =>
  tokenize(s)
    .filter((t) => t.ttype !== "Whitespace")
    .map((t) => `${t.ttype}:${t.value}`);

describe("sqlparse lexer port", () => {
  it.each<[string, string[]]>([
    ["metrics.loss > 1", ["Name:metrics", "Punctuation:.", "Name:loss", "Operator.Comparison:>", "Number.Integer:1"]],
    ["a >= -1.5", ["Name:a", "Operator.Comparison:>=", "Number.Float:-1.5"]],
    ["x=-1", ["Name:x", "Operator.Comparison:=", "Number.Integer:-1"]],
    ["x <- 1", ["Name:x", "Operator.Comparison:<", "Operator:-", "Number.Integer:1"]],
    ["1e3 1.5E-2 .5 1.", ["Number.Float:1e3", "Number.Float:1.5E-2", "Number.Float:.5", "Number.Float:1."]],
    ["0x1F", ["Number.Hexadecimal:0x1F"]],
    ["1abc", ["Name:1abc"]],
    ["'it''s' 'a\\'b'", ["String.Single:'it''s'", "String.Single:'a\\'b'"]],
    ['"double"', ['String.Symbol:"double"']],
    ["`a b`", ["Name:`a b`"]],
    ["params.`nested/key`", ["Name:params", "Punctuation:.", "Name:`nested/key`"]],
    ["AND and Or not", ["Keyword:AND", "Keyword:and", "Keyword:Or", "Keyword:not"]],
    ["IS NOT NULL", ["Keyword:IS", "Keyword:NOT NULL"]],
    ["IS NOT  NULL", ["Keyword:IS", "Keyword:NOT  NULL"]],
    ["x NOT IN ('a')", ["Name:x", "Keyword:NOT", "Keyword:IN", "Punctuation:(", "String.Single:'a'", "Punctuation:)"]],
    ["x LIKE 'a' ilike NOT LIKE", ["Name:x", "Operator.Comparison:LIKE", "String.Single:'a'", "Operator.Comparison:ilike", "Operator.Comparison:NOT LIKE"]],
    ["== <> !=", ["Operator.Comparison:==", "Operator.Comparison:<>", "Operator.Comparison:!="]],
    ["metrics.select", ["Name:metrics", "Punctuation:.", "Name:select"]],
    ["parameters.1x", ["Keyword:parameters", "Punctuation:.", "Name:1x"]],
    ["metrics.1", ["Name:metrics", "Number.Float:.1"]],
    ["x DESC", ["Name:x", "Keyword.Order:DESC"]],
    ["x DESC NULLS FIRST", ["Name:x", "Keyword.Order:DESC NULLS FIRST"]],
    ["date int timestamp", ["Name.Builtin:date", "Name.Builtin:int", "Name.Builtin:timestamp"]],
    ["f(1)", ["Name:f", "Punctuation:(", "Number.Integer:1", "Punctuation:)"]],
    ["x::int", ["Name:x", "Punctuation:::", "Name.Builtin:int"]],
    ["[a b] x[1]", ["Name:[a b]", "Name:x", "Punctuation:[", "Number.Integer:1", "Punctuation:]"]],
    ["-- note\nx", ["Comment.Single:-- note\n", "Name:x"]],
    ["/* c */x", ["Comment.Multiline:/* c */", "Name:x"]],
    ["$tag$ a b $tag$", ["Literal:$tag$ a b $tag$"]],
    ["?:p $1 %s", ["Name.Placeholder:?", "Name.Placeholder::p", "Name.Placeholder:$1", "Name.Placeholder:%s"]],
    ["'word", ["Error:'", "Name:word"]],
    ["métrics.lossé", ["Name:métrics", "Punctuation:.", "Name:lossé"]],
    ["inè", ["Name:inè"]],
    ["١٢", ["Number.Integer:١٢"]],
    ["a;b", ["Name:a", "Punctuation:;", "Name:b"]],
  ])("%j", (input, expected) => {
    expect(lex(input)).toEqual(expected);
  });

  it("keeps offsets into the source", () => {
    const tokens = tokenize("ab  = 'x'");
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 9],
    ]);
  });

  it("makes an astral character that matches no rule one error token", () => {
    expect(lex("😀")).toEqual(["Error:😀"]);
  });
});
