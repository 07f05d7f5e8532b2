"""Writes the golden MLflow file-store fixture with real MLflow, plus its expected-values JSON.

Regenerate (from the repository root; no npm needed):

    bash test/mlflow/setup-venv.sh      # once: .venv with the MLflow version in .ci/mlflow-version
    .venv/bin/python test/mlflow/py/write_fixture.py fixtures/mlflow-tree

OUT_DIR is deleted and rewritten from scratch; the expected values go to
OUT_DIR/../<basename(OUT_DIR)>.expected.json (for fixtures/mlflow-tree:
fixtures/mlflow-tree.expected.json). Everything in that JSON is read back through
MlflowClient after logging, i.e. it is what MLflow itself reports for the tree.

Expected-JSON shape (shared with check_scenario.py):
  {
    "mlflowVersion": "3.17.2",
    "experiments": [{experimentId, name, artifactLocationSuffix, lifecycleStage, tags,
                     creationTime, lastUpdateTime, runIds (search_runs ALL order)}],
    "runs": [{runId, runName, experimentId, status, startTime, endTime, lifecycleStage, userId,
              artifactUriSuffix, params, tags, metrics, metricHistories, artifacts}],
  }
  Non-finite floats are encoded as the strings "NaN", "Infinity", "-Infinity".
  artifactLocationSuffix / artifactUriSuffix are relative to the tree root (POSIX separators).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

T0 = 1_700_000_000_000  # fixed base for explicitly timestamped metrics (ms)


# --------------------------------------------------------------------------- shared helpers


def enc_float(v: float):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def sha256_file(p: str) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def list_artifacts_recursive(client: MlflowClient, run_id: str, path: str | None = None):
    out = []
    for fi in client.list_artifacts(run_id, path):
        if fi.is_dir:
            out.extend(list_artifacts_recursive(client, run_id, fi.path))
        else:
            out.append(fi)
    return out


def suffix_of(uri: str, root: Path) -> str:
    """Location relative to the tree root, e.g. 'file:///x/tree/1/abc/artifacts' -> '1/abc/artifacts'."""
    from mlflow.utils.file_utils import local_file_uri_to_path

    p = Path(local_file_uri_to_path(uri)).resolve()
    return p.relative_to(root.resolve()).as_posix()


def describe_tree(client: MlflowClient, root: Path) -> dict:
    experiments = []
    runs = []
    all_exps = sorted(
        client.search_experiments(view_type=ViewType.ALL), key=lambda e: int(e.experiment_id)
    )
    for e in all_exps:
        runs_in_exp = client.search_runs([e.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
        experiments.append(
            {
                "experimentId": e.experiment_id,
                "name": e.name,
                "artifactLocationSuffix": suffix_of(e.artifact_location, root),
                "lifecycleStage": e.lifecycle_stage,
                "tags": dict(e.tags),
                "creationTime": e.creation_time,
                "lastUpdateTime": e.last_update_time,
                "runIds": [r.info.run_id for r in runs_in_exp],
            }
        )
        for r in runs_in_exp:
            runs.append(describe_run(client, r.info.run_id, root))
    return {"mlflowVersion": mlflow.__version__, "experiments": experiments, "runs": runs}


def describe_run(client: MlflowClient, run_id: str, root: Path) -> dict:
    r = client.get_run(run_id)
    i = r.info
    histories = {}
    for key in sorted(r.data.metrics):
        histories[key] = [
            {"timestamp": m.timestamp, "value": enc_float(m.value), "step": m.step}
            for m in client.get_metric_history(run_id, key)
        ]
    artifacts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fi in list_artifacts_recursive(client, run_id):
            local = client.download_artifacts(run_id, fi.path, tmp)
            artifacts[fi.path] = {"size": fi.file_size, "sha256": sha256_file(local)}
    return {
        "runId": i.run_id,
        "runName": i.run_name,
        "experimentId": i.experiment_id,
        "status": i.status,
        "startTime": i.start_time,
        "endTime": i.end_time,
        "lifecycleStage": i.lifecycle_stage,
        "userId": i.user_id,
        "artifactUriSuffix": suffix_of(i.artifact_uri, root),
        "params": dict(r.data.params),
        "tags": dict(r.data.tags),
        "metrics": {k: enc_float(v) for k, v in sorted(r.data.metrics.items())},
        "metricHistories": histories,
        "artifacts": dict(sorted(artifacts.items())),
    }


# --------------------------------------------------------------------------- the scenario


def write_tree(out: Path) -> None:
    uri = out.resolve().as_uri()  # file:///abs/path
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(tracking_uri=uri)

    # ---- Default experiment (id 0, created by the store) --------------------------------
    mlflow.set_experiment(experiment_id="0")
    with mlflow.start_run(run_name="default-run") as run:
        mlflow.log_param("lr", 0.1)
        mlflow.log_param("optimizer", "adam")
        mlflow.log_metric("accuracy", 0.875)
        mlflow.log_metric("int_metric", 42)  # written as "42" by MLflow
        mlflow.set_tag("team", "core")
        mlflow.log_text("hello from the default experiment\n", "notes.txt")
    # A run left RUNNING (no end time): created with the client and never terminated.
    running = client.create_run("0", run_name="still-running", tags={"kind": "running"})
    client.log_param(running.info.run_id, "p", "v")
    client.log_metric(running.info.run_id, "m", 1.5, timestamp=T0, step=0)
    client.log_text(running.info.run_id, "partial output\n", "partial-output.txt")

    # ---- Experiment 1: unicode name, tags, description ------------------------------------
    exp_a = client.create_experiment(
        "Expérience 実験 🚀",
        tags={"project": "mlruns", "owner": "Zoë", "mlflow.note.content": "Unicode experiment.\nSecond line."},
    )
    client.set_experiment_tag(exp_a, "stage", "fixture")
    mlflow.set_experiment(experiment_id=exp_a)

    with mlflow.start_run(
        run_name="entraînement 学習 ✓",
        description="# Parent run\n\nA *markdown* description with ünïcödé.\n",
        tags={"purpose": "parent", "quoted": "it's \"quoted\": yes", "empty": ""},
    ) as parent:
        mlflow.log_params(
            {
                "model/depth": 12,
                "model/width": "256",
                "batch size": 32,
                "dropout.rate": 0.25,
                "schedule:kind": "cosine",
                "long_value": ("abcdefghij" * 60) + "-end",  # 604 chars
                "unicode": "naïve café ☕ 🚀",
                "multiline": "line one\nline two\n",
                "none_value": None,
                "empty_value": "",
                "spaces": "  leading and trailing  ",
            }
        )
        # 1000-step history; values like 1/3 exercise shortest-repr float formatting.
        for step in range(1000):
            mlflow.log_metric("train/loss", 1.0 / (step + 3), step=step)
        mlflow.log_metric("val acc", 0.5, step=0)
        mlflow.log_metric("val acc", 0.75, step=1)
        mlflow.log_metric("val acc", 0.625, step=2)
        mlflow.log_metric("time:epoch.seconds", 12.5)
        run_id = parent.info.run_id
        # Non-finite and extreme values.
        client.log_metric(run_id, "special/nan", float("nan"), timestamp=T0, step=0)
        client.log_metric(run_id, "special/pos_inf", float("inf"), timestamp=T0, step=0)
        client.log_metric(run_id, "special/neg_inf", float("-inf"), timestamp=T0, step=0)
        client.log_metric(run_id, "special/neg_zero", -0.0, timestamp=T0, step=0)
        client.log_metric(run_id, "special/tiny", 5e-324, timestamp=T0, step=0)
        client.log_metric(run_id, "special/huge", 1.7976931348623157e308, timestamp=T0, step=0)
        client.log_metric(run_id, "special/exp", 1.5e-07, timestamp=T0, step=0)
        client.log_metric(run_id, "special/big_int_like", 1e16, timestamp=T0, step=0)
        client.log_metric(run_id, "special/bool_like", 1, timestamp=T0, step=0)
        # Explicit timestamps, repeated steps, out-of-order steps and timestamps.
        for ts, value, step in [
            (T0 + 5000, 1.0, 0),
            (T0 + 1000, 2.0, 0),  # same step, earlier timestamp
            (T0 + 3000, 3.0, 2),
            (T0 + 2000, 4.0, 1),  # lower step logged after a higher one
            (T0 + 3000, 2.5, 2),  # same step AND same timestamp, lower value
            (T0 + 3000, 3.5, 2),  # same step AND same timestamp, higher value -> latest
            (T0 + 9000, 9.0, -1),  # negative step
        ]:
            client.log_metric(run_id, "explicit/ts", value, timestamp=ts, step=step)
        # Ties with NaN: Python's max((step, ts, value)) keeps the first of incomparable tuples.
        client.log_metric(run_id, "tie/nan_first", float("nan"), timestamp=T0, step=3)
        client.log_metric(run_id, "tie/nan_first", 1.0, timestamp=T0, step=3)
        client.log_metric(run_id, "tie/nan_middle", 2.0, timestamp=T0, step=3)
        client.log_metric(run_id, "tie/nan_middle", float("nan"), timestamp=T0, step=3)
        client.log_metric(run_id, "tie/nan_middle", 5.0, timestamp=T0, step=3)
        client.log_metric(run_id, "tie/nan_middle", 3.0, timestamp=T0, step=3)
        # NaN/inf inside a longer history.
        for step, v in enumerate([0.5, float("nan"), float("inf"), 0.25, float("-inf")]):
            client.log_metric(run_id, "mixed", v, timestamp=T0 + step, step=step)
        # 5-field metric lines (dataset name and digest).
        client.log_metric(
            run_id, "eval/rmse", 0.123, timestamp=T0, step=0, dataset_name="eval_ds", dataset_digest="d1g3st"
        )
        client.log_metric(
            run_id, "eval/rmse", 0.111, timestamp=T0 + 1, step=1, dataset_name="eval_ds", dataset_digest="d1g3st"
        )
        # log_batch with all three kinds at once.
        client.log_batch(
            run_id,
            metrics=[Metric("batch/m", float(i) / 4, T0 + i, i) for i in range(5)],
            params=[Param("batch/p", "from-batch")],
            tags=[RunTag("batch/t", "from-batch")],
        )
        mlflow.set_tags({"tag/with/slashes": "yes", "tag with spaces": "yes", "tag:colon.dot": "yes"})
        mlflow.set_tag("unicode tag", "ユニコード 🎉")
        mlflow.set_tag("multiline tag", "a\nb\n")

        # Artifacts: text, binary, a directory tree with subfolders, empty file, json/yaml dicts.
        mlflow.log_text("Some text: ünïcödé ✓\n", "text/readme.txt")
        with tempfile.TemporaryDirectory() as tmp:
            tmpp = Path(tmp)
            binf = tmpp / "all_bytes.bin"
            binf.write_bytes(bytes(range(256)))
            mlflow.log_artifact(str(binf), "binary")
            tree = tmpp / "tree"
            (tree / "sub" / "deeper").mkdir(parents=True)
            (tree / "root.txt").write_text("root\n")
            (tree / "sub" / "a.csv").write_text("x,y\n1,2\n3,4\n")
            (tree / "sub" / "deeper" / "b.json").write_text('{"k": [1, 2, 3]}\n')
            (tree / "sub" / "deeper" / "empty.txt").write_bytes(b"")
            (tree / "données é").mkdir()
            (tree / "données é" / "résumé 📄.txt").write_text("unicode path\n")
            mlflow.log_artifacts(str(tree), "dir")
        mlflow.log_dict({"a": 1, "b": [1.5, "two", None], "nested": {"ü": True}}, "config/params.json")
        mlflow.log_dict({"a": 1, "b": [1.5, "two", None], "nested": {"ü": True}}, "config/params.yaml")

        with mlflow.start_run(run_name="child-1", nested=True) as child1:
            mlflow.log_param("fold", 1)
            mlflow.log_text("fold 1\n", "fold.txt")
            for step in range(5):
                mlflow.log_metric("loss", 1.0 - step * 0.1, step=step)
            with mlflow.start_run(run_name="grandchild", nested=True):
                mlflow.log_param("level", "2")
                mlflow.log_metric("depth", 2)
                mlflow.log_text("grandchild\n", "level2/info.txt")
        with mlflow.start_run(run_name="child-2", nested=True):
            mlflow.log_param("fold", 2)
            mlflow.log_metric("loss", 0.42)
            mlflow.log_text("fold 2\n", "fold.txt")
        _ = child1

    # FAILED run (exception inside the context manager marks it FAILED).
    try:
        with mlflow.start_run(run_name="failing run"):
            mlflow.log_param("will_fail", True)
            mlflow.log_metric("progress", 0.3)
            mlflow.log_text("Traceback: boom\n", "error.txt")
            raise RuntimeError("boom")
    except RuntimeError:
        pass

    # KILLED run, explicit start/end times through the client.
    killed = client.create_run(exp_a, start_time=T0, run_name="killed run", tags={"signal": "SIGTERM"})
    client.log_metric(killed.info.run_id, "progress", 0.1, timestamp=T0 + 10, step=0)
    client.log_param(killed.info.run_id, "epochs", "100")
    client.log_text(killed.info.run_id, "killed at epoch 3\n", "killed.txt")
    client.set_terminated(killed.info.run_id, status="KILLED", end_time=T0 + 60_000)

    # ---- Experiment 2: created under one name, renamed; a deleted and a restored run -----
    exp_b = client.create_experiment("tmp-name")
    client.rename_experiment(exp_b, "baseline/sweeps")
    mlflow.set_experiment(experiment_id=exp_b)
    with mlflow.start_run(run_name="to be deleted") as r_del:
        mlflow.log_param("x", "1")
        mlflow.log_metric("y", 2.0)
        mlflow.log_text("deleted run artifact\n", "gone.txt")
    client.delete_run(r_del.info.run_id)
    with mlflow.start_run(run_name="restored") as r_res:
        mlflow.log_param("x", "2")
        mlflow.log_metric("y", 4.0)
        mlflow.log_text("restored\n", "restored.txt")
    client.delete_run(r_res.info.run_id)
    client.restore_run(r_res.info.run_id)
    with mlflow.start_run(run_name="sweep-0") as r:
        mlflow.log_params({"alpha": "0.01", "beta": "1e-3"})
        mlflow.log_metric("score", 0.9)
        mlflow.log_dict({"alpha": 0.01}, "sweep.json")

    # ---- Experiment 3: deleted experiment (moved to .trash) with one run -------------------
    exp_c = client.create_experiment("Deleted experiment", tags={"why": "to test .trash"})
    mlflow.set_experiment(experiment_id=exp_c)
    with mlflow.start_run(run_name="run in deleted experiment"):
        mlflow.log_param("k", "v")
        mlflow.log_metric("m", 3.0)
        mlflow.log_text("in trash\n", "trash.txt")
    mlflow.set_experiment(experiment_id="0")
    client.delete_experiment(exp_c)


def assert_no_empty_dirs(root: Path) -> None:
    """Git cannot store empty directories, and MLflow's FileStore only recognises a run folder
    that has metrics/, params/ and artifacts/ subfolders (FileStore._is_valid_run_directory):
    a checkout that lost an empty one makes the run invisible. So every run in the scenario
    logs at least one metric, one param and one artifact, and this check keeps it that way."""
    empty = [str(Path(d).relative_to(root)) for d, dirs, files in os.walk(root) if not dirs and not files]
    if empty:
        raise SystemExit(f"write_fixture: empty directories would be lost by git: {empty}")
    # Files a .gitignore would drop (e.g. *.log) also break the committed fixture.
    import subprocess

    files = [str(p) for p in root.rglob("*") if p.is_file()]
    r = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], input="\n".join(files),
                       capture_output=True, text=True, cwd=root.parent)
    if r.returncode == 0 and r.stdout.strip():
        raise SystemExit(f"write_fixture: files ignored by .gitignore: {r.stdout.split()}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        print("usage: write_fixture.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    if out.exists():
        shutil.rmtree(out)
    # Do not create OUT_DIR itself: FileStore only creates the Default experiment (id 0)
    # when its root directory does not exist yet.
    out.parent.mkdir(parents=True, exist_ok=True)
    write_tree(out)
    assert_no_empty_dirs(out)

    client = MlflowClient(tracking_uri=out.resolve().as_uri())
    expected = describe_tree(client, out)
    exp_path = out.resolve().parent / f"{out.resolve().name}.expected.json"
    exp_path.write_text(json.dumps(expected, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    summary = {
        "ok": True,
        "tree": str(out),
        "expected": str(exp_path),
        "experiments": len(expected["experiments"]),
        "runs": len(expected["runs"]),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
