import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
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
