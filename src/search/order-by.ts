/**
 * Order-by clauses: SearchUtils._parse_order_by_string and parse_order_by_for_search_runs /
 * SearchExperimentsUtils.parse_order_by_for_search_experiments.
 *
 * A clause must be one SQL identifier, optionally followed by ASC or DESC (any case), with
 * nothing around it: MLflow rejects leading or trailing blanks, NULLS FIRST/LAST, and several
 * keys in one string (pass several clauses instead). Keys with spaces go in backticks or
 * double quotes.
 */
import { SearchFilterError } from "./errors.js";
import { IdentifierError, RUNS, resolveIdentifier, type Dialect, type EntityType } from "./identifiers.js";
import { parseSingleStatement } from "./parse-filter.js";
import { ShlexError, shlexSplit } from "../python/shlex.js";
import { pyStrip } from "../python/strings.js";
import { isGroup, isType, isWhitespace, matches, startOf, textOf } from "./sql/tokens.js";

export interface OrderByClause {
  readonly type: EntityType;
  readonly key: string;
  readonly ascending: boolean;
}

function couldNotParse(clause: string, position = 0): SearchFilterError {
  return new SearchFilterError(`Invalid order_by clause '${clause}'. Could not be parsed.`, clause, position);
}

/** SearchUtils._validate_order_by_and_generate_token */
function orderByToken(clause: string): string {
  const nodes = parseSingleStatement(clause, "order_by");
  const first = nodes[0]!;
  const last = nodes[nodes.length - 1]!;
  if (nodes.length === 1 && isGroup(first, "Identifier")) return textOf(first, clause);
  if (nodes.length === 1 && matches(first, "Name.Builtin", "timestamp")) return "timestamp";
  if (
    matches(first, "Name.Builtin", "timestamp") &&
    nodes.slice(1, -1).every(isWhitespace) &&
    isType(last, "Keyword.Order")
  ) {
    return `timestamp ${textOf(last, clause)}`;
  }
  // Point at the first token that is not the lone identifier MLflow wants.
  const stray = nodes.find((n, i) => (i === 0 ? !isGroup(n, "Identifier") : true));
  throw couldNotParse(clause, stray ? startOf(stray) : 0);
}

/** Offset of the n-th (0-based) blank-separated word, for pointing at it in messages. */
function wordStart(clause: string, n: number): number {
  const words = [...clause.matchAll(/[^ \t\r\n]+/g)];
  return words[Math.min(n, words.length - 1)]?.index ?? 0;
}

/** SearchUtils._parse_order_by_string: the key text and the direction. */
function splitDirection(clause: string): { keyText: string; ascending: boolean } {
  const token = orderByToken(clause);
  let words: string[];
  try {
    words = shlexSplit(token.replace(/`/g, '"'));
  } catch (e) {
    if (e instanceof ShlexError) throw new SearchFilterError(`Invalid order_by clause '${clause}': ${e.message}`, clause, 0);
    throw e;
  }
  if (words.length > 2) throw couldNotParse(clause, wordStart(clause, 2));
  if (words.length === 2) {
    const direction = words[1]!.toLowerCase();
    if (direction !== "asc" && direction !== "desc") {
      throw new SearchFilterError(`Invalid ordering key in order_by clause '${clause}'.`, clause, wordStart(clause, 1));
    }
    return { keyText: words[0]!, ascending: direction === "asc" };
  }
  return { keyText: token, ascending: true };
}

export function parseOrderBy(clause: string, dialect: Dialect = RUNS): OrderByClause {
  const { keyText, ascending } = splitDirection(clause);
  try {
    const { type, key } = resolveIdentifier(pyStrip(keyText), dialect, dialect.orderByAttributes);
    return { type, key, ascending };
  } catch (e) {
    if (e instanceof IdentifierError) throw new SearchFilterError(e.message, clause, 0);
    throw e;
  }
}
