"""A Python worker for the playground's task queue: one process, one task at a time.

    python queue_worker.py [--url http://127.0.0.1:8787] [--redis unix:///path/r.sock]

Speaks the protocol in docs/task-queue.md straight to Redis with redis-py: the same consumer
group per run, the same reaper and completion scripts (server/queue/claim.lua and complete.lua,
read from those files) as the server's bridge workers, and the page's four CPU kernels in Python
(kernel.py, the same checksums as the Rust ones). Its worker id is "python pid <pid> @ <host>".

The broker: --redis, else REDIS_URL, else whatever the playground at --url says (GET /api/queue,
answered to this machine only). Prints one JSON line when ready and one when it stops.
Ctrl-C or SIGTERM: finish the task in hand, then stop; a second one stops at once. A killed
worker's task stays pending until another worker's reaper claims it after the run's reclaimMs.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

# Importing redis-py takes a while on a busy machine: Ctrl+C before the worker is ready just exits.
signal.signal(signal.SIGINT, lambda *_: os._exit(130))
signal.signal(signal.SIGTERM, lambda *_: os._exit(143))

import redis  # noqa: E402

from kernel import run_kernel  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
PREFIX = "pg:q:"
GROUP = "workers"
RUNS_KEY = PREFIX + "runs"
CONTROL_CHANNEL = PREFIX + "control"
MAX_BLOCK_MS = 1000
# How often the reaper looks per reclaimMs, shared with the server's consumer (www/spec.json).
REAPS_PER_RECLAIM = json.loads((ROOT / "www/spec.json").read_text())["constants"]["reapsPerReclaim"]
DEFAULT_URL = "http://127.0.0.1:8787"


class Cancelled(Exception):
    """The run of the task in hand was cancelled."""


def reap_every(reclaim_ms: int) -> int:
    """The reaper's period in ms, as server/queue/consumer.mjs's reapEvery."""
    return max(20, reclaim_ms // REAPS_PER_RECLAIM)


def run_keys(run: str) -> dict:
    """The run's keys, as server/queue/broker.mjs names them."""
    return {name: f"{PREFIX}{{{run}}}:{name}" for name in ("tasks", "results", "meta", "delivered")}


def find_broker(url: str | None, redis_url: str | None) -> tuple[str, str]:
    """(Redis URL, mock API base to use instead of the run's own, or "") from --redis/REDIS_URL
    or the playground's /api/queue."""
    if redis_url:
        return redis_url, (url or "").rstrip("/")
    base = (url or DEFAULT_URL).rstrip("/")
    try:
        with urllib.request.urlopen(f"{base}/api/queue", timeout=5) as res:
            info = json.load(res)
    except OSError as err:
        raise SystemExit(f"queue_worker: cannot ask {base}/api/queue where the broker is ({err}); "
                         "start the playground (npm start) or pass --redis / REDIS_URL") from err
    if not info.get("redis"):
        why = info.get("error") or info.get("reason", "")
        raise SystemExit(f"queue_worker: the playground at {base} gives no broker: {why}")
    return info["redis"], base if url else ""


class Api:
    """The mock API over one kept-alive HTTP connection: a new connection per request costs this
    process a connect and the server an accept, which at 100 workers on 2 cores is most of a task's overhead."""

    def __init__(self):
        self.base = ""
        self.conn: http.client.HTTPConnection | None = None

    def get(self, api: str, path: str, timeout: float) -> bytes:
        if api != self.base or self.conn is None:
            self.close()
            url = urllib.parse.urlsplit(api)
            if url.scheme != "http":
                raise ValueError(f"the mock API must be http://, not {api}")
            self.base, self.conn = api, http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
        self.conn.timeout = timeout
        for attempt in (0, 1):
            try:
                self.conn.request("GET", path)
                res = self.conn.getresponse()
                body = res.read()
                if res.status != 200:
                    raise OSError(f"HTTP {res.status} from {api}{path}")
                return body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle connection between two tasks: once more on a new one.
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def run_cpu(d: dict) -> int:
    """One CPU task: the page's kernel, with the Rust kernel's checksum (kernel.py)."""
    return run_kernel(d["kernel"], d["task"], d["tasks"], d["work"])


def run_io(d: dict, api: str, client: Api) -> int:
    """One I/O task: a GET to the mock API with the task's latency; the body's size."""
    path = f"/api/delay?ms={int(d['latencyMs'])}&bytes={int(d['bytes'])}"
    return len(client.get(api, path, timeout=max(30, d["latencyMs"] / 1000 + 30)))


class Worker:
    """The loop of docs/task-queue.md: reap, read, run, complete."""

    def __init__(self, redis_url: str, api: str, name: str):
        self.id = name
        self.api = api
        self.r = redis.Redis.from_url(redis_url, decode_responses=True, protocol=2)
        self.claim = self.r.register_script((ROOT / "server/queue/claim.lua").read_text())
        self.complete = self.r.register_script((ROOT / "server/queue/complete.lua").read_text())
        self.touch = self.r.register_script((ROOT / "server/queue/touch.lua").read_text())
        self.holding: tuple[str, str, int] | None = None  # run, entry id, reclaimMs
        self.metas: dict[str, dict] = {}
        self.last_claim: dict[str, float] = {}
        self.wake = threading.Event()
        self.beat = threading.Condition()
        self.http = Api()
        self.stopping = False
        self.current_run: str | None = None
        self.cancelled: set[str] = set()
        self.done = {"ok": 0, "failed": 0, "dropped": 0, "gone": 0}

    def watch_control(self) -> None:
        """Follows the control channel: a new run wakes the loop, a cancel stops the task in hand."""
        pubsub = self.r.pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(CONTROL_CHANNEL)
            self.follow(pubsub)
        except redis.ConnectionError:
            pass  # the broker is gone: the main loop says so and stops

    def follow(self, pubsub) -> None:
        for message in pubsub.listen():
            kind, _, run = str(message.get("data", "")).partition(" ")
            if kind == "cancel":
                self.cancelled.add(run)
            if kind == "cancel" and run == self.current_run:
                # Interrupts the kernel between two bytecodes (a signal handler raises Cancelled).
                signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)
            self.wake.set()

    def heartbeat(self) -> None:
        """Touches the entry in hand every reclaimMs / 4, so a long task is not taken from a
        live worker; a stopped or killed process stops touching and the reaper takes over.
        Sleeps while no task is held (a hundred idle workers polling would take a core)."""
        while True:
            with self.beat:
                while self.holding is None:
                    self.beat.wait()
                holding = self.holding
                self.beat.wait(holding[2] / 4000)
                if self.holding is not holding:
                    continue  # that task is done (or another one is held): start its own interval
            run, entry_id, _ = holding
            try:
                keys = run_keys(run)
                self.touch(keys=[keys["tasks"], keys["delivered"]], args=[GROUP, self.id, entry_id])
            except redis.RedisError:
                pass  # the next beat tries again; the reaper decides if none gets through

    def hold(self, holding: tuple[str, str, int] | None) -> None:
        with self.beat:
            self.holding = holding
            self.beat.notify()

    def on_cancel_signal(self, _sig, _frame) -> None:
        if self.current_run is not None and self.current_run in self.cancelled:
            raise Cancelled()

    def live_runs(self) -> list[str]:
        return sorted(self.metas)

    def refresh(self) -> list[str]:
        """The runs to take from now, with their settings (reclaimMs, maxDeliveries, api)."""
        runs = self.r.smembers(RUNS_KEY)
        for run in list(self.metas):
            if run not in runs:
                del self.metas[run]
                self.last_claim.pop(run, None)
        for run in runs:
            if run not in self.metas:
                meta = self.r.hgetall(run_keys(run)["meta"])
                if meta.get("tasks"):
                    self.metas[run] = {k: meta[k] for k in ("reclaimMs", "maxDeliveries", "api")}
                    # Nothing of a run is stale before reclaimMs: the first reap waits a quarter of it.
                    self.last_claim.setdefault(run, time.monotonic())
        return self.live_runs()

    def take(self) -> tuple[str, str, dict, int] | None:
        """One task: a stale one this worker reclaims, else a new one; None after a quiet wait."""
        runs = self.refresh()
        if not runs:
            self.wake.wait(MAX_BLOCK_MS / 1000)
            self.wake.clear()
            return None
        for run in runs:
            meta = self.metas[run]
            if time.monotonic() - self.last_claim.get(run, 0) < reap_every(int(meta["reclaimMs"])) / 1000:
                continue
            self.last_claim[run] = time.monotonic()
            keys = run_keys(run)
            got = self.claim(keys=[keys["tasks"], keys["results"], keys["delivered"]],
                             args=[GROUP, self.id, meta["reclaimMs"], 1, meta["maxDeliveries"]])
            if got:
                entry_id, fields, delivery = got[0]
                return run, entry_id, dict(zip(fields[::2], fields[1::2])), int(delivery)
        block = min(MAX_BLOCK_MS, reap_every(min(int(self.metas[r]["reclaimMs"]) for r in runs)))
        streams = {run_keys(run)["tasks"]: ">" for run in runs}
        reply = self.r.xreadgroup(GROUP, self.id, streams, count=1, block=block)
        for stream, entries in reply or []:
            for entry_id, fields in entries:
                run = stream[len(PREFIX) + 1:].split("}")[0]
                return run, entry_id, fields, 1
        return None

    def run_task(self, run: str, entry_id: str, fields: dict) -> None:
        """Runs one delivery and completes it through complete.lua (unless its run was cancelled)."""
        descriptor = json.loads(fields["d"])
        meta = self.metas.get(run, {})
        api = self.api or meta.get("api", "")
        self.hold((run, entry_id, int(meta.get("reclaimMs", 5000))))
        started = time.perf_counter()
        value, error = "", ""
        self.current_run = run
        try:
            result = run_cpu(descriptor) if descriptor["kind"] == "cpu" else run_io(descriptor, api, self.http)
            value = str(result)
        except Cancelled:
            self.current_run = None
            return
        except Exception as err:  # a failed task is reported as failed, never retried
            error = f"{type(err).__name__}: {err}"[:1000]
        finally:
            self.current_run = None
            self.hold(None)
        run_ms = (time.perf_counter() - started) * 1000
        keys = run_keys(run)
        status = "failed" if error else "ok"
        code = self.complete(keys=[keys["tasks"], keys["results"], keys["delivered"]],
                             args=[GROUP, entry_id, self.id, status, value, error, 0, f"{run_ms:.3f}"])
        outcome = {1: status, 0: "dropped"}.get(int(code), "gone")
        self.done[outcome] += 1

    def step(self) -> None:
        got = self.take()
        if got and got[0] not in self.cancelled:
            self.run_task(got[0], got[1], got[2])

    def loop(self) -> None:
        failed_last = False
        while not self.stopping:
            try:
                self.step()
                failed_last = False
            except Cancelled:
                pass  # the signal came just after the task's own handler was left
            except redis.ResponseError:
                # A run removed while this worker waited on it (Redis unblocks the read with an
                # error) or between listing and reading (NOGROUP): look again at once, as the
                # next run is likely there already; pause only if looking again fails too.
                self.metas.clear()
                if failed_last:
                    time.sleep(0.1)
                failed_last = True
            except redis.ConnectionError as err:
                raise SystemExit(f"queue_worker: lost the broker ({err})") from err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help=f"the playground server (default {DEFAULT_URL}); its mock API serves I/O tasks")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL"), help="the broker, overriding --url")
    parser.add_argument("--name", default=f"python pid {os.getpid()} @ {socket.gethostname()}")
    args = parser.parse_args()
    redis_url, api = find_broker(args.url, args.redis)
    worker = Worker(redis_url, api, args.name)
    signal.signal(signal.SIGUSR1, worker.on_cancel_signal)

    def stop(_sig, _frame):
        if worker.stopping:
            raise SystemExit(130)
        worker.stopping = True
        worker.wake.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=worker.watch_control, daemon=True).start()
    threading.Thread(target=worker.heartbeat, daemon=True).start()
    print(json.dumps({"ready": worker.id, "pid": os.getpid()}), flush=True)
    worker.loop()
    print(json.dumps({"stopped": worker.id, **worker.done}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
