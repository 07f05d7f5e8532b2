/**
 * Reads the golden tree written by real MLflow (fixtures/mlflow-tree, regenerated with
 * `.venv/bin/python test/mlflow/py/write_fixture.py fixtures/mlflow-tree`) through mlruns's
 * public API and compares every field with what MLflow itself reported for it
 * (fixtures/mlflow-tree.expected.json). Needs only Node.
 *
 * The fixture's meta.yaml files hold absolute artifact paths of the machine that generated it;
 * the tree is copied to a temporary directory first, so this also proves that mlruns returns
 * those locations as recorded (as MLflow does) yet reads a moved tree's artifacts from the
 * store's own folders.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MlflowClient } from "../../../../src/index.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const FIXTURE = path.join(REPO, "fixtures", "mlflow-tree");
const EXPECTED_PATH = path.join(REPO, "fixtures", "mlflow-tree.expected.json");

type EncodedFloat = number | "NaN" | "Infinity" | "-Infinity" | "-0";
interface ExpectedExperiment {
  experimentId: string;
  name: string;
  artifactLocationSuffix: string;
  lifecycleStage: string;
  tags: Record<string, string>;
  creationTime: number | null;
  lastUpdateTime: number | null;
  runIds: string[];
}
interface ExpectedRun {
  runId: string;
  runName: string;
  experimentId: string;
  status: string;
  startTime: number | null;
  endTime: number | null;
  lifecycleStage: string;
  userId: string;
  artifactUriSuffix: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, EncodedFloat>;
  metricHistories: Record<string, { timestamp: number; value: EncodedFloat; step: number }[]>;
  artifacts: Record<string, { size: number; sha256: string }>;
}
interface Expected {
  mlflowVersion: string;
  experiments: ExpectedExperiment[];
  runs: ExpectedRun[];
}

const expected: Expected = JSON.parse(readFileSync(EXPECTED_PATH, "utf8"));

function decodeFloat(v: EncodedFloat): number {
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  if (v === "-0") return -0;
  return v;
}

/** Exact float comparison: NaN equals NaN, 0 differs from -0. */
function sameFloat(a: number, b: unknown): boolean {
  return typeof b === "number" && Object.is(a, b);
}

function showFloat(v: unknown): string {
  if (typeof v !== "number") return JSON.stringify(v) ?? String(v);
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

function uriToPath(loc: string): string {
  return loc.startsWith("file:") ? fileURLToPath(loc) : path.resolve(loc);
}

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Collects field-level mismatches so one assertion reports all of them. */
class Diffs {
  readonly list: string[] = [];
  eq(what: string, want: unknown, got: unknown): void {
    if (!Object.is(want, got)) this.list.push(`${what}: expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  }
  float(what: string, want: number, got: unknown): void {
    if (!sameFloat(want, got)) this.list.push(`${what}: expected ${showFloat(want)} got ${showFloat(got)}`);
  }
  record(what: string, want: Record<string, string>, got: Record<string, string> | undefined): void {
    const g = got ?? {};
    for (const k of Object.keys(want).sort()) {
      if (!Object.hasOwn(g, k)) this.list.push(`${what} ${JSON.stringify(k)} missing (expected ${JSON.stringify(want[k])})`);
      else this.eq(`${what} ${JSON.stringify(k)}`, want[k], g[k]);
    }
    for (const k of Object.keys(g).sort()) {
      if (!Object.hasOwn(want, k)) this.list.push(`${what} ${JSON.stringify(k)} unexpected (got ${JSON.stringify(g[k])})`);
    }
  }
}

let tmpRoot: string;
let treeRoot: string;
let client: MlflowClient;

/** A field of the meta.yaml in `dir` (below the store or its .trash/), as recorded. */
function recorded(rel: string, field: string): string {
  const dir = [treeRoot, path.join(treeRoot, ".trash")].map((p) => path.join(p, rel)).find((d) => existsSync(path.join(d, "meta.yaml")))!;
  return new RegExp(`^${field}: (.*)$`, "m").exec(readFileSync(path.join(dir, "meta.yaml"), "utf8"))![1]!;
}

async function listFilesRecursive(c: MlflowClient, runId: string, dir?: string, depth = 0): Promise<{ path: string; fileSize: number | null }[]> {
  if (depth > 32) throw new Error(`artifact tree too deep at ${dir}`);
  const out: { path: string; fileSize: number | null }[] = [];
  for (const fi of await c.listArtifacts(runId, dir)) {
    if (fi.isDir) out.push(...(await listFilesRecursive(c, runId, fi.path, depth + 1)));
    else out.push({ path: fi.path, fileSize: fi.fileSize });
  }
  return out;
}

beforeAll(() => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), "mlruns-fixture-read-"));
  // A different absolute path (with a space) than the one recorded in the fixture's meta.yaml files.
  treeRoot = path.join(tmpRoot, "moved tree", "mlruns");
  cpSync(FIXTURE, treeRoot, { recursive: true });
  client = new MlflowClient(treeRoot);
});

afterAll(() => {
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
});

describe("fixture sanity", () => {
  test("the fixture was written by the pinned MLflow and covers the intended cases", () => {
    const pin = readFileSync(path.join(REPO, ".ci", "mlflow-version"), "utf8").trim();
    expect(expected.mlflowVersion).toBe(pin);
    expect(expected.experiments.length).toBeGreaterThanOrEqual(4);
    expect(expected.experiments.some((e) => e.lifecycleStage === "deleted")).toBe(true);
    const statuses = new Set(expected.runs.map((r) => r.status));
    for (const s of ["FINISHED", "FAILED", "KILLED", "RUNNING"]) expect(statuses).toContain(s);
    expect(expected.runs.some((r) => r.lifecycleStage === "deleted")).toBe(true);
    expect(expected.runs.some((r) => "mlflow.parentRunId" in r.tags)).toBe(true);
  });

  test("the copied tree lives elsewhere than the paths recorded in its meta.yaml", () => {
    const meta = readFileSync(path.join(treeRoot, "0", "meta.yaml"), "utf8");
    const recorded = /^artifact_location: (.*)$/m.exec(meta)?.[1];
    expect(recorded).toBeTruthy();
    expect(canonical(path.dirname(uriToPath(recorded!)))).not.toBe(canonical(treeRoot));
  });
});

describe("experiments", () => {
  test("searchExperiments({viewType: 'ALL'}) returns exactly the expected experiments", async () => {
    const ids: string[] = [];
    let pageToken: string | null | undefined = undefined;
    for (let page = 0; page < 100; page++) {
      const res: Awaited<ReturnType<MlflowClient["searchExperiments"]>> = await client.searchExperiments({
        viewType: "ALL",
        ...(pageToken ? { pageToken } : {}),
      });
      ids.push(...res.items.map((e) => e.experimentId));
      pageToken = res.nextPageToken;
      if (!pageToken) break;
    }
    expect(ids.slice().sort()).toEqual(expected.experiments.map((e) => e.experimentId).sort());
  });

  test("searchExperiments ACTIVE_ONLY / DELETED_ONLY split by lifecycle stage", async () => {
    const active = (await client.searchExperiments({ viewType: "ACTIVE_ONLY", maxResults: 1000 })).items.map((e) => e.experimentId);
    const deleted = (await client.searchExperiments({ viewType: "DELETED_ONLY", maxResults: 1000 })).items.map((e) => e.experimentId);
    expect(active.sort()).toEqual(expected.experiments.filter((e) => e.lifecycleStage === "active").map((e) => e.experimentId).sort());
    expect(deleted.sort()).toEqual(expected.experiments.filter((e) => e.lifecycleStage === "deleted").map((e) => e.experimentId).sort());
  });

  describe.each(expected.experiments.map((e) => [`${e.experimentId} (${e.name})`, e] as const))("experiment %s", (_label, exp) => {
    test("getExperiment: every field", async () => {
      const got = await client.getExperiment(exp.experimentId);
      const d = new Diffs();
      const w = `experiment ${exp.experimentId}`;
      d.eq(`${w}: experimentId`, exp.experimentId, got.experimentId);
      d.eq(`${w}: name`, exp.name, got.name);
      d.eq(`${w}: lifecycleStage`, exp.lifecycleStage, got.lifecycleStage);
      d.eq(`${w}: creationTime`, exp.creationTime, got.creationTime);
      d.eq(`${w}: lastUpdateTime`, exp.lastUpdateTime, got.lastUpdateTime);
      d.record(`${w}: tag`, exp.tags, got.tags);
      // As MLflow returns it: meta.yaml's value, the generating machine's path, not this copy's.
      d.eq(`${w}: artifactLocation`, recorded(exp.experimentId, "artifact_location"), got.artifactLocation);
      d.eq(`${w}: artifactLocation ends in the default layout`, true, got.artifactLocation.endsWith(`/${exp.artifactLocationSuffix}`));
      expect(d.list).toEqual([]);
    });

    test("getExperimentByName finds it", async () => {
      const got = await client.getExperimentByName(exp.name);
      expect(got?.experimentId).toBe(exp.experimentId);
      expect(got?.lifecycleStage).toBe(exp.lifecycleStage);
    });

    test("searchRuns(ALL) returns exactly its runs, in MLflow's default order", async () => {
      const res = await client.searchRuns([exp.experimentId], "", "ALL", 1000);
      const ids = res.items.map((r) => r.info.runId);
      expect(ids.slice().sort()).toEqual(exp.runIds.slice().sort());
      expect(ids).toEqual(exp.runIds); // start_time DESC, then run_id, as MLflow returned them
    });
  });
});

describe.each(expected.runs.map((r) => [`${r.runId} (${r.runName}, ${r.status}, ${r.lifecycleStage})`, r] as const))("run %s", (_label, run) => {
  const w = `run ${run.runId}`;

  test("getRun: info fields", async () => {
    const { info } = await client.getRun(run.runId);
    const d = new Diffs();
    d.eq(`${w}: runId`, run.runId, info.runId);
    d.eq(`${w}: runName`, run.runName, info.runName);
    d.eq(`${w}: experimentId`, run.experimentId, info.experimentId);
    d.eq(`${w}: status`, run.status, info.status);
    d.eq(`${w}: startTime`, run.startTime, info.startTime);
    d.eq(`${w}: endTime`, run.endTime, info.endTime);
    d.eq(`${w}: lifecycleStage`, run.lifecycleStage, info.lifecycleStage);
    d.eq(`${w}: userId`, run.userId, info.userId);
    d.eq(`${w}: artifactUri`, recorded(path.join(run.experimentId, run.runId), "artifact_uri"), info.artifactUri);
    d.eq(`${w}: artifactUri ends in the default layout`, true, info.artifactUri.endsWith(`/${run.artifactUriSuffix}`));
    // ...while its artifacts are this copy's folder.
    d.eq(
      `${w}: artifact folder`,
      canonical(path.join(treeRoot, run.artifactUriSuffix)),
      canonical(client.store.artifactRepository(info).rootDir!),
    );
    expect(d.list).toEqual([]);
  });

  test("getRun: params, tags, latest metrics", async () => {
    const { data } = await client.getRun(run.runId);
    const d = new Diffs();
    d.record(`${w}: param`, run.params, data.params);
    d.record(`${w}: tag`, run.tags, data.tags);
    for (const k of Object.keys(run.metrics).sort()) {
      if (!Object.hasOwn(data.metrics, k)) d.list.push(`${w}: metric ${JSON.stringify(k)} missing`);
      else d.float(`${w}: metric ${JSON.stringify(k)}`, decodeFloat(run.metrics[k]!), data.metrics[k]);
    }
    for (const k of Object.keys(data.metrics).sort()) {
      if (!Object.hasOwn(run.metrics, k)) d.list.push(`${w}: metric ${JSON.stringify(k)} unexpected (got ${showFloat(data.metrics[k])})`);
    }
    expect(d.list).toEqual([]);
  });

  test("getMetricHistory: every point of every metric, in order", async () => {
    const d = new Diffs();
    for (const [key, points] of Object.entries(run.metricHistories)) {
      const hist = await client.getMetricHistory(run.runId, key);
      const hw = `${w}: metric ${JSON.stringify(key)} history`;
      d.eq(`${hw} length`, points.length, hist.length);
      let reported = 0;
      for (let i = 0; i < Math.min(points.length, hist.length) && reported < 5; i++) {
        const before = d.list.length;
        const p = points[i]!;
        const m = hist[i]!;
        d.eq(`${hw}[${i}] key`, key, m.key);
        d.eq(`${hw}[${i}] timestamp`, p.timestamp, m.timestamp);
        d.float(`${hw}[${i}] value`, decodeFloat(p.value), m.value);
        d.eq(`${hw}[${i}] step`, p.step, m.step);
        if (d.list.length > before) reported++;
      }
    }
    expect(d.list).toEqual([]);
  });

  test("listArtifacts (recursive) and downloadArtifacts: paths, sizes, sha256", async () => {
    const files = await listFilesRecursive(client, run.runId);
    expect(files.map((f) => f.path).sort()).toEqual(Object.keys(run.artifacts).sort());
    const dst = mkdtempSync(path.join(tmpRoot, "dl-"));
    const d = new Diffs();
    for (const f of files) {
      const want = run.artifacts[f.path];
      if (!want) continue;
      d.eq(`${w}: artifact ${JSON.stringify(f.path)} fileSize`, want.size, f.fileSize);
      const local = await client.downloadArtifacts(run.runId, f.path, dst);
      d.eq(`${w}: artifact ${JSON.stringify(f.path)} downloaded size`, want.size, statSync(local).size);
      d.eq(`${w}: artifact ${JSON.stringify(f.path)} sha256`, want.sha256, sha256(local));
    }
    expect(d.list).toEqual([]);
  });
});

describe("moved tree", () => {
  test("artifacts are read from the moved tree, not from the absolute path in meta.yaml", async () => {
    const run = expected.runs.find((r) => Object.keys(r.artifacts).length > 0 && r.lifecycleStage === "active")!;
    const file = Object.keys(run.artifacts).sort()[0]!;
    // A second copy whose artifact differs: if mlruns followed meta.yaml's absolute path (which may
    // still exist on the machine that generated the fixture) it would read the original bytes.
    const second = path.join(tmpRoot, "second copy", "mlruns");
    cpSync(FIXTURE, second, { recursive: true });
    const c2 = new MlflowClient(second);
    const { info } = await c2.getRun(run.runId);
    expect(canonical(uriToPath(info.artifactUri)).startsWith(canonical(second) + path.sep)).toBe(false);
    const onDisk = path.join(c2.store.artifactRepository(info).rootDir!, ...file.split("/"));
    expect(canonical(onDisk).startsWith(canonical(second) + path.sep)).toBe(true);
    expect(existsSync(onDisk)).toBe(true);
    writeFileSync(onDisk, "changed in the second copy\n");
    const dst = mkdtempSync(path.join(tmpRoot, "dl2-"));
    const local = await c2.downloadArtifacts(run.runId, file, dst);
    expect(readFileSync(local, "utf8")).toBe("changed in the second copy\n");
    const listed = (await c2.listArtifacts(run.runId, path.posix.dirname(file) === "." ? undefined : path.posix.dirname(file))).find(
      (f) => f.path === file,
    );
    expect(listed?.fileSize).toBe(Buffer.byteLength("changed in the second copy\n"));
  });

  test("reading does not modify the committed fixture", () => {
    // The suite only ever opens copies; guard against a future edit pointing it at FIXTURE.
    expect(canonical(treeRoot)).not.toBe(canonical(FIXTURE));
  });
});
