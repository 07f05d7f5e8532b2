import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { artifactDir, useTempStore } from "./setup.js";

useTempStore();

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8" }).trim();
}

/** A project folder: package.json, package-lock.json, one committed file, on branch "exp". */
function makeProject(): { dir: string; commit: string } {
  const dir = tempDir("mlruns-project-");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "my-comp", version: "1.2.3", dependencies: { "ml-random-forest": "^2.1.0" }, devDependencies: { typescript: "^5.9.0" } }),
  );
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { "": {}, "node_modules/ml-random-forest": { version: "2.1.0" }, "node_modules/typescript": { version: "5.9.3" } },
    }),
  );
  fs.writeFileSync(path.join(dir, "train.ts"), "console.log(1);\n");
  git(dir, "init", "-q", "-b", "exp");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "init");
  return { dir, commit: git(dir, "rev-parse", "HEAD") };
}

describe("gitState", () => {
  it("records commit, branch and a clean tree", () => {
    const { dir, commit } = makeProject();
    expect(competition.gitState(dir)).toEqual({ root: fs.realpathSync(dir), commit, branch: "exp", dirty: false, untracked: [] });
  });

  it("is dirty when a tracked file changed, with the diff; untracked files are listed apart", () => {
    const { dir } = makeProject();
    fs.writeFileSync(path.join(dir, "train.ts"), "console.log(2);\n");
    fs.writeFileSync(path.join(dir, "notes.txt"), "x");
    const state = competition.gitState(dir)!;
    expect(state.dirty).toBe(true);
    expect(state.untracked).toEqual(["notes.txt"]);
    expect(state.diff).toContain("-console.log(1);\n+console.log(2);");
    // The diff applies to the commit and gives back the code that ran.
    const patch = path.join(tempDir(), "p.patch");
    fs.writeFileSync(patch, state.diff!);
    git(dir, "checkout", "-q", "--", "train.ts");
    git(dir, "apply", patch);
    expect(fs.readFileSync(path.join(dir, "train.ts"), "utf8")).toBe("console.log(2);\n");
  });

  it("records the origin URL without credentials", () => {
    const { dir } = makeProject();
    git(dir, "remote", "add", "origin", "https://me:s3cret@example.com/team/comp.git");
    expect(competition.gitState(dir)!.remoteUrl).toBe("https://example.com/team/comp.git");
  });

  it("is undefined outside a repository", () => {
    expect(competition.gitState(tempDir())).toBeUndefined();
  });
});

describe("collectEnvironment", () => {
  it("records node, platform, CPUs, mlruns' version, the project's dependency versions and the command", () => {
    const { dir, commit } = makeProject();
    process.env.MY_SEED = "77";
    try {
      const { info, diff } = competition.collectEnvironment({ projectDir: dir, gitDir: dir, recordEnv: ["MY_SEED", "UNSET_VAR"] });
      expect(diff).toBeUndefined();
      expect(info.node.version).toBe(process.version);
      expect(info.os.platform).toBe(process.platform);
      expect(info.os.arch).toBe(process.arch);
      expect(info.os.cpuCount).toBe(os.availableParallelism());
      const ownVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
      expect(info.mlruns.version).toBe(ownVersion);
      expect(competition.mlrunsVersion()).toBe(ownVersion);
      expect(info.project).toMatchObject({
        dir,
        name: "my-comp",
        version: "1.2.3",
        lockfile: "package-lock.json",
        dependencies: { "ml-random-forest": { declared: "^2.1.0", installed: "2.1.0" }, typescript: { declared: "^5.9.0", installed: "5.9.3" } },
      });
      expect(info.project.lockfileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(info.git).toMatchObject({ commit, branch: "exp", dirty: false });
      expect(info.command.env).toEqual({ MY_SEED: "77" });
      expect(info.command.line.startsWith("MY_SEED=77 node ")).toBe(true);
      expect(info.command.cwd).toBe(process.cwd());
    } finally {
      delete process.env.MY_SEED;
    }
  });

  it("finds no project when there is no package.json", () => {
    const { info } = competition.collectEnvironment({ projectDir: tempDir(), gitDir: tempDir() });
    expect(info.project.dependencies).toEqual({});
    expect(info.git).toBeNull();
  });
});

describe("the npm script that started the process", () => {
  const keys = ["npm_lifecycle_event", "npm_lifecycle_script", "npm_package_json"] as const;
  function withNpmEnv(values: Record<(typeof keys)[number], string>, fn: () => void) {
    const saved = keys.map((k) => process.env[k]);
    Object.assign(process.env, values);
    try {
      fn();
    } finally {
      keys.forEach((k, i) => (saved[i] === undefined ? delete process.env[k] : (process.env[k] = saved[i])));
    }
  }
  const script = process.argv[1]!;
  const packageDir = path.dirname(script);

  it("is recorded when the npm script runs this very file", () => {
    withNpmEnv(
      { npm_lifecycle_event: "demo", npm_lifecycle_script: `npm run build && node ${path.basename(script)}`, npm_package_json: path.join(packageDir, "package.json") },
      () => {
        const args = process.argv.slice(2).map(competition.shellQuote);
        const { info } = competition.collectEnvironment({ projectDir: tempDir(), gitDir: tempDir() });
        expect(info.command.npm).toEqual({ script: "demo", packageDir, line: ["npm run demo", ...(args.length ? ["--", ...args] : [])].join(" ") });
        expect(competition.environmentTags(info)["command.npm"]).toBe(info.command.npm!.line);
      },
    );
  });

  it("is ignored when inherited from an npm script that ran another program (npm test → a child)", () => {
    withNpmEnv({ npm_lifecycle_event: "test", npm_lifecycle_script: "npm run build && vitest run", npm_package_json: path.join(packageDir, "package.json") }, () => {
      const { info } = competition.collectEnvironment({ projectDir: tempDir(), gitDir: tempDir() });
      expect(info.command.npm).toBeUndefined();
      expect(competition.environmentTags(info)["command.npm"]).toBeUndefined();
    });
  });
});

describe("shellQuote", () => {
  it("leaves plain words and single-quotes the rest", () => {
    expect(competition.shellQuote("dist/demo.js")).toBe("dist/demo.js");
    expect(competition.shellQuote("--seed=4")).toBe("--seed=4");
    expect(competition.shellQuote("a b")).toBe("'a b'");
    expect(competition.shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(competition.shellQuote("")).toBe("''");
  });
});

describe("captureEnvironment", () => {
  it("sets the env./git. tags and logs environment.json and git_diff.patch when dirty", async () => {
    const { dir, commit } = makeProject();
    fs.appendFileSync(path.join(dir, "train.ts"), "// tweak\n");
    const runId = await mlflow.withRun({}, async (run) => {
      await competition.captureEnvironment({ projectDir: dir, gitDir: dir });
      return run.info.runId;
    });
    const { tags } = (await mlflow.getRun(runId)).data;
    expect(tags).toMatchObject({
      "env.node_version": process.version,
      "env.platform": process.platform,
      "env.arch": process.arch,
      "env.cpu_count": String(os.availableParallelism()),
      "env.mlruns_version": competition.mlrunsVersion(),
      "env.cwd": process.cwd(),
      "git.commit": commit,
      "git.branch": "exp",
      "git.root": fs.realpathSync(dir),
      "git.dirty": "true",
      "env.project_dir": dir,
    });
    expect(tags["env.lockfile_sha256"]).toMatch(/^[0-9a-f]{64}$/);
    expect(tags.command).toMatch(/^node /);
    const artifacts = await artifactDir(runId);
    const env = JSON.parse(fs.readFileSync(path.join(artifacts, "environment.json"), "utf8"));
    expect(env.project.dependencies.typescript).toEqual({ declared: "^5.9.0", installed: "5.9.3" });
    expect(env.git.commit).toBe(commit);
    expect(env.git.diff).toBeUndefined();
    expect(fs.readFileSync(path.join(artifacts, "git_diff.patch"), "utf8")).toContain("+// tweak");
  });

  it("logs no diff for a clean tree", async () => {
    const { dir } = makeProject();
    const runId = await mlflow.withRun({}, async (run) => {
      await competition.captureEnvironment({ projectDir: dir, gitDir: dir });
      return run.info.runId;
    });
    expect((await mlflow.listArtifacts(runId)).map((f) => f.path)).toEqual(["environment.json"]);
    expect((await mlflow.getRun(runId)).data.tags["git.dirty"]).toBe("false");
  });
});
