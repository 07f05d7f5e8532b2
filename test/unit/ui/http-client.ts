/**
 * Plain node:http requests, so a test controls the Host header, the method and the raw path.
 * A fresh connection per request unless an agent is given: reusing an idle keep-alive socket
 * the server is closing (its 5 s keepAliveTimeout) fails with ECONNRESET, a client-side race.
 */
import http from "node:http";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(url: string, options: { method?: string; headers?: Record<string, string>; path?: string; agent?: http.Agent } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: options.method ?? "GET", path: options.path ?? u.pathname + u.search, headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export async function getJson(base: string, pathAndQuery: string): Promise<{ status: number; json: any }> {
  const r = await request(new URL(pathAndQuery, base).toString());
  return { status: r.status, json: JSON.parse(r.body) };
}
