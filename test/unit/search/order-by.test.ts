import { describe, expect, it } from "vitest";
import { SearchFilterError } from "../../../src/search/index.js";
import { EXPERIMENTS } from "../../../src/search/identifiers.js";
import { parseOrderBy } from "../../../src/search/order-by.js";
import { thrown } from "./fixtures.js";

describe("parseOrderBy (runs)", () => {
  it.each<[string, [string, string, boolean]]>([
    ["metrics.loss", ["metric", "loss", true]],
    ["metrics.loss ASC", ["metric", "loss", true]],
    ["metrics.loss DESC", ["metric", "loss", false]],
    ["metrics.loss desc", ["metric", "loss", false]],
    ["metrics.loss  Desc", ["metric", "loss", false]],
    ["metrics.loss\tDESC", ["metric", "loss", false]],
    ["metric.loss", ["metric", "loss", true]],
    ["params.lr DESC", ["parameter", "lr", false]],
    ["tags.team", ["tag", "team", true]],
    ["metrics.`my metric` DESC", ["metric", "my metric", false]],
    ['metrics."my metric"', ["metric", "my metric", true]],
    ["metrics.`a.b`", ["metric", "a.b", true]],
    ["metrics.a.b", ["metric", "a.b", true]],
    ["start_time", ["attribute", "start_time", true]],
    ["attributes.start_time DESC", ["attribute", "start_time", false]],
    ["created DESC", ["attribute", "created", false]],
    ["end_time", ["attribute", "end_time", true]],
    ["status", ["attribute", "status", true]],
    ["run_name DESC", ["attribute", "run_name", false]],
    ["run_id", ["attribute", "run_id", true]],
    ["user_id", ["attribute", "user_id", true]],
    ["artifact_uri", ["attribute", "artifact_uri", true]],
    ["datasets.name", ["dataset", "name", true]],
  ])("%j", (clause, [type, key, ascending]) => {
    expect(parseOrderBy(clause)).toEqual({ type, key, ascending });
  });

  it.each<[string, string, number]>([
    ["", "Could not be parsed", 0],
    ["metrics.loss ", "Could not be parsed", 12],
    [" metrics.loss", "Could not be parsed", 0],
    ["metrics.loss DESC NULLS FIRST", "Could not be parsed", 18],
    ["metrics.loss, params.lr", "Could not be parsed", 12],
    ["metrics.loss DOWN", "Invalid ordering key", 13],
    ["metrics.loss ASC DESC", "Could not be parsed", 17],
    ["foo", "Invalid attribute key 'foo'", 0],
    ["experiment_id", "Invalid attribute key 'experiment_id'", 0],
    ["`Run name`", "Invalid attribute key 'Run name'", 0],
    ["lifecycle_stage", "Invalid attribute key", 0],
    ["timestamp", "Invalid attribute key 'timestamp'", 0],
    ["foo.bar", "Invalid entity type 'foo'", 0],
    ['metrics."open', "Could not be parsed", 8],
    ["metrics.loss;", "Could not be parsed", 12],
  ])("rejects %j", (clause, message, position) => {
    const e = thrown(() => parseOrderBy(clause));
    expect(e).toBeInstanceOf(SearchFilterError);
    expect(e.message).toContain(message);
    expect(e.position).toBe(position);
  });
});

describe("parseOrderBy (experiments)", () => {
  it.each<[string, [string, string, boolean]]>([
    ["name", ["attribute", "name", true]],
    ["attribute.name DESC", ["attribute", "name", false]],
    ["creation_time DESC", ["attribute", "creation_time", false]],
    ["last_update_time", ["attribute", "last_update_time", true]],
    ["experiment_id ASC", ["attribute", "experiment_id", true]],
    ["tags.team", ["tag", "team", true]],
  ])("%j", (clause, [type, key, ascending]) => {
    expect(parseOrderBy(clause, EXPERIMENTS)).toEqual({ type, key, ascending });
  });

  it.each(["attributes.name", "start_time", "metrics.x"])("rejects %j", (clause) => {
    expect(() => parseOrderBy(clause, EXPERIMENTS)).toThrow(SearchFilterError);
  });
});
