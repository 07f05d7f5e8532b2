import { expect } from "vitest";
import { MlflowError, type MlflowErrorCode } from "../../../../src/errors.js";

/** The typed error a call fails with, checked for MLflow's error code (and message, if given). */
export async function expectMlflowError(call: Promise<unknown> | (() => unknown), code: MlflowErrorCode, message?: string | RegExp): Promise<MlflowError> {
  let err: unknown;
  try {
    await (typeof call === "function" ? call() : call);
  } catch (e) {
    err = e;
  }
  expect(err, `expected an MlflowError with code ${code}`).toBeInstanceOf(MlflowError);
  expect((err as MlflowError).errorCode).toBe(code);
  if (message !== undefined) expect((err as MlflowError).message).toMatch(message);
  return err as MlflowError;
}

/** A run id no store has. */
export const MISSING_RUN = "0123456789abcdef0123456789abcdef";
/** An experiment id no fresh store has. */
export const MISSING_EXPERIMENT = "987654321";
