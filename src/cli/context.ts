/** What a command gets from main: where to write, whether to colour, the global --store. */
import { colorEnabled, makeStyle, type Style } from "./style.js";

export interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** --store given before the command name. */
  readonly globalStore: string | undefined;
  readonly style: Style;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** The width to fit output to (see terminalWidth). */
  readonly columns: number;
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
    columns: terminalWidth(stdoutIsTTY ? process.stdout.columns : undefined, env),
    out: (text = "") => {
      process.stdout.write(text + "\n");
    },
    note: (text) => {
      process.stderr.write(`mlruns: ${text}\n`);
    },
    now: () => Date.now(),
  };
}

/** A terminal's own width; else $COLUMNS, the convention when output is not a terminal (`COLUMNS=120 mlruns runs | less`); else 80. */
export function terminalWidth(ttyColumns: number | undefined, env: NodeJS.ProcessEnv): number {
  if (ttyColumns !== undefined && ttyColumns > 0) return ttyColumns;
  const fromEnv = env.COLUMNS?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv) && Number(fromEnv) > 0) return Number(fromEnv);
  return 80;
}
