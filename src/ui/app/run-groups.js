// Nested runs under their parent (the mlflow.parentRunId tag), as MLflow's table shows them.
// The server pages and sorts the runs; the grouping only reorders a page: a parent on the page
// is followed by its children on the page (at any depth). A child whose parent is on another
// page (or filtered out) stays at the top level where the server's order put it, marked with
// its parent (as MLflow's table does), so a filter or a sort never hides a run.

export const PARENT_TAG = "mlflow.parentRunId";

/**
 * Rows in display order: {run, depth, childCount, orphanOf}; orphanOf is the parent's id for a
 * child whose parent is not on the page. Children of a collapsed parent are left out.
 */
export function groupRuns(runs, collapsed = new Set()) {
  const byId = new Map(runs.map((r) => [r.info.runId, r]));
  const children = new Map();
  const roots = [];
  for (const r of runs) {
    const parent = r.data.tags[PARENT_TAG];
    // A run naming itself (or a cycle) as parent is shown as a root, never lost.
    if (parent && byId.has(parent) && parent !== r.info.runId && !inCycle(r.info.runId, byId)) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(r);
    } else roots.push({ run: r, orphanOf: parent && !byId.has(parent) ? parent : null });
  }
  const rows = [];
  const visit = (id, depth) => {
    if (collapsed.has(id)) return;
    for (const c of children.get(id) ?? []) {
      rows.push({ run: c, depth, childCount: children.get(c.info.runId)?.length ?? 0, orphanOf: null });
      visit(c.info.runId, depth + 1);
    }
  };
  for (const { run, orphanOf } of roots) {
    rows.push({ run, depth: 0, childCount: children.get(run.info.runId)?.length ?? 0, orphanOf });
    visit(run.info.runId, 1);
  }
  return rows;
}

function inCycle(runId, byId) {
  const seen = new Set([runId]);
  let id = byId.get(runId)?.data.tags[PARENT_TAG];
  while (id && byId.has(id)) {
    if (seen.has(id)) return true;
    seen.add(id);
    id = byId.get(id).data.tags[PARENT_TAG];
  }
  return false;
}
