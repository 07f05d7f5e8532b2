/** Shared by `delete` and `restore`: resolve each RUN_ID, act, report per run, keep going on errors. */
import type { MlflowClient, Run } from "../index.js";
import { MlflowError } from "../errors.js";
import type { Args } from "./args.js";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { openClient, resolveRun } from "./store.js";

export async function forEachRun(
  args: Args,
  ctx: Context,
  act: (client: MlflowClient, run: Run) => Promise<void>,
): Promise<number> {
  const client = openClient(ctx, args);
  const done = new Set<string>();
  let failures = 0;
  for (const ref of args.positionals) {
    try {
      const run = await resolveRun(client, ref);
      if (done.has(run.info.runId)) continue;
      done.add(run.info.runId);
      await act(client, run);
    } catch (err) {
      if (!(err instanceof CliError || err instanceof MlflowError)) throw err;
      ctx.note(err.message);
      failures++;
    }
  }
  return failures ? 1 : 0;
}
