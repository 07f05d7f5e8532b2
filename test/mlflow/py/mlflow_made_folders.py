"""Make, with MLflow's own stores, the folders MLflow adds to a file store beside the runs.

    .venv/bin/python test/mlflow/py/mlflow_made_folders.py STORE_DIR

The tracking FileStore creates .trash/ and the Default experiment; the model registry FileStore,
which `mlflow ui` and `mlflow server` open on their backend folder, creates models/ at the root
(here with one registered model in it); a logged model adds <experiment>/models/. Prints the
store's top-level folders as one JSON line.
"""
import json
import os
import sys

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

from mlflow.store.model_registry.file_store import FileStore as RegistryStore  # noqa: E402
from mlflow.store.tracking.file_store import FileStore as TrackingStore  # noqa: E402

root = os.path.abspath(sys.argv[1])
tracking = TrackingStore(root)
run = tracking.create_run("0", "doctor", 1_700_000_000_000, [], "made-by-mlflow")
tracking.create_logged_model("0", name="model")
RegistryStore(root).create_registered_model("house-prices")
print(json.dumps(sorted(os.listdir(root))))
