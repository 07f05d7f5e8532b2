/**
 * The checks every request passes before any handler runs. A local server is reachable by any
 * page the user visits: a foreign `Host` header means a DNS-rebinding page is talking to us
 * (Jupyter and Vite refuse those too), and only reads are allowed, so nothing can change the store.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";

/** Sent with every response, whatever it is. */
export function setBaseHeaders(res: ServerResponse): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
}

/** The names a browser on this machine may use for the server: the bound address, localhost, 127.0.0.1 and ::1. */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "[::1]", bracket(boundHost)]);
  // Bound to every interface, the server is reached by this machine's own addresses; a
  // rebinding attack always arrives with a domain name, never an IP literal of ours.
  if (boundHost === "0.0.0.0" || boundHost === "::") {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address));
  }
  return new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
}

function bracket(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export type Refusal = { status: 403 | 405; message: string; errorCode: string };

/** Why this request is refused, or undefined when it may go on. */
export function refuse(req: IncomingMessage, hosts: Set<string>): Refusal | undefined {
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) {
    return { status: 403, errorCode: "PERMISSION_DENIED", message: `Host '${req.headers.host ?? ""}' is not this server; open it as ${[...hosts][0]}` };
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return { status: 405, errorCode: "BAD_REQUEST", message: `${req.method} is not allowed: mlruns ui is read-only (GET and HEAD only)` };
  }
  return undefined;
}
