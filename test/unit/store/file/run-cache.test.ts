import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { FileStore } from "../../../../src/store/file/file-store.js";
import { defaultRunCacheDir } from "../../../../src/store/file/run-cache.js";
import { tempDir } from "../../helpers/temp-store.js";

const searchChild = path.join(import.meta.dirname, "..", "..", "children", "search-runs.mjs");

interface ChildResult {
  runs: { name: string; stage: string; data: { metrics: Record<string, string>; params: Record<string, string>; tags: Record<string, string> } }[];
  reads: string[];
}

/** A search in a fresh process that persists its cache in `cacheDir`. */
function searchInChild(root: string, exp: string, cacheDir: string, filter = "", orderBy = ""): ChildResult {
  const out = execFileSync(process.execPath, [searchChild, root, exp, filter, orderBy], {
    encoding: "utf8",
    env: { ...process.env, MLRUNS_CACHE_DIR: cacheDir },
  });
  return JSON.parse(out) as ChildResult;
}

/** Every file and folder below `dir` last modified `secondsAgo` ago: past the cache's racy window. */
function age(dir: string, secondsAgo: number) {
  const past = new Date(Date.now() - secondsAgo * 1000);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.utimesSync(path.join(dir, String(f)), past, past);
  fs.utimesSync(dir, past, past);
}

function ageOne(file: string, secondsAgo: number) {
  const past = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, past, past);
}

async function storeWithRuns(names: string[]) {
  const root = path.join(tempDir(), "mlruns");
  const store = new FileStore(root, { cacheDir: null });
  const exp = await store.createExperiment("cached", undefined, []);
  const ids: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const run = await store.createRun({ experimentId: exp, userId: "u", startTime: 1_000 + i, tags: [], runName: name });
    ids[name] = run.info.runId;
    await store.logBatch(run.info.runId, {
      metrics: [
        { key: "score", value: i, timestamp: 5, step: 0 },
        { key: "loss", value: 10 - i, timestamp: 5, step: 0 },
      ],
      params: [{ key: "lr", value: `0.${i + 1}` }],
      tags: [{ key: "stage", value: "test" }],
    });
  }
  await store.flush();
  return { root, exp, ids, runDir: (name: string) => path.join(root, exp, ids[name]!) };
}

const byName = (r: ChildResult) => Object.fromEntries(r.runs.map((run) => [run.name, run]));

describe("the persisted run cache", () => {
  it("lets a fresh process answer without reading unchanged runs, and re-reads exactly what another process changed", async () => {
    const { root, exp, runDir } = await storeWithRuns(["a", "b", "c"]);
    const cacheDir = tempDir("mlruns-cache-");
    age(root, 120);

    const first = searchInChild(root, exp, cacheDir);
    expect(first.runs.map((r) => r.name)).toEqual(["c", "b", "a"]);
    expect(first.reads.length).toBeGreaterThan(0);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".runs"))).toHaveLength(1);

    const second = searchInChild(root, exp, cacheDir);
    expect(second.runs).toEqual(first.runs);
    expect(second.reads).toEqual([]);

    // Another process changes one file of each kind, then time passes (past the racy window),
    // so only the files' own stamps can tell the cache what changed.
    const tagFile = path.join(runDir("b"), "tags", "stage");
    fs.writeFileSync(tagFile, "prod"); // in place, same inode, same size: MLflow's write_to
    ageOne(tagFile, 60);
    const metricFile = path.join(runDir("a"), "metrics", "score");
    fs.appendFileSync(metricFile, "6 99 7\n"); // a newer step becomes the latest value
    ageOne(metricFile, 60);
    fs.writeFileSync(path.join(runDir("c"), "params", "added"), "later");
    ageOne(path.join(runDir("c"), "params", "added"), 60);
    ageOne(path.join(runDir("c"), "params"), 60);

    const third = searchInChild(root, exp, cacheDir);
    const runs = byName(third);
    expect(runs.b!.data.tags.stage).toBe("prod");
    expect(runs.a!.data.metrics.score).toBe("99");
    expect(runs.c!.data.params).toEqual({ lr: "0.3", added: "later" });
    expect(third.reads.sort()).toEqual(
      [path.relative(root, tagFile), path.relative(root, metricFile), path.join(path.relative(root, runDir("c")), "params", "added")].sort(),
    );

    // The filter pass and the page pass agree with a store that keeps no cache at all.
    const uncached = await new FileStore(root, { cacheDir: null }).searchRuns({ experimentIds: [exp], filterString: "metrics.score > 0", orderBy: ["params.lr DESC"], runViewType: "ALL" });
    const cached = searchInChild(root, exp, cacheDir, "metrics.score > 0", "params.lr DESC");
    const asText = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
    expect(cached.runs.map((r) => [r.name, r.data])).toEqual(uncached.items.map((r) => [r.info.runName, { ...r.data, metrics: asText(r.data.metrics) }]));
    expect(cached.reads).toEqual([]);
  });

  it("is read from disk by searches only, not by a process that just logs", async () => {
    const { root, exp, ids } = await storeWithRuns(["a", "b"]);
    const cacheDir = tempDir("mlruns-cache-");
    age(root, 120);
    searchInChild(root, exp, cacheDir);
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.endsWith(".runs"));
    const cacheFile = path.join(cacheDir, file!);
    const reads = vi.spyOn(fs, "readFileSync");
    const cacheReads = () => reads.mock.calls.filter(([p]) => String(p) === cacheFile).length;
    const store = new FileStore(root, { cacheDir });
    await store.logBatch(ids.a!, { params: [{ key: "new", value: "1" }], metrics: [{ key: "score", value: 5, timestamp: 9, step: 3 }] });
    expect((await store.getRun(ids.a!)).data.metrics.score).toBe(5);
    expect(cacheReads()).toBe(0);
    const found = await store.searchRuns({ experimentIds: [exp], filterString: "params.new = '1'" });
    expect(found.items.map((r) => r.info.runId)).toEqual([ids.a]);
    expect(cacheReads()).toBe(1);
    reads.mockRestore();
  });

  it("never trusts what was read within the racy window, even when the stamp looks the same", async () => {
    const { root, exp, runDir } = await storeWithRuns(["a"]);
    const cacheDir = tempDir("mlruns-cache-");
    // Modified just now (on a half second, which utimes stores and restores exactly): a second
    // same-size write in the same clock tick could keep inode, size and mtime, so the cache
    // must not keep what it read. At most 500 ms old, so the child has at least 1.5 s of the
    // 2 s window to read it on a loaded machine (it had as little as 0.5 s).
    const tagFile = path.join(runDir("a"), "tags", "stage");
    const recent = new Date(Math.floor(Date.now() / 500) * 500);
    fs.utimesSync(tagFile, recent, recent);
    expect(byName(searchInChild(root, exp, cacheDir)).a!.data.tags.stage).toBe("test");
    fs.writeFileSync(tagFile, "prod");
    fs.utimesSync(tagFile, recent, recent); // the very stamp it had when it was read
    const st = fs.statSync(tagFile);
    expect(st.mtimeMs).toBe(recent.getTime());
    expect(byName(searchInChild(root, exp, cacheDir)).a!.data.tags.stage).toBe("prod");
  });

  it("keeps NaN, ±Infinity and -0 through the persisted form", async () => {
    const { root, exp, ids } = await storeWithRuns(["a"]);
    const store = new FileStore(root, { cacheDir: null });
    const special = [NaN, Infinity, -Infinity, -0, 0, 1e-300].map((value, i) => ({ key: `m${i}`, value, timestamp: 9, step: 1 }));
    await store.logBatch(ids.a!, { metrics: special });
    await store.flush();
    age(root, 120);
    const cacheDir = tempDir("mlruns-cache-");
    const first = searchInChild(root, exp, cacheDir);
    const second = searchInChild(root, exp, cacheDir);
    expect(second.reads).toEqual([]);
    expect(second.runs).toEqual(first.runs);
    expect(first.runs[0]!.data.metrics).toMatchObject({ m0: "NaN", m1: "Infinity", m2: "-Infinity", m3: "-0", m4: "0", m5: "1e-300" });
  });

  it("keeps text beyond ASCII, and keys named like Object.prototype's, through the persisted form", async () => {
    const { root, exp, ids } = await storeWithRuns(["a"]);
    const store = new FileStore(root, { cacheDir: null });
    const text = "ünï 日本 😀 \u2028";
    await store.logBatch(ids.a!, {
      metrics: [{ key: "métrique", value: 1.5, timestamp: 9, step: 1 }, { key: "__proto__", value: 2, timestamp: 9, step: 1 }],
      params: [{ key: "pärām", value: text }, { key: "__proto__", value: "p" }, { key: "constructor", value: "c" }],
      tags: [{ key: "täg", value: text }, { key: "__proto__", value: "t" }],
    });
    await store.updateRunInfo(ids.a!, "FINISHED", 10, `run ${text}`);
    await store.flush();
    age(root, 120);
    const cacheDir = tempDir("mlruns-cache-");
    const first = searchInChild(root, exp, cacheDir);
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.endsWith(".runs"));
    expect(fs.readFileSync(path.join(cacheDir, file!)).every((b) => b < 0x80)).toBe(true);
    const second = searchInChild(root, exp, cacheDir);
    expect(second.reads).toEqual([]);
    expect(second.runs).toEqual(first.runs);
    expect(first.runs[0]).toMatchObject({ name: `run ${text}`, data: { metrics: { "métrique": "1.5" }, params: { "pärām": text, constructor: "c" }, tags: { "täg": text } } });
    for (const kind of ["metrics", "params", "tags"] as const) expect(Object.hasOwn(second.runs[0]!.data[kind], "__proto__")).toBe(true);
  });

  it("ignores a damaged or foreign cache file", async () => {
    const { root, exp } = await storeWithRuns(["a", "b"]);
    const cacheDir = tempDir("mlruns-cache-");
    age(root, 120);
    const good = searchInChild(root, exp, cacheDir);
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.endsWith(".runs"));
    const text = fs.readFileSync(path.join(cacheDir, file!), "utf8");
    for (const damaged of [text.slice(0, text.length / 2), text.replace(/\{/g, "["), "not a cache\n", text.replace(/"test"/g, '"forged"')]) {
      fs.writeFileSync(path.join(cacheDir, file!), damaged);
      const again = searchInChild(root, exp, cacheDir);
      // A forged value with the real stamps is the one thing a cache cannot detect; it must
      // come from somewhere with write access to the user's cache folder, like any cache.
      if (damaged.includes('"forged"')) continue;
      expect(again.runs).toEqual(good.runs);
    }
  });

  it("can be switched off, and works without a writable cache folder", async () => {
    const { root, exp } = await storeWithRuns(["a"]);
    expect(defaultRunCacheDir({ MLRUNS_CACHE_DIR: "off" })).toBeUndefined();
    expect(defaultRunCacheDir({ HOME: "/home/u" })).toBe(path.join("/home/u", ".cache", "mlruns", "runs"));
    expect(defaultRunCacheDir({ HOME: "/home/u", XDG_CACHE_HOME: "/x" })).toBe(path.join("/x", "mlruns", "runs"));
    const off = JSON.parse(
      execFileSync(process.execPath, [searchChild, root, exp], { encoding: "utf8", env: { ...process.env, MLRUNS_CACHE_DIR: "off" } }),
    ) as ChildResult;
    expect(off.runs).toHaveLength(1);
    expect(off.reads.length).toBeGreaterThan(0);
    // Off means off: the same process searching twice reads the files twice.
    const twice = JSON.parse(
      execFileSync(process.execPath, [searchChild, root, exp, "", "", "2"], { encoding: "utf8", env: { ...process.env, MLRUNS_CACHE_DIR: "off" } }),
    ) as ChildResult;
    expect(twice.reads).toEqual([...off.reads, ...off.reads]);
    const blocker = path.join(tempDir(), "a-file");
    fs.writeFileSync(blocker, "");
    const unwritable = searchInChild(root, exp, path.join(blocker, "cache")); // a folder under a file cannot exist
    expect(unwritable.runs).toEqual(off.runs);
  });
});
