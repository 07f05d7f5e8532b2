import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Run } from "../entities.js";
import { shellQuote } from "./environment.js";
import { ENVIRONMENT_ARTIFACT, GIT_DIFF_ARTIFACT, PARAMS, TAGS } from "./keys.js";

export interface ReproductionInfo {
  runId: string;
  runName: string;
  /** The `command` tag; else `node <mlflow.source.name>`; undefined when neither is known. */
  command?: string;
  /** The `env.cwd` tag: where to run the command. */
  cwd?: string;
  /** The `seed` param. */
  seed?: string;
  /** From `git.commit` / `git.branch` / `git.dirty`, else MLflow's `mlflow.source.git.commit`. */
  git?: { commit: string; branch?: string; dirty: boolean };
  /** Absolute path of git_diff.patch when the tree was dirty and the run's artifacts are local. */
  diffPath?: string;
  /** Absolute path of environment.json when the run's artifacts are local. */
  environmentPath?: string;
  /** Every param of the run. */
  params: Record<string, string>;
  /** Shell lines that re-run it: cd, git checkout, git apply, npm ci, the command. */
  steps: string[];
}

/**
 * What a person needs to re-run a competition run, read from the run's tags and params only
 * (artifact paths are derived, not read). The `mlruns show RUN_ID --reproduce` contract.
 */
export function reproductionInfo(run: Run): ReproductionInfo {
  const { tags, params } = run.data;
  const out: ReproductionInfo = { runId: run.info.runId, runName: run.info.runName, params: { ...params }, steps: [] };
  const source = tags["mlflow.source.name"];
  const command = tags[TAGS.command] ?? (source && source !== "-" ? `node ${shellQuote(source)}` : undefined);
  if (command) out.command = command;
  if (tags[TAGS.cwd]) out.cwd = tags[TAGS.cwd];
  if (params[PARAMS.seed] !== undefined) out.seed = params[PARAMS.seed];
  const commit = tags[TAGS.gitCommit] ?? tags["mlflow.source.git.commit"];
  if (commit) {
    out.git = { commit, dirty: tags[TAGS.gitDirty] === "true" };
    if (tags[TAGS.gitBranch]) out.git.branch = tags[TAGS.gitBranch];
  }
  let artifactDir: string | undefined;
  if (run.info.artifactUri.startsWith("file:")) artifactDir = fileURLToPath(run.info.artifactUri);
  else if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(run.info.artifactUri)) artifactDir = run.info.artifactUri;
  if (artifactDir) {
    out.environmentPath = path.join(artifactDir, ENVIRONMENT_ARTIFACT);
    if (out.git?.dirty) out.diffPath = path.join(artifactDir, GIT_DIFF_ARTIFACT);
  }
  if (out.cwd) out.steps.push(`cd ${shellQuote(out.cwd)}`);
  if (out.git) out.steps.push(`git checkout ${out.git.commit}`);
  if (out.git?.dirty) out.steps.push(`git apply ${out.diffPath ? shellQuote(out.diffPath) : `<artifacts>/${GIT_DIFF_ARTIFACT}`}`);
  if (tags[TAGS.lockfileSha256]) out.steps.push("npm ci");
  if (out.command) out.steps.push(out.command);
  return out;
}
