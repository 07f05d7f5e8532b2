import {
  InvalidParameterError,
  InvalidStateError,
  MlflowError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  TrackingServerAuthError,
  TrackingServerUnavailableError,
  type MlflowErrorCode,
} from "../../errors.js";

/** The error JSON an MLflow server answers with (handlers.py catch_mlflow_exception). */
interface ServerErrorBody {
  error_code?: string;
  message?: string;
}

/**
 * The error a failed answer means, as the same class the file store throws for the same
 * fault: the server's error_code picks the class, its message is kept.
 */
export function errorFromResponse(status: number, bodyText: string, endpoint: string, trackingUri: string): MlflowError {
  const body = parseErrorBody(bodyText);
  const code = body?.error_code;
  const message = body?.message ?? `API request to endpoint ${endpoint} failed with error code ${status} != 200. Response body: '${bodyText.slice(0, 500)}'`;
  if (status === 401 || code === "UNAUTHENTICATED") {
    return new TrackingServerAuthError(
      `The tracking server at ${trackingUri} refused the credentials (401): ${message}. Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (basic auth) or MLFLOW_TRACKING_TOKEN (bearer) to a valid login.`,
      trackingUri,
      401,
    );
  }
  if (status === 403 || code === "PERMISSION_DENIED") {
    return new TrackingServerAuthError(
      `The tracking server at ${trackingUri} denied ${endpoint} to this user (403): ${message}. Log in as a user with permission on this resource (MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN), or ask the server's admin to grant it.`,
      trackingUri,
      403,
    );
  }
  switch (code) {
    case "RESOURCE_DOES_NOT_EXIST":
      return new ResourceNotFoundError(message);
    case "RESOURCE_ALREADY_EXISTS":
      return new ResourceAlreadyExistsError(message);
    case "INVALID_PARAMETER_VALUE":
      return new InvalidParameterError(message);
    case "INVALID_STATE":
      return new InvalidStateError(message);
  }
  // rest_utils: a 404 without an MLflow error_code is ENDPOINT_NOT_FOUND (no such API here), never "no such resource".
  if (status === 404 && !code) {
    return new MlflowError(
      `${message}. No MLflow API answered at ${trackingUri}${endpoint.startsWith("/") ? endpoint : ""}: check the tracking URI (MLFLOW_TRACKING_URI or setTrackingUri), its host, port and path prefix, e.g. http://host:5000 rather than http://host:5000/some/prefix.`,
      "ENDPOINT_NOT_FOUND",
    );
  }
  return new MlflowError(message, KNOWN_CODES.has(code as MlflowErrorCode) ? (code as MlflowErrorCode) : codeForStatus(status));
}

/** The error for a server that gave no answer, or kept failing through every retry. */
export function unavailableError(trackingUri: string, endpoint: string, attempts: number, cause: unknown, status?: number): TrackingServerUnavailableError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  const why =
    status === 429
      ? `it kept answering 429 Too Many Requests`
      : status !== undefined
        ? `it kept answering HTTP ${status}`
        : `no answer: ${describeNetworkError(cause)}`;
  if (status === undefined && isTimeout(cause)) {
    return new TrackingServerUnavailableError(
      `The MLflow tracking server at ${trackingUri} timed out on ${endpoint} (${tries}: ${describeNetworkError(cause)}). It accepted the connection but sent nothing for MLFLOW_HTTP_REQUEST_TIMEOUT seconds; raise MLFLOW_HTTP_REQUEST_TIMEOUT for a slow server, or check its load.`,
      trackingUri,
      status,
      cause,
    );
  }
  return new TrackingServerUnavailableError(
    `Could not reach the MLflow tracking server at ${trackingUri} (${endpoint}, ${tries}: ${why}). Check that the server is running and reachable from this machine, and that MLFLOW_TRACKING_URI (or setTrackingUri) names it correctly; MLFLOW_HTTP_REQUEST_MAX_RETRIES and MLFLOW_HTTP_REQUEST_TIMEOUT set how long to keep trying.`,
    trackingUri,
    status,
    cause,
  );
}

/** "connection refused", "timed out after 120 s", a TLS complaint: the root cause of a fetch failure, in words. */
export function describeNetworkError(err: unknown): string {
  let e = err as { name?: string; message?: string; code?: string; cause?: unknown } | undefined;
  // fetch wraps the socket error: "TypeError: fetch failed" { cause: Error ECONNREFUSED }.
  while (e?.cause && typeof e.cause === "object") e = e.cause as typeof e;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "the request timed out (MLFLOW_HTTP_REQUEST_TIMEOUT)";
  const code = e?.code;
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "connecting timed out (MLFLOW_HTTP_REQUEST_TIMEOUT)";
  if (code === "UND_ERR_HEADERS_TIMEOUT") return "the request timed out (MLFLOW_HTTP_REQUEST_TIMEOUT) waiting for the answer";
  if (code === "UND_ERR_BODY_TIMEOUT") return "the answer's body timed out (MLFLOW_HTTP_REQUEST_TIMEOUT): it stopped coming";
  if (code === "ECONNREFUSED") return "connection refused (nothing listens on that host and port)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "the connection was reset";
  if (code && /CERT|SELF_SIGNED|TLS|SSL/i.test(code)) {
    return `TLS verification failed (${code}): set MLFLOW_TRACKING_SERVER_CERT_PATH to the server's CA bundle, or MLFLOW_TRACKING_INSECURE_TLS=true to skip verification`;
  }
  return code ? `${code}: ${e?.message ?? ""}` : String(e?.message ?? e);
}

const KNOWN_CODES = new Set<MlflowErrorCode>([
  "BAD_REQUEST",
  "INTERNAL_ERROR",
  "REQUEST_LIMIT_EXCEEDED",
  "TEMPORARILY_UNAVAILABLE",
  "ENDPOINT_NOT_FOUND",
  "NOT_IMPLEMENTED",
]);

/** rest_utils.get_error_code's table, for an answer that carries no error_code. */
function codeForStatus(status: number): MlflowErrorCode {
  if (status === 400) return "BAD_REQUEST";
  if (status === 404) return "ENDPOINT_NOT_FOUND";
  if (status === 429) return "REQUEST_LIMIT_EXCEEDED";
  if (status === 501) return "NOT_IMPLEMENTED";
  if (status === 503) return "TEMPORARILY_UNAVAILABLE";
  return "INTERNAL_ERROR";
}

function parseErrorBody(text: string): ServerErrorBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as ServerErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** rest_utils.verify_rest_response: a 2xx whose body is not JSON (a login page, an auth proxy, another site). */
export function notJsonError(endpoint: string, trackingUri: string, bodyText: string, cause: unknown): MlflowError {
  return new MlflowError(
    `API request to endpoint ${endpoint} was successful but the response body was not in a valid JSON format. Response body: '${bodyText.slice(0, 300)}'. The server at ${trackingUri} is not answering as an MLflow server: it may be an auth proxy or login page (log in, or set MLFLOW_TRACKING_TOKEN / MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD), or the tracking URI names the wrong host, port or path.`,
    "INTERNAL_ERROR",
    { cause },
  );
}

/** undici's connect/headers/body timeouts (or an abort by time): the server is there but silent. */
function isTimeout(err: unknown): boolean {
  let e = err as { name?: string; code?: string; cause?: unknown } | undefined;
  for (;;) {
    if (e?.name === "TimeoutError" || /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/.test(e?.code ?? "")) return true;
    if (!e?.cause || typeof e.cause !== "object") return false;
    e = e.cause as typeof e;
  }
}
