import fs from "node:fs";
import type { MlflowError } from "../../errors.js";
import { nonFiniteAsString } from "../../util/json-non-finite.js";
import { MAX_BACKOFF_SECONDS, authorizationHeader, type RestClientSettings } from "./client-settings.js";
import { errorFromResponse, notJsonError, unavailableError } from "./rest-errors.js";

/** request_utils._TRANSIENT_FAILURE_RESPONSE_CODES: the answers worth asking again. */
export const RETRY_STATUS_CODES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** urllib3's Retry.RETRY_AFTER_STATUS_CODES: a Retry-After header on these says how long to wait. */
export const RETRY_AFTER_STATUS_CODES: ReadonlySet<number> = new Set([413, 429, 503]);

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface RawRequest {
  method: HttpMethod;
  /** A path under the server's root ("/api/2.0/mlflow/runs/get"), or a whole http(s) URL. */
  path: string;
  query?: Record<string, string | string[] | undefined>;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Blob;
}

/** A request as it goes on the wire: the whole URL, every header (auth included), the body. */
export interface PreparedRequest<B = RawRequest["body"]> {
  url: string;
  headers: Record<string, string>;
  body?: B;
}

/** A call to an MLflow JSON endpoint: the body as protobuf JSON (toProtoJson), with its content type. */
export function jsonRequest(method: HttpMethod, path: string, body?: unknown, query?: RawRequest["query"]): RawRequest & { body?: string } {
  return {
    method,
    path,
    query,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : toProtoJson(body),
  };
}

/**
 * One MLflow server, spoken to as rest_utils.http_request does: auth header, TLS settings,
 * a timeout per request, and retries with exponential backoff on 408/429/5xx and on
 * connection failures, never on other 4xx. A failure becomes a typed error (rest-errors.ts).
 */
export class HttpClient {
  private dispatcher: Promise<unknown> | undefined;
  /** The Authorization header sent to the tracking server, if any. */
  readonly authorization: string | undefined;

  constructor(
    /** The tracking URI: http(s)://host[:port][/prefix], with no trailing slash. */
    readonly baseUri: string,
    readonly settings: RestClientSettings,
  ) {
    this.authorization = authorizationHeader(settings);
    // Loading undici takes ~80 ms: started now, so the first request (often a metric batch) does not wait for it.
    import("undici").catch(() => {});
  }

  /** Calls an MLflow JSON endpoint; `body` for POST/PATCH/DELETE, `query` for GET. */
  async callJson<T = Record<string, unknown>>(method: HttpMethod, path: string, body?: unknown, query?: RawRequest["query"]): Promise<T> {
    const response = await this.send(jsonRequest(method, path, body, query));
    return this.readJson<T>(response, path);
  }

  /** The JSON body of a 2xx answer; a body that is not JSON is a typed error naming the endpoint. */
  async readJson<T>(response: Response, endpoint: string): Promise<T> {
    const text = await this.readText(response, endpoint);
    if (text.trim() === "") return {} as T;
    try {
      return parseServerJson(text) as T;
    } catch (err) {
      throw notJsonError(endpoint, this.baseUri, text, err);
    }
  }

  /** Sends with retries; resolves with a 2xx answer, or throws the typed error of the last one. */
  async send(request: RawRequest): Promise<Response> {
    const { url, headers } = this.prepare(request);
    const dispatcher = await this.agent();
    const { maxRetries } = this.settings;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body: request.body,
          dispatcher,
        } as RequestInit);
      } catch (err) {
        if (attempt >= maxRetries) throw unavailableError(this.baseUri, request.path, attempt + 1, err);
        await sleep(this.backoffMs(attempt + 1));
        continue;
      }
      if (response.ok) return response;
      if (RETRY_STATUS_CODES.has(response.status)) {
        const wait = retryAfterMs(response) ?? this.backoffMs(attempt + 1);
        const text = await response.text().catch(() => "");
        if (attempt >= maxRetries) throw this.exhausted(response.status, text, request.path, attempt + 1);
        await sleep(wait);
        continue;
      }
      throw errorFromResponse(response.status, await response.text().catch(() => ""), request.path, this.baseUri);
    }
  }

  /**
   * urllib3's Retry.get_backoff_time plus MLflow's jitter (request_utils.JitteredRetry): the
   * first retry is immediate, the n-th waits factor × 2^(n-1) seconds, at most 120.
   */
  backoffMs(retry: number): number {
    if (retry <= 1) return 0;
    let seconds = this.settings.backoffFactor * 2 ** (retry - 1);
    if (this.settings.backoffJitter) seconds += Math.random() * this.settings.backoffJitter;
    return Math.max(0, Math.min(MAX_BACKOFF_SECONDS, seconds)) * 1000;
  }

  /** The URL with its query, and the headers with the Authorization header when the URL is the tracking server's. */
  prepare<B extends RawRequest["body"]>(request: RawRequest & { body?: B }): PreparedRequest<B> {
    const url = this.url(request);
    const headers: Record<string, string> = { ...request.headers };
    if (this.authorization && !isForeign(url, this.baseUri)) headers.Authorization = this.authorization;
    return { url, headers, body: request.body };
  }

  url(request: Pick<RawRequest, "path" | "query">): string {
    const url = new URL(/^https?:\/\//i.test(request.path) ? request.path : this.baseUri + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
    }
    return url.toString();
  }

  /** A 429 or 5xx after the last retry: a server error with its own message (5xx), or the storm said plainly. */
  private exhausted(status: number, text: string, endpoint: string, attempts: number): MlflowError {
    const mapped = errorFromResponse(status, text, endpoint, this.baseUri);
    // A 500 with an MLflow error body is the server's verdict, not an outage.
    if (status === 500 && /"error_code"/.test(text)) return mapped;
    return unavailableError(this.baseUri, endpoint, attempts, mapped, status);
  }

  /** A body read (text, JSON, a download's stream) that stalls or breaks: the same typed error as a failed request. */
  async readText(response: Response, endpoint: string): Promise<string> {
    try {
      return await response.text();
    } catch (err) {
      throw unavailableError(this.baseUri, endpoint, 1, err);
    }
  }

  /**
   * MLflow's requests timeout is per socket operation (connect, then each read), not a deadline
   * for the whole exchange: a large upload or download that keeps moving must not be cut off.
   * undici's connect/headers/body timeouts are that; the Agent also carries the TLS settings.
   */
  private agent(): Promise<unknown> {
    const { insecureTls, serverCertPath, timeoutSeconds } = this.settings;
    const ms = timeoutSeconds * 1000;
    const tls = insecureTls ? { rejectUnauthorized: false } : serverCertPath ? { ca: fs.readFileSync(serverCertPath) } : {};
    this.dispatcher ??= import("undici").then(({ Agent }) => new Agent({ headersTimeout: ms, bodyTimeout: ms, connect: { timeout: ms, ...tls } }));
    return this.dispatcher;
  }
}

/**
 * JSON as protobuf's json_format writes it for MLflow: NaN and ±Infinity as the strings
 * "NaN", "Infinity" and "-Infinity" (JSON has no such numbers), bigints as decimal strings
 * (int64 fields).
 */
export function toProtoJson(body: unknown): string {
  return JSON.stringify(body, (key, value: unknown) => (typeof value === "bigint" ? value.toString() : nonFiniteAsString(key, value)));
}

/** JSON.parse, also taking the bare NaN / Infinity tokens Python's json module writes. */
export function parseServerJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const quoted = text.replace(/([:,[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"');
    if (quoted === text) throw err;
    return JSON.parse(quoted);
  }
}

/** Seconds or an HTTP date, as urllib3's Retry.parse_retry_after reads it. */
function retryAfterMs(response: Response): number | undefined {
  if (!RETRY_AFTER_STATUS_CODES.has(response.status)) return undefined;
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Credentials go only to the tracking server's own host, not to an artifact URL elsewhere. */
function isForeign(url: string, baseUri: string): boolean {
  return new URL(url).origin !== new URL(baseUri).origin;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
