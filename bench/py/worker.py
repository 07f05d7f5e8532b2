"""
The MLflow side of `npm run bench`: one workload, one fresh process, one JSON line on stdout.

    python bench/py/worker.py <workload> '<json args>'

Only the workload itself is timed (time.perf_counter around the calls); interpreter start-up
and `import mlflow` are not (W5 times whole processes separately). The data is exactly what
bench/node/worker.mjs logs through mlruns (see bench/lib/data.mjs for the shared formulas).
"""

import hashlib
import json
import sys
import time

T0 = 1_700_000_000_000  # fixed timestamps, so both sides write byte-identical metric files


def w1_value(i):
    return ((i * 7919) % 10007) / 13


def w2_param(r, j):
    return f"v{(r * 31 + j) % 17}"


def w2_metric(r, j):
    return ((r * 7919 + j * 104729) % 10007) / 10007


def w2_tag(r, j):
    return f"tag{(r + j) % 7}"


def ids_digest(ids):
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def main():
    workload = sys.argv[1]
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    import mlflow  # noqa: E402  (imported after argument parsing: not part of any timing)

    if "store" in args:
        mlflow.set_tracking_uri("file://" + args["store"])

    if workload == "w1":
        n, keys = args["n"], args["keys"]
        if args.get("async"):
            mlflow.config.enable_async_logging(True)
        mlflow.set_experiment(args.get("experiment", "w1"))
        run = mlflow.start_run()
        names = [f"k{k}" for k in range(keys)]
        log_metric = mlflow.log_metric
        t = time.perf_counter()
        for i in range(n):
            log_metric(names[i % keys], w1_value(i), step=i // keys, timestamp=T0 + i)
        t_logged = time.perf_counter()
        mlflow.end_run()  # set_terminated: shuts async logging down after writing the queue
        t_end = time.perf_counter()
        out = {
            "seconds": t_end - t,
            "logSeconds": t_logged - t,
            "runId": run.info.run_id,
            "experimentId": run.info.experiment_id,
        }

    elif workload == "w2":
        n = args["n"]
        mlflow.set_experiment(args.get("experiment", "w2"))
        t = time.perf_counter()
        for r in range(n):
            mlflow.start_run(run_name=f"run-{r}")
            mlflow.log_params({f"p{j}": w2_param(r, j) for j in range(20)})
            mlflow.log_metrics({f"m{j}": w2_metric(r, j) for j in range(10)}, step=0, timestamp=T0 + r)
            mlflow.set_tags({f"t{j}": w2_tag(r, j) for j in range(5)})
            mlflow.end_run()
        out = {"seconds": time.perf_counter() - t, "experimentId": mlflow.get_experiment_by_name(args.get("experiment", "w2")).experiment_id}

    elif workload == "w3":
        def search():
            return mlflow.search_runs(
                experiment_ids=[args["experimentId"]],
                filter_string=args["filter"],
                order_by=args["orderBy"],
                output_format="list",
            )

        t = time.perf_counter()
        runs = search()
        cold = time.perf_counter() - t
        warm = []
        for _ in range(args.get("warm", 0)):
            t = time.perf_counter()
            again = search()
            warm.append(time.perf_counter() - t)
            assert [r.info.run_id for r in again] == [r.info.run_id for r in runs]
        ids = [r.info.run_id for r in runs]
        out = {"seconds": cold, "warm": warm, "count": len(ids), "digest": ids_digest(ids), "head": ids[:3]}

    elif workload == "w4":
        from mlflow import MlflowClient

        if args.get("api") == "store":
            # FileStore.get_metric_history in one pass (max_results=None): what the client's
            # paging would cost if it asked for everything at once.
            from mlflow.tracking._tracking_service.utils import _get_store

            store = _get_store()
            t = time.perf_counter()
            history = list(store.get_metric_history(args["runId"], args["key"]))
        else:
            # The public API. With a file store it asks for pages of 25,000 points
            # (GET_METRIC_HISTORY_MAX_RESULTS), and each page re-reads and re-parses the whole file.
            client = MlflowClient()
            t = time.perf_counter()
            history = client.get_metric_history(args["runId"], args["key"])
        seconds = time.perf_counter() - t
        s_value = 0.0
        s_step = 0
        s_ts = 0
        for m in history:  # in logging order, as stored
            s_value += m.value
            s_step += m.step
            s_ts += m.timestamp - T0
        pick = lambda m: [m.timestamp, repr(m.value), m.step]  # noqa: E731
        out = {
            "seconds": seconds,
            "count": len(history),
            "sumValue": repr(s_value),
            "sumStep": s_step,
            "sumTimestamp": s_ts,
            "head": [pick(m) for m in history[:3]],
            "tail": [pick(m) for m in history[-3:]],
        }

    elif workload == "expect-w1":
        # The exact bytes each metric file of W1 must hold, as MLflow formats them.
        n, keys = args["n"], args["keys"]
        files = {f"k{k}": [] for k in range(keys)}
        for i in range(n):
            files[f"k{i % keys}"].append(f"{T0 + i} {w1_value(i)} {i // keys}\n")
        out = {
            "exact": {k: hashlib.sha256("".join(v).encode()).hexdigest() for k, v in files.items()},
            # MLflow's async logging writes a file's points out of logging order: same lines, other order.
            "sorted": {k: hashlib.sha256("".join(sorted(v)).encode()).hexdigest() for k, v in files.items()},
        }

    elif workload == "expect-w2":
        # Param values, metric lines and tag values of run r, as MLflow writes them.
        n = args["n"]
        runs = []
        for r in range(n):
            runs.append(
                {
                    "params": {f"p{j}": w2_param(r, j) for j in range(20)},
                    "metrics": {f"m{j}": f"{T0 + r} {w2_metric(r, j)} 0\n" for j in range(10)},
                    "tags": {f"t{j}": w2_tag(r, j) for j in range(5)},
                }
            )
        out = {"runs": runs}

    else:
        raise SystemExit(f"unknown workload {workload}")

    print(json.dumps(out))


if __name__ == "__main__":
    main()
