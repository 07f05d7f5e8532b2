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

let gitCache: { dir: string; info: { commit: string; repoUrl?: string } | undefined } | undefined;

function gitInfo(dir: string): { commit: string; repoUrl?: string } | undefined {
  if (gitCache?.dir === dir) return gitCache.info;
  let info: { commit: string; repoUrl?: string } | undefined;
  try {
    const run = (...args: string[]) =>
      execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
    const commit = run("rev-parse", "HEAD");
    let repoUrl: string | undefined;
    try {
      repoUrl = run("remote", "get-url", "origin") || undefined;
    } catch {
      repoUrl = undefined;
    }
    info = /^[0-9a-f]{40}$/.test(commit) ? { commit, repoUrl } : undefined;
  } catch {
    info = undefined;
  }
  gitCache = { dir, info };
  return info;
}
