/**
 * Errors the CLI reports as one line, `mlruns: <message>`, with no stack trace.
 * UsageError exits 2; CliError (and the library's MlflowError) exit 1.
 */

/** The command line itself is wrong: an unknown option, a missing argument, a bad value. */
export class UsageError extends Error {
  /** The subcommand whose --help to point at, if known. */
  command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A failure the user can act on (missing store, unknown run, ambiguous prefix...). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
