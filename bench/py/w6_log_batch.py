# W6, MLflow's side: the same runs and points as mlruns syncs, sent by MLflow's Python client
# with log_batch (1,000 metrics a request, MLflow's limit) to the same server. Prints seconds.
import json, sys, time
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

uri, experiment, runs, points, metrics = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
client = MlflowClient(tracking_uri=uri)
t0 = time.perf_counter()
exp = client.create_experiment(experiment)
for r in range(runs):
    run = client.create_run(exp, start_time=1_700_000_000_000 + r, run_name=f"run-{r}")
    rid = run.info.run_id
    batch = []
    for k in range(metrics):
        for i in range(points):
            batch.append(Metric(f"m{k}", ((i * 7919) % 10007) / 13 + k, 1_700_000_000_000 + i, i))
            if len(batch) == 1000:
                client.log_batch(rid, metrics=batch)
                batch = []
    if batch:
        client.log_batch(rid, metrics=batch)
    client.set_terminated(rid, "FINISHED", end_time=1_700_000_100_000 + r)
print(json.dumps({"seconds": time.perf_counter() - t0}))
