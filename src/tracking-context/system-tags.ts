import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

/** The tags MLflow's default run context providers add in start_run (mlflow/tracking/context). */
export function defaultRunTags(): Record<string, string> {
  const tags: Record<string, string> = {
    "mlflow.user": currentUser(),
    "mlflow.source.name": sourceName(),
    "mlflow.source.type": "LOCAL",
  };
  const git = gitInfo(path.dirname(path.resolve(sourceName())));
  if (git) {
    tags["mlflow.source.git.commit"] = git.commit;
    if (git.branch) tags["mlflow.source.git.branch"] = git.branch;
    if (git.repoUrl) tags["mlflow.source.git.repoURL"] = git.repoUrl;
  }
  return tags;
}

/** getpass.getuser(): LOGNAME, USER, LNAME, USERNAME, then the password database. */
export function currentUser(): string {
  for (const name of ["LOGNAME", "USER", "LNAME", "USERNAME"]) {
    const v = process.env[name];
    if (v) return v;
  }
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}

/** The entry script, as sys.argv[0] is for Python; '-' when there is none (a REPL). */
function sourceName(): string {
  const main = process.argv[1];
  return main && fs.existsSync(main) ? main : "-";
}

interface GitInfo {
  commit: string;
  branch?: string;
  repoUrl?: string;
}

let gitCache: { dir: string; info: GitInfo | undefined } | undefined;

/** mlflow/tracking/context/git_context.py: commit, active branch, first remote's URL. */
function gitInfo(dir: string): GitInfo | undefined {
  if (gitCache?.dir === dir) return gitCache.info;
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const commit = git("rev-parse", "HEAD");
  let info: GitInfo | undefined;
  if (commit && /^[0-9a-f]{40}$/.test(commit)) {
    const firstRemote = git("remote")?.split("\n")[0];
    const url = firstRemote ? git("remote", "get-url", firstRemote) : undefined;
    info = { commit, branch: git("symbolic-ref", "--short", "-q", "HEAD"), repoUrl: url && stripCredentials(url) };
  }
  gitCache = { dir, info };
  return info;
}

/** git_utils._strip_credentials_from_url: never record a token embedded in a remote URL. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@]*@/, "$1");
}
