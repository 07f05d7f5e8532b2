/**
 * A local HTTP server on 127.0.0.1 for the REST store's unit tests, scripted by each test's
 * handler. Every server made here is closed by `closeServers()` (register it with afterEach):
 * open connections are dropped first, so a handler that never answers does not hold it up.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const servers: http.Server[] = [];

/** Starts `handler` on a free 127.0.0.1 port. */
export async function serve(handler: http.RequestListener): Promise<{ uri: string; server: http.Server }> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The whole request body as text. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** Closes every server `serve` started (one a test closed already is passed over). */
export async function closeServers(): Promise<void> {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
