/**
 * A fresh clone stays clean after `npm install`: the committed package-lock.json must be the one
 * npm writes for package.json. Otherwise the first demo run records git.dirty=true and logs a
 * git_diff.patch of the lock (issue #14). npm itself is the judge, on copies of the two files,
 * offline with an empty cache of its own: a lock that already satisfies package.json needs no
 * download, and one that does not fails here either way.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../competition/build-demo.js";
import { tempDir } from "../helpers/temp-store.js";

it("package-lock.json is what `npm install` writes for package.json, so installing leaves the clone clean", () => {
  const dir = tempDir("mlruns-lockfile-");
  let rewritten: string;
  try {
    for (const f of ["package.json", "package-lock.json"]) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(dir, f));
    execFileSync("npm", ["install", "--package-lock-only", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--cache", path.join(dir, "npm-cache")], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    rewritten = fs.readFileSync(path.join(dir, "package-lock.json"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(rewritten, "package-lock.json is stale: run `npm install --package-lock-only` and commit it").toBe(
    fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"),
  );
});
