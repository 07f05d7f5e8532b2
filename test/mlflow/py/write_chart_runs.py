"""Log five training runs with real MLflow for the charts suite; print their ids as one JSON line.

    .venv/bin/python test/mlflow/py/write_chart_runs.py TRACKING_DIR

Each run logs `loss` (500 steps, falling at its own rate) and `accuracy` (every 10th step).
"""
import json
import math
import os
import sys
import time
import warnings

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
warnings.simplefilter("ignore")

from pathlib import Path  # noqa: E402

from mlflow.entities import Metric  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

client = MlflowClient(tracking_uri=Path(sys.argv[1]).resolve().as_uri())
experiment_id = client.create_experiment("charts (MLflow)")
t0 = int(time.time() * 1000) - 600_000
ids = []
for r, lr in enumerate([0.1, 0.03, 0.01, 0.003, 0.001]):
    run = client.create_run(experiment_id, run_name=f"mlflow-lr-{lr}", start_time=t0 + r * 1000)
    run_id = run.info.run_id
    client.log_param(run_id, "lr", lr)
    metrics = []
    for step in range(500):
        ts = t0 + r * 1000 + step * 100
        metrics.append(Metric("loss", 2 * math.exp(-step / (60 + 40 * r)) + 0.02 * math.sin(step / 5 + r) + 0.05, ts, step))
        if step % 10 == 0:
            metrics.append(Metric("accuracy", 1 - math.exp(-step / (80 + 30 * r)), ts, step))
    for i in range(0, len(metrics), 1000):
        client.log_batch(run_id, metrics=metrics[i : i + 1000])
    client.set_terminated(run_id, "FINISHED", end_time=t0 + r * 1000 + 50_000)
    ids.append(run_id)
print(json.dumps({"experimentId": experiment_id, "runIds": ids}))
