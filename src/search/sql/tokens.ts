/**
 * The token tree of sqlparse (the SQL tokenizer MLflow parses search filters with), reduced to
 * what MLflow's filter and order-by grammars can observe.
 *
 * Token types are sqlparse's `tokens.*` names without the `Token.`/`Literal.` prefixes. Like
 * sqlparse they form a hierarchy by dotted prefix ("Name.Builtin" is inside "Name"), but
 * sqlparse itself mostly tests *exact* types (its `imt(t=(A, B))` compares tuples with ==), so
 * both tests exist here: `isType` (exact) and `inType` (hierarchical).
 */
export type TokenType =
  | "Keyword"
  | "Keyword.DML"
  | "Keyword.DDL"
  | "Keyword.DCL"
  | "Keyword.CTE"
  | "Keyword.Order"
  | "Keyword.TZCast"
  | "Name"
  | "Name.Builtin"
  | "Name.Placeholder"
  | "String.Single"
  | "String.Symbol"
  | "Number.Integer"
  | "Number.Float"
  | "Number.Hexadecimal"
  | "Literal"
  | "Operator"
  | "Operator.Comparison"
  | "Punctuation"
  | "Whitespace"
  | "Whitespace.Newline"
  | "Comment.Single"
  | "Comment.Single.Hint"
  | "Comment.Multiline"
  | "Comment.Multiline.Hint"
  | "Wildcard"
  | "Assignment"
  | "Command"
  | "Error";

/** sqlparse's grouped node classes that can appear at the top level of a filter. */
export type GroupClass =
  | "Parenthesis"
  | "SquareBrackets"
  | "Identifier"
  | "Function"
  | "Over"
  | "Operation"
  | "Comparison"
  | "TypedLiteral";

export interface Leaf {
  readonly kind: "leaf";
  /** Mutable: sqlparse's group_operator retypes the operator it groups. */
  ttype: TokenType;
  readonly value: string;
  /** Offset of the first character in the source string (UTF-16 units). */
  readonly start: number;
  readonly end: number;
}

export interface Group {
  readonly kind: "group";
  readonly cls: GroupClass;
  readonly tokens: Node[];
}

export type Node = Leaf | Group;

export function leaf(ttype: TokenType, value: string, start: number): Leaf {
  return { kind: "leaf", ttype, value, start, end: start + value.length };
}

export function isLeaf(node: Node | null | undefined): node is Leaf {
  return node?.kind === "leaf";
}

export function isGroup(node: Node | null | undefined, ...classes: GroupClass[]): node is Group {
  return node?.kind === "group" && (classes.length === 0 || classes.includes(node.cls));
}

/** Exact token type test (sqlparse `token.ttype is T.X` / membership in a tuple of types). */
export function isType(node: Node | null | undefined, ...types: TokenType[]): boolean {
  return isLeaf(node) && types.includes(node.ttype);
}

/** Hierarchical test (sqlparse `token.ttype in T.X`). */
export function inType(node: Node | null | undefined, parent: string): boolean {
  return isLeaf(node) && (node.ttype === parent || node.ttype.startsWith(parent + "."));
}

export function isWhitespace(node: Node): boolean {
  return inType(node, "Whitespace");
}

export function isKeyword(node: Node | null | undefined): boolean {
  return inType(node, "Keyword");
}

/**
 * sqlparse `Token.match(ttype, values)`: exact type, and for keywords a case-insensitive value
 * test. `values` omitted means "any value".
 */
export function matches(node: Node | null | undefined, ttype: TokenType, ...values: string[]): boolean {
  if (!isLeaf(node) || node.ttype !== ttype) return false;
  if (values.length === 0) return true;
  const keyword = isKeyword(node);
  const value = keyword ? node.value.toUpperCase() : node.value;
  return values.some((v) => (keyword ? v.toUpperCase() : v) === value);
}

/** A leaf's text upper-cased (sqlparse `normalized` for keywords); "" for groups. */
export function upperValue(node: Node | null | undefined): string {
  return isLeaf(node) ? node.value.toUpperCase() : "";
}

export function firstLeaf(node: Node): Leaf {
  let n: Node = node;
  while (n.kind === "group") n = n.tokens[0]!;
  return n;
}

export function lastLeaf(node: Node): Leaf {
  let n: Node = node;
  while (n.kind === "group") n = n.tokens[n.tokens.length - 1]!;
  return n;
}

export function startOf(node: Node): number {
  return firstLeaf(node).start;
}

export function endOf(node: Node): number {
  return lastLeaf(node).end;
}

/** The node's text exactly as written (sqlparse `str(token)`). */
export function textOf(node: Node, source: string): string {
  return source.slice(startOf(node), endOf(node));
}
