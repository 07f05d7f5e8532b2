/**
 * The runs table's pure parts: nested runs under their parent, the column list in the URL,
 * and order-by fields that the server's MLflow parser reads back as the same key.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { groupRuns } from "../../../src/ui/app/run-groups.js";
import { cellText, defaultColumns, parseColumn, parseColumns, quoteKey, serializeColumns, sortField } from "../../../src/ui/app/table-columns.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson } from "./http-client.js";

const run = (id: string, parent?: string, extra: Partial<{ metrics: Record<string, number>; params: Record<string, string> }> = {}) => ({
  info: { runId: id, runName: id, status: "FINISHED", startTime: 0, endTime: 1500, experimentId: "0", userId: "u" },
  data: { metrics: extra.metrics ?? {}, params: extra.params ?? {}, tags: parent ? { "mlflow.parentRunId": parent } : {} },
});
const shape = (rows: any[]) => rows.map((r) => `${"  ".repeat(r.depth)}${r.run.info.runId}${r.orphanOf ? ` (of ${r.orphanOf})` : ""}${r.childCount ? ` [${r.childCount}]` : ""}`);

describe("groupRuns", () => {
  it("puts children (at any depth) right under their parent, keeping the server's order otherwise", () => {
    const runs = [run("c1", "p"), run("a"), run("p"), run("g1", "c1"), run("c2", "p"), run("b")];
    expect(shape(groupRuns(runs))).toEqual(["a", "p [2]", "  c1 [1]", "    g1", "  c2", "b"]);
  });

  it("a collapsed parent hides its whole subtree", () => {
    const runs = [run("p"), run("c1", "p"), run("g1", "c1"), run("x")];
    expect(shape(groupRuns(runs, new Set(["p"])))).toEqual(["p [1]", "x"]);
    expect(shape(groupRuns(runs, new Set(["c1"])))).toEqual(["p [1]", "  c1 [1]", "x"]);
  });

  it("a child whose parent is not on the page stays where it was, marked with its parent", () => {
    const runs = [run("a"), run("c1", "elsewhere"), run("c2", "elsewhere")];
    expect(shape(groupRuns(runs))).toEqual(["a", "c1 (of elsewhere)", "c2 (of elsewhere)"]);
  });

  it("a run naming itself or a cycle as its parent is never lost", () => {
    const runs = [run("self", "self"), run("x", "y"), run("y", "x")];
    const rows = groupRuns(runs);
    expect(rows.map((r) => r.run.info.runId).sort()).toEqual(["self", "x", "y"]);
  });
});

describe("table columns", () => {
  it("round-trips the URL's cols list; a key keeps its dots and spaces", () => {
    const text = "attributes.status,metrics.val loss,params.dropout.rate,tags.mlflow.user";
    const cols = parseColumns(text);
    expect(cols.map((c) => [c.kind, c.key])).toEqual([
      ["attributes", "status"],
      ["metrics", "val loss"],
      ["params", "dropout.rate"],
      ["tags", "mlflow.user"],
    ]);
    expect(serializeColumns(cols)).toBe(text);
    expect(serializeColumns([])).toBe("none");
    expect(parseColumns("none")).toEqual([]);
    expect(parseColumns("bogus.x,metrics.a")).toEqual([parseColumn("metrics.a")]);
  });

  it("defaults to status, start, duration and the page's metrics and params", () => {
    const cols = defaultColumns([run("a", undefined, { metrics: { loss: 1 }, params: { lr: "0.1" } }), run("b", undefined, { params: { depth: "3" } })]);
    expect(cols.map((c) => c.id)).toEqual(["attributes.status", "attributes.start_time", "attributes.duration", "metrics.loss", "params.depth", "params.lr"]);
  });

  it("quotes keys as MLflow's order-by parser needs", () => {
    expect(quoteKey("loss")).toBe("loss");
    expect(quoteKey("val loss")).toBe("`val loss`");
    expect(quoteKey("dropout.rate")).toBe("`dropout.rate`");
    expect(quoteKey("a`b")).toBe('"a`b"');
    expect(sortField(parseColumn("attributes.duration")!)).toBeNull();
    expect(sortField(parseColumn("attributes.start_time")!)).toBe("attributes.start_time");
    expect(sortField(parseColumn("tags.mlflow.user")!)).toBe("tags.`mlflow.user`");
  });

  it("cell text of attributes, metrics, params and tags", () => {
    const r = run("a", "p", { metrics: { loss: 0.1234567 }, params: { lr: "0.1" } });
    expect(cellText(r, parseColumn("attributes.duration")!)).toBe("2s"); // 1.5 s, rounded as formatDuration does
    expect(cellText(r, parseColumn("metrics.loss")!)).toBe("0.123457");
    expect(cellText(r, parseColumn("params.lr")!)).toBe("0.1");
    expect(cellText(r, parseColumn("tags.mlflow.parentRunId")!)).toBe("p");
    expect(cellText(r, parseColumn("params.missing")!)).toBe("");
  });
});

describe("order-by fields against the server", () => {
  let dir: string;
  let ui: UiServer;
  let experimentId: string;
  const KEYS = ["plain", "with space", "dotted.key", "dash-key", "slash/key"];

  beforeAll(async () => {
    dir = tempDir("mlruns-ui-order-");
    const client = new MlflowClient(path.join(dir, "mlruns"));
    experimentId = await client.createExperiment("order");
    for (const [i, name] of ["r0", "r1", "r2"].entries()) {
      const r = await client.createRun(experimentId, 1_700_000_000_000 + i, undefined, name);
      // Value order differs from creation order: r1 < r2 < r0.
      const v = [3, 1, 2][i]!;
      for (const k of KEYS) {
        client.logMetric(r.info.runId, k, v, 0, 0);
        await client.logParam(r.info.runId, k, String(v));
        await client.setTag(r.info.runId, k, String(v));
      }
    }
    await client.flush();
    ui = await startUi({ store: path.join(dir, "mlruns"), port: 0 });
  });
  afterAll(async () => {
    await ui?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(KEYS.flatMap((k) => ["metrics", "params", "tags"].map((kind) => [kind, k])))("%s.%s sorts ascending and descending", async (kind, key) => {
    const field = sortField(parseColumn(`${kind}.${key}`)!)!;
    const names = async (dir: string) => {
      const r = await getJson(ui.url, `/api/runs?experiments=${experimentId}&orderBy=${encodeURIComponent(`${field} ${dir}`)}`);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return r.json.runs.map((x: any) => x.info.runName);
    };
    expect(await names("ASC")).toEqual(["r1", "r2", "r0"]);
    expect(await names("DESC")).toEqual(["r0", "r2", "r1"]);
  });
});
