import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { openClient } from "../store.js";
import { isLoopback, startUi } from "../../ui/server/start-ui.js";

export const spec: CommandSpec = {
  name: "ui",
  summary: "a local, read-only web viewer of the store: experiments, runs table with filters, run pages, artifacts",
  usage: ["ui [--port 5000] [--host 127.0.0.1]"],
  description: [
    "Serves a web app on http://127.0.0.1:5000/ that reads the store through mlruns (no Python, no",
    "MLflow). It only reads: GET and HEAD only, artifacts only from inside each run's artifact folder.",
    "It answers only requests addressed to its own host name (localhost, 127.0.0.1 or --host), which",
    "stops web pages from reaching it by DNS rebinding. --host 0.0.0.0 makes the store readable by",
    "anyone on the network. --port 0 picks a free port. Stop it with Ctrl-C. See docs/ui.md.",
  ].join("\n"),
  options: [
    { name: "port", short: "p", type: "string", valueName: "N", help: "port to listen on (default 5000; 0 picks a free one)" },
    { name: "host", type: "string", valueName: "ADDR", help: "address to bind (default 127.0.0.1)" },
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns ui", "mlruns ui --store ./mlruns --port 8080"],
};

function port(raw: string | undefined): number {
  if (raw === undefined) return 5000;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 65535) throw new UsageError(`--port expects a port number from 0 to 65535, got '${raw}'`, spec.name);
  return Number(raw);
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const client = openClient(ctx, args);
  const host = args.string("host") ?? "127.0.0.1";
  const server = await startUi({ store: client.store, port: port(args.string("port")), host });
  if (!isLoopback(host)) {
    ctx.note(`warning: --host ${host} serves this store to every machine that can reach this one, with no login. Use the default 127.0.0.1 unless that is what you want.`);
  }
  ctx.out(`mlruns ui: ${server.url} (store ${client.trackingUri}); press Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  return 0;
}
