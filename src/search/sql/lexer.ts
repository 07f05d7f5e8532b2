/**
 * A port of sqlparse's lexer (sqlparse/keywords.py SQL_REGEX + lexer.py, version pinned with
 * MLflow), which is where MLflow's filter language gets its token boundaries from: what counts
 * as a number, a quoted string, a name, a comparator.
 *
 * The rules are tried in order at each position and the first match wins. Python's `re` is run
 * with IGNORECASE|UNICODE; JavaScript's `u` flag plus explicit Unicode classes stands in for
 * Python's Unicode `\w`, `\d`, `\s`, `\b` and `.` (which excludes only "\n").
 */
import { SQL_KEYWORDS } from "./keywords.js";
import { leaf, type Leaf, type TokenType } from "./tokens.js";

/** Python's Unicode `\w` (str.isalnum() or "_"). */
const W = String.raw`[\p{L}\p{N}_]`;
const W_INNER = String.raw`\p{L}\p{N}_`;
/** Python's Unicode `\d`. */
const D = String.raw`\p{Nd}`;
/** Python's Unicode `\s` (str.isspace()). */
const S = String.raw`[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
/** Python's `\b` where it follows a word character, as in every rule below. */
const B = String.raw`(?!${W})`;
/** Python's `.` without DOTALL. */
const DOT = String.raw`[^\n]`;
const LETTER = "[A-ZÀ-Ü]";

type Action = TokenType | "keyword";

const RULES: ReadonlyArray<readonly [string, Action]> = [
  [String.raw`(--|# )\+${DOT}*?(\r\n|\r|\n|$)`, "Comment.Single.Hint"],
  [String.raw`(--|# )${DOT}*?(\r\n|\r|\n|$)`, "Comment.Single"],
  [String.raw`(\r\n|\r|\n)`, "Whitespace.Newline"],
  [String.raw`${S}+?`, "Whitespace"],
  [String.raw`:=`, "Assignment"],
  [String.raw`::`, "Punctuation"],
  [String.raw`\*`, "Wildcard"],
  ["`(``|[^`])*`", "Name"],
  [String.raw`´(´´|[^´])*´`, "Name"],
  [String.raw`\?`, "Name.Placeholder"],
  [String.raw`%(\(${W}+\))?s`, "Name.Placeholder"],
  [String.raw`(?<!${W})[$:?]${W}+`, "Name.Placeholder"],
  [String.raw`\\${W}+`, "Command"],
  [String.raw`(CASE|IN|VALUES|USING|FROM|AS)${B}`, "Keyword"],
  [String.raw`(@|##|#)${LETTER}${W}+`, "Name"],
  [String.raw`${LETTER}${W}*(?=${S}*\.(?!${D}))`, "Name"],
  [String.raw`(?<=\.)${LETTER}${W}*`, "Name"],
  [String.raw`${LETTER}${W}*(?=\()`, "Name"],
  [String.raw`-?0x[${D}A-F]+`, "Number.Hexadecimal"],
  [String.raw`-?${D}+(\.${D}+)?E-?${D}+`, "Number.Float"],
  [String.raw`(?![_A-ZÀ-Ü])-?(${D}+(\.${D}*)|\.${D}+)(?![_A-ZÀ-Ü])`, "Number.Float"],
  [String.raw`(?![_A-ZÀ-Ü])-?${D}+(?![_A-ZÀ-Ü])`, "Number.Integer"],
  [String.raw`'(''|\\'|[^'])*'`, "String.Single"],
  [String.raw`"(""|\\"|[^"])*"`, "String.Symbol"],
  [String.raw`(""|"${DOT}*?[^\\]")`, "String.Symbol"],
  [String.raw`(?<![${W_INNER}\])])(\[[^\]\[]+\])`, "Name"],
  [
    String.raw`((LEFT${S}+|RIGHT${S}+|FULL${S}+)?(INNER${S}+|OUTER${S}+|STRAIGHT${S}+)?|(CROSS${S}+|NATURAL${S}+)?)?JOIN${B}`,
    "Keyword",
  ],
  [String.raw`END(${S}+IF|${S}+LOOP|${S}+WHILE|${S}+FOR|${S}+CASE)?${B}`, "Keyword"],
  [String.raw`IF${S}+(NOT${S}+)?EXISTS${B}`, "Keyword"],
  [String.raw`NOT${S}+NULL${B}`, "Keyword"],
  [String.raw`(ASC|DESC)(${S}+NULLS${S}+(FIRST|LAST))?${B}`, "Keyword.Order"],
  [String.raw`(ASC|DESC)${B}`, "Keyword.Order"],
  [String.raw`NULLS${S}+(FIRST|LAST)${B}`, "Keyword.Order"],
  [String.raw`UNION${S}+ALL${B}`, "Keyword"],
  [String.raw`CREATE(${S}+OR${S}+REPLACE)?${B}`, "Keyword.DDL"],
  [String.raw`DOUBLE${S}+PRECISION${B}`, "Name.Builtin"],
  [String.raw`GROUP${S}+BY${B}`, "Keyword"],
  [String.raw`ORDER${S}+BY${B}`, "Keyword"],
  [String.raw`PRIMARY${S}+KEY${B}`, "Keyword"],
  [String.raw`HANDLER${S}+FOR${B}`, "Keyword"],
  [String.raw`GO(${S}${D}+)${B}`, "Keyword"],
  [String.raw`(LATERAL${S}+VIEW${S}+)(EXPLODE|INLINE|PARSE_URL_TUPLE|POSEXPLODE|STACK)${B}`, "Keyword"],
  [String.raw`(AT|WITH')${S}+TIME${S}+ZONE${S}+'[^']+'`, "Keyword.TZCast"],
  [String.raw`(NOT${S}+)?(LIKE|ILIKE|RLIKE)${B}`, "Operator.Comparison"],
  [String.raw`(NOT${S}+)?(REGEXP)(${S}+(BINARY))?${B}`, "Operator.Comparison"],
  [String.raw`${W}[$#${W_INNER}]*`, "keyword"],
  [String.raw`[;:()\[\],\.]`, "Punctuation"],
  [String.raw`(->>?|#>>?|@>|<@|\?\|?|\?&|-|#-)`, "Operator"],
  [String.raw`[<>=~!]+`, "Operator.Comparison"],
  [String.raw`[+\/@#%^&|^-]+`, "Operator"],
];

// Compiled on first use (~3 ms of start-up): a listing without a filter or order-by lexes nothing.
let compiled: ReadonlyArray<readonly [RegExp, Action]> | undefined;
const compiledRules = () => (compiled ??= RULES.map(([source, action]) => [new RegExp(source, "iuy"), action] as const));

let dollar: { tag: RegExp; openerOk: RegExp } | undefined;
const dollarRegexes = () =>
  (dollar ??= { tag: new RegExp(String.raw`\$(?:[_A-ZÀ-Ü]${W}*)?\$`, "iuy"), openerOk: new RegExp(String.raw`(?<![${W_INNER}"$])`, "uy") });

/**
 * Dollar-quoted literals and `/* *\/` comments (sqlparse's DelimitedSpans): an opener reached
 * by the lexer pairs with the first matching closer after it; unclosed openers fall through
 * to the ordinary rules.
 */
function delimitedSpan(text: string, pos: number): { end: number; ttype: TokenType } | null {
  if (text.startsWith("/*", pos)) {
    const close = text.indexOf("*/", pos + 2);
    if (close < 0) return null;
    return { end: close + 2, ttype: text.startsWith("/*+", pos) ? "Comment.Multiline.Hint" : "Comment.Multiline" };
  }
  if (text[pos] === "$") {
    const { tag: tagRe, openerOk } = dollarRegexes();
    tagRe.lastIndex = pos;
    const m = tagRe.exec(text);
    if (!m) return null;
    openerOk.lastIndex = pos;
    if (!openerOk.test(text)) return null;
    const tag = m[0];
    const close = text.indexOf(tag, pos + tag.length);
    if (close < 0) return null;
    return { end: close + tag.length, ttype: "Literal" };
  }
  return null;
}

/** Tokenize like `sqlparse.lexer.tokenize`; token offsets index into `text`. */
export function tokenize(text: string): Leaf[] {
  const out: Leaf[] = [];
  let pos = 0;
  outer: while (pos < text.length) {
    const span = delimitedSpan(text, pos);
    if (span) {
      out.push(leaf(span.ttype, text.slice(pos, span.end), pos));
      pos = span.end;
      continue;
    }
    for (const [re, action] of compiledRules()) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || m[0].length === 0) continue;
      const value = m[0];
      const ttype = action === "keyword" ? (SQL_KEYWORDS.get(value.toUpperCase()) ?? "Name") : action;
      out.push(leaf(ttype, value, pos));
      pos += value.length;
      continue outer;
    }
    const ch = String.fromCodePoint(text.codePointAt(pos)!);
    out.push(leaf("Error", ch, pos));
    pos += ch.length;
  }
  return out;
}
