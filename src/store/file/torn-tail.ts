import fs from "node:fs";
import path from "node:path";
import { parseModelMetricLine } from "./linked-metric-lines.js";
import { isWholeTail, parseMetricLine } from "./metric-lines.js";

/**
 * A metric file's unterminated tail: the bytes after its last newline. Torn when a kill -9
 * ended a write between two pages (Linux keeps what was copied); whole when it reads as a
 * line of the file (hand-written files often lack the final newline; see isWholeTail).
 * Shared by the writer (before a process's first append) and `mlruns doctor --fix`, so both
 * settle it the same way: a whole tail gets its newline, a torn one is cut and kept aside.
 */

/** `.<key>.torn` in the run's (or logged model's) folder, beside meta.yaml: MLflow reads no keys there. */
export function tornBackupPath(ownerDir: string, key: string): string {
  return path.join(ownerDir, `.${key.replace(/\//g, "_")}.torn`);
}

/** Bytes after the last newline of an open file of `size` bytes (0 when it ends in one). */
export function tornTailBytes(fd: number, size: number): number {
  const chunk = Buffer.alloc(4096);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    fs.readSync(fd, chunk, 0, end - start, start);
    const nl = chunk.subarray(0, end - start).lastIndexOf(0x0a);
    if (nl >= 0) return size - (start + nl + 1);
    end = start;
  }
  return size;
}

/** Moves the torn tail (if any) to `backup`, newline-terminated; returns the bytes cut. */
export function cutTornTail(fd: number, backup: string): number {
  const size = fs.fstatSync(fd).size;
  const cut = tornTailBytes(fd, size);
  if (!cut) return 0;
  const fragment = Buffer.alloc(cut);
  fs.readSync(fd, fragment, 0, cut, size - cut);
  fs.appendFileSync(backup, Buffer.concat([fragment, Buffer.from("\n")]));
  fs.ftruncateSync(fd, size - cut);
  return cut;
}

/** Reading further back than this for a tail's line: no metric line is that long, so it is torn. */
const TAIL_WINDOW = 64 * 1024;

/**
 * Whether the open file ends in a whole line without its newline. Run and logged-model
 * metric lines differ in field count (2, 3 or 5 against 4 or 6), so either reading will do.
 */
function hasWholeTail(fd: number, size: number): boolean {
  const n = Math.min(size, TAIL_WINDOW);
  const buf = Buffer.alloc(n);
  fs.readSync(fd, buf, 0, n, size - n);
  const lines = buf.toString("utf8").split("\n");
  const tail = lines.pop()!;
  if (n < size) lines.shift(); // may start mid-line
  const previous = lines.reverse().find((l) => l.trim() !== "");
  return tail.trim() !== "" && isWholeTail(tail, previous, anyMetricLine);
}

function anyMetricLine(line: string): unknown {
  try {
    return parseMetricLine("", line);
  } catch {
    return parseModelMetricLine("", line, "");
  }
}

/** Adds the newline a whole last line lacks; false when the file has no such line. */
export function terminateWholeTail(fd: number): boolean {
  const size = fs.fstatSync(fd).size;
  if (!tornTailBytes(fd, size) || !hasWholeTail(fd, size)) return false;
  fs.writeSync(fd, "\n", size);
  return true;
}

/** Ends a whole unterminated line with its newline, or moves a torn one to `backup`. */
export function settleTail(fd: number, backup: string): "terminated" | "cut" | undefined {
  if (terminateWholeTail(fd)) return "terminated";
  return cutTornTail(fd, backup) ? "cut" : undefined;
}
