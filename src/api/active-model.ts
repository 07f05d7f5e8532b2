/**
 * mlflow.set_active_model / get_active_model_id / clear_active_model: a logged model that
 * metrics are linked to when logMetric names none. Starts from MLFLOW_ACTIVE_MODEL_ID, as
 * MLflow's active-model context does. Process-wide (MLflow's is per thread).
 */
let activeModelId: string | undefined;
let initialised = false;

export function getActiveModelId(): string | undefined {
  if (initialised) return activeModelId;
  initialised = true;
  return (activeModelId ??= process.env.MLFLOW_ACTIVE_MODEL_ID || undefined);
}

export function setActiveModelId(modelId: string | undefined): void {
  initialised = true;
  activeModelId = modelId;
}

/** mlflow.clear_active_model */
export function clearActiveModel(): void {
  setActiveModelId(undefined);
}
