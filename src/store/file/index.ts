/**
 * The file store: MLflow's `mlruns/` layout read and written directly (see docs/internals.md).
 * What the rest of mlruns may use of it; every other module in this folder is internal.
 */
export { FileStore, DEFAULT_FLUSH_INTERVAL_MS, type FileStoreOptions } from "./file-store.js";
export { runArtifactDir, modelArtifactDir } from "./artifact-location.js";
export { relocate, type RelocateEntry, type RelocateOptions, type RelocateReport } from "./relocate.js";
export { diagnoseStore, knownFolders, repairStore, type Problem, type RepairResult } from "./doctor.js";
