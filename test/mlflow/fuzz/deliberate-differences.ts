/**
 * The differences the fuzz test (test/mlflow/fuzz.test.ts) reads and ignores.
 *
 * DELIBERATE: mlruns differs from MLflow 3.17.2 on purpose; each entry says why, and was
 * checked against MLflow's source. KNOWN_OPEN: real differences not fixed yet, each with its
 * item of issue #15 (or "new" when the fuzzer found it and #15 does not list it). Delete a
 * KNOWN_OPEN entry when its fix lands: the CI run fails on an entry that matched nothing.
 */
import type { Difference } from "./compare.js";
import type { Outcome } from "./run-mlruns.js";
import { MISSING_EXPERIMENT_ID as MISSING_EXP, MISSING_RUN_ID as MISSING_RUN, type Call, type Program, type Val } from "./program.js";

export interface Explanation {
  id: string;
  reason: string;
  /** Issue #15's item for KNOWN_OPEN entries. */
  item?: string;
  matches: (d: Difference, program: Program) => boolean;
}

// ---- what a predicate looks at ----
const err = (o: unknown) => (o as Outcome | undefined)?.error;
const ok = (o: unknown) => (o as Outcome | undefined)?.ok === true;
const type = (o: unknown) => (o as Outcome | undefined)?.type ?? "";
const message = (o: unknown) => (o as Outcome | undefined)?.message ?? "";
const callDiff = (d: Difference) => d.class === "outcome" || d.class === "errorCode";

/** Every value a call passes (batch entries and create tags included). */
function valuesOf(c: Call): Val[] {
  const out: Val[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === "object" && !("f" in x) && !("int" in x) && !("dict" in x)) Object.values(x).forEach(walk);
    else out.push(x as Val);
  };
  walk(Object.entries(c).filter(([k]) => k !== "op" && k !== "as" && k !== "run" && k !== "exp" && k !== "exps"));
  return out;
}
const strings = (c: Call) => valuesOf(c).filter((v): v is string => typeof v === "string");
/** Longer in UTF-16 code units than in characters (code points): what MLflow's limits count. */
const hasAstral = (c: Call) => strings(c).some((s) => [...s].length !== s.length);
const unsafeInt = (v: Val) => typeof v === "object" && v !== null && "int" in v && !Number.isSafeInteger(Number(v.int));
// Letters new in Unicode 15: Python 3.11's \w (Unicode 14) does not match them.
const UNICODE_15 = /[\u{31350}-\u{323AF}\u{1E030}-\u{1E08F}]/u;

const run = (d: Difference) => (d.where.startsWith("runs.") ? d.where.split(".")[1] : undefined);
const callsOn = (program: Program, label: string | undefined) => program.filter((c) => "run" in c && c.run === label || "as" in c && c.as === label);
/** A param value over 6,000 or a run tag value over 8,000 characters (code points, as MLflow counts). */
function tooLongInCodePoints(c: Call): boolean {
  const over = (v: Val, limit: number) => typeof v === "string" && [...v].length > limit;
  switch (c.op) {
    case "logParam":
      return over(c.value, 6000);
    case "setTag":
      return over(c.value, 8000);
    case "createRun":
      return (c.tags ?? []).some(([, v]) => over(v, 8000));
    case "logBatch":
      return c.params.some((p) => over(p.value, 6000)) || c.tags.some((t) => over(t.value, 8000));
    default:
      return false;
  }
}
/** The program logged an artifact to a run of a deleted experiment before call `d`, which is on that experiment or its runs. */
function artifactWhileDeleted(program: Program, d: Difference): boolean {
  const at = program.indexOf(d.call!);
  const expOf = (label: string) => {
    const create = program.find((c) => c.op === "createRun" && c.as === label);
    return create?.op === "createRun" ? create.exp : undefined;
  };
  const deleted = new Set<string>();
  const touched = new Set<string>();
  program.slice(0, at).forEach((c) => {
    if (c.op === "deleteExperiment") deleted.add(c.exp);
    if (c.op === "restoreExperiment") deleted.delete(c.exp);
    if ((c.op === "logText" || c.op === "logDict") && deleted.has(expOf(c.run) ?? "")) touched.add(expOf(c.run)!);
  });
  const label = "run" in d.call! ? d.call.run : "exp" in d.call! ? d.call.exp : undefined;
  return label !== undefined && (touched.has(label) || touched.has(expOf(label) ?? ""));
}
const INT_FIELDS = new Set(["run.histories", "run.metrics", "run.startTime", "run.endTime", "run.readError"]);
const BAD_ARTIFACT_PATH = /(^|\/)\.\.(\/|$)|^\/|^$/;

export const DELIBERATE: Explanation[] = [
  {
    id: "default-experiment",
    reason:
      "Deleting the Default experiment: MLflow's FileStore raises MlflowException with no code (INTERNAL_ERROR); " +
      "mlruns says INVALID_PARAMETER_VALUE, since it is the caller's argument that is refused, not a server fault.",
    matches: (d) => d.class === "errorCode" && d.call?.op === "deleteExperiment" && d.call.exp === "e0" && err(d.mlflow) === "INTERNAL_ERROR" && err(d.mlruns) === "INVALID_PARAMETER_VALUE",
  },
  {
    id: "bad-status",
    reason:
      "A status that is not a RunStatus name ('DONE', 'finished'): MLflow's RunStatus.from_string raises a bare " +
      "Exception; mlruns raises InvalidParameterError listing the valid names.",
    matches: (d) =>
      callDiff(d) && (d.call?.op === "setTerminated" || d.call?.op === "updateRun") && type(d.mlflow) === "Exception" &&
      message(d.mlflow).startsWith("Could not get run status") && err(d.mlruns) === "INVALID_PARAMETER_VALUE",
  },
  {
    id: "rename-deleted-experiment",
    reason:
      "Renaming a deleted experiment: MLflow's FileStore.rename_experiment raises a bare Exception (no error code); " +
      "mlruns raises InvalidStateError (INVALID_STATE) with the same message.",
    matches: (d) =>
      d.class === "errorCode" && d.call?.op === "renameExperiment" && type(d.mlflow) === "Exception" &&
      message(d.mlflow).startsWith("Cannot rename experiment in non-active") && err(d.mlruns) === "INVALID_STATE",
  },
  {
    id: "non-string-system-tag",
    reason:
      "createRun with a non-string mlflow.user or mlflow.runName tag: MLflow's create_run uses it raw as user_id / " +
      "run name, failing with a TypeError, or taking a 0 as no name (FileStore.create_run tests it for truth); " +
      "mlruns stringifies it as it does every other tag value.",
    matches: (d) =>
      d.class === "outcome" && d.call?.op === "createRun" && (type(d.mlflow) === "TypeError" || ok(d.mlflow)) &&
      (d.call.tags ?? []).some(([k, v]) => (k === "mlflow.user" || k === "mlflow.runName") && typeof v !== "string"),
  },
  {
    id: "artifact-path",
    reason:
      "An artifact file that is empty, absolute or has a '..' segment: MLflow writes 'd/../c.txt' (as c.txt), fails " +
      "on '' with IsADirectoryError and on '../x' with INTERNAL_ERROR; mlruns refuses them all at the call with " +
      "INVALID_PARAMETER_VALUE (RESOURCE_DOES_NOT_EXIST first when the run is missing), so no path can leave or " +
      "alias the run's artifact folder.",
    matches: (d, program) =>
      (callDiff(d) && (d.call?.op === "logText" || d.call?.op === "logDict") && BAD_ARTIFACT_PATH.test(String((d.call as any).file)) && !ok(d.mlruns)) ||
      (d.field === "run.artifacts" && d.mlruns === undefined && callsOn(program, run(d)).some((c) => (c.op === "logText" || c.op === "logDict") && BAD_ARTIFACT_PATH.test(String(c.file)))),
  },
  {
    id: "long-values-refused",
    reason:
      "A param value over 6,000 characters or a run tag value over 8,000: MLflow truncates it with a warning " +
      "(MLFLOW_TRUNCATE_LONG_VALUES, default on); mlruns refuses with InvalidParameterError rather than lose data " +
      "silently (docs/api.md). Later calls on that run differ as a consequence.",
    matches: (d) =>
      // MLflow may fail on something else first (a key too long for a file name: OSError).
      (d.class === "outcome" ? ok(d.mlflow) : d.class === "errorCode" && type(d.mlflow) === "OSError") &&
      message(d.mlruns).includes("exceeds the maximum length") && tooLongInCodePoints(d.call!),
  },
  {
    id: "os-error",
    reason:
      "A key that is another key's folder (x vs x/y): MLflow fails with the OS error of the write (IsADirectoryError, " +
      "NotADirectoryError, FileExistsError); mlruns refuses at the call with INVALID_PARAMETER_VALUE naming run and key (#15 item 2).",
    matches: (d) => callDiff(d) && /Error$/.test(type(d.mlflow)) && /Errno (17|20|21)\b/.test(message(d.mlflow)) && err(d.mlruns) === "INVALID_PARAMETER_VALUE",
  },
  {
    id: "batch-checked-whole",
    reason:
      "A logBatch that fails part-way: MLflow's FileStore.log_batch writes entries until one fails and re-raises " +
      "it as INTERNAL_ERROR; mlruns checks the whole batch first, writes nothing and says INVALID_PARAMETER_VALUE (#15 item 2).",
    matches: (d) => d.class === "errorCode" && d.call?.op === "logBatch" && err(d.mlflow) === "INTERNAL_ERROR" && err(d.mlruns) === "INVALID_PARAMETER_VALUE",
  },
];

export const KNOWN_OPEN: Explanation[] = [
  {
    id: "folder-clash-in-one-batch",
    item: "2 (new: inside one batch)",
    reason:
      "One logBatch holding both a key and a key under it (params 'x' and 'x/y'): MLflow fails on the write " +
      "(INTERNAL_ERROR, after writing 'x'); mlruns' clash check misses it and the write throws a raw EEXIST/ENOTDIR.",
    matches: (d) =>
      d.class === "errorCode" && d.call?.op === "logBatch" && err(d.mlruns) === "OTHER" && /\b(EEXIST|ENOTDIR|EISDIR)\b/.test(message(d.mlruns)),
  },
  {
    id: "int64",
    item: "4",
    reason:
      "Integers beyond 2^53 (steps, timestamps, start/end times) are written rounded or in exponent notation. The " +
      "fuzzer passes them to mlruns as JavaScript numbers (what a caller has today); once mlruns refuses unsafe numbers " +
      "and takes bigint, pass bigint in run-mlruns.ts jsValue() and delete this entry.",
    matches: (d, program) =>
      (d.where.startsWith("search.") || INT_FIELDS.has(d.field)) &&
      (d.where.startsWith("search.") ? program : callsOn(program, run(d))).some((c) => valuesOf(c).some(unsafeInt)),
  },
  {
    id: "unicode-15-keys",
    item: "5",
    reason: "Keys with letters new in Unicode 15 pass mlruns' check but not MLflow's (Python 3.11).",
    matches: (d, program) =>
      (callDiff(d) && err(d.mlflow) === "INVALID_PARAMETER_VALUE" && err(d.mlruns) !== "INVALID_PARAMETER_VALUE" &&
        !message(d.mlruns).includes(MISSING_RUN) && strings(d.call!).some((s) => UNICODE_15.test(s))) ||
      // Both refuse a batch that also changes a param, but mlruns gets past the key and writes the entries before it.
      (d.field === "run.params" && d.mlflow === undefined &&
        callsOn(program, run(d)).some((c) => c.op === "logBatch" && [...c.metrics, ...c.params, ...c.tags].some((e) => UNICODE_15.test(String(e.key))))),
  },
  {
    id: "empty-status",
    item: "6",
    reason: "setTerminated with status '' or null: MLflow means FINISHED; mlruns refuses.",
    matches: (d) => d.class === "outcome" && d.call?.op === "setTerminated" && (d.call.status === "" || d.call.status === null) && ok(d.mlflow),
  },
  {
    id: "zero-time",
    item: "6",
    reason: "createRun(startTime 0) / setTerminated(endTime 0): MLflow means now; mlruns stores 0.",
    matches: (d) => (d.field === "run.startTime" || d.field === "run.endTime") && d.mlflow === "now" && d.mlruns === 0,
  },
  {
    id: "empty-run-name",
    item: "6",
    reason: "Setting the mlflow.runName tag to '': MLflow keeps the run's name; mlruns renames the run to ''.",
    matches: (d, program) =>
      (d.field === "run.runName" || d.where.endsWith(".tags.mlflow.runName")) && d.mlruns === "" && d.mlflow !== "" &&
      callsOn(program, run(d)).some((c) =>
        (c.op === "setTag" && c.key === "mlflow.runName" && c.value === "") ||
        (c.op === "logBatch" && c.tags.some((t) => t.key === "mlflow.runName" && t.value === ""))),
  },
  {
    id: "null-as-empty",
    item: "6",
    reason: "A null param, run tag or experiment tag value: MLflow stores str(None) = 'None'; mlruns stores ''.",
    matches: (d) => ["run.params", "run.tags", "run.runName", "experiment.tags"].includes(d.field) && d.mlflow === "None" && d.mlruns === "",
  },
  {
    id: "code-point-limits",
    item: "7",
    reason: "Length limits count UTF-16 code units, not characters: astral text within MLflow's limit is refused.",
    matches: (d, program) =>
      (callDiff(d) && (ok(d.mlflow) || err(d.mlflow) !== "INVALID_PARAMETER_VALUE") && !/\b(0{32}|987654321)\b/.test(message(d.mlflow)) &&
        hasAstral(d.call!) && message(d.mlruns).includes("exceeds the maximum length")) ||
      (d.field === "experiment.tags" && d.mlruns === undefined && typeof d.mlflow === "string" && [...d.mlflow].length !== d.mlflow.length &&
        program.some((c) => c.op === "setExperimentTag" && c.exp === d.where.split(".")[1])),
  },
  {
    id: "batch-chunks",
    item: "8",
    reason: "logBatch with more than 1,000 metrics, 100 params or tags, or 1,000 entries in all: MLflow's client splits it; mlruns refuses.",
    matches: (d) =>
      callDiff(d) && d.call?.op === "logBatch" && ok(d.mlflow) &&
      (d.call.metrics.length > 1000 || d.call.params.length > 100 || d.call.tags.length > 100 || d.call.metrics.length + d.call.params.length + d.call.tags.length > 1000),
  },
  {
    id: "no-op-update-run",
    item: "9",
    reason: "updateRun with neither status nor name (or both null): MLflow returns at once (even for a missing run); mlruns reads the run.",
    matches: (d) => callDiff(d) && d.call?.op === "updateRun" && d.call.status == null && d.call.name == null && ok(d.mlflow),
  },
  {
    id: "empty-batch",
    item: "9",
    reason: "An empty logBatch: MLflow's client returns at once (even for a missing run); mlruns refuses or reads the run.",
    matches: (d) => callDiff(d) && d.call?.op === "logBatch" && d.call.metrics.length + d.call.params.length + d.call.tags.length === 0 && ok(d.mlflow),
  },
  {
    id: "check-order",
    item: "new (error codes)",
    reason:
      "A call that is wrong twice (a run or experiment that does not exist and a bad key or value): MLflow and " +
      "mlruns check in a different order per call, so one says RESOURCE_DOES_NOT_EXIST and the other " +
      "INVALID_PARAMETER_VALUE (e.g. logBatch: MLflow checks the data first; deleteTag, logParam: the run first).",
    matches: (d) =>
      d.class === "errorCode" && [err(d.mlflow), err(d.mlruns)].sort().join() === "INVALID_PARAMETER_VALUE,RESOURCE_DOES_NOT_EXIST" &&
      [message(d.mlflow), message(d.mlruns)].some((m) => m.includes(MISSING_RUN) || m.includes(MISSING_EXP)),
  },
  {
    id: "check-order-rename",
    item: "new (error codes)",
    reason: "Renaming a deleted experiment to a taken name: MLflow checks the name first (RESOURCE_ALREADY_EXISTS), mlruns the lifecycle (INVALID_STATE).",
    matches: (d) => d.class === "errorCode" && d.call?.op === "renameExperiment" && err(d.mlflow) === "RESOURCE_ALREADY_EXISTS" && err(d.mlruns) === "INVALID_STATE",
  },
  {
    id: "artifact-in-deleted-experiment",
    item: "new (like item 1)",
    reason:
      "logText/logDict on a run whose experiment is deleted writes under the experiment's old folder, on both sides, " +
      "leaving a folder without meta.yaml; later calls on that experiment then fail: MLflow with INTERNAL_ERROR, " +
      "mlruns with an untyped Error ('Missing …/meta.yaml') instead of a typed one, and the two stores part ways " +
      "on that experiment's runs.",
    matches: (d, program) =>
      (callDiff(d) && err(d.mlruns) === "OTHER" && /^Missing .*meta\.yaml/.test(message(d.mlruns))) ||
      // Calls that then differ on that run or experiment (MLflow: "Invalid parent directory", a run left deleted, ...).
      (callDiff(d) && artifactWhileDeleted(program, d)),
  },
  {
    id: "half-created-run",
    item: "new (like item 1)",
    reason:
      "createRun with tags x and x/y and a run name over 250 characters: both refuse it with INVALID_PARAMETER_VALUE, " +
      "but MLflow has already created the run (its search finds it) and mlruns leaves a run folder without " +
      "meta.yaml that every later read skips with a warning.",
    matches: (d) =>
      (d.class === "result" || d.field === "search.runs") &&
      JSON.stringify(d.class === "result" ? (d.mlflow as Outcome).result : d.mlflow).includes('"?"') &&
      !JSON.stringify(d.mlruns).includes('"?"'),
  },
  {
    id: "temp-file-left",
    item: "new (atomic writes)",
    reason:
      "logText to 'a.txt' when 'a.txt/' is a folder: both refuse, but mlruns leaves its temporary file " +
      "('.a.txt.<pid>.<n>.tmp') in the run's artifacts, which MLflow then lists.",
    matches: (d) => d.field === "run.artifacts" && d.mlflow === undefined && /\.\d+\.\d+\.tmp$/.test(d.where),
  },
  {
    id: "file-name-too-long",
    item: "new (typed errors)",
    reason:
      "A key of 250 characters that takes more than 255 bytes in UTF-8 (e.g. 'é'×250) is valid for MLflow and mlruns " +
      "but too long a file name: MLflow fails with INTERNAL_ERROR, mlruns with a raw ENAMETOOLONG instead of a StoreIOError.",
    matches: (d) => callDiff(d) && err(d.mlruns) === "OTHER" && /\bENAMETOOLONG\b/.test(message(d.mlruns)),
  },
  {
    id: "set-tag-key-length",
    item: "new (decide)",
    reason:
      "setTag with a key over 250 characters: MLflow's FileStore.set_tag does not check the key's length (its log_batch " +
      "and the SQL store do); mlruns refuses it everywhere. Keep it (document as deliberate) or accept as set_tag does.",
    matches: (d) => d.class === "outcome" && d.call?.op === "setTag" && ok(d.mlflow) && typeof d.call.key === "string" && d.call.key.length > 250 && message(d.mlruns).includes("'key' exceeds"),
  },
];
