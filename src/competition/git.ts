import { execFileSync } from "node:child_process";

export interface GitState {
  /** Top-level folder of the working tree. */
  root: string;
  commit: string;
  /** The branch checked out, or "HEAD" when detached. */
  branch: string;
  /** True when tracked files differ from the commit (staged or not). Untracked files are listed apart. */
  dirty: boolean;
  /** Untracked, not-ignored files and folders (a wholly untracked folder is one entry; at most 200 listed). */
  untracked: string[];
  remoteUrl?: string;
  /** `git diff HEAD` when dirty: what to `git apply` on the commit to get the code that ran. */
  diff?: string;
  /** True when the diff was longer than the cap and was cut. */
  diffTruncated?: boolean;
}

/** Diffs over this size are cut: a diff that big is data, not code. */
export const MAX_DIFF_BYTES = 5 * 1024 * 1024;

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    timeout: 10_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The state of the git working tree holding `dir`, or undefined when it is not in one (or git is missing). */
export function gitState(dir: string): GitState | undefined {
  let root: string;
  let commit: string;
  try {
    root = git(dir, ["rev-parse", "--show-toplevel"]).trim();
    commit = git(dir, ["rev-parse", "HEAD"]).trim();
  } catch {
    return undefined; // not a repository, no commit yet, or no git
  }
  const safe = (args: string[]): string | undefined => {
    try {
      return git(root, args);
    } catch {
      return undefined;
    }
  };
  const branch = safe(["rev-parse", "--abbrev-ref", "HEAD"])?.trim() || "HEAD";
  const status = (safe(["status", "--porcelain=v1", "-z", "--untracked-files=normal"]) ?? "").split("\0").filter(Boolean);
  const untracked = status.filter((l) => l.startsWith("?? ")).map((l) => l.slice(3));
  // With -z a rename entry is followed by its old name as a separate field, which has no "XY " prefix.
  const dirty = status.some((l) => /^[ MADRCU?!]{2} /.test(l) && !l.startsWith("?? ") && !l.startsWith("!! "));
  const state: GitState = { root, commit, branch, dirty, untracked: untracked.slice(0, 200) };
  // Credentials in a remote URL (https://user:token@host/...) are not recorded.
  const remoteUrl = safe(["remote", "get-url", "origin"])?.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
  if (remoteUrl) state.remoteUrl = remoteUrl;
  if (dirty) {
    const diff = safe(["diff", "HEAD", "--no-ext-diff", "--no-color"]) ?? "";
    if (Buffer.byteLength(diff) > MAX_DIFF_BYTES) {
      state.diff = Buffer.from(diff).subarray(0, MAX_DIFF_BYTES).toString("utf8") + "\n# [mlruns] diff truncated\n";
      state.diffTruncated = true;
    } else {
      state.diff = diff;
    }
  }
  return state;
}
