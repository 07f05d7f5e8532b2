/** ANSI styling, on only when stdout is a terminal and NO_COLOR is unset (https://no-color.org). */

export type Paint = (text: string) => string;

export interface Style {
  readonly enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
}

/** Colour when `stream` is a TTY and NO_COLOR is absent or empty. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

function sgr(open: number, close: number): Paint {
  return (text) => (text === "" ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity: Paint = (text) => text;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) {
    return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** Remove ANSI escape sequences (for width computations and tests). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
