"""Dump the meta.yaml corpus with MLflow's own YAML dumper.

Usage: python yaml_corpus.py OUT.json
Writes [{"input": {...}, "expected": "<yaml text>"}] so the unit suite can check
mlruns's emitter byte for byte without Python, and the MLflow suite can regenerate it live.
"""
import json
import sys

import yaml
from mlflow.utils.yaml_utils import YamlSafeDumper

STRINGS = [
    "Default", "0", "805198251377372301", "", "yes", "no", "No", "on", "OFF", "true", "null", "~", "Null",
    "1.5", "1e3", "1.0e+3", ".5", "0x1F", "0o17", "017", "12:30", "1:2:3", "2024-01-01", "2024-1-1 10:00:00",
    "<<", "=", "a: b", "a:b", "- x", "-", "-x", "#x", "a #b", "a#b", "&a", "*a", "!!python/object", "!tag",
    "%pct", "@at", "`tick", "|pipe", ">fold", "?", "? x", "[x]", "{x}", "a,b", "it's", "'q'", '"dq"',
    " lead", "trail ", "two  spaces", "tab\there", "line1\nline2", "a\n\nb", "\nlead", "trail\n",
    "a\u2028b", "\x07bell", "\x00nul", "\ufeffbom", "\x85nel", "\xa0nbsp",
    "Expérience 実験 🚀", "é" * 100, "x" * 100 + " " + "y" * 10, "word " * 30,
    "it's a long name with quotes ' and spaces " * 3,
    "ok\ttab and a very long line that goes on and on and on past eighty characters for sure yes",
    "file:///tmp/x y/0", "file:///work/main/mlruns/805198251377372301/128eafe70b2640e88580e663254349c3/artifacts",
    "---", "...", "--- x", "a: ", "x:", "lr=0.1 depth=3", "日本語の実験名", "Ünïcödé 🧪 run", "emoji🙂only",
]


def main(out):
    cases = []
    for s in STRINGS:
        cases.append({"input": {"name": s, "experiment_id": "0", "tags": []}})
    cases.append({"input": {"artifact_location": "file:///x", "creation_time": 1700000000000, "experiment_id": "1",
                            "last_update_time": 1700000000001, "lifecycle_stage": "deleted", "name": "n",
                            "tags": {"k": "v", "1": "yes", "a b": "c", "mlflow.note.content": "multi\nline"},
                            "trace_location": None, "workspace": "default"}})
    cases.append({"input": {"empty_tags": {}, "end_time": None, "status": 3}})
    for c in cases:
        c["expected"] = yaml.dump(c["input"], default_flow_style=False, allow_unicode=True, sort_keys=True,
                                  Dumper=YamlSafeDumper)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
    print(json.dumps({"cases": len(cases)}))


if __name__ == "__main__":
    main(sys.argv[1])
