"""Benchmark: the workbench's pages under gunicorn, against the JSON API's same request.

    python bench/workbench.py [--records 20000] [--duration 10] [--connections 16]
        [--warmup 3] [--queries 2000] [--typos 0.25] [--ids 5000] [--repeat 1]
        [--work DIR] [--profile [--py-spy PATH]]

1. ``--records`` SYNTHETIC BARE records (bench/bare_records.py; the file cached in
   --work) loaded by ``authority load FILE`` into an embedded PostgreSQL in --work,
   kept for the next run over the same file and schema (api_bench's ``database``).
   The default is small enough for a run of a few minutes; the issue's scale is
   ``--records 1000000``.
2. The requests: ``--ids`` random active ids, and search texts made from
   ``--queries`` random keys of active search terms as search_bench makes them
   (one or two words of a key, ``--typos`` of them with one typo). Each goes into
   a wrk Lua script whose ``request()`` picks one path per request.
3. gunicorn as production runs it (``gunicorn -c python:authority.gunicorn
   authority.wsgi:app``: one sync worker per usable core), ready at /ready 200.
4. Two pairs, each the JSON API's request first (the baseline), then the page for
   a person right after, so that drifting load elsewhere on the machine hits both
   alike; between runs the bench waits until gunicorn and PostgreSQL are idle:
   - search: ``/authorities?size=20&q=<text>`` (JSON) and ``/?size=20&q=<text>``
     (the search page: hits, facets, pager, copy forms);
   - record: ``/authorities/<id>`` (JSON) and ``/authorities/<id>.html`` (the
     workbench's record page, as an anonymous visitor gets it).
   A path that does not answer 200 with the expected media type is reported "not
   available", not measured.
5. Per run: req/s, p50 and p99 (wrk's histogram), non-200 answers and errors; the
   page's ratio to its baseline (req/s, and p99); the CPU each side used per
   request (gunicorn, PostgreSQL, wrk) and the cores other processes took (NOISY
   above 0.15), from /proc. With --profile, a py-spy profile of the workers during
   each page that missed its target (api_bench's ``profile``).

Targets (issue 19, at 1,000,000 authorities with 16 clients): search page p99 <=
50 ms, record page p99 <= 20 ms. The load generator shares the machine with the
server and the database (loopback). The figures are printed; nothing fails on them
(benchmarks never fail CI on a time).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority import gunicorn as production  # noqa: E402
from authority.machine import cores  # noqa: E402
from bench.api_bench import (  # noqa: E402
    NOISE,
    Endpoint,
    Result,
    database,
    fetch,
    gunicorn,
    measure,
    paths_script,
    profile,
    records_file,
    sample_ids,
    workers_of,
)
from bench.search_bench import SEED, sample_keys, search_queries, settle  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "workbench"


@dataclass(frozen=True)
class Pair:
    """A page for a person and the JSON API's same request (its baseline)."""

    name: str
    api: Endpoint
    page: Endpoint
    target_p99_ms: float
    wants: str
    """The page's media type (the API's is JSON)."""


PAIRS = (
    Pair(
        "search",
        Endpoint("API search (JSON)", "/authorities?size=20&q={q}", "api-search"),
        Endpoint("search page", "/?size=20&q={q}", "page-search"),
        50.0,
        "text/html",
    ),
    Pair(
        "record",
        Endpoint("API record (JSON)", "/authorities/{id}", "api-record"),
        Endpoint("record page", "/authorities/{id}.html", "page-record"),
        20.0,
        "text/html",
    ),
)


def paths(endpoint: Endpoint, ids: list[str], queries: list[str]) -> list[str]:
    """Every path wrk picks from: ids are digits, texts are %-quoted (Lua-safe)."""
    if "{id}" in endpoint.path:
        return [endpoint.path.replace("{id}", i) for i in ids]
    return [
        endpoint.path.replace("{q}", urllib.parse.quote(q, safe="")) for q in queries
    ]


def probe(base: str, some: list[str], wants: str) -> tuple[bool, str]:
    """Do the first paths answer 200 with ``wants``? (available, what they did)."""
    answers = [fetch(base + p) for p in some[:20]]
    good = [a for a in answers if a[0] == 200 and a[1].startswith(wants)]
    if not good:
        seen = sorted({f"HTTP {s} {t.split(';')[0]}" for s, t, _ in answers})
        return False, f"not available ({', '.join(seen)})"
    size = sum(a[2] for a in good) // len(good)
    mixed = "" if len(good) == len(answers) else f"; {len(good)}/{len(answers)} 200"
    return True, f"{wants}, ~{size:,} B{mixed}"


def run(
    args: argparse.Namespace, base: str, app_pid: int, db_pid: int | None,
    endpoint: Endpoint, script: Path, sample: list[str], wants: str,
) -> Result:  # fmt: skip
    """Probe, then the best of --repeat measured runs (each after a warm-up)."""
    available, note = probe(base, sample, wants)
    print(f"  {endpoint.name:20}{endpoint.path:28}{note}", flush=True)
    if not available:
        return Result(endpoint, False, note)
    runs = []
    for _ in range(args.repeat):
        settle([app_pid, db_pid])
        runs.append(measure(args, base, endpoint, script, app_pid, db_pid))
        last = runs[-1]
        print(f"  {'':48}{last.rate:,.0f} req/s, p50 {last.p50_ms:.1f} ms, p99 "
              f"{last.p99_ms:.1f} ms, other processes {last.other:.2f} cores",
              flush=True)  # fmt: skip
    return max(runs, key=lambda r: r.rate)


def met(pair: Pair, page: Result) -> bool:
    return (
        page.available
        and page.requests > 0
        and page.p99_ms <= pair.target_p99_ms
        and page.non200 == 0
        and page.errors == 0
    )


def show(results: dict[str, tuple[Result, Result]], connections: int) -> None:
    print(f"\n{'':24}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'non-200':>9}"
          f"{'errors':>7}   page / API: req/s   p99   target")  # fmt: skip
    for pair in PAIRS:
        api, page = results[pair.name]
        for r in (api, page):
            if not r.available:
                print(f"  {r.endpoint.name:22}{r.note}")
                continue
            cells = (f"  {r.endpoint.name:22}{r.rate:8,.0f}{r.p50_ms:8.1f}"
                     f"{r.p99_ms:8.1f}{r.non200:>9,}{r.errors:>7,}")  # fmt: skip
            if r is api:
                print(f"{cells}   (baseline)")
                continue
            ratios = "n/a"
            if api.available and api.rate and api.p99_ms:
                ratios = f"{r.rate / api.rate:5.2f}x {r.p99_ms / api.p99_ms:5.2f}x"
            verdict = "met" if met(pair, r) else "NOT met"
            print(f"{cells}   {ratios:>17}   p99 <= {pair.target_p99_ms:g} ms: "
                  f"{verdict}")  # fmt: skip
    print(f"  (a closed loop of {connections} clients waits {connections} / req/s "
          "on average)")  # fmt: skip
    print(f"  CPU ms per request by side; cores busy on the machine (of "
          f"{os.cpu_count()}), of which other processes':")  # fmt: skip
    print(f"  {'':22}{'gunicorn':>9}{'postgres':>9}{'wrk':>7}{'busy':>7}"
          f"{'other':>7}{'requests':>10}")  # fmt: skip
    for api, page in results.values():
        for r in (api, page):
            if r.available and r.cpu:
                c = {k: v * 1000 for k, v in r.cpu.items()}
                print(f"  {r.endpoint.name:22}{c['app']:9.2f}{c['db']:9.2f}"
                      f"{c['wrk']:7.2f}{r.busy:7.2f}{r.other:7.2f}"
                      f"{r.requests:10,}")  # fmt: skip
    noisy = [
        r.endpoint.name
        for pair in results.values()
        for r in pair
        if r.available and r.other > NOISE
    ]
    if noisy:
        print(f"  NOISY: other processes used > {NOISE} cores during "
              f"{', '.join(noisy)}: those figures understate; run again on a quiet "
              "machine")  # fmt: skip


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--duration", type=float, default=10, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=3, help="seconds, unmeasured")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queries", type=int, default=2000, help="keys sampled")
    parser.add_argument("--typos", type=float, default=0.25,
                        help="share of search texts with one typo")  # fmt: skip
    parser.add_argument("--ids", type=int, default=5000, help="distinct ids asked")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measured runs per request (best kept)")  # fmt: skip
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the workers if a page missed")  # fmt: skip
    parser.add_argument("--py-spy", help="py-spy executable (default: from PATH)")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops PG
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    args.work.mkdir(parents=True, exist_ok=True)
    path = records_file(args.work, args.records)
    print(f"input: {args.records:,} SYNTHETIC records, {path.stat().st_size / 1e6:,.0f}"
          f" MB of MARCXchange ({path})")  # fmt: skip
    print(f"machine: {os.cpu_count()} cores, {cores()} usable; load average "
          f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}; production config: "
          f"{production.workers} {production.worker_class} workers")  # fmt: skip
    print(f"wrk: {args.connections} connections, {args.wrk_threads} threads, "
          f"{args.warmup:g} s warm-up + {args.duration:g} s per request")  # fmt: skip
    results: dict[str, tuple[Result, Result]] = {}
    with (
        database(args.work, path) as (server, url),
        tempfile.TemporaryDirectory(dir=args.work) as scratch,
    ):
        ids, statuses = sample_ids(url, args.ids)
        counts = ", ".join(f"{n:,} {s}" for s, n in statuses.most_common())
        print(f"database: {sum(statuses.values()):,} authorities ({counts})")
        keys = sample_keys(url, args.queries)
        queries = search_queries(keys, args.typos, random.Random(SEED))
        print(f"search texts: {len(queries):,}, e.g. "
              f"{', '.join(repr(q) for q in queries[:6])}")  # fmt: skip
        log = args.work / "gunicorn.log"
        log.write_bytes(b"")
        with gunicorn(url, production.worker_class, 1, log) as (process, base):
            print(f"gunicorn {process.pid}, workers {workers_of(process.pid)} at "
                  f"{base}")  # fmt: skip
            for pair in PAIRS:
                measured = []
                for endpoint, wants in ((pair.api, "application/json"),
                                        (pair.page, pair.wants)):  # fmt: skip
                    every = paths(endpoint, ids, queries)
                    script = paths_script(
                        Path(scratch) / f"{endpoint.slug}.lua", endpoint.path, every
                    )
                    measured.append(
                        run(
                            args,
                            base,
                            process.pid,
                            server.pid,
                            endpoint,
                            script,
                            every,
                            wants,
                        )  # fmt: skip
                    )
                results[pair.name] = (measured[0], measured[1])
                page = measured[1]
                if args.profile and page.available and not met(pair, page):
                    out = args.work / f"profile-{page.endpoint.slug}.txt"
                    print(f"\nprofile of the {page.endpoint.name} "
                          f"({out.with_suffix('.*.txt')}):")  # fmt: skip
                    script = Path(scratch) / f"{page.endpoint.slug}.lua"
                    print(profile(args, base, page, script,
                                  workers_of(process.pid), out))  # fmt: skip
    show(results, args.connections)
    print(f"\nload average after: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
