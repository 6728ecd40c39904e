"""Benchmark: /reconcile batches of 100 names, against 100 single searches.

    python bench/reconcile_bench.py [--records 20000] [--batches 40] [--size 100]
        [--work DIR]

1. ``--records`` SYNTHETIC BARE records (bench/bare_records.py; the file cached in
   --work) loaded by ``authority load FILE`` into an embedded PostgreSQL in --work
   (api_bench.py's helpers: a later run over the same file skips the load).
2. ``--batches`` x ``--size`` random active persons and corporate bodies (seeded),
   each a spreadsheet row: the heading without its dates as the name, the dates
   (when the heading has them) as the ``dates`` property on every other row, the
   kind as the type; the known id is the row's own.
3. Each batch POSTed to ``/reconcile`` (form ``queries``) through the app in this
   process (Flask's test client: the whole view, contracts, service, scoring and
   JSON, no socket), one batch at a time: p50, p99 and max per batch, and hits@1.
4. The baseline in the same run, over the same rows: per batch, ``--size`` single
   ``services.searching.search`` calls (the name, the kind, 20 hits), as a client
   that searched name by name would make; the same percentiles per batch.

Target (issue 20): a batch of 100 names p99 <= 500 ms (at 1,000,000 authorities; a
smaller --records here). The figures are printed; nothing fails on them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority import create_app  # noqa: E402
from authority.domain import Authority, Kind  # noqa: E402
from authority.extension import runtime  # noqa: E402
from authority.search.model import SearchQuery  # noqa: E402
from bench.api_bench import database, records_file, sample_ids  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "reconcile"
TARGET_P99_MS = 500.0
KINDS = (Kind.PERSON, Kind.CORPORATE_BODY)
SKIPPED = frozenset("de0146789w")


def row(authority: Authority, with_dates: bool) -> dict[str, Any]:
    """The spreadsheet row of ``authority``: name, type, dates (every other row)."""
    heading = authority.heading
    assert heading is not None
    name = " ".join(s.value for s in heading.subfields if s.code not in SKIPPED)
    query: dict[str, Any] = {"query": name.strip(" ,."), "type": authority.kind.value}
    dates = " ".join(s.value for s in heading.subfields if s.code == "d")
    if with_dates and dates:
        query["properties"] = [{"pid": "dates", "v": dates}]
    return query


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:7.1f} ms  "
        f"p99 {p99 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"
    )


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    path = records_file(args.work, args.records)
    with database(args.work, path) as (_, url):
        app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False})
        services = runtime(app).services
        ids, statuses = sample_ids(url, args.records)
        print(f"register: {dict(statuses)}")
        found = services.reading.find_many(ids)
        named = [found[i] for i in ids if i in found and found[i].kind in KINDS]
        random.Random(20).shuffle(named)
        wanted = args.batches * args.size
        if len(named) < wanted:
            print(f"only {len(named)} persons and bodies: fewer batches")
        rows = [row(a, n % 2 == 0) for n, a in enumerate(named[:wanted])]
        known = [a.id for a in named[:wanted]]
        batches = [rows[i : i + args.size] for i in range(0, len(rows), args.size)]
        client = app.test_client()
        run(client, services, batches[:2], known, warmup=True)
        run(client, services, batches, known, warmup=False)
        runtime(app).close()


def run(client: Any, services: Any, batches: list[list[dict[str, Any]]],
        known: list[str], warmup: bool) -> None:  # fmt: skip
    reconciled: list[float] = []
    searched: list[float] = []
    cpu = {"reconcile": 0.0, "searches": 0.0}
    hits = {True: 0, False: 0}
    rows = {True: 0, False: 0}
    size = len(batches[0])
    for number, batch in enumerate(batches):
        form = {"queries": json.dumps({f"q{n}": q for n, q in enumerate(batch)})}
        started = time.process_time()
        seconds, response = timed(lambda f=form: client.post("/reconcile", data=f))
        cpu["reconcile"] += time.process_time() - started
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        reconciled.append(seconds)
        answer = response.get_json()
        for n in range(len(batch)):
            result = answer[f"q{n}"]["result"]
            dated = "properties" in batch[n]
            rows[dated] += 1
            hits[dated] += bool(result) and result[0]["id"] == known[number * size + n]

        def singles(queries: list[dict[str, Any]] = batch) -> None:
            for q in queries:
                kinds = (Kind(q["type"]),)
                services.searching.search(SearchQuery(q["query"], kinds, size=20))

        started = time.process_time()
        searched.append(timed(singles)[0])
        cpu["searches"] += time.process_time() - started
    if warmup:
        return
    print(f"\n{len(batches)} batches of {size} names (in-process, one at a time)")
    print(f"  /reconcile batch        {percentiles(reconciled)}")
    print(f"  baseline: {size} searches  {percentiles(searched)}")
    ratio = p99(reconciled) / p99(searched)
    print(f"  p99 ratio reconcile / searches: {ratio:.2f}x")
    met = "met" if p99(reconciled) * 1000 <= TARGET_P99_MS else "MISSED"
    print(f"  target: batch p99 <= {TARGET_P99_MS:.0f} ms: {met}")
    per = {k: v / len(batches) * 1000 for k, v in cpu.items()}
    print(f"  this process's CPU per batch: reconcile {per['reconcile']:.0f} ms, "
          f"searches {per['searches']:.0f} ms (PostgreSQL's apart)")  # fmt: skip
    for dated, what in ((True, "with their dates"), (False, "by name alone")):
        share = hits[dated] / max(1, rows[dated])
        print(f"  hits@1 of the {rows[dated]} rows {what}: {share:.3f}")


if __name__ == "__main__":
    main()
