/**
 * A small in-memory TrackingStore for testing the seam: it keeps experiments, runs, params, tags
 * and metric points in maps and records every verb called, so a test can tell which store the
 * API used. Verbs the seam tests do not need throw.
 */
import type { ArtifactRepository } from "../../../../src/artifacts/artifact-repository.js";
import type { Experiment, LinkedMetricPoint, Metric, MetricPoint, Param, Run, RunInfo, RunStatus, RunTag } from "../../../../src/entities.js";
import { ResourceNotFoundError } from "../../../../src/errors.js";
import { PagedList } from "../../../../src/store/paged-list.js";
import type { CreateRunRequest, TrackingStore } from "../../../../src/store/tracking-store.js";

export class MemoryStore implements TrackingStore {
  readonly calls: string[] = [];
  readonly experiments = new Map<string, Experiment>();
  readonly runs = new Map<string, Run>();
  readonly history = new Map<string, Metric[]>();
  private nextRun = 0;

  constructor(readonly trackingUri: string) {
    this.experiments.set("0", experiment("0", "Default"));
  }

  private called(verb: string): void {
    this.calls.push(verb);
  }

  async searchExperiments(): Promise<PagedList<Experiment>> {
    this.called("searchExperiments");
    return new PagedList([...this.experiments.values()]);
  }
  async createExperiment(name: string): Promise<string> {
    this.called("createExperiment");
    const id = String(this.experiments.size);
    this.experiments.set(id, experiment(id, name));
    return id;
  }
  async getExperiment(experimentId: string): Promise<Experiment> {
    this.called("getExperiment");
    const e = this.experiments.get(experimentId);
    if (!e) throw new ResourceNotFoundError(`No experiment with id=${experimentId}`);
    return e;
  }
  async getExperimentByName(name: string): Promise<Experiment | null> {
    this.called("getExperimentByName");
    return [...this.experiments.values()].find((e) => e.name === name) ?? null;
  }
  async createRun(req: CreateRunRequest): Promise<Run> {
    this.called("createRun");
    const runId = (++this.nextRun).toString(16).padStart(32, "0");
    const info: RunInfo = {
      runId,
      runName: req.runName ?? `run-${this.nextRun}`,
      experimentId: req.experimentId,
      userId: req.userId,
      status: "RUNNING",
      startTime: req.startTime,
      endTime: null,
      artifactUri: `${this.trackingUri}/${req.experimentId}/${runId}/artifacts`,
      lifecycleStage: "active",
    };
    const run: Run = { info, data: { metrics: {}, params: {}, tags: Object.fromEntries(req.tags.map((t) => [t.key, t.value])) } };
    this.runs.set(runId, run);
    return structuredClone(run);
  }
  private run(runId: string): Run {
    const r = this.runs.get(runId);
    if (!r) throw new ResourceNotFoundError(`Run '${runId}' not found`);
    return r;
  }
  async getRun(runId: string): Promise<Run> {
    this.called("getRun");
    return structuredClone(this.run(runId));
  }
  async updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo> {
    this.called("updateRunInfo");
    const info = this.run(runId).info;
    Object.assign(info, { status, endTime }, runName === undefined ? {} : { runName });
    return { ...info };
  }
  async logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    this.called("logBatch");
    const data = this.run(runId).data;
    for (const p of batch.params ?? []) data.params[p.key] = p.value;
    for (const t of batch.tags ?? []) data.tags[t.key] = t.value;
    this.addPoints(runId, batch.metrics ?? []);
  }
  queueMetrics(runId: string, metrics: LinkedMetricPoint[]): void {
    this.called("queueMetrics");
    this.addPoints(runId, metrics);
  }
  private addPoints(runId: string, points: readonly MetricPoint[]): void {
    const data = this.run(runId).data;
    for (const m of points) {
      const key = `${runId}/${m.key}`;
      this.history.set(key, [...(this.history.get(key) ?? []), { key: m.key, value: m.value, timestamp: Number(m.timestamp), step: Number(m.step) }]);
      data.metrics[m.key] = m.value;
    }
  }
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    this.called("getMetricHistory");
    return this.history.get(`${runId}/${key}`) ?? [];
  }
  async flush(): Promise<void> {
    this.called("flush");
  }
  shutdownSync(): void {
    this.called("shutdownSync");
  }

  // Not needed by the seam tests.
  deleteExperiment = unused;
  restoreExperiment = unused;
  renameExperiment = unused;
  setExperimentTag = unused;
  deleteRun = unused;
  restoreRun = unused;
  deleteTag = unused;
  searchRuns = unused;
  logInputs = unused;
  logOutputs = unused;
  createLoggedModel = unused;
  getLoggedModel = unused;
  finalizeLoggedModel = unused;
  setLoggedModelTags = unused;
  deleteLoggedModelTag = unused;
  logLoggedModelParams = unused;
  deleteLoggedModel = unused;
  searchLoggedModels = unused;
  loggedModelArtifactRepository = unusedSync as () => ArtifactRepository;
  artifactRepository = unusedSync as () => ArtifactRepository;
}

function experiment(experimentId: string, name: string): Experiment {
  return { experimentId, name, artifactLocation: `memory:/${experimentId}`, lifecycleStage: "active", tags: {}, creationTime: 0, lastUpdateTime: 0 };
}

async function unused(): Promise<never> {
  throw new Error("MemoryStore does not implement this verb");
}
function unusedSync(): never {
  throw new Error("MemoryStore does not implement this verb");
}
