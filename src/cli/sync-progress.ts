/**
 * The progress bar of `mlruns sync` on a terminal (stderr, so stdout stays the summary):
 * runs done of all, points and bytes sent. cli-progress draws it; off when stderr is not a TTY.
 */
import cliProgress from "cli-progress";
import type { SyncProgress } from "../sync/summary.js";
import { formatBytes } from "./format.js";

export interface ProgressView {
  update(progress: SyncProgress): void;
  stop(): void;
}

export function syncProgressBar(stream: NodeJS.WriteStream): ProgressView {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{phase} {bar} {value}/{total} runs | {points} points | {bytes} | {artifacts} files",
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = {
        phase: p.waitingFor ? `waiting for ${p.waitingFor}` : p.summary.dryRun ? "dry run" : "syncing",
        points: p.summary.points.toLocaleString("en-US"),
        bytes: formatBytes(p.summary.bytes),
        artifacts: p.summary.artifacts,
      };
      if (!started) {
        bar.start(p.runsTotal, p.runsDone, payload);
        started = true;
      }
      bar.setTotal(p.runsTotal);
      bar.update(p.runsDone, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
