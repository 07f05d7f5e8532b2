/**
 * Typed errors carrying MLflow's error codes (databricks_pb2 names), so callers can
 * branch on `err.errorCode` exactly as they would on MlflowException.error_code.
 */
export type MlflowErrorCode =
  | "INVALID_PARAMETER_VALUE"
  | "RESOURCE_ALREADY_EXISTS"
  | "RESOURCE_DOES_NOT_EXIST"
  | "INVALID_STATE"
  | "BAD_REQUEST"
  | "INTERNAL_ERROR"
  | "PERMISSION_DENIED"
  // Codes only a tracking server sends (databricks_pb2.ErrorCode).
  | "UNAUTHENTICATED"
  | "REQUEST_LIMIT_EXCEEDED"
  | "TEMPORARILY_UNAVAILABLE"
  | "ENDPOINT_NOT_FOUND"
  | "NOT_IMPLEMENTED";

export class MlflowError extends Error {
  readonly errorCode: MlflowErrorCode;
  constructor(message: string, errorCode: MlflowErrorCode = "INTERNAL_ERROR", options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.errorCode = errorCode;
  }
}

/** Bad input: a key, value, id, name or path that MLflow would refuse. */
export class InvalidParameterError extends MlflowError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "INVALID_PARAMETER_VALUE", options);
  }
}

export class ResourceAlreadyExistsError extends MlflowError {
  constructor(message: string) {
    super(message, "RESOURCE_ALREADY_EXISTS");
  }
}

export class ResourceNotFoundError extends MlflowError {
  constructor(message: string) {
    super(message, "RESOURCE_DOES_NOT_EXIST");
  }
}

/** The store holds something in a state that forbids the operation (e.g. logging to a deleted run). */
export class InvalidStateError extends MlflowError {
  constructor(message: string) {
    super(message, "INVALID_STATE");
  }
}

/**
 * The file system refused: read-only store, permission denied, disk full. `path` names what
 * could not be read or written; `syscallCode` is the errno name (EACCES, EROFS, ENOSPC, ...).
 * Data written before the failure is left intact.
 */
export class StoreIOError extends MlflowError {
  readonly path: string | undefined;
  readonly syscallCode: string | undefined;
  constructor(message: string, path: string | undefined, cause: unknown) {
    super(message, "INTERNAL_ERROR", { cause });
    this.path = path;
    this.syscallCode = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/** An optional peer dependency a feature needs is not installed; `packageName` is what to install. */
export class MissingDependencyError extends MlflowError {
  readonly packageName: string;
  constructor(message: string, packageName: string, cause?: unknown) {
    super(message, "INTERNAL_ERROR", { cause });
    this.packageName = packageName;
  }
}

/**
 * A tracking server could not be reached, or kept failing (5xx, 429) after every retry.
 * `uri` is the tracking URI; the message says what to check.
 */
export class TrackingServerUnavailableError extends MlflowError {
  readonly uri: string;
  /** The last HTTP status, or undefined when no answer came at all (refused, timed out, DNS). */
  readonly status: number | undefined;
  constructor(message: string, uri: string, status?: number, cause?: unknown) {
    super(message, status === 429 ? "REQUEST_LIMIT_EXCEEDED" : "TEMPORARILY_UNAVAILABLE", { cause });
    this.uri = uri;
    this.status = status;
  }
}

/** The tracking server refused the credentials (401) or the user's rights (403); the message says what to set. */
export class TrackingServerAuthError extends MlflowError {
  readonly uri: string;
  readonly status: number;
  constructor(message: string, uri: string, status: number) {
    super(message, status === 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED");
    this.uri = uri;
    this.status = status;
  }
}

/** Another `mlruns sync` of the same store to the same target holds the lock; `lockFile` is its owner file. */
export class SyncInProgressError extends MlflowError {
  readonly lockFile: string;
  constructor(message: string, lockFile: string) {
    super(message, "INVALID_STATE");
    this.lockFile = lockFile;
  }
}
