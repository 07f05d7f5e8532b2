/**
 * A fresh, empty store per test on one running server: the SQLite database is copied once
 * right after the server created it (MLflow's Default experiment only), and put back before
 * each test, table by table, while the server keeps running (it caches no rows). Restarting
 * a server per test would take ~10 s each.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pythonPath } from "../python.js";

const SNAPSHOT = `
import sqlite3, sys
db, snap = sys.argv[1:3]
c = sqlite3.connect(db, timeout=60)
c.execute("VACUUM INTO ?", (snap,))
`;

const RESTORE = `
import sqlite3, sys
db, snap = sys.argv[1:3]
c = sqlite3.connect(db, timeout=60, isolation_level=None)
c.execute("PRAGMA foreign_keys=OFF")
c.execute("ATTACH DATABASE ? AS snap", (snap,))
tables = [r[0] for r in c.execute("SELECT name FROM snap.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
c.execute("BEGIN IMMEDIATE")
for t in tables:
    # table_info leaves out generated columns, which cannot be inserted into.
    cols = ", ".join(f'"{r[1]}"' for r in c.execute(f'PRAGMA main.table_info("{t}")'))
    c.execute(f'DELETE FROM main."{t}"')
    c.execute(f'INSERT INTO main."{t}" ({cols}) SELECT {cols} FROM snap."{t}"')
if c.execute("SELECT 1 FROM snap.sqlite_master WHERE name='sqlite_sequence'").fetchone():
    c.execute("DELETE FROM main.sqlite_sequence")
    c.execute("INSERT INTO main.sqlite_sequence SELECT * FROM snap.sqlite_sequence")
c.execute("COMMIT")
`;

function python(script: string, args: string[]): void {
  const r = spawnSync(pythonPath(), ["-c", script, ...args], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`resetting the server's database failed (${r.status ?? r.error?.message}):\n${r.stderr}`);
}

/** Takes the snapshot the resets go back to; returns the reset function. */
export function resettableDatabase(serverDir: string): () => void {
  const db = path.join(serverDir, "db.sqlite");
  const snap = path.join(serverDir, "db.initial.sqlite");
  python(SNAPSHOT, [db, snap]);
  return () => python(RESTORE, [db, snap]);
}
