import { statfsSync } from "node:fs";
import path from "node:path";
import { roundLikePython, type Sampler } from "./sampler.js";

/** DiskMonitor measures psutil.disk_usage(os.sep): the root of the current drive. */
function rootPath(): string {
  return process.platform === "win32" ? path.parse(process.cwd()).root : "/";
}

/**
 * psutil.disk_usage from statvfs: used = blocks - bfree, available = bavail (what an
 * unprivileged user may still write), percent = used / (used + available), rounded to 0.1.
 */
export function diskSampler(root = rootPath()): Sampler {
  return {
    aggregation: "average",
    sample() {
      const s = statfsSync(root);
      const used = (s.blocks - s.bfree) * s.bsize;
      const available = s.bavail * s.bsize;
      const percent = used + available > 0 ? roundLikePython((used / (used + available)) * 100) : 0;
      return { disk_usage_percentage: percent, disk_usage_megabytes: used / 1e6, disk_available_megabytes: available / 1e6 };
    },
  };
}
