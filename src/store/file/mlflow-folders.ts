/**
 * Folders MLflow itself creates or reserves in a file store, with what each holds, as named in
 * MLflow 3.17's mlflow/store/tracking/file_store.py and mlflow/store/model_registry/file_store.py.
 * Readers skip them; doctor names them as information, not damage.
 */

/** Beside the experiment folders at the store root: never an experiment (FileStore._get_active_experiments). */
export const STORE_ROOT_FOLDERS: ReadonlyMap<string, string> = new Map([
  // tracking FileStore.TRASH_FOLDER_NAME; FileStore.__init__ creates it.
  [".trash", "MLflow's trash: deleted experiments, kept until 'mlflow gc' or 'mlruns gc' removes them"],
  // model_registry FileStore.MODELS_FOLDER_NAME; its __init__ creates it, and `mlflow ui` /
  // `mlflow server` open that store on the backend folder as they start (initialize_backend_stores).
  ["models", "MLflow's model registry (registered models and their versions), created by 'mlflow ui' and 'mlflow server'"],
]);

/**
 * Beside the runs in an experiment folder (tracking FileStore.RESERVED_EXPERIMENT_FOLDERS): the
 * experiment's tags, datasets logged as run inputs, GenAI traces, and MLflow 3 logged models.
 */
export const EXPERIMENT_FOLDERS: ReadonlySet<string> = new Set(["tags", "datasets", "traces", "models"]);
