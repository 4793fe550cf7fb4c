"""The seeds' task queue as a person would write it: Celery 5.7 with Redis as broker and backend.

    CELERY_REDIS=redis+socket:///tmp/.../r.sock celery -A celery_app worker -c 2 -P prefork
    python celery_app.py --tasks 10000 --kernel squares   # .delay() each, then .get() each

The same tasks as the playground's queue: the bench's prime kernel (kernel.py, imported) and
squares. acks_late with a prefetch of 1 is the setting that gives Celery the queue's guarantee
(a task is acknowledged after it ran, so a killed worker's task is delivered again) and the
fairest comparison (one task per worker process at a time, like queue_worker.py). Celery's Redis
visibility timeout is an hour by default; it is lowered to the playground's default reclaimMs.
Prints one JSON line.
"""

import argparse
import json
import os
import sys
import time

from celery import Celery

from kernel import prime_task

BROKER = os.environ.get("CELERY_REDIS", "redis://127.0.0.1:6379/0")

app = Celery("celery_app", broker=BROKER, backend=BROKER)
app.conf.update(
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    broker_transport_options={"visibility_timeout": 5},
    result_expires=60,
    worker_hijack_root_logger=False,
)


@app.task
def primes(task: int, tasks: int, work: int) -> int:
    """One CPU task of the playground's prime kernel."""
    return prime_task(task, tasks, work)


@app.task
def squares(task: int) -> int:
    """Almost no work: what is measured is the queue."""
    return (task + 1) ** 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--kernel", choices=["squares", "primes"], default="squares")
    parser.add_argument("--work", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.kernel == "squares":
        pending = [squares.delay(i) for i in range(args.tasks)]
    else:
        pending = [primes.delay(i, args.tasks, args.work) for i in range(args.tasks)]
    queued = time.perf_counter()
    values = [p.get(timeout=600) for p in pending]
    done = time.perf_counter()
    if args.kernel == "squares" and values != [(i + 1) ** 2 for i in range(args.tasks)]:
        raise SystemExit("celery_app: wrong results")
    print(json.dumps({
        "tasks": args.tasks,
        "enqueue_ms": (queued - started) * 1000,
        "total_ms": (done - started) * 1000,
        "ms_per_task": (done - started) * 1000 / args.tasks,
        "checksum": sum(values),
    }))


if __name__ == "__main__":
    sys.exit(main())
