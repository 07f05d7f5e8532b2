/**
 * The differences the fuzz test (test/mlflow/fuzz.test.ts) reads and ignores.
 *
 * DELIBERATE: mlruns differs from MLflow 3.17.2 on purpose; each entry says why, and was
 * checked against MLflow's source (docs/mlflow-differences.md says the same for users).
 * KNOWN_OPEN: real differences not fixed yet, each with its item of issue #15 (or "new" when
 * the fuzzer found it and #15 does not list it). Delete a KNOWN_OPEN entry when its fix lands:
 * the CI run fails on an entry that matched nothing.
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

/** Whether a logBatch on this run has a key over 255 bytes of UTF-8: too long for a file name on both sides. */
const batchWithLongNameOn = (program: Program, label: string | undefined) =>
  label !== undefined &&
  program.some((c) => c.op === "logBatch" && c.run === label && [...c.metrics, ...c.params, ...c.tags].some((e) => Buffer.byteLength(String(e.key)) > 255));
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
    matches: (d, program) =>
      (d.class === "errorCode" && d.call?.op === "logBatch" && err(d.mlflow) === "INTERNAL_ERROR" && err(d.mlruns) === "INVALID_PARAMETER_VALUE") ||
      // Both refuse a batch with a key too long for a file name (the same code, INTERNAL_ERROR),
      // but MLflow has written the entries before it.
      (d.class === "data" && batchWithLongNameOn(program, run(d))),
  },
  {
    id: "check-order",
    reason:
      "A call that is wrong twice (a run or experiment that does not exist and a bad key or value): mlruns checks " +
      "its arguments once, at the API boundary, before it looks the run up; MLflow's order differs per call " +
      "(log_batch checks the data first, log_param and delete_tag the run). Either error is true, and fixing the " +
      "argument is needed either way; one order everywhere keeps validation in one place.",
    matches: (d) =>
      d.class === "errorCode" && [err(d.mlflow), err(d.mlruns)].sort().join() === "INVALID_PARAMETER_VALUE,RESOURCE_DOES_NOT_EXIST" &&
      [message(d.mlflow), message(d.mlruns)].some((m) => m.includes(MISSING_RUN) || m.includes(MISSING_EXP)),
  },
  {
    id: "set-tag-key-length",
    reason:
      "setTag with a key over 250 characters: MLflow's FileStore.set_tag does not check the key's length, while its " +
      "log_batch, REST server and SQL store refuse it; mlruns applies MLflow's 250-character key limit on every path, " +
      "so a store it writes can be synced to a server.",
    matches: (d) => d.class === "outcome" && d.call?.op === "setTag" && ok(d.mlflow) && typeof d.call.key === "string" && d.call.key.length > 250 && message(d.mlruns).includes("'key' exceeds"),
  },
  {
    id: "artifact-in-deleted-experiment",
    reason:
      "logText/logDict on a deleted run (its experiment deleted): MLflow writes under the experiment's old folder, " +
      "leaving a folder without meta.yaml that breaks later calls on that experiment (INTERNAL_ERROR); mlruns refuses " +
      "the call (INVALID_PARAMETER_VALUE: restore the run first), as MLflow refuses params and metrics for it, and " +
      "the two stores part ways on that experiment from there.",
    matches: (d, program) =>
      (callDiff(d) && (d.call?.op === "logText" || d.call?.op === "logDict") && ok(d.mlflow) && message(d.mlruns).includes("to log artifacts")) ||
      // Calls that then differ on that run or experiment (MLflow: "Invalid parent directory", a run left deleted, ...).
      (callDiff(d) && artifactWhileDeleted(program, d)),
  },
  {
    id: "beyond-int64",
    reason:
      "A step or timestamp outside int64, or a run time past 2^53 ms: MLflow's FileStore writes any Python int " +
      "(its REST API and SQL stores hold int64) and fails on a huge start time with a TypeError; mlruns refuses " +
      "both at the call with INVALID_PARAMETER_VALUE, so what it writes can be read by every MLflow store (#15 item 4).",
    // Whatever MLflow answers: it may fail on another argument first (a file name too long).
    // The message names the value first ("Invalid value "1e21…" for parameter '…step'"); a long key may cut the rest.
    matches: (d) =>
      callDiff(d) && err(d.mlruns) === "INVALID_PARAMETER_VALUE" &&
      (/64-bit|2\^53/.test(message(d.mlruns)) || /^Invalid value "?-?\d{16,}"? for (parameter )?'[^']*(step|timestamp|time)'/.test(message(d.mlruns))),
  },
  {
    id: "name-too-long",
    reason:
      "A key of 250 characters that takes more than 255 bytes of UTF-8 (a file name's limit): MLflow fails with the " +
      "raw OSError; mlruns with a typed StoreIOError (INTERNAL_ERROR) that says to use a shorter key.",
    matches: (d) => callDiff(d) && type(d.mlflow) === "OSError" && /Errno 36\b/.test(message(d.mlflow)) && err(d.mlruns) === "INTERNAL_ERROR",
  },
];

/** Real differences not fixed yet: none today (#15's items 1-9, and what the fuzzer found beside them, are fixed). */
export const KNOWN_OPEN: Explanation[] = [];
