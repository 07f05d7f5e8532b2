import { expect, it } from "vitest";
import { InvalidParameterError, InvalidStateError, MlflowError, ResourceAlreadyExistsError, ResourceNotFoundError } from "../../../../src/errors.js";
import type { Conformance } from "./index.js";
import { MISSING_EXPERIMENT, MISSING_RUN } from "./expect-error.js";

async function caught(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** The error classes are part of the contract: callers branch on them and on errorCode. */
export function errorsAndCodesBehaviour(suite: Conformance): void {
  it("not found is a ResourceNotFoundError with RESOURCE_DOES_NOT_EXIST", async () => {
    const { store } = await suite.open();
    for (const err of [await caught(store.getRun(MISSING_RUN)), await caught(store.getExperiment(MISSING_EXPERIMENT)), await caught(store.getLoggedModel("m-0123456789abcdef0123456789abcdef"))]) {
      expect(err).toBeInstanceOf(ResourceNotFoundError);
      expect(err).toBeInstanceOf(MlflowError);
      expect((err as MlflowError).errorCode).toBe("RESOURCE_DOES_NOT_EXIST");
    }
  });

  it("a taken name is a ResourceAlreadyExistsError with RESOURCE_ALREADY_EXISTS", async () => {
    const { store } = await suite.open();
    await store.createExperiment("taken");
    const err = await caught(store.createExperiment("taken"));
    expect(err).toBeInstanceOf(ResourceAlreadyExistsError);
    expect((err as MlflowError).errorCode).toBe("RESOURCE_ALREADY_EXISTS");
  });

  it("a changed param is an InvalidParameterError with INVALID_PARAMETER_VALUE", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.logBatch(info.runId, { params: [{ key: "p", value: "1" }] });
    const err = await caught(store.logBatch(info.runId, { params: [{ key: "p", value: "2" }] }));
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as MlflowError).errorCode).toBe("INVALID_PARAMETER_VALUE");
  });

  it("a run in a deleted experiment is an InvalidStateError (INVALID_STATE) or InvalidParameterError, as capabilities.errors.deletedExperiment says", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("d");
    await store.deleteExperiment(id);
    const err = await caught(store.createRun({ experimentId: id, userId: "u", startTime: 1, tags: [] }));
    const code = suite.capabilities.errors.deletedExperiment;
    expect(err).toBeInstanceOf(code === "INVALID_STATE" ? InvalidStateError : InvalidParameterError);
    expect((err as MlflowError).errorCode).toBe(code);
  });

  it("a write to a deleted run is INVALID_PARAMETER_VALUE, as MLflow's check_run_is_active says", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.deleteRun(info.runId);
    const err = await caught(store.logBatch(info.runId, { tags: [{ key: "t", value: "v" }] }));
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as MlflowError).errorCode).toBe("INVALID_PARAMETER_VALUE");
    expect((err as Error).message).toContain(info.runId);
  });

  it("bad input from the client is an InvalidParameterError before the store is asked", async () => {
    const { client } = await suite.open();
    const errs = [await caught(client.createExperiment("")), await caught(client.getRun("not-an-id/../x")), await caught(client.searchRuns(["0"], "metrics.m = "))];
    for (const err of errs) {
      expect(err).toBeInstanceOf(InvalidParameterError);
      expect((err as MlflowError).errorCode).toBe("INVALID_PARAMETER_VALUE");
    }
  });
}
