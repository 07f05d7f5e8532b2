"""Dump YAML documents as MLflow does, for byte comparisons with mlruns's emitter.

    .venv/bin/python test/mlflow/py/yaml_docs.py DOCS.json

DOCS.json is a list of JSON objects. For each, prints (as one JSON line, a list) what PyYAML
writes for it two ways: `yaml.safe_dump(doc, default_flow_style=False)` (Model.to_yaml, the
MLmodel file; allow_unicode off, pure-Python SafeDumper) and MLflow's write_yaml dumper
(CSafeDumper, allow_unicode=True, sort_keys=True: meta.yaml files).
"""
import json
import sys

import yaml

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper


def main(path):
    docs = json.load(open(path, encoding="utf-8"))
    out = []
    for doc in docs:
        out.append({
            "mlmodel": yaml.safe_dump(doc, default_flow_style=False),
            "meta": yaml.dump(doc, default_flow_style=False, allow_unicode=True, sort_keys=True, Dumper=Dumper),
        })
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
