"""Write a store of MLflow 3 logged models and datasets with real MLflow, plus what MLflow reads back.

    .venv/bin/python test/mlflow/py/write_models_fixture.py fixtures/mlflow-models-tree

OUT_DIR is deleted and rewritten. Next to it, OUT_DIR.expected.json holds the searches asked
("queries") and dump_models.py's view of the tree with their answers ("view"): the unit suite
(test/unit/store/file/models-fixture.test.ts) reads the tree through mlruns and must see exactly that;
test/mlflow/models.test.ts regenerates a tree with this script and compares both readers.

The tree: MLflow's checkpoint example (a pyfunc model logged every 10 epochs with step,
accuracy linked to each checkpoint and to a validation dataset), datasets from pandas with
input contexts and tags, an external model, a PENDING and a FAILED model, a deleted model, and
a model in a second experiment.
"""
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import dump_models  # noqa: E402


class Checkpoint(mlflow.pyfunc.PythonModel):
    def __init__(self, epoch):
        self.epoch = epoch

    def predict(self, context, model_input):
        return model_input


def write(root: Path):
    uri = root.resolve().as_uri()
    mlflow.set_tracking_uri(uri)
    exp = mlflow.set_experiment("iris-checkpoints")
    train_df = pd.DataFrame({
        "sepal_length": [5.1, 7.0, 6.3, 4.9, 6.4],
        "sepal_width": [3.5, 3.2, 3.3, 3.0, 3.2],
        "species": ["setosa", "versicolor", "virginica", "setosa", "versicolor"],
    })
    val_df = pd.DataFrame({"sepal_length": [5.0, 6.7], "sepal_width": [3.6, 3.1], "species": ["setosa", "virginica"]})
    train = mlflow.data.from_pandas(train_df, source="https://example.org/iris/train.csv", name="iris_train")
    val = mlflow.data.from_pandas(val_df, source="/data/iris_val.csv", name="iris_val")
    ids = []
    with mlflow.start_run(run_name="checkpoint-training") as run:
        mlflow.log_params({"lr": 0.01, "epochs": 30})
        mlflow.log_input(train, context="training")
        mlflow.log_input(val, context="validation", tags={"split": "holdout"})
        for epoch in range(30):
            mlflow.log_metric("train_loss", 1 / (epoch + 1), step=epoch)
            if epoch % 10 == 0:
                info = mlflow.pyfunc.log_model(
                    name=f"ckpt-{epoch}", python_model=Checkpoint(epoch), step=epoch,
                    params={"checkpoint_epoch": epoch}, tags={"kind": "checkpoint"}, model_type="classifier",
                    pip_requirements=["mlflow"],
                )
                ids.append(info.model_id)
                mlflow.log_metric("accuracy", [0.71, 0.93, 0.88][epoch // 10], step=epoch, model_id=info.model_id, dataset=val)
                mlflow.log_metric("val_loss", 0.5 - epoch / 100, step=epoch)
        mlflow.set_logged_model_tags(ids[1], {"stage": "prod"})
        run_id = run.info.run_id
    agent = mlflow.create_external_model(name="support-agent", model_type="agent", params={"temperature": "0.2"})
    with mlflow.start_run(run_name="agent-eval"):
        mlflow.set_active_model(model_id=agent.model_id)
        mlflow.log_metric("answer_quality", 0.8, step=0)
        mlflow.log_metrics({"latency_s": 1.25, "cost_usd": 0.003}, step=0, dataset=val)
        mlflow.clear_active_model()
    mlflow.initialize_logged_model(name="never-finished")
    failed = mlflow.initialize_logged_model(name="upload-failed")
    mlflow.finalize_logged_model(failed.model_id, "FAILED")
    gone = mlflow.create_external_model(name="deleted-model")
    MlflowClient().delete_logged_model(gone.model_id)
    other = mlflow.set_experiment("other-models")
    with mlflow.start_run(run_name="other"):
        info = mlflow.pyfunc.log_model(name="ckpt-99", python_model=Checkpoint(99), step=99, params={"lr": "0.01"}, pip_requirements=["mlflow"])
        mlflow.log_metric("accuracy", 0.9, step=99, model_id=info.model_id)
    e = [exp.experiment_id]
    return [
        {"experimentIds": e},
        {"experimentIds": e, "filterString": f"source_run_id = '{run_id}'", "orderBy": [{"fieldName": "metrics.accuracy", "ascending": False}]},
        {"experimentIds": e, "filterString": "metrics.accuracy > 0.8"},
        {"experimentIds": e, "filterString": "params.lr = '0.01' AND name LIKE 'ckpt-%'"},
        {"experimentIds": e, "filterString": "tags.stage = 'prod'"},
        {"experimentIds": e, "filterString": "model_type = 'agent'"},
        {"experimentIds": e, "filterString": "status != 'READY'"},
        {"experimentIds": e, "filterString": "metrics.val_loss < 0.45"},
        {"experimentIds": e, "filterString": "metrics.accuracy > 0.5", "datasets": [{"datasetName": "iris_val"}]},
        {"experimentIds": e, "orderBy": [{"fieldName": "name", "ascending": True}]},
        {"experimentIds": e, "orderBy": [{"fieldName": "metrics.accuracy", "ascending": True, "datasetName": "iris_val"}]},
        {"experimentIds": [exp.experiment_id, other.experiment_id], "filterString": "name LIKE 'ckpt-%'",
         "orderBy": [{"fieldName": "metrics.accuracy", "ascending": False}]},
        {"runs": {"experimentIds": e, "filterString": "datasets.context = 'validation'"}},
        {"runs": {"experimentIds": e, "filterString": f"datasets.digest = '{train.digest}'"}},
    ]


def main(out_dir):
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    queries = write(out)
    qfile = out.parent / (out.name + ".queries.tmp.json")
    qfile.write_text(json.dumps(queries))
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        dump_models.main(str(out), str(qfile))
    qfile.unlink()
    view = json.loads(buf.getvalue().strip().splitlines()[-1])
    expected = {"mlflowVersion": mlflow.__version__, "queries": queries, "view": view}
    (out.parent / (out.name + ".expected.json")).write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(json.dumps({"root": str(out), "models": sum(len(e["models"]) for e in view["experiments"])}))


if __name__ == "__main__":
    main(sys.argv[1])
