# What MLflow's own Python client reads back from a tracking server, in the shape of the
# unit tests' storeView (test/unit/sync/fixture.ts): runs by name, models by name, parent ids
# as "run:<name>", the sync's source-id tags left out, files by sha256.
import hashlib, json, math, os, sys, tempfile
from mlflow.tracking import MlflowClient

client = MlflowClient(tracking_uri=sys.argv[1])
SYNC_TAGS = {"mlruns.sync.sourceRunId", "mlruns.sync.sourceModelId"}

def num(v):
    return v if math.isfinite(v) else str(v)

def files(download, listing_root=""):
    out = {}
    with tempfile.TemporaryDirectory() as d:
        local = download(d)
        for base, _, names in os.walk(local):
            for n in names:
                p = os.path.join(base, n)
                out[os.path.relpath(p, local)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out

view = {}
for e in client.search_experiments():
    if e.name == "Default":
        continue
    runs = client.search_runs([e.experiment_id], max_results=1000)
    names = {r.info.run_id: r.info.run_name for r in runs}
    models = client.search_logged_models(experiment_ids=[e.experiment_id])
    model_names = {m.model_id: m.name for m in models}
    def tags_of(tags):
        t = {k: v for k, v in tags.items() if k not in SYNC_TAGS}
        if "mlflow.parentRunId" in t:
            t["mlflow.parentRunId"] = "run:" + names[t["mlflow.parentRunId"]]
        return t
    rv = {}
    for r in runs:
        rid = r.info.run_id
        full = client.get_run(rid)  # search_runs leaves out model inputs on a SQL store
        rv[r.info.run_name] = {
            "info": {"userId": r.info.user_id, "status": r.info.status, "startTime": r.info.start_time, "endTime": r.info.end_time, "runName": r.info.run_name},
            "params": r.data.params,
            "tags": tags_of(r.data.tags),
            "histories": {k: [{"key": m.key, "value": num(m.value), "timestamp": m.timestamp, "step": m.step} for m in client.get_metric_history(rid, k)] for k in sorted(r.data.metrics)},
            "artifacts": files(lambda d: client.download_artifacts(rid, "", d)) if client.list_artifacts(rid) else {},
            "datasets": sorted((i.dataset.name, i.dataset.digest) for i in full.inputs.dataset_inputs),
            "modelInputs": sorted(model_names.get(m.model_id, m.model_id) for m in (full.inputs.model_inputs or [])),
            "modelOutputs": sorted((model_names.get(m.model_id, m.model_id), m.step) for m in (full.outputs.model_outputs if full.outputs else [])),
            "sourceRunIds": [v for k, v in r.data.tags.items() if k == "mlruns.sync.sourceRunId"],
        }
    mv = {}
    for m in models:
        import mlflow
        mv[m.name] = {
            "status": str(m.status),
            "modelType": m.model_type,
            "params": m.params,
            "tags": tags_of(m.tags),
            "sourceRun": names.get(m.source_run_id),
            "artifacts": files(lambda d: mlflow.artifacts.download_artifacts(artifact_uri=m.artifact_location, dst_path=d, tracking_uri=sys.argv[1])),
        }
    view[e.name] = {"tags": e.tags, "runs": rv, "models": mv}
print(json.dumps(view))
