"""Judge: does real MLflow read a tracking tree (e.g. one written by mlruns) exactly as expected?

    .venv/bin/python test/mlflow/py/check_scenario.py TRACKING_DIR EXPECTED_JSON

Opens TRACKING_DIR with MlflowClient(tracking_uri=<file URI>) (MLFLOW_ALLOW_FILE_STORE=true
is set here) and compares every field MLflow reports against EXPECTED_JSON, which has the
shape write_fixture.py produces:

  {
    "experiments": [{experimentId, name, artifactLocationSuffix?, lifecycleStage, tags,
                     creationTime?, lastUpdateTime?}],
    "runs": [{runId, runName, experimentId, status, startTime, endTime, lifecycleStage, userId,
              artifactUriSuffix?, params, tags, metrics, metricHistories, artifacts}]
  }

Encoding rules:
  * floats: JSON numbers, or the strings "NaN", "Infinity", "-Infinity", "-0" (JavaScript's
    JSON.stringify(-0) gives "0", so send "-0" for negative zero). Values are compared exactly
    (by repr), NaN equals NaN, and 0 does not equal -0.0.
  * metricHistories: {key: [{timestamp, value, step}, ...]} in logging order; compared point by
    point against get_metric_history, in order.
  * artifacts: {"relative/path": {size, sha256}} for every file (directories are implied).
  * *Suffix fields: location relative to the tree root, POSIX separators ("" for the root).
  * Fields marked ? are checked only when present; a present null means "must be null/None".
  * experiments[].runIds, when present, is compared as a set; the authority for which runs
    each experiment holds is runs[].experimentId.

Prints one JSON line as the LAST stdout line: {"ok": bool, "checked": N, "failures": [...]} and
exits 1 when any check failed (2 on usage errors).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
import traceback
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

MAX_FAILURES = 500


class Judge:
    def __init__(self) -> None:
        self.checked = 0
        self.failures: list[str] = []

    def fail(self, msg: str) -> None:
        self.failures.append(msg)

    def eq(self, what: str, expected, got) -> bool:
        """One field check: exact equality (floats via same_float)."""
        self.checked += 1
        if isinstance(expected, bool) or isinstance(got, bool):
            ok = expected is got
        elif isinstance(expected, float) or isinstance(got, float):
            ok = same_float(expected, got)
        else:
            ok = type(expected) is type(got) and expected == got
        if not ok:
            self.fail(f"{what} expected {show(expected)} got {show(got)}")
        return ok

    def true(self, what: str, cond: bool, detail: str = "") -> bool:
        self.checked += 1
        if not cond:
            self.fail(f"{what}{(': ' + detail) if detail else ''}")
        return cond

    def dict_eq(self, what: str, expected: dict, got: dict, value_decoder=None) -> None:
        """Per-key comparison: missing keys, unexpected keys, and differing values."""
        got = dict(got)
        for k in sorted(expected):
            exp_v = value_decoder(expected[k]) if value_decoder else expected[k]
            if k not in got:
                self.checked += 1
                self.fail(f"{what} {k!r} missing (expected {show(exp_v)})")
                continue
            self.eq(f"{what} {k!r}", exp_v, got[k])
        extra = sorted(set(got) - set(expected))
        self.checked += 1
        for k in extra:
            self.fail(f"{what} {k!r} unexpected (got {show(got[k])})")


def decode_float(v):
    if isinstance(v, str):
        table = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0, "-0.0": -0.0}
        if v in table:
            return table[v]
        raise ValueError(f"bad float encoding {v!r}")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"bad float value {v!r}")
    return float(v)


def same_float(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def show(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    s = repr(v)
    return s if len(s) <= 200 else s[:200] + f"…({len(s)} chars)"


def sha256_file(p: str) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def suffix_of(uri: str, root: Path) -> str | None:
    from mlflow.utils.file_utils import local_file_uri_to_path

    try:
        p = Path(local_file_uri_to_path(uri)).resolve()
        rel = p.relative_to(root.resolve()).as_posix()
    except Exception:  # noqa: BLE001 - not under root / not a local URI
        return None
    return "" if rel == "." else rel


def list_artifacts_recursive(client, run_id: str, path: str | None = None, depth: int = 0):
    if depth > 64:
        raise RuntimeError(f"artifact tree deeper than 64 levels at {path!r}")
    files = []
    for fi in client.list_artifacts(run_id, path):
        if fi.is_dir:
            files.extend(list_artifacts_recursive(client, run_id, fi.path, depth + 1))
        else:
            files.append(fi)
    return files


def guarded(j: Judge, what: str, fn) -> None:
    """Run a group of checks; an exception becomes one failure instead of aborting the judge."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        j.checked += 1
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        j.fail(f"{what}: raised {last}")


# --------------------------------------------------------------------------- checks


def check_experiments(j: Judge, client, root: Path, expected: dict) -> None:
    from mlflow.entities import ViewType

    exps = expected.get("experiments", [])
    exp_ids = {e["experimentId"] for e in exps}

    def search_all():
        found = client.search_experiments(view_type=ViewType.ALL, max_results=50000)
        j.eq("search_experiments(ALL): count", len(exps), len(found))
        got_ids = {e.experiment_id for e in found}
        for missing in sorted(exp_ids - got_ids):
            j.fail(f"search_experiments(ALL): experiment {missing} missing")
        for extra in sorted(got_ids - exp_ids):
            j.fail(f"search_experiments(ALL): unexpected experiment {extra}")
        j.checked += 1
        active = {e["experimentId"] for e in exps if e.get("lifecycleStage", "active") == "active"}
        got_active = {e.experiment_id for e in client.search_experiments(view_type=ViewType.ACTIVE_ONLY, max_results=50000)}
        j.eq("search_experiments(ACTIVE_ONLY): ids", sorted(active), sorted(got_active))
        got_deleted = {e.experiment_id for e in client.search_experiments(view_type=ViewType.DELETED_ONLY, max_results=50000)}
        j.eq("search_experiments(DELETED_ONLY): ids", sorted(exp_ids - active), sorted(got_deleted))

    guarded(j, "search_experiments", search_all)

    for e in exps:
        eid = e["experimentId"]
        w = f"experiment {eid}"

        def one(e=e, eid=eid, w=w):
            got = client.get_experiment(eid)
            j.eq(f"{w}: experimentId", eid, got.experiment_id)
            j.eq(f"{w}: name", e["name"], got.name)
            j.eq(f"{w}: lifecycleStage", e["lifecycleStage"], got.lifecycle_stage)
            j.dict_eq(f"{w}: tag", e.get("tags", {}), got.tags)
            for field, attr in (("creationTime", "creation_time"), ("lastUpdateTime", "last_update_time")):
                if field in e:
                    j.eq(f"{w}: {field}", e[field], getattr(got, attr))
            if "artifactLocationSuffix" in e:
                j.eq(f"{w}: artifactLocationSuffix (from {got.artifact_location!r})",
                     e["artifactLocationSuffix"], suffix_of(got.artifact_location, root))
            by_name = client.get_experiment_by_name(e["name"])
            j.true(f"{w}: get_experiment_by_name({e['name']!r}) found", by_name is not None, "returned None")
            if by_name is not None:
                j.eq(f"{w}: get_experiment_by_name({e['name']!r}).experimentId", eid, by_name.experiment_id)

        guarded(j, w, one)


def check_runs(j: Judge, client, root: Path, expected: dict) -> None:
    from mlflow.entities import ViewType

    runs = expected.get("runs", [])
    by_exp: dict[str, list[dict]] = {}
    for r in runs:
        by_exp.setdefault(r["experimentId"], []).append(r)

    for e in expected.get("experiments", []):
        eid = e["experimentId"]

        def search(eid=eid, e=e):
            exp_runs = by_exp.get(eid, [])
            want = sorted(r["runId"] for r in exp_runs)
            found = client.search_runs([eid], run_view_type=ViewType.ALL, max_results=50000)
            j.eq(f"experiment {eid}: search_runs(ALL) run ids", want, sorted(r.info.run_id for r in found))
            if "runIds" in e:
                j.eq(f"experiment {eid}: runIds (as listed in experiments[])", want, sorted(e["runIds"]))
            want_active = sorted(r["runId"] for r in exp_runs if r.get("lifecycleStage") == "active")
            found_active = client.search_runs([eid], run_view_type=ViewType.ACTIVE_ONLY, max_results=50000)
            j.eq(f"experiment {eid}: search_runs(ACTIVE_ONLY) run ids", want_active,
                 sorted(r.info.run_id for r in found_active))

        guarded(j, f"experiment {eid}: search_runs", search)

    for r in runs:
        guarded(j, f"run {r['runId']}", lambda r=r: check_run(j, client, root, r))


def check_run(j: Judge, client, root: Path, r: dict) -> None:
    rid = r["runId"]
    w = f"run {rid}"
    got = client.get_run(rid)
    i = got.info
    j.eq(f"{w}: runId", rid, i.run_id)
    for field, attr in (
        ("runName", "run_name"),
        ("experimentId", "experiment_id"),
        ("status", "status"),
        ("startTime", "start_time"),
        ("endTime", "end_time"),
        ("lifecycleStage", "lifecycle_stage"),
        ("userId", "user_id"),
    ):
        if field in r:
            j.eq(f"{w}: {field}", r[field], getattr(i, attr))
    if "artifactUriSuffix" in r:
        j.eq(f"{w}: artifactUriSuffix (from {i.artifact_uri!r})", r["artifactUriSuffix"], suffix_of(i.artifact_uri, root))

    j.dict_eq(f"{w}: param", r.get("params", {}), got.data.params)
    j.dict_eq(f"{w}: tag", r.get("tags", {}), got.data.tags)
    j.dict_eq(f"{w}: metric", r.get("metrics", {}), got.data.metrics, value_decoder=decode_float)

    for key, points in r.get("metricHistories", {}).items():
        hist = client.get_metric_history(rid, key)
        hw = f"{w}: metric {key!r} history"
        if not j.eq(f"{hw} length", len(points), len(hist)):
            # Still compare the common prefix: the first differing point is the useful message.
            pass
        reported = 0
        for n, (p, m) in enumerate(zip(points, hist)):
            before = len(j.failures)
            j.eq(f"{hw}[{n}] timestamp", p["timestamp"], m.timestamp)
            j.eq(f"{hw}[{n}] value", decode_float(p["value"]), m.value)
            j.eq(f"{hw}[{n}] step", p["step"], m.step)
            if len(j.failures) > before:
                reported += 1
                if reported >= 5:
                    j.fail(f"{hw}: further point mismatches not reported")
                    break

    exp_art = r.get("artifacts", {})
    files = list_artifacts_recursive(client, rid)
    got_paths = {f.path: f for f in files}
    for extra in sorted(set(got_paths) - set(exp_art)):
        j.fail(f"{w}: artifact {extra!r} unexpected (size {got_paths[extra].file_size})")
    j.checked += 1
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(exp_art):
            a = exp_art[path]
            aw = f"{w}: artifact {path!r}"
            if path not in got_paths:
                j.checked += 1
                j.fail(f"{aw} missing from list_artifacts")
                continue
            if "size" in a:
                j.eq(f"{aw} size", a["size"], got_paths[path].file_size)
            if "sha256" in a:
                local = client.download_artifacts(rid, path, tmp)
                j.eq(f"{aw} sha256", a["sha256"], sha256_file(local))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: check_scenario.py TRACKING_DIR EXPECTED_JSON", file=sys.stderr)
        print(json.dumps({"ok": False, "checked": 0, "failures": ["usage: check_scenario.py TRACKING_DIR EXPECTED_JSON"]}))
        return 2
    root = Path(argv[1]).resolve()
    j = Judge()
    try:
        expected = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "checked": 0, "failures": [f"cannot read expected JSON {argv[2]}: {e}"]}))
        return 2
    if not root.is_dir():
        print(json.dumps({"ok": False, "checked": 0, "failures": [f"tracking dir {root} does not exist"]}))
        return 1

    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=root.as_uri())
    check_experiments(j, client, root, expected)
    check_runs(j, client, root, expected)

    failures = j.failures
    if len(failures) > MAX_FAILURES:
        failures = failures[:MAX_FAILURES] + [f"... and {len(j.failures) - MAX_FAILURES} more failures"]
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(json.dumps({"ok": not j.failures, "checked": j.checked, "failures": failures}, ensure_ascii=False))
    return 0 if not j.failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
