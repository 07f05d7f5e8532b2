import { InvalidParameterError } from "../errors.js";
import { validateEntityKey } from "../validation/names.js";

/**
 * MLflow's system-metrics settings (mlflow/environment_variables.py and
 * mlflow/system_metrics/__init__.py). Like MLflow, the switches live in process.env, so child
 * processes inherit them and a later startRun sees what an earlier call set.
 */
export const ENABLE_VAR = "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING";
export const INTERVAL_VAR = "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL";
export const SAMPLES_VAR = "MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING";
export const NODE_ID_VAR = "MLFLOW_SYSTEM_METRICS_NODE_ID";

/** SystemMetricsMonitor's defaults: sample every 10 s, log every sample. */
export const DEFAULT_SAMPLING_INTERVAL_SECONDS = 10;
export const DEFAULT_SAMPLES_BEFORE_LOGGING = 1;

export interface SystemMetricsSettings {
  intervalMs: number;
  samplesBeforeLogging: number;
  /** Metric names are system/<nodeId>/<name> when set. */
  nodeId: string | undefined;
}

/** mlflow.enable_system_metrics_logging: on for every run that does not say otherwise. */
export function enableSystemMetricsLogging(): void {
  process.env[ENABLE_VAR] = "True";
}

/** mlflow.disable_system_metrics_logging: off unless a run asks with logSystemMetrics: true. */
export function disableSystemMetricsLogging(): void {
  process.env[ENABLE_VAR] = "False";
}

/** mlflow.set_system_metrics_sampling_interval; undefined or null restores the default. */
export function setSystemMetricsSamplingInterval(seconds: number | null | undefined): void {
  setOrUnset(INTERVAL_VAR, seconds);
}

/** mlflow.set_system_metrics_samples_before_logging; undefined or null restores the default. */
export function setSystemMetricsSamplesBeforeLogging(samples: number | null | undefined): void {
  setOrUnset(SAMPLES_VAR, samples);
}

/** mlflow.set_system_metrics_node_id; undefined or null removes it. */
export function setSystemMetricsNodeId(nodeId: string | null | undefined): void {
  setOrUnset(NODE_ID_VAR, nodeId);
}

function setOrUnset(name: string, value: unknown): void {
  if (value === undefined || value === null) delete process.env[name];
  else process.env[name] = String(value);
}

/**
 * start_run's decision: an explicit logSystemMetrics wins, else the environment switch.
 * Returns undefined when off; throws for a value MLflow would not accept.
 */
export function resolveSystemMetrics(logSystemMetrics: boolean | undefined): SystemMetricsSettings | undefined {
  if (!(logSystemMetrics ?? enabledByEnvironment())) return undefined;
  // SystemMetricsMonitor: `ENV.get() or default`, so 0 and "" mean the default too.
  const seconds = readNumber(INTERVAL_VAR, "a number of seconds, e.g. 10 or 0.5") || DEFAULT_SAMPLING_INTERVAL_SECONDS;
  const samples = readNumber(SAMPLES_VAR, "a whole number, e.g. 1 or 6", true) || DEFAULT_SAMPLES_BEFORE_LOGGING;
  return { intervalMs: seconds * 1000, samplesBeforeLogging: samples, nodeId: readNodeId() };
}

/** The node id becomes part of every metric key (system/<id>/...): it must be a valid key part. */
function readNodeId(): string | undefined {
  const nodeId = process.env[NODE_ID_VAR] || undefined;
  if (nodeId === undefined) return undefined;
  try {
    validateEntityKey("Metric", `system/${nodeId}/cpu_utilization_percentage`);
  } catch {
    throw new InvalidParameterError(
      `${NODE_ID_VAR}=${JSON.stringify(nodeId)} cannot be part of a metric name: use letters, digits, '_', '-', '.', ' ' or ':' (e.g. the host name), with no '..' or leading '/'.`,
    );
  }
  return nodeId;
}

/** _BooleanEnvironmentVariable.get: true/false/1/0 in any case, anything else is an error. */
function enabledByEnvironment(): boolean {
  const raw = process.env[ENABLE_VAR];
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (!["true", "false", "1", "0"].includes(lower)) {
    throw new InvalidParameterError(`${ENABLE_VAR} value must be one of ['true', 'false', '1', '0'] (case-insensitive), but got ${raw}`);
  }
  return lower === "true" || lower === "1";
}

/**
 * float()/int() of the variable as MLflow reads it. Negative values are refused here although
 * Python accepts them: MLflow's loop would then spin without waiting (interval) or never sample.
 */
function readNumber(name: string, expected: string, integer = false): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidParameterError(`Failed to convert '${raw}' for ${name}: expected ${expected} (not negative). Set it to a valid value or unset it.`);
  }
  return value;
}
