import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLI = path.join(REPO, "dist/bin/mlruns.js");
export const FIXTURE = path.join(REPO, "fixtures/mlflow-tree");

/**
 * The suite runs the built CLI. `npm test` builds first; when running vitest directly, build
 * with `npm run build`. A missing or stale build fails loudly instead of testing old code.
 */
export function assertBuilt(): void {
  const marker = path.join(REPO, "dist/cli/commands/gc.js");
  if (!fs.existsSync(CLI) || !fs.existsSync(marker)) {
    throw new Error(`The CLI is not built (${path.relative(REPO, marker)} is missing). Run 'npm run build' (or 'npm test', which builds first).`);
  }
  const built = fs.statSync(CLI).mtimeMs;
  const srcDir = path.join(REPO, "src/cli");
  const stale = (fs.readdirSync(srcDir, { recursive: true }) as string[])
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .filter((f) => fs.statSync(path.join(srcDir, f)).mtimeMs > built + 1000);
  if (stale.length) {
    throw new Error(`dist/ is older than src/cli (${stale.slice(0, 3).join(", ")}...). Run 'npm run build' (or 'npm test', which builds first).`);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string>, cwd: string, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/**
 * What a CLI child keeps of the test process's environment: how to find programs and the home,
 * plus the test run's temp folder and run cache (vitest.config.ts), so a child's files stay in
 * the run's folder, not in /tmp or the user's ~/.cache.
 */
export function harnessEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "SYSTEMROOT", "TMPDIR", "MLRUNS_CACHE_DIR"]) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

/** Run `node dist/bin/mlruns.js ...args` (the bundled command package.json installs) with a clean environment (UTC, no MLflow variables). */
export function cli(args: string[], options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  const env = harnessEnv();
  env.TZ = "UTC";
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return run(process.execPath, [CLI, ...args], env, options.cwd ?? os.tmpdir(), options.input ?? "");
}

export function tempDir(prefix = "mlruns-cli-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A private copy of the MLflow-written fixture tree (gc and delete change it). */
export function fixtureCopy(): string {
  const dir = path.join(tempDir(), "mlruns");
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Every path below `dir`, relative and sorted. */
export function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

/** Lines of a table with runs of spaces collapsed, for assertions that ignore column widths. */
export function squeeze(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim().replace(/ {2,}/g, "  "))
    .filter((l) => l !== "");
}

export const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** Run the CLI on a pseudo-terminal (util-linux `script`), typing `input`; `columns` sets the terminal's width. */
export async function cliOnTty(args: string[], input: string, env: Record<string, string> = {}, columns?: number): Promise<CliResult> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = (columns ? `stty cols ${columns}; ` : "") + [process.execPath, CLI, ...args].map(quote).join(" ");
  const r = await run(
    "script",
    ["-qec", command, "/dev/null"],
    { PATH: "", HOME: "", ...harnessEnv(), TZ: "UTC", TERM: "dumb", ...env },
    os.tmpdir(),
    input,
  );
  return { ...r, stdout: r.stdout.replace(/\r/g, "") };
}

// Run ids in fixtures/mlflow-tree (see fixtures/mlflow-tree.expected.json).
export const FX = {
  defaultExp: "0",
  sweepsExp: "327289701471364581",
  deletedExp: "396494442252995327",
  unicodeExp: "875243183980914968",
  stillRunning: "00c3404a9bc246f98aa61c28f2d7c194",
  defaultRun: "2dc6872fc61440fc8f9ea22d66bccfea",
  sweep0: "acbba1802a3b4e8aad4caa7c5771811b",
  restored: "d5948868e4cf49e99e896e3645b8ca58",
  toBeDeleted: "9fdee91f776b4ea8b39ec8c2fe3dc23f",
  inDeletedExp: "dcbd1024b4394e29a08ac8a8db23e8e6",
  failing: "96526bee4044475a85cd953c6624d245",
  child2: "e09a9830d9fb4748b97ff90a25782cd4",
  grandchild: "5ab6887e47974a8197ef480bfd811db5",
  child1: "f7ec4dd37cea4a44955dff18a814cfec",
  parent: "eafba132707a41989cb4a7b5abe43537",
  killed: "1c60b93879ef4323b4a362e62a8905dd",
} as const;

export const ACTIVE_RUNS = [
  FX.stillRunning,
  FX.defaultRun,
  FX.sweep0,
  FX.restored,
  FX.failing,
  FX.child2,
  FX.grandchild,
  FX.child1,
  FX.parent,
  FX.killed,
];

/** Runs one command module in this process (no child): its exit code and everything it printed. */
export async function runInProcess(
  command: { spec: Parameters<typeof import("../../../src/cli/args.js").parseCommandArgs>[0]; run: (args: any, ctx: any) => Promise<number> },
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string }> {
  const { parseCommandArgs } = await import("../../../src/cli/args.js");
  const { makeStyle } = await import("../../../src/cli/style.js");
  const lines: string[] = [];
  const ctx = {
    env,
    globalStore: undefined,
    style: makeStyle(false),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    columns: undefined,
    out: (t = "") => void lines.push(t),
    note: (t: string) => void lines.push(`mlruns: ${t}`),
    now: () => Date.now(),
  };
  const code = await command.run(parseCommandArgs(command.spec, argv), ctx);
  return { code, out: lines.join("\n") };
}
