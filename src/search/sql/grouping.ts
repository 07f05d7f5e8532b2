/**
 * A port of sqlparse's grouping engine (sqlparse/engine/grouping.py), run on the top level of
 * one statement: that is all MLflow looks at. Inside parentheses only the raw text matters
 * (MLflow hands it to Python's ast.literal_eval), so nested lists are not grouped further.
 *
 * Passes run in sqlparse's order. Passes that only fire on SQL keywords which can never yield a
 * valid MLflow filter (CASE/IF/FOR/BEGIN blocks, WHERE, `:=`, comma lists, VALUES, comments)
 * are left out: the keyword or punctuation they start from is already an invalid clause on its
 * own, so grouping it or not cannot change whether MLflow accepts the filter.
 */
import {
  endOf,
  inType,
  isGroup,
  isKeyword,
  isType,
  isWhitespace,
  matches,
  startOf,
  upperValue,
  type Group,
  type GroupClass,
  type Leaf,
  type Node,
} from "./tokens.js";

type Idx = number | null;

function tokenNext(list: Node[], idx: Idx): [Idx, Node | null] {
  if (idx === null) return [null, null];
  for (let i = idx + 1; i < list.length; i++) {
    if (!isWhitespace(list[i]!)) return [i, list[i]!];
  }
  return [null, null];
}

function tokenPrev(list: Node[], idx: number): [Idx, Node | null] {
  for (let i = idx - 1; i >= 0; i--) {
    if (!isWhitespace(list[i]!)) return [i, list[i]!];
  }
  return [null, null];
}

function tokenNextBy(list: Node[], pred: (n: Node) => boolean, idx: number): [Idx, Node | null] {
  for (let i = idx + 1; i < list.length; i++) {
    if (pred(list[i]!)) return [i, list[i]!];
  }
  return [null, null];
}

/** sqlparse TokenList.group_tokens. */
function groupTokens(list: Node[], cls: GroupClass, start: number, end: number, extend = false): Group {
  const first = list[start]!;
  if (extend && isGroup(first, cls)) {
    first.tokens.push(...list.slice(start + 1, end + 1));
    list.splice(start + 1, end - start);
    return first;
  }
  const grp: Group = { kind: "group", cls, tokens: list.slice(start, end + 1) };
  list.splice(start, end - start + 1, grp);
  return grp;
}

/**
 * sqlparse grouping._group: "x <op> y" joins. It walks a snapshot of the list while grouping
 * the live one, exactly like the original (including its habit of remembering an absorbed
 * token as `prev`), since the order of joins decides the shapes MLflow later sees.
 */
function groupJoined(
  list: Node[],
  cls: GroupClass,
  match: (n: Node) => boolean,
  validPrev: (n: Node) => boolean,
  validNext: (n: Node | null) => boolean,
  post: (list: Node[], pidx: number, tidx: number, nidx: Idx) => [number, number],
  extend = true,
): void {
  let offset = 0;
  let pidx: number | null = null;
  let prev: Node | null = null;
  const snapshot = list.slice();
  for (let idx = 0; idx < snapshot.length; idx++) {
    const token = snapshot[idx]!;
    const tidx = idx - offset;
    if (tidx < 0) continue;
    if (isWhitespace(token)) continue;
    if (match(token)) {
      const [nidx, next] = tokenNext(list, tidx);
      if (prev !== null && pidx !== null && validPrev(prev) && validNext(next)) {
        const [from, to] = post(list, pidx, tidx, nidx);
        const grp = groupTokens(list, cls, from, to, extend);
        offset += to - from;
        pidx = from;
        prev = grp;
        continue;
      }
    }
    pidx = tidx;
    prev = token;
  }
}

/** sqlparse grouping._group_matching for "(...)" and "[...]". */
function groupMatching(list: Node[], cls: "Parenthesis" | "SquareBrackets", open: string, close: string): void {
  const opens: number[] = [];
  let offset = 0;
  const snapshot = list.slice();
  for (let idx = 0; idx < snapshot.length; idx++) {
    const token = snapshot[idx]!;
    const tidx = idx - offset;
    if (isWhitespace(token)) continue;
    if (isGroup(token) && token.cls !== cls) {
      groupMatching(token.tokens, cls, open, close);
      continue;
    }
    if (matches(token, "Punctuation", open)) {
      opens.push(tidx);
    } else if (matches(token, "Punctuation", close)) {
      const openIdx = opens.pop();
      if (openIdx === undefined) continue;
      groupTokens(list, cls, openIdx, tidx);
      offset += tidx - openIdx;
    }
  }
}

const always = (): boolean => true;
const notNull = (n: Node | null): boolean => n !== null;

function groupOver(list: Node[]): void {
  let [tidx, token] = tokenNextBy(list, (n) => matches(n, "Keyword", "OVER"), -1);
  while (token !== null && tidx !== null) {
    const [nidx, next] = tokenNext(list, tidx);
    if (nidx !== null && (isGroup(next, "Parenthesis") || inType(next, "Name"))) {
      groupTokens(list, "Over", tidx, nidx);
    }
    [tidx, token] = tokenNextBy(list, (n) => matches(n, "Keyword", "OVER"), tidx);
  }
}

function groupFunctions(list: Node[], source: string): void {
  const upper = list.map((n) => textUpper(n, source));
  if (upper.includes("CREATE") && upper.includes("TABLE") && !upper.includes("AS")) return;
  const isName = (n: Node): boolean => inType(n, "Name");
  let [tidx, token] = tokenNextBy(list, isName, -1);
  while (token !== null && tidx !== null) {
    const [nidx, next] = tokenNext(list, tidx);
    if (nidx !== null && isGroup(next, "Parenthesis")) {
      const [overIdx, over] = tokenNext(list, nidx);
      const eidx = overIdx !== null && isGroup(over, "Over") ? overIdx : nidx;
      groupTokens(list, "Function", tidx, eidx);
    }
    [tidx, token] = tokenNextBy(list, isName, tidx);
  }
}

function textUpper(node: Node, source: string): string {
  return source.slice(startOf(node), endOf(node)).toUpperCase();
}

function groupPeriod(list: Node[]): void {
  groupJoined(
    list,
    "Identifier",
    (n) => matches(n, "Punctuation", ".") || matches(n, "Operator", "->") || matches(n, "Operator", "->>"),
    (n) => isGroup(n, "SquareBrackets", "Identifier") || isType(n, "Name", "String.Symbol"),
    always,
    (l, pidx, tidx, nidx) => {
      const next = nidx === null ? null : l[nidx]!;
      const ok =
        isGroup(next, "SquareBrackets", "Function") || isType(next, "Name", "String.Symbol", "Wildcard", "String.Single");
      return ok && nidx !== null ? [pidx, nidx] : [pidx, tidx];
    },
  );
}

function groupArrays(list: Node[]): void {
  groupJoined(
    list,
    "Identifier",
    (n) => isGroup(n, "SquareBrackets"),
    (n) => isGroup(n, "SquareBrackets", "Identifier", "Function") || isType(n, "Name", "String.Symbol"),
    always,
    (_l, pidx, tidx) => [pidx, tidx],
  );
}

function groupIdentifier(list: Node[]): void {
  for (let i = 0; i < list.length; i++) {
    if (isType(list[i], "String.Symbol", "Name")) groupTokens(list, "Identifier", i, i);
  }
}

function groupOrder(list: Node[]): void {
  const isOrder = (n: Node): boolean => isType(n, "Keyword.Order");
  let [tidx, token] = tokenNextBy(list, isOrder, -1);
  while (token !== null && tidx !== null) {
    const [pidx, prev] = tokenPrev(list, tidx);
    if (pidx !== null && (isGroup(prev, "Identifier") || inType(prev, "Number"))) {
      groupTokens(list, "Identifier", pidx, tidx);
      tidx = pidx;
    }
    [tidx, token] = tokenNextBy(list, isOrder, tidx);
  }
}

function groupTypecasts(list: Node[]): void {
  groupJoined(
    list,
    "Identifier",
    (n) => matches(n, "Punctuation", "::"),
    notNull,
    notNull,
    (_l, pidx, _tidx, nidx) => [pidx, nidx!],
  );
}

function groupTzcasts(list: Node[]): void {
  groupJoined(
    list,
    "Identifier",
    (n) => isType(n, "Keyword.TZCast"),
    notNull,
    (n) => n !== null && (isWhitespace(n) || matches(n, "Keyword", "AS") || matches(n, "String.Single")),
    (_l, pidx, _tidx, nidx) => [pidx, nidx!],
  );
}

function groupTypedLiteral(list: Node[]): void {
  groupJoined(
    list,
    "TypedLiteral",
    (n) => matches(n, "Name.Builtin") || matches(n, "Keyword", "TIMESTAMP"),
    notNull,
    (n) => n !== null && matches(n, "String.Single"),
    (_l, _pidx, tidx, nidx) => [tidx, nidx!],
    false,
  );
  groupJoined(
    list,
    "TypedLiteral",
    (n) => isGroup(n, "TypedLiteral"),
    notNull,
    (n) => n !== null && matches(n, "Keyword", "DAY", "HOUR", "MINUTE", "MONTH", "SECOND", "YEAR"),
    (_l, _pidx, tidx, nidx) => [tidx, nidx!],
    true,
  );
}

/** sqlparse T_NUMERICAL + T_STRING + T_NAME, compared exactly as sqlparse's tuples are. */
const OPERAND_TYPES = ["Number.Integer", "Number.Float", "String.Single", "String.Symbol", "Name", "Name.Placeholder"] as const;

function groupOperator(list: Node[]): void {
  const valid = (n: Node | null): boolean =>
    isGroup(n, "SquareBrackets", "Parenthesis", "Function", "Identifier", "Operation", "TypedLiteral") ||
    isType(n, ...OPERAND_TYPES) ||
    matches(n, "Keyword", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP");
  groupJoined(
    list,
    "Operation",
    (n) => isType(n, "Operator", "Wildcard"),
    valid,
    valid,
    (l, pidx, tidx, nidx) => {
      (l[tidx] as Leaf).ttype = "Operator";
      return [pidx, nidx!];
    },
    false,
  );
}

function groupComparison(list: Node[]): void {
  const valid = (n: Node | null): boolean =>
    isGroup(n, "Parenthesis", "Function", "Identifier", "Operation", "TypedLiteral") ||
    isType(n, ...OPERAND_TYPES) ||
    (isKeyword(n) && upperValue(n) === "NULL");
  groupJoined(
    list,
    "Comparison",
    (n) => isType(n, "Operator.Comparison"),
    valid,
    valid,
    (_l, pidx, _tidx, nidx) => [pidx, nidx!],
    false,
  );
}

function groupAs(list: Node[]): void {
  groupJoined(
    list,
    "Identifier",
    (n) => isKeyword(n) && upperValue(n) === "AS",
    (n) => (isKeyword(n) ? upperValue(n) === "NULL" : true),
    (n) => n !== null && !isType(n, "Keyword.DML", "Keyword.DDL", "Keyword.CTE"),
    (_l, pidx, _tidx, nidx) => [pidx, nidx!],
  );
}

function groupAliased(list: Node[]): void {
  const aliasable = (n: Node): boolean =>
    isGroup(n, "Parenthesis", "Function", "Identifier", "Operation", "Comparison") || inType(n, "Number");
  let [tidx, token] = tokenNextBy(list, aliasable, -1);
  while (token !== null && tidx !== null) {
    const [nidx, next] = tokenNext(list, tidx);
    if (nidx !== null && isGroup(next, "Identifier")) groupTokens(list, "Identifier", tidx, nidx, true);
    [tidx, token] = tokenNextBy(list, aliasable, tidx);
  }
}

/**
 * Group the tokens of one statement as `sqlparse.parse` would at its top level. `tokens` is
 * consumed (the returned list reuses it).
 */
export function groupStatement(tokens: Leaf[], source: string): Node[] {
  const list: Node[] = tokens.slice();
  groupMatching(list, "SquareBrackets", "[", "]");
  groupMatching(list, "Parenthesis", "(", ")");
  groupOver(list);
  groupFunctions(list, source);
  groupPeriod(list);
  groupArrays(list);
  groupIdentifier(list);
  groupOrder(list);
  groupTypecasts(list);
  groupTzcasts(list);
  groupTypedLiteral(list);
  groupOperator(list);
  groupComparison(list);
  groupAs(list);
  groupAliased(list);
  return list;
}
