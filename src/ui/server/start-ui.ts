/** `startUi`: the viewer's HTTP server, read-only, on 127.0.0.1 unless told otherwise. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openStore } from "../../store/registry.js";
import type { TrackingStore } from "../../store/tracking-store.js";
import { InvalidParameterError } from "../../errors.js";
import { handleApi } from "./api.js";
import { allowedHosts, refuse, setBaseHeaders } from "./request-guard.js";
import { HttpError, sendError, sendJson } from "./respond.js";
import { findStaticDir, sendStatic } from "./static-app.js";

export interface UiOptions {
  /** A TrackingStore, or a tracking URI / folder path (opened with openStore). */
  store: TrackingStore | string;
  /** Default 5000 (as `mlflow ui`); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything else exposes the store to the network. */
  host?: string;
}

export interface UiServer {
  /** e.g. http://127.0.0.1:5000/ */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Hosts that reach only this machine. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startUi(options: UiOptions): Promise<UiServer> {
  const port = options.port ?? 5000;
  const host = options.host ?? "127.0.0.1";
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidParameterError(`port must be an integer from 0 to 65535, got ${port}.`);
  const store = typeof options.store === "string" ? openStore(options.store) : options.store;
  const staticDir = findStaticDir();
  let hosts = new Set<string>();

  const server = http.createServer((req, res) => {
    setBaseHeaders(res);
    const refusal = refuse(req, hosts);
    if (refusal) {
      if (refusal.status === 405) res.setHeader("Allow", "GET, HEAD");
      return sendJson(res, refusal.status, { error_code: refusal.errorCode, message: refusal.message });
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const work = url.pathname.startsWith("/api/")
      ? handleApi(store, res, url)
      : Promise.resolve(sendStatic(res, staticDir, url.pathname));
    work
      .then((handled) => {
        if (!handled) throw new HttpError(404, "ENDPOINT_NOT_FOUND", `No page or endpoint at '${url.pathname}'.`);
      })
      .catch((err) => sendError(res, err));
  });
  // A client that stops reading must not keep a file stream open forever.
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, bound);
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown === "0.0.0.0" || shown === "[::]" ? "127.0.0.1" : shown}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
