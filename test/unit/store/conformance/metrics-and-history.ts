import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";
import { historyColumns } from "../../../../src/store/metric-columns.js";

type Opened = Awaited<ReturnType<Conformance["open"]>>;
const newRun = async ({ store }: Opened) => (await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] })).info.runId;
const triples = (history: { value: number; timestamp: number; step: number }[]) => history.map((p) => [p.value, p.timestamp, p.step]);

export function metricsBehaviour(suite: Conformance): void {
  it("logBatch metrics read back as the latest value and the whole history, in logging order", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, {
      metrics: [
        { key: "loss/train", value: 0.5, timestamp: 1000, step: 0 },
        { key: "loss/train", value: 0.25, timestamp: 1001, step: 1 },
      ],
    });
    expect((await opened.store.getRun(runId)).data.metrics).toEqual({ "loss/train": 0.25 });
    expect(triples(await opened.store.getMetricHistory(runId, "loss/train"))).toEqual([
      [0.5, 1000, 0],
      [0.25, 1001, 1],
    ]);
  });

  it("queued points are readable once flushed", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    opened.store.queueMetrics(runId, [
      { key: "m", value: 1, timestamp: 10, step: 0 },
      { key: "m", value: 2, timestamp: 11, step: 1 },
    ]);
    await opened.store.flush();
    expect(triples(await opened.store.getMetricHistory(runId, "m"))).toEqual([
      [1, 10, 0],
      [2, 11, 1],
    ]);
  });

  it("the client's logMetric returns at once and the point is in getRun and getMetricHistory", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    opened.client.logMetric(runId, "acc", 0.9, 5, 2);
    expect((await opened.client.getRun(runId)).data.metrics.acc).toBe(0.9);
    expect(triples(await opened.client.getMetricHistory(runId, "acc"))).toEqual([[0.9, 5, 2]]);
  });

  it("updateRunInfo writes the run's queued points first", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    opened.store.queueMetrics(runId, [{ key: "last", value: 3, timestamp: 1, step: 0 }]);
    await opened.store.updateRunInfo(runId, "FINISHED", 2);
    expect(triples(await opened.store.getMetricHistory(runId, "last"))).toEqual([[3, 1, 0]]);
  });

  it("picks the latest value as MLflow does: max step, then max timestamp, then max value", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, {
      metrics: [
        { key: "m", value: 5, timestamp: 3000, step: 1 },
        { key: "m", value: 7, timestamp: 1000, step: 2 },
        { key: "m", value: 6, timestamp: 1000, step: 2 },
        { key: "m", value: 1, timestamp: 9000, step: 0 },
      ],
    });
    expect((await opened.store.getRun(runId)).data.metrics.m).toBe(7);
    const logged = [
      [5, 3000, 1],
      [7, 1000, 2],
      [6, 1000, 2],
      [1, 9000, 0],
    ];
    const sorted = [
      [6, 1000, 2],
      [7, 1000, 2],
      [5, 3000, 1],
      [1, 9000, 0],
    ];
    expect(triples(await opened.store.getMetricHistory(runId, "m"))).toEqual(suite.capabilities.historyOrder === "logged" ? logged : sorted);
  });

  it("keeps NaN, and the infinities as capabilities.infinity says", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, {
      metrics: [
        { key: "nan", value: NaN, timestamp: 1, step: 0 },
        { key: "pinf", value: Infinity, timestamp: 1, step: 0 },
        { key: "ninf", value: -Infinity, timestamp: 1, step: 0 },
      ],
    });
    const metrics = (await opened.store.getRun(runId)).data.metrics;
    expect(metrics.nan).toBeNaN();
    const infinity = suite.capabilities.infinity === "kept" ? Infinity : Number.MAX_VALUE;
    expect(metrics.pinf).toBe(infinity);
    expect(metrics.ninf).toBe(-infinity);
    expect((await opened.store.getMetricHistory(runId, "pinf"))[0]!.value).toBe(infinity);
    expect((await opened.store.getMetricHistory(runId, "nan"))[0]!.value).toBeNaN();
  });

  it("keeps doubles exactly, and big steps and timestamps", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    const values = [0.1, 1 / 3, 1e-300, 123456789.123456789, -0.000001, 5e21];
    await opened.store.logBatch(runId, { metrics: values.map((value, i) => ({ key: "d", value, timestamp: 2 ** 52 + i, step: 2 ** 40 + i })) });
    const history = await opened.store.getMetricHistory(runId, "d");
    expect(history.map((p) => p.value)).toEqual(values);
    expect(history[0]).toMatchObject({ timestamp: 2 ** 52, step: 2 ** 40 });
  });

  it("takes bigint steps and timestamps and reads them back as numbers", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, { metrics: [{ key: "b", value: 1, timestamp: 17n, step: 3n }] });
    expect(triples(await opened.store.getMetricHistory(runId, "b"))).toEqual([[1, 17, 3]]);
  });

  it("an unknown metric key has an empty history", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    expect(await opened.store.getMetricHistory(runId, "never")).toEqual([]);
  });

  it("refuses a non-numeric value synchronously, and more than 1000 metrics in one logBatch", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    expect(() => opened.client.logMetric(runId, "m", "1" as never)).toThrow(/valid double/);
    const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: `m${i}`, value: 1, timestamp: 1, step: 0 }));
    await expectMlflowError(opened.store.logBatch(runId, { metrics }), "INVALID_PARAMETER_VALUE", /at most 1000 metrics/);
  });

  it("queueMetrics refuses a run that is not active, synchronously", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.deleteRun(runId);
    expect(() => opened.store.queueMetrics(runId, [{ key: "m", value: 1, timestamp: 1, step: 0 }])).toThrow(/active/);
  });

  it("history columns (the store's getMetricHistoryColumns, or the fallback) equal getMetricHistory point for point", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    const tricky = [
      [NaN, 5, 3],
      [Infinity, 4, 3],
      [-Infinity, 6, -7],
      [0.1, 2 ** 53 - 1, 2 ** 53 - 1],
      [-0.5, 1, -(2 ** 40)],
      [1e-300, 1, 0],
      [2, 1, 0],
    ] as const;
    await opened.store.logBatch(runId, { metrics: tricky.map(([value, timestamp, step]) => ({ key: "t", value, timestamp, step })) });
    const history = await opened.store.getMetricHistory(runId, "t");
    const cols = await historyColumns(opened.store, runId, "t");
    expect(Array.from(cols.values, (v, i) => [v, cols.timestamps[i], cols.steps[i]])).toEqual(triples(history));
    expect(history).toHaveLength(tricky.length);
    // A store that keeps infinities and logging order gives back exactly what was logged.
    if (suite.capabilities.infinity === "kept" && suite.capabilities.historyOrder === "logged") expect(triples(history)).toEqual(tricky.map((t) => [...t]));
    expect((await historyColumns(opened.store, runId, "never")).steps.length).toBe(0);
  });
}
