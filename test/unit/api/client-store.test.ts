import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/api/client.js";
import { FileStore } from "../../../src/store/file/index.js";
import { openStore } from "../../../src/store/registry.js";
import { MemoryStore } from "../store/helpers/memory-store.js";

describe("new MlflowClient(store)", () => {
  it("uses the given store instance, not one opened from a URI", async () => {
    const store = new MemoryStore("unregistered://somewhere");
    const client = new MlflowClient(store);
    expect(client.store).toBe(store);
    expect(client.trackingUri).toBe("unregistered://somewhere");
    const id = await client.createExperiment("handed");
    const run = await client.createRun(id, undefined, undefined, "r1");
    await client.logParam(run.info.runId, "p", 1);
    await client.setTerminated(run.info.runId);
    expect(store.calls).toEqual(expect.arrayContaining(["createExperiment", "createRun", "logBatch", "updateRunInfo"]));
    expect(store.runs.get(run.info.runId)?.data.params).toEqual({ p: "1" });
  });

  it("takes a FileStore built by hand, separate from the registry's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-client-store-"));
    const own = new FileStore(dir);
    const client = new MlflowClient(own);
    expect(client.store).toBe(own);
    expect(client.store).not.toBe(openStore(dir));
    const id = await client.createExperiment("by-hand");
    expect((await new MlflowClient(dir).getExperiment(id)).name).toBe("by-hand");
  });

  it("still opens the store for a URI, the same instance the registry holds", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-client-uri-"));
    expect(new MlflowClient(dir).store).toBe(openStore(dir));
  });
});
