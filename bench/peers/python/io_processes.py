"""Seed 000's ProcessPoolExecutor for I/O: six endpoints that each answer after 1 s.

    python io_processes.py --base http://127.0.0.1:8787 --tasks 6 --latency 1000 --workers 6

Times the whole `with ProcessPoolExecutor(max_workers=workers)` block, as the seed did: starting
the processes, each GET (requests, as the seed; urllib without it) and shutting down. Each run
starts a fresh pool. Prints one JSON line.
"""

import argparse
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

try:
    import requests
except ImportError:
    requests = None
    import urllib.request


def fetch(url: str) -> int:
    """GETs url and returns the body's size in bytes."""
    if requests is None:
        with urllib.request.urlopen(url) as response:
            return len(response.read())
    response = requests.get(url)
    response.raise_for_status()
    return len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--latency", type=int, default=1000)
    parser.add_argument("--bytes", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--start-method", default="spawn",
                        help="spawn (macOS' and Windows' default, a fresh interpreter per process) or fork (Linux's)")
    args = parser.parse_args()
    context = multiprocessing.get_context(args.start_method)

    runs_ms, checksums = [], set()
    for run in range(args.repeats):
        urls = [
            f"{args.base}/api/delay?ms={args.latency}&bytes={args.bytes}&task={i}&run=py-p{run}"
            for i in range(args.tasks)
        ]
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers, mp_context=context) as ppe:
            futures = [ppe.submit(fetch, url) for url in urls]
            checksum = sum(f.result() for f in as_completed(futures))
        runs_ms.append((time.perf_counter() - started) * 1000)
        checksums.add(checksum)
    if len(checksums) != 1:
        raise SystemExit(f"checksums differ between runs: {sorted(checksums)}")
    print(json.dumps({
        "client": f"requests {requests.__version__}" if requests else "urllib",
        "python": sys.version.split()[0],
        "workers": args.workers,
        "start_method": args.start_method,
        "runs_ms": runs_ms,
        "checksum": checksums.pop(),
    }))


if __name__ == "__main__":
    main()
