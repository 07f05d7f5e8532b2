import { spawnSync } from "node:child_process";
import type { RestClientSettings } from "./client-settings.js";
import { RETRY_STATUS_CODES } from "./http-client.js";

/** One request to make before the process ends. */
export interface ExitRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What became of one ExitRequest: sent, or why not. */
export type ExitResult = { ok: true } | { ok: false; error: string };

/**
 * Exit hooks cannot await, and Node has no synchronous HTTP. So the requests still owed at
 * exit are made by a short-lived Node child, synchronously (spawnSync), one after the other,
 * with the same retries as any request, all within `deadlineMs`. Its source is inline, not a
 * file next to this one, so it runs the same from dist/, the CJS bundle and the sources.
 */
export function sendBeforeExit(requests: ExitRequest[], settings: RestClientSettings, deadlineMs: number): ExitResult[] {
  if (requests.length === 0) return [];
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The child's fetch reads TLS settings from the environment, as the parent's undici Agent would.
  if (settings.insecureTls) env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  if (settings.serverCertPath) env.NODE_EXTRA_CA_CERTS = settings.serverCertPath;
  const input = JSON.stringify({
    requests,
    maxRetries: settings.maxRetries,
    backoffFactor: settings.backoffFactor,
    timeoutMs: settings.timeoutSeconds * 1000,
    retryCodes: [...RETRY_STATUS_CODES],
    deadline: Date.now() + deadlineMs,
  });
  const child = spawnSync(process.execPath, ["--no-warnings", "-e", CHILD_SOURCE], { input, env, encoding: "utf8", timeout: deadlineMs + 5000, maxBuffer: 64 << 20 });
  const lines = (child.stdout ?? "").trim().split("\n").filter(Boolean);
  const results: ExitResult[] = lines.map((l) => JSON.parse(l) as ExitResult);
  const why = child.error ? child.error.message : `the sender stopped (${child.signal ?? `exit code ${child.status}`}) ${(child.stderr ?? "").trim().slice(0, 300)}`;
  while (results.length < requests.length) results.push({ ok: false, error: `not sent before exit: ${why}` });
  return results;
}

// Plain JavaScript run with `node -e`: reads the job from stdin, prints one JSON line per request.
const CHILD_SOURCE = `
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const retryable = new Set(job.retryCodes);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (const req of job.requests) {
    let result;
    for (let attempt = 0; ; attempt++) {
      const left = job.deadline - Date.now();
      try {
        const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(Math.max(1, Math.min(job.timeoutMs, left))) });
        const text = await res.text();
        if (res.ok) { result = { ok: true }; break; }
        if (!retryable.has(res.status) || attempt >= job.maxRetries) { result = { ok: false, error: "HTTP " + res.status + ": " + text.slice(0, 500) }; break; }
      } catch (err) {
        const cause = err && err.cause ? err.cause : err;
        if (attempt >= job.maxRetries || Date.now() >= job.deadline) { result = { ok: false, error: String((cause && (cause.code || cause.message)) || cause) }; break; }
      }
      const wait = attempt === 0 ? 0 : Math.min(120, job.backoffFactor * 2 ** attempt) * 1000;
      if (Date.now() + wait >= job.deadline) { result = { ok: false, error: "gave up at the exit deadline while the server kept failing" }; break; }
      await sleep(wait);
    }
    process.stdout.write(JSON.stringify(result) + "\\n");
  }
});
`;
