/** How the file store reports damaged or unreadable files that reads skip rather than fail on. */

export function warn(message: string): void {
  process.emitWarning(message, { code: "MLRUNS_DAMAGED_STORE" });
}

export function tornLineWarning(file: string): (problem: string) => void {
  return (problem) => warn(`Skipped ${problem} in ${file}. 'mlruns doctor' reports such damage.`);
}

export function isYamlError(err: unknown): boolean {
  return err instanceof Error && /YAML/i.test(err.name);
}
