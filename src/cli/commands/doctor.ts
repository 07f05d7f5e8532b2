import fs from "node:fs";
import path from "node:path";
import { diagnoseStore, knownFolders, repairStore, type Problem } from "../../store/file/index.js";
import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { plural, toJson } from "../format.js";
import { storeLocation } from "../store.js";

export const spec: CommandSpec = {
  name: "doctor",
  summary: "report damage in a store (dry run) and repair what is safe with --fix",
  usage: ["doctor [--fix] [--json]"],
  description: [
    "Finds what readers skip with a warning and what MLflow trips on: run and experiment",
    "folders without (or with unreadable) meta.yaml, runs filed under the wrong experiment,",
    "runs missing metrics/, params/, artifacts/ or tags/ (git drops empty folders; MLflow then",
    "cannot get the run), torn or unreadable metric lines, whole last metric lines without a",
    "newline, temp files and locks left by processes that died, and folders that cannot be",
    "read. Without --fix it only reports. --fix creates missing run folders, deletes leftovers",
    "older than a minute (locks: ten), adds the newline a whole last metric line lacks, and",
    "cuts a torn last metric line and unreadable metric lines, keeping the cut text in a",
    ".<metric>.torn file in the run folder. See docs/crash-safety.md for how the two differ.",
    "Run --fix while nothing logs to the store. Everything else is reported for a person to",
    "decide. Folders MLflow itself makes at the store root (.trash for deleted experiments,",
    "models/ for the model registry, which 'mlflow ui' creates) are listed as info, not problems.",
    "Exit status: 0 when nothing is left to fix, else 1.",
  ].join("\n"),
  options: [
    { name: "fix", type: "boolean", help: "apply the safe repairs (default: report only)" },
    { name: "json", type: "boolean", help: "print the findings as JSON" },
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns doctor", "mlruns doctor --fix", "mlruns --store /data/mlruns doctor --json"],
};

export async function run(args: Args, ctx: Context): Promise<number> {
  const loc = storeLocation(args.string("store") ?? ctx.globalStore, ctx.env);
  if (!fs.statSync(loc.dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`no MLflow store at ${loc.dir} (from ${loc.source})`);
  const problems = diagnoseStore(loc.dir);
  const repairs = args.flag("fix") ? repairStore(problems) : [];
  const repaired = new Set(repairs.filter((r) => r.done).map((r) => r.problem));
  const left = problems.filter((p) => !repaired.has(p));
  const known = knownFolders(loc.dir);
  if (args.flag("json")) {
    ctx.out(toJson({ store: loc.dir, known, problems, repairs }));
    return left.length ? 1 : 0;
  }
  const rel = (p: string) => path.relative(loc.dir, p) || ".";
  const { style } = ctx;
  ctx.out(`Store: ${loc.dir}`);
  for (const k of known) {
    ctx.out(`${style.dim("info")} ${style.bold(rel(k.path) + "/")}`);
    ctx.out(`    ${k.holds}`);
  }
  if (!problems.length) {
    ctx.out("No problems found.");
    return 0;
  }
  const show = (p: Problem, mark: string) => {
    ctx.out(`${mark} ${style.bold(p.kind)} ${rel(p.path)}`);
    ctx.out(`    ${p.detail}`);
  };
  for (const r of repairs) {
    if (r.done) show(r.problem, style.green("fixed"));
    else if (r.problem.fix) show({ ...r.problem, detail: `${r.problem.detail} (repair failed: ${r.error})` }, style.red("error"));
  }
  for (const p of left.filter((p) => !repairs.some((r) => r.problem === p))) {
    show(p, p.fix ? style.yellow("fixable") : style.yellow("problem"));
    if (p.fix) ctx.out(style.dim(`    --fix would ${p.fix}`));
  }
  ctx.out("");
  ctx.out(`${plural(problems.length, "problem")} found, ${repaired.size} fixed, ${left.length} left.`);
  return left.length ? 1 : 0;
}
