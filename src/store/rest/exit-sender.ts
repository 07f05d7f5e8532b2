import { spawnSync } from "node:child_process";
import { RETRY_AFTER_STATUS_CODES, RETRY_STATUS_CODES, type HttpClient } from "./http-client.js";

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
 * with the same retries as any request (HttpClient's: the waits come from its backoffMs, jitter
 * included, and a Retry-After answer is obeyed), all within `deadlineMs`. Its source is inline, not a
 * file next to this one, so it runs the same from dist/, the CJS bundle and the sources.
 */
export function sendBeforeExit(requests: ExitRequest[], http: HttpClient, deadlineMs: number): ExitResult[] {
  if (requests.length === 0) return [];
  const { settings } = http;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The child's fetch reads TLS settings from the environment, as the parent's undici Agent would.
  if (settings.insecureTls) env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  if (settings.serverCertPath) env.NODE_EXTRA_CA_CERTS = settings.serverCertPath;
  const input = JSON.stringify({
    requests,
    // waits[i]: the pause before retry i + 1 (one entry per retry allowed).
    waits: Array.from({ length: settings.maxRetries }, (_, i) => http.backoffMs(i + 1)),
    timeoutMs: settings.timeoutSeconds * 1000,
    retryCodes: [...RETRY_STATUS_CODES],
    retryAfterCodes: [...RETRY_AFTER_STATUS_CODES],
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
  const retryAfter = new Set(job.retryAfterCodes);
  // Retry-After in seconds or as an HTTP date (HttpClient's retryAfterMs).
  const retryAfterMs = (res) => {
    const value = retryAfter.has(res.status) ? res.headers.get("retry-after") : null;
    if (!value) return undefined;
    if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (const req of job.requests) {
    let result;
    for (let attempt = 0; ; attempt++) {
      let wait;
      const left = job.deadline - Date.now();
      try {
        const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(Math.max(1, Math.min(job.timeoutMs, left))) });
        const text = await res.text();
        if (res.ok) { result = { ok: true }; break; }
        if (!retryable.has(res.status) || attempt >= job.waits.length) { result = { ok: false, error: "HTTP " + res.status + ": " + text.slice(0, 500) }; break; }
        wait = retryAfterMs(res);
      } catch (err) {
        const cause = err && err.cause ? err.cause : err;
        if (attempt >= job.waits.length || Date.now() >= job.deadline) { result = { ok: false, error: String((cause && (cause.code || cause.message)) || cause) }; break; }
      }
      wait ??= job.waits[attempt];
      if (Date.now() + wait >= job.deadline) { result = { ok: false, error: "gave up at the exit deadline while the server kept failing" }; break; }
      await sleep(wait);
    }
    process.stdout.write(JSON.stringify(result) + "\\n");
  }
});
`;
