"""Benchmark: the read API (GET by id) under gunicorn, against /health in the same run.

    python bench/api_bench.py [--records 100000] [--duration 15] [--connections 16]
        [--worker-class sync|gthread|both] [--threads 4] [--warmup 3] [--repeat 1]
        [--endpoints health,json,...] [--work DIR] [--profile [--py-spy PATH]]

1. ``--records`` SYNTHETIC BARE records (bench/bare_records.py, MARCXchange; the file
   cached in --work) loaded by ``authority load FILE`` (the console script) into an
   embedded PostgreSQL in --work. The loaded database is kept there too: a later run
   over the same file skips the load (delete ``--work/pg-N`` to load again).
2. ``--ids`` random active ids are read back from the database and written into a wrk
   Lua script whose ``request()`` picks one per request, so the reads spread over
   many rows (as a catalogue's would), not one cached id.
3. gunicorn as production runs it, ``gunicorn -c python:authority.gunicorn
   authority.wsgi:app`` (authority/gunicorn.py: one worker per usable core), with
   ``--worker-class sync`` and/or ``--worker-class gthread --threads N`` on top; each
   ready when /ready answers 200. With both, both servers are up at once and every
   endpoint is measured on one right after the other, so that load from elsewhere on
   the machine hits them alike (an idle server costs nothing).
4. Per endpoint a warm-up, then ``wrk`` on loopback (``--connections``; its Lua
   ``done()`` prints the figures), --repeat times (the best run kept): /health (the
   trivial endpoint: no database) first, then /authorities/<id>.json, .ttl (Turtle),
   .xml (MARCXML) and the suffix-less /authorities/<id> (JSON). A format whose URL
   does not answer 200 for sample ids is reported "not available", not measured.
   Every non-200 answer under load is counted and printed.
5. The CPU each side used per request (gunicorn's processes, PostgreSQL's, wrk's)
   and the cores other processes took meanwhile (flagged NOISY: such figures
   understate), from /proc, so that a missed target says where the time went; with
   --profile then a py-spy profile of the workers per endpoint (py-spy from PATH or
   --py-spy), by package and by authority function, in ms of a request's CPU.

Targets (issue): each format >= 0.5x the trivial endpoint's req/s, p99 <= 20 ms. The
load generator shares the machine with the server and the database (loopback), as
the issue asks. The figures are printed; nothing fails on them (benchmarks never fail
CI on a time). The bench's data is disposable: the database commits without fsync
(synchronous_commit off), which speeds the load and changes no read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority import gunicorn as production  # noqa: E402
from authority.machine import cores  # noqa: E402
from authority.storage import migrate  # noqa: E402
from authority.storage.embedded import EmbeddedPostgres  # noqa: E402
from bench.processes import descendants  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "api"
LOAD_WORK = Path.home() / ".cache" / "authority-bench" / "load"  # load_bench's files
TARGET_RATIO = 0.5
TARGET_P99_MS = 20.0
TRIVIAL = "health"
NOISE = 0.15
"""Cores used by other processes above which a run's figures are flagged."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    """URL path; ``{id}`` stands for an authority id."""
    slug: str
    """For file names."""


ENDPOINTS = (
    Endpoint(TRIVIAL, "/health", "health"),
    Endpoint("json", "/authorities/{id}.json", "json"),
    Endpoint("turtle", "/authorities/{id}.ttl", "turtle"),
    Endpoint("marcxml", "/authorities/{id}.xml", "marcxml"),
    Endpoint("json (no suffix)", "/authorities/{id}", "json-nosuffix"),
)


@dataclass
class Result:
    endpoint: Endpoint
    available: bool
    note: str = ""
    rate: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    non200: int = 0
    first_non200: int = 0
    errors: int = 0
    cpu: dict[str, float] | None = None
    """CPU seconds per request by side: app (gunicorn), db (PostgreSQL), wrk."""
    busy: float = 0.0
    """Cores busy on the whole machine during the run."""
    other: float = 0.0
    """Cores busy with other processes (not gunicorn, PostgreSQL or wrk): noise."""
    split: tuple[float, ...] = ()
    """Each worker's share of the workers' CPU (uneven: connections stick to one)."""

    def met(self, trivial: Result | None) -> bool:
        return (
            trivial is not None
            and trivial.rate > 0
            and self.rate / trivial.rate >= TARGET_RATIO
            and self.p99_ms <= TARGET_P99_MS
            and self.non200 == 0
            and self.errors == 0
        )


# The input and the database


def records_file(work: Path, count: int) -> Path:
    """The generated MARCXchange file of ``count`` records (made once, then kept)."""
    path = work / f"bare-{count}.xml"
    if path.exists():
        return path
    made = LOAD_WORK / path.name  # the same file (same seed), if load_bench made it
    if made.exists():
        try:
            os.link(made, path)
            return path
        except OSError:
            pass
    partial = path.with_suffix(".partial")
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "bare_records.py"),
         "--records", str(count), "--format", "marcxchange",
         "--output", str(partial)],
        check=True,
    )  # fmt: skip
    partial.rename(path)
    return path


@contextmanager
def database(work: Path, path: Path) -> Iterator[tuple[EmbeddedPostgres, str]]:
    """An embedded PostgreSQL in ``work`` holding ``path`` loaded (loaded once per
    input and schema: a new migration means a new load)."""
    folder = work / f"pg-{path.stem.removeprefix('bare-')}"
    marker = folder / "bench-input"  # which input and schema the kept database holds
    wanted = f"{path.name} {path.stat().st_size} {','.join(sorted(migrate.heads()))}"
    fresh = not (marker.exists() and marker.read_text() == wanted)
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    server = EmbeddedPostgres(folder)
    url = server.start()
    try:
        if fresh:
            load(path, url)
            marker.write_text(wanted)
        else:
            print(f"{folder} already holds {path.name} at this schema: load skipped")
        yield server, url
    finally:
        server.stop()


def load(path: Path, url: str) -> None:
    """``authority load FILE`` into the empty database, as an operator runs it."""
    execute(url, "ALTER DATABASE authority SET synchronous_commit = off")
    environment = {**os.environ, "AUTHORITY_DATABASE_URL": url}
    print(f"loading {path.name} with `authority load` ...", flush=True)
    start = time.perf_counter()
    done = subprocess.run(
        ["authority", "load", str(path)],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some records refused (--broken ones)
        raise RuntimeError(f"authority load failed with exit code {done.returncode}")
    print(f"load: {seconds:,.0f} s [{done.stdout.strip()}]")
    execute(url, "VACUUM ANALYZE")  # the steady state: hint bits, statistics


def execute(url: str, statement: str) -> None:
    """One statement outside a transaction (VACUUM and ALTER DATABASE want that)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def sample_ids(url: str, count: int) -> tuple[list[str], Counter[str]]:
    """``count`` random active ids (their rows read once, into the cache) and the
    number of authorities by status."""
    engine = create_engine(url)
    with engine.connect() as connection:
        statuses = Counter(
            {s: n for s, n in connection.execute(
                text("SELECT status, count(*) FROM authorities GROUP BY status"))}
        )  # fmt: skip
        connection.execute(text("SELECT setseed(0.5)"))
        ids = list(
            connection.scalars(
                text("SELECT id FROM authorities WHERE status = 'active' "
                     "ORDER BY random() LIMIT :n"),
                {"n": count},
            )
        )  # fmt: skip
        connection.execute(
            text("SELECT sum(octet_length(content::text)) FROM authorities "
                 "WHERE id = ANY(:ids)"),
            {"ids": ids},
        )  # fmt: skip
    engine.dispose()
    return ids, statuses


# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _no_control_socket() -> tuple[str, ...]:
    """A recent gunicorn's control socket is ~/.gunicorn/gunicorn.ctl: leave a
    developer's server its own (the option does not change how requests are served)."""
    usage = subprocess.run(["gunicorn", "--help"], capture_output=True, text=True)
    return ("--no-control-socket",) if "--no-control-socket" in usage.stdout else ()


@contextmanager
def gunicorn(
    url: str, worker_class: str, threads: int, log: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The production gunicorn command (the worker class on top) and its base URL."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
        "AUTHORITY_DATABASE_URL": url,
        "AUTHORITY_AUTO_MIGRATE": "false",  # `authority load` migrated the database
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    command = [
        "gunicorn", "-c", "python:authority.gunicorn",
        "--worker-class", worker_class, "--threads", str(threads),
        *_no_control_socket(), "authority.wsgi:app",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command, env=environment, cwd=REPO, stdout=output, stderr=output,
            start_new_session=True,  # its own process group: stopped as one
        )  # fmt: skip
    try:
        wait_ready(process, base, log)
        yield process, base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_ready(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    """Until /ready answers 200 and every worker of the production config is up."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{tail}")
        up = len(workers_of(process.pid)) >= production.workers
        if up and fetch(base + "/ready")[0] == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not ready after 60 s; see {log}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[int, str, int]:
    """(status, content type, body bytes); status 0 when nothing answered."""
    try:
        with _opener.open(url, timeout=10) as response:
            body = response.read()
            return response.status, response.headers.get("Content-Type", ""), len(body)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), 0
    except OSError:
        return 0, "", 0


def probe(base: str, endpoint: Endpoint, ids: list[str]) -> tuple[bool, str]:
    """Does the endpoint answer 200 for sample ids? (available, what it answered)."""
    statuses: Counter[int] = Counter()
    kinds, sizes = set(), []
    for authority_id in ids[:20] if "{id}" in endpoint.path else ids[:1]:
        status, kind, size = fetch(base + endpoint.path.format(id=authority_id))
        statuses[status] += 1
        if status == 200:
            kinds.add(kind.split(";")[0])
            sizes.append(size)
    if not statuses[200]:
        answers = ", ".join(f"{n}x HTTP {s}" for s, n in sorted(statuses.items()))
        return False, f"not available ({answers})"
    mixed = "" if len(statuses) == 1 else f"; answers {dict(statuses)}"
    return True, f"{'/'.join(sorted(kinds))}, ~{sum(sizes) // len(sizes):,} B{mixed}"


def workers_of(master: int) -> list[int]:
    return sorted(descendants(master))


# CPU accounting from /proc

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int | None) -> float:
    """CPU seconds of ``pid`` and its live descendants (with their reaped children)."""
    if pid is None:
        return 0.0
    total = 0
    for member in [pid, *descendants(pid)]:
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / TICK


def machine_busy() -> float:
    """CPU seconds the whole machine was busy (not idle, not waiting on I/O)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICK


def reaped_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The load generator

LUA = """-- generated by a benchmark in bench/: GET {what} over {count} paths
local paths = {{{paths}}}
local threads = {{}}
local n = 0

function setup(thread)
  n = n + 1
  thread:set("seed", n)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed * 7919)
  non200 = 0
  first_non200 = 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_non200 == 0 then first_non200 = status end
  end
end

function done(summary, latency, requests)
  local non, first = 0, 0
  for _, thread in ipairs(threads) do
    non = non + thread:get("non200")
    if first == 0 then first = thread:get("first_non200") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {{"duration_us": %.0f, "requests": %.0f, "p50_us": %.0f, '
    .. '"p99_us": %.0f, "max_us": %.0f, "errors": %.0f, "timeouts": %.0f, '
    .. '"non200": %.0f, "first_non200": %.0f}}\\n',
    summary.duration, summary.requests, latency:percentile(50),
    latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.timeout, non, first))
end
"""
"""The wrk script both benchmarks use: a random path of a list per request."""


def paths_script(path: Path, what: str, paths: list[str]) -> Path:
    """A wrk script over ``paths``: each must be safe inside a Lua string
    (digits, letters and %XX escapes)."""
    quoted = ", ".join(f'"{p}"' for p in paths)
    path.write_text(LUA.format(what=what, count=len(paths), paths=quoted))
    return path


def lua_script(path: Path, endpoint: Endpoint, ids: list[str]) -> Path:
    # ids are digits (domain/ids.py)
    paths = [endpoint.path.replace("{id}", i) for i in ids]
    return paths_script(path, endpoint.path, paths)


def wrk(
    base: str, script: Path, seconds: float, connections: int, threads: int,
    timeout: float = 2.0,
) -> dict[str, float]:  # fmt: skip
    """One wrk run; a request not answered within ``timeout`` counts as one."""
    command = [
        "wrk", "--threads", str(min(threads, connections)),
        "--connections", str(connections), "--duration", f"{seconds:g}s",
        "--timeout", f"{timeout:g}s", "--latency", "--script", str(script), base,
    ]  # fmt: skip
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=seconds + timeout + 60,
        check=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            figures: dict[str, float] = json.loads(line[len("BENCH ") :])
            return figures
    raise RuntimeError(f"no figures from wrk:\n{done.stdout}\n{done.stderr}")


def measure(
    args: argparse.Namespace, base: str, endpoint: Endpoint, script: Path,
    app_pid: int, db_pid: int | None,
) -> Result:  # fmt: skip
    """Warm up, then one measured wrk run with the CPU of each side around it."""
    wrk(base, script, args.warmup, args.connections, args.wrk_threads)
    workers = workers_of(app_pid)
    each = [tree_cpu(w) for w in workers]
    before = tree_cpu(app_pid), tree_cpu(db_pid), reaped_cpu(), machine_busy()
    figures = wrk(base, script, args.duration, args.connections, args.wrk_threads)
    after = tree_cpu(app_pid), tree_cpu(db_pid), reaped_cpu(), machine_busy()
    each = [tree_cpu(w) - b for w, b in zip(workers, each, strict=True)]
    app, db, load, machine = (b - a for a, b in zip(before, after, strict=True))
    seconds = figures["duration_us"] / 1e6
    count = max(1, int(figures["requests"]))
    return Result(
        endpoint, True,
        rate=figures["requests"] / seconds,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=int(figures["requests"]),
        non200=int(figures["non200"]),
        first_non200=int(figures["first_non200"]),
        errors=int(figures["errors"]),
        cpu={"app": app / count, "db": db / count, "wrk": load / count},
        busy=machine / seconds,
        other=max(0.0, machine - app - db - load) / seconds,
        split=tuple(e / (sum(each) or 1) for e in each),
    )  # fmt: skip


def profile(
    args: argparse.Namespace, base: str, result: Result, script: Path,
    workers: list[int], out: Path,
) -> str:  # fmt: skip
    """py-spy (on-CPU samples) on every worker during a wrk run: where the CPU went.

    Every worker, since gthread's keep-alive connections may all sit on one.
    """
    spy = args.py_spy or shutil.which("py-spy")
    if not spy:
        return "    py-spy not found (pip install py-spy, or --py-spy PATH): skipped"
    seconds = max(5.0, min(args.duration, 10.0))
    files = [out.with_suffix(f".w{n}.txt") for n in range(len(workers))]
    recorders = [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                f"{seconds:.0f}",
                "--rate",
                "250",
                "--format",
                "raw",
                "--output",
                str(file),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for pid, file in zip(workers, files, strict=True)
    ]
    time.sleep(0.5)
    wrk(base, script, seconds, args.connections, args.wrk_threads)
    for recorder in recorders:
        recorder.wait(timeout=60)
    files = [f for f in files if f.exists()]
    if not files:
        return f"    py-spy wrote nothing (exit {recorders[0].returncode})"
    return breakdown(files, result.cpu["app"] * 1000 if result.cpu else 0.0)


WAITING = ("concurrent/", "threading.py", "queue.py", "selectors.py")
"""Innermost frames of a thread that waits (gthread's pool and poller), which
py-spy may still sample as running: left out of the shares."""


PACKAGES = {
    "sqlalchemy": "database client (SQLAlchemy, psycopg)",
    "psycopg": "database client (SQLAlchemy, psycopg)",
    "authority": "authority code itself",
    "flask": "Flask, Werkzeug",
    "werkzeug": "Flask, Werkzeug",
    "gunicorn": "gunicorn (HTTP, sockets)",
}


def breakdown(collapsed: list[Path], ms_per_request: float, shown: int = 14) -> str:
    """A py-spy collapsed file as shares, and as ms of a request's gunicorn CPU.

    By package: each sample goes to the package of its innermost frame (a library
    the code calls, such as rdflib or lxml, under its own name). By authority
    frame: inclusive (a frame and everything it calls).
    """
    packages: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    total = waiting = 0
    samples = [line for file in collapsed for line in file.read_text().splitlines()]
    for line in samples:
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = stack.split(";")
        if _where(frames[-1]).startswith(WAITING):
            waiting += count
            continue
        total += count
        leaf = _where(frames[-1]).split("/")[0].removesuffix(".py")
        packages[PACKAGES.get(leaf, leaf)] += count
        for frame in {_short(f) for f in frames if _where(f).startswith("authority/")}:
            ours[frame] += count
    if not total:
        return "    no samples"

    def row(share: float, label: str) -> str:
        return f"    {share:5.0%} {share * ms_per_request:6.2f}  {label}"

    lines = [f"    {'share':>5} {'ms/req':>6}  by package of the innermost frame "
             f"({total:,} on-CPU samples of {len(collapsed)} workers"
             + (f"; {waiting:,} of waiting threads left out" if waiting else "")
             + ")"]  # fmt: skip
    lines += [row(n / total, name) for name, n in packages.most_common(8)]
    rest = sum(n for _, n in packages.most_common()[8:])
    if rest:
        lines.append(row(rest / total, "the rest"))
    lines.append(f"    {'':>5} {'':>6}  authority frames, inclusive:")
    lines += [row(n / total, name) for name, n in ours.most_common(shown)]
    return "\n".join(lines)


def _where(frame: str) -> str:
    """``function (path/module.py:12)`` -> ``path/module.py``."""
    return frame.partition(" (")[2].rsplit(":", 1)[0].rstrip(")")


def _short(frame: str) -> str:
    """``function (authority/api/x.py:12)`` -> ``function (api/x.py)``."""
    name = frame.partition(" (")[0]
    return f"{name} ({'/'.join(Path(_where(frame)).parts[-2:])})"


# The report


def baseline(results: list[Result]) -> Result | None:
    return next(
        (r for r in results if r.available and r.endpoint.name == TRIVIAL), None
    )


def show(
    label: str, results: list[Result], workers: int, threads: int, connections: int
) -> None:
    trivial = baseline(results)
    print(f"\n{label}: {workers} workers"
          + (f" x {threads} threads" if threads > 1 else "")
          + f"; targets: >= {TARGET_RATIO}x {TRIVIAL} req/s, p99 <= "
          f"{TARGET_P99_MS:g} ms")  # fmt: skip
    print(f"  (a closed loop of {connections} connections waits {connections} / "
          "req/s on average: a p99 <= 20 ms needs well over "
          f"{connections / TARGET_P99_MS * 1000:,.0f} req/s)")  # fmt: skip
    print(f"  {'endpoint':18}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'x trivial':>10}"
          f"{'non-200':>9}{'errors':>7}  target met")  # fmt: skip
    for r in results:
        if not r.available:
            print(f"  {r.endpoint.name:18}{r.note}")
            continue
        ratio = r.rate / trivial.rate if trivial and trivial.rate else 0.0
        verdict = "(baseline)" if r is trivial else ("yes" if r.met(trivial) else "NO")
        first = f" ({r.first_non200})" if r.non200 else ""
        print(f"  {r.endpoint.name:18}{r.rate:9,.0f}{r.p50_ms:8.1f}"
              f"{r.p99_ms:8.1f}{ratio:9.2f}x{r.non200:>9,}{first}{r.errors:>7,}"
              f"  {verdict}")  # fmt: skip
    print(f"  CPU ms per request by side; cores busy on the machine (of "
          f"{os.cpu_count()}), of which other processes':")  # fmt: skip
    print(f"  {'endpoint':18}{'gunicorn':>9}{'postgres':>9}{'wrk':>7}{'busy':>7}"
          f"{'other':>7}{'requests':>10}  gunicorn CPU by worker")  # fmt: skip
    for r in results:
        if r.available and r.cpu:
            c = {k: v * 1000 for k, v in r.cpu.items()}
            print(f"  {r.endpoint.name:18}{c['app']:9.2f}{c['db']:9.2f}{c['wrk']:7.2f}"
                  f"{r.busy:7.2f}{r.other:7.2f}{r.requests:10,}  "
                  + "/".join(f"{x:.0%}" for x in r.split))  # fmt: skip
    noisy = [r.endpoint.name for r in results if r.available and r.other > NOISE]
    if noisy:
        print(f"  NOISY: other processes used > {NOISE} cores during "
              f"{', '.join(noisy)}: those figures understate; run again on a quiet "
              "machine")  # fmt: skip


def recommend(runs: dict[str, list[Result]]) -> None:
    """Which worker class meets the targets better, with the figures side by side."""
    classes = list(runs)
    print("\nworker classes side by side (req/s, x trivial, p99 ms):")
    print(f"  {'endpoint':18}" + "".join(f"{c:>26}" for c in classes))
    names = [r.endpoint.name for r in runs[classes[0]]]
    for n, name in enumerate(names):
        cells = []
        for worker_class in classes:
            r, trivial = runs[worker_class][n], baseline(runs[worker_class])
            if not r.available or trivial is None:
                cells.append(f"{'n/a':>26}")
                continue
            ratio = r.rate / trivial.rate
            cells.append(f"{r.rate:10,.0f}{ratio:8.2f}x{r.p99_ms:7.1f}")
        print(f"  {name:18}" + "".join(cells))
    scores = {}
    for worker_class, results in runs.items():
        trivial = baseline(results)
        formats = [
            r for r in results if r.available and r.endpoint.name != TRIVIAL
        ]  # fmt: skip
        if trivial is None or not formats:
            continue
        met = sum(r.met(trivial) for r in formats)
        shares = [min(1.0, r.rate / trivial.rate / TARGET_RATIO) for r in formats]
        shares += [min(1.0, TARGET_P99_MS / max(r.p99_ms, 1e-9)) for r in formats]
        closeness = math.prod(shares) ** (1 / len(shares))
        scores[worker_class] = (met, closeness)
        print(f"  {worker_class:8} targets met {met}/{len(formats)}; "
              f"{closeness:.0%} of the way to them")  # fmt: skip
    if scores:
        best = max(scores, key=lambda k: scores[k])
        print(f"  closer to the targets here: {best} (by targets met, then by the "
              "geometric mean over formats of ratio/0.5 and 20 ms/p99, each capped "
              "at 1)")  # fmt: skip


def serve_and_measure(
    args: argparse.Namespace, classes: list[str], url: str, db_pid: int | None,
    endpoints: list[Endpoint], ids: list[str], scripts: dict[str, Path],
) -> dict[str, list[Result]]:  # fmt: skip
    """One gunicorn per worker class, all up at once (idle ones cost nothing), and
    each endpoint measured on one after the other: drifting load from elsewhere on
    the machine then hits the classes alike. Profiles (--profile) come after."""
    results: dict[str, list[Result]] = {c: [] for c in classes}
    log = args.work / "gunicorn.log"  # this run's servers, both
    log.write_bytes(b"")
    with ExitStack() as stack:
        servers = {}
        for worker_class in classes:
            threads = args.threads if worker_class == "gthread" else 1
            process, base = stack.enter_context(
                gunicorn(url, worker_class, threads, log)
            )
            servers[worker_class] = process, base
            print(f"{worker_class}: gunicorn {process.pid}, workers "
                  f"{workers_of(process.pid)} at {base}")  # fmt: skip
        for endpoint in endpoints:
            for worker_class, (process, base) in servers.items():
                results[worker_class].append(
                    measure_endpoint(
                        args,
                        process,
                        base,
                        endpoint,
                        ids,
                        scripts,
                        db_pid,
                        worker_class,
                    )  # fmt: skip
                )
        for worker_class, (process, base) in servers.items():
            for r in results[worker_class] if args.profile else []:
                if r.available:
                    out = args.work / f"profile-{worker_class}-{r.endpoint.slug}.txt"
                    print(f"\nprofile {worker_class} {r.endpoint.name} "
                          f"({out.with_suffix('.*.txt')}):")  # fmt: skip
                    pids = workers_of(process.pid)
                    script = scripts[r.endpoint.name]
                    print(profile(args, base, r, script, pids, out))
    return results


def measure_endpoint(
    args: argparse.Namespace, process: subprocess.Popen[bytes], base: str,
    endpoint: Endpoint, ids: list[str], scripts: dict[str, Path],
    db_pid: int | None, label: str,
) -> Result:  # fmt: skip
    """Probe the endpoint; if it answers, the best of --repeat measured runs."""
    available, note = probe(base, endpoint, ids)
    print(f"  {label:8}{endpoint.name:18}{endpoint.path:26}{note}", flush=True)
    if not available:
        return Result(endpoint, False, note)
    runs = []
    for _ in range(args.repeat):
        script = scripts[endpoint.name]
        runs.append(measure(args, base, endpoint, script, process.pid, db_pid))
        last = runs[-1]
        print(f"  {'':26}{last.rate:,.0f} req/s, p99 {last.p99_ms:.1f} ms; workers' "
              f"CPU {'/'.join(f'{x:.0%}' for x in last.split)}, other processes "
              f"{last.other:.2f} cores", flush=True)  # fmt: skip
    return max(runs, key=lambda r: r.rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=15, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=3, help="seconds, unmeasured")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--worker-class", choices=["sync", "gthread", "both"], default="both"
    )
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measured runs per endpoint (best kept)"
    )
    parser.add_argument("--ids", type=int, default=10_000, help="distinct ids asked")
    parser.add_argument(
        "--endpoints", default=",".join(e.name for e in ENDPOINTS),
        help="comma-separated subset of: " + ", ".join(e.name for e in ENDPOINTS),
    )  # fmt: skip
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument(
        "--profile", action="store_true", help="then py-spy the workers per endpoint"
    )
    parser.add_argument("--py-spy", help="py-spy executable (default: from PATH)")
    args = parser.parse_args()
    chosen = {name.strip() for name in args.endpoints.split(",")}
    endpoints = [e for e in ENDPOINTS if e.name == TRIVIAL or e.name in chosen]
    classes = (
        ["sync", "gthread"] if args.worker_class == "both" else [args.worker_class]
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops PG
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    args.work.mkdir(parents=True, exist_ok=True)

    path = records_file(args.work, args.records)
    workers = production.workers
    print(f"input: {args.records:,} SYNTHETIC records, {path.stat().st_size / 1e6:,.0f}"
          f" MB of MARCXchange ({path})")  # fmt: skip
    print(f"machine: {os.cpu_count()} cores, {cores()} usable; load average "
          f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}; production config: "
          f"{workers} workers, worker_class={production.worker_class}, keepalive="
          f"{production.keepalive} s")  # fmt: skip
    print(f"wrk: {args.connections} connections, {args.wrk_threads} threads, "
          f"{args.warmup:g} s warm-up + {args.duration:g} s per endpoint; ids: "
          f"{args.ids:,} random active ones")  # fmt: skip

    with (
        database(args.work, path) as (server, url),
        tempfile.TemporaryDirectory(dir=args.work) as scratch,
    ):
        ids, statuses = sample_ids(url, args.ids)
        counts = ", ".join(f"{n:,} {s}" for s, n in statuses.most_common())
        print(f"database: {sum(statuses.values()):,} authorities ({counts})")
        scripts = {
            e.name: lua_script(Path(scratch) / f"{e.slug}.lua", e, ids)
            for e in endpoints
        }
        runs = serve_and_measure(
            args, classes, url, server.pid, endpoints, ids, scripts
        )
    for worker_class, results in runs.items():
        threads = args.threads if worker_class == "gthread" else 1
        show(worker_class, results, workers, threads, args.connections)
    if len(runs) > 1:
        recommend(runs)
    print(f"\nload average after: "
          f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip


if __name__ == "__main__":
    main()
