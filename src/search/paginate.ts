/**
 * Offset paging with MLflow's page tokens (SearchUtils.paginate, create_page_token,
 * parse_start_offset_from_page_token): a token is base64 of the JSON `{"offset": <n>}`,
 * byte for byte what Python's json.dumps writes, so tokens pass freely between MLflow and
 * this library. Decoding is as lenient, and as strict, as MLflow's.
 *
 * Like MLflow's paginate, this does not validate maxResults (the store does); a negative
 * offset in a hand-made token slices from the end, as Python slicing does.
 */
import { InvalidParameterError } from "../errors.js";
import { PagedList } from "../store/paged-list.js";
import { Base64Error, b64decode, b64encode } from "../python/base64.js";
import { pyIntFromStr } from "../python/strings.js";

export function createPageToken(offset: number): string {
  return b64encode(new TextEncoder().encode(JSON.stringify({ offset }).replace('":', '": ')));
}

function bytesRepr(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    if (b === 0x5c) s += "\\\\";
    else if (b === 0x27) s += "\\'";
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else if (b === 0x0a) s += "\\n";
    else if (b === 0x0d) s += "\\r";
    else if (b === 0x09) s += "\\t";
    else s += "\\x" + b.toString(16).padStart(2, "0");
  }
  return `b'${s}'`;
}

/** Python truthiness of a JSON value. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** Python int() of a JSON value; null where Python raises. */
function pyInt(v: unknown): number | null {
  if (v === true) return 1;
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === "string") return pyIntFromStr(v);
  return null;
}

export function parseStartOffset(pageToken: string | null | undefined): number {
  if (!pageToken) return 0;
  let decoded: Uint8Array;
  try {
    decoded = b64decode(pageToken);
  } catch (e) {
    if (e instanceof Base64Error) {
      throw new InvalidParameterError("Invalid page token, could not base64-decode", { cause: e });
    }
    throw e;
  }
  let parsed: unknown;
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(decoded);
    if (text.startsWith("\ufeff")) text = text.slice(1);
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InvalidParameterError(`Invalid page token, decoded value=${bytesRepr(decoded)}`, { cause });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidParameterError(`Invalid page token, decoded value=${bytesRepr(decoded)} is not a JSON object`);
  }
  const offsetValue = (parsed as Record<string, unknown>)["offset"];
  if (!truthy(offsetValue)) {
    throw new InvalidParameterError(`Invalid page token, parsed value=${JSON.stringify(parsed)}`);
  }
  const offset = pyInt(offsetValue);
  if (offset === null) {
    throw new InvalidParameterError(`Invalid page token, not stringable ${JSON.stringify(offsetValue)}`);
  }
  return offset;
}

export function paginate<T>(items: T[], pageToken: string | null | undefined, maxResults: number): PagedList<T> {
  const start = parseStartOffset(pageToken);
  const end = start + maxResults;
  return new PagedList(items.slice(start, end), end < items.length ? createPageToken(end) : null);
}
