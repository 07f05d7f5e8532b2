"""Write a varied MLflow file-store tree with whichever MLflow version runs this script.

    <venv>/bin/python test/mlflow/py/write_tree_portable.py OUT_DIR

A smaller cousin of write_fixture.py (whose scenario uses 3.x-only arguments) for the version
matrix (test/mlflow/matrix/): only API that MLflow 2.x and 3.x share, plus, where the running
version has it, the 5-field metric lines of `log_metric(dataset_name=..., dataset_digest=...)`.
OUT_DIR must not exist (FileStore creates the Default experiment only in a new root).

Covers: the Default experiment; a unicode experiment with tags; an experiment renamed; a deleted
experiment (moved to .trash/); FINISHED, FAILED, KILLED and RUNNING runs; a deleted run and a
restored one; nested runs; params (unicode, multi-line, 600 characters, empty, None); metrics
with NaN, +-inf, -0.0, subnormal and huge values, explicit timestamps, repeated and negative
steps; log_batch; artifacts (binary, nested folders, a unicode path, an empty file, log_dict).

Prints one JSON line: {"ok": true, "mlflowVersion", "experiments", "runs", "features": [...]}.
"""
from __future__ import annotations

import inspect
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
warnings.simplefilter("ignore", FutureWarning)

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

T0 = 1_700_000_000_000


def main(out: Path) -> dict:
    if out.exists():
        raise SystemExit(f"write_tree_portable: {out} exists; give a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    uri = out.resolve().as_uri()
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(tracking_uri=uri)
    features = []

    mlflow.set_experiment(experiment_id="0")
    with mlflow.start_run(run_name="default-run"):
        mlflow.log_param("lr", 0.1)
        mlflow.log_metric("accuracy", 0.875)
        mlflow.log_metric("int_metric", 42)
        mlflow.set_tag("team", "core")
        mlflow.log_text("hello from the default experiment\n", "notes.txt")
    running = client.create_run("0", run_name="still-running", tags={"kind": "running"})
    client.log_param(running.info.run_id, "p", "v")
    client.log_metric(running.info.run_id, "m", 1.5, timestamp=T0, step=0)
    client.log_text(running.info.run_id, "partial\n", "partial.txt")

    exp_a = client.create_experiment("Expérience 実験 🚀", tags={"owner": "Zoë", "mlflow.note.content": "Two\nlines."})
    client.set_experiment_tag(exp_a, "stage", "matrix")
    mlflow.set_experiment(experiment_id=exp_a)
    with mlflow.start_run(run_name="entraînement ✓", description="A *markdown* description.\n",
                          tags={"quoted": "it's \"quoted\": yes", "empty": ""}) as parent:
        run_id = parent.info.run_id
        mlflow.log_params({
            "model/depth": 12, "batch size": 32, "unicode": "naïve café ☕ 🚀", "multiline": "one\ntwo\n",
            "long_value": "abcdefghij" * 60, "empty_value": "", "none_value": None,
        })
        for step in range(200):
            mlflow.log_metric("train/loss", 1.0 / (step + 3), step=step)
        for key, value in [("nan", float("nan")), ("pos_inf", float("inf")), ("neg_inf", float("-inf")),
                           ("neg_zero", -0.0), ("tiny", 5e-324), ("huge", 1.7976931348623157e308), ("exp", 1.5e-07)]:
            client.log_metric(run_id, f"special/{key}", value, timestamp=T0, step=0)
        for ts, value, step in [(T0 + 5000, 1.0, 0), (T0 + 1000, 2.0, 0), (T0 + 3000, 3.0, 2), (T0 + 2000, 4.0, 1),
                                (T0 + 3000, 2.5, 2), (T0 + 9000, 9.0, -1)]:
            client.log_metric(run_id, "explicit/ts", value, timestamp=ts, step=step)
        if "dataset_name" in inspect.signature(client.log_metric).parameters:
            features.append("metric dataset_name/dataset_digest (5-field metric lines)")
            client.log_metric(run_id, "eval/rmse", 0.123, timestamp=T0, step=0, dataset_name="eval_ds", dataset_digest="d1g3st")
            client.log_metric(run_id, "eval/rmse", 0.111, timestamp=T0 + 1, step=1, dataset_name="eval_ds", dataset_digest="d1g3st")
        client.log_batch(run_id, metrics=[Metric("batch/m", i / 4, T0 + i, i) for i in range(5)],
                         params=[Param("batch/p", "from-batch")], tags=[RunTag("batch/t", "from-batch")])
        mlflow.set_tag("unicode tag", "ユニコード 🎉")
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            (t / "all_bytes.bin").write_bytes(bytes(range(256)))
            mlflow.log_artifact(str(t / "all_bytes.bin"), "binary")
            tree = t / "tree"
            (tree / "sub" / "deeper").mkdir(parents=True)
            (tree / "root.txt").write_text("root\n")
            (tree / "sub" / "a.csv").write_text("x,y\n1,2\n")
            (tree / "sub" / "deeper" / "empty.txt").write_bytes(b"")
            (tree / "données é").mkdir()
            (tree / "données é" / "résumé 📄.txt").write_text("unicode path\n")
            mlflow.log_artifacts(str(tree), "dir")
        mlflow.log_dict({"a": 1, "b": [1.5, "two", None]}, "config/params.json")
        mlflow.log_dict({"a": 1, "b": [1.5, "two", None]}, "config/params.yaml")
        with mlflow.start_run(run_name="child", nested=True):
            mlflow.log_param("fold", 1)
            mlflow.log_metric("loss", 0.5, step=0)
            mlflow.log_text("fold 1\n", "fold.txt")
    try:
        with mlflow.start_run(run_name="failing run"):
            mlflow.log_param("will_fail", True)
            mlflow.log_metric("progress", 0.3)
            mlflow.log_text("boom\n", "error.txt")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    killed = client.create_run(exp_a, start_time=T0, run_name="killed run", tags={"signal": "SIGTERM"})
    client.log_metric(killed.info.run_id, "progress", 0.1, timestamp=T0 + 10, step=0)
    client.log_param(killed.info.run_id, "epochs", "100")
    client.log_text(killed.info.run_id, "killed\n", "killed.txt")
    client.set_terminated(killed.info.run_id, status="KILLED", end_time=T0 + 60_000)

    exp_b = client.create_experiment("tmp-name")
    client.rename_experiment(exp_b, "baseline/sweeps")
    mlflow.set_experiment(experiment_id=exp_b)
    with mlflow.start_run(run_name="to be deleted") as r_del:
        mlflow.log_param("x", "1")
        mlflow.log_metric("y", 2.0)
        mlflow.log_text("gone\n", "gone.txt")
    client.delete_run(r_del.info.run_id)
    with mlflow.start_run(run_name="restored") as r_res:
        mlflow.log_param("x", "2")
        mlflow.log_metric("y", 4.0)
        mlflow.log_text("restored\n", "restored.txt")
    client.delete_run(r_res.info.run_id)
    client.restore_run(r_res.info.run_id)

    exp_c = client.create_experiment("Deleted experiment", tags={"why": "to test .trash"})
    mlflow.set_experiment(experiment_id=exp_c)
    with mlflow.start_run(run_name="run in deleted experiment"):
        mlflow.log_param("k", "v")
        mlflow.log_metric("m", 3.0)
        mlflow.log_text("in trash\n", "trash.txt")
    mlflow.set_experiment(experiment_id="0")
    client.delete_experiment(exp_c)

    exps = client.search_experiments(view_type=ViewType.ALL)
    runs = sum(len(client.search_runs([e.experiment_id], run_view_type=ViewType.ALL)) for e in exps)
    return {"ok": True, "mlflowVersion": mlflow.__version__, "experiments": len(exps), "runs": runs, "features": features}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(json.dumps(main(Path(sys.argv[1]))))
