"""Print, as one JSON line, a run MlflowCallback (mlruns/tfjs) logged, as real MLflow reads it:
status, params, every metric's history, the run's model outputs, its artifacts (and what
runs:/<run_id>/model lists and downloads), and the logged
models search_logged_models lists for its experiment (with get_logged_model's metrics, the
files download_artifacts("models:/<id>") fetches, and the MLmodel's flavors via Model.load).

    .venv/bin/python test/mlflow/py/read_tfjs_run.py TRACKING_DIR RUN_ID
"""
import json
import os
import sys
import tempfile

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.models import Model  # noqa: E402

root, run_id = sys.argv[1:3]
mlflow.set_tracking_uri(root)
client = MlflowClient(tracking_uri=root)
run = client.get_run(run_id)
histories = {
    key: [[m.step, m.value] for m in client.get_metric_history(run_id, key)] for key in run.data.metrics
}
models = []
for m in mlflow.search_logged_models(experiment_ids=[run.info.experiment_id], output_format="list"):
    got = client.get_logged_model(m.model_id)
    local = mlflow.artifacts.download_artifacts(f"models:/{m.model_id}", dst_path=tempfile.mkdtemp())
    models.append({
        "model_id": got.model_id,
        "name": got.name,
        "status": str(got.status),
        "source_run_id": got.source_run_id,
        "metrics": sorted([mm.key, mm.step, mm.value] for mm in (got.metrics or [])),
        "files": sorted(os.listdir(local)),
        "flavors": sorted(Model.load(local).flavors.keys()),
    })
print(json.dumps({
    "status": run.info.status,
    "params": run.data.params,
    "histories": histories,
    "model_outputs": [[o.model_id, o.step] for o in (run.outputs.model_outputs if run.outputs else [])],
    "artifacts": sorted(f.path for f in client.list_artifacts(run_id)),
    "model_artifacts": sorted(f.path for f in client.list_artifacts(run_id, "model")),
    "runs_uri_files": sorted(os.listdir(mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model", dst_path=tempfile.mkdtemp()))),
    "models": models,
}))
