import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logDict, logText, setTags } from "../api/fluent.js";
import { gitState, type GitState } from "./git.js";
import { ENVIRONMENT_ARTIFACT, GIT_DIFF_ARTIFACT, TAGS } from "./keys.js";
import { mlrunsVersion } from "../util/package-version.js";

export interface DependencyVersion {
  /** The range in package.json, e.g. "^2.1.0". */
  declared?: string;
  /** The version installed: from package-lock.json, else node_modules/<name>/package.json. */
  installed?: string;
}

export interface EnvironmentInfo {
  capturedAt: string;
  node: { version: string; execPath: string; execArgv: string[] };
  os: { platform: string; arch: string; release: string; cpuCount: number; cpuModel: string; totalMemoryBytes: number };
  mlruns: { version: string };
  project: {
    /** The folder whose package.json was read, or null when none was found. */
    dir: string | null;
    name?: string;
    version?: string;
    dependencies: Record<string, DependencyVersion>;
    lockfile?: string;
    lockfileSha256?: string;
  };
  /**
   * How the process was started: `line` re-runs it from `cwd` (recorded variables first).
   * `npm` is set when it was started by an npm script that runs this very file (`npm run demo`),
   * whose `line` (`npm run demo -- <args>`) also redoes the script's build steps.
   */
  command: { line: string; argv: string[]; cwd: string; env: Record<string, string>; npm?: { script: string; line: string; packageDir: string } };
  git: Omit<GitState, "diff"> | null;
}

export interface EnvironmentOptions {
  /** Folder of the project's package.json and package-lock.json. Default: the nearest one at or above the cwd. */
  projectDir?: string;
  /** Folder whose git state is recorded. Default: the entry script's folder (as MLflow does), else the cwd. */
  gitDir?: string;
  /** Environment variables that change what the program does (e.g. a seed), recorded and put in front of the command line. Never record secrets. */
  recordEnv?: string[];
}

export { mlrunsVersion };

/** POSIX-shell quoting: plain words stay plain, anything else is single-quoted. */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_\/.,:=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function findProjectDir(start: string): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function projectInfo(dir: string | null): EnvironmentInfo["project"] {
  if (!dir) return { dir: null, dependencies: {} };
  const pkg = readJson(path.join(dir, "package.json")) ?? {};
  const lockPath = path.join(dir, "package-lock.json");
  const lock = readJson(lockPath);
  const deps: Record<string, DependencyVersion> = {};
  for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
    for (const [name, range] of Object.entries((pkg[field] ?? {}) as Record<string, string>)) {
      if (deps[name]) continue;
      const installed: unknown =
        lock?.packages?.[`node_modules/${name}`]?.version ??
        lock?.dependencies?.[name]?.version ??
        readJson(path.join(dir, "node_modules", name, "package.json"))?.version;
      deps[name] = { declared: String(range), ...(typeof installed === "string" ? { installed } : {}) };
    }
  }
  const out: EnvironmentInfo["project"] = { dir, dependencies: deps };
  if (typeof pkg.name === "string") out.name = pkg.name;
  if (typeof pkg.version === "string") out.version = pkg.version;
  if (lock !== undefined) {
    out.lockfile = "package-lock.json";
    out.lockfileSha256 = createHash("sha256").update(fs.readFileSync(lockPath)).digest("hex");
  }
  return out;
}

function commandInfo(recordEnv: string[]): EnvironmentInfo["command"] {
  const cwd = process.cwd();
  const env: Record<string, string> = {};
  for (const name of recordEnv) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const [, script, ...args] = process.argv;
  const words = ["node", ...process.execArgv];
  if (script) words.push(path.isAbsolute(script) && !path.relative(cwd, script).startsWith("..") ? path.relative(cwd, script) : script);
  words.push(...args);
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = [...prefix, ...words.map(shellQuote)].join(" ");
  const out: EnvironmentInfo["command"] = { line, argv: [...process.argv], cwd, env };
  const npm = npmScript(script, args, prefix);
  if (npm) out.npm = npm;
  return out;
}

/**
 * The npm script that started this process, if any. npm sets npm_lifecycle_event/_script for
 * the whole process tree (a test runner started by `npm test` passes them on to every program
 * it starts), so the script only counts when its text names this very file.
 */
function npmScript(script: string | undefined, args: string[], prefix: string[]): NonNullable<EnvironmentInfo["command"]["npm"]> | undefined {
  const event = process.env.npm_lifecycle_event;
  const body = process.env.npm_lifecycle_script;
  const pkgJson = process.env.npm_package_json;
  if (!event || !body || !pkgJson || !script) return undefined;
  const packageDir = path.dirname(pkgJson);
  const rel = path.relative(packageDir, path.resolve(script)).split(path.sep).join("/");
  const words = body.split(/[\s;&|()]+/);
  if (!words.includes(rel) && !words.includes(`./${rel}`)) return undefined;
  const line = [...prefix, "npm", "run", shellQuote(event), ...(args.length ? ["--", ...args.map(shellQuote)] : [])].join(" ");
  return { script: event, line, packageDir };
}

/** What this process runs on and from, without logging anything. Git diff text is in the second value. */
export function collectEnvironment(options: EnvironmentOptions = {}): { info: EnvironmentInfo; diff?: string } {
  const cpus = os.cpus();
  const script = process.argv[1];
  const gitDir = options.gitDir ?? (script && fs.existsSync(script) ? path.dirname(path.resolve(script)) : process.cwd());
  const git = gitState(gitDir);
  let diff: string | undefined;
  let gitInfo: EnvironmentInfo["git"] = null;
  if (git) {
    const { diff: d, ...rest } = git;
    diff = d;
    gitInfo = rest;
  }
  const info: EnvironmentInfo = {
    capturedAt: new Date().toISOString(),
    node: { version: process.version, execPath: process.execPath, execArgv: [...process.execArgv] },
    os: {
      platform: process.platform,
      arch: process.arch,
      release: os.release(),
      cpuCount: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
      cpuModel: cpus[0]?.model?.trim() ?? "unknown",
      totalMemoryBytes: os.totalmem(),
    },
    mlruns: { version: mlrunsVersion() },
    project: projectInfo(options.projectDir ? path.resolve(options.projectDir) : findProjectDir(process.cwd())),
    command: commandInfo(options.recordEnv ?? []),
    git: gitInfo,
  };
  return diff === undefined ? { info } : { info, diff };
}

/** MLflow refuses tag values over 8,000 characters; the full value stays in environment.json. */
function clip(value: string, max = 8000): string {
  return value.length <= max ? value : value.slice(0, max - 1) + "…";
}

/** The tags captureEnvironment sets for an environment. */
export function environmentTags(info: EnvironmentInfo): Record<string, string> {
  const tags: Record<string, string> = {
    [TAGS.nodeVersion]: info.node.version,
    [TAGS.platform]: info.os.platform,
    [TAGS.arch]: info.os.arch,
    [TAGS.cpuCount]: String(info.os.cpuCount),
    [TAGS.mlrunsVersion]: info.mlruns.version,
    [TAGS.cwd]: clip(info.command.cwd),
    [TAGS.command]: clip(info.command.line),
  };
  if (info.command.npm) tags[TAGS.npmCommand] = clip(info.command.npm.line);
  if (info.project.dir) tags[TAGS.projectDir] = clip(info.project.dir);
  if (info.project.lockfileSha256) tags[TAGS.lockfileSha256] = info.project.lockfileSha256;
  if (info.git) {
    tags[TAGS.gitCommit] = info.git.commit;
    tags[TAGS.gitBranch] = info.git.branch;
    tags[TAGS.gitRoot] = clip(info.git.root);
    tags[TAGS.gitDirty] = String(info.git.dirty);
  }
  return tags;
}

/**
 * Records the environment on the active run (starting one if none is active, as MLflow's
 * logging calls do): tags `env.node_version`, `env.platform`, `env.arch`, `env.cpu_count`,
 * `env.mlruns_version`, `env.cwd`, `env.project_dir`, `env.lockfile_sha256`, `command`, `command.npm`,
 * `git.commit`, `git.branch`, `git.root`, `git.dirty`; the artifact `environment.json` (everything, including the
 * project's dependency versions); and `git_diff.patch` when the working tree is dirty.
 */
export async function captureEnvironment(options: EnvironmentOptions = {}): Promise<EnvironmentInfo> {
  const { info, diff } = collectEnvironment(options);
  await setTags(environmentTags(info));
  await logDict(info, ENVIRONMENT_ARTIFACT);
  if (diff !== undefined) await logText(diff, GIT_DIFF_ARTIFACT);
  return info;
}
