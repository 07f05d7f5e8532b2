/**
 * A search with no filter and no order-by checks only the meta.yaml files of the runs it
 * returns (and of those it passes over on the way), trusting the persisted cache for the
 * order of the rest: start_time and run_id never change once written. These tests hold it
 * to an uncached search, in fresh processes, after every kind of change another process
 * can make, and pin what it does when a hand edit breaks that rule.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../../../src/store/file/file-store.js";
import type { ViewType } from "../../../../src/index.js";
import { tempDir } from "../../helpers/temp-store.js";
import { type CapturedWarning, printedWarnings } from "../../helpers/warnings.js";

const child = path.join(import.meta.dirname, "..", "..", "children", "page-search.mjs");

interface Query {
  experimentIds: string[];
  view: ViewType;
  max: number;
  /** Also search the page the result's token names. */
  follow?: boolean;
}
interface Result {
  pages: { ids: string[]; next: string | null }[];
  metaStats: number;
  /** What the child printed as warnings on its stderr. */
  warnings: CapturedWarning[];
}

function searchIn(root: string, queries: Query[], cacheDir: string): Result {
  const r = spawnSync(process.execPath, [child, root, JSON.stringify(queries)], {
    encoding: "utf8",
    env: { ...process.env, MLRUNS_CACHE_DIR: cacheDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0) throw new Error(`search child failed (${r.status ?? r.error}): ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as Omit<Result, "warnings">), warnings: printedWarnings(r.stderr) };
}

/** Every file and folder below `dir` last modified two minutes ago: past the cache's racy window. */
function age(dir: string) {
  const past = new Date(Date.now() - 120_000);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.utimesSync(path.join(dir, String(f)), past, past);
  fs.utimesSync(dir, past, past);
}

/**
 * 30 runs over two experiments: start times 1000 + 10*i, four of them sharing one start time
 * (run_id decides their order), every fifth deleted.
 */
async function store() {
  const root = path.join(tempDir(), "mlruns");
  const writer = new FileStore(root, { cacheDir: null });
  const exps = [await writer.createExperiment("a", undefined, []), await writer.createExperiment("b", undefined, [])];
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const startTime = i >= 10 && i < 14 ? 5_000 : 1_000 + 10 * i;
    const run = await writer.createRun({ experimentId: exps[i % 2]!, userId: "u", startTime, tags: [], runName: `r${i}` });
    ids.push(run.info.runId);
    if (i % 5 === 0) await writer.deleteRun(run.info.runId);
  }
  return { root, writer, exps, ids };
}

/** Pages of every view and size, each followed by the page its token names. */
function queries(exps: string[]): Query[] {
  const out: Query[] = [];
  for (const experimentIds of [exps, [exps[0]!]]) {
    for (const view of ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const) {
      for (const max of [1, 4, 7, 1000]) out.push({ experimentIds, view, max, follow: true });
    }
  }
  return out;
}

/** Runs the queries in two fresh processes, cached and not. */
function compare(root: string, exps: string[], cacheDir: string) {
  const uncached = searchIn(root, queries(exps), "off");
  const cached = searchIn(root, queries(exps), cacheDir);
  expect(cached.pages).toEqual(uncached.pages);
  expect(uncached.pages.some((p) => p.next)).toBe(true);
  return { cached, uncached };
}

/** The store, aged, with a cache filled by a first round of searches. */
async function cachedStore() {
  const made = await store();
  const cacheDir = tempDir("mlruns-cache-");
  age(made.root);
  compare(made.root, made.exps, cacheDir);
  return { ...made, cacheDir };
}

/** Edits a run's start_time in its meta.yaml by hand (nothing in MLflow or mlruns does). */
function setStartTime(root: string, exp: string, runId: string, startTime: number) {
  const meta = path.join(root, exp, runId, "meta.yaml");
  fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replace(/start_time: \d+/, `start_time: ${startTime}`));
}

describe("the natural-order page", () => {
  it("is what an uncached search returns, after each change another process makes", async () => {
    const { root, writer, exps, ids, cacheDir } = await cachedStore();

    const steps: Array<[string, () => Promise<void> | void]> = [
      ["delete the newest run", () => writer.deleteRun(ids[29]!)],
      ["restore a deleted run that sorts first among its ties", () => writer.restoreRun(ids[10]!)],
      ["rename a run", async () => void (await writer.updateRunInfo(ids[28]!, "FINISHED", 9_999, "renamed"))],
      ["create a run", async () => void (await writer.createRun({ experimentId: exps[1]!, userId: "u", startTime: 10_000, tags: [], runName: "new" }))],
      ["create a run older than all", async () => void (await writer.createRun({ experimentId: exps[0]!, userId: "u", startTime: 1, tags: [], runName: "old" }))],
      ["remove a run folder", () => fs.rmSync(path.join(root, exps[1]!, ids[27]!), { recursive: true })],
      ["damage a meta.yaml", () => fs.writeFileSync(path.join(root, exps[0]!, ids[26]!, "meta.yaml"), "run_id: [unclosed\n")],
    ];
    // Only the damaged meta.yaml makes a search warn, and every such warning names its run folder.
    const damagedRun = path.join(root, exps[0]!, ids[26]!);
    for (const [what, change] of steps) {
      await change();
      age(root);
      try {
        const { cached, uncached } = compare(root, exps, cacheDir);
        const warnings = [...uncached.warnings, ...cached.warnings];
        if (what === "damage a meta.yaml") {
          expect(uncached.warnings).not.toEqual([]);
          for (const w of warnings) expect(w).toMatchObject({ code: "MLRUNS_DAMAGED_STORE", message: expect.stringContaining(damagedRun) });
        } else {
          expect(warnings).toEqual([]);
        }
      } catch (err) {
        throw new Error(`after '${what}': ${(err as Error).message}`);
      }
    }
  });

  it("stats only the meta.yaml files of the page and of the runs passed over to fill it", async () => {
    const { root, exps } = await store();
    const cacheDir = tempDir("mlruns-cache-");
    age(root);
    const q: Query[] = [{ experimentIds: exps, view: "ACTIVE_ONLY", max: 4 }];
    const uncached = searchIn(root, q, "off");
    expect(uncached.metaStats).toBeGreaterThanOrEqual(30);
    searchIn(root, q, cacheDir); // fills the cache
    const cached = searchIn(root, q, cacheDir);
    expect(cached.pages).toEqual(uncached.pages);
    // 4 shown and 1 more (is there a next page?), plus the deleted runs among them (r25, r20).
    expect(cached.metaStats).toBeLessThanOrEqual(8);
    expect(cached.pages[0]!.next).toBeTruthy();
  });

  it("keeps the cache file in natural order, and falls back to a full listing where its order is damaged", async () => {
    const { root, exps, cacheDir } = await cachedStore();
    for (const file of fs.readdirSync(cacheDir).filter((f) => f.endsWith(".runs"))) {
      const full = path.join(cacheDir, file);
      const [format, ...lines] = fs.readFileSync(full, "latin1").split("\n");
      const starts = lines.map((l) => Number(l.split("\t")[1]!.split(" ")[0]));
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
      // The third line's order part made unreadable.
      lines[2] = lines[2]!.replace(/\t[^\t]*/, "\tnot-an-order");
      fs.writeFileSync(full, [format, ...lines].join("\n"));
    }
    compare(root, exps, cacheDir);
  });

  it("falls back to reading every run when a run it checks has a start_time edited by hand", async () => {
    const { root, exps, ids, cacheDir } = await cachedStore();
    // r28 and r26 are on the first pages; moved to the very end, they must leave them. (One
    // such run alone would land in the slot that only tells whether a next page exists.)
    for (const i of [28, 26]) setStartTime(root, exps[0]!, ids[i]!, 1);
    age(root);
    // First in a process of its own: a process that has re-read a run orders it right after.
    const q: Query[] = [{ experimentIds: exps, view: "ACTIVE_ONLY", max: 7 }];
    const cached = searchIn(root, q, cacheDir);
    expect(cached.pages).toEqual(searchIn(root, q, "off").pages);
    expect(cached.pages[0]!.ids).not.toContain("r26:active");
    compare(root, exps, cacheDir);
  });

  it("does not see a hand-edited start_time of a run outside the page until a search reads that run", async () => {
    // The documented limit of trusting start_time: neither MLflow nor mlruns ever rewrites
    // it, so only an edit by hand can break the rule, and a run the page never reaches is
    // not checked. Any search that reads every run (a filter, an order-by) refreshes it.
    const { root, exps, ids, cacheDir } = await cachedStore();
    const q: Query[] = [{ experimentIds: exps, view: "ACTIVE_ONLY", max: 3 }];
    const before = searchIn(root, q, cacheDir).pages;
    setStartTime(root, exps[1]!, ids[1]!, 99999); // r1: old, far from the page
    age(root);
    expect(searchIn(root, q, "off").pages[0]!.ids[0]).toBe("r1:active");
    expect(searchIn(root, q, cacheDir).pages).toEqual(before);

    const reader = new FileStore(root, { cacheDir });
    await reader.searchRuns({ experimentIds: exps, filterString: "attributes.status != 'x'" });
    expect(searchIn(root, q, cacheDir).pages[0]!.ids[0]).toBe("r1:active");
  });
});
