"""Ask real MLflow for the Dataset entity of each table in a corpus, as one JSON file.

    .venv/bin/python test/mlflow/py/dataset_digests.py OUT.json

Each case is a table (records, or CSV text) and what `mlflow.data.from_pandas` stores for it:
name, digest, source type, source, schema and profile. The unit suite
(test/unit/data/datasets-digest.test.ts) checks mlruns against the committed copy
(fixtures/dataset-digests.json); test/mlflow/datasets.test.ts checks that copy is current.

Values JSON cannot carry are written as {"$": "nan"}, {"$": "inf"}, {"$": "-inf"}, {"$": "-0"};
a key missing from a record is simply absent. Numbers that are integral in JSON are Python
ints, the others floats: the corpus never holds an integral float, which JavaScript could not
tell from an int.
"""
import io
import json
import math
import os
import random
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow.data.http_dataset_source import HTTPDatasetSource  # noqa: E402
from mlflow.data.meta_dataset import MetaDataset  # noqa: E402
from mlflow.types import ColSpec, DataType, Schema  # noqa: E402


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return {"$": "nan"}
        if math.isinf(v):
            return {"$": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1.0, v) < 0:
            return {"$": "-0"}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


def entity(df, **kw):
    e = mlflow.data.from_pandas(df, **kw)._to_mlflow_entity()
    return {
        "name": e.name, "digest": e.digest, "sourceType": e.source_type, "source": e.source,
        "schema": e.schema, "profile": e.profile,
    }


def rand_float(rng):
    r = rng.random()
    if r < 0.05:
        return rng.choice([float("nan"), float("inf"), float("-inf"), -0.0])
    if r < 0.1:
        return rng.choice([5e-324, 1e308, 1e-4, 1e16, 0.1, 1 / 3])
    v = (rng.random() - 0.5) * 10 ** rng.randint(-8, 12)
    return v if v != int(v) else v + 0.5


STRINGS = ["", "a", "hello world", "ünïcødé", "☃", "日本語テキスト", "😀 emoji", "exactly8", "seventeen chars!!", "x" * 100, "quote\"s", "new\nline"]


def rand_value(rng, kind):
    if kind == "int":
        return rng.choice([0, 1, -1, rng.randint(-1000, 1000), rng.randint(-2**53, 2**53)])
    if kind == "float":
        return rand_float(rng)
    if kind == "str":
        return rng.choice(STRINGS + [f"s{rng.randint(0, 50)}"])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [rng.randint(0, 9) for _ in range(rng.randint(1, 3))]
    if kind == "dict":
        d = {"x": rng.randint(0, 9)}
        if rng.random() < 0.5:
            d["y"] = rng.choice(STRINGS)
        return d
    raise ValueError(kind)


def random_records(rng, n_rows, n_cols):
    names = [rng.choice(["a", "b", "c", "col", "Zeta", "é", "2x", "_", "long column name"]) + str(i) for i in range(n_cols)]
    rng.shuffle(names)
    kinds = {n: rng.choice(["int", "int", "float", "float", "str", "str", "bool", "list", "dict", "mixed"]) for n in names}
    missing = {n: rng.random() < 0.3 for n in names}
    rows = []
    for _ in range(n_rows):
        row = {}
        for n in names:
            if missing[n] and rng.random() < 0.2:
                choice = rng.random()
                if choice < 0.4:
                    continue  # key absent
                row[n] = None if choice < 0.8 else float("nan")
                continue
            kind = kinds[n]
            if kind == "mixed":
                kind = rng.choice(["int", "str"])
            row[n] = rand_value(rng, kind)
        rows.append(row)
    return rows


CSV_CASES = {
    "basic": "a,b,c\n1,2.5,x\n3,4.5,y\n",
    "crlf": "a,b\r\n1,x\r\n2,y\r\n",
    "quoted": 'name,text\n1,"hello, world"\n2,"she said ""hi"""\n3,"multi\nline"\n',
    "na_tokens": "a,b,c,d\n1,NA,x,True\n,2.5,NULL,False\nnan,N/A,z,true\n",
    "ints_with_na": "a,b\n1,\n2,3\n",
    "bools": "flag,other\nTrue,False\nfalse,TRUE\n",
    "bools_na": "flag\nTrue\n\nFalse\nNA\n",
    "floats": "x\n1e5\n-2.5E-3\n.5\n5.\n+3\ninf\n-inf\n",
    "mixed": "m\n1\nx\n2.5\n",
    "blank_lines": "a,b\n\n1,2\n\n3,4\n\n",
    "unnamed": "a,,c\n1,2,3\n",
    "dupes": "a,a,b,a\n1,2,3,4\n",
    "short_rows": "a,b,c\n1,2\n3,4,5\n",
    "unicode": "名前,値\n日本,1\nü,2\n",
    "bom": "\ufeffa,b\n1,2\n",
    "no_trailing_newline": "a,b\n1,2\n3,4",
    "header_only": "a,b,c\n",
    "all_na_col": "a,b\n1,\n2,\n",
    "big_ints": "a\n9007199254740993\n-9223372036854775808\n",
    "decimal_ints": "a\n1.0\n2.0\n",
    "strings_numbers": "zip\n01234\n98765\n",
}


def main(out_path):
    rng = random.Random(20250131)
    cases = []
    fixed = {
        "ints": [{"a": 1}, {"a": 2}, {"a": 3}],
        "int_none": [{"a": 1}, {"a": None}],
        "int_missing": [{"a": 1}, {}],
        "float_nan": [{"a": 1.5}, {"a": float("nan")}],
        "neg_zero": [{"a": -0.0}, {"a": 0.5}],
        "str_none": [{"s": "x"}, {"s": None}],
        "bool": [{"b": True}, {"b": False}],
        "bool_none": [{"b": True}, {"b": None}],
        "mixed": [{"m": 1}, {"m": "x"}],
        "all_none": [{"n": None}, {"n": None}],
        "list": [{"l": [1, 2]}, {"l": [3]}],
        "list_mixed_len": [{"l": [1, 2]}, {"l": []}, {"l": None}],
        "dict": [{"d": {"x": 1}}, {"d": {"x": 2}}],
        "dict_merge": [{"d": {"x": 1, "y": "a"}}, {"d": {"x": 2}}, {"d": {"z": True}}],
        "unicode": [{"é": "ü"}, {"é": "☃"}],
        "empty": [],
        "order": [{"b": 1, "a": "x", "c": 2.5}],
        "only_strings": [{"z": "1", "y": "2"}],
        "only_numbers": [{"z": 1, "y": 2.5}],
        "strings_and_numbers": [{"z": "1", "y": 2.5, "x": 3, "w": "q"}],
        "iris_like": [
            {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2, "species": "setosa"},
            {"sepal_length": 7.5, "sepal_width": 3.1, "petal_length": 4.7, "petal_width": 1.5, "species": "versicolor"},
            {"sepal_length": 6.3, "sepal_width": 3.3, "petal_length": 6.5, "petal_width": 2.5, "species": "virginica"},
        ],
    }
    for name, records in fixed.items():
        cases.append({"id": f"records/{name}", "records": enc(records)})
    # 10,050 rows: more than digest_utils.MAX_ROWS hashes. Both sides generate them.
    cases.append({"id": "records/many_rows", "generated": "many_rows"})
    for i in range(60):
        records = random_records(rng, rng.randint(0, 40), rng.randint(1, 6))
        cases.append({"id": f"records/random-{i}", "records": enc(records)})

    for case in cases:
        df = pd.DataFrame(many_rows() if case.get("generated") else decode(case["records"]))
        case["expected"] = entity(df, source="/data/train.csv", name="train")

    for name, text in CSV_CASES.items():
        df = pd.read_csv(io.StringIO(text))
        cases.append({
            "id": f"csv/{name}", "csv": text, "dtypes": {str(k): str(v) for k, v in df.dtypes.items()},
            "expected": entity(df, source="data.csv", name="csv"),
        })

    sources = {}
    for src in ["/tmp/data.csv", "data.csv", "file:///tmp/x.csv", "s3://b/k.csv", "https://x.org/y.csv",
                "http://x.org/ü.csv", "gs://b/x", "./rel/x.csv", "hdfs://nn/x", "abfss://c@a.dfs.core.windows.net/x"]:
        e = mlflow.data.from_pandas(pd.DataFrame({"a": [1]}), source=src)._to_mlflow_entity()
        sources[src] = {"sourceType": e.source_type, "source": e.source}

    metas = []
    for name, url, schema in [
        ("m", "https://x.org/y.csv", None),
        ("imdb", "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
         [{"type": "string", "name": "text", "required": True}, {"type": "integer", "name": "label", "required": True}]),
    ]:
        sch = Schema([ColSpec(type=DataType[c["type"]], name=c["name"], required=c["required"]) for c in schema]) if schema else None
        e = MetaDataset(HTTPDatasetSource(url), name=name, schema=sch)._to_mlflow_entity()
        metas.append({"name": name, "url": url, "schema": schema, "expected": {
            "name": e.name, "digest": e.digest, "sourceType": e.source_type, "source": e.source,
            "schema": e.schema, "profile": e.profile}})

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"mlflow": mlflow.__version__, "pandas": pd.__version__, "cases": cases, "sources": sources, "metaDatasets": metas},
                  f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(json.dumps({"cases": len(cases)}))


def many_rows():
    return [{"i": i, "f": i + 0.25, "s": f"row{i % 7}"} for i in range(10_050)]


def decode(v):
    if isinstance(v, dict):
        if set(v.keys()) == {"$"}:
            return {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "-0": -0.0}[v["$"]]
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


if __name__ == "__main__":
    main(sys.argv[1])
