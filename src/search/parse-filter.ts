/**
 * MLflow's filter grammar on top of the sqlparse port: SearchUtils.parse_search_filter and
 * SearchExperimentsUtils.parse_search_filter (mlflow/utils/search_utils.py).
 *
 * A filter is clauses joined by AND (any case; stray ANDs are tolerated, as in MLflow). A clause
 * is `<identifier> <comparator> <value>`, `<identifier> [NOT] IN (<strings>)` or
 * `<identifier> IS [NOT] NULL`. Whether a comparator suits the identifier's type is *not*
 * checked here: MLflow checks it while matching, see evaluate.ts.
 */
import { SearchFilterError } from "./errors.js";
import {
  IdentifierError,
  RUNS,
  resolveIdentifier,
  stripQuotes,
  type Dialect,
  type EntityType,
} from "./identifiers.js";
import { parseStringList } from "../python/literal.js";
import { pyFloatFromLiteral } from "../python/strings.js";
import { parseSql, type ParseOutcome } from "./sql/statements.js";
import {
  isGroup,
  isType,
  isWhitespace,
  matches,
  startOf,
  textOf,
  upperValue,
  type Leaf,
  type Node,
} from "./sql/tokens.js";

export type { EntityType } from "./identifiers.js";

export type ClauseValue = string | number | readonly string[] | null;

export interface FilterClause {
  /** "metric" | "parameter" | "tag" | "attribute" | "dataset" (aliases already resolved). */
  readonly type: EntityType;
  /** The key with quotes/backticks removed; attribute aliases ("created") are kept as written. */
  readonly key: string;
  /** Upper-cased: "=", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "IN", "NOT IN", "IS NULL", ... */
  readonly comparator: string;
  /** number for metrics and numeric attributes, string[] for lists, null for IS [NOT] NULL. */
  readonly value: ClauseValue;
  /** The value as written (null for IS [NOT] NULL). */
  readonly rawValue: string | null;
  /** Offsets into the filter string, for error messages. */
  readonly position: number;
  readonly comparatorPosition: number;
}

interface RawComparison {
  readonly left: Node;
  readonly comparator: string;
  readonly comparatorPosition: number;
  readonly right: Node | null;
}

type Item = { kind: "node"; node: Node } | { kind: "comparison"; cmp: RawComparison; start: number };

/** Parse a statement with sqlparse and insist on exactly one, as parse_search_filter does. */
export function parseSingleStatement(input: string, what: "filter" | "order_by"): Node[] {
  const outcome: ParseOutcome = parseSql(input);
  const noun = what === "filter" ? "filter" : "order_by clause";
  if (!outcome.ok) {
    // sqlparse's anti-DoS limits; MLflow reports its SQLParseError this way.
    const why = outcome.reason === "too-deep" ? "nesting is too deep" : "too many tokens";
    throw new SearchFilterError(`Error on parsing ${noun} '${input}' (${why})`, input, outcome.position);
  }
  const { statements } = outcome;
  if (statements.length === 0) {
    throw new SearchFilterError(`Invalid ${noun} '${input}'. Could not be parsed.`, input, 0);
  }
  if (statements.length > 1) {
    if (what === "order_by") {
      throw new SearchFilterError(`Invalid order_by clause '${input}'. Could not be parsed.`, input, statements[1]!.start);
    }
    throw new SearchFilterError(
      `Search filter contained multiple expression '${input}'. Provide AND-ed expression list.`,
      input,
      statements[1]!.start,
    );
  }
  return statements[0]!.nodes;
}

/**
 * MLflow's _join_in_comparison_tokens: turn `<Identifier> IN (...)`, `NOT IN (...)`,
 * `IS NULL` and `IS NOT NULL` runs of top-level tokens into comparisons. Ported as written,
 * including its four-token stride after an Identifier that starts none of these.
 */
function joinComparisons(nodes: Node[]): Item[] {
  const tokens = nodes.filter((n) => !isWhitespace(n));
  const out: Item[] = [];
  const plain = (n: Node): Item => ({ kind: "node", node: n });
  let i = 0;
  while (i < tokens.length) {
    if (tokens.length - i < 3) {
      out.push(...tokens.slice(i).map(plain));
      break;
    }
    const first = tokens[i]!;
    if (!isGroup(first, "Identifier")) {
      out.push(plain(first));
      i++;
      continue;
    }
    const second = tokens[i + 1]!;
    const third = tokens[i + 2]!;
    const join = (comparator: string, right: Node | null, consumed: number): void => {
      out.push({
        kind: "comparison",
        cmp: { left: first, comparator, comparatorPosition: startOf(second), right },
        start: startOf(first),
      });
      i += consumed;
    };
    if (matches(second, "Keyword", "IN") && isGroup(third, "Parenthesis")) {
      join("IN", third, 3);
      continue;
    }
    if (matches(second, "Keyword", "IS") && matches(third, "Keyword", "NULL")) {
      join("IS NULL", null, 3);
      continue;
    }
    if (matches(second, "Keyword", "IS") && isType(third, "Keyword") && upperValue(third) === "NOT NULL") {
      join("IS NOT NULL", null, 3);
      continue;
    }
    const fourth = tokens[i + 3];
    if (fourth === undefined) {
      out.push(plain(first), plain(second), plain(third));
      break;
    }
    if (matches(second, "Keyword", "NOT") && matches(third, "Keyword", "IN") && isGroup(fourth, "Parenthesis")) {
      join("NOT IN", fourth, 4);
      continue;
    }
    out.push(plain(first), plain(second), plain(third), plain(fourth));
    i += 4;
  }
  return out;
}

function asComparison(item: Item): { cmp: RawComparison; start: number } | null {
  if (item.kind === "comparison") return item;
  const node = item.node;
  if (!isGroup(node, "Comparison")) return null;
  const parts = node.tokens.filter((n) => !isWhitespace(n));
  const [left, op, right] = parts as [Node, Leaf, Node];
  return {
    cmp: { left, comparator: op.value.toUpperCase(), comparatorPosition: op.start, right },
    start: startOf(node),
  };
}

function isAnd(item: Item): boolean {
  return item.kind === "node" && matches(item.node, "Keyword", "AND");
}

function valueError(input: string, node: Node, message: string): SearchFilterError {
  return new SearchFilterError(message, input, startOf(node));
}

/** SearchUtils._get_value for one clause. */
function clauseValue(
  input: string,
  dialect: Dialect,
  type: EntityType,
  key: string,
  node: Node,
): { value: ClauseValue; raw: string } {
  const raw = textOf(node, input);
  const isString = isType(node, "String.Single") || isGroup(node, "Identifier");
  const quoted = (): string => {
    const v = stripQuotes(raw, true);
    if (v === null) {
      throw valueError(
        input,
        node,
        `Parameter value is either not quoted or unidentified quote types used for string value ${raw}. ` +
          "Use either single or double quotes.",
      );
    }
    return v;
  };
  const list = (): string[] => {
    const parsed = parseStringList(raw);
    if (parsed.ok) return parsed.values;
    const reason = {
      syntax: "expected a non-empty list of string values, but got ill-formed list.",
      "not-a-literal": "expected a non-empty list of string values, but got an expression that is not a literal.",
      unsupported: "\\N{...} escapes are not supported here.",
      empty: "expected a non-empty list of string values, but got empty list",
      "not-strings": `expected string value, punctuation, or whitespace, but got different type in list: ${raw}`,
    }[parsed.kind];
    throw new SearchFilterError(`While parsing a list in the query, ${reason}`, input, startOf(node) + parsed.offset);
  };
  switch (type) {
    case "metric":
      if (!isType(node, "Number.Integer", "Number.Float")) {
        throw valueError(input, node, `Expected numeric value type for metric. Found ${raw}`);
      }
      return { value: pyFloatFromLiteral(raw), raw };
    case "parameter":
    case "tag":
      if (!isString) {
        throw valueError(input, node, `Expected a quoted string value for ${type} (e.g. 'my-value'). Got value ${raw}`);
      }
      return { value: quoted(), raw };
    case "attribute":
      if (dialect.numericAttributes.has(key)) {
        if (!isType(node, "Number.Integer", "Number.Float")) {
          throw valueError(input, node, `Expected numeric value type for numeric attribute: ${key}. Found ${raw}`);
        }
        return { value: pyFloatFromLiteral(raw), raw };
      }
      if (isString) return { value: quoted(), raw };
      if (isGroup(node, "Parenthesis")) {
        if (!dialect.listKeys.has(key)) {
          throw valueError(
            input,
            node,
            `Only [${[...dialect.listKeys].map((k) => `'${k}'`).join(", ")}] attributes support comparison ` +
              "with a list of quoted string values.",
          );
        }
        return { value: list(), raw };
      }
      throw valueError(input, node, `Expected a quoted string value for attributes. Got value ${raw}`);
    case "dataset":
      if (isString) return { value: quoted(), raw };
      if (isGroup(node, "Parenthesis")) return { value: list(), raw };
      throw valueError(input, node, `Expected a quoted string value for dataset attributes. Got value ${raw}`);
  }
}

/** SearchUtils._get_comparison / SearchExperimentsUtils._get_comparison. */
function toClause(input: string, dialect: Dialect, cmp: RawComparison, start: number): FilterClause {
  const { left, comparator, comparatorPosition, right } = cmp;
  if (!isGroup(left, "Identifier")) {
    throw new SearchFilterError(
      `Invalid comparison clause. Expected 'Identifier' found '${textOf(left, input)}'`,
      input,
      startOf(left),
    );
  }
  let id;
  try {
    id = resolveIdentifier(textOf(left, input), dialect, dialect.searchAttributes);
  } catch (e) {
    if (e instanceof IdentifierError) throw new SearchFilterError(e.message, input, startOf(left));
    throw e;
  }
  const base = { type: id.type, key: id.key, comparator, position: start, comparatorPosition };
  if (right === null) {
    if (!dialect.nullableTypes.has(id.type)) {
      const message =
        dialect === RUNS
          ? `IS NULL / IS NOT NULL is only supported for tags and params, not for '${id.type}' '${id.key}'`
          : `IS NULL / IS NOT NULL is only supported for tags, not for attribute '${id.key}'`;
      throw new SearchFilterError(message, input, comparatorPosition);
    }
    return { ...base, value: null, rawValue: null };
  }
  const { value, raw } = clauseValue(input, dialect, id.type, id.key, right);
  return { ...base, value, rawValue: raw };
}

/** Parse a filter string in the given dialect. An empty or missing filter has no clauses. */
export function parseFilter(filterString: string | undefined | null, dialect: Dialect): FilterClause[] {
  if (!filterString) return [];
  const input = filterString;
  const items = joinComparisons(parseSingleStatement(input, "filter"));
  const invalid = items.filter((item) => asComparison(item) === null && !isAnd(item));
  if (invalid.length > 0) {
    const quoted = invalid.map((item) => `'${textOf(item.kind === "node" ? item.node : item.cmp.left, input)}'`);
    const first = invalid[0]!;
    const at = first.kind === "node" ? startOf(first.node) : first.start;
    throw new SearchFilterError(`Invalid clause(s) in filter string: ${quoted.join(", ")}`, input, at);
  }
  const clauses: FilterClause[] = [];
  for (const item of items) {
    const c = asComparison(item);
    if (c !== null) clauses.push(toClause(input, dialect, c.cmp, c.start));
  }
  return clauses;
}
