"""Write, with real MLflow, the store test/mlflow/ui/table.test.ts opens in mlruns ui: the same
shapes as test/unit/ui/table-store.ts (mlruns' own writer) so one browser test runs on both.

    .venv/bin/python test/mlflow/py/write_table_store.py OUT_DIR NOTE_FILE

Prints {"experimentId", "runIds", "parentId", "childIds", "modelId", "noteRunId",
"secondExperimentId"} as JSON.
"""
import json
import os
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402


class Echo(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input):
        return model_input


def main(out: Path, note: str):
    mlflow.set_tracking_uri(out.resolve().as_uri())
    exp = mlflow.set_experiment("table")
    run_ids = []
    for i, lr in enumerate(["0.1", "0.01", "0.001"]):
        with mlflow.start_run(run_name=f"sweep-{lr}", tags={"team": "b" if i == 1 else "a"}) as run:
            mlflow.log_params({"lr": lr, "optimizer": "adam", "batch size": str(32 * (i + 1))})
            for step in range(20):
                mlflow.log_metric("val loss", 1 / (step + 1) + float(lr) * 3, step=step)
            mlflow.log_metric("accuracy", 0.8 + i * 0.05, step=0)
            run_ids.append(run.info.run_id)
    with mlflow.start_run(run_name="parent") as parent:
        child_ids = []
        for n in (1, 2):
            with mlflow.start_run(run_name=f"child-{n}", nested=True) as child:
                mlflow.log_param("fold", str(n))
                child_ids.append(child.info.run_id)
    with mlflow.start_run(run_id=run_ids[2]):
        df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [2.0, 4.0, 6.0]})
        mlflow.log_input(mlflow.data.from_pandas(df, source="/data/train.csv", name="train.csv"), context="training")
        info = mlflow.pyfunc.log_model(name="sweep-model", python_model=Echo(), step=19, pip_requirements=["mlflow"])
    with mlflow.start_run(run_name="noted") as noted:
        mlflow.set_tag("mlflow.note.content", note)
    second = mlflow.set_experiment("table-2")
    with mlflow.start_run(run_name="elsewhere"):
        mlflow.log_param("lr", "0.5")
    print(json.dumps({
        "experimentId": exp.experiment_id, "runIds": run_ids, "parentId": parent.info.run_id,
        "childIds": child_ids, "modelId": info.model_id, "noteRunId": noted.info.run_id,
        "secondExperimentId": second.experiment_id,
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8"))
