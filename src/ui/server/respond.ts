/** JSON responses in MLflow's REST shape: data as is, errors as {error_code, message}. */
import type { ServerResponse } from "node:http";
import { MlflowError } from "../../errors.js";
import { SearchFilterError } from "../../search/errors.js";
import { nonFiniteAsString } from "../../util/json-non-finite.js";

/** An error a request handler throws to answer with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * JSON has no NaN or ±Infinity, and metric values can be any of them; they are sent as the
 * strings "NaN", "Infinity" and "-Infinity", as MLflow's REST API does.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (typeof v === "bigint" ? Number(v) : nonFiniteAsString(key, v)));
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = toJson(value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** Typed library errors keep their MLflow code; filter errors also carry where they point. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy(err instanceof Error ? err : undefined);
    return;
  }
  if (err instanceof HttpError) return sendJson(res, err.status, { error_code: err.errorCode, message: err.message });
  if (err instanceof SearchFilterError) {
    return sendJson(res, 400, { error_code: err.errorCode, message: err.message, input: err.input, position: err.position });
  }
  if (err instanceof MlflowError) {
    const status = err.errorCode === "RESOURCE_DOES_NOT_EXIST" ? 404 : err.errorCode === "INVALID_PARAMETER_VALUE" || err.errorCode === "BAD_REQUEST" ? 400 : 500;
    return sendJson(res, status, { error_code: err.errorCode, message: err.message });
  }
  sendJson(res, 500, { error_code: "INTERNAL_ERROR", message: err instanceof Error ? err.message : String(err) });
}
