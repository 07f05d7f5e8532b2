import path from "node:path";
import { pathToFileUri } from "../util/file-uri.js";

let explicitUri: string | undefined;

/** mlflow.set_tracking_uri. A plain path is kept as given and resolved against the cwd on use. */
export function setTrackingUri(uri: string | URL): void {
  // MLflow: "An empty string ... Data is stored locally at ./mlruns".
  explicitUri = String(uri) || undefined;
}

/**
 * mlflow.get_tracking_uri: set_tracking_uri's value, else MLFLOW_TRACKING_URI, else ./mlruns.
 * (MLflow 3.7+ defaults to sqlite:///mlflow.db; mlruns is a file-store tool, so ./mlruns.)
 */
export function getTrackingUri(): string {
  return explicitUri ?? (process.env.MLFLOW_TRACKING_URI || pathToFileUri(path.resolve("mlruns")));
}

export function resetTrackingUriForTests(): void {
  explicitUri = undefined;
}
