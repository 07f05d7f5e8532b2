import { describe, expect, it } from "vitest";
import type { Experiment } from "../../../src/entities.js";
import { SearchFilterError, filterExperiments, sortExperiments } from "../../../src/search/index.js";
import { experiment, thrown } from "./fixtures.js";

const EXPS: Experiment[] = [
  experiment("0", "Default", 1000, 1000),
  experiment("10", "exp-a", 5000, 9000, { team: "vision", owner: "alice" }),
  experiment("9", "exp-b", 5000, 6000, { team: "nlp" }),
  experiment("11", "Exp-C", 7000, 7000, { team: "Vision" }),
  experiment("2", "exp_d", null, null),
  experiment("3", "zeta", 2000, 9500, { team: "" }),
];
const idsOf = (es: Experiment[]): string[] => es.map((e) => e.experimentId);

describe("filterExperiments", () => {
  it.each<[string, string[]]>([
    ["", ["0", "10", "9", "11", "2", "3"]],
    ["name = 'exp-a'", ["10"]],
    ["name LIKE 'exp%'", ["10", "9", "2"]],
    ["attribute.name ILIKE 'exp%'", ["10", "9", "11", "2"]],
    ["name LIKE 'exp_d'", ["2"]],
    ["name != 'Default'", ["10", "9", "11", "2", "3"]],
    ["tags.team = 'vision'", ["10"]],
    ["tag.team ILIKE 'vision'", ["10", "11"]],
    ["tags.team = ''", ["3"]],
    ["tags.owner IS NULL", ["0", "9", "11", "2", "3"]],
    ["tags.owner IS NOT NULL", ["10"]],
    ["tags.team != 'nlp'", ["10", "11", "3"]],
    // "=" and "!=" compare a missing time like Python's None: never equal
    ["creation_time = 5000", ["10", "9"]],
    ["creation_time != 5000", ["0", "11", "2", "3"]],
    // the name clause rejects exp_d (no times) before the ordering comparison sees it
    ["name != 'exp_d' AND creation_time > 4000", ["10", "9", "11"]],
    ["name != 'exp_d' AND last_update_time <= 7000 AND tags.team != 'nlp'", ["11"]],
    ["experiment_id IN ('0', '3')", ["0", "3"]],
    ["experiment_id NOT IN ('0')", ["10", "9", "11", "2", "3"]],
  ])("%j", (filter, expected) => {
    expect(idsOf(filterExperiments(EXPS, filter))).toEqual(expected);
  });

  it.each<[string, string]>([
    ["name > 'a'", "Invalid comparator '>'"],
    ["creation_time LIKE 1", "Invalid comparator 'LIKE'"],
    ["tags.team > 'a'", "Invalid comparator '>'"],
    ["name = exp", "not quoted"],
    ["attributes.name = 'x'", "Invalid entity type 'attributes'"],
    // Python cannot order None against a number; MLflow raises TypeError here.
    ["creation_time > 4000 AND name = 'x'", "Cannot evaluate"],
  ])("rejects %j", (filter, message) => {
    const e = thrown(() => filterExperiments(EXPS, filter));
    expect(e).toBeInstanceOf(SearchFilterError);
    expect(e.message).toContain(message);
  });
});

describe("sortExperiments", () => {
  it.each<[string, string[] | undefined, string[]]>([
    // creation_time DESC, experiment_id ASC (string order: "10" < "9"); missing time last
    ["default order", undefined, ["11", "10", "9", "3", "0", "2"]],
    ["empty list means the default", [], ["11", "10", "9", "3", "0", "2"]],
    ["name ASC (tie-break experiment_id DESC)", ["name"], ["0", "11", "10", "9", "2", "3"]],
    ["name DESC", ["name DESC"], ["3", "2", "9", "10", "11", "0"]],
    ["creation_time ASC, missing last, ties by experiment_id DESC", ["creation_time"], ["0", "3", "9", "10", "11", "2"]],
    ["last_update_time DESC", ["last_update_time DESC"], ["3", "10", "11", "9", "0", "2"]],
    ["experiment_id as strings", ["experiment_id"], ["0", "10", "11", "2", "3", "9"]],
    ["explicit experiment_id replaces the tie-break", ["creation_time DESC", "experiment_id ASC"], ["11", "10", "9", "3", "0", "2"]],
  ])("%s", (_label, orderBy, expected) => {
    expect(idsOf(sortExperiments(EXPS, orderBy))).toEqual(expected);
  });

  it.each<[string, string]>([
    ["tags.team", "Invalid order_by entity: tag"],
    ["foo", "Invalid attribute key 'foo'"],
    ["name DESC ", "Could not be parsed"],
  ])("rejects %j", (clause, message) => {
    expect(thrown(() => sortExperiments(EXPS, [clause])).message).toContain(message);
  });
});
