"""The seeds' CPU approach: a process pool running the playground's prime kernel.

    python cpu_pool.py --tasks 6 --work 200 --processes 2 --repeats 3 --warmup 1

Times `multiprocessing.Pool.map` and `concurrent.futures.ProcessPoolExecutor.map` over the same
tasks the playground's `cpu-rayon` runs (kernel.py is src/workload.rs in Python). Each pool is
created once and warmed up before timing, as the playground's rayon pool is, so the timed runs
measure the work and the dispatch, not process start-up (reported apart as startup_ms).
Prints one JSON line.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from kernel import prime_task


def timed_runs(map_fn, tasks: int, work: int, repeats: int, warmup: int) -> dict:
    """Runs map_fn over all tasks warmup + repeats times; returns the timed runs and checksum."""
    job = partial(_task, tasks=tasks, work=work)
    runs_ms, checksums = [], set()
    for i in range(warmup + repeats):
        started = time.perf_counter()
        checksum = sum(map_fn(job, range(tasks)))
        elapsed = (time.perf_counter() - started) * 1000
        checksums.add(checksum)
        if i >= warmup:
            runs_ms.append(elapsed)
    if len(checksums) != 1:
        raise SystemExit(f"checksums differ between runs: {sorted(checksums)}")
    return {"runs_ms": runs_ms, "checksum": checksums.pop()}


def _task(task: int, tasks: int, work: int) -> int:
    # Module level, so the pool can pickle it by name.
    return prime_task(task, tasks, work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--work", type=int, default=200, help="blocks of 1000 numbers per task")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--methods", default="pool,executor", help="comma-separated: sequential, pool, executor"
    )
    args = parser.parse_args()

    out = {
        "kernel": "primes",
        "tasks": args.tasks,
        "work": args.work,
        "processes": args.processes,
        "python": sys.version.split()[0],
        "start_method": multiprocessing.get_start_method(),
        "results": {},
    }
    for method in args.methods.split(","):
        if method == "sequential":
            # The plain loop, in this process: the seeds' baseline.
            result = timed_runs(
                lambda f, it: [f(t) for t in it], args.tasks, args.work, args.repeats, args.warmup
            )
        elif method == "pool":
            started = time.perf_counter()
            with multiprocessing.Pool(args.processes) as pool:
                pool.map(abs, range(args.processes))  # processes up before timing
                startup_ms = (time.perf_counter() - started) * 1000
                # chunksize=1: one task per dispatch, as rayon's work stealing and our JS pool do.
                result = timed_runs(
                    lambda f, it: pool.map(f, it, chunksize=1),
                    args.tasks, args.work, args.repeats, args.warmup,
                )
            result["startup_ms"] = startup_ms
        elif method == "executor":
            started = time.perf_counter()
            with ProcessPoolExecutor(max_workers=args.processes) as ex:
                list(ex.map(abs, range(args.processes)))
                startup_ms = (time.perf_counter() - started) * 1000
                result = timed_runs(ex.map, args.tasks, args.work, args.repeats, args.warmup)
            result["startup_ms"] = startup_ms
        else:
            raise SystemExit(f"unknown method {method!r}")
        out["results"][method] = result
    print(json.dumps(out))


if __name__ == "__main__":
    main()
