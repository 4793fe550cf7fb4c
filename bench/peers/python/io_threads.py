"""The seeds' I/O approach: ThreadPoolExecutor(max_workers=k) fetching the playground's mock API.

    python io_threads.py --base http://127.0.0.1:8787 --tasks 6 --latency 1000 --workers 6

Each task GETs /api/delay with a distinct URL (as the playground does) and reads the whole body;
the checksum is the bytes received, the same number the playground's fetch strategies report.
Uses requests (what the seeds use) with one keep-alive Session per thread when it is installed,
else the standard library's urllib. Prints one JSON line.
"""

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import requests
except ImportError:  # the bench's venv has it; a bare interpreter falls back to urllib
    requests = None
    import urllib.request

_local = threading.local()


def fetch(url: str) -> int:
    """GETs url and returns the body's size in bytes."""
    if requests is None:
        with urllib.request.urlopen(url) as response:
            return len(response.read())
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    response = session.get(url)
    response.raise_for_status()
    return len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="origin of the playground's server")
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--latency", type=int, default=1000)
    parser.add_argument("--bytes", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=0, help="0: Python's own default")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()

    runs_ms, checksums = [], set()
    # 0 leaves max_workers to Python itself: its default is the thing the playground models.
    with ThreadPoolExecutor(max_workers=args.workers or None) as pool:
        workers = pool._max_workers
        for run in range(args.warmup + args.repeats):
            urls = [
                f"{args.base}/api/delay?ms={args.latency}&bytes={args.bytes}&task={i}&run=py-t{run}"
                for i in range(args.tasks)
            ]
            started = time.perf_counter()
            checksum = sum(pool.map(fetch, urls))
            elapsed = (time.perf_counter() - started) * 1000
            checksums.add(checksum)
            if run >= args.warmup:
                runs_ms.append(elapsed)
    if len(checksums) != 1:
        raise SystemExit(f"checksums differ between runs: {sorted(checksums)}")
    print(json.dumps({
        "client": f"requests {requests.__version__}" if requests else "urllib",
        "workers": workers,
        "tasks": args.tasks,
        "latency": args.latency,
        "python": sys.version.split()[0],
        "runs_ms": runs_ms,
        "checksum": checksums.pop(),
    }))


if __name__ == "__main__":
    main()
