import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

/** A run's and a logged model's files, through the repositories the store hands out. */
export function artifactsBehaviour(suite: Conformance): void {
  const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-conformance-dl-"));

  it("writes, lists (sorted, folders without a size) and downloads a run's artifacts", async () => {
    const { client, store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const repo = store.artifactRepository(run.info);
    await repo.writeArtifact("notes/hello.txt", "hello");
    await repo.writeArtifact("b.bin", new Uint8Array([0, 1, 255]));
    expect((await repo.listArtifacts()).map((f) => [f.path, f.isDir, f.fileSize])).toEqual([
      ["b.bin", false, 3],
      ["notes", true, null],
    ]);
    expect((await repo.listArtifacts("notes")).map((f) => f.path)).toEqual(["notes/hello.txt"]);
    const dst = scratch();
    const got = await client.downloadArtifacts(run.info.runId, "notes/hello.txt", dst);
    expect(fs.readFileSync(got, "utf8")).toBe("hello");
    fs.rmSync(dst, { recursive: true, force: true });
  });

  it("lists nothing for a path with no artifacts", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    expect(await store.artifactRepository(run.info).listArtifacts()).toEqual([]);
    expect(await store.artifactRepository(run.info).listArtifacts("none/here")).toEqual([]);
  });

  it("refuses artifact paths that escape, writing nothing", async () => {
    const { client, store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    for (const bad of ["/tmp/evil.txt", "../evil.txt", "a/../../evil.txt", "%2e%2e/evil.txt"]) {
      await expectMlflowError(client.logText(run.info.runId, "x", bad), "INVALID_PARAMETER_VALUE");
    }
    expect(await client.listArtifacts(run.info.runId)).toEqual([]);
  });

  it("a logged model's files are apart from its run's", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const model = await store.createLoggedModel({ experimentId: "0", name: "m", sourceRunId: run.info.runId });
    await store.loggedModelArtifactRepository(model).writeArtifact("MLmodel", "artifact_path: m\n");
    expect((await store.loggedModelArtifactRepository(model).listArtifacts()).map((f) => f.path)).toEqual(["MLmodel"]);
    expect(await store.artifactRepository(run.info).listArtifacts()).toEqual([]);
  });
}
