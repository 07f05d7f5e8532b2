import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import type { Run } from "../../../src/index.js";
import { useTempStore } from "./setup.js";

useTempStore();

function fakeRun(tags: Record<string, string>, params: Record<string, string>): Run {
  return {
    info: {
      runId: "abc",
      runName: "rf_20240101_000000",
      experimentId: "1",
      userId: "u",
      status: "FINISHED",
      startTime: 1,
      endTime: 2,
      artifactUri: "file:///store/1/abc/artifacts",
      lifecycleStage: "active",
    },
    data: { metrics: {}, tags, params },
  };
}

describe("reproductionInfo", () => {
  it("reads command, cwd, seed, git state and params from tags and params", () => {
    const info = competition.reproductionInfo(
      fakeRun(
        {
          command: "MLRUNS_DEMO_SEED=7 node dist-examples/demo.js",
          "env.cwd": "/home/me/comp",
          "git.commit": "0123456789abcdef0123456789abcdef01234567",
          "git.branch": "main",
          "git.root": "/home/me/comp",
          "git.dirty": "true",
          "env.project_dir": "/home/me/comp",
          "env.lockfile_sha256": "f".repeat(64),
        },
        { seed: "7", model_type: "random_forest" },
      ),
    );
    expect(info).toEqual({
      runId: "abc",
      runName: "rf_20240101_000000",
      command: "MLRUNS_DEMO_SEED=7 node dist-examples/demo.js",
      cwd: "/home/me/comp",
      seed: "7",
      git: { commit: "0123456789abcdef0123456789abcdef01234567", branch: "main", root: "/home/me/comp", dirty: true },
      projectDir: "/home/me/comp",
      environmentPath: "/store/1/abc/artifacts/environment.json",
      diffPath: "/store/1/abc/artifacts/git_diff.patch",
      params: { seed: "7", model_type: "random_forest" },
      steps: [
        "git -C /home/me/comp checkout 0123456789abcdef0123456789abcdef01234567",
        "git -C /home/me/comp apply /store/1/abc/artifacts/git_diff.patch",
        "(cd /home/me/comp && npm ci)",
        "cd /home/me/comp",
        "MLRUNS_DEMO_SEED=7 node dist-examples/demo.js",
      ],
    });
  });

  it("ends with the npm command when an npm script started the run", () => {
    const info = competition.reproductionInfo(fakeRun({ command: "node dist/train.js --seed 3", "command.npm": "npm run train -- --seed 3", "env.cwd": "/p" }, { seed: "3" }));
    expect(info.npmCommand).toBe("npm run train -- --seed 3");
    expect(info.command).toBe("node dist/train.js --seed 3");
    expect(info.steps).toEqual(["cd /p", "npm run train -- --seed 3"]);
  });

  it("falls back to MLflow's source tags for runs not made by withCompetitionRun", () => {
    const info = competition.reproductionInfo(fakeRun({ "mlflow.source.name": "/x/train.js", "mlflow.source.git.commit": "c".repeat(40) }, {}));
    expect(info.command).toBe("node /x/train.js");
    expect(info.git).toEqual({ commit: "c".repeat(40), dirty: false });
    expect(info.steps).toEqual([`git checkout ${"c".repeat(40)}`, "node /x/train.js"]);
  });

  it("round-trips a real competition run", async () => {
    const runId = await competition.withCompetitionRun({ modelType: "rf", experimentType: "baseline", seed: 5 }, (run) => run.info.runId);
    const info = competition.reproductionInfo(await mlflow.getRun(runId));
    expect(info.seed).toBe("5");
    expect(info.cwd).toBe(process.cwd());
    expect(info.command).toMatch(/^node /);
    expect(info.steps[info.steps.length - 1]).toBe(info.command);
  });
});
