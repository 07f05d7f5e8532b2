/**
 * Which differences are explained: by an entry of DELIBERATE or KNOWN_OPEN, or as the
 * consequence of an explained difference earlier on the same run or experiment (once one
 * side wrote something the other refused, later reads and writes of that entity differ too).
 */
import type { Difference } from "./compare.js";
import { DELIBERATE, KNOWN_OPEN, type Explanation } from "./deliberate-differences.js";
import type { Call, Program } from "./program.js";

export interface Classified {
  diff: Difference;
  /** The entry explaining it (directly or through `via`), or undefined when unexplained. */
  by?: Explanation;
  /** The earlier difference it follows from. */
  via?: Difference;
}

/** The labels a call touches: its run, its experiment, what it creates, the experiments it searches. */
export function labelsOf(c: Call, program: Program): string[] {
  const out: string[] = [];
  if ("run" in c) out.push(c.run, ...experimentOf(c.run, program));
  if ("exp" in c) out.push(c.exp);
  if ("as" in c) out.push(c.as);
  if (c.op === "searchRuns") out.push(...c.exps);
  return out;
}

function experimentOf(run: string, program: Program): string[] {
  const create = program.find((c) => c.op === "createRun" && c.as === run);
  return create && create.op === "createRun" ? [create.exp] : [];
}

/** The label a data difference is about ("runs.r3.params.x" → r3, plus r3's experiment). */
function labelsOfData(d: Difference, program: Program): string[] {
  const [kind, label] = d.where.split(".");
  if (kind === "runs" && label) return [label, ...experimentOf(label, program)];
  if (kind === "experiments" && label) return [label];
  return [];
}

// A difference after which the two stores hold different things: one side applied a call the
// other refused, or MLflow applied part of a call before failing (a batch's first entries, a
// created run whose tags then failed).
const diverges = (d: Difference) => d.class === "outcome" || (d.class === "errorCode" && (d.field === "logBatch" || d.field === "createRun"));

const find = (d: Difference, program: Program): Explanation | undefined =>
  DELIBERATE.find((e) => e.matches(d, program)) ?? KNOWN_OPEN.find((e) => e.matches(d, program));

export function classify(program: Program, diffs: Difference[]): Classified[] {
  const out: Classified[] = [];
  const divergent: { diff: Difference; by?: Explanation; at: number; labels: Set<string> }[] = [];
  for (const diff of diffs) {
    const search = diff.where.startsWith("search.") || diff.class === "result";
    // Data is read after every call; search over the store last.
    const at = diff.call ? program.indexOf(diff.call) : program.length + (search ? 1 : 0);
    const labels = diff.call ? labelsOf(diff.call, program) : labelsOfData(diff, program);
    // Experiment names are store-wide: creating or renaming one follows any earlier divergence in names.
    const names = (c?: Call) => c !== undefined && ["createExperiment", "renameExperiment", "deleteExperiment", "restoreExperiment"].includes(c.op);
    const cause = divergent.find((p) => p.at < at && (search || labels.some((l) => p.labels.has(l)) || (names(diff.call) && names(p.diff.call))));
    const by = find(diff, program);
    const entry: Classified = by ? { diff, by } : cause ? { diff, by: cause.by, via: cause.diff } : { diff };
    out.push(entry);
    if (diverges(diff) || diff.field.endsWith(".readError")) divergent.push({ diff, by: entry.by, at, labels: new Set(labels) });
  }
  return out;
}
