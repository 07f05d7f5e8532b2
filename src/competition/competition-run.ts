import { logParams, withRun, type ActiveRun, type StartRunOptions } from "../api/fluent.js";
import { MlflowClient } from "../api/client.js";
import { InvalidParameterError } from "../errors.js";
import { captureEnvironment, type EnvironmentInfo, type EnvironmentOptions } from "./environment.js";
import { EXPERIMENT_TYPES, PARAMS, PHASES, TAGS, type CompetitionStatus, type ExperimentType, type Phase } from "./keys.js";
import { competitionRunName } from "./run-name.js";
import { createRng, resolveSeed, type SeededRng } from "./seed.js";

export interface CompetitionRunOptions extends Omit<StartRunOptions, "runName" | "runId"> {
  /** Logged as the `model_type` param and used in the run name. */
  modelType: string;
  /** The `experiment_type` tag. */
  experimentType: ExperimentType;
  /** The `phase` tag; "initial" by default. */
  phase?: Phase;
  /** The `note` tag: free text. */
  note?: string;
  /** Default: `{modelType}_{YYYYMMDD_HHMMSS}`. */
  runName?: string;
  /** The run's seed, logged as the `seed` param. Default: `process.env[seedEnv]`, else a random one (still logged). */
  seed?: number;
  /** An environment variable that may hold the seed; recorded in front of the `command` tag when set. */
  seedEnv?: string;
  /** More params logged when the run starts (model parameters, cv_strategy, n_splits, …). */
  params?: Record<string, unknown>;
  /** Record the environment (captureEnvironment) when the run starts: true by default. */
  environment?: boolean | EnvironmentOptions;
}

export interface CompetitionContext {
  seed: number;
  /** A generator seeded with `seed`, fresh for this run. */
  rng: SeededRng;
  environment?: EnvironmentInfo;
}

function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new InvalidParameterError(`${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

/**
 * withRun for competition training runs. The run is named `{model_type}_{YYYYMMDD_HHMMSS}`,
 * starts with the tags `experiment_type`, `phase`, `note` and `status=running`, logs the
 * `model_type` and `seed` params (plus `options.params`) and the environment, then calls `fn`.
 * When `fn` resolves the `status` tag becomes `completed`; when it throws, `failed` (with the
 * `error` tag), and the error is rethrown. MLflow's own run status is left to withRun
 * (FINISHED / FAILED), so the two never disagree about who wrote what; a process killed mid-run
 * keeps `status=running` while MLflow says KILLED.
 */
export async function withCompetitionRun<T>(
  options: CompetitionRunOptions,
  fn: (run: ActiveRun, context: CompetitionContext) => Promise<T> | T,
): Promise<T> {
  const { modelType, experimentType, phase, note, runName, seed: seedOption, seedEnv, params, environment, tags, ...startOptions } = options;
  checkChoice("experimentType", experimentType, EXPERIMENT_TYPES);
  const phaseTag = checkChoice("phase", phase ?? "initial", PHASES);
  const name = runName ?? competitionRunName(modelType);
  const seed = resolveSeed(seedOption, seedEnv);
  const startTags: Record<string, unknown> = {
    ...(tags ?? {}),
    [TAGS.experimentType]: experimentType,
    [TAGS.phase]: phaseTag,
    [TAGS.status]: "running" satisfies CompetitionStatus,
  };
  if (note !== undefined) startTags[TAGS.note] = note;

  return withRun({ ...startOptions, runName: name, tags: startTags }, async (run) => {
    const client = new MlflowClient(run.store.trackingUri);
    const setStatus = (status: CompetitionStatus, extra: Record<string, string> = {}) =>
      client.logBatch(
        run.info.runId,
        [],
        [],
        Object.entries({ [TAGS.status]: status, ...extra }).map(([key, value]) => ({ key, value })),
      );
    try {
      await logParams({ ...(params ?? {}), [PARAMS.modelType]: modelType, [PARAMS.seed]: seed });
      let env: EnvironmentInfo | undefined;
      if (environment !== false) {
        const envOptions = environment === true || environment === undefined ? {} : environment;
        const recordEnv = [...(envOptions.recordEnv ?? [])];
        if (seedEnv && !recordEnv.includes(seedEnv)) recordEnv.push(seedEnv);
        env = await captureEnvironment({ ...envOptions, recordEnv });
      }
      const context: CompetitionContext = { seed, rng: createRng(seed) };
      if (env) context.environment = env;
      const result = await fn(run, context);
      await setStatus("completed");
      return result;
    } catch (err) {
      const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split("\n")[0]!.slice(0, 1000);
      try {
        await setStatus("failed", { [TAGS.error]: message });
      } catch {
        // The original error matters more than a tag we could not write.
      }
      throw err;
    }
  });
}
