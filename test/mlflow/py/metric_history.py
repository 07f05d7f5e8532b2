"""Print, as one JSON line, one metric's history as real MLflow reads it.

    .venv/bin/python test/mlflow/py/metric_history.py TRACKING_DIR RUN_ID KEY

{"points": N, "distinct_values": N, "status": run status, "latest": latest value}
"""
import json
import os
import sys

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

from mlflow import MlflowClient  # noqa: E402

root, run_id, key = sys.argv[1:4]
client = MlflowClient(tracking_uri=root)
history = client.get_metric_history(run_id, key)
run = client.get_run(run_id)
print(json.dumps({
    "points": len(history),
    "distinct_values": len({m.value for m in history}),
    "status": run.info.status,
    "latest": run.data.metrics.get(key),
}))
