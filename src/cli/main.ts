#!/usr/bin/env node
/**
 * The `mlruns` command. Kept small: it reads the global options, imports only the one
 * command module it needs, and turns errors into `mlruns: <message>` and an exit code.
 */
import { MlflowError } from "../errors.js";
import { formatHelp, parseCommandArgs, wantsHelp } from "./args.js";
import { processContext } from "./context.js";
import { CliError, UsageError } from "./errors.js";
import { COMMANDS } from "./registry.js";
import { suggest } from "./text.js";
import { mlrunsVersion } from "../util/package-version.js";

function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    "mlruns: read and tidy an MLflow file store (mlruns/) from the terminal.",
    "",
    "Usage:",
    "  mlruns [--store PATH|URI] <command> [options]",
    "",
    "Commands:",
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`),
    "",
    "Global options:",
    "  --store PATH|URI  the mlruns folder (a path or file: URI); default $MLFLOW_TRACKING_URI, else ./mlruns",
    "  -h, --help        show help (also 'mlruns <command> --help' and 'mlruns help <command>')",
    "  -V, --version     print the version",
    "",
    "Runs can be named by their full id or by a unique prefix of at least 4 characters.",
    "'mlruns runs' fits its table to the terminal ($COLUMNS when stdout is not a terminal, else",
    "80 columns); its --wide shows every metric and param.",
    "Colour is used only when stdout is a terminal and NO_COLOR is unset.",
    "",
  ].join("\n");
}

function unknownCommand(name: string): UsageError {
  const hint = suggest(name, Object.keys(COMMANDS));
  return new UsageError(`unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ""}`);
}

async function main(argv: string[]): Promise<number> {
  let store: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) break;
    if (a === "--help" || a === "-h") {
      process.stdout.write(mainHelp());
      return 0;
    }
    if (a === "--version" || a === "-V") {
      process.stdout.write(`${mlrunsVersion()}\n`);
      return 0;
    }
    if (a === "--store") {
      store = argv[++i];
      if (store === undefined) throw new UsageError("option '--store' needs a value (PATH|URI)");
    } else if (a.startsWith("--store=")) {
      store = a.slice("--store=".length);
    } else {
      throw new UsageError(`unknown option '${a}'`);
    }
  }
  let name = argv[i];
  let rest = argv.slice(i + 1);
  if (name === undefined) {
    process.stderr.write(mainHelp());
    return 2;
  }
  if (name === "help") {
    if (rest[0] === undefined) {
      process.stdout.write(mainHelp());
      return 0;
    }
    name = rest[0];
    rest = ["--help"];
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) throw unknownCommand(name);
  const command = await entry.load();
  if (wantsHelp(rest)) {
    process.stdout.write(formatHelp(command.spec));
    return 0;
  }
  const args = parseCommandArgs(command.spec, rest);
  return (await command.run(args, processContext(store))) ?? 0;
}

/** One line for errors the user can fix; a stack trace for bugs. */
function report(err: unknown): number {
  if (err instanceof UsageError) {
    const help = err.command ? `mlruns ${err.command} --help` : "mlruns --help";
    process.stderr.write(`mlruns: ${err.message}\nRun '${help}' for usage.\n`);
    return 2;
  }
  if (err instanceof CliError) {
    process.stderr.write(`mlruns: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof MlflowError) {
    process.stderr.write(`mlruns: ${err.message}\n`);
    return 1;
  }
  const e = err as Error | undefined;
  process.stderr.write(`mlruns: unexpected error (a bug; please report it):\n${e?.stack ?? String(err)}\n`);
  return 1;
}

// The store reports damaged folders as process warnings; show them as mlruns notes.
process.removeAllListeners("warning");
process.on("warning", (w) => {
  process.stderr.write(`mlruns: warning: ${w.message}\n`);
});
// `mlruns runs | head`: a closed pipe is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

/**
 * Exits as soon as everything written is flushed: left to itself, Node tears down the heap of
 * a big listing first (20-30 ms on a 10,000-run store). Commands await all their work, so
 * nothing else is pending when main settles.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}

main(process.argv.slice(2)).then(exitWhenFlushed, (err: unknown) => exitWhenFlushed(report(err)));
