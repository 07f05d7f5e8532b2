"""The MLflow side of the differential fuzz test (test/mlflow/fuzz.test.ts).

    .venv/bin/python test/mlflow/py/fuzz_worker.py

Reads one JSON request per stdin line and answers one JSON line on stdout, so one Python
start (and one `import mlflow`, ~3 s) serves every program of a run, shrinking included:

    {"op": "run", "root": DIR, "program": [CALL, ...]}
        executes the program with MlflowClient on a fresh file store at DIR; answers
        {"outcomes": [...], "exps": {label: id}, "runs": {label: id}, "dump": DUMP}
    {"op": "dump", "root": DIR, "exps": {label: id}, "runs": {label: id}}
        answers {"dump": DUMP} for a store written by anyone (mlruns, in the test)

Calls name experiments and runs by labels ("e0" is the Default experiment) because ids differ
between the two stores. Values that JSON cannot carry arrive tagged: {"f": "NaN"} for a float,
{"int": "4611686018427387904"} for an integer of any size. DUMP is MLflow's view: each labelled
experiment and run read one by one (run records as dump_tree.py builds them), and whether
search_experiments / search_runs over the whole store still succeed.
"""
import json
import math
import os
import sys
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
sys.path.insert(0, str(Path(__file__).parent))

from dump_tree import run_record  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

# A well-formed id of nothing: what a label refers to when its create call failed or was shrunk away.
MISSING_RUN = "0" * 32
MISSING_EXP = "987654321"


def dec(v):
    if isinstance(v, dict):
        if "f" in v:
            return float(v["f"])
        if "int" in v:
            return int(v["int"])
        if "dict" in v:
            return {k: dec(x) for k, x in v["dict"].items()}
    return v


def outcome_of(e):
    if isinstance(e, MlflowException):
        return {"error": e.error_code, "message": str(e)[:300]}
    return {"error": "OTHER", "type": type(e).__name__, "message": str(e)[:300]}


def tags_of(pairs):
    return None if pairs is None else {k: dec(v) for k, v in pairs}


def execute(client, call, exps, runs):
    op = call["op"]
    exp = lambda: exps.get(call["exp"]) or MISSING_EXP  # noqa: E731
    run = lambda: runs.get(call["run"]) or MISSING_RUN  # noqa: E731
    if op == "createExperiment":
        exps[call["as"]] = client.create_experiment(dec(call["name"]), tags=tags_of(call.get("tags")))
    elif op == "createRun":
        r = client.create_run(exp(), start_time=dec(call.get("startTime")), tags=tags_of(call.get("tags")),
                              run_name=dec(call.get("runName")))
        runs[call["as"]] = r.info.run_id
    elif op == "deleteExperiment":
        client.delete_experiment(exp())
    elif op == "restoreExperiment":
        client.restore_experiment(exp())
    elif op == "renameExperiment":
        client.rename_experiment(exp(), dec(call["name"]))
    elif op == "setExperimentTag":
        client.set_experiment_tag(exp(), dec(call["key"]), dec(call["value"]))
    elif op == "logParam":
        client.log_param(run(), dec(call["key"]), dec(call["value"]))
    elif op == "logMetric":
        client.log_metric(run(), dec(call["key"]), dec(call["value"]), timestamp=dec(call.get("timestamp")),
                          step=dec(call.get("step")))
    elif op == "setTag":
        client.set_tag(run(), dec(call["key"]), dec(call["value"]))
    elif op == "deleteTag":
        client.delete_tag(run(), dec(call["key"]))
    elif op == "logBatch":
        client.log_batch(
            run(),
            metrics=[Metric(dec(m["key"]), dec(m["value"]), dec(m["timestamp"]), dec(m["step"])) for m in call["metrics"]],
            params=[Param(dec(p["key"]), dec(p["value"])) for p in call["params"]],
            tags=[RunTag(dec(t["key"]), dec(t["value"])) for t in call["tags"]],
        )
    elif op == "deleteRun":
        client.delete_run(run())
    elif op == "restoreRun":
        client.restore_run(run())
    elif op == "setTerminated":
        client.set_terminated(run(), status=dec(call.get("status")), end_time=dec(call.get("endTime")))
    elif op == "updateRun":
        client.update_run(run(), status=dec(call.get("status")), name=dec(call.get("name")))
    elif op == "getRun":
        client.get_run(run())
    elif op == "searchRuns":
        ids = [exps.get(label) or MISSING_EXP for label in call["exps"]]
        found = client.search_runs(ids, call["filter"], run_view_type=ViewType.from_string(call["viewType"].lower()),
                                   max_results=1000)
        by_id = {v: k for k, v in runs.items()}
        return sorted(by_id.get(r.info.run_id, "?") for r in found)
    elif op == "logText":
        client.log_text(run(), dec(call["text"]), dec(call["file"]))
    elif op == "logDict":
        client.log_dict(run(), dec(call["dict"]), dec(call["file"]))
    else:
        raise ValueError(f"unknown op {op}")
    return None


def error_of(e):
    return e.error_code if isinstance(e, MlflowException) else "OTHER:" + type(e).__name__


def dump(client, exps, runs):
    out = {"experiments": {}, "runs": {}, "search": {}}
    exp_label = {v: k for k, v in exps.items()}
    for label, eid in exps.items():
        try:
            e = client.get_experiment(eid)
            out["experiments"][label] = {"name": e.name, "lifecycleStage": e.lifecycle_stage, "tags": e.tags}
        except Exception as err:  # noqa: BLE001 - MLflow failing to read is the finding
            out["experiments"][label] = {"readError": error_of(err)}
    for label, rid in runs.items():
        try:
            rec = run_record(client, client.get_run(rid))
            del rec["runId"]
            rec["experimentId"] = exp_label.get(rec["experimentId"], "?")
            out["runs"][label] = rec
        except Exception as err:  # noqa: BLE001
            out["runs"][label] = {"readError": error_of(err)}
    try:
        all_exps = client.search_experiments(view_type=ViewType.ALL)
        out["search"]["experiments"] = sorted(exp_label.get(e.experiment_id, "?") for e in all_exps)
        try:
            found = client.search_runs([e.experiment_id for e in all_exps], run_view_type=ViewType.ALL,
                                       max_results=50000)
            run_label = {v: k for k, v in runs.items()}
            out["search"]["runs"] = sorted(run_label.get(r.info.run_id, "?") for r in found)
        except Exception as err:  # noqa: BLE001
            out["search"]["runs"] = {"searchError": error_of(err)}
    except Exception as err:  # noqa: BLE001
        out["search"]["experiments"] = {"searchError": error_of(err)}
    return out


def exact(v):
    """Integers JavaScript cannot hold exactly travel as {"int": "..."} so no difference hides in a rounding."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int) and abs(v) > 2**53:
        return {"int": str(v)}
    if isinstance(v, dict):
        return {k: exact(x) for k, x in v.items()}
    if isinstance(v, list):
        return [exact(x) for x in v]
    return v


def client_for(root):
    return MlflowClient(tracking_uri=Path(root).resolve().as_uri())


def handle(req):
    if req["op"] == "run":
        client = client_for(req["root"])
        exps, runs, outcomes = {"e0": "0"}, {}, []
        # The file store creates the Default experiment on first use, as mlruns does.
        client.search_experiments()
        for call in req["program"]:
            try:
                result = execute(client, call, exps, runs)
                outcomes.append({"ok": True} if result is None else {"ok": True, "result": result})
            except Exception as e:  # noqa: BLE001 - every outcome is data
                outcomes.append(outcome_of(e))
        return {"outcomes": outcomes, "exps": exps, "runs": runs, "dump": dump(client, exps, runs)}
    if req["op"] == "dump":
        return {"dump": dump(client_for(req["root"]), req["exps"], req["runs"])}
    raise ValueError(f"unknown request {req['op']}")


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as e:  # noqa: BLE001 - the test reports it with the program
            answer = {"workerError": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(exact(answer), sort_keys=True, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
