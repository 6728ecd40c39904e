"""Benchmark: following the whole change feed from seq 0, against one SQL query.

    python bench/feed_bench.py [--records 20000] [--page-size 1000]
        [--worker-class gthread] [--threads 4] [--work DIR]

1. ``--records`` synthetic BARE records (bench/bare_records.py), loaded by
   ``authority load`` into an embedded PostgreSQL in --work (kept: a later run over
   the same file skips the load; api_bench.py's helpers). The load writes one
   change per record: the change log the feed publishes.
2. The baseline, in the same run: the whole ``change_log`` table read with one SQL
   query (psycopg, every row fetched into Python): changes/s.
3. The production gunicorn (authority/gunicorn.py) over it, FEED_PAGE_SIZE set, and
   a consumer following the feed from seq 0 as a client would, every activity
   parsed as JSON: (a) ``/changes.jsonl?after=0`` in one streamed answer; (b) the
   pages, from ``/changes`` to page 1, then by ``next``. Each in changes/s and as a
   ratio to the baseline (issue 20's target: >= 0.5x), with the workers' peak RSS
   during the stream (bounded memory: it should not grow with the log).

The figures are printed; nothing fails on them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.api_bench import database, gunicorn, records_file  # noqa: E402
from bench.oai_harvest import rss_mb  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "feed"
TARGET_RATIO = 0.5
SQL = (
    "SELECT seq, authority_id, revision, action, actor, institution, recorded"
    " FROM change_log ORDER BY seq"
)


def baseline(url: str) -> tuple[int, float]:
    """(changes, seconds) of the change log read with one query, every row fetched."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as db:
        start = time.perf_counter()
        rows = db.execute(SQL).fetchall()
        return len(rows), time.perf_counter() - start


def feed_query(url: str, size: int) -> tuple[int, float]:
    """(changes, seconds) of the feed's own query, page by page.

    Part of the profile: what the database costs the feed over the baseline. Since
    migration 0007 the log holds the state each change left: one table, keyset
    paged on its primary key (it was joined to the history twice before).
    """
    query = (
        "SELECT seq, authority_id, revision, action, actor, institution, recorded,"
        " status, merged_into, status_before FROM change_log"
        " WHERE seq > %s AND seq <= %s ORDER BY seq LIMIT %s"
    )
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as db:
        start, count, after = time.perf_counter(), 0, 0
        while True:
            rows = db.execute(query, (after, after + size, size)).fetchall()
            count += len(rows)
            if len(rows) < size:
                return count, time.perf_counter() - start
            after = rows[-1][0]


def stream(base: str, pid: int) -> tuple[int, float, float, float]:
    """(changes, seconds, of which parsing, peak worker RSS MB) of the jsonl stream."""
    address = urlsplit(base)
    connection = HTTPConnection(address.hostname or "", address.port, timeout=600)
    peak, count, last, parsing = rss_mb(pid), 0, 0, 0.0
    start = time.perf_counter()
    connection.request("GET", "/changes.jsonl?after=0")
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"/changes.jsonl answered {response.status}")
    for line in response:
        parsed = time.perf_counter()
        seq = json.loads(line)["seq"]
        parsing += time.perf_counter() - parsed
        if seq != last + 1:
            raise RuntimeError(f"change {last + 1} missing: got {seq}")
        last, count = seq, count + 1
        if count % 5000 == 0:
            peak = max(peak, rss_mb(pid))
    seconds = time.perf_counter() - start
    connection.close()
    return count, seconds, parsing, max(peak, rss_mb(pid))


def pages(base: str) -> tuple[int, float, int]:
    """(changes, seconds, pages) of following the pages from the collection."""
    address = urlsplit(base)
    connection = HTTPConnection(address.hostname or "", address.port, timeout=600)
    count = read = 0
    start = time.perf_counter()
    collection = _json(connection, "/changes")
    url: str | None = collection["first"]["id"]
    while url:
        page = _json(connection, urlsplit(url).path)
        read += 1
        for item in page["orderedItems"]:
            if item["seq"] != count + 1:
                raise RuntimeError(f"change {count + 1} missing: got {item['seq']}")
            count += 1
        url = page.get("next", {}).get("id")
    seconds = time.perf_counter() - start
    connection.close()
    return count, seconds, read


def _json(connection: HTTPConnection, path: str) -> Any:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return json.loads(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["AUTHORITY_FEED_PAGE_SIZE"] = str(args.page_size)
    path = records_file(args.work, args.records)
    with database(args.work, path) as (_server, url):
        changes, sql_seconds = baseline(url)
        joined, join_seconds = feed_query(url, args.page_size)
        log = args.work / "feed-gunicorn.log"
        with gunicorn(url, args.worker_class, args.threads, log) as (process, base):
            streamed, stream_seconds, parsing, peak = stream(base, process.pid)
            paged, page_seconds, read = pages(base)
    sql_rate = changes / sql_seconds
    print(f"baseline, one SQL query over change_log: {changes:,} changes in "
          f"{sql_seconds:,.2f} s = {sql_rate:,.0f} changes/s")  # fmt: skip
    for name, count, seconds in (
        ("/changes.jsonl?after=0 (one stream)", streamed, stream_seconds),
        (f"pages of {args.page_size} ({read} pages)", paged, page_seconds),
    ):
        rate = count / seconds
        ratio = rate / sql_rate
        verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
        print(f"feed, {name}: {count:,} changes in {seconds:,.2f} s = "
              f"{rate:,.0f} changes/s = {ratio:.2f}x baseline "
              f"({verdict} the {TARGET_RATIO}x target)")  # fmt: skip
        if count != changes:
            print(f"COUNTS DIFFER: feed {count:,}, change_log {changes:,}")
    print("profile of the stream:")
    print(f"  the feed's own query (one table), pages of {args.page_size}: "
          f"{join_seconds:,.2f} s = {joined / join_seconds:,.0f} changes/s = "
          f"{sql_seconds / join_seconds:.2f}x baseline")  # fmt: skip
    served = stream_seconds - parsing
    print(f"  the client's json.loads of each line: {parsing:,.2f} s; the rest "
          f"(server, transfer): {served:,.2f} s = {streamed / served:,.0f} "
          f"changes/s")  # fmt: skip
    print(f"gunicorn workers' peak RSS during the stream: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
