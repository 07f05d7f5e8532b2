"""MLflow's own verdict on hostile names, keys, ids and paths.

    .venv/bin/python test/mlflow/py/hostile_verdicts.py fixtures/hostile-verdicts.json

For every input and every place it can go, runs the validator MLflow 3.17 applies there
(mlflow/utils/validation.py, mlflow/utils/uri.py) and records "ok" or "error". The unit suite
checks mlruns against this table; the MLflow suite regenerates it to prove it is current.
"""
import json
import sys

from mlflow.exceptions import MlflowException
from mlflow.utils import validation as v
from mlflow.utils.uri import validate_path_is_safe

STRINGS = [
    # path traversal and escapes
    "../x", "../../x", "a/../../x", "a/../b", "..", ".", "./x", "x/.", "/abs", "/etc/passwd", "//x", "a//b", "a/./b",
    "a/", "/", "\\\\server\\share", "a\\b", "..\\x", "C:\\x", "C:/x", "c:", "%2e%2e/x", "%2e%2e%2fx", "..%2fx",
    "%252e%252e/x", "%2F", "a%00b", "a\x00b", "\x00", "\uff0e\uff0e/x", "\u2025/x", "a/\u2025/b", "\u2024\u2024/x",
    "..\u2215x", "a\u2044b",
    # control characters and invisible ones
    "a\nb", "a\tb", "a\rb", "\x1b[31mred", "a\x7fb", "\u202eevil", "zero\u200bwidth", "e\u0301",
    # overlong and empty
    "k" * 250, "k" * 251, "", " ", "  lead", "trail  ",
    # YAML-special, shell-special and look-alike strings
    "yes", "no", "null", "~", ": x", "- x", "#", "#x", "&a", "*a", "!!python/object:os.system", "'", '"', "{}", "[]",
    "%", "@", "`", "true", "0", "-1", "1e3", "0x10", "nan", "inf",
    # names of JavaScript's object prototype (a record keyed by them must use own properties)
    "__proto__", "constructor", "hasOwnProperty", "toString",
    # plausible real keys
    "lr", "model/depth", "val acc:top1", "loss.train", "x-y_z", "métrique", "日本", "🚀", "a b c", "a:b/c.d-e_f",
]

KINDS = {
    "paramKey": lambda s: (v._validate_param_name(s), v._validate_length_limit("Param key", v.MAX_ENTITY_KEY_LENGTH, s)),
    "metricKey": lambda s: (v._validate_metric_name(s), v._validate_length_limit("Metric name", v.MAX_ENTITY_KEY_LENGTH, s)),
    "tagKey": lambda s: (v._validate_tag_name(s), v._validate_length_limit("key", v.MAX_ENTITY_KEY_LENGTH, s)),
    "experimentName": v._validate_experiment_name,
    "runId": v._validate_run_id,
    "experimentId": v._validate_experiment_id,
    "artifactPath": validate_path_is_safe,
}


def verdict(fn, s):
    try:
        fn(s)
        return "ok"
    except MlflowException:
        return "error"


def main(out):
    table = {kind: {s: verdict(fn, s) for s in STRINGS} for kind, fn in KINDS.items()}
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"inputs": STRINGS, "verdicts": table}, f, ensure_ascii=False, indent=1)
    print(json.dumps({"inputs": len(STRINGS), "cases": len(STRINGS) * len(KINDS)}))


if __name__ == "__main__":
    main(sys.argv[1])
