/**
 * maxResults as MLflow 3.17 takes it: a positive integer (at most 50,000 per page of runs or
 * experiments); anything else is an InvalidParameterError (INVALID_PARAMETER_VALUE) with
 * MLflow's message, before any page is read.
 */
import path from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import * as mlflow from "../../../src/index.js";
import { InvalidParameterError, MlflowClient } from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { tempDir } from "../helpers/temp-store.js";

let root: string;
let client: MlflowClient;
let exp: string;

beforeAll(async () => {
  root = path.join(tempDir("mlruns-max-results-"), "mlruns");
  client = new MlflowClient(root);
  exp = await client.createExperiment("max-results");
  for (let i = 0; i < 3; i++) await client.createRun(exp);
  // One more than MLflow's default page of logged models (SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT).
  for (let i = 0; i < 101; i++) await client.createLoggedModel(exp, `m${i}`);
});

afterEach(() => resetTrackingUriForTests());

/** The error a call rejects with (fails the test if it resolves). */
async function refusal(call: () => Promise<unknown>): Promise<InvalidParameterError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidParameterError);
  expect((err as InvalidParameterError).errorCode).toBe("INVALID_PARAMETER_VALUE");
  return err as InvalidParameterError;
}

const NOT_POSITIVE_INTEGERS: [unknown, string][] = [
  [null, "null"],
  [-1, "-1"],
  [0, "0"],
  [1.5, "1.5"],
  ["3", '"3"'],
  [Number.NaN, "NaN"],
  [true, "true"],
];

describe("MlflowClient.searchRuns", () => {
  test.each(NOT_POSITIVE_INTEGERS)("refuses maxResults %s", async (value, shown) => {
    const err = await refusal(() => client.searchRuns([exp], "", "ACTIVE_ONLY", value as number));
    expect(err.message).toBe(`Invalid value ${shown} for parameter 'max_results' supplied. It must be a positive integer`);
  });

  test("refuses more than 50,000 with FileStore.search_runs' message", async () => {
    const err = await refusal(() => client.searchRuns([exp], "", "ACTIVE_ONLY", 50001));
    expect(err.message).toBe("Invalid value for request parameter max_results. It must be at most 50000, but got value 50001");
  });

  test("takes 1, 50,000 and the default 1,000", async () => {
    expect(await client.searchRuns([exp], "", "ACTIVE_ONLY", 1)).toHaveLength(1);
    expect(await client.searchRuns([exp], "", "ACTIVE_ONLY", 50000)).toHaveLength(3);
    expect(await client.searchRuns([exp])).toHaveLength(3);
  });
});

describe("MlflowClient.searchExperiments", () => {
  test.each(NOT_POSITIVE_INTEGERS)("refuses maxResults %s", async (value, shown) => {
    const err = await refusal(() => client.searchExperiments({ maxResults: value as number }));
    expect(err.message).toBe(`Invalid value ${shown} for parameter 'max_results' supplied. It must be a positive integer`);
  });

  test("refuses more than 50,000 with FileStore.search_experiments' message", async () => {
    const err = await refusal(() => client.searchExperiments({ maxResults: 50001 }));
    expect(err.message).toBe("Invalid value 50001 for parameter 'max_results' supplied. It must be at most 50000");
  });

  test("an omitted maxResults is the default 1,000", async () => {
    expect(await client.searchExperiments({ maxResults: undefined })).toHaveLength(2);
  });
});

describe("MlflowClient.searchLoggedModels", () => {
  test.each([
    [-1, "-1"],
    [1.5, "1.5"],
    ["3", '"3"'],
    [Number.NaN, "NaN"],
  ] as [unknown, string][])("refuses maxResults %s", async (value, shown) => {
    const err = await refusal(() => client.searchLoggedModels([exp], null, undefined, value as number));
    expect(err.message).toBe(`Invalid value ${shown} for parameter 'max_results' supplied. It must be a positive integer`);
  });

  test("null, 0 and omitted mean a page of 100 (MLflow's `max_results or 100`); there is no ceiling", async () => {
    for (const value of [null, 0, undefined]) {
      const page = await client.searchLoggedModels([exp], null, undefined, value);
      expect(page).toHaveLength(100);
      expect(page.token).not.toBeNull();
    }
    expect(await client.searchLoggedModels([exp], null, undefined, 60000)).toHaveLength(101);
  });
});

describe("the fluent searches", () => {
  test("mlflow.searchRuns refuses a maxResults that is not a positive integer", async () => {
    mlflow.setTrackingUri(root);
    for (const [value, shown] of NOT_POSITIVE_INTEGERS.filter(([v]) => v !== null)) {
      const err = await refusal(() => mlflow.searchRuns({ experimentIds: [exp], maxResults: value as number }));
      expect(err.message).toBe(`Invalid value ${shown} for parameter 'max_results' supplied. It must be a positive integer`);
    }
  });

  test("mlflow.searchRuns: null is every run (MLflow's max_results=None), a number caps the total", async () => {
    mlflow.setTrackingUri(root);
    expect(await mlflow.searchRuns({ experimentIds: [exp], maxResults: null })).toHaveLength(3);
    expect(await mlflow.searchRuns({ experimentIds: [exp], maxResults: 2 })).toHaveLength(2);
  });

  test("mlflow.searchLoggedModels: null is every model, as omitted is", async () => {
    mlflow.setTrackingUri(root);
    expect(await mlflow.searchLoggedModels({ experimentIds: [exp], maxResults: null })).toHaveLength(101);
    expect(await mlflow.searchLoggedModels({ experimentIds: [exp] })).toHaveLength(101);
    await refusal(() => mlflow.searchLoggedModels({ experimentIds: [exp], maxResults: "3" as unknown as number }));
  });
});
