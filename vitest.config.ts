import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { useTempRoot } from "./test/temp-root.js";

const tempRoot = useTempRoot();

// Search's persisted run cache goes to a throwaway folder, not the user's ~/.cache; test
// processes and the CLI subprocesses they start inherit it.
process.env.MLRUNS_CACHE_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-test-cache-"));

export default defineConfig({
  test: {
    reporters: ["default", tempRoot],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          setupFiles: ["test/unit/helpers/stray-warnings.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "mlflow",
          include: ["test/mlflow/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // Each file drives real Python processes; running them one at a time keeps a 2-core machine honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
