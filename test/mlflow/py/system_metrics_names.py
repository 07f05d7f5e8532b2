"""Run MLflow's own system-metrics monitor on a file store and print what it logged, as one JSON line.

    .venv/bin/python test/mlflow/py/system_metrics_names.py TRACKING_DIR

A run with log_system_metrics=True, sampled every 0.2 s for about 1.2 s. Prints the system/
metric names MLflow logged and each one's steps. Needs psutil (MLflow's own requirement for
system metrics; test/mlflow/setup-venv.sh installs it).
"""
import json
import os
import sys
import time

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ["MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL"] = "0.2"
os.environ["MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING"] = "1"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

uri = "file://" + os.path.abspath(sys.argv[1])
mlflow.set_tracking_uri(uri)
with mlflow.start_run(log_system_metrics=True) as run:
    time.sleep(1.2)
client = MlflowClient(tracking_uri=uri)
keys = sorted(k for k in client.get_run(run.info.run_id).data.metrics if k.startswith("system/"))
steps = {k: [m.step for m in client.get_metric_history(run.info.run_id, k)] for k in keys}
print(json.dumps({"names": keys, "steps": steps}))
