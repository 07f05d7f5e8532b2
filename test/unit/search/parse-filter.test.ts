import { describe, expect, it } from "vitest";
import { SearchFilterError, parseSearchFilter } from "../../../src/search/index.js";
import { EXPERIMENTS } from "../../../src/search/identifiers.js";
import { parseFilter } from "../../../src/search/parse-filter.js";
import { thrown } from "./fixtures.js";

type Row = [type: string, key: string, comparator: string, value: unknown];
const parse = (s: string): Row[] => parseSearchFilter(s).map((c) => [c.type, c.key, c.comparator, c.value]);

describe("parseSearchFilter: what MLflow accepts", () => {
  it.each<[string, Row[]]>([
    ["", []],
    ["metrics.loss > 0.5", [["metric", "loss", ">", 0.5]]],
    ["metric.loss >= -1", [["metric", "loss", ">=", -1]]],
    ["metrics.loss != 1e3", [["metric", "loss", "!=", 1000]]],
    ["metrics.loss < .5", [["metric", "loss", "<", 0.5]]],
    ["metrics.loss <= 1.", [["metric", "loss", "<=", 1]]],
    ["metrics.`my metric` = 2", [["metric", "my metric", "=", 2]]],
    ['metrics."my metric" = 2', [["metric", "my metric", "=", 2]]],
    ["metrics.'my metric' = 2", [["metric", "my metric", "=", 2]]],
    ["metrics.a.b = 2", [["metric", "a.b", "=", 2]]],
    ["`metrics`.x = 2", [["metric", "x", "=", 2]]],
    ["params.lr = '0.1'", [["parameter", "lr", "=", "0.1"]]],
    ['param.lr = "0.1"', [["parameter", "lr", "=", "0.1"]]],
    ["parameters.lr != ''", [["parameter", "lr", "!=", ""]]],
    ["parameter.model LIKE 'c%'", [["parameter", "model", "LIKE", "c%"]]],
    ["params.model ilike 'C%'", [["parameter", "model", "ILIKE", "C%"]]],
    ["params.`nested/key` = 'v'", [["parameter", "nested/key", "=", "v"]]],
    ["params.x = 'it''s'", [["parameter", "x", "=", "it''s"]]],
    ["params.x = 'a\\'b'", [["parameter", "x", "=", "a\\'b"]]],
    ["params.model IS NULL", [["parameter", "model", "IS NULL", null]]],
    ["tags.team is not null", [["tag", "team", "IS NOT NULL", null]]],
    ["tag.team = 'x'", [["tag", "team", "=", "x"]]],
    ['tags."note with space" LIKE \'%\'', [["tag", "note with space", "LIKE", "%"]]],
    ["attributes.status = 'FINISHED'", [["attribute", "status", "=", "FINISHED"]]],
    ["attribute.status = 'FINISHED'", [["attribute", "status", "=", "FINISHED"]]],
    ["attr.user_id = 'u'", [["attribute", "user_id", "=", "u"]]],
    ["run.run_name = 'n'", [["attribute", "run_name", "=", "n"]]],
    ["status != 'RUNNING'", [["attribute", "status", "!=", "RUNNING"]]],
    ['"status" = \'x\'', [["attribute", "status", "=", "x"]]],
    ["`Run name` = 'x'", [["attribute", "Run name", "=", "x"]]],
    ["attributes.`run name` = 'x'", [["attribute", "run name", "=", "x"]]],
    ["created > 5", [["attribute", "created", ">", 5]]],
    ["start_time >= 1.5", [["attribute", "start_time", ">=", 1.5]]],
    ["end_time < 10", [["attribute", "end_time", "<", 10]]],
    ["artifact_uri LIKE '%x'", [["attribute", "artifact_uri", "LIKE", "%x"]]],
    ["run_id IN ('a', 'b')", [["attribute", "run_id", "IN", ["a", "b"]]]],
    ["run_id in ('a',)", [["attribute", "run_id", "IN", ["a"]]]],
    ["run_id NOT IN (\"a\")", [["attribute", "run_id", "NOT IN", ["a"]]]],
    ["run_id IN ('a' 'b')", [["attribute", "run_id", "IN", ["ab"]]]],
    ["run_id IN ('a' # comment\n, 'b')", [["attribute", "run_id", "IN", ["a", "b"]]]],
    ["run_id IN ('\\x41\\n')", [["attribute", "run_id", "IN", ["A\n"]]]],
    ["run_id = ('a')", [["attribute", "run_id", "=", ["a"]]]],
    ["datasets.name = 'd'", [["dataset", "name", "=", "d"]]],
    ["dataset.context IN ('train')", [["dataset", "context", "IN", ["train"]]]],
    [
      "metrics.a > 1 AND params.b = 'x' and tags.c != 'y'",
      [
        ["metric", "a", ">", 1],
        ["parameter", "b", "=", "x"],
        ["tag", "c", "!=", "y"],
      ],
    ],
    ["AND metrics.a > 1 AND AND", [["metric", "a", ">", 1]]],
    ["metrics.a>1", [["metric", "a", ">", 1]]],
    ["metrics.a\n>\n1", [["metric", "a", ">", 1]]],
    // sqlparse shapes MLflow happens to accept
    ["metrics. x > 1", [["metric", " x", ">", 1]]],
    ["metrics.x DESC > 1", [["metric", "x DESC", ">", 1]]],
    ["tags.x y IS NULL", [["tag", "x y", "IS NULL", null]]],
    ["tags.x AS y IS NULL", [["tag", "x AS y", "IS NULL", null]]],
    ["metrics.f(1) > 0", [["metric", "f(1)", ">", 0]]],
    ["params.x[0] = 'a'", [["parameter", "x[0]", "=", "a"]]],
    ["params.x::text = 'a'", [["parameter", "x::text", "=", "a"]]],
    ["params.x = 'a'::'b'", [["parameter", "x", "=", "a'::'b"]]],
    ["metrics.* > 0", [["metric", "*", ">", 0]]],
    ["metrics.x LIKE 1", [["metric", "x", "LIKE", 1]]],
    ["metrics.x == 1", [["metric", "x", "==", 1]]],
  ])("%j", (input, expected) => {
    expect(parse(input)).toEqual(expected);
  });

  it("records where each clause and comparator starts", () => {
    const [a, b] = parseSearchFilter("metrics.a > 1 AND  tags.t IS NULL");
    expect([a!.position, a!.comparatorPosition, a!.rawValue]).toEqual([0, 10, "1"]);
    expect([b!.position, b!.comparatorPosition, b!.rawValue]).toEqual([19, 26, null]);
  });
});

describe("parseSearchFilter: what MLflow rejects, and where", () => {
  it.each<[string, string, number]>([
    ["   ", "Could not be parsed", 0],
    ["metrics.a > 1 OR metrics.b < 2", "Invalid clause(s) in filter string: 'OR'", 14],
    ["metrics.a > 1 AND foo", "Invalid clause(s) in filter string: 'foo'", 18],
    ["(metrics.a > 1)", "Invalid clause(s)", 0],
    ["metrics.a > 1;", "Invalid clause(s) in filter string: ';'", 13],
    ["metrics.a > 1; metrics.b > 2", "multiple expression", 15],
    ["metrics.a > 1 -- note", "Invalid clause(s)", 14],
    ["NOT metrics.a > 1", "Invalid clause(s) in filter string: 'NOT'", 0],
    ["metrics.a > 1, metrics.b > 2", "Invalid clause(s)", 13],
    ["tags.t IS NOT  NULL", "Invalid clause(s)", 0],
    ["metrics.1 > 0", "Invalid clause(s) in filter string: 'metrics'", 0],
    ["params.lr = 0.1", "Expected a quoted string value for parameter", 12],
    ["params.lr = abc", "not quoted", 12],
    ["tags.t = NULL", "Expected a quoted string value for tag", 9],
    ["tags.t IN ('a')", "Expected a quoted string value for tag", 10],
    ["metrics.a = 'x'", "Expected numeric value type for metric. Found 'x'", 12],
    ["metrics.a = 0x1F", "Invalid clause(s) in filter string: 'metrics.a', '=', '0x1F'", 0],
    ["metrics.a > 1 + 1", "Expected numeric value type for metric", 12],
    ["start_time > 'x'", "Expected numeric value type for numeric attribute: start_time", 13],
    ["status = FINISHED", "not quoted", 9],
    ["status IN ('FINISHED')", "Only ['run_id'] attributes support", 10],
    ["run_id IN ()", "empty list", 10],
    ["run_id IN (1, 2)", "different type in list", 10],
    ["run_id IN (abc)", "not a literal", 11],
    ["run_id IN ('a'", "Invalid clause(s)", 0],
    ["run_id IN (b'a')", "different type in list", 10],
    ["run_id IN ('\\N{DIGIT ONE}')", "not supported", 11],
    ["datasets.name = 1", "Expected a quoted string value for dataset attributes", 16],
    ["datasets.size = 'x'", "Invalid dataset key 'size'", 0],
    ["foo.bar = 'x'", "Invalid entity type 'foo'", 0],
    ["Metrics.a > 1", "Invalid entity type 'Metrics'", 0],
    ["metrics .a > 1", "Invalid entity type 'metrics '", 0],
    ["lifecycle_stage = 'active'", "Invalid attribute key 'lifecycle_stage'", 0],
    ["experiment_id = '1'", "Invalid attribute key 'experiment_id'", 0],
    ["'status' = 'x'", "Expected 'Identifier' found ''status''", 0],
    ["1 = metrics.a", "Expected 'Identifier'", 0],
    ["metrics.a IS NULL", "only supported for tags and params", 10],
    ["status IS NOT NULL", "only supported for tags and params", 7],
  ])("%j", (input, message, position) => {
    const e = thrown(() => parseSearchFilter(input));
    expect(e).toBeInstanceOf(SearchFilterError);
    expect(e.message).toContain(message);
    expect(e.position).toBe(position);
    expect((e as SearchFilterError).errorCode).toBe("INVALID_PARAMETER_VALUE");
  });

  it("has sqlparse's token limit exactly: blanks count one token each", () => {
    expect(parseSearchFilter("metrics.x > 1" + " ".repeat(9993))).toHaveLength(1);
    expect(thrown(() => parseSearchFilter("metrics.x > 1" + " ".repeat(9994))).message).toContain("too many tokens");
  });

  it("rejects an input too large for sqlparse", () => {
    const huge = Array.from({ length: 1500 }, (_, i) => `metrics.m${i} > 1`).join(" AND ");
    expect(thrown(() => parseSearchFilter(huge)).message).toContain("too many tokens");
    expect(thrown(() => parseSearchFilter(`run_id IN ${"(".repeat(101)}'a'${")".repeat(101)}`)).message).toContain(
      "too deep",
    );
    expect(parseSearchFilter(`run_id IN ${"(".repeat(100)}'a'${")".repeat(100)}`)[0]!.value).toEqual(["a"]);
  });
});

describe("experiment filters", () => {
  const parseExp = (s: string): Row[] => parseFilter(s, EXPERIMENTS).map((c) => [c.type, c.key, c.comparator, c.value]);

  it.each<[string, Row[]]>([
    ["name = 'a'", [["attribute", "name", "=", "a"]]],
    ["attribute.name LIKE 'a%'", [["attribute", "name", "LIKE", "a%"]]],
    ["`name` = 'a'", [["attribute", "name", "=", "a"]]],
    ["tags.t = 'x'", [["tag", "t", "=", "x"]]],
    ["tag.t IS NULL", [["tag", "t", "IS NULL", null]]],
    ["creation_time > 10", [["attribute", "creation_time", ">", 10]]],
    ["last_update_time <= 1.5", [["attribute", "last_update_time", "<=", 1.5]]],
    ["experiment_id IN ('1', '2')", [["attribute", "experiment_id", "IN", ["1", "2"]]]],
  ])("%j", (input, expected) => {
    expect(parseExp(input)).toEqual(expected);
  });

  it.each<[string, string]>([
    ["attributes.name = 'a'", "Invalid entity type 'attributes'"],
    ["attr.name = 'a'", "Invalid entity type 'attr'"],
    ["`attribute`.name = 'a'", "Invalid entity type '`attribute`'"],
    ["params.x = 'a'", "Invalid entity type 'params'"],
    ["status = 'a'", "Invalid attribute key 'status'"],
    ["name IS NULL", "only supported for tags"],
    ["name IN ('a')", "Only ['experiment_id'] attributes support"],
    ["creation_time = 'a'", "Expected numeric value type for numeric attribute: creation_time"],
  ])("rejects %j", (input, message) => {
    expect(thrown(() => parseFilter(input, EXPERIMENTS)).message).toContain(message);
  });
});
