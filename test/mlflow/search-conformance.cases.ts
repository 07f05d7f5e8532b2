/**
 * Search cases answered by real MLflow (test/mlflow/py/search_conformance.py) and replayed
 * through mlruns. The tree they run against is built by that script: experiments exp-a (30
 * runs), exp-b (12), Exp-C (4), with ties on start_time, missing/NaN/±inf metrics, params and
 * tags present on some runs only, all five statuses, and every 8th run deleted.
 *
 * `{run:rNN}` / `{exp:<name>}` in filters stand for that run's / experiment's id.
 */
export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface RunCase {
  id: string;
  experiments: string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
  /** How many pages to follow (default 1). */
  pages?: number;
}

export interface ExperimentCase {
  id: string;
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
  pages?: number;
}

const AB = ["exp-a", "exp-b"];
const ALL_EXPS = ["exp-a", "exp-b", "Exp-C", "Default"];
const T0 = 1_700_000_000_000;

function token(payload: string): string {
  return Buffer.from(payload, "utf8").toString("base64");
}

const filters: Array<[string, string]> = [
  ["no-filter", ""],
  ["metric-gt", "metrics.loss > 0.5"],
  ["metric-and", "metrics.loss >= 0.5 AND metrics.acc < 0.5"],
  ["metric-eq", "metrics.loss = 0.8"],
  ["metric-ne-nan", "metrics.loss != 0.8"],
  ["metric-lt-huge", "metrics.loss < 1e10"],
  ["metric-le-neg", "metrics.loss <= -1"],
  ["metric-backtick", "metrics.`my metric` <= -10"],
  ["metric-dquote", 'metrics."my metric" > -25'],
  ["metric-dotted-key", "metrics.a.b = 1.5"],
  ["metric-alias", "metric.acc >= 0.7 and metric.acc != 0.9"],
  ["param-eq", "params.lr = '0.1'"],
  ["param-ne", "params.lr != '0.1'"],
  ["param-dquote-value", 'params.lr = "0.01"'],
  ["param-like", "params.model LIKE 'c%'"],
  ["param-ilike", "params.model ILIKE 'c%'"],
  ["param-like-underscore", "params.model LIKE '%n_'"],
  ["param-empty", "params.empty = ''"],
  ["param-nested-key", "params.`nested/key` = 'v0'"],
  ["param-is-null", "params.model IS NULL"],
  ["param-is-not-null", "param.model IS NOT NULL AND parameter.lr = '0.1'"],
  ["tag-eq", "tags.team = 'vision'"],
  ["tag-ilike", "tag.team ILIKE 'vision%'"],
  ["tag-like-percent-literal", "tags.pct LIKE '100%'"],
  ["tag-like-underscore", "tags.pct LIKE 'a_b'"],
  ["tag-multiline-prefix", "tags.stage LIKE 'line1%'"],
  ["tag-multiline-suffix", "tags.stage LIKE '%line2'"],
  ["tag-multiline-whole", "tags.stage LIKE 'line1_line2'"],
  ["tag-space-key", 'tags."note with space" IS NOT NULL'],
  ["tag-run-name", "tags.`mlflow.runName` = 'alpha'"],
  ["attr-status", "attributes.status = 'FINISHED'"],
  ["attr-status-bare-ne", "status != 'RUNNING' AND status != 'SCHEDULED'"],
  ["attr-run-id-in", "run_id IN ('{run:r01}', '{run:r05}', '{run:r33}')"],
  ["attr-run-id-not-in", "attribute.run_id NOT IN ('{run:r01}', '{run:r02}')"],
  ["attr-run-id-eq", "run_id = '{run:r03}'"],
  ["attr-run-id-eq-list", "run_id = ('{run:r03}')"],
  ["attr-run-name", "attributes.run_name = 'alpha'"],
  ["attr-run-name-alias", "`Run name` ILIKE 'alpha%'"],
  ["attr-run-prefix", "run.run_name LIKE 'beta%'"],
  ["attr-user", "attr.user_id = 'alice'"],
  ["attr-user-ilike", "user_id ILIKE 'ALICE'"],
  ["attr-start-time", `attributes.start_time > ${T0 + 20_000}`],
  ["attr-created-alias", `created <= ${T0 + 3_000}`],
  ["attr-end-time", `end_time > ${T0 + 10_000}`],
  ["attr-end-time-ne", `end_time != ${T0 + 600}`],
  ["attr-artifact-uri", "artifact_uri LIKE '%/artifacts'"],
  ["dataset-eq", "datasets.name = 'train'"],
  ["dataset-ne", "datasets.digest != 'abc'"],
  ["dataset-context-in", "dataset.context IN ('training')"],
  ["and-lowercase-and-stray", "AND metrics.loss > 0.2 and  AND params.lr = '0.1' AND"],
  ["lazy-short-circuit", "params.lr = 'nope' AND metrics.loss LIKE 1"],
  ["key-with-space-prefix", "metrics. loss > 0"],
  ["desc-in-key", "metrics.loss DESC > 0"],
  // Rejected by MLflow
  ["err-or", "metrics.loss > 1 OR metrics.acc > 1"],
  ["err-unquoted-number", "params.lr = 0.1"],
  ["err-unquoted-word", "params.model = cnn"],
  ["err-metric-string", "metrics.loss = '1'"],
  ["err-unknown-prefix", "foo.bar = 'x'"],
  ["err-unknown-attribute", "lifecycle_stage = 'active'"],
  ["err-case-sensitive-prefix", "Metrics.loss > 1"],
  ["err-metric-like-lazy", "metrics.loss LIKE 1"],
  ["err-param-gt", "params.lr > '0.1'"],
  ["err-status-gt", "status > 'A'"],
  ["err-metric-is-null", "metrics.loss IS NULL"],
  ["err-numeric-attr-string", "start_time = 'x'"],
  ["err-empty-list", "run_id IN ()"],
  ["err-list-non-run-id", "status IN ('FINISHED')"],
  ["err-list-numbers", "run_id IN (1, 2)"],
  ["err-parenthesised", "(metrics.loss > 1)"],
  ["err-semicolon", "metrics.loss > 1;"],
  ["err-blank", "   "],
  ["err-tag-in", "tags.team IN ('vision')"],
  ["err-dataset-gt-lazy", "datasets.name > 'a'"],
  ["err-space-before-dot", "metrics .loss > 1"],
  ["err-is-not-two-spaces", "tags.team IS NOT  NULL"],
  ["err-double-equals", "metrics.loss == 1"],
];

const orders: Array<[string, string[]]> = [
  ["order-metric-asc", ["metrics.loss"]],
  ["order-metric-desc", ["metrics.loss DESC"]],
  ["order-two-keys", ["metrics.loss ASC", "params.lr DESC"]],
  ["order-param", ["params.model"]],
  ["order-param-desc", ["params.model desc"]],
  ["order-tag", ["tags.team"]],
  ["order-start-asc", ["attributes.start_time ASC"]],
  ["order-created-desc", ["created DESC"]],
  ["order-end-time", ["end_time"]],
  ["order-end-time-desc", ["end_time DESC"]],
  ["order-status-name", ["status", "run_name DESC"]],
  ["order-user-acc", ["user_id DESC", "metrics.acc"]],
  ["order-backtick-desc", ["metrics.`my metric` desc"]],
  ["order-dquote-key", ['metrics."a.b"']],
  ["order-run-id", ["run_id"]],
  ["order-artifact-desc", ["artifact_uri DESC"]],
  ["err-order-trailing-space", ["metrics.loss DESC "]],
  ["err-order-unknown-attr", ["foo"]],
  ["err-order-two-in-one", ["metrics.loss, params.lr"]],
  ["err-order-direction", ["metrics.loss DOWN"]],
  ["err-order-dataset-lazy", ["datasets.name"]],
  ["err-order-experiment-id", ["experiment_id"]],
  ["err-order-nulls-first", ["metrics.loss DESC NULLS FIRST"]],
];

export const RUN_CASES: RunCase[] = [
  ...filters.map(([id, filter]) => ({ id: `filter/${id}`, experiments: AB, filter })),
  ...orders.map(([id, orderBy]) => ({ id: `order/${id}`, experiments: AB, orderBy })),
  { id: "order/dataset-on-no-runs", experiments: AB, filter: "params.lr = 'nope'", orderBy: ["datasets.name"] },
  { id: "filter+order/loss-desc-team", experiments: AB, filter: "tags.team LIKE '%'", orderBy: ["metrics.loss DESC", "tags.team"] },
  { id: "scope/all-experiments", experiments: ALL_EXPS, orderBy: ["metrics.acc DESC"] },
  { id: "scope/exp-c-only", experiments: ["Exp-C"] },
  { id: "scope/deleted-experiment", experiments: ["exp-gone"] },
  { id: "view/all", experiments: AB, viewType: "ALL" },
  { id: "view/deleted-only", experiments: AB, viewType: "DELETED_ONLY", orderBy: ["run_name"] },
  { id: "page/default-7", experiments: AB, maxResults: 7, pages: 10 },
  { id: "page/loss-desc-5", experiments: AB, orderBy: ["metrics.loss DESC"], maxResults: 5, pages: 12 },
  { id: "page/filtered-3", experiments: AB, filter: "params.lr = '0.1'", maxResults: 3, pages: 10 },
  { id: "page/exact-fit", experiments: ["Exp-C"], maxResults: 4, pages: 3 },
  { id: "page/hand-made-token", experiments: AB, pageToken: token('{"offset": 3}'), maxResults: 4 },
  { id: "page/string-offset-zero", experiments: AB, pageToken: token('{"offset": "0"}'), maxResults: 2 },
  { id: "page/negative-offset", experiments: AB, pageToken: token('{"offset": -3}'), maxResults: 2, pages: 3 },
  { id: "page/float-offset", experiments: AB, pageToken: token('{"offset": 2.9}'), maxResults: 2 },
  { id: "page/token-unpadded-junk", experiments: AB, pageToken: "e!yJvZmZzZXQiOiAxMH0=trailing", maxResults: 2 },
  { id: "page/err-zero-offset", experiments: AB, pageToken: token('{"offset": 0}'), maxResults: 2 },
  { id: "page/err-garbage", experiments: AB, pageToken: "abc", maxResults: 2 },
  { id: "page/err-not-json", experiments: AB, pageToken: token("offset=3"), maxResults: 2 },
  { id: "page/err-too-many", experiments: AB, maxResults: 50_001 },
];

export const EXPERIMENT_CASES: ExperimentCase[] = [
  { id: "default" },
  { id: "view-all", viewType: "ALL" },
  { id: "view-deleted", viewType: "DELETED_ONLY" },
  { id: "name-eq", filter: "name = 'exp-a'" },
  { id: "name-like", filter: "name LIKE 'exp%'" },
  { id: "name-ilike", filter: "attribute.name ILIKE 'EXP%'" },
  { id: "name-like-underscore", filter: "name LIKE 'exp_d'" },
  { id: "name-like-percent-char", filter: "name LIKE 'exp%e'" },
  { id: "name-ne", filter: "name != 'Default'" },
  { id: "tag-eq", filter: "tags.team = 'vision'" },
  { id: "tag-ilike", filter: "tag.team ILIKE 'vision'" },
  { id: "tag-is-null", filter: "tags.owner IS NULL" },
  { id: "tag-is-not-null", filter: "tags.owner IS NOT NULL" },
  { id: "tag-space-key", filter: "tags.`note with space` = 'yes'" },
  { id: "tag-empty-value", filter: "tags.team = ''" },
  { id: "created-gt", filter: "creation_time > 4000" },
  { id: "created-eq", filter: "creation_time = 5000" },
  { id: "updated-le-and-tag", filter: "last_update_time <= 7000 AND tags.team != 'nlp'" },
  { id: "id-in", filter: "experiment_id IN ('{exp:exp-a}', '{exp:zeta}', '0')" },
  { id: "id-not-in", filter: "experiment_id NOT IN ('{exp:exp-a}')" },
  { id: "order-name", orderBy: ["name"] },
  { id: "order-name-desc", orderBy: ["name DESC"] },
  { id: "order-created-asc", orderBy: ["creation_time"] },
  { id: "order-updated-desc", orderBy: ["last_update_time DESC"] },
  { id: "order-id", orderBy: ["experiment_id"] },
  { id: "order-created-name", orderBy: ["creation_time DESC", "name"] },
  { id: "page-3", maxResults: 3, pages: 5, viewType: "ALL" },
  { id: "err-order-tag", orderBy: ["tags.team"] },
  { id: "err-order-unknown", orderBy: ["foo"] },
  { id: "err-unquoted", filter: "name = exp" },
  { id: "err-numeric-string", filter: "creation_time = 'a'" },
  { id: "err-name-is-null", filter: "name IS NULL" },
  { id: "err-params", filter: "params.x = 'a'" },
  { id: "err-name-in", filter: "name IN ('exp-a')" },
  { id: "err-attributes-plural", filter: "attributes.name = 'exp-a'" },
  { id: "err-name-gt", filter: "name > 'a'" },
  { id: "err-max-results-zero", maxResults: 0 },
];

/**
 * The tree copied to another folder, whose meta.yaml files still hold the old absolute
 * locations: MLflow's get_run returns artifact_uri as recorded, and
 * `attributes.artifact_uri = '<that>'` finds the run. r07 is a deleted run (searched with ALL).
 */
export const MOVED_TREE = { experiments: ["exp-a", "exp-b"], runs: ["r03", "r07", "r31"] };
