/** Helpers for competition workflows: cross-validated runs, submissions, reproducibility. */
export { competitionRunName, formatTimestamp } from "./run-name.js";
export { logCvResults, summarizeScores, cvMetricKeys, type CvSummary, type CvOptions } from "./cv-results.js";
export { logDatasetInfo, datasetInfo, isNull, type DatasetInfo, type Table } from "./dataset-info.js";
export { logFeatureList, FEATURES_ARTIFACT } from "./feature-list.js";
export { logSubmission, toCsv, submissionFileName, SUBMISSIONS_DIR, SUBMISSION_TAG, type LogSubmissionOptions } from "./submission.js";
export { SeededRng, createRng, resolveSeed, validateSeed, MAX_SEED } from "./seed.js";
export { kFold, trainTestSplit, type Fold } from "./split.js";
export { gitState, MAX_DIFF_BYTES, type GitState } from "./git.js";
export {
  captureEnvironment,
  collectEnvironment,
  environmentTags,
  mlrunsVersion,
  shellQuote,
  type EnvironmentInfo,
  type EnvironmentOptions,
  type DependencyVersion,
} from "./environment.js";
export { withCompetitionRun, type CompetitionRunOptions, type CompetitionContext } from "./competition-run.js";
export { reproductionInfo, type ReproductionInfo } from "./reproduce.js";
export {
  TAGS as COMPETITION_TAGS,
  PARAMS as COMPETITION_PARAMS,
  ENVIRONMENT_ARTIFACT,
  GIT_DIFF_ARTIFACT,
  EXPERIMENT_TYPES,
  PHASES,
  STATUSES,
  type ExperimentType,
  type Phase,
  type CompetitionStatus,
} from "./keys.js";
