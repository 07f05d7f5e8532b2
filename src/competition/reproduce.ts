import path from "node:path";
import type { Run } from "../entities.js";
import { fileUriToPath, isLocalUri } from "../util/file-uri.js";
import { shellQuote } from "./environment.js";
import { ENVIRONMENT_ARTIFACT, GIT_DIFF_ARTIFACT, PARAMS, TAGS } from "./keys.js";

export interface ReproductionInfo {
  runId: string;
  runName: string | null;
  /** The `command` tag; else `node <mlflow.source.name>`; undefined when neither is known. */
  command?: string;
  /** The `command.npm` tag: the npm script that ran `command` (`npm run demo -- --seed 7`), build steps included. */
  npmCommand?: string;
  /** The `env.cwd` tag: where to run the command. */
  cwd?: string;
  /** The `seed` param. */
  seed?: string;
  /** From `git.commit` / `git.branch` / `git.root` / `git.dirty`, else MLflow's `mlflow.source.git.commit`. */
  git?: { commit: string; branch?: string; root?: string; dirty: boolean };
  /** The `env.project_dir` tag: where the recorded package-lock.json is. */
  projectDir?: string;
  /** Absolute path of git_diff.patch when the tree was dirty and the run's artifacts are local. */
  diffPath?: string;
  /** Absolute path of environment.json when the run's artifacts are local. */
  environmentPath?: string;
  /** Every param of the run. */
  params: Record<string, string>;
  /** Shell lines that re-run it: git checkout, git apply, npm ci, cd, then the npm command if any, else the command. */
  steps: string[];
}

/**
 * What a person needs to re-run a run, read from its tags and params only (artifact paths are
 * derived from the run's artifact URI, not read): the contract of `mlruns show RUN_ID --reproduce`.
 * `artifactDir` is the run's artifact folder when known (a moved store keeps the old path in
 * its artifact URI until `mlruns relocate`); by default it is the local path of the URI.
 */
export function reproductionInfo(run: Run, options: { artifactDir?: string } = {}): ReproductionInfo {
  const { tags, params } = run.data;
  const out: ReproductionInfo = { runId: run.info.runId, runName: run.info.runName, params: { ...params }, steps: [] };
  const source = tags["mlflow.source.name"];
  const command = tags[TAGS.command] ?? (source && source !== "-" ? `node ${shellQuote(source)}` : undefined);
  if (command) out.command = command;
  if (tags[TAGS.npmCommand]) out.npmCommand = tags[TAGS.npmCommand];
  if (tags[TAGS.cwd]) out.cwd = tags[TAGS.cwd];
  if (params[PARAMS.seed] !== undefined) out.seed = params[PARAMS.seed];
  if (tags[TAGS.projectDir]) out.projectDir = tags[TAGS.projectDir];
  const commit = tags[TAGS.gitCommit] ?? tags["mlflow.source.git.commit"];
  if (commit) {
    out.git = { commit, dirty: tags[TAGS.gitDirty] === "true" };
    if (tags[TAGS.gitBranch]) out.git.branch = tags[TAGS.gitBranch];
    if (tags[TAGS.gitRoot]) out.git.root = tags[TAGS.gitRoot];
  }
  const artifactDir = options.artifactDir ?? (isLocalUri(run.info.artifactUri) ? fileUriToPath(run.info.artifactUri) : undefined);
  if (artifactDir) {
    out.environmentPath = path.join(artifactDir, ENVIRONMENT_ARTIFACT);
    if (out.git?.dirty) out.diffPath = path.join(artifactDir, GIT_DIFF_ARTIFACT);
  }
  const inRepo = out.git?.root ? `git -C ${shellQuote(out.git.root)}` : "git";
  if (out.git) out.steps.push(`${inRepo} checkout ${out.git.commit}`);
  if (out.git?.dirty) out.steps.push(`${inRepo} apply ${out.diffPath ? shellQuote(out.diffPath) : `<artifacts>/${GIT_DIFF_ARTIFACT}`}`);
  if (tags[TAGS.lockfileSha256]) out.steps.push(out.projectDir ? `(cd ${shellQuote(out.projectDir)} && npm ci)` : "npm ci");
  if (out.cwd) out.steps.push(`cd ${shellQuote(out.cwd)}`);
  const last = out.npmCommand ?? out.command;
  if (last) out.steps.push(last);
  return out;
}
