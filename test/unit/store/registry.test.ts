import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { InvalidParameterError } from "../../../src/errors.js";
import { FileStore } from "../../../src/store/file/index.js";
import { openStore, openedStores, registerStore, registeredSchemes } from "../../../src/store/registry.js";
import { fileUriToPath, normalizeTrackingUri, pathToFileUri, uriScheme } from "../../../src/util/file-uri.js";
import { MemoryStore } from "./helpers/memory-store.js";

const made: MemoryStore[] = [];
registerStore("memtest", (uri) => {
  const store = new MemoryStore(uri);
  made.push(store);
  return store;
});

afterEach(() => resetTrackingUriForTests());

describe("the store registry", () => {
  it("opens the store registered for the URI's scheme, once per URI", () => {
    const store = openStore("memtest://a");
    expect(store).toBeInstanceOf(MemoryStore);
    expect(store.trackingUri).toBe("memtest://a");
    expect(openStore("memtest://a")).toBe(store);
    expect(openStore("memtest://b")).not.toBe(store);
    expect(openedStores()).toContain(store);
  });

  it("matches the scheme in any case, as URI schemes are case-insensitive", () => {
    expect(openStore("MEMTEST://upper")).toBeInstanceOf(MemoryStore);
  });

  it("opens a FileStore for plain paths and file: URIs, the same one for the same folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-registry-"));
    const byPath = openStore(dir);
    expect(byPath).toBeInstanceOf(FileStore);
    expect(openStore(pathToFileUri(dir))).toBe(byPath);
    expect(openStore(path.relative(process.cwd(), dir))).toBe(byPath);
  });

  it("opens one FileStore for every spelling of a folder's file: URI", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-registry-"));
    const byPath = openStore(dir);
    for (const spelling of [`file:${dir}`, `file://${dir}/`, `FILE://${dir}`, `file:${path.relative(process.cwd(), dir)}`, `${dir}/`]) {
      expect(openStore(spelling), spelling).toBe(byPath);
    }
  });

  it("names the registered schemes when a URI's scheme has no store", () => {
    expect(registeredSchemes()).toEqual(expect.arrayContaining(["file", "memtest"]));
    expect(() => openStore("sqlite:///mlflow.db")).toThrow(InvalidParameterError);
    expect(() => openStore("sqlite:///mlflow.db")).toThrow(/'sqlite' scheme.*supported: file:, http:, https:, memtest:/);
  });

  it("is what setTrackingUri and the fluent API go through", async () => {
    mlflow.setTrackingUri("memtest://fluent");
    const exp = await mlflow.setExperiment("seam");
    const run = await mlflow.startRun({ runName: "r" });
    await mlflow.logParam("lr", "0.1");
    await mlflow.logMetric("loss", 0.5, { step: 3 });
    await mlflow.endRun();
    const store = made.find((s) => s.trackingUri === "memtest://fluent")!;
    expect(store).toBeDefined();
    expect(store.calls).toEqual(expect.arrayContaining(["getExperimentByName", "createExperiment", "createRun", "logBatch", "queueMetrics", "updateRunInfo"]));
    const stored = store.runs.get(run.info.runId)!;
    expect(stored.info.experimentId).toBe(exp.experimentId);
    expect(stored.info.status).toBe("FINISHED");
    expect(stored.data.params).toEqual({ lr: "0.1" });
    expect(store.history.get(`${run.info.runId}/loss`)).toEqual([expect.objectContaining({ value: 0.5, step: 3 })]);
    expect(await new mlflow.MlflowClient().getRun(run.info.runId)).toMatchObject({ info: { runName: "r" } });
  });
});

describe("tracking URIs are parsed in one place", () => {
  it("tells a scheme from a plain path", () => {
    expect(uriScheme("file:///x")).toBe("file");
    expect(uriScheme("HTTP://host")).toBe("http");
    expect(uriScheme("./mlruns")).toBeUndefined();
    expect(uriScheme("/abs/mlruns")).toBeUndefined();
  });

  it("normalizes a plain path to the file: URI MLflow writes, and leaves URIs alone", () => {
    expect(normalizeTrackingUri("/tmp/a b")).toBe("file:///tmp/a%20b");
    expect(normalizeTrackingUri("http://127.0.0.1:5000")).toBe("http://127.0.0.1:5000");
    for (const spelling of ["file:/tmp/a%20b", "file:///tmp/a%20b/", "FILE:///tmp/a%20b", "/tmp/a b/"]) expect(normalizeTrackingUri(spelling)).toBe("file:///tmp/a%20b");
  });

  it("turns file: URIs into local paths as MLflow's local_file_uri_to_path does", () => {
    expect(fileUriToPath("file:///c/d%20e")).toBe("/c/d e");
    expect(fileUriToPath("file:/c/d")).toBe("/c/d");
    expect(fileUriToPath("file:rel/dir")).toBe(path.resolve("rel/dir"));
    expect(fileUriToPath("plain")).toBe(path.resolve("plain"));
  });
});
