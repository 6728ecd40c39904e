"""Benchmark: the SPARQL store's build, and one concept's labels by SPARQL.

    python bench/sparql_bench.py [--records 20000] [--requests 2000]
        [--worker-class gthread] [--threads 4] [--work DIR]

1. ``--records`` subject records from Realfagstermer (bench/subject_records.py: the
   vocabulary Skosmos would show), loaded by ``authority load`` into an embedded
   PostgreSQL in --work (kept between runs; api_bench.py's helpers).
2. ``authority sparql rebuild``: the store's build time, records/s; against
   ``authority export --format nt`` of the same register in the same run (the same
   records mapped to the same triples, written to a file instead of the store).
3. The production gunicorn (authority/gunicorn.py) over it. ``--requests`` lookups
   of one random concept's labels (Skosmos' queryLabel: prefLabel, altLabel by
   language) through ``/sparql``, one at a time, timed at the client: p50, p99
   (issue 20's target: p99 <= 20 ms); against two baselines in the same run: the
   trivial query ``ASK {}`` through the same endpoint (the HTTP, worker and pipe
   cost with no store work) and the record's JSON (``GET /authorities/<id>``).

The figures are printed; nothing fails on them.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from subject_records import write_collection  # noqa: E402

from bench.api_bench import database, gunicorn, sample_ids  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "sparql"
TARGET_P99_MS = 20.0
BASE_URI = "http://127.0.0.1:5000/"  # what the store's URIs begin with
LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?alt WHERE {{
  {{ <{uri}> skos:prefLabel ?label . }} UNION {{ <{uri}> skos:altLabel ?alt . }}
}}"""


def subjects_file(work: Path, count: int) -> Path:
    path = work / f"subjects-{count}.xml"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_collection(partial, count)
        partial.rename(path)
    return path


def command(url: str, store: Path, *args: str) -> tuple[str, float]:
    """(output, seconds) of ``authority ARGS`` over the database and store."""
    environment = {
        **os.environ,
        "AUTHORITY_DATABASE_URL": url,
        "AUTHORITY_SPARQL_DIR": str(store),
        "AUTHORITY_BASE_URI": BASE_URI,
    }
    start = time.perf_counter()
    done = subprocess.run(
        ["authority", *args],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr, time.perf_counter() - start


def timed(address: str, count: int, make: object) -> list[float]:
    """Milliseconds of ``count`` GETs, one at a time (``make(i)`` gives the URL)."""
    times = []
    for i in range(count):
        target = make(i)  # type: ignore[operator]
        start = time.perf_counter()
        with urllib.request.urlopen(address + target, timeout=30) as response:  # noqa: S310
            response.read()
            assert response.status == 200
        times.append((time.perf_counter() - start) * 1000)
    return times


def p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1]


def report(name: str, times: list[float]) -> float:
    p99 = p(times, 99)
    print(f"{name}: {len(times)} requests, p50 {statistics.median(times):.1f} ms, "
          f"p99 {p99:.1f} ms")  # fmt: skip
    return p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.work / "store"
    path = subjects_file(args.work, args.records)
    with database(args.work, path) as (_server, url):
        said, build = command(url, store, "sparql", "rebuild")
        stored = int(re.search(r"Stored (\d+)", said).group(1))  # type: ignore[union-attr]
        output = args.work / "export.nt"
        said, export = command(
            url, store, "export", "--format", "nt", "--output", str(output)
        )
        output.unlink()
        exported = int(re.search(r"Exported (\d+)", said).group(1))  # type: ignore[union-attr]
        ids, _ = sample_ids(url, min(args.requests, 1000))
        os.environ["AUTHORITY_SPARQL_DIR"] = str(store)
        os.environ["AUTHORITY_BASE_URI"] = BASE_URI
        log = args.work / "sparql-gunicorn.log"
        with gunicorn(url, args.worker_class, args.threads, log) as (_process, base):
            rng = random.Random(7)
            chosen = [rng.choice(ids) for _ in range(args.requests)]

            def labels(i: int) -> str:
                query = LABELS.format(uri=f"{BASE_URI}authorities/{chosen[i]}")
                return "/sparql?" + urllib.parse.urlencode({"query": query})

            warm = min(200, args.requests)
            timed(base, warm, labels)  # every worker's query processes started
            timed(base, warm, lambda i: "/sparql?query=ASK%20%7B%7D")
            lookups = timed(base, args.requests, labels)
            ask = timed(base, args.requests, lambda i: "/sparql?query=ASK%20%7B%7D")
            record = timed(base, args.requests, lambda i: f"/authorities/{chosen[i]}")
    print(f"store build (authority sparql rebuild): {stored:,} records in "
          f"{build:,.1f} s = {stored / build:,.0f} records/s")  # fmt: skip
    print(f"export --format nt (same records): {exported:,} in {export:,.1f} s = "
          f"{exported / export:,.0f} records/s; build / export = "
          f"{(stored / build) / (exported / export):.2f}x")  # fmt: skip
    p99 = report("one concept's labels (SPARQL SELECT)", lookups)
    report("baseline ASK {} (same endpoint)", ask)
    report("baseline GET /authorities/<id> (JSON)", record)
    verdict = "meets" if p99 <= TARGET_P99_MS else "MISSES"
    print(
        f"labels lookup p99 {p99:.1f} ms ({verdict} the {TARGET_P99_MS:.0f} ms target)"
    )


if __name__ == "__main__":
    main()
