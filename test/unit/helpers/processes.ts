import { spawn } from "node:child_process";
import path from "node:path";

const worker = path.join(import.meta.dirname, "..", "children", "worker.mjs");

/** Starts one worker process per argument list; they all begin work at the same instant. */
export function runWorkers(root: string, task: string, argLists: string[][]): Promise<any[]> {
  const startAt = Date.now() + 1000 + argLists.length * 50;
  return Promise.all(
    argLists.map(
      (args) =>
        new Promise((resolve, reject) => {
          const p = spawn(process.execPath, [worker, root, String(startAt), task, ...args], { stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          let err = "";
          p.stdout.on("data", (d) => (out += d));
          p.stderr.on("data", (d) => (err += d));
          p.on("error", reject);
          p.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
        }),
    ),
  );
}

/** Everything a child's output stream carries until it closes, as text. */
export function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    stream.setEncoding("utf8");
    stream.on("data", (d: string) => (text += d));
    stream.on("error", reject);
    stream.on("end", () => resolve(text));
  });
}
