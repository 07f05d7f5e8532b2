"""Print, as one JSON line, everything MLflow's MlflowClient sees in a tracking tree.

    .venv/bin/python test/mlflow/py/dump_tree.py TRACKING_DIR

Experiments (all view types), and per run: info, params, tags, latest metrics, every metric
history and the recursive artifact listing with sizes. Floats that JSON cannot carry are
encoded as "NaN", "Infinity", "-Infinity", and negative zero as "-0". Used to prove mlruns and MLflow see the same tree.
"""
import json
import math
import os
import sys
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        if v == 0 and math.copysign(1.0, v) < 0:
            return "-0"
    return v


def artifacts(client, run_id, path=None):
    out = {}
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            out.update(artifacts(client, run_id, f.path))
        else:
            out[f.path] = f.file_size
    return out


def run_record(client, r):
    """One run as MLflow reads it; also used by fuzz_worker.py."""
    i = r.info
    return {
        "runId": i.run_id, "runName": i.run_name, "experimentId": i.experiment_id, "status": i.status,
        "startTime": i.start_time, "endTime": i.end_time, "lifecycleStage": i.lifecycle_stage,
        "userId": i.user_id, "params": r.data.params, "tags": r.data.tags,
        "metrics": {k: enc(v) for k, v in r.data.metrics.items()},
        "histories": {
            k: [[m.timestamp, enc(m.value), m.step] for m in client.get_metric_history(i.run_id, k)]
            for k in r.data.metrics
        },
        "artifacts": artifacts(client, i.run_id),
    }


def main(root):
    client = MlflowClient(tracking_uri=Path(root).resolve().as_uri())
    exps = client.search_experiments(view_type=ViewType.ALL)
    result = {"experiments": [], "runs": []}
    for e in sorted(exps, key=lambda e: e.experiment_id):
        result["experiments"].append(
            {"experimentId": e.experiment_id, "name": e.name, "lifecycleStage": e.lifecycle_stage, "tags": e.tags}
        )
        for r in client.search_runs([e.experiment_id], run_view_type=ViewType.ALL, max_results=50000):
            result["runs"].append(run_record(client, r))
    result["runs"].sort(key=lambda r: r["runId"])
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
