/**
 * The file store: MLflow's mlruns/ folder layout, read and written directly. Code outside
 * store/file/ imports only from here; the modules beside this one are its internals.
 */
export { FileStore, DEFAULT_FLUSH_INTERVAL_MS, type FileStoreOptions } from "./file-store.js";
export { relocate, type RelocateEntry, type RelocateReport, type RelocateOptions } from "./relocate.js";
export { diagnoseStore, repairStore, knownFolders, type Problem, type RepairResult } from "./doctor.js";
