/**
 * `sqlparse.parse(text)`: lex, split into statements, group each one's top level.
 */
import { groupStatement } from "./grouping.js";
import { tokenize } from "./lexer.js";
import { isWhitespace, matches, type Leaf, type Node } from "./tokens.js";

/** sqlparse's anti-DoS limits; exceeding them makes `sqlparse.parse` raise. */
export const MAX_GROUPING_TOKENS = 10_000;
export const MAX_GROUPING_DEPTH = 100;

export interface ParsedStatement {
  readonly nodes: Node[];
  readonly start: number;
}

export type ParseOutcome =
  | { ok: true; statements: ParsedStatement[] }
  | { ok: false; reason: "too-many-tokens" | "too-deep"; position: number };

/**
 * sqlparse's StatementSplitter, reduced: a statement ends at a ";" outside parentheses and
 * keeps the blanks and "--" comments that follow it; a trailing all-blank statement is
 * dropped. (BEGIN ... END blocks, which can also hold ";", cannot occur in a valid MLflow
 * filter: whether or not they split, the filter is rejected.)
 */
function splitStatements(tokens: Leaf[]): Leaf[][] {
  const statements: Leaf[][] = [];
  let current: Leaf[] = [];
  let level = 0;
  let consumeWs = false;
  for (const t of tokens) {
    if (consumeWs && t.ttype !== "Whitespace" && t.ttype !== "Comment.Single") {
      statements.push(current);
      current = [];
      level = 0;
      consumeWs = false;
    }
    if (matches(t, "Punctuation", "(")) level++;
    else if (matches(t, "Punctuation", ")")) level--;
    current.push(t);
    if (matches(t, "Punctuation", ";") && level <= 0) consumeWs = true;
  }
  if (current.length > 0 && !current.every(isWhitespace)) statements.push(current);
  return statements;
}

function checkLimits(tokens: Leaf[]): ParseOutcome | null {
  if (tokens.length > MAX_GROUPING_TOKENS) {
    return { ok: false, reason: "too-many-tokens", position: tokens[MAX_GROUPING_TOKENS]!.start };
  }
  // Per parenthesised list (approximately: direct children before grouping) and nesting depth.
  const counts: number[] = [0];
  for (const t of tokens) {
    if (matches(t, "Punctuation", "(") || matches(t, "Punctuation", "[")) {
      counts[counts.length - 1]!++;
      counts.push(1);
      if (counts.length - 1 > MAX_GROUPING_DEPTH) return { ok: false, reason: "too-deep", position: t.start };
    } else if ((matches(t, "Punctuation", ")") || matches(t, "Punctuation", "]")) && counts.length > 1) {
      counts.pop();
    } else {
      const n = ++counts[counts.length - 1]!;
      if (counts.length > 1 && n > MAX_GROUPING_TOKENS) return { ok: false, reason: "too-many-tokens", position: t.start };
    }
  }
  return null;
}

export function parseSql(text: string): ParseOutcome {
  const tokens = tokenize(text);
  const limit = checkLimits(tokens);
  if (limit) return limit;
  const statements = splitStatements(tokens).map((leaves) => ({
    nodes: groupStatement(leaves, text),
    start: leaves[0]!.start,
  }));
  return { ok: true, statements };
}
