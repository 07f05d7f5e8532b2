import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { withRunName } from "../format.js";
import { forEachRun } from "../lifecycle.js";

export const spec: CommandSpec = {
  name: "restore",
  summary: "bring deleted runs back",
  usage: ["restore RUN_ID..."],
  description: [
    "Marks each deleted run active again, as mlflow.restore_run does. Runs already removed by",
    "'mlruns gc' cannot be restored. RUN_IDs may be unique prefixes (4+ characters).",
  ].join("\n"),
  options: [],
  positionals: { min: 1, max: Infinity, names: "at least one RUN_ID" },
  examples: ["mlruns restore 3f2a9c1e"],
};

export async function run(args: Args, ctx: Context): Promise<number> {
  return forEachRun(args, ctx, async (client, r) => {
    const label = withRunName(r.info.runId, r.info.runName);
    if (r.info.lifecycleStage === "active") {
      ctx.out(`Run ${label} is not deleted.`);
      return;
    }
    await client.restoreRun(r.info.runId);
    ctx.out(`Restored run ${label}.`);
    const experiment = await client.getExperiment(r.info.experimentId).catch(() => undefined);
    if (experiment?.lifecycleStage === "deleted") {
      ctx.note(`run ${r.info.runId} is in experiment ${experiment.experimentId} (${experiment.name}), which is deleted; restore the experiment to see the run in listings`);
    }
  });
}
