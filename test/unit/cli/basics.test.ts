import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, CLI, fixtureCopy, FX, REPO, tempDir } from "./helpers.js";

const COMMANDS = ["experiments", "runs", "show", "compare", "history", "delete", "restore", "gc", "relocate", "ui"];

beforeAll(assertBuilt);

describe.concurrent("mlruns --help / --version", async () => {
  it("--help lists every command and the global options, exit 0", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
    expect(r.stdout).toContain("--store PATH|URI");
    expect(r.stdout).toContain("--version");
    expect(r.stdout).toContain("NO_COLOR");
  });

  it("--version prints package.json's version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it.each(COMMANDS)("'%s --help' prints usage, options and the global --store, exit 0, without needing a store", async (c) => {
    const r = await cli([c, "--help"], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`^mlruns ${c}: `));
    expect(r.stdout).toContain(`Usage:\n  mlruns ${c}`);
    expect(r.stdout).toContain("--store PATH|URI");
    expect(r.stdout).toContain("-h, --help");
  });

  it("'help CMD' is the same as 'CMD --help'", async () => {
    expect((await cli(["help", "gc"])).stdout).toBe((await cli(["gc", "--help"])).stdout);
    expect((await cli(["gc", "--help"])).stdout).toContain("--older-than D");
  });

  it("no command: the help on stderr, exit 2", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Commands:");
  });
});

describe.concurrent("usage errors exit 2 with one line and a pointer to --help", async () => {
  const store = fixtureCopy();
  const cases: Array<[string, string[], string]> = [
    ["unknown command", ["lsit"], "mlruns: unknown command 'lsit'\n"],
    ["misspelt command", ["expriments"], "mlruns: unknown command 'expriments' (did you mean 'experiments'?)\n"],
    ["unknown global option", ["--colour", "runs"], "mlruns: unknown option '--colour'\n"],
    ["unknown command option", ["runs", "--fitler", "x"], "mlruns: unknown option '--fitler' for 'mlruns runs' (did you mean '--filter'?)\n"],
    ["option without its value", ["runs", "--max"], "mlruns: option '--max' needs a value (N)\n"],
    ["flag given a value", ["runs", "--json=yes"], "mlruns: option '--json' takes no value\n"],
    ["missing RUN_ID", ["show"], "mlruns: 'mlruns show' needs a RUN_ID\n"],
    ["too many arguments", ["show", "a", "b"], "mlruns: too many arguments for 'mlruns show': 'b'\n"],
    ["compare with one run", ["compare", FX.sweep0], "mlruns: 'mlruns compare' needs at least two RUN_IDs\n"],
    ["history without a metric", ["history", FX.sweep0], "mlruns: 'mlruns history' needs a RUN_ID and a METRIC name\n"],
    ["--json with --csv", ["runs", "--json", "--csv"], "mlruns: --json and --csv cannot be used together\n"],
    ["bad --max", ["runs", "--max", "ten"], "mlruns: --max expects a positive integer, got 'ten'\n"],
    ["zero --max", ["runs", "--max", "0"], "mlruns: --max expects a positive integer, got '0'\n"],
    ["bad --older-than", ["gc", "--older-than", "3 days"], "mlruns: could not parse any time information from '3 days' for --older-than."],
    ["experiments takes no arguments", ["experiments", "x"], "mlruns: 'mlruns experiments' takes no arguments (got 'x')\n"],
  ];
  it.each(cases)("%s", async (_name, args, message) => {
    const r = await cli(["--store", store, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).toMatch(/Run 'mlruns( \w+)? --help' for usage\.\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe.concurrent("the store", async () => {
  it("--store works before or after the command, as a path or a file: URI", async () => {
    const store = fixtureCopy();
    for (const args of [
      ["--store", store, "experiments"],
      ["experiments", "--store", store],
      [`--store=${store}`, "experiments"],
      ["experiments", "--store", pathToFileURL(store).href],
    ]) {
      const r = await cli([...args, "--csv"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${FX.sweepsExp},baseline/sweeps,active`);
    }
  });

  it("falls back to MLFLOW_TRACKING_URI, then ./mlruns in the working directory", async () => {
    const store = fixtureCopy();
    expect((await cli(["experiments", "--csv"], { env: { MLFLOW_TRACKING_URI: store } })).stdout).toContain("baseline/sweeps");
    expect((await cli(["experiments", "--csv"], { cwd: path.dirname(store) })).stdout).toContain("baseline/sweeps");
    // --store wins over the environment.
    const r = await cli(["--store", store, "experiments", "--csv"], { env: { MLFLOW_TRACKING_URI: "/nonexistent/store" } });
    expect(r.code).toBe(0);
  });

  it("a missing store is an error naming the folder and where it came from, and is not created", async () => {
    const cwd = tempDir();
    const r = await cli(["runs"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `mlruns: no MLflow store at ${fs.realpathSync(cwd)}/mlruns (from the default ./mlruns); pass --store PATH or set MLFLOW_TRACKING_URI\n`,
    );
    expect(fs.existsSync(path.join(cwd, "mlruns"))).toBe(false);

    const missing = path.join(cwd, "nope");
    const fromEnv = await cli(["experiments"], { env: { MLFLOW_TRACKING_URI: missing } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toBe(`mlruns: no MLflow store at ${missing} (from MLFLOW_TRACKING_URI); pass --store PATH or set MLFLOW_TRACKING_URI\n`);
    const fromFlag = await cli(["gc", "--yes", "--store", missing]);
    expect(fromFlag.code).toBe(1);
    expect(fromFlag.stderr).toContain("(from --store)");
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("a file, or a server URI, is refused clearly", async () => {
    const dir = tempDir();
    const file = path.join(dir, "file.txt");
    fs.writeFileSync(file, "x");
    const r = await cli(["--store", file, "experiments"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`mlruns: the store ${file} (from --store) is a file, not a folder\n`);
    const http = await cli(["experiments"], { env: { MLFLOW_TRACKING_URI: "http://localhost:5000" } });
    expect(http.code).toBe(1);
    expect(http.stderr).toBe(
      "mlruns: the store 'http://localhost:5000' (from MLFLOW_TRACKING_URI) is not a local folder; mlruns reads file stores: a path or a file: URI\n",
    );
  });
});

describe.concurrent("errors", async () => {
  it("library errors (MlflowError) are one line, exit 1, no stack", async () => {
    const store = fixtureCopy();
    const r = await cli(["--store", store, "runs", "--filter", "metrics.loss <<< 1"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^mlruns: Invalid comparator '<<<'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = await cli(["--store", store, "show", "../etc"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^mlruns: .*\.\.\/etc/);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("unexpected errors print a stack trace, exit 1", async () => {
    // A run folder whose meta.yaml is a folder: reading it is an I/O failure the CLI does not expect.
    const store = fixtureCopy();
    const meta = path.join(store, FX.sweepsExp, FX.sweep0, "meta.yaml");
    fs.rmSync(meta);
    fs.mkdirSync(meta);
    const r = await cli(["--store", store, "show", FX.sweep0]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mlruns: unexpected error \(a bug; please report it\):\n/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe.concurrent("colour", async () => {
  it("never when stdout is not a terminal", async () => {
    const store = fixtureCopy();
    for (const args of [["runs"], ["show", FX.parent], ["compare", FX.child1, FX.child2], ["history", FX.child1, "loss"], ["experiments"]]) {
      const r = await cli(["--store", store, ...args]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain("\u001b[");
    }
  });
});

describe.concurrent("start-up", async () => {
  it("main.js imports no command module and no store code up front", () => {
    const mainJs = path.join(REPO, "dist", "cli", "main.js");
    const main = fs.readFileSync(mainJs, "utf8");
    const staticImports = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(staticImports.sort()).toEqual(["../errors.js", "../util/package-version.js", "./args.js", "./context.js", "./errors.js", "./registry.js", "./text.js"]);
    const registry = fs.readFileSync(path.join(path.dirname(mainJs), "registry.js"), "utf8");
    expect(registry).not.toMatch(/^import /m);
    expect(registry).toContain('import("./commands/gc.js")');
  });

  it("so does its bundle, the installed command: what loads up front holds no store, client or dependency", () => {
    const dir = path.dirname(CLI);
    const seen = new Set<string>();
    const todo = [path.basename(CLI)];
    const packages = new Set<string>();
    while (todo.length) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const [, from] of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/^(?:import .*|\}) from "([^"]+)";$/gm)) {
        if (from!.startsWith("./")) todo.push(from!.slice(2));
        else packages.add(from!);
      }
    }
    // esbuild writes `var FileStore = class {`, tsc `class FileStore {`.
    const defines = /\b(?:class (?:FileStore|MlflowClient)|(?:FileStore|MlflowClient) = class)\b/;
    const upFront = [...seen].map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    expect(upFront).not.toMatch(defines);
    expect([...packages].filter((p) => !p.startsWith("node:"))).toEqual([]);
    expect(upFront).toMatch(/import\("\.\/gc-[A-Z0-9]+\.js"\)/);
    // ...and the library is in the bundle, not only in dist/.
    expect(fs.readdirSync(dir).some((f) => defines.test(fs.readFileSync(path.join(dir, f), "utf8")))).toBe(true);
  });
});
