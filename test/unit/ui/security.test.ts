/**
 * `mlruns ui` against a hostile store: names, tags and notes full of markup, an artifact named
 * like a traversal, symlinks out of the run's folder, a 50 MB one-line file. Nothing outside
 * the store is served, nothing is sent as runnable HTML, and the server stays up.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson, request } from "./http-client.js";
import { HOSTILE, writeHostileStore, type HostileStore } from "./ui-store.js";

let dir: string;
let store: HostileStore;
let ui: UiServer;
let port: string;

beforeAll(async () => {
  dir = tempDir("mlruns-ui-hostile-");
  store = await writeHostileStore(dir);
  ui = await startUi({ store: store.root, port: 0 });
  port = new URL(ui.url).port;
}, 60_000);
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const artifact = (p: string) => `/api/runs/${store.runId}/artifact?path=${p}`;

describe("binding and Host header", () => {
  it("binds 127.0.0.1 by default: the URL says so and no other interface answers", async () => {
    expect(ui.url).toBe(`http://127.0.0.1:${port}/`);
    const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal);
    if (external) {
      await expect(request(`http://${external.address}:${port}/api/experiments`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    }
  });

  it.each(["evil.example:PORT", "attacker.localhost.evil:PORT", "localhost:1", "127.0.0.1"])("refuses Host '%s' with 403 (DNS rebinding)", async (host) => {
    const r = await request(ui.url + "api/experiments", { headers: { Host: host.replace("PORT", port) } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error_code).toBe("PERMISSION_DENIED");
    expect(r.body).not.toContain(HOSTILE.runName);
  });

  it.each(["localhost:PORT", "127.0.0.1:PORT", "LOCALHOST:PORT"])("accepts Host '%s'", async (host) => {
    const r = await request(ui.url + "api/experiments", { headers: { Host: host.replace("PORT", port) } });
    expect(r.status).toBe(200);
  });
});

describe("read-only", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])("%s is refused with 405 and writes nothing", async (method) => {
    const before = fs.readdirSync(store.root, { recursive: true }).length;
    for (const p of ["/api/experiments", `/api/runs/${store.runId}`, "/"]) {
      const r = await request(ui.url.slice(0, -1) + p, { method });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe("GET, HEAD");
    }
    expect(fs.readdirSync(store.root, { recursive: true }).length).toBe(before);
  });

  it("HEAD answers with headers and no body", async () => {
    const r = await request(ui.url + artifact("ok.txt").slice(1), { method: "HEAD" });
    expect(r.status).toBe(200);
    expect(r.headers["content-length"]).toBe("10");
    expect(r.body).toBe("");
  });
});

describe("artifacts stay inside the run's folder", () => {
  const relToSecret = () => path.relative(store.artifactDir, store.outsideFile).split(path.sep).join("/");

  it("refuses every spelling of a path that climbs out", async () => {
    const up = relToSecret(); // ../../../../outside/secret.txt
    const attempts = [
      up,
      encodeURIComponent(up),
      up.replaceAll("/", "%2f"),
      encodeURIComponent(up.replaceAll("/", "%2f")), // ..%252f: double-encoded
      encodeURIComponent(encodeURIComponent(encodeURIComponent(up))),
      up.replaceAll("..", "%2e%2e"),
      `notes/${up}`,
      encodeURIComponent(store.outsideFile), // absolute
      store.outsideFile,
      `file://${store.outsideFile}`,
      encodeURIComponent("..\\..\\outside\\secret.txt"),
    ];
    for (const p of attempts) {
      const r = await request(ui.url + artifact(p).slice(1));
      expect([400, 403, 404], `path=${p}`).toContain(r.status);
      expect(r.body, `path=${p}`).not.toContain(HOSTILE.secret);
      const listing = await request(ui.url + `api/runs/${store.runId}/artifacts?path=${p}`);
      expect([400, 403, 404], `listing path=${p}`).toContain(listing.status);
    }
  });

  it("a raw '..' in the URL path is not a way out either", async () => {
    const r = await request(ui.url, { path: `/api/runs/${store.runId}/../../../../outside/secret.txt` });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(HOSTILE.secret);
  });

  it(`the artifact literally named '${HOSTILE.traversalName}' is listed as a name and never decoded into a path`, async () => {
    const { json } = await getJson(ui.url, `/api/runs/${store.runId}/artifacts`);
    expect(json.files.map((f: any) => f.path)).toContain(HOSTILE.traversalName);
    const r = await request(ui.url + artifact(encodeURIComponent(HOSTILE.traversalName)).slice(1));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toContain("'..'");
  });

  it("a symlink to a file outside is refused (realpath), and so is a symlinked folder", async () => {
    const file = await request(ui.url + artifact("secret-link.txt").slice(1));
    expect(file.status).toBe(403);
    expect(file.body).not.toContain(HOSTILE.secret);
    const viaDir = await request(ui.url + artifact("outside-dir/secret.txt").slice(1));
    expect(viaDir.status).toBe(403);
    expect(viaDir.body).not.toContain(HOSTILE.secret);
    const listing = await request(ui.url + `api/runs/${store.runId}/artifacts?path=outside-dir`);
    expect(listing.status).toBe(403);
    expect(listing.body).not.toContain("secret.txt");
  });
});

describe("what a browser could run is never served as a page", () => {
  it.each([
    ["page.html", "application/octet-stream"],
    ["image.svg", "application/octet-stream"],
    [encodeURIComponent(HOSTILE.traversalName.replaceAll("%2f", "_")), undefined],
  ])("%s is a sandboxed download", async (name, type) => {
    const r = await request(ui.url + artifact(name).slice(1));
    if (type === undefined) return expect(r.status).toBe(404);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe(type);
    expect(r.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(r.headers["content-security-policy"]).toMatch(/^sandbox;/);
  });

  it("even a preview of HTML is an attachment with sandbox CSP", async () => {
    const r = await request(ui.url + artifact("page.html&preview=1").slice(1));
    expect(r.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(r.headers["content-security-policy"]).toMatch(/^sandbox;/);
  });

  it("every response carries nosniff: the app, JSON, artifacts, errors, refusals", async () => {
    const replies = await Promise.all([
      request(ui.url),
      request(ui.url + "app.js"),
      request(ui.url + "api/experiments"),
      request(ui.url + artifact("ok.txt").slice(1)),
      request(ui.url + "api/nothing"),
      request(ui.url + artifact("secret-link.txt").slice(1)),
      request(ui.url + "api/experiments", { headers: { Host: "evil.example" } }),
      request(ui.url + "api/experiments", { method: "POST" }),
    ]);
    for (const r of replies) expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("the app's page has a strict CSP: own scripts only, no inline script, no framing", async () => {
    const r = await request(ui.url);
    const csp = r.headers["content-security-policy"] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("hostile names come back as JSON strings, never turned into markup by the server", async () => {
    const { json } = await getJson(ui.url, `/api/runs/${store.runId}`);
    expect(json.run.info.runName).toBe(HOSTILE.runName);
    expect(json.run.data.tags.evil).toBe(HOSTILE.tagValue);
    expect(json.run.data.tags["mlflow.note.content"]).toBe(HOSTILE.note);
    const raw = await request(ui.url + `api/runs/${store.runId}`);
    expect(raw.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("the bundled app never writes HTML from data (no innerHTML, no dangerouslySetInnerHTML in its source)", () => {
    const src = path.join(import.meta.dirname, "../../../src/ui/app");
    for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(src, f), "utf8");
      expect(text, f).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });
});

describe("a 50 MB single-line text artifact", () => {
  it("its preview stops at 1 MiB and says the file is larger", async () => {
    const r = await request(ui.url + artifact("big.txt&preview=1").slice(1));
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(1024 * 1024);
    expect(r.headers["x-artifact-size"]).toBe(String(HOSTILE.bigSize));
    expect(r.headers["x-artifact-truncated"]).toBe("true");
  });

  it("its download streams all 50 MB without holding the file in memory, and the server stays up", async () => {
    const url = new URL(artifact("big.txt&download=1"), ui.url);
    let received = 0;
    let grewWhilePaused = Infinity;
    const base = process.memoryUsage().arrayBuffers;
    await new Promise<void>((resolve, reject) => {
      http
        .get(url, (res) => {
          expect(res.headers["content-length"]).toBe(String(HOSTILE.bigSize));
          res.once("data", () => {
            // A stalled reader: a server that streams reads ahead only a buffer or two; one that
            // read the file whole would now hold 50 MB (server and client share this process).
            res.pause();
            setTimeout(() => {
              grewWhilePaused = process.memoryUsage().arrayBuffers - base;
              res.resume();
            }, 500);
          });
          res.on("data", (c: Buffer) => (received += c.length));
          res.on("end", resolve);
          res.on("error", reject);
        })
        .on("error", reject);
    });
    expect(received).toBe(HOSTILE.bigSize);
    expect(grewWhilePaused).toBeLessThan(8 * 1024 * 1024);
    expect((await request(ui.url + "api/experiments")).status).toBe(200);
  }, 60_000);

  it("a client that hangs up mid-download does not take the server down", async () => {
    await new Promise<void>((resolve) => {
      const req = http.get(new URL(artifact("big.txt"), ui.url), (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => resolve());
    });
    expect((await request(ui.url + "api/experiments")).status).toBe(200);
  });
});
