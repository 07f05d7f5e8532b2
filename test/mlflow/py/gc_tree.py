"""Write, with MLflow itself, a file store with things for `mlflow gc` to remove.

    .venv/bin/python test/mlflow/py/gc_tree.py STORE_DIR

Experiment "kept" holds an active run, a deleted run with an artifact and a restored run; a
deleted experiment "gone" holds a run; the Default experiment holds an active and a deleted
logged model, each with a file. Prints the ids as one JSON line.
"""
import json
import os
import sys
import tempfile

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

root = os.path.abspath(sys.argv[1])
mlflow.set_tracking_uri("file://" + root)
client = MlflowClient()
kept = client.create_experiment("kept")
gone = client.create_experiment("gone")
active = client.create_run(kept, run_name="active").info.run_id
deleted = client.create_run(kept, run_name="deleted").info.run_id
restored = client.create_run(kept, run_name="restored").info.run_id
in_gone = client.create_run(gone, run_name="in-gone").info.run_id
with tempfile.TemporaryDirectory() as tmp:
    f = os.path.join(tmp, "weights.bin")
    with open(f, "w") as out:
        out.write("w")
    client.log_artifact(deleted, f, "out")
    live_model = mlflow.create_external_model(name="live")
    dead_model = mlflow.create_external_model(name="dead")
    client.log_model_artifact(live_model.model_id, f)
    client.log_model_artifact(dead_model.model_id, f)
client.log_param(deleted, "p", "1")
client.log_metric(deleted, "m", 1.0)
client.delete_run(deleted)
client.delete_run(restored)
client.restore_run(restored)
client.delete_experiment(gone)
client.delete_logged_model(dead_model.model_id)
print(json.dumps({"kept": kept, "gone": gone, "active": active, "deleted": deleted, "restored": restored, "inGone": in_gone, "liveModel": live_model.model_id, "deadModel": dead_model.model_id}))
