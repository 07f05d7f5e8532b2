import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { withRunName } from "../format.js";
import { forEachRun } from "../lifecycle.js";

export const spec: CommandSpec = {
  name: "delete",
  summary: "mark runs deleted (reversible until gc)",
  usage: ["delete RUN_ID..."],
  description: [
    "Marks each run deleted, as mlflow.delete_run does: the run stays on disk, hidden from listings,",
    "until 'mlruns gc' removes it; 'mlruns restore' brings it back. RUN_IDs may be unique prefixes",
    "(4+ characters). A run that cannot be found is reported and the others are still deleted;",
    "the exit code is then 1.",
  ].join("\n"),
  options: [],
  positionals: { min: 1, max: Infinity, names: "at least one RUN_ID" },
  examples: ["mlruns delete 3f2a9c1e 7b8d0e41"],
};

export async function run(args: Args, ctx: Context): Promise<number> {
  return forEachRun(args, ctx, async (client, r) => {
    const label = withRunName(r.info.runId, r.info.runName);
    if (r.info.lifecycleStage === "deleted") {
      ctx.out(`Run ${label} is already deleted.`);
      return;
    }
    await client.deleteRun(r.info.runId);
    ctx.out(`Deleted run ${label}.`);
  });
}
