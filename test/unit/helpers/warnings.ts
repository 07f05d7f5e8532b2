/** A warning as mlruns emitted it through process.emitWarning. */
export interface CapturedWarning {
  message: string;
  code?: string;
}

/** mlruns' own warnings: a MLRUNS_* code, or (the metric writer's retry notice) an 'mlruns:' prefix. */
export function isMlrunsWarning(w: CapturedWarning): boolean {
  return Boolean(w.code?.startsWith("MLRUNS_")) || w.message.startsWith("mlruns:");
}

/** Normalizes emitWarning's overloads (warning, type?, code?) and (warning, { type, code }). */
export function toCapturedWarning(warning: string | Error, second?: unknown, third?: unknown): CapturedWarning {
  const message = typeof warning === "string" ? warning : warning.message;
  let code: unknown = typeof warning === "string" ? undefined : (warning as { code?: unknown }).code;
  if (second && typeof second === "object") code = (second as { code?: unknown }).code ?? code;
  else if (typeof third === "string") code = third;
  return typeof code === "string" ? { message, code } : { message };
}

/**
 * Runs `fn` and returns the warnings it emitted instead of letting Node print them, so a test
 * can assert the warnings it provokes. emitWarning is swapped rather than listened to: Node
 * prints through its own 'warning' listener, which a test listener cannot silence.
 */
export async function captureWarnings<T>(fn: () => T | Promise<T>): Promise<{ result: T; warnings: CapturedWarning[] }> {
  const warnings: CapturedWarning[] = [];
  const previous = process.emitWarning;
  process.emitWarning = ((warning: string | Error, second?: unknown, third?: unknown) => {
    warnings.push(toCapturedWarning(warning, second, third));
  }) as typeof process.emitWarning;
  try {
    return { result: await fn(), warnings };
  } finally {
    process.emitWarning = previous;
  }
}

/** The messages of the warnings that carry `code`. */
export function messagesWithCode(warnings: CapturedWarning[], code = "MLRUNS_DAMAGED_STORE"): string[] {
  return warnings.filter((w) => w.code === code).map((w) => w.message);
}

/** The warning lines Node printed on a child process's stderr: "(node:PID) [CODE] Warning: message". */
export function printedWarnings(stderr: string): CapturedWarning[] {
  const out: CapturedWarning[] = [];
  for (const m of stderr.matchAll(/^\(node:\d+\) (?:\[([A-Z0-9_]+)\] )?\w*Warning: (.*)$/gm)) {
    out.push(m[1] ? { message: m[2], code: m[1] } : { message: m[2] });
  }
  return out;
}
