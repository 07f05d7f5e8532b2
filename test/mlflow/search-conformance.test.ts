/**
 * Conformance with real MLflow's search: a Python script builds a file-store tree with MLflow's
 * own client and records how MLflow answers every case (run ids in order, page tokens, or an
 * error); here the same cases go through mlruns and must get the same answers.
 *
 * Two parts:
 *  - table-driven searches (search-conformance.cases.ts) through `FileStore.searchRuns` /
 *    `searchExperiments` on the tree MLflow wrote;
 *  - differential corpora (search-conformance.corpus.ts): thousands of generated filter
 *    strings, order-by clauses, page tokens and LIKE patterns, each parsed by MLflow's
 *    SearchUtils and by the port.
 *
 * Needs Python with MLflow: $MLRUNS_PYTHON, else .venv/bin/python at the repo root. Missing
 * Python or MLflow fails the suite; it never skips.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXPERIMENTS, RUNS } from "../../src/search/identifiers.js";
import { ilike, like } from "../../src/search/like.js";
import { parseOrderBy } from "../../src/search/order-by.js";
import { parseStartOffset } from "../../src/search/paginate.js";
import { parseFilter, type FilterClause } from "../../src/search/parse-filter.js";
import { MlflowClient } from "../../src/api/client.js";
import { FileStore } from "../../src/store/file/file-store.js";
import { EXPERIMENT_CASES, MOVED_TREE, RUN_CASES, type ExperimentCase, type RunCase } from "./search-conformance.cases.js";
import { filterCorpus, likeCorpus, orderByCorpus, pageTokenCorpus, soupCorpus } from "./search-conformance.corpus.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PYTHON = process.env.MLRUNS_PYTHON ?? path.join(REPO, ".venv/bin/python");
const SCRIPT = path.join(REPO, "test/mlflow/py/search_conformance.py");

interface PyError {
  error: { type: string; message: string };
}
type PySearch = { id: string; filter: string | null; pages: string[][]; tokens: (string | null)[] } | (PyError & {
  id: string;
  filter: string | null;
  pagesBeforeError?: string[][];
});
type Encoded = string | null | { num: string } | { list: string[] };
type PyClauses = { clauses: Array<{ type: string; key: string; comparator: string; value: Encoded }> } | PyError;

interface Answer {
  mlflowVersion: string;
  root: string;
  experiments: Record<string, string>;
  runs: Record<string, string>;
  runCases: PySearch[];
  experimentCases: PySearch[];
  movedTree: {
    root: string;
    experiments: Array<{ experimentId: string; artifactLocation: string }>;
    runs: Array<{ runId: string; artifactUri: string; found: string[] }>;
  };
  parseFilters: PyClauses[];
  parseExperimentFilters: PyClauses[];
  orderBys: Array<{ orderBy: { type: string; key: string; ascending: boolean } } | PyError>;
  experimentOrderBys: Array<{ orderBy: { type: string; key: string; ascending: boolean } } | PyError>;
  pageTokens: Array<{ offset: number } | PyError>;
  likes: Array<{ match: boolean } | PyError>;
}

/** MLRUNS_SEARCH_CORPUS=<scale>[:<seed>] grows the generated corpora, e.g. "10:7" for a long hunt. */
const [SCALE, SEED] = (process.env.MLRUNS_SEARCH_CORPUS ?? "1:0").split(":").map(Number) as [number, number?];
const seed = SEED ?? 0;
const corpora = {
  parseFilters: [...filterCorpus(seed + 1, 2500 * SCALE), ...soupCorpus(seed + 6, 1500 * SCALE)],
  parseExperimentFilters: [...filterCorpus(seed + 2, 800 * SCALE, true), ...soupCorpus(seed + 7, 300 * SCALE)],
  orderBys: [...orderByCorpus(seed + 3, 700 * SCALE), ...soupCorpus(seed + 8, 300 * SCALE)],
  experimentOrderBys: orderByCorpus(seed + 4, 300 * SCALE),
  pageTokens: pageTokenCorpus(seed + 5),
  likes: likeCorpus(),
};

let workdir: string | undefined;
let answered: Answer | Error | undefined;

/**
 * MLflow's answers, computed once. A missing interpreter or MLflow fails every test with the
 * reason (a failing beforeAll would only mark them skipped).
 */
function mlflowAnswer(): Answer {
  if (answered === undefined) {
    try {
      answered = askMlflow();
    } catch (e) {
      answered = e as Error;
    }
  }
  if (answered instanceof Error) throw answered;
  return answered;
}

function askMlflow(): Answer {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-search-conformance-"));
  const requestPath = path.join(workdir, "request.json");
  const answerPath = path.join(workdir, "answer.json");
  fs.writeFileSync(requestPath, JSON.stringify({ runCases: RUN_CASES, experimentCases: EXPERIMENT_CASES, movedTree: MOVED_TREE, ...corpora }));
  const proc = spawnSync(PYTHON, [SCRIPT, "answer", requestPath, answerPath, workdir], {
    encoding: "utf8",
    env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (proc.error) {
    throw new Error(`Cannot run MLflow's Python (${PYTHON}): ${proc.error.message}. Set MLRUNS_PYTHON or create .venv.`);
  }
  if (proc.status !== 0) {
    throw new Error(`search_conformance.py failed (exit ${proc.status}):\n${proc.stderr}`);
  }
  return JSON.parse(fs.readFileSync(answerPath, "utf8")) as Answer;
}

beforeAll(() => {
  try {
    mlflowAnswer();
  } catch {
    // reported by each test
  }
});

afterAll(() => {
  if (workdir) fs.rmSync(workdir, { recursive: true, force: true });
});

function isError(x: object): x is PyError {
  return "error" in x;
}

function byId(list: PySearch[], id: string): PySearch {
  const found = list.find((c) => c.id === id);
  if (!found) throw new Error(`MLflow gave no answer for case ${id}`);
  return found;
}

/** Follow pages the way the Python side did; an error ends the walk. */
async function walk(
  pages: number,
  firstToken: string | undefined,
  search: (token: string | null | undefined) => Promise<{ ids: string[]; next: string | null }>,
): Promise<{ pages: string[][]; tokens: (string | null)[]; error?: unknown }> {
  const out = { pages: [] as string[][], tokens: [] as (string | null)[] };
  let token: string | null | undefined = firstToken;
  try {
    for (let i = 0; i < pages; i++) {
      const { ids, next } = await search(token);
      out.pages.push(ids);
      out.tokens.push(next);
      token = next;
      if (next === null) break;
    }
  } catch (error) {
    return { ...out, error };
  }
  return out;
}

function expectSame(
  mlflow: PySearch,
  ours: { pages: string[][]; tokens: (string | null)[]; error?: unknown },
  label: string,
): void {
  if (isError(mlflow)) {
    expect(ours.error, `${label}: MLflow raised ${mlflow.error.type}: ${mlflow.error.message}`).toBeDefined();
    expect(ours.pages).toEqual(mlflow.pagesBeforeError ?? []);
    return;
  }
  if (ours.error) throw ours.error;
  expect(ours.pages, label).toEqual(mlflow.pages);
  expect(ours.tokens, label).toEqual(mlflow.tokens);
}

describe("search_runs through FileStore matches MLflow", () => {
  it.each(RUN_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c: RunCase) => {
    const answer = mlflowAnswer();
    const mlflow = byId(answer.runCases, c.id);
    const store = new FileStore(answer.root);
    const experimentIds = c.experiments.map((name) => answer.experiments[name]!);
    const ours = await walk(c.pages ?? 1, c.pageToken, async (pageToken) => {
      const page = await store.searchRuns({
        experimentIds,
        filterString: mlflow.filter ?? "",
        runViewType: c.viewType ?? "ACTIVE_ONLY",
        ...(c.maxResults !== undefined ? { maxResults: c.maxResults } : {}),
        ...(c.orderBy ? { orderBy: c.orderBy } : {}),
        pageToken,
      });
      return { ids: page.map((r) => r.info.runId), next: page.token };
    });
    expectSame(mlflow, ours, `${c.id} filter=${JSON.stringify(mlflow.filter)} orderBy=${JSON.stringify(c.orderBy)}`);
  });
});

describe("search_experiments through FileStore matches MLflow", () => {
  it.each(EXPERIMENT_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c: ExperimentCase) => {
    const answer = mlflowAnswer();
    const mlflow = byId(answer.experimentCases, c.id);
    const store = new FileStore(answer.root);
    const ours = await walk(c.pages ?? 1, c.pageToken, async (pageToken) => {
      const page = await store.searchExperiments({
        viewType: c.viewType ?? "ACTIVE_ONLY",
        ...(mlflow.filter != null ? { filterString: mlflow.filter } : {}),
        ...(c.maxResults !== undefined ? { maxResults: c.maxResults } : {}),
        ...(c.orderBy ? { orderBy: c.orderBy } : {}),
        pageToken,
      });
      return { ids: page.map((e) => e.experimentId), next: page.token };
    });
    expectSame(mlflow, ours, `${c.id} filter=${JSON.stringify(mlflow.filter)} orderBy=${JSON.stringify(c.orderBy)}`);
  });
});

describe("a moved tree: locations as MLflow returns them, and found by them", () => {
  it("getExperiment's artifactLocation is MLflow's (meta.yaml's old absolute location)", async () => {
    const moved = mlflowAnswer().movedTree;
    const client = new MlflowClient(moved.root);
    for (const e of moved.experiments) {
      expect(e.artifactLocation.startsWith(`file://${moved.root}/`)).toBe(false);
      expect((await client.getExperiment(e.experimentId)).artifactLocation).toBe(e.artifactLocation);
    }
  });

  it.each(MOVED_TREE.runs)("attr.artifact_uri = <getRun's artifactUri> finds run %s in both", async (label) => {
    const answer = mlflowAnswer();
    const moved = answer.movedTree;
    const theirs = moved.runs.find((r) => r.runId === answer.runs[label])!;
    expect(theirs.found).toContain(theirs.runId);
    const client = new MlflowClient(moved.root);
    const { artifactUri } = (await client.getRun(theirs.runId)).info;
    expect(artifactUri).toBe(theirs.artifactUri);
    const experimentIds = MOVED_TREE.experiments.map((name) => answer.experiments[name]!);
    const found = await client.searchRuns(experimentIds, `attributes.artifact_uri = '${artifactUri}'`, "ALL");
    expect(found.map((r) => r.info.runId)).toEqual(theirs.found);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential corpora
// ---------------------------------------------------------------------------------------------

function decodeNumber(s: string): number {
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  if (s === "nan") return NaN;
  return Number(s);
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
}

function normalizeOurs(clauses: FilterClause[]): string {
  return show(
    clauses.map((c) => ({
      type: c.type,
      key: c.key,
      comparator: c.comparator,
      value: typeof c.value === "number" ? { num: c.value } : Array.isArray(c.value) ? { list: c.value } : c.value,
    })),
  );
}

function normalizeTheirs(clauses: Extract<PyClauses, { clauses: unknown }>["clauses"]): string {
  return show(
    clauses.map((c) => ({
      type: c.type,
      key: c.key,
      comparator: c.comparator,
      value:
        c.value !== null && typeof c.value === "object" && "num" in c.value ? { num: decodeNumber(c.value.num) } : c.value,
    })),
  );
}

/** Run `ours` on every input and compare with MLflow; report all disagreements at once. */
function differential<I, A extends object>(
  inputs: I[],
  answers: A[],
  ours: (input: I) => string,
  theirs: (answer: Exclude<A, PyError>) => string,
): void {
  expect(answers).toHaveLength(inputs.length);
  const mismatches: string[] = [];
  inputs.forEach((input, i) => {
    const a = answers[i]!;
    let mine: string;
    try {
      mine = ours(input);
    } catch (e) {
      mine = `ERROR ${(e as Error).message.split("\n")[0]}`;
    }
    const expected = isError(a) ? "ERROR" : theirs(a as Exclude<A, PyError>);
    const agree = isError(a) ? mine.startsWith("ERROR") : mine === expected;
    if (!agree) {
      const why = isError(a) ? `${a.error.type}: ${a.error.message}` : expected;
      mismatches.push(`${show(input)}\n    mlflow: ${why}\n    ours:   ${mine}`);
    }
  });
  expect(mismatches.slice(0, 25).join("\n"), `${mismatches.length} of ${inputs.length} disagree`).toBe("");
}

describe("differential: parsers agree with MLflow's SearchUtils on generated inputs", () => {
  it(`run filters (${corpora.parseFilters.length})`, () => {
    differential(
      corpora.parseFilters,
      mlflowAnswer().parseFilters,
      (s) => normalizeOurs(parseFilter(s, RUNS)),
      (a) => normalizeTheirs(a.clauses),
    );
  });

  it(`experiment filters (${corpora.parseExperimentFilters.length})`, () => {
    differential(
      corpora.parseExperimentFilters,
      mlflowAnswer().parseExperimentFilters,
      (s) => normalizeOurs(parseFilter(s, EXPERIMENTS)),
      (a) => normalizeTheirs(a.clauses),
    );
  });

  it(`run order-by clauses (${corpora.orderBys.length})`, () => {
    differential(
      corpora.orderBys,
      mlflowAnswer().orderBys,
      (s) => show(parseOrderBy(s, RUNS)),
      (a) => show(a.orderBy),
    );
  });

  it(`experiment order-by clauses (${corpora.experimentOrderBys.length})`, () => {
    differential(
      corpora.experimentOrderBys,
      mlflowAnswer().experimentOrderBys,
      (s) => show(parseOrderBy(s, EXPERIMENTS)),
      (a) => show(a.orderBy),
    );
  });

  it(`page tokens (${corpora.pageTokens.length})`, () => {
    differential(
      corpora.pageTokens,
      mlflowAnswer().pageTokens,
      (t) => show(parseStartOffset(t)),
      (a) => show(a.offset),
    );
  });

  it(`LIKE / ILIKE (${corpora.likes.length})`, () => {
    differential(
      corpora.likes,
      mlflowAnswer().likes,
      (c) => show(c.ilike ? ilike(c.value, c.pattern) : like(c.value, c.pattern)),
      (a) => show(a.match),
    );
  });
});
