"""CPU-bound work on ThreadPoolExecutor in CPython: the GIL lets one thread compute at a time.

    python cpu_threads.py --tasks 6 --work 100 --workers 2 --repeats 3

Times the playground's prime kernel (kernel.py, the same tasks and checksum as
src/workload.rs) run sequentially and on ThreadPoolExecutor(max_workers=workers), round by
round, and prints one JSON line with both series: the speedup of threads over the loop is what
the bench compares with cpu-threads-gil's.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from kernel import prime_task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--work", type=int, default=100, help="thousands of numbers per task")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    def task(i: int) -> int:
        return prime_task(i, args.tasks, args.work)

    sequential_ms, threads_ms, checksums = [], [], set()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(lambda i: i, range(args.workers)))  # threads started before timing
        for _ in range(args.repeats):
            started = time.perf_counter()
            checksums.add(sum(task(i) for i in range(args.tasks)))
            sequential_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            checksums.add(sum(pool.map(task, range(args.tasks))))
            threads_ms.append((time.perf_counter() - started) * 1000)
    if len(checksums) != 1:
        raise SystemExit(f"checksums differ: {sorted(checksums)}")
    print(json.dumps({
        "python": sys.version.split()[0],
        "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
        "workers": args.workers,
        "sequential_ms": sequential_ms,
        "threads_ms": threads_ms,
        "checksum": checksums.pop(),
    }))


if __name__ == "__main__":
    main()
