"""Print, as one JSON line, the code points MLflow accepts in a metric key: every c for which
mlflow.utils.validation._validate_metric_name("k" + chr(c)) raises nothing, as [start, end]
ranges, with the Unicode version of this Python.

    .venv/bin/python test/mlflow/py/key_code_points.py
"""
import json
import unicodedata

from mlflow.utils.validation import _validate_metric_name

ranges = []
for c in range(0x110000):
    try:
        _validate_metric_name("k" + chr(c))
    except Exception:
        continue
    if ranges and ranges[-1][1] == c - 1:
        ranges[-1][1] = c
    else:
        ranges.append([c, c])
print(json.dumps({"unicode": unicodedata.unidata_version, "ranges": ranges}))
