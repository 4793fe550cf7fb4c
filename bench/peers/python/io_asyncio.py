"""asyncio + aiohttp: every request started at once with asyncio.gather, as the seeds do.

    python io_asyncio.py --base http://127.0.0.1:8787 --tasks 1000 --latency 50

aiohttp's connector keeps at most 100 connections open by default (--limit changes it; 0 means
no limit); that default is what a user of asyncio.gather gets. Distinct URLs, whole body read,
checksum = bytes received, as in io_threads.py. One ClientSession for all runs, so the timed runs
use warm connections like the browser's. Prints one JSON line.
"""

import argparse
import asyncio
import json
import sys
import time

import aiohttp


async def fetch(session: aiohttp.ClientSession, url: str) -> int:
    """GETs url and returns the body's size in bytes."""
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def main_async(args: argparse.Namespace) -> dict:
    runs_ms, checksums = [], set()
    connector = aiohttp.TCPConnector(limit=args.limit)
    async with aiohttp.ClientSession(connector=connector) as session:
        for run in range(args.warmup + args.repeats):
            urls = [
                f"{args.base}/api/delay?ms={args.latency}&bytes={args.bytes}&task={i}&run=py-a{run}"
                for i in range(args.tasks)
            ]
            started = time.perf_counter()
            sizes = await asyncio.gather(*(fetch(session, url) for url in urls))
            elapsed = (time.perf_counter() - started) * 1000
            checksums.add(sum(sizes))
            if run >= args.warmup:
                runs_ms.append(elapsed)
    if len(checksums) != 1:
        raise SystemExit(f"checksums differ between runs: {sorted(checksums)}")
    return {
        "client": f"aiohttp {aiohttp.__version__}",
        "limit": args.limit,
        "tasks": args.tasks,
        "latency": args.latency,
        "python": sys.version.split()[0],
        "runs_ms": runs_ms,
        "checksum": checksums.pop(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="origin of the playground's server")
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--latency", type=int, default=1000)
    parser.add_argument("--bytes", type=int, default=1024)
    parser.add_argument("--limit", type=int, default=100, help="aiohttp connector limit")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    print(json.dumps(asyncio.run(main_async(parser.parse_args()))))


if __name__ == "__main__":
    main()
