"""Print, as one JSON line, each run as real MLflow's get_run reads it (or the error it raises).

    .venv/bin/python test/mlflow/py/get_runs.py TRACKING_DIR RUN_ID...

Per run: run_name, metrics, params, tags and every metric's history (value, step), or
{"error": message}. Also the run ids search_runs lists in experiment 0.
"""
import json
import os
import sys

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

from mlflow import MlflowClient  # noqa: E402

root, run_ids = sys.argv[1], sys.argv[2:]
client = MlflowClient(tracking_uri="file://" + os.path.abspath(root))
runs = {}
for run_id in run_ids:
    try:
        run = client.get_run(run_id)
    except Exception as e:  # noqa: BLE001 - the message is the result
        runs[run_id] = {"error": str(e)}
        continue
    runs[run_id] = {
        "run_name": run.info.run_name,
        "metrics": run.data.metrics,
        "params": run.data.params,
        "tags": run.data.tags,
        "history": {
            key: [[m.value, m.step] for m in client.get_metric_history(run_id, key)] for key in run.data.metrics
        },
    }
listed = sorted(r.info.run_id for r in client.search_runs(["0"]))
print(json.dumps({"runs": runs, "search": listed}))
