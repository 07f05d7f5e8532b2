import fs from "node:fs";
import type { FileInfo, Metric, MlflowClient, Run } from "../../index.js";
import { matchFiles } from "../../artifacts/artifact-globs.js";
import type { Args, CommandSpec } from "../args.js";
import { statusCell } from "../cells.js";
import type { Context } from "../context.js";
import { formatBytes, formatDuration, formatNumber, formatTime, plural, shortId, toJson, withRunName } from "../format.js";
import { openClient, resolveRun, searchAllRuns } from "../store.js";
import { sparkline } from "../sparkline.js";
import { renderTable, type Cell } from "../table.js";
import { oneLine } from "../text.js";
import { latestMetric } from "../../store/latest-point.js";
import { fileUriToPath, isLocalUri } from "../../util/file-uri.js";

export const spec: CommandSpec = {
  name: "show",
  summary: "everything about one run: info, params, metrics, tags, artifacts, parent and children",
  usage: ["show RUN_ID [--json] [--artifacts GLOB]...", "show RUN_ID --reproduce [--json]"],
  description: [
    "RUN_ID is a full run id or a unique prefix of at least 4 characters. Metrics show the latest",
    "value (as MLflow picks it), its step, the number of points and a sparkline of the history.",
    "Tags set by MLflow (mlflow.*) are listed apart from your own; mlflow.note.content is shown as",
    "the description. Children are the runs whose mlflow.parentRunId tag names this run.",
    "",
    "--reproduce prints what re-running it takes instead: the git commit (and the diff when the",
    "tree was dirty), the install step, the working folder, the exact command, the seed and the",
    "params, as recorded by captureEnvironment / withCompetitionRun.",
    "",
    "--artifacts GLOB lists only the artifacts matching the glob (relative to the run's artifact",
    "folder: '*.json' at the top, '**/*.png' at any depth, 'model/**' one folder); repeat it for",
    "more patterns. The files and bytes counted are those that match.",
  ].join("\n"),
  options: [
    { name: "json", type: "boolean", help: "print JSON: {info, data, experiment, parent, children, artifacts}" },
    { name: "reproduce", type: "boolean", help: "print the steps, command, seed, commit and params to re-run the run" },
    { name: "artifacts", type: "string", multiple: true, valueName: "GLOB", help: "list only the artifacts matching GLOB" },
  ],
  positionals: { min: 1, max: 1, names: "a RUN_ID" },
  examples: ["mlruns show 3f2a9c1e", "mlruns show 3f2a9c1e --artifacts '**/*.json'", "mlruns show 3f2a9c1e4b5d4e6f8a7b6c5d4e3f2a1b --json | jq .data.params", "mlruns show 3f2a9c1e --reproduce"],
};

const PARENT_TAG = "mlflow.parentRunId";
const NOTE_TAG = "mlflow.note.content";
const MAX_ARTIFACT_ENTRIES = 500;

interface ArtifactListing {
  entries: FileInfo[];
  files: number;
  bytes: number;
  truncated: boolean;
  error?: string;
}

/** Every artifact, depth first, folders before their contents (at most MAX_ARTIFACT_ENTRIES). */
async function listAllArtifacts(client: MlflowClient, runId: string): Promise<ArtifactListing> {
  const out: ArtifactListing = { entries: [], files: 0, bytes: 0, truncated: false };
  const walk = async (dir: string | undefined): Promise<void> => {
    for (const info of await client.listArtifacts(runId, dir)) {
      if (out.entries.length >= MAX_ARTIFACT_ENTRIES) {
        out.truncated = true;
        return;
      }
      out.entries.push(info);
      if (info.isDir) await walk(info.path);
      else {
        out.files++;
        out.bytes += info.fileSize ?? 0;
      }
    }
  };
  try {
    await walk(undefined);
  } catch (err) {
    out.error = (err as Error).message;
  }
  return out;
}

/** The artifacts matching the globs, with the folders above them, in listAllArtifacts' order. */
function matchingArtifacts(artifactDir: string | undefined, globs: string[]): ArtifactListing {
  const out: ArtifactListing = { entries: [], files: 0, bytes: 0, truncated: false };
  if (artifactDir === undefined) {
    out.error = "--artifacts needs the artifacts in a local folder, and this run's are not";
    return out;
  }
  if (!fs.existsSync(artifactDir)) return out;
  const dirs = new Set<string>();
  const files: FileInfo[] = [];
  for (const file of matchFiles(artifactDir, { include: globs })) {
    for (let at = file.path.indexOf("/"); at !== -1; at = file.path.indexOf("/", at + 1)) dirs.add(file.path.slice(0, at));
    files.push({ path: file.path, isDir: false, fileSize: file.size });
    out.files++;
    out.bytes += file.size;
  }
  const all = [...[...dirs].map((d) => ({ path: d, isDir: true, fileSize: null })), ...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  out.truncated = all.length > MAX_ARTIFACT_ENTRIES;
  out.entries = all.slice(0, MAX_ARTIFACT_ENTRIES);
  return out;
}

/** The listing drawn as a tree with ├── └── │. */
export function artifactTreeLines(entries: FileInfo[]): string[] {
  const lines: string[] = [];
  const children = new Map<string, FileInfo[]>();
  for (const e of entries) {
    const parent = e.path.includes("/") ? e.path.slice(0, e.path.lastIndexOf("/")) : "";
    const list = children.get(parent) ?? [];
    list.push(e);
    children.set(parent, list);
  }
  const draw = (dir: string, prefix: string): void => {
    const list = children.get(dir) ?? [];
    list.forEach((e, i) => {
      const last = i === list.length - 1;
      const name = e.path.slice(e.path.lastIndexOf("/") + 1);
      const label = e.isDir ? `${oneLine(name)}/` : `${oneLine(name)}  (${formatBytes(e.fileSize)})`;
      lines.push(`${prefix}${last ? "└── " : "├── "}${label}`);
      if (e.isDir) draw(e.path, prefix + (last ? "    " : "│   "));
    });
  };
  draw("", "");
  return lines;
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const client = openClient(ctx, args);
  const runObj: Run = await resolveRun(client, args.positionals[0]!);
  const { info, data } = runObj;
  // The folder mlruns reads the artifacts from: a moved store's own, not the recorded old path.
  const artifactDir = isLocalUri(info.artifactUri) ? client.store.artifactRepository(info).rootDir : undefined;
  if (args.flag("reproduce")) return printReproduction(runObj, artifactDir, args, ctx);

  const experiment = await client.getExperiment(info.experimentId).catch(() => undefined);
  const parentId = data.tags[PARENT_TAG];
  let parent: Run | undefined;
  if (parentId) parent = await client.getRun(parentId).catch(() => undefined);
  // Children: the filter narrows the search once src/search evaluates it; the check below keeps the answer right either way.
  const { runs: candidates } = await searchAllRuns(client, [info.experimentId], {
    filter: `tags.${PARENT_TAG} = '${info.runId}'`,
    viewType: "ACTIVE_ONLY",
  });
  const children = candidates
    .filter((r) => r.data.tags[PARENT_TAG] === info.runId)
    .sort((a, b) => (a.info.startTime ?? 0) - (b.info.startTime ?? 0) || (a.info.runId < b.info.runId ? -1 : 1));
  const histories = new Map<string, Metric[]>();
  for (const key of sortedKeys(data.metrics)) histories.set(key, await client.getMetricHistory(info.runId, key));
  const globs = args.list("artifacts");
  const artifacts = globs.length ? matchingArtifacts(artifactDir, globs) : await listAllArtifacts(client, info.runId);

  if (args.flag("json")) {
    ctx.out(
      toJson({
        info,
        data,
        experiment: experiment ? { experimentId: experiment.experimentId, name: experiment.name, lifecycleStage: experiment.lifecycleStage } : null,
        parent: parentId ? { runId: parentId, runName: parent?.info.runName ?? null, found: parent !== undefined } : null,
        children: children.map((c) => ({ runId: c.info.runId, runName: c.info.runName, status: c.info.status })),
        metricSteps: Object.fromEntries([...histories].map(([k, h]) => [k, { latestStep: latestMetric(h)?.step ?? null, points: h.length }])),
        artifacts: artifacts.entries,
        ...(artifacts.truncated ? { artifactsTruncated: true } : {}),
        ...(artifacts.error ? { artifactsError: artifacts.error } : {}),
      }),
    );
    return 0;
  }

  const { style } = ctx;
  const heading = (text: string) => ctx.out(style.bold(text));
  const section = (title: string, lines: string[], empty = "  (none)") => {
    ctx.out();
    heading(title);
    if (lines.length) for (const l of lines) ctx.out(l);
    else ctx.out(style.dim(empty));
  };

  heading(`Run ${info.runId}`);
  const duration = info.startTime !== null && info.endTime !== null ? ` (took ${formatDuration(info.endTime - info.startTime)})` : "";
  const summary: Cell[][] = [
    ["Name", info.runName ?? "-"],
    ["Experiment", experiment ? `${experiment.name} (${experiment.experimentId})${experiment.lifecycleStage === "deleted" ? " [deleted]" : ""}` : info.experimentId],
    ["Status", statusCell(info.status, style)],
    ["Lifecycle", info.lifecycleStage === "deleted" ? { text: "deleted", paint: style.red } : "active"],
    ["User", info.userId],
    ["Start", formatTime(info.startTime)],
    ["End", info.endTime !== null ? formatTime(info.endTime) + duration : "-"],
    ["Artifact URI", info.artifactUri],
    ...(artifactDir !== undefined && artifactDir !== fileUriToPath(info.artifactUri)
      ? [["Artifacts at", `${artifactDir} (the store was moved; mlruns relocate records this)`]]
      : []),
    ["Parent", parentId ? (parent ? withRunName(parent.info.runId, parent.info.runName) : `${parentId} (not found)`) : "-"],
    ["Children", children.length ? String(children.length) : "-"],
  ];
  for (const line of renderTable([{ header: "" }, { header: "" }], summary, { header: false, indent: "  ", style })) ctx.out(line);

  const note = data.tags[NOTE_TAG];
  if (note) section("Description", note.replace(/\n+$/, "").split("\n").map((l) => `  ${l}`.trimEnd()));

  if (children.length) {
    section(
      `Children (${children.length})`,
      renderTable(
        [{ header: "RUN" }, { header: "NAME" }, { header: "STATUS" }],
        children.map((c) => [{ text: shortId(c.info.runId), paint: style.cyan }, c.info.runName ?? "", statusCell(c.info.status, style)]),
        { header: false, indent: "  ", style },
      ),
    );
  }

  const paramKeys = sortedKeys(data.params);
  section(
    `Params (${paramKeys.length})`,
    renderTable([{ header: "KEY" }, { header: "VALUE" }], paramKeys.map((k) => [k, data.params[k]!]), { header: false, indent: "  ", style }),
  );

  const metricKeys = sortedKeys(data.metrics);
  section(
    `Metrics (${metricKeys.length})`,
    metricKeys.length
      ? renderTable(
          [{ header: "KEY" }, { header: "LATEST", align: "right" }, { header: "STEP", align: "right" }, { header: "POINTS", align: "right" }, { header: "HISTORY" }],
          metricKeys.map((k) => {
            const h = histories.get(k) ?? [];
            const ordered = h.slice().sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
            return [k, formatNumber(data.metrics[k]!), String(latestMetric(h)?.step ?? ""), String(h.length), h.length > 1 ? sparkline(ordered.map((m) => m.value), 24) : ""];
          }),
          { indent: "  ", style },
        )
      : [],
  );

  const userTags = sortedKeys(data.tags).filter((k) => !k.startsWith("mlflow."));
  const systemTags = sortedKeys(data.tags).filter((k) => k.startsWith("mlflow.") && k !== NOTE_TAG);
  const tagRows = (keys: string[]) => renderTable([{ header: "" }, { header: "" }], keys.map((k) => [k, data.tags[k]!]), { header: false, indent: "  ", style });
  section(`Tags (${userTags.length})`, tagRows(userTags));
  section(`System tags (${systemTags.length})`, tagRows(systemTags));

  const artifactTitle = `Artifacts${globs.length ? ` matching ${globs.map((g) => `'${oneLine(g)}'`).join(", ")}` : ""} (${plural(artifacts.files, "file")}, ${formatBytes(artifacts.bytes)}${artifacts.truncated ? `; first ${MAX_ARTIFACT_ENTRIES} entries` : ""})`;
  if (artifacts.error) section("Artifacts", [], `  (cannot list: ${artifacts.error})`);
  else section(artifactTitle, artifactTreeLines(artifacts.entries).map((l) => `  ${l}`));
  return 0;
}

async function printReproduction(runObj: Run, artifactDir: string | undefined, args: Args, ctx: Context): Promise<number> {
  const { reproductionInfo } = await import("../../competition/reproduce.js");
  const info = reproductionInfo(runObj, { artifactDir });
  if (args.flag("json")) {
    ctx.out(toJson(info));
    return 0;
  }
  const { style } = ctx;
  ctx.out(`Run ${withRunName(info.runId, info.runName)}`);
  ctx.out(`  seed:    ${info.seed ?? style.dim("(not recorded)")}`);
  ctx.out(`  commit:  ${info.git ? `${info.git.commit}${info.git.branch ? ` on ${info.git.branch}` : ""}${info.git.dirty ? " (dirty: the diff is an artifact)" : ""}` : style.dim("(not recorded)")}`);
  ctx.out(`  command: ${info.npmCommand ?? info.command ?? style.dim("(not recorded)")}`);
  const params = Object.keys(info.params).sort();
  if (params.length) {
    ctx.out("  params:");
    for (const k of params) ctx.out(`    ${k} = ${info.params[k]}`);
  }
  if (info.steps.length) {
    ctx.out("");
    ctx.out(style.bold("To re-run it:"));
    for (const step of info.steps) ctx.out(`  ${step}`);
  } else {
    ctx.out(style.dim("No command was recorded: log runs with withCompetitionRun or captureEnvironment to make them reproducible."));
  }
  return 0;
}
