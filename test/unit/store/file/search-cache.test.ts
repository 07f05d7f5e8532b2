import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { tempDir } from "../../helpers/temp-store.js";

const child = path.join(import.meta.dirname, "..", "..", "children", "external-writes.mjs");

/** Makes every file and folder look written a minute ago, past the cache's racy window. */
function settle(dir: string) {
  const past = new Date(Date.now() - 60_000);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.utimesSync(path.join(dir, String(f)), past, past);
  fs.utimesSync(dir, past, past);
}

afterEach(() => vi.restoreAllMocks());

describe("search reuses what it read, and notices every change", () => {
  it("re-reads nothing when nothing changed, then sees another process's writes", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const exp = await client.createExperiment("cached");
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const { info } = await client.createRun(exp, 1_000 + ids.length, undefined, name);
      await client.logBatch(info.runId, [{ key: "score", value: ids.length, timestamp: 1, step: 0 }], [{ key: "p", value: name }], [{ key: "stage", value: "test" }]);
      ids.push(info.runId);
    }
    settle(root);
    const first = await client.searchRuns([exp], "", "ALL");
    expect(first.items).toHaveLength(3);

    const reads = vi.spyOn(fs, "readFileSync");
    const again = await client.searchRuns([exp], "", "ALL");
    expect(reads).not.toHaveBeenCalled();
    expect(again.items.map((r) => r.data)).toEqual(first.items.map((r) => r.data));
    reads.mockRestore();

    const freshId = execFileSync(process.execPath, [child, root, exp, ...ids], { encoding: "utf8" }).trim();
    const byName = Object.fromEntries((await client.searchRuns([exp], "", "ALL")).items.map((r) => [r.info.runName, r]));
    expect(byName.a.data.metrics.score).toBe(99);
    expect(byName.b.data.tags.stage).toBe("prod");
    expect(byName.b.data.params).toEqual({ p: "b", added: "later" });
    expect(byName.c.info.lifecycleStage).toBe("deleted");
    expect(byName["created-by-other-process"].info.runId).toBe(freshId);
    expect((await client.searchRuns([exp], "tags.stage = 'prod'")).items.map((r) => r.info.runName)).toEqual(["b"]);
  });

  it("sees an in-place rewrite of a settled file even when its size is unchanged", async () => {
    const root = path.join(tempDir(), "mlruns");
    const client = new MlflowClient(root);
    const { info } = await client.createRun("0");
    await client.setTag(info.runId, "t", "aaaa");
    settle(root);
    expect((await client.searchRuns(["0"])).items[0].data.tags.t).toBe("aaaa");
    const tagFile = path.join(root, "0", info.runId, "tags", "t");
    fs.writeFileSync(tagFile, "bbbb"); // same inode, same size, new mtime
    expect((await client.searchRuns(["0"])).items[0].data.tags.t).toBe("bbbb");
  });
});
