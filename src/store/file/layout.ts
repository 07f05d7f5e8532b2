/**
 * Where things live in an MLflow file store (mlflow/store/tracking/file_store.py):
 *
 *   <root>/<experiment id>/meta.yaml, tags/          an active experiment
 *   <root>/<experiment id>/<run id>/…                its runs
 *   <root>/<experiment id>/models/<model id>/…       its MLflow 3 logged models
 *   <root>/.trash/<experiment id>/…                  a deleted experiment, same shape
 *
 * Every other module asks here rather than joining paths of its own.
 */
import path from "node:path";
import type { ViewType } from "../../entities.js";
import { isDir, subfolders, type SubfolderOptions } from "../../util/fs/folders.js";

/** FileStore.TRASH_FOLDER_NAME */
export const TRASH_FOLDER = ".trash";
/** FileStore.MODELS_FOLDER_NAME: logged models, beside the runs of an experiment. */
export const MODELS_FOLDER = "models";
/** FileStore.DEFAULT_EXPERIMENT_ID */
export const DEFAULT_EXPERIMENT_ID = "0";

/** Beside the experiment folders at the store root: never an experiment (FileStore._get_active_experiments). */
export const STORE_ROOT_FOLDERS: ReadonlyMap<string, string> = new Map([
  // tracking FileStore.TRASH_FOLDER_NAME; FileStore.__init__ creates it.
  [TRASH_FOLDER, "MLflow's trash: deleted experiments, kept until 'mlflow gc' or 'mlruns gc' removes them"],
  // model_registry FileStore.MODELS_FOLDER_NAME; its __init__ creates it, and `mlflow ui` /
  // `mlflow server` open that store on the backend folder as they start (initialize_backend_stores).
  ["models", "MLflow's model registry (registered models and their versions), created by 'mlflow ui' and 'mlflow server'"],
]);

/**
 * Beside the runs in an experiment folder (tracking FileStore.RESERVED_EXPERIMENT_FOLDERS): the
 * experiment's tags, datasets logged as run inputs, GenAI traces, and MLflow 3 logged models.
 * Never run folders.
 */
export const EXPERIMENT_FOLDERS: ReadonlySet<string> = new Set(["tags", "datasets", "traces", MODELS_FOLDER]);

export interface Located {
  experimentId: string;
  dir: string;
}

/** The folders of one store: its experiments, active and deleted, and what is in them. */
export class StoreLayout {
  readonly trashDir: string;

  constructor(
    readonly rootDir: string,
    private readonly subfolderOptions: SubfolderOptions = {},
  ) {
    this.trashDir = path.join(rootDir, TRASH_FOLDER);
  }

  subfolders(dir: string): string[] {
    return subfolders(dir, this.subfolderOptions);
  }

  activeExperimentIds(): string[] {
    return this.subfolders(this.rootDir).filter((d) => d !== TRASH_FOLDER && d !== MODELS_FOLDER);
  }

  deletedExperimentIds(): string[] {
    return this.subfolders(this.trashDir);
  }

  /** The experiment's folder in this view (active at the root, deleted in .trash). */
  experimentDir(experimentId: string, view: ViewType = "ALL"): string | undefined {
    const parents: string[] = [];
    if (view !== "DELETED_ONLY") parents.push(this.rootDir);
    if (view !== "ACTIVE_ONLY") parents.push(this.trashDir);
    for (const parent of parents) {
      const dir = path.join(parent, experimentId);
      if (isDir(dir)) return dir;
    }
    return undefined;
  }

  /**
   * _find_run_root and _find_model_root: the first experiment, active then deleted, in which
   * `exists(dir)` holds for `dir = inExperiment(experimentDir)`.
   */
  find(inExperiment: (experimentDir: string) => string, exists: (dir: string) => boolean): Located | undefined {
    const parents = [
      ...this.activeExperimentIds().map((id) => [id, path.join(this.rootDir, id)] as const),
      ...this.deletedExperimentIds().map((id) => [id, path.join(this.trashDir, id)] as const),
    ];
    for (const [experimentId, expDir] of parents) {
      const dir = inExperiment(expDir);
      if (exists(dir)) return { experimentId, dir };
    }
    return undefined;
  }
}

/** Remembered locations: runs and models only move when their experiment is (un)deleted. */
export class Locations {
  private readonly known = new Map<string, Located>();

  constructor(
    private readonly layout: StoreLayout,
    private readonly inExperiment: (experimentDir: string, id: string) => string,
    private readonly exists: (dir: string) => boolean,
  ) {}

  /** The cached location, unchecked: for the hot path, which trusts it without a stat(). */
  cached(id: string): Located | undefined {
    return this.known.get(id);
  }

  remember(id: string, experimentId: string, dir: string): void {
    this.known.set(id, { experimentId, dir });
  }

  forget(): void {
    this.known.clear();
  }

  locate(id: string): Located | undefined {
    const cached = this.known.get(id);
    if (cached && isDir(cached.dir)) return cached;
    const found = this.layout.find((expDir) => this.inExperiment(expDir, id), this.exists);
    if (found) this.known.set(id, found);
    return found;
  }
}
