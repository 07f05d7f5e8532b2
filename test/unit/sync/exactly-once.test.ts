/**
 * Each run once, each point once, in the moments a review found where sync sent a batch twice:
 * a kill right after a trusted run's first send, a server error while other runs are sending,
 * a reconciled run skipped before it was reconciled, and a source whose history is not in
 * logged order. The target is a file store: it keeps identical points, so a duplicate shows.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Metric } from "../../../src/entities.js";
import { InvalidParameterError, TrackingServerUnavailableError } from "../../../src/errors.js";
import type { FileStore } from "../../../src/store/file/file-store.js";
import type { TrackingStore } from "../../../src/store/tracking-store.js";
import { SOURCE_RUN_TAG } from "../../../src/sync/context.js";
import { syncStore } from "../../../src/sync/sync-store.js";
import { assertBuilt } from "../cli/helpers.js";
import { collect } from "../helpers/processes.js";
import { tempDir } from "../helpers/temp-store.js";
import { openFileStore } from "./fixture.js";

const KILLED_AFTER_SEND = path.join(import.meta.dirname, "..", "children", "sync-killed-after-send.mjs");

/** The store with some verbs replaced. */
function withVerbs<S extends TrackingStore>(store: S, verbs: Partial<Record<keyof TrackingStore, unknown>>): S {
  return new Proxy(store, {
    get(t, p) {
      if (p in verbs) return verbs[p as keyof TrackingStore];
      const v = (t as any)[p];
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

const points = (steps: number[]): Metric[] => steps.map((i) => ({ key: "loss", value: i, timestamp: 1000 + i, step: i }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newRun(store: FileStore, steps: number[]): Promise<string> {
  const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
  await store.logBatch(run.info.runId, { metrics: points(steps) });
  return run.info.runId;
}

/** Each target run's loss steps, in the target's order, sorted by run. */
async function targetSteps(target: FileStore): Promise<number[][]> {
  const runs = await target.searchRuns({ experimentIds: ["0"], runViewType: "ALL" });
  const out = [];
  for (const r of runs) out.push((await target.getMetricHistory(r.info.runId, "loss")).map((m) => m.step));
  return out.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

function stores() {
  const dir = tempDir("mlruns-sync-once-");
  const from = path.join(dir, "local");
  const to = path.join(dir, "shared");
  return { from, to, source: openFileStore(from), target: openFileStore(to) };
}

describe("sync sends each point once", () => {
  beforeAll(() => assertBuilt());

  it("after a SIGKILL right after a trusted run's first send of a session", async () => {
    const { from, to, source, target } = stores();
    const id = await newRun(source, [0]);
    await syncStore({ from: source, to: target });
    await source.logBatch(id, { metrics: points([1, 2]) });

    const child = spawn(process.execPath, [KILLED_AFTER_SEND, from, to], { stdio: ["ignore", "ignore", "pipe"] });
    const stderr = collect(child.stderr!);
    const signal = await new Promise((resolve) => child.on("close", (_code, sig) => resolve(sig)));
    expect(signal, await stderr).toBe("SIGKILL");
    expect(await targetSteps(target)).toEqual([[0, 1, 2]]); // the batch reached the target, its journal line did not

    const again = await syncStore({ from: source, to: target });
    expect(again.reconciled).toBe(1);
    expect(again.points).toBe(0);
    expect(await targetSteps(target)).toEqual([[0, 1, 2]]);
  });

  it("after a SIGKILL right after a new run's createRun reached the target, before its journal line", async () => {
    const { from, to, source, target } = stores();
    await newRun(source, [0]);
    await syncStore({ from: source, to: target }); // the journal knows the experiment and its run
    await newRun(source, [0, 1]);

    const child = spawn(process.execPath, [KILLED_AFTER_SEND, from, to, "createRun"], { stdio: ["ignore", "ignore", "pipe"] });
    const stderr = collect(child.stderr!);
    const signal = await new Promise((resolve) => child.on("close", (_code, sig) => resolve(sig)));
    expect(signal, await stderr).toBe("SIGKILL");
    expect(await targetSteps(target)).toEqual([[], [0]]); // the run reached the target, its journal line did not

    const again = await syncStore({ from: source, to: target });
    expect(again.reconciled).toBe(1);
    expect(again.runsCreated).toBe(0);
    expect(await targetSteps(target)).toEqual([[0], [0, 1]]);
  });

  it("a sync that adds one run to a synced experiment reads only the source-id tag of the target's runs", async () => {
    const { source, target } = stores();
    for (let i = 0; i < 50; i++) await newRun(source, [0]);
    await syncStore({ from: source, to: target });
    await newRun(source, [0, 1]);

    const selects: unknown[] = [];
    const counting = withVerbs(target, {
      searchRuns: (...args: Parameters<FileStore["searchRuns"]>) => {
        selects.push(args[0].select);
        return target.searchRuns(...args);
      },
    });
    const again = await syncStore({ from: source, to: counting });
    expect(again.runsCreated).toBe(1);
    expect(selects.length).toBeGreaterThan(0);
    for (const select of selects) expect(select).toEqual({ metrics: [], params: [], tags: [SOURCE_RUN_TAG], inputs: false });
    expect((await target.searchRuns({ experimentIds: ["0"], runViewType: "ALL" })).length).toBe(51);
  });

  it("with a journal that lags behind the target (restored from a backup): a run it does not name is found by its tag, not created again", async () => {
    const { from, source, target } = stores();
    await newRun(source, [0]);
    await syncStore({ from: source, to: target });
    const journal = path.join(from, fs.readdirSync(from).find((f) => f.endsWith(".journal"))!);
    const old = fs.readFileSync(journal);
    await newRun(source, [0, 1]);
    await syncStore({ from: source, to: target });
    fs.writeFileSync(journal, old);

    const again = await syncStore({ from: source, to: target });
    expect(again.runsCreated).toBe(0);
    expect(again.reconciled).toBe(1);
    expect(again.points).toBe(0);
    expect(await targetSteps(target)).toEqual([[0], [0, 1]]);
  });

  it("when a server error stops the sync while other runs are sending: nothing is sent after it throws", async () => {
    const { source, target } = stores();
    const ids = [await newRun(source, [0]), await newRun(source, [0])];
    await syncStore({ from: source, to: target });
    for (const id of ids) await source.logBatch(id, { metrics: points([1, 2, 3, 4]) });

    let failed = false;
    const sendTimes: number[] = [];
    const flaky = withVerbs(target, {
      logBatch: async (runId: string, batch: { metrics?: Metric[] }) => {
        await sleep(50);
        if (batch.metrics?.length && !failed) {
          failed = true;
          throw new TrackingServerUnavailableError("connection reset", "http://127.0.0.1:1");
        }
        await sleep(100);
        sendTimes.push(Date.now());
        return target.logBatch(runId, batch);
      },
    });
    await expect(syncStore({ from: source, to: flaky, batchSize: 2 })).rejects.toThrow("connection reset");
    const threwAt = Date.now();
    await sleep(600); // time for a worker left running to send its remaining batches
    expect(sendTimes.filter((t) => t > threwAt)).toEqual([]);

    await syncStore({ from: source, to: target, batchSize: 2 });
    expect(await targetSteps(target)).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
  });

  it("when a run to reconcile is skipped on an item error: it stays to reconcile", async () => {
    const { source, target } = stores();
    const id = await newRun(source, [1, 2, 3, 4]);
    await source.updateRunInfo(id, "FINISHED", 2);

    // Session 1 dies (a non-item error) after its first batch of points reached the target.
    let calls = 0;
    const crashing = withVerbs(target, {
      logBatch: async (runId: string, batch: { metrics?: Metric[] }) => {
        if (batch.metrics?.length && ++calls > 1) throw new Error("killed");
        return target.logBatch(runId, batch);
      },
    });
    await expect(syncStore({ from: source, to: crashing, batchSize: 2 })).rejects.toThrow("killed");
    // Session 2 reconciles the run, but the target refuses it for now: the run is skipped.
    const refusing = withVerbs(target, {
      logBatch: async () => {
        throw new InvalidParameterError("refused");
      },
    });
    const skipped = await syncStore({ from: source, to: refusing, batchSize: 2 });
    expect(skipped.reconciled).toBe(1);
    expect(skipped.skipped.map((s) => s.reason)).toEqual(["refused"]);
    // Session 3 must compare with the target again, not trust the empty counts of session 2.
    const last = await syncStore({ from: source, to: target, batchSize: 2 });
    expect(last.reconciled).toBe(1);
    expect(last.points).toBe(2);
    expect(await targetSteps(target)).toEqual([[1, 2, 3, 4]]);
  });

  it("from a source whose history is not in logged order (a SQL-backed server orders it by timestamp, step, value)", async () => {
    const { source, target } = stores();
    const id = await newRun(source, [0, 2]);
    const byStep = withVerbs(source, {
      historyInLoggedOrder: false,
      getMetricHistoryColumns: undefined, // sync reads this history through getMetricHistory below
      // SqlAlchemyStore.get_metric_history: order_by(timestamp, step, value)
      getMetricHistory: async (runId: string, key: string) => (await source.getMetricHistory(runId, key)).sort((a, b) => a.timestamp - b.timestamp || a.step - b.step || a.value - b.value),
    });
    await syncStore({ from: byStep, to: target, ledgerFile: path.join(source.rootDir, "by-step.journal") });
    await source.logBatch(id, { metrics: points([1]) }); // lands in the middle of the ordered history

    const second = await syncStore({ from: byStep, to: target, ledgerFile: path.join(source.rootDir, "by-step.journal") });
    expect(second.points).toBe(1);
    expect((await targetSteps(target))[0]!.sort()).toEqual([0, 1, 2]);
    const third = await syncStore({ from: byStep, to: target, ledgerFile: path.join(source.rootDir, "by-step.journal") });
    expect(third.points).toBe(0);
  });
});
