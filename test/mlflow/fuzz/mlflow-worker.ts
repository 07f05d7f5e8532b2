/**
 * One long-lived fuzz_worker.py: `import mlflow` costs ~3 s, so every program of a run (and
 * every shrinking step) goes through the same Python process, one JSON line each way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { PY_DIR, REPO_ROOT, pythonPath } from "../python.js";
import type { Program } from "./program.js";
import type { SideResult } from "./run-mlruns.js";

/** MLflow's view of a store: see fuzz_worker.py's dump(). */
export type Dump = { experiments: Record<string, any>; runs: Record<string, any>; search: Record<string, any> };

export class MlflowWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";

  constructor() {
    this.child = spawn(pythonPath(), [path.join(PY_DIR, "fuzz_worker.py")], {
      cwd: REPO_ROOT,
      env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: "true", PYTHONIOENCODING: "utf-8", PYTHONUTF8: "1", MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true" },
    });
    this.child.stderr.on("data", (b: Buffer) => (this.stderr = (this.stderr + b.toString("utf8")).slice(-8000)));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
    this.child.on("exit", (code) => {
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ workerError: `fuzz_worker.py exited with ${code}\n${this.stderr}` }));
    });
  }

  private request(req: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        const answer = JSON.parse(line);
        if (answer.workerError) reject(new Error(`fuzz_worker.py: ${answer.workerError}`));
        else resolve(answer);
      });
      this.child.stdin.write(JSON.stringify(req) + "\n");
    });
  }

  /** Runs the program with MLflow's MlflowClient on a fresh store at `root`; returns outcomes and MLflow's dump. */
  run(root: string, program: Program): Promise<SideResult & { dump: Dump }> {
    return this.request({ op: "run", root, program });
  }

  /** MLflow's dump of a store someone else wrote, its experiments and runs named by label. */
  async dump(root: string, exps: Record<string, string>, runs: Record<string, string>): Promise<Dump> {
    return (await this.request({ op: "dump", root, exps, runs })).dump;
  }

  close(): void {
    this.child.stdin.end();
  }
}
