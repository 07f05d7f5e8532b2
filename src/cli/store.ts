/**
 * Opening the store and finding things in it: experiments by name or id, runs by id or by a
 * unique id prefix, and whole result sets across search pages. Uses the public MlflowClient.
 */
import fs from "node:fs";
import { MlflowClient } from "../api/client.js";
import { ResourceNotFoundError } from "../errors.js";
import { collectPages } from "../store/paged-list.js";
import type { Experiment, Run, RunSelection, ViewType } from "../index.js";
import { allExperiments, resolveExperiment as findExperiment } from "../store/experiment-lookup.js";
import { fileUriToPath, uriScheme } from "../util/file-uri.js";
import { SEARCH_MAX_RESULTS_THRESHOLD } from "../validation/max-results.js";
import type { Args } from "./args.js";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { shortId, withRunName } from "./format.js";

/** Shorter prefixes match too many runs to name one (the same floor as git's short hashes). */
const MIN_PREFIX = 4;

/** MLflow's per-page ceiling for search_runs. */
const PAGE = SEARCH_MAX_RESULTS_THRESHOLD;

export interface StoreLocation {
  /** Absolute folder. */
  dir: string;
  /** Where the location came from, for error messages. */
  source: string;
}

/** --store, else MLFLOW_TRACKING_URI, else ./mlruns. Does not touch the file system. */
export function storeLocation(option: string | undefined, env: NodeJS.ProcessEnv): StoreLocation {
  let raw: string;
  let source: string;
  if (option !== undefined && option !== "") {
    raw = option;
    source = "--store";
  } else if (env.MLFLOW_TRACKING_URI) {
    raw = env.MLFLOW_TRACKING_URI;
    source = "MLFLOW_TRACKING_URI";
  } else {
    raw = "mlruns";
    source = "the default ./mlruns";
  }
  const scheme = uriScheme(raw);
  if (scheme !== undefined && scheme !== "file") {
    throw new CliError(`the store '${raw}' (from ${source}) is not a local folder; mlruns reads file stores: a path or a file: URI`);
  }
  let dir: string;
  try {
    dir = fileUriToPath(raw);
  } catch (err) {
    throw new CliError(`cannot read the store URI '${raw}' (from ${source}): ${(err as Error).message}`);
  }
  return { dir, source };
}

/** The client for the store in use. A missing store is an error: reading never creates one. */
export function openClient(ctx: Context, args: Args): MlflowClient {
  const loc = storeLocation(args.string("store") ?? ctx.globalStore, ctx.env);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(loc.dir);
  } catch {
    throw new CliError(`no MLflow store at ${loc.dir} (from ${loc.source}); pass --store PATH or set MLFLOW_TRACKING_URI`);
  }
  if (!stat.isDirectory()) throw new CliError(`the store ${loc.dir} (from ${loc.source}) is a file, not a folder`);
  return new MlflowClient(loc.dir);
}

export function listExperiments(client: MlflowClient, viewType: ViewType = "ACTIVE_ONLY"): Promise<Experiment[]> {
  return allExperiments(client.store, viewType);
}

export interface RunQuery {
  filter?: string;
  viewType?: ViewType;
  orderBy?: string[];
  /** Stop after this many runs. */
  max?: number;
  /** The data that will be shown (see RunSelection); all by default. */
  select?: RunSelection;
}

/** Every run matching the query, across pages; `more` tells whether `max` cut the list. */
export async function searchAllRuns(client: MlflowClient, experimentIds: string[], query: RunQuery = {}): Promise<{ runs: Run[]; more: boolean }> {
  if (experimentIds.length === 0) return { runs: [], more: false };
  // collectPages stops at the last page or at `max`: a token left over means runs were left out.
  let next: string | null = null;
  const runs = await collectPages(async (pageToken, wanted) => {
    const page = await client.searchRuns(experimentIds, query.filter ?? "", query.viewType ?? "ACTIVE_ONLY", Math.min(PAGE, wanted), query.orderBy, pageToken, { select: query.select });
    next = page.token;
    return page;
  }, query.max);
  return { runs, more: next !== null };
}

/** An experiment by id (all digits) or, failing that, by name. */
export async function resolveExperiment(client: MlflowClient, ref: string): Promise<Experiment> {
  try {
    return await findExperiment(client.store, ref);
  } catch (err) {
    if (err instanceof ResourceNotFoundError) throw new CliError(`no experiment with id or name '${ref}'`);
    throw err;
  }
}

/** A run by full id or by an unambiguous id prefix of at least 4 hex digits (deleted runs included). */
export async function resolveRun(client: MlflowClient, ref: string): Promise<Run> {
  try {
    return await client.getRun(ref);
  } catch (err) {
    const prefix = ref.toLowerCase();
    if (err instanceof ResourceNotFoundError && ref.length < MIN_PREFIX) {
      throw new CliError(`run id prefix '${ref}' is too short: give at least ${MIN_PREFIX} characters of the run id (or all 32)`);
    }
    if (!(err instanceof ResourceNotFoundError) || !/^[0-9a-f]{4,31}$/.test(prefix)) {
      if (err instanceof ResourceNotFoundError) throw new CliError(`no run with id '${ref}'`);
      throw err;
    }
    const experiments = await listExperiments(client, "ALL");
    const { runs } = await searchAllRuns(
      client,
      experiments.map((e) => e.experimentId),
      { viewType: "ALL" },
    );
    const matches = runs.filter((r) => r.info.runId.startsWith(prefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new CliError(`no run with id or id prefix '${ref}'`);
    const shown = matches.slice(0, 5).map((r) => withRunName(r.info.runId, r.info.runName));
    throw new CliError(
      `run id prefix '${ref}' is ambiguous: it matches ${matches.length} runs: ${shown.join(", ")}${matches.length > 5 ? ", …" : ""}`,
    );
  }
}

/** "a1b2c3d4 (name)" */
export function runLabel(run: Run): string {
  return withRunName(shortId(run.info.runId), run.info.runName);
}
