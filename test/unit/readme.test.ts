/**
 * The README is the first thing a newcomer runs: its first screen must hold the commands to
 * type and how to open runs in MLflow, its example must run as pasted and print what the
 * README says it prints, and every page it sends readers to must exist.
 *
 * The example runs against the built package (dist/, as `npm test` builds it) in two ways the
 * README names: from a folder of its own with `mlruns` installed as a link to this repository
 * (`npm install /path/to/mlruns`), and from inside this repository (Node's package
 * self-reference).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fencedBlocks, headingAnchors, linkTargets, type FencedBlock } from "./helpers/markdown.js";
import { tempDir } from "./helpers/temp-store.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const README = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
/** The file's first 60 lines: about one browser window of the rendered page. */
const FIRST_SCREEN_LINES = 60;

function quickStart(): { example: FencedBlock; output: FencedBlock } {
  const blocks = fencedBlocks(README);
  const i = blocks.findIndex((b) => /from "mlruns"/.test(b.code));
  expect(i, "the README has no code block that imports mlruns").toBeGreaterThanOrEqual(0);
  const example = blocks[i];
  // ```js, not ```ts: it is saved as a .mjs file and run by node as it stands.
  expect(example.lang, `the README's first example (line ${example.line}) must be plain JavaScript`).toBe("js");
  const output = blocks[i + 1];
  expect(output?.lang, "the example must be followed by a ```text block of what it prints").toBe("text");
  return { example, output };
}

/** The environment of a fresh shell: no tracking settings inherited from the test run. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ["MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID"]) delete env[k];
  return env;
}

function runExample(dir: string, code: string): { stdout: string; stderr: string; status: number | null } {
  fs.writeFileSync(path.join(dir, "quickstart.mjs"), code);
  const r = spawnSync(process.execPath, ["quickstart.mjs"], { cwd: dir, env: userEnv(), encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** What is on disk for one run folder: name, tags, status and the last value of each metric. */
function readRunFolder(runDir: string) {
  const read = (sub: string) => {
    const dir = path.join(runDir, sub);
    return Object.fromEntries(fs.readdirSync(dir).map((k) => [k, fs.readFileSync(path.join(dir, k), "utf8")]));
  };
  const lastValue = (lines: string) => Number(lines.trim().split("\n").at(-1)!.split(" ")[1]);
  const metrics = Object.fromEntries(Object.entries(read("metrics")).map(([k, v]) => [k, lastValue(v)]));
  const status = /^status: (\d+)$/m.exec(fs.readFileSync(path.join(runDir, "meta.yaml"), "utf8"))?.[1];
  return { tags: read("tags"), params: read("params"), metrics, status };
}

/** Every run folder of the experiment called `name` in the store at `root`. */
function runFoldersOf(root: string, name: string): string[] {
  const expDir = fs
    .readdirSync(root)
    .map((d) => path.join(root, d))
    .find((d) => fs.existsSync(path.join(d, "meta.yaml")) && fs.readFileSync(path.join(d, "meta.yaml"), "utf8").includes(`\nname: ${name}\n`));
  expect(expDir, `no experiment named ${name} in ${root}`).toBeDefined();
  return fs
    .readdirSync(expDir!)
    .map((d) => path.join(expDir!, d))
    .filter((d) => fs.existsSync(path.join(d, "tags")));
}

function assertBuilt(): void {
  if (!fs.existsSync(path.join(REPO, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first (npm test does).");
  }
}

describe("README", () => {
  it("is short: under 200 lines, the details in docs/", () => {
    expect(README.split("\n").length).toBeLessThan(200);
  });

  it("says on its first screen the two commands to type, the example, and how to open the runs in each MLflow", () => {
    const firstScreen = README.split("\n").slice(0, FIRST_SCREEN_LINES).join("\n");
    expect(firstScreen).toContain("npm install && npm run demo");
    expect(firstScreen).toMatch(/^npm test\b/m);
    expect(firstScreen).toContain("npm run test:mlflow");
    expect(quickStart().output.line).toBeLessThan(FIRST_SCREEN_LINES);
    expect(firstScreen).toMatch(/\| 2\.x, 3\.0 – 3\.12 \| `mlflow ui --backend-store-uri \.\/mlruns` \|/);
    expect(firstScreen).toMatch(/\| 3\.13 and newer \| `MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri \.\/mlruns` \|/);
  });

  it("links every docs/ page, and every relative link in README.md and docs/ leads to a file and heading that exist", () => {
    const docs = fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md"));
    expect(docs.length).toBeGreaterThan(0);
    const linked = new Set(linkTargets(README).map((t) => t.split("#")[0]));
    expect(docs.filter((f) => !linked.has(`docs/${f}`)), "docs pages the README does not link").toEqual([]);

    const broken: string[] = [];
    for (const page of ["README.md", ...docs.map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(path.join(REPO, page), "utf8");
      for (const target of linkTargets(text)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split("#");
        const resolved = file ? path.resolve(REPO, path.dirname(page), file) : path.join(REPO, page);
        if (!fs.existsSync(resolved)) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor && !headingAnchors(fs.readFileSync(resolved, "utf8")).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  describe("example, run as pasted", () => {
    it("prints what the README says, from a folder where mlruns is installed as a link to this repository", () => {
      assertBuilt();
      const { example, output } = quickStart();
      const dir = tempDir("mlruns-readme-");
      fs.mkdirSync(path.join(dir, "node_modules"));
      fs.symlinkSync(REPO, path.join(dir, "node_modules", "mlruns"), "dir");
      try {
        const run = runExample(dir, example.code);
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(output.code);

        // What it printed is what is on disk in ./mlruns: the runs it found are the runs it
        // logged, FINISHED, tagged as the filter asks, with the printed latest rmse.
        const [count, ...rows] = run.stdout.trim().split("\n");
        const found = Number(/^(\d+) runs$/.exec(count)?.[1]);
        expect(found).toBeGreaterThan(0);
        const onDisk = runFoldersOf(path.join(dir, "mlruns"), "quickstart").map(readRunFolder);
        expect(onDisk).toHaveLength(found);
        for (const row of rows) {
          const [name, rmse] = row.split(" ");
          const logged = onDisk.find((r) => r.tags["mlflow.runName"] === name);
          expect(logged, `printed run ${name} is not on disk`).toBeDefined();
          expect(logged!.status).toBe("3"); // RunStatus.FINISHED
          expect(logged!.tags.experiment_type).toBe("baseline");
          expect(logged!.metrics.rmse.toFixed(3)).toBe(rmse);
        }
        expect(rows).toHaveLength(found);
      } finally {
        fs.unlinkSync(path.join(dir, "node_modules", "mlruns")); // the link first: never walk into the repository
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("prints the same from a folder inside this repository (the package resolves itself)", () => {
      assertBuilt();
      const { example, output } = quickStart();
      // Inside the repository, in a git-ignored folder, so the store it writes is thrown away.
      const parent = path.join(REPO, "dist-examples");
      fs.mkdirSync(parent, { recursive: true });
      const dir = fs.mkdtempSync(path.join(parent, ".readme-example-"));
      try {
        const run = runExample(dir, example.code);
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(output.code);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
