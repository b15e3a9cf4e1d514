"""Benchmark: authenticated API figure requests at a fixed rate on gunicorn, on the demo (issue 26).

Builds the demo in a temporary data folder (SQLite, or PostgreSQL with `--engine postgresql`),
makes organisation tokens with the scope figures:read (enough of them that none passes the rate
limit of API_RATE_LIMIT_PER_MINUTE calls a minute), starts gunicorn on loopback and sends
`GET /api/v1/o/voorbeeldstad/baseline/?year=2025` at a fixed rate (200 a second by default) for a
fixed time, each request with the next token in turn. The requests are sent on a schedule (an
open loop: the next one leaves on time whether or not the last has come back, up to
`--connections` at once), so a slow server shows as latency and a lower achieved rate, not as a
client that politely asks less.

The baseline, in the same run and at the same rate: `GET /health/` (a view that runs one
`SELECT 1` through the same middleware), so the difference is what the API itself costs: the
token, the rate limit's count, the figures, the ETag and the JSON.

Prints per target: requests, achieved rate, errors (any answer but 200, or none), requests that
left late (more than 50 ms after their time, because every connection was waiting), p50, p95 and
p99 of the response time from sending to the last byte (`percentiles.py`), the web workers' CPU
per request, the cores the load client itself used and how busy the whole machine was (cores; on
this 2-core machine 2.00 means full, so a busy machine shows before the figures mislead). Exits
non-zero if any request failed, never on timing.

Usage: .venv/bin/python benchmarks/api_load.py [--rate 200] [--duration 20] [--warmup 3]
       [--workers 3] [--engine sqlite|postgresql] [--keep DIR]
Demo size: DEMO_LEDGER_LINES (default 200,000 lines a year; the figures are kept per data
version, so the size hardly changes the API's cost). PostgreSQL: BENCH_POSTGRES_URL, as
`load.py`.

Target (issue 26): 200 authenticated figure requests a second without errors."""

import argparse
import asyncio
import http.client
import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # noqa: E402
    ROOT,
    Servers,
    cpu_seconds,
    drop_database,
    fetch,
    free_port,
    fresh_database,
    get,
    machine_busy,
    prepare_data,
    production_env,
)
from percentiles import percentile  # noqa: E402

ORG = "voorbeeldstad"
YEAR = 2025  # impactinkoop.spend.demo.DEMO_YEAR, the demo's baseline year
API_PATH = f"/api/v1/o/{ORG}/baseline/?year={YEAR}"
BASELINE_PATH = "/health/"
REQUEST_TIMEOUT = 30.0
RATE_LIMIT = 600  # settings.API_RATE_LIMIT_PER_MINUTE's default

# Run inside the benchmark's environment: organisation tokens of the demo organisation with the
# scope figures:read, made through the service as the API tokens page makes them.
MAKE_TOKENS = """
import json, sys
import django
django.setup()
from impactinkoop.accounts.models import Organisation
from impactinkoop.api.models import ApiToken
from impactinkoop.api.scopes import Scope
from impactinkoop.api.services import create_token
organisation = Organisation.objects.get(slug=sys.argv[1])
admin = organisation.memberships.get(role="admin").user
secrets = []
for number in range(int(sys.argv[2])):
    _token, secret = create_token(
        kind=ApiToken.Kind.ORGANISATION, organisation=organisation,
        name=f"api_load {number + 1}", scopes=[Scope.READ_FIGURES], days=1, actor=admin,
    )
    secrets.append(secret)
print(json.dumps(secrets))
"""


class Gunicorn(Servers):
    """gunicorn alone (the API's figures need no task worker), `workers` sync workers."""

    def __init__(self, env: dict, port: int, log_dir: Path, workers: int):
        super().__init__(env, port, log_dir, worker_nice=0)
        self.workers = workers

    def __enter__(self) -> "Gunicorn":
        self._start(
            "gunicorn",
            [str(Path(sys.executable).parent / "gunicorn"), "impactinkoop.wsgi"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)],
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, BASELINE_PATH)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer; see {self.log_dir}")


def tokens_needed(rate: float, limit: int) -> int:
    """Enough tokens that, taken in turn, none makes more than half its limit in a minute (the
    limit counts per calendar minute, and a run may straddle one)."""
    return max(1, math.ceil(rate * 60 / (limit / 2)))


def make_tokens(env: dict, count: int) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", MAKE_TOKENS, ORG, str(count)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def raw_request(port: int, path: str, token: str | None) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        "Accept: application/json\r\n"
        + (f"Authorization: Bearer {token}\r\n" if token else "")
        + "\r\n"
    ).encode()


async def send_at_rate(port, path, tokens, rate, seconds, connections) -> dict:
    """Requests on a fixed schedule for `seconds`; their latencies and failures."""
    requests = [raw_request(port, path, token) for token in tokens or [None]]
    latencies: list[float] = []
    failures: list[str] = []
    late = 0
    open_slots = asyncio.Semaphore(connections)

    async def one(raw: bytes) -> None:
        began = time.monotonic()
        try:
            problem = await asyncio.wait_for(fetch(port, raw), REQUEST_TIMEOUT)
        except (TimeoutError, OSError) as error:
            problem = repr(error)
        finally:
            open_slots.release()
        latencies.append(time.monotonic() - began)
        if problem:
            failures.append(problem)

    count = int(rate * seconds)
    started = time.monotonic()
    tasks = []
    for number in range(count):
        due = started + number / rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        await open_slots.acquire()  # all connections busy: this one leaves late
        if time.monotonic() - due > 0.05:
            late += 1
        tasks.append(asyncio.create_task(one(requests[number % len(requests)])))
    await asyncio.gather(*tasks)
    return {
        "seconds": time.monotonic() - started,
        "latencies": latencies,
        "failures": failures,
        "late": late,
    }


def measure(servers, path, tokens, options) -> dict:
    """A warm-up at the rate, then the measured run, with the CPU the workers and machine used."""
    asyncio.run(send_at_rate(servers.port, path, tokens, options.rate, options.warmup, 64))
    workers = servers.web_workers()
    web_before = sum(cpu_seconds(pid) for pid in workers)
    busy_before = machine_busy()
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    result = asyncio.run(
        send_at_rate(
            servers.port, path, tokens, options.rate, options.duration, options.connections
        )
    )
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    result["web_cpu"] = sum(cpu_seconds(pid) for pid in workers) - web_before
    result["busy"] = machine_busy() - busy_before
    result["client_cpu"] = (client_after.ru_utime - client_before.ru_utime) + (
        client_after.ru_stime - client_before.ru_stime
    )
    return result


HEADER = (
    f"  {'target':<38} {'requests':>8} {'rate/s':>7} {'errors':>6} {'late':>5} "
    f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'web CPU ms/req':>14} {'client cores':>12} "
    f"{'cores busy':>10}"
)


def print_result(name: str, result: dict) -> None:
    latencies = result["latencies"]
    count = len(latencies)
    p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
    print(
        f"  {name:<38} {count:>8,} {count / result['seconds']:>7.1f} "
        f"{len(result['failures']):>6} {result['late']:>5} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} "
        f"{result['web_cpu'] / max(count, 1) * 1000:>14.2f} "
        f"{result['client_cpu'] / result['seconds']:>12.2f} "
        f"{result['busy'] / result['seconds']:>10.2f}"
    )
    for failure in sorted(set(result["failures"]))[:5]:
        print(f"    {result['failures'].count(failure)} x {failure}")


def check_answer(port: int, token: str) -> None:
    """The figures must be real ones: the demo's baseline year has spend."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    connection.request("GET", API_PATH, headers={"Authorization": f"Bearer {token}"})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    if answer.status != 200 or json.loads(body)["total_spend"] in ("0", "0.00"):
        raise SystemExit(f"{API_PATH} answered {answer.status}: {body[:300]!r}")
    print(f"  {API_PATH}: total spend {json.loads(body)['total_spend']} euros")


def run(options) -> int:
    with tempfile.TemporaryDirectory(prefix="impactinkoop-api-load-") as tmp:
        data_dir = options.keep or Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        url = fresh_database(options.engine, data_dir, reuse=bool(options.keep))
        try:
            env = production_env(url, data_dir)
            limit = int(env.get("API_RATE_LIMIT_PER_MINUTE") or RATE_LIMIT)
            if not (options.keep and (data_dir / "ready").exists()):
                prepare_data(env)
                (data_dir / "ready").touch()
            count = options.tokens or tokens_needed(options.rate, limit)
            tokens = make_tokens(env, count)
            print(f"  {count} tokens with figures:read (limit {limit} calls a minute each)")
            with Gunicorn(env, free_port(), data_dir, options.workers) as servers:
                check_answer(servers.port, tokens[0])
                print(HEADER)
                errors = 0
                # Baseline first, then the API, then the baseline again: a machine that got
                # busier or quieter during the run shows as two different baselines.
                for name, path, with_tokens in (
                    (f"baseline GET {BASELINE_PATH}", BASELINE_PATH, False),
                    ("API GET .../baseline/?year=" + str(YEAR), API_PATH, True),
                    (f"baseline again GET {BASELINE_PATH}", BASELINE_PATH, False),
                ):
                    result = measure(servers, path, tokens if with_tokens else None, options)
                    print_result(name, result)
                    errors += len(result["failures"])
                log = (data_dir / "gunicorn.log").read_text(errors="replace")
                if "WORKER TIMEOUT" in log or "Traceback" in log:
                    print("  gunicorn log (worker timeouts or errors):")
                    print("    " + "\n    ".join(log.splitlines()[-20:]))
                return errors
        finally:
            if not options.keep:
                drop_database(url)


def _interrupt(_signal, _frame):
    raise KeyboardInterrupt


def main() -> None:
    # Stopped by Ctrl-C or kill, the benchmark still stops gunicorn and drops its database.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200, help="requests a second")
    parser.add_argument("--duration", type=float, default=20, help="measured seconds per target")
    parser.add_argument("--warmup", type=float, default=3, help="seconds at the rate before")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--connections", type=int, default=64, help="requests in flight at most (the clients)"
    )
    parser.add_argument("--tokens", type=int, help="tokens to take in turn (default: enough)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the data in DIR; a later run with the same DIR reuses the demo",
    )
    options = parser.parse_args()
    print(
        f"{options.rate:.0f} requests a second for {options.duration:.0f} s per target after "
        f"{options.warmup:.0f} s warm-up; gunicorn with {options.workers} workers; "
        f"{options.engine}; {os.cpu_count()} cores"
    )
    errors = run(options)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
