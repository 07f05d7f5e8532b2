/**
 * Helpers for vitest suites that drive real MLflow (Python) as the reference implementation.
 *
 * The interpreter is `$MLRUNS_PYTHON` or `<repo>/.venv/bin/python` (created by
 * `bash test/mlflow/setup-venv.sh`, which installs the MLflow version pinned in
 * `.ci/mlflow-version`). When it is missing, `pythonPath()` throws: interoperability tests
 * must fail, never skip silently.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in <repo>/test/mlflow/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Directory holding the Python scripts used by the MLflow suites. */
export const PY_DIR = path.join(REPO_ROOT, "test", "mlflow", "py");

/** The MLflow version the suites are pinned to (single source: .ci/mlflow-version). */
export function mlflowPin(): string {
  return readFileSync(path.join(REPO_ROOT, ".ci", "mlflow-version"), "utf8").trim();
}

/** Absolute path of the Python interpreter that has the pinned MLflow installed. */
export function pythonPath(): string {
  const fromEnv = process.env.MLRUNS_PYTHON;
  const candidate = fromEnv && fromEnv.length > 0 ? fromEnv : path.join(REPO_ROOT, ".venv", "bin", "python");
  if (!existsSync(candidate)) {
    throw new Error(
      `Python interpreter not found at ${candidate}` +
        (fromEnv ? " (from $MLRUNS_PYTHON)" : "") +
        `. Run \`bash test/mlflow/setup-venv.sh\` to create .venv with mlflow==${safePin()}, ` +
        "or set MLRUNS_PYTHON to a Python that has it installed.",
    );
  }
  return candidate;
}

function safePin(): string {
  try {
    return mlflowPin();
  } catch {
    return "<pin from .ci/mlflow-version>";
  }
}

export interface RunPythonOptions {
  /** Extra environment variables (merged over process.env). */
  env?: Record<string, string | undefined>;
  /** Working directory (default: repo root). */
  cwd?: string;
  /** Kill the process after this many ms (default: none). */
  timeoutMs?: number;
}

export interface PythonResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Error thrown by runPython on a non-zero exit; `result` is the parsed last stdout line when it was JSON. */
export interface PythonError extends Error {
  stdout: string;
  stderr: string;
  code: number | null;
  result?: any;
}

/** Runs a Python script and returns its raw output; never throws on non-zero exit. */
export function runPythonRaw(scriptPath: string, args: readonly string[] = [], opts: RunPythonOptions = {}): Promise<PythonResult> {
  const script = path.isAbsolute(scriptPath) ? scriptPath : path.resolve(opts.cwd ?? REPO_ROOT, scriptPath);
  return runInterpreter([script, ...args], script, opts);
}

/** `python ...argv` in the quiet, file-store-allowing environment; `what` names it in a start failure. */
function runInterpreter(argv: readonly string[], what: string, opts: RunPythonOptions): Promise<PythonResult> {
  const py = pythonPath();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MLFLOW_ALLOW_FILE_STORE: "true",
    PYTHONIOENCODING: "utf-8",
    PYTHONUTF8: "1",
    // Keep MLflow from phoning home or printing telemetry notices.
    MLFLOW_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "true",
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(py, [...argv], { cwd: opts.cwd ?? REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`failed to start ${py} ${what}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code, signal });
    });
  });
}

/**
 * Runs `python scriptPath ...args` with MLFLOW_ALLOW_FILE_STORE=true and returns the last
 * non-empty line of stdout parsed as JSON. Throws (with stderr) on a non-zero exit, or when
 * the last line is not JSON.
 */
export async function runPython(
  scriptPath: string,
  args: readonly string[] = [],
  opts: RunPythonOptions = {},
): Promise<any> {
  return lastLineJson(`python ${path.basename(scriptPath)}`, args, await runPythonRaw(scriptPath, args, opts));
}

/** As runPython, for `python -c code ...args`. */
export async function runPythonCode(code: string, args: readonly string[] = [], opts: RunPythonOptions = {}): Promise<any> {
  return lastLineJson("python -c <code>", args, await runInterpreter(["-c", code, ...args], "-c <code>", opts));
}

/** The last non-empty stdout line as JSON; throws (with stderr) on a non-zero exit or a line that is not JSON. */
function lastLineJson(label: string, args: readonly string[], r: PythonResult): any {
  const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const last = lines.length > 0 ? lines[lines.length - 1]! : "";
  if (r.code !== 0) {
    const e = new Error(
      `${label} ${args.join(" ")} exited with ${r.code ?? r.signal}\n` +
        `--- stderr ---\n${tail(r.stderr)}\n--- stdout (last line) ---\n${last}`,
    ) as PythonError;
    e.stdout = r.stdout;
    e.stderr = r.stderr;
    e.code = r.code;
    // Judges such as check_scenario.py exit 1 but still print their JSON verdict.
    try {
      e.result = JSON.parse(last);
    } catch {
      /* not JSON */
    }
    throw e;
  }
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(
      `${label}: last stdout line is not JSON: ${JSON.stringify(last.slice(0, 500))}\n` +
        `--- stderr ---\n${tail(r.stderr)}`,
    );
  }
}

function tail(s: string, max = 8000): string {
  return s.length > max ? "…" + s.slice(s.length - max) : s;
}
