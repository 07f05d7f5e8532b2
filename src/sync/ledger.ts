/**
 * What a sync has sent, kept as an append-only journal beside the source store's experiments
 * (`<store>/.mlruns-sync-<target hash>.journal`): MLflow's file store reads only folders at the
 * root, so a file there is invisible to it (see docs/sync.md for why not a folder).
 *
 * Each confirmed step appends one JSON line; a `kill -9` can only tear the last one, which is
 * ignored. A session starts with a `begin` line and ends with a compaction (the whole state on
 * one line, written atomically). Entries touched by a session with no end are "unsure": a step
 * may have reached the target without its line, so sync reconciles them against the target.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomicSync } from "../util/fs/atomic-write.js";

/** What the target holds of one source file, as last sent. */
export interface ArtifactMark {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface RunInfoMark {
  status: string;
  endTime: number | null;
  runName: string | null;
}

export interface RunLedger {
  /** The target run's id. */
  target: string;
  params: string[];
  tags: Record<string, string>;
  /** Per metric key: how many of the source's points (in history order) the target has. */
  metrics: Record<string, number>;
  artifacts: Record<string, ArtifactMark>;
  /** Keys of the dataset and model inputs, and model outputs, already linked. */
  inputs: string[];
  outputs: string[];
  info: RunInfoMark | null;
}

export interface ModelLedger {
  target: string;
  params: string[];
  tags: Record<string, string>;
  status: string | null;
  artifacts: Record<string, ArtifactMark>;
}

export interface LedgerState {
  targetUri: string;
  /** Source experiment id → target experiment id. */
  experiments: Record<string, string>;
  runs: Record<string, RunLedger>;
  models: Record<string, ModelLedger>;
}

type Line =
  /** `unsure`: entries still to reconcile (outside the experiments that sync was asked for). */
  | { k: "state"; state: LedgerState; unsure?: string[] }
  | { k: "begin"; pid: number; at: number }
  | { k: "exp"; id: string; target: string }
  | { k: "run-state"; id: string; run: RunLedger }
  | { k: "model-state"; id: string; model: ModelLedger }
  | { k: "forget"; id: string }
  /** About to send for this entry: a kill before its next line still leaves it unsure. */
  | { k: "touch"; id: string; model?: boolean }
  | { k: "run-set"; id: string; field: "params" | "inputs" | "outputs"; values: string[] }
  | { k: "run-tags"; id: string; tags: Record<string, string> }
  | { k: "run-info"; id: string; info: RunInfoMark }
  | { k: "metric"; id: string; counts: Record<string, number> }
  | { k: "artifact"; id: string; model?: boolean; path: string; mark: ArtifactMark }
  | { k: "model-set"; id: string; params?: string[]; tags?: Record<string, string>; status?: string };

export function emptyRun(target: string): RunLedger {
  return { target, params: [], tags: {}, metrics: {}, artifacts: {}, inputs: [], outputs: [], info: null };
}

export function emptyModel(target: string): ModelLedger {
  return { target, params: [], tags: {}, status: null, artifacts: {} };
}

/** The journal file for syncing the store at `storeDir` to `targetUri`. */
export function ledgerPath(storeDir: string, targetUri: string): string {
  const hash = crypto.createHash("sha256").update(targetUri).digest("hex").slice(0, 16);
  return path.join(storeDir, `.mlruns-sync-${hash}.journal`);
}

export class Ledger {
  readonly state: LedgerState;
  /** Source run and model ids whose entries may lag behind the target (see the file comment). */
  readonly unsure = new Set<string>();
  private fd: number | undefined;
  private closed = false;
  private readonly touched = new Set<string>();

  private constructor(
    readonly file: string,
    state: LedgerState,
  ) {
    this.state = state;
  }

  /** Reads the journal (none yet: an empty ledger). A journal for another target URI is refused. */
  static load(file: string, targetUri: string): Ledger {
    const ledger = new Ledger(file, { targetUri, experiments: {}, runs: {}, models: {} });
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return ledger;
      throw err;
    }
    // A sync that ends rewrites the journal as one state line, so every line after the last one
    // comes from syncs that did not end, however many: all they touched is unsure.
    let touched = new Set<string>();
    for (const raw of text.split("\n")) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // the torn tail of a killed sync: that step is reconciled like the rest of its session
      }
      if (line.k === "state") touched = new Set(line.unsure ?? []);
      else if ("id" in line) touched.add(line.id);
      ledger.apply(line);
    }
    if (ledger.state.targetUri !== targetUri) {
      throw new Error(`The sync journal ${file} records the target ${ledger.state.targetUri}, not ${targetUri}; move it aside to start afresh.`);
    }
    for (const id of touched) ledger.unsure.add(id);
    return ledger;
  }

  private apply(line: Line): void {
    const s = this.state;
    switch (line.k) {
      case "state":
        Object.assign(s, line.state);
        return;
      case "begin":
      case "touch":
        return;
      case "exp":
        s.experiments[line.id] = line.target;
        return;
      case "run-state":
        s.runs[line.id] = structuredClone(line.run);
        return;
      case "model-state":
        s.models[line.id] = structuredClone(line.model);
        return;
      case "forget":
        delete s.runs[line.id];
        delete s.models[line.id];
        return;
    }
    if (line.k === "model-set" || (line.k === "artifact" && line.model)) {
      const m = s.models[line.id];
      if (!m) return;
      if (line.k === "artifact") m.artifacts[line.path] = line.mark;
      else {
        if (line.params) m.params = [...new Set([...m.params, ...line.params])];
        if (line.tags) Object.assign(m.tags, line.tags);
        if (line.status !== undefined) m.status = line.status;
      }
      return;
    }
    const r = s.runs[line.id];
    if (!r) return;
    switch (line.k) {
      case "run-set":
        r[line.field] = [...new Set([...r[line.field], ...line.values])];
        return;
      case "run-tags":
        Object.assign(r.tags, line.tags);
        return;
      case "run-info":
        r.info = line.info;
        return;
      case "metric":
        Object.assign(r.metrics, line.counts);
        return;
      case "artifact":
        r.artifacts[line.path] = line.mark;
        return;
    }
  }

  /** Opens the journal for appending and marks the start of a session. */
  begin(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (!fs.existsSync(this.file)) writeFileAtomicSync(this.file, JSON.stringify({ k: "state", state: this.state }) + "\n");
    this.fd = fs.openSync(this.file, "a");
    this.append({ k: "begin", pid: process.pid, at: Date.now() });
  }

  /** Records a confirmed step, in memory and in the journal. */
  record(line: Line): void {
    this.apply(line);
    this.append(line);
  }

  /**
   * Journals, once a session, that a send for this run or model is about to happen. Without it a
   * trusted entry killed between its first send and that send's line would stay trusted, and the
   * next sync would send the same batch again (docs/sync.md, "Resumable").
   */
  touch(id: string, model?: boolean): void {
    if (this.touched.has(id)) return;
    this.append(model ? { k: "touch", id, model } : { k: "touch", id });
  }

  /** The entry's sync finished: what the journal holds of it matches the target again. */
  settle(id: string): void {
    this.unsure.delete(id);
  }

  private append(line: Line): void {
    // A step confirmed after its sync gave up would be lost silently: a bug, not a dry run.
    if (this.closed) throw new Error(`The sync journal ${this.file} is closed; a step (${line.k} ${"id" in line ? line.id : ""}) came after its sync ended.`);
    if (this.fd === undefined) return; // a dry run: nothing is kept
    fs.writeSync(this.fd, JSON.stringify(line) + "\n");
    // Any line naming an entry makes it unsure on the next load: no touch line is needed after it.
    if ("id" in line) this.touched.add(line.id);
  }

  /** Ends the session: the whole state replaces the journal in one atomic rename. */
  end(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
    writeFileAtomicSync(this.file, JSON.stringify({ k: "state", state: this.state, unsure: [...this.unsure] }) + "\n");
  }

  /** Leaves the journal as it is (a failed sync): the next one reconciles this session. */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
  }
}
