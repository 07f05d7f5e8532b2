/**
 * Every tag, param and artifact name the competition helpers write: the contract readers
 * (`mlruns show RUN_ID --reproduce`, searches, notebooks) rely on.
 */
export const TAGS = {
  /** baseline | feature_engineering | tuning | ensemble */
  experimentType: "experiment_type",
  /** running → completed | failed (MLflow's own run status is separate and untouched) */
  status: "status",
  /** initial | optimization | final */
  phase: "phase",
  /** Free text. */
  note: "note",
  /** The first line of the error when status is failed. */
  error: "error",
  /** The submission's file name, e.g. submission_20250131_142501.csv */
  submissionFile: "submission_file",
  /** The command line that started the run, runnable from env.cwd (recorded variables first). */
  command: "command",
  /** Set when an npm script that runs this file started the run: `npm run <script> [-- args]`, run from env.cwd. */
  npmCommand: "command.npm",
  cwd: "env.cwd",
  nodeVersion: "env.node_version",
  platform: "env.platform",
  arch: "env.arch",
  cpuCount: "env.cpu_count",
  mlrunsVersion: "env.mlruns_version",
  lockfileSha256: "env.lockfile_sha256",
  /** The folder whose package.json / package-lock.json were recorded. */
  projectDir: "env.project_dir",
  gitCommit: "git.commit",
  gitBranch: "git.branch",
  /** Top-level folder of the working tree the commit belongs to. */
  gitRoot: "git.root",
  /** "true" when tracked files differed from git.commit; the difference is in git_diff.patch. */
  gitDirty: "git.dirty",
} as const;

export const PARAMS = {
  seed: "seed",
  modelType: "model_type",
  nFeatures: "n_features",
  cvStrategy: "cv_strategy",
  nSplits: "n_splits",
} as const;

export const ENVIRONMENT_ARTIFACT = "environment.json";
export const GIT_DIFF_ARTIFACT = "git_diff.patch";

export const EXPERIMENT_TYPES = ["baseline", "feature_engineering", "tuning", "ensemble"] as const;
export type ExperimentType = (typeof EXPERIMENT_TYPES)[number];

export const PHASES = ["initial", "optimization", "final"] as const;
export type Phase = (typeof PHASES)[number];

export const STATUSES = ["running", "completed", "failed"] as const;
export type CompetitionStatus = (typeof STATUSES)[number];
