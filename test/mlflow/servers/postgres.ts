/**
 * A private PostgreSQL cluster for the REST-store suites: initdb in a temporary folder, started
 * on a free 127.0.0.1 port, one database, stopped and deleted afterwards. Debian's
 * `postgresql` package is installed when missing and this runs as root (CI does); otherwise a
 * missing PostgreSQL fails loudly (the brief: real-server tests that cannot run never skip).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../matrix/mlflow-env.js";

export interface Postgres {
  /** postgresql+psycopg2://mlflow@127.0.0.1:<port>/mlflow (SQLAlchemy 2.1 defaults to psycopg 3 otherwise) */
  uri: string;
  stop(): void;
}

const isRoot = process.getuid?.() === 0;

function binDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

function ensureInstalled(): string {
  let bin = binDir();
  if (bin) return bin;
  if (!isRoot) {
    throw new Error("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb) and this is not root: install Debian's 'postgresql' package (apt-get install -y postgresql) to run the PostgreSQL server tests.");
  }
  execFileSync("apt-get", ["install", "-y", "postgresql"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  bin = binDir();
  if (!bin) throw new Error("apt-get install postgresql finished but no initdb was found under /usr/lib/postgresql/*/bin");
  return bin;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-pg-"));
  // initdb refuses to run as root: as root, the cluster belongs to the 'postgres' user.
  const asUser = isRoot ? ["runuser", "-u", "postgres", "--"] : [];
  if (isRoot) {
    fs.chmodSync(dir, 0o777);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = (cmd: string, args: string[]): void => {
    const [exe, ...rest] = [...asUser, path.join(bin, cmd), ...args];
    const r = spawnSync(exe!, rest, { encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  };
  run("initdb", ["-D", data, "-U", "mlflow", "-A", "trust", "--no-sync"]);
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "pg.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "mlflow", "mlflow"]);
  } catch (err) {
    stop();
    throw err;
  }
  return { uri: `postgresql+psycopg2://mlflow@127.0.0.1:${port}/mlflow`, stop };
}
