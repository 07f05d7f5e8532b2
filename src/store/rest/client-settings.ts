import fs from "node:fs";
import { InvalidParameterError } from "../../errors.js";

/**
 * How the REST store talks to a server: MLflow's own client settings, read from the same
 * environment variables (mlflow/environment_variables.py) with the same defaults, so a
 * user's existing server setup works unchanged. Options passed to RestStore win.
 */
export interface RestClientSettings {
  /** MLFLOW_HTTP_REQUEST_MAX_RETRIES (7). */
  maxRetries: number;
  /** MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR (2): seconds; the n-th retry waits factor × 2^(n-1), the first none (urllib3). */
  backoffFactor: number;
  /** MLFLOW_HTTP_REQUEST_BACKOFF_JITTER (1.0): up to this many seconds added at random to each wait. */
  backoffJitter: number;
  /** MLFLOW_HTTP_REQUEST_TIMEOUT (120): seconds for one request. */
  timeoutSeconds: number;
  /** MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD: basic auth (wins over a token, as in rest_utils.http_request). */
  username?: string;
  password?: string;
  /** MLFLOW_TRACKING_TOKEN: bearer auth. */
  token?: string;
  /** MLFLOW_TRACKING_INSECURE_TLS: do not verify the server's certificate. */
  insecureTls: boolean;
  /** MLFLOW_TRACKING_SERVER_CERT_PATH: a CA bundle (PEM) to verify the server with. */
  serverCertPath?: string;
}

/** MLflow's defaults (environment_variables.py). */
export const MLFLOW_HTTP_DEFAULTS = { maxRetries: 7, backoffFactor: 2, backoffJitter: 1, timeoutSeconds: 120 } as const;
/** urllib3's Retry.DEFAULT_BACKOFF_MAX: no single wait is longer. */
export const MAX_BACKOFF_SECONDS = 120;
// _MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT and _MAX_BACKOFF_FACTOR_LIMIT (rest_utils._validate_*).
const MAX_RETRIES_LIMIT = 10;
const MAX_BACKOFF_FACTOR_LIMIT = 120;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RestClientSettings> = {}): RestClientSettings {
  const settings: RestClientSettings = {
    maxRetries: intVar(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", MLFLOW_HTTP_DEFAULTS.maxRetries),
    backoffFactor: intVar(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", MLFLOW_HTTP_DEFAULTS.backoffFactor),
    backoffJitter: floatVar(env, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", MLFLOW_HTTP_DEFAULTS.backoffJitter),
    timeoutSeconds: intVar(env, "MLFLOW_HTTP_REQUEST_TIMEOUT", MLFLOW_HTTP_DEFAULTS.timeoutSeconds),
    username: env.MLFLOW_TRACKING_USERNAME || undefined,
    password: env.MLFLOW_TRACKING_PASSWORD || undefined,
    token: env.MLFLOW_TRACKING_TOKEN || undefined,
    insecureTls: boolVar(env, "MLFLOW_TRACKING_INSECURE_TLS"),
    serverCertPath: env.MLFLOW_TRACKING_SERVER_CERT_PATH || undefined,
    ...definedOnly(overrides),
  };
  if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0 || settings.maxRetries > MAX_RETRIES_LIMIT) {
    throw new InvalidParameterError(`MLFLOW_HTTP_REQUEST_MAX_RETRIES must be an integer from 0 to ${MAX_RETRIES_LIMIT}, got ${settings.maxRetries}.`);
  }
  if (!(settings.backoffFactor >= 0 && settings.backoffFactor <= MAX_BACKOFF_FACTOR_LIMIT)) {
    throw new InvalidParameterError(`MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR must be from 0 to ${MAX_BACKOFF_FACTOR_LIMIT} seconds, got ${settings.backoffFactor}.`);
  }
  if (!(settings.timeoutSeconds > 0)) throw new InvalidParameterError(`MLFLOW_HTTP_REQUEST_TIMEOUT must be a positive number of seconds, got ${settings.timeoutSeconds}.`);
  if (settings.insecureTls && settings.serverCertPath) {
    // rest_utils.MlflowHostCreds refuses the same pair.
    throw new InvalidParameterError("MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH cannot both be set: unset one of them.");
  }
  if (settings.serverCertPath && !fs.existsSync(settings.serverCertPath)) {
    throw new InvalidParameterError(`MLFLOW_TRACKING_SERVER_CERT_PATH names '${settings.serverCertPath}', which does not exist: point it at the PEM file of the CA that signed the server's certificate.`);
  }
  return settings;
}

/** The Authorization header, as rest_utils.http_request builds it. */
export function authorizationHeader(settings: RestClientSettings): string | undefined {
  if (settings.username && settings.password) return `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString("base64")}`;
  if (settings.token) return `Bearer ${settings.token}`;
  return undefined;
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\s*-?\d+\s*$/.test(raw)) throw new InvalidParameterError(`${name}='${raw}' is not an integer: set it to a whole number or unset it (default ${fallback}).`);
  return Number(raw);
}

function floatVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new InvalidParameterError(`${name}='${raw}' is not a number: set it to a number or unset it (default ${fallback}).`);
  return value;
}

/** _BooleanEnvironmentVariable: "true"/"1" or "false"/"0", case-insensitive. */
function boolVar(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return false;
  const lower = raw.toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "false" || lower === "0") return false;
  throw new InvalidParameterError(`${name}='${raw}' must be one of true, false, 1, 0.`);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
