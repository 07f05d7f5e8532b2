"""Print, as one JSON line, what MLflow's client sees of MLflow 3's logged models and datasets.

    .venv/bin/python test/mlflow/py/dump_models.py TRACKING_DIR [QUERIES.json]

Per experiment: every logged model (get_logged_model: fields, tags, params, metrics with their
model, run and dataset links) and the files `mlflow.artifacts.download_artifacts("models:/<id>")`
fetches (path -> sha256); per run: its dataset inputs (dataset fields and input tags), model
inputs, model outputs, and each metric history with dataset links. QUERIES.json, if given, is a
list of {"experimentIds", "filterString", "datasets", "orderBy", "maxResults"} for
search_logged_models (model ids in result order) and of {"runs": {"experimentIds",
"filterString"}} for search_runs (run ids in result order). Lists whose order the file store
does not define (listdir order) are sorted. Used by test/mlflow/models.test.ts against
test/mlflow/models-dump.ts.
"""
import hashlib
import json
import math
import os
import sys
import tempfile
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
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


def metric(m):
    return {
        "key": m.key, "value": enc(m.value), "timestamp": m.timestamp, "step": m.step,
        "modelId": m.model_id, "runId": m.run_id, "datasetName": m.dataset_name, "datasetDigest": m.dataset_digest,
    }


def sort_metrics(ms):
    return sorted(ms, key=lambda m: (m["key"], m["datasetName"] or "", m["datasetDigest"] or "", m["timestamp"], m["step"]))


def files(root):
    out = {}
    for p in sorted(Path(root).rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def model_view(client, model_id):
    m = client.get_logged_model(model_id)
    dst = tempfile.mkdtemp(prefix="dump-models-")
    local = mlflow.artifacts.download_artifacts(f"models:/{model_id}", dst_path=dst)
    return {
        "experimentId": m.experiment_id, "modelId": m.model_id, "name": m.name,
        "creationTimestamp": m.creation_timestamp, "lastUpdatedTimestamp": m.last_updated_timestamp,
        "modelType": m.model_type, "sourceRunId": m.source_run_id, "status": str(m.status),
        "statusMessage": m.status_message, "tags": m.tags, "params": m.params,
        "metrics": sort_metrics([metric(x) for x in (m.metrics or [])]), "modelUri": m.model_uri,
        "files": files(local),
    }


def run_view(client, run):
    inputs = run.inputs
    outputs = run.outputs
    history = {}
    for key in run.data.metrics:
        history[key] = [
            [h.timestamp, enc(h.value), h.step, h.dataset_name, h.dataset_digest]
            for h in client.get_metric_history(run.info.run_id, key)
        ]
    return {
        "runId": run.info.run_id,
        "datasetInputs": sorted(
            [{
                "dataset": {
                    "name": d.dataset.name, "digest": d.dataset.digest, "sourceType": d.dataset.source_type,
                    "source": d.dataset.source, "schema": d.dataset.schema, "profile": d.dataset.profile,
                },
                "tags": sorted([[t.key, t.value] for t in d.tags]),
            } for d in (inputs.dataset_inputs if inputs else [])],
            key=lambda d: (d["dataset"]["name"], d["dataset"]["digest"]),
        ),
        "modelInputs": sorted(i.model_id for i in (inputs.model_inputs if inputs else [])),
        "modelOutputs": sorted([[o.model_id, o.step] for o in (outputs.model_outputs if outputs else [])]),
        "histories": history,
    }


def main(root, queries_path=None):
    client = MlflowClient(tracking_uri=Path(root).resolve().as_uri())
    mlflow.set_tracking_uri(Path(root).resolve().as_uri())
    result = {"experiments": [], "queries": []}
    for e in sorted(client.search_experiments(view_type=ViewType.ALL), key=lambda e: e.experiment_id):
        models = []
        token = None
        while True:
            page = client.search_logged_models([e.experiment_id], page_token=token, max_results=100)
            models.extend(page)
            token = page.token
            if not token:
                break
        runs = client.search_runs([e.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
        result["experiments"].append({
            "experimentId": e.experiment_id,
            "models": sorted([model_view(client, m.model_id) for m in models], key=lambda m: m["modelId"]),
            "runs": sorted([run_view(client, r) for r in runs], key=lambda r: r["runId"]),
        })
    if queries_path:
        for q in json.loads(Path(queries_path).read_text()):
            try:
                if "runs" in q:
                    r = q["runs"]
                    found = client.search_runs(r["experimentIds"], r.get("filterString", ""), max_results=50000)
                    result["queries"].append([x.info.run_id for x in found])
                    continue
                order_by = [
                    {k2: v for k, v in o.items() for k2 in [{"fieldName": "field_name", "datasetName": "dataset_name", "datasetDigest": "dataset_digest"}.get(k, k)]}
                    for o in (q.get("orderBy") or [])
                ] or None
                datasets = [
                    {{"datasetName": "dataset_name", "datasetDigest": "dataset_digest"}[k]: v for k, v in d.items()}
                    for d in (q.get("datasets") or [])
                ] or None
                found = mlflow.search_logged_models(
                    experiment_ids=q["experimentIds"], filter_string=q.get("filterString"), datasets=datasets,
                    order_by=order_by, max_results=q.get("maxResults"), output_format="list",
                )
                result["queries"].append([m.model_id for m in found])
            except Exception as ex:  # noqa: BLE001
                result["queries"].append({"error": type(ex).__name__})
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
