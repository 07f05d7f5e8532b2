"""Print, as one JSON line, the demo's competition run as real MLflow reads it.

    .venv/bin/python test/mlflow/py/read_demo_run.py TRACKING_DIR

Per run of the "mlruns-demo" experiment: info, params, tags, latest metrics, each metric's
history ([step, value] by step, from MLflow's get_metric_history, which the UI's charts draw),
the recursive artifact listing, and the artifacts downloaded and parsed by MLflow's client (features.json,
environment.json, the submission CSV, the model JSON). Also runs the README's search through
MLflow: tags.experiment_type = 'baseline' and metrics.cv_rmse_mean < 10000, newest first.
"""
import csv
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402


def artifacts(client, run_id, path=None):
    out = {}
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            out.update(artifacts(client, run_id, f.path))
        else:
            out[f.path] = f.file_size
    return out


def main(root):
    uri = Path(root).resolve().as_uri()
    client = MlflowClient(tracking_uri=uri)
    exp = client.get_experiment_by_name("mlruns-demo")
    if exp is None:
        raise SystemExit("experiment 'mlruns-demo' not found")
    result = {"mlflowVersion": mlflow.__version__, "runs": []}
    for r in client.search_runs([exp.experiment_id], max_results=1000):
        i = r.info
        listing = artifacts(client, i.run_id)
        dst = tempfile.mkdtemp()
        local = {p: client.download_artifacts(i.run_id, p, dst) for p in listing}
        sub_name = r.data.tags.get("submission_file")
        submission = None
        if sub_name and f"submissions/{sub_name}" in local:
            with open(local[f"submissions/{sub_name}"], newline="") as fh:
                rows = list(csv.reader(fh))
            submission = {"header": rows[0], "nRows": len(rows) - 1, "firstRow": rows[1] if len(rows) > 1 else None}
        model = None
        if "model/model.json" in local:
            with open(local["model/model.json"]) as fh:
                m = json.load(fh)
            model = {"name": m.get("name"), "nEstimators": len(m.get("baseModel", {}).get("estimators", []))}
        read_json = lambda p: json.load(open(local[p])) if p in local else None  # noqa: E731
        result["runs"].append({
            "runId": i.run_id,
            "runName": i.run_name,
            "status": i.status,
            "params": r.data.params,
            "metrics": r.data.metrics,
            "histories": {
                k: [[m.step, m.value] for m in sorted(client.get_metric_history(i.run_id, k), key=lambda m: (m.step, m.timestamp))]
                for k in r.data.metrics
            },
            "tags": r.data.tags,
            "artifacts": listing,
            "features": read_json("features.json"),
            "environment": read_json("environment.json"),
            "modelInfo": read_json("model/model_info.json"),
            "submission": submission,
            "model": model,
        })
    mlflow.set_tracking_uri(uri)
    found = mlflow.search_runs(
        experiment_ids=[exp.experiment_id],
        filter_string="tags.experiment_type = 'baseline' and metrics.cv_rmse_mean < 10000",
        order_by=["attributes.start_time DESC"],
        output_format="list",
    )
    result["search"] = [r.info.run_id for r in found]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
