/** What a command gets from main: where to write, whether to colour, the global --store. */
import { colorEnabled, makeStyle, type Style } from "./style.js";

export interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** --store given before the command name. */
  readonly globalStore: string | undefined;
  readonly style: Style;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Terminal width when stdout is a terminal. */
  readonly columns: number | undefined;
  /** Write one line (or several joined lines) to stdout. */
  out(text?: string): void;
  /** Write `mlruns: <text>` to stderr: notes and per-item errors that do not stop the command. */
  note(text: string): void;
  now(): number;
}

export function processContext(globalStore: string | undefined): Context {
  const env = process.env;
  const stdoutIsTTY = process.stdout.isTTY === true;
  return {
    env,
    globalStore,
    style: makeStyle(colorEnabled(process.stdout, env)),
    stdoutIsTTY,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
    out: (text = "") => {
      process.stdout.write(text + "\n");
    },
    note: (text) => {
      process.stderr.write(`mlruns: ${text}\n`);
    },
    now: () => Date.now(),
  };
}
