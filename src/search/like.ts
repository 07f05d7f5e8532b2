/**
 * MLflow's LIKE / ILIKE for the file store (search_utils._convert_like_pattern_to_regex):
 * `%` is any run of characters and `_` one character, neither crossing a newline (Python's
 * `.`); there is no escape character. The regex is anchored at the start (re.match), and at the
 * end unless the pattern ends with `%`, where Python's `$` also accepts one trailing "\n".
 */
const SYNTAX = new Set([..."\\^$.*+?()[]{}|/"]);

const cache = new Map<string, RegExp>();

export function likeToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = (ignoreCase ? "i:" : "s:") + pattern;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let body = "^";
  for (const ch of pattern) {
    if (ch === "%") body += "[^\\n]*";
    else if (ch === "_") body += "[^\\n]";
    else body += SYNTAX.has(ch) ? "\\" + ch : ch;
  }
  if (!pattern.endsWith("%")) body += "(?=\\n?$)";
  const re = new RegExp(body, ignoreCase ? "iu" : "u");
  if (cache.size > 500) cache.clear();
  cache.set(cacheKey, re);
  return re;
}

export function like(value: string, pattern: string): boolean {
  return likeToRegExp(pattern, false).test(value);
}

export function ilike(value: string, pattern: string): boolean {
  return likeToRegExp(pattern, true).test(value);
}
