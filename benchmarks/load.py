"""Benchmark: many users at once on gunicorn (3 workers) with the demo data, while a ledger import
runs in the task worker. Three pages, each on its own: the public catalogue search, the logged-in
organisation home and the baseline dashboard. 50 virtual users each request the page, wait for
the answer, wait 1 s and ask again, for a fixed time after a warm-up.

Each run is measured four ways, in the same run so the comparison does not depend on the machine:
with think time (1 s) and without (the old measurement: every user asks again at once), each with
and without a 200,000-line import committed in the worker at the start of the measured time. The
import is started as a user would, through the wizard (upload, map, check, import); the run waits
for it to finish and deletes it afterwards, so every run starts from the same data.

Prints per engine, page and way: requests, errors (any answer but 200, or no answer), p50, p95 and
p99 of the response time by `statistics.quantiles(n=100)` (`percentiles.py`) per run and over all
runs, how much of the measured time the import overlapped (and the p95 of the requests made while
it ran), and the CPU used by the load client itself, the web workers and the task worker.

Usage: .venv/bin/python benchmarks/load.py [--engine sqlite|postgresql|both] [--duration S]
       [--users N] [--runs N] [--lines N] [--scenarios search,home,dashboard]
       [--modes think+import,think,nothink,nothink+import]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_load);
the database is dropped and created again, and dropped at the end. SQLite lives in a temporary
data folder. Demo size: DEMO_LEDGER_LINES (default 200,000 lines a year).

Target (issue 14): no errors and p95 under 1 s with think time while the import runs. Exits
non-zero on errors only, never on timing."""

import argparse
import asyncio
import dataclasses
import http.client
import json
import os
import random
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from percentiles import percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ORG = "voorbeeldstad"
PASSWORD = "load-benchmark-password-14"
# Every demo role that may see the dashboard; the virtual users take them in turn.
ROLES = ["coordinator", "admin", "buyer", "budget_holder", "tenderboard", "sroi_officer", "viewer"]
IMPORTER = f"coordinator@{ORG}.example"
QUERIES = [
    "lunch",
    "koffie",
    "bloemen",
    "drukwerk",
    "schoonmaak",
    "kerstpakketten",
    "fietskoerier",
    "catering borrel",
    "vergaderzaal",
    "koffei",  # a typo: the search corrects it
    "bedrijfskleding",
    "groenonderhoud",
]
SCENARIOS = {
    "search": lambda rng: "/catalogue/search/?q=" + urllib.parse.quote(rng.choice(QUERIES)),
    "home": lambda rng: f"/o/{ORG}/",
    "dashboard": lambda rng: f"/o/{ORG}/spend/baseline/",
}
MODES = ["think", "think+import", "nothink", "nothink+import"]
TARGET_P95 = 1.0
DEMO_YEAR = 2025  # impactinkoop.spend.demo.DEMO_YEAR (importing it needs Django set up)
REQUEST_TIMEOUT = 60.0


# --- Servers -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url: str, data_dir: Path) -> dict:
    """Production settings (DEBUG off, static files collected for WhiteNoise), over plain HTTP on
    loopback, so without the HTTPS redirect and secure-only cookies."""
    return {
        **os.environ,
        "DEBUG": "",
        "SECRET_KEY": "load-benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "impactinkoop.settings",
        "LOG_LEVEL": "WARNING",
    }


def fresh_database(engine: str, data_dir: Path, reuse: bool = False) -> str:
    if engine == "sqlite":
        return f"sqlite:///{data_dir / 'load.sqlite3'}"
    url = os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/impactinkoop_load"
    )
    if not (reuse and (data_dir / "ready").exists()):
        _postgres_admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
    return url


def drop_database(url: str) -> None:
    if url.startswith("postgres"):
        _postgres_admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _postgres_admin(url: str, *statements: str) -> None:
    import psycopg

    admin_url, name = url.rsplit("/", 1)
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(f'"{name}"'))


def prepare_data(env: dict) -> None:
    """The demo organisation and its users, and the static files WhiteNoise serves."""
    started = time.perf_counter()
    for args in (
        ["demo", "--no-serve", "--password", PASSWORD],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "-m", "impactinkoop.cli", *args],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"  demo data and static files ready in {time.perf_counter() - started:.0f} s")


class Servers:
    """gunicorn with 3 workers and one task worker, each in its own process group."""

    def __init__(self, env: dict, port: int, log_dir: Path, worker_nice: int):
        self.env, self.port, self.log_dir = env, port, log_dir
        self.worker_nice = worker_nice
        self.processes: dict[str, subprocess.Popen] = {}

    def __enter__(self) -> "Servers":
        self._start(
            "gunicorn",
            [str(BIN / "gunicorn"), "impactinkoop.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "3"],
        )
        self._start(
            "worker",
            (["nice", "-n", str(self.worker_nice)] if self.worker_nice else [])
            + [sys.executable, "-m", "impactinkoop.cli", "db_worker", "--no-reload"],
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/health/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer; see {self.log_dir}")

    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            args, env=self.env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
        )

    def web_workers(self) -> list[int]:
        master = self.processes["gunicorn"].pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def __exit__(self, *exc) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# --- A small blocking HTTP client for logging in and for the import wizard -----------------------


def get(port: int, path: str, cookies: dict | None = None) -> tuple[int, dict, bytes]:
    return request(port, "GET", path, cookies=cookies)


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict | None = None,
    body: bytes | None = None,
    content_type: str = "",
) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if content_type:
        headers["Content-Type"] = content_type
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if cookies is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    cookies[name] = morsel.value
        return response.status, dict(response.headers), data
    finally:
        connection.close()


class FormParser(HTMLParser):
    """The forms of a page with the values they would send unchanged (what a user submits when
    accepting every suggestion)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
            self._in_form = True
            return
        if not self._in_form:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option" and self._select and (self._select not in fields or "selected" in attrs)
        ):
            fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def forms(page: bytes) -> list[dict]:
    parser = FormParser()
    parser.feed(page.decode("utf-8"))
    return parser.forms


def csrf_token(page: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1).decode()


def post_form(port: int, path: str, fields: dict, cookies: dict) -> tuple[int, dict, bytes]:
    body = urllib.parse.urlencode(fields).encode()
    return request(
        port,
        "POST",
        path,
        cookies=cookies,
        body=body,
        content_type="application/x-www-form-urlencoded",
    )


def log_in(port: int, email: str) -> dict:
    """Logs in through the login form, as a browser does; returns the session's cookies."""
    cookies: dict = {}
    status, _headers, page = get(port, "/login/", cookies)
    fields = {"csrfmiddlewaretoken": csrf_token(page), "username": email, "password": PASSWORD}
    status, headers, _page = post_form(port, "/login/", fields, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"log in as {email} failed: {status}")
    return cookies


# --- The import, as a user starts it (the one place to adapt when the wizard changes) ------------


@dataclasses.dataclass
class ImportRun:
    detail: str  # the import's page, /o/<org>/spend/imports/<pk>/
    job_status: str = ""
    committed_at: float = 0.0
    running_at: float | None = None
    finished_at: float | None = None
    state: str = ""
    message: str = ""
    # (seconds after the commit, state, percent, message) whenever the job's status changed
    steps: list = dataclasses.field(default_factory=list)
    # SQLite: (seconds after the commit, seconds held) of each stretch the write lock was taken
    write_lock: list = dataclasses.field(default_factory=list)


def upload_and_check(port: int, cookies: dict, data: bytes, name: str) -> ImportRun:
    """Upload the file, accept the suggested mapping and wait until every line is checked."""
    page = f"/o/{ORG}/spend/imports/"
    _status, _headers, html = get(port, page, cookies)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{csrf_token(html)}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, headers, _html = request(
        port,
        "POST",
        page,
        cookies=cookies,
        body=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    if status != 302:
        raise RuntimeError(f"upload failed: {status}")
    run = ImportRun(detail=urllib.parse.urlsplit(headers["Location"]).path)
    _status, _headers, html = get(port, run.detail, cookies)
    mapping = next(form for form in forms(html) if "date_format" in form["fields"])
    status, headers, _html = post_form(port, run.detail, mapping["fields"], cookies)
    if status != 302:
        raise RuntimeError(f"mapping refused: {status}")
    job = urllib.parse.urlsplit(headers["Location"]).path
    while not json.loads(get(port, job + "status/", cookies)[2])["finished"]:
        time.sleep(0.5)
    return run


def commit(port: int, cookies: dict, run: ImportRun) -> None:
    """Press "Import N lines" and follow the job until it is done (or failed)."""
    _status, _headers, html = get(port, run.detail, cookies)
    run.committed_at = time.monotonic()
    status, headers, _html = post_form(
        port, run.detail + "import/", {"csrfmiddlewaretoken": csrf_token(html)}, cookies
    )
    if status != 302:
        raise RuntimeError(f"commit refused: {status}")
    run.job_status = urllib.parse.urlsplit(headers["Location"]).path + "status/"
    while True:
        status = json.loads(get(port, run.job_status, cookies)[2])
        run.state, run.message = status["state"], status["message"]
        step = (status["state"], status["percent"], status["message"])
        if not run.steps or run.steps[-1][1:] != step:
            run.steps.append((round(time.monotonic() - run.committed_at, 2), *step))
        if status["state"] != "queued" and run.running_at is None:
            run.running_at = time.monotonic()
        if status["finished"]:
            run.finished_at = time.monotonic()
            return
        time.sleep(0.25)


def delete(port: int, cookies: dict, run: ImportRun) -> None:
    _status, _headers, html = get(port, run.detail, cookies)
    status, _headers, _html = post_form(
        port, run.detail + "delete/", {"csrfmiddlewaretoken": csrf_token(html)}, cookies
    )
    if status != 302:
        raise RuntimeError(f"delete refused: {status}")


def ledger_file(lines: int) -> bytes:
    """Another finance system's ledger of the demo's baseline year: the same suppliers (ledger
    numbers), new invoice lines, so every line is new and checked against the year's lines."""
    sys.path.insert(0, str(ROOT / "src"))
    from impactinkoop.spend.generator import generate_ledger

    return generate_ledger(lines, suppliers=2500, year=DEMO_YEAR, seed=14)


# --- The load: asyncio, one raw HTTP/1.0-style request per connection (gunicorn's sync workers
# close the connection after every answer anyway), so the client stays cheap. ---------------------


@dataclasses.dataclass
class Sample:
    started: float  # time.monotonic()
    seconds: float
    ok: bool


async def fetch(port: int, raw: bytes) -> str:
    """Sends one request; returns "" for a complete 200 answer, else what went wrong."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        data = await reader.read(-1)
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200 "):
        return head.split(b"\r\n", 1)[0].decode(errors="replace") or "no answer"
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if length is not None and int(length.group(1)) != len(body):
        return f"{len(body)} of {int(length.group(1))} bytes"
    return ""


async def virtual_user(
    port, cookie, scenario, rng, think, start_at, stop_at, samples, failures
) -> None:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    while time.monotonic() < stop_at:
        path = SCENARIOS[scenario](rng)
        raw = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        ).encode()
        began = time.monotonic()
        try:
            problem = await asyncio.wait_for(fetch(port, raw), REQUEST_TIMEOUT)
        except (TimeoutError, OSError) as error:
            problem = repr(error)
        if problem:
            failures.append(f"{path}: {problem}")
        samples.append(Sample(began, time.monotonic() - began, not problem))
        if think:
            await asyncio.sleep(think)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores together)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def database_backends(database_url: str) -> dict[int, float]:
    """CPU so far of the PostgreSQL server processes serving our database, by process."""
    if not database_url.startswith("postgres"):
        return {}  # SQLite works inside the web and worker processes
    name = database_url.rsplit("/", 1)[1]
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if title.startswith("postgres: ") and f" {name} " in title:
                found[int(entry.name)] = cpu_seconds(int(entry.name))
        except OSError:
            continue  # the process ended meanwhile
    return found


@dataclasses.dataclass
class Result:
    samples: list[Sample]
    window: tuple[float, float]
    failures: list[str]
    cores: dict[str, float]  # cores used on average: client, web, worker, database, others
    imported: ImportRun | None = None

    def latencies(self, during_import: bool = False) -> list[float]:
        samples = self.samples
        if during_import and self.imported and self.imported.finished_at:
            start, end = self.imported.committed_at, self.imported.finished_at
            samples = [s for s in samples if start <= s.started < end]
        return [s.seconds for s in samples]

    @property
    def errors(self) -> int:
        return sum(not s.ok for s in self.samples)

    def overlap(self) -> float:
        if not self.imported or not self.imported.finished_at:
            return 0.0
        start = max(self.window[0], self.imported.committed_at)
        end = min(self.window[1], self.imported.finished_at)
        return max(0.0, end - start)


class WriteLockProbe(threading.Thread):
    """On SQLite, when the write lock is taken: every 10 ms it asks for the lock without waiting
    (BEGIN IMMEDIATE, given back at once) and records the stretches it was refused."""

    def __init__(self, path: str):
        super().__init__(daemon=True)
        self.path = path
        self.stretches: list[tuple[float, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        held_since = None
        while not self.done.is_set():
            now = time.monotonic()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
            except sqlite3.OperationalError:
                held_since = held_since or now
            else:
                if held_since is not None:
                    self.stretches.append((held_since, now))
                    held_since = None
            time.sleep(0.01)
        if held_since is not None:
            self.stretches.append((held_since, time.monotonic()))
        connection.close()


def commit_watched(servers, cookies: dict, run: ImportRun) -> None:
    """Commits the import; on SQLite, records when the write lock was taken meanwhile."""
    url = servers.env["DATABASE_URL"]
    probe = WriteLockProbe(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None
    if probe:
        probe.start()
    try:
        commit(servers.port, cookies, run)
    finally:
        if probe:
            probe.done.set()
            probe.join()
            run.write_lock = [
                (start - run.committed_at, end - start) for start, end in probe.stretches
            ]


def run_load(servers, cookies, scenario, users, think, warmup, duration, import_run=None):
    """One measured run; with `import_run`, the import is committed when the measuring starts."""
    port = servers.port
    workers = servers.web_workers()
    rng = random.Random(f"{scenario}{think}{users}")
    begin = time.monotonic() + 0.5
    window = (begin + warmup, begin + warmup + duration)
    samples: list[Sample] = []
    failures: list[str] = []
    importer = None
    if import_run is not None:

        def commit_later():
            time.sleep(max(0.0, window[0] - time.monotonic()))
            commit_watched(servers, cookies["importer"], import_run)

        importer = threading.Thread(target=commit_later, daemon=True)
        importer.start()

    async def main():
        await asyncio.gather(
            *(
                virtual_user(
                    port,
                    cookies["users"][n] if scenario != "search" else "",
                    scenario,
                    random.Random(rng.random()),
                    think,
                    begin + rng.random() * (think or 0.2),
                    window[1],
                    samples,
                    failures,
                )
                for n in range(users)
            )
        )

    def usage():
        own = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "client": own.ru_utime + own.ru_stime,
            "web": sum(cpu_seconds(pid) for pid in workers),
            "worker": cpu_seconds(servers.processes["worker"].pid),
            "database": database_backends(servers.env["DATABASE_URL"]),
            "machine": machine_busy(),
        }

    # CPU is read at the edges of the warm-up and the window: a thread wakes at those moments.
    marks = {}

    def mark():
        time.sleep(max(0.0, window[0] - time.monotonic()))
        marks["start"] = (time.monotonic(), usage())
        time.sleep(max(0.0, window[1] - time.monotonic()))
        marks["end"] = (time.monotonic(), usage())

    marker = threading.Thread(target=mark, daemon=True)
    marker.start()
    asyncio.run(main())
    marker.join()
    if importer is not None:
        importer.join()
    (t0, before), (t1, after) = marks["start"], marks["end"]
    wall = t1 - t0
    cores = {name: (after[name] - before[name]) / wall for name in ("client", "web", "worker")}
    # A database process that started during the window counts from zero.
    backends = after["database"]
    cores["database"] = sum(cpu - before["database"].get(pid, 0.0) for pid, cpu in backends.items())
    cores["database"] /= wall
    ours = sum(cores.values())
    cores["others"] = max(0.0, (after["machine"] - before["machine"]) / wall - ours)
    measured = [s for s in samples if window[0] <= s.started < window[1]]
    return Result(measured, window, failures, cores, import_run)


# --- Report --------------------------------------------------------------------------------------


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    return percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}"


CPU_PARTS = ("client", "web", "worker", "database", "others")
HEADER = (
    f"  {'page':<10} {'way':<15} {'run':>3} {'requests':>8} {'errors':>6} {'p50 ms':>7} "
    f"{'p95 ms':>7} {'p99 ms':>7}  {'import: took, overlap, p95 during':<36} "
    "cores used: client web worker db others; web CPU ms/request"
)


def print_run(scenario: str, mode: str, number: int, result: Result, duration: float) -> None:
    p50, p95, p99 = percentiles(result.latencies())
    imported = ""
    if result.imported is not None:
        run = result.imported
        if run.finished_at is None:
            imported = f"not finished ({run.state})"
        else:
            during = percentiles(result.latencies(during_import=True))[1]
            took = run.finished_at - run.committed_at
            imported = (
                f"{took:3.0f} s, {result.overlap():3.0f}/{duration:.0f} s, p95 {during * 1000:5.0f}"
                f"{'' if run.state == 'succeeded' else ' ' + run.state}"
            )
    cores = result.cores
    per_request = cores["web"] * duration / max(1, len(result.samples)) * 1000
    cpu = " ".join(f"{cores[name]:4.2f}" for name in CPU_PARTS) + f" {per_request:5.0f}"
    print(
        f"  {scenario:<10} {mode:<15} {number:>3} {len(result.samples):>8,} {result.errors:>6} "
        f"{ms(p50)} {ms(p95)} {ms(p99)}  {imported:<36} {cpu}",
        flush=True,
    )


def print_import(run: ImportRun) -> None:
    """What the import's job reported while it ran and, on SQLite, when it held the write lock."""
    steps = ", ".join(f"+{t:.1f} s {state} {percent}%" for t, state, percent, _m in run.steps)
    print(f"    import job: {steps}")
    if run.write_lock:
        long = [(at, held) for at, held in run.write_lock if held >= 0.05]
        print(
            f"    write lock taken {len(run.write_lock)} times, {sum(h for _a, h in long):.1f} s in"
            f" {len(long)} stretches of 50 ms or more: "
            + ", ".join(f"{held:.2f} s at +{at:.1f} s" for at, held in long[:12])
        )


def print_timeline(result: Result, step: float = 2.0) -> None:
    """Requests by when they started, from the commit on: how many, and the slowest."""
    run = result.imported
    if run is None or not run.finished_at:
        return
    buckets: dict[int, list[float]] = {}
    for sample in result.samples:
        offset = sample.started - run.committed_at
        if -step <= offset < run.finished_at - run.committed_at + 4 * step:
            buckets.setdefault(int(offset // step), []).append(sample.seconds)
    print(
        "    by start after the commit (s: requests, slowest ms): "
        + ", ".join(
            f"{index * step:+.0f}: {len(times)}, {max(times) * 1000:.0f}"
            for index, times in sorted(buckets.items())
        )
    )


def print_summary(engine: str, results: dict) -> None:
    print(f"\n{engine}: over all runs (p95 of every request of the runs, and the worst run's p95)")
    print(
        f"  {'page':<10} {'way':<15} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'worst p95':>9}  target"
    )
    for (scenario, mode), runs in results.items():
        every = [latency for result in runs for latency in result.latencies()]
        p50, p95, p99 = percentiles(every)
        worst = max(percentiles(result.latencies())[1] for result in runs)
        errors = sum(result.errors for result in runs)
        target = ""
        if mode.startswith("think"):
            target = "met" if errors == 0 and p95 < TARGET_P95 else "NOT met"
        print(
            f"  {scenario:<10} {mode:<15} {len(every):>8,} {errors:>6} {ms(p50)} {ms(p95)} "
            f"{ms(p99)} {ms(worst):>9}  {target}"
        )


# --- Main ----------------------------------------------------------------------------------------


def bench_engine(engine: str, options, ledger: bytes) -> int:
    print(f"\n== {engine} ==", flush=True)
    with tempfile.TemporaryDirectory(prefix="impactinkoop-load-") as tmp:
        data_dir = Path(tmp)
        if options.keep:
            data_dir = options.keep / engine
            data_dir.mkdir(parents=True, exist_ok=True)
        url = fresh_database(engine, data_dir, reuse=bool(options.keep))
        try:
            env = production_env(url, data_dir)
            if not (options.keep and (data_dir / "ready").exists()):
                prepare_data(env)
                (data_dir / "ready").touch()
            with Servers(env, free_port(), data_dir, options.worker_nice) as servers:
                return _measure(servers, options, ledger, data_dir)
        finally:
            if not options.keep:
                drop_database(url)


def _measure(servers, options, ledger: bytes, data_dir: Path) -> int:
    started = time.perf_counter()
    emails = [f"{ROLES[n % len(ROLES)]}@{ORG}.example" for n in range(options.users)]
    with ThreadPoolExecutor(3) as pool:
        sessions = list(pool.map(lambda email: log_in(servers.port, email), emails))
    cookies = {
        "users": [f"sessionid={session['sessionid']}" for session in sessions],
        "importer": log_in(servers.port, IMPORTER),
    }
    print(f"  {options.users} users logged in in {time.perf_counter() - started:.0f} s")
    # One import and deletion before measuring, so every measured import finds the same
    # suppliers and dimensions already there.
    started = time.perf_counter()
    first = upload_and_check(servers.port, cookies["importer"], ledger, "load.csv")
    commit_watched(servers, cookies["importer"], first)
    delete(servers.port, cookies["importer"], first)
    print(
        f"  a first {options.lines:,}-line import without load: checked, imported ({first.state}"
        f" in {first.finished_at - first.committed_at:.1f} s) and deleted in "
        f"{time.perf_counter() - started:.0f} s"
    )
    if options.verbose:
        print_import(first)
    print(HEADER)
    results: dict = {}
    errors = 0
    for scenario in options.scenarios:
        for number in range(1, options.runs + 1):
            for mode in options.modes:
                think = 1.0 if mode.startswith("think") else 0.0
                import_run = None
                if mode.endswith("+import"):
                    import_run = upload_and_check(
                        servers.port, cookies["importer"], ledger, "load.csv"
                    )
                result = run_load(
                    servers,
                    cookies,
                    scenario,
                    options.users,
                    think,
                    options.warmup,
                    options.duration,
                    import_run,
                )
                if import_run is not None:
                    if import_run.state != "succeeded":
                        print(f"  import {import_run.state}: {import_run.message}")
                        errors += 1
                    delete(servers.port, cookies["importer"], import_run)
                print_run(scenario, mode, number, result, options.duration)
                for failure in sorted(set(result.failures))[:5]:
                    print(f"    {failure}")
                if import_run is not None and options.verbose:
                    print_import(import_run)
                    print_timeline(result)
                errors += result.errors
                results.setdefault((scenario, mode), []).append(result)
    print_summary(options.engine_name, results)
    gunicorn_log = (data_dir / "gunicorn.log").read_text(errors="replace")
    if "WORKER TIMEOUT" in gunicorn_log or "Traceback" in gunicorn_log:
        print("  gunicorn log (worker timeouts or errors):")
        print("    " + "\n    ".join(gunicorn_log.splitlines()[-20:]))
    return errors


def _interrupt(_signal, _frame):
    raise KeyboardInterrupt


def main() -> None:
    # Stopped by Ctrl-C or kill (also when started in the background, where SIGINT is ignored),
    # the benchmark still stops its servers and drops its database on the way out.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=10, help="seconds before measuring")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lines", type=int, default=200_000, help="lines of the import")
    parser.add_argument(
        "--scenarios",
        type=lambda text: text.split(","),
        default=list(SCENARIOS),
        help=f"comma-separated, from {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--modes",
        type=lambda text: text.split(","),
        default=MODES,
        help=f"comma-separated, from {', '.join(MODES)}",
    )
    parser.add_argument(
        "--worker-nice", type=int, default=0, help="run the task worker with `nice -n N`"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the data (SQLite file, PostgreSQL database) and note it in DIR; a later run "
        "with the same DIR reuses it instead of building the demo again",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="print the import's steps and SQLite's write lock"
    )
    options = parser.parse_args()
    for name in options.scenarios:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name}")
    for name in options.modes:
        if name not in MODES:
            parser.error(f"unknown way {name}")
    ledger = ledger_file(options.lines)
    print(
        f"{options.users} users, {options.runs} runs of {options.duration:.0f} s after "
        f"{options.warmup:.0f} s warm-up; import of {options.lines:,} lines "
        f"({len(ledger) / 1e6:.0f} MB); {os.cpu_count()} cores"
    )
    errors = 0
    for engine in ("sqlite", "postgresql") if options.engine == "both" else (options.engine,):
        options.engine_name = engine
        errors += bench_engine(engine, options, ledger)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
