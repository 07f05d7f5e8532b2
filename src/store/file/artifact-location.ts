/**
 * Where a run's or a logged model's files are, for reading and writing them.
 *
 * meta.yaml records absolute locations, and MLflow's FileStore returns them as recorded
 * (RunInfo.artifact_uri, Experiment.artifact_location, LoggedModel.artifact_location); so does
 * mlruns, so a value from getRun finds the run in `attributes.artifact_uri = '…'` as in MLflow.
 * Only the files are looked up elsewhere: a location in the default layout
 * (<root>/<exp>/<run>/artifacts, <root>/<exp>/models/<model>/artifacts) is taken relative to the
 * store that was opened, so a moved or rsynced tree uses its own artifacts, never those still at
 * the old path. Custom locations (createExperiment's artifactLocation) are used as recorded.
 * `mlruns relocate` rewrites the recorded values so that MLflow finds the files too.
 */
import type { LoggedModel, RunInfo } from "../../entities.js";
import { fileUriToPath, pathToFileUri } from "../../util/file-uri.js";
import { MODELS_FOLDER } from "./layout.js";

/** The recorded location, re-rooted at `rootUri` when it ends in the default layout's `tail`. */
function inStore(rootUri: string, recorded: string, tail: string): string {
  if (!recorded) return `${rootUri}${tail}`;
  if (!recorded.startsWith("file:") && !recorded.startsWith("/")) return recorded;
  const uri = recorded.startsWith("/") ? pathToFileUri(recorded) : recorded;
  return uri.endsWith(tail) ? `${rootUri}${tail}` : uri;
}

/** The folder a run's artifacts are read from and written to, in the store at `rootDir`. */
export function runArtifactDir(rootDir: string, info: RunInfo): string {
  return fileUriToPath(inStore(pathToFileUri(rootDir), info.artifactUri, `/${info.experimentId}/${info.runId}/artifacts`));
}

/** The folder a logged model's files are read from and written to, in the store at `rootDir`. */
export function modelArtifactDir(rootDir: string, model: LoggedModel): string {
  const tail = `/${model.experimentId}/${MODELS_FOLDER}/${model.modelId}/artifacts`;
  return fileUriToPath(inStore(pathToFileUri(rootDir), model.artifactLocation, tail));
}
