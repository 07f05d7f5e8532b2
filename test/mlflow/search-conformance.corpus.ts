/**
 * Generated inputs for the differential part of the conformance suite: thousands of filter
 * strings, order-by clauses, page tokens and LIKE patterns, built from fragments (valid and
 * not) plus random character mutations, from a fixed seed. MLflow answers each one with its
 * own parser; the port must agree on every accept/reject and on every parsed clause.
 */

/** mulberry32: small, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const RUN_IDENTIFIERS = [
  "metrics.loss", "metric.loss", "metrics.`my metric`", 'metrics."my metric"', "metrics.'a.b'", "metrics.a.b",
  "Metrics.loss", "metrics .loss", "metrics. loss", "metrics.loss DESC", "metrics.1x", "metrics.1", "metrics.*",
  "metrics.f(1)", "metrics.x[0]", "metrics.x::int", "params.lr", "param.lr", "parameters.lr", "parameter.lr",
  "parameters.1x", "params.`nested/key`", "params.[lr]", "params.select", "params.order", "`params`.lr",
  "`params.lr`", "params.`lr`", "tags.team", "tag.team", "tags.`note with space`", "tags.x y", "tags.x AS y",
  "tags.x int", "tags.x key", "tags.\"a\".\"b\"", "attributes.status", "attr.status", "attribute.run_id",
  "run.run_name", "status", "run_id", "run_name", "`Run name`", '"run name"', "created", "Created", "start_time",
  "end_time", "artifact_uri", "user_id", "lifecycle_stage", "experiment_id", "datasets.name", "dataset.digest",
  "datasets.context", "datasets.foo", "foo.bar", "'status'", "1", "NULL", "timestamp", "$x", "?",
  "metrics->loss", "metrics.loss -- c\n", "sélect", "métrics.loss", "metrics.lossé",
];

const EXPERIMENT_IDENTIFIERS = [
  "name", "attribute.name", "attributes.name", "attr.name", "`attribute`.name", "`name`", '"name"', "tags.team",
  "tag.team", "tags.`note with space`", "experiment_id", "creation_time", "last_update_time", "lifecycle_stage",
  "params.x", "metrics.x", "tags.x y", "Name", "created",
];

const COMPARATORS = [
  "=", "!=", "<", "<=", ">", ">=", "==", "<>", "LIKE", "like", "ILIKE", "NOT LIKE", "RLIKE", "REGEXP", "IN", "in",
  "NOT IN", "not in", "IS", "IS NULL", "IS NOT NULL", "is not null", "IS NOT  NULL", "is null", "=~", "BETWEEN",
];

const VALUES = [
  "'a'", '"a"', "a", "1", "-1", "1.5", ".5", "1.", "-.5", "1e3", "1E-2", "1.5e3", "0x1F", "1abc", "NULL", "'it''s'",
  "'a\\'b'", "''", '""', "('a')", "('a', 'b')", "('a',)", "()", "(1)", "('a' 'b')", '("a")', "(abc)", "('a', 1)",
  "date '2020'", "'a'::'b'", "'%a%'", "'a_b'", "TRUE", "-", "1 + 1", "(('a'))", "(r'\\d')", "(b'a')", "'FINISHED'",
  "'vision'", "(\"a\", 'b' ,)", "('a' # c\n)", "('\\x41')", "(u'a')", "(f'a')", "('a')::x", "'a' 'b'", "\"a\".\"b\"",
  "١٢", "$1", "?", "`a`", "[a]", "'unterminated", "(('a',),)", "('a'\n,\n'b')", "-0", "99999999999999999999",
];

const CONNECTORS = [" AND ", " and ", " AnD ", " OR ", ", ", "; ", " AND AND ", " ", "AND", " && ", "\nAND\n", "\tand\t", " AND NOT "];
const SPACES = ["", " ", " ", " ", "  ", "\t", "\n"];
const JUNK = [..."()'\"`.,;*-+=<>!%_[]$#:@ \n\\"];

function mutate(r: Rand, s: string): string {
  if (s.length === 0 || r() < 0.5) {
    const at = Math.floor(r() * (s.length + 1));
    return s.slice(0, at) + pick(r, JUNK) + s.slice(at);
  }
  const at = Math.floor(r() * s.length);
  return s.slice(0, at) + s.slice(at + 1);
}

function clause(r: Rand, identifiers: readonly string[]): string {
  const id = pick(r, identifiers);
  const cmp = pick(r, COMPARATORS);
  const s1 = r() < 0.85 ? " " : pick(r, SPACES);
  const s2 = r() < 0.85 ? " " : pick(r, SPACES);
  if (cmp.toUpperCase().startsWith("IS") && r() < 0.8) return `${id}${s1}${cmp}`;
  return `${id}${s1}${cmp}${s2}${pick(r, VALUES)}`;
}

function filter(r: Rand, identifiers: readonly string[]): string {
  const n = 1 + Math.floor(r() * 3);
  let s = clause(r, identifiers);
  for (let i = 1; i < n; i++) s += (r() < 0.75 ? " AND " : pick(r, CONNECTORS)) + clause(r, identifiers);
  if (r() < 0.05) s = "AND " + s;
  if (r() < 0.05) s = `(${s})`;
  if (r() < 0.03) s += " -- comment";
  if (r() < 0.03) s += " /* c */";
  if (r() < 0.05) s = pick(r, SPACES) + s + pick(r, SPACES);
  const mutations = r() < 0.25 ? 1 + Math.floor(r() * 2) : 0;
  for (let i = 0; i < mutations; i++) s = mutate(r, s);
  return s;
}

export function filterCorpus(seed: number, n: number, experiments = false): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  while (out.size < n) out.add(filter(r, experiments ? EXPERIMENT_IDENTIFIERS : RUN_IDENTIFIERS));
  return [...out];
}

const ORDER_KEYS = [
  ...RUN_IDENTIFIERS.slice(0, 60), "metrics.`a b`", 'metrics."a b"', "metrics.`a\"b`", "tags.'x'", "params.\"x y\" z",
  "metrics.x\\ y", "metrics.'it''s'", "timestamp", "name", "creation_time", "last_update_time", "experiment_id",
];
const DIRECTIONS = ["", " ASC", " DESC", " asc", " desc", " Desc", " DESC NULLS FIRST", " NULLS LAST", " ascending", " DESC DESC", "  DESC", "\tDESC", " ASC DESC", ", x"];

export function orderByCorpus(seed: number, n: number): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    let s = pick(r, ORDER_KEYS) + pick(r, DIRECTIONS);
    if (r() < 0.06) s = pick(r, SPACES) + s + pick(r, SPACES);
    if (r() < 0.2) s = mutate(r, s);
    out.add(s);
  }
  return [...out];
}

const TOKEN_PAYLOADS = [
  '{"offset": 10}', '{"offset":7}', '{"offset": "5"}', '{"offset": " 5 "}', '{"offset": "1_0"}', '{"offset": "0"}',
  '{"offset": 0}', '{"offset": -3}', '{"offset": 2.9}', '{"offset": true}', '{"offset": false}', '{"offset": null}',
  '{"offset": "x"}', '{"offset": [1]}', '{"offset": {}}', '{"other": 3}', "[1]", "3", '"s"', "null", "{}", "",
  "offset", '{"offset": 1e2}', '{"offset": "١٢"}', '{"offset": "+4"}', '{"offset": "4.0"}', '\ufeff{"offset": 4}',
  '{"offset": 3, "offset": 8}', '{"offset": 12345678901}',
];

export function pageTokenCorpus(seed: number): string[] {
  const r = rng(seed);
  const out = new Set<string>(["", "abc", "a", "====", "abc=def", "eyJvZmZzZXQiOiAxMH0", "eyJvZmZzZXQiOiAxMH0=", "é"]);
  for (const p of TOKEN_PAYLOADS) {
    const b64 = Buffer.from(p, "utf8").toString("base64");
    out.add(b64);
    out.add(b64.replace(/=+$/, ""));
    out.add(b64 + "==");
    out.add(b64 + "=junk");
    const at = Math.floor(r() * b64.length);
    out.add(b64.slice(0, at) + pick(r, ["!", " ", "\n", "-", "_", "="]) + b64.slice(at));
  }
  return [...out];
}

const LIKE_PATTERNS = [
  "%", "_", "a%", "%a", "%a%", "a_b", "A%", "a", "", "%\n", "a.b", "a*b", "100%", "a\\%", "(a)", "[ab]", "^a$",
  "%ß%", "%SS%", "Straße", "STRASSE", "k", "K", "ſ", "S", "β", "%b", "a%b", "__", "%_%", "a\n", "\\", "a+",
  "x{2}", "%.%", "Ǆ", "ǆ", "İ", "i", "ı",
];
const LIKE_VALUES = [
  "a", "A", "ab", "a\n", "a\nb", "\na", "aXb", "a.b", "a*b", "100%", "a\\%", "ß", "SS", "Straße", "k", "K", "ſ",
  "s", "", "β", "Β", "ǅ", "ǆ", "İ", "i", "I", "ı", "a\r", "a\u2028", "😀", "a😀b", "xx", "\\",
];

export function likeCorpus(): Array<{ pattern: string; value: string; ilike: boolean }> {
  const out: Array<{ pattern: string; value: string; ilike: boolean }> = [];
  for (const pattern of LIKE_PATTERNS) {
    for (const value of LIKE_VALUES) {
      out.push({ pattern, value, ilike: false }, { pattern, value, ilike: true });
    }
  }
  return out;
}

const SOUP = [
  "metrics.loss", "params.lr", "tags.team", "status", "run_id", "run_name", "tags.x", "x", "y", "`a b`", '"q"', "'s'",
  "1", "-2", "3.5", ".5", "1e3", "0x1F", "NULL", "TRUE", "AND", "and", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE",
  "NOT NULL", "AS", "as", "ASC", "DESC", "CASE", "WHEN", "THEN", "END", "WHERE", "SELECT", "FROM", "OVER", "IF",
  "BEGIN", "date", "int", "timestamp", "TIMESTAMP", "DAY", "AT TIME ZONE 'UTC'", "CURRENT_DATE", "key", "value",
  "=", "!=", "<", ">=", "<>", "==", "+", "-", "*", "/", "%", "||", "::", ":=", "->", "->>", ".", ",", ";", "(", ")",
  "[", "]", "[k]", "?", "$1", ":name", "%s", "-- c\n", "/* c */", "# c\n", "@v", "\\cmd", "$$x$$", "´n´", "DIV",
  "('a')", "('a', 'b')", "()", "f(1)", "f (x)", "GROUP BY", "ORDER BY", "UNION ALL", "LEFT JOIN", "NULLS FIRST",
];

/** Random token sequences: reaches sqlparse grouping paths the clause generator does not. */
export function soupCorpus(seed: number, n: number): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    const len = 2 + Math.floor(r() * 6);
    const parts: string[] = [];
    for (let i = 0; i < len; i++) parts.push(pick(r, SOUP));
    out.add(parts.join(r() < 0.8 ? " " : ""));
  }
  return [...out];
}
