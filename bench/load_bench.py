"""Benchmark: the migration load (issue 5), against bare lxml iterparse in the same run.

    python bench/load_bench.py [--records 1000000] [--small 100000] [--work DIR]

1. Writes ``--records`` SYNTHETIC BARE records as one MARCXchange file
   (bench/bare_records.py; cached in --work), and ``--small`` of them as a second.
2. Baselines over the same file: lxml ``iterparse`` visiting every element
   (A, the minimal streaming pass in Python) and visiting only records (B).
3. ``authority load FILE`` as an operator runs it (the console script, a subprocess,
   its reader process chosen by size) into an empty embedded PostgreSQL, until
   committed: records/s, and peak RSS of the load's processes (the sum of each
   process's high-water mark: an upper bound of what they held at once).
4. The same command again: every record unchanged (the idempotent re-run).
5. The small file into a second empty database: peak RSS again, so that "flat in N"
   is a measured claim, not a hope.

Targets (issue 5, on a 2-core machine): load >= 0.35x iterparse A, peak RSS < 400 MB
and flat in N, re-run >= 3x faster than the first load. The figures are printed;
nothing fails on them (benchmarks never fail CI on a time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority.storage.embedded import EmbeddedPostgres  # noqa: E402
from bench.processes import descendants  # noqa: E402

MARC = "{info:lc/xmlns/marcxchange-v1}record"
DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "load"


def records_file(work: Path, count: int) -> Path:
    """The generated MARCXchange file of ``count`` records (made once, then kept)."""
    path = work / f"bare-{count}.xml"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "bare_records.py"),
             "--records", str(count), "--format", "marcxchange",
             "--output", str(path)],
            check=True,
        )  # fmt: skip
    return path


def iterparse(path: Path, records_only: bool) -> int:
    """Records in ``path`` by a bare iterparse (A: every element, B: records only)."""
    n = 0
    options = {"tag": MARC} if records_only else {}
    for _, element in etree.iterparse(
        str(path), events=("end",), resolve_entities=False, no_network=True,
        huge_tree=True, **options,
    ):  # fmt: skip
        if records_only or element.tag == MARC:
            n += 1
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return n


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def run_load(path: Path, url: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB over the load's processes, summary line)."""
    environment = {**os.environ, "AUTHORITY_DATABASE_URL": url}
    start = time.perf_counter()
    process = subprocess.Popen(
        ["authority", "load", str(path)],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in [process.pid, *descendants(process.pid)]:
            peaks[pid] = max(peaks.get(pid, 0), _high_water_kb(pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    summary = process.stdout.read().strip() if process.stdout else ""
    return seconds, sum(peaks.values()) / 1024, summary


def _high_water_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fresh_database(folder: Path) -> tuple[EmbeddedPostgres, str]:
    shutil.rmtree(folder, ignore_errors=True)
    server = EmbeddedPostgres(folder)
    return server, server.start()


def committed(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = int(connection.scalar(text("SELECT count(*) FROM authorities")) or 0)
    engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    big, small = (
        records_file(args.work, args.records),
        records_file(args.work, args.small),
    )
    size_mb = big.stat().st_size / 1e6
    print(f"input: {args.records:,} records, {size_mb:,.0f} MB of MARCXchange; "
          f"{os.cpu_count()} cores")  # fmt: skip

    a_seconds, _ = timed(lambda: iterparse(big, records_only=False))
    b_seconds, _ = timed(lambda: iterparse(big, records_only=True))

    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        server, url = fresh_database(Path(scratch) / "big")
        try:
            first, first_rss, first_summary = run_load(big, url)
            stored = committed(url)
            again, again_rss, again_summary = run_load(big, url)
        finally:
            server.stop()
        server, url = fresh_database(Path(scratch) / "small")
        try:
            small_seconds, small_rss, _ = run_load(small, url)
        finally:
            server.stop()

    n = args.records
    rate = n / first
    print(f"iterparse A (every element): {n / a_seconds:>10,.0f} records/s")
    print(f"iterparse B (records only):  {n / b_seconds:>10,.0f} records/s")
    print(
        f"load (first):                {rate:>10,.0f} records/s  "
        f"{first:,.0f} s  [{first_summary}]; {stored:,} committed"
    )
    print(
        f"load (re-run, unchanged):    {n / again:>10,.0f} records/s  "
        f"{again:,.0f} s  [{again_summary}]"
    )
    print(
        f"load ({args.small:,}):           {args.small / small_seconds:>10,.0f} "
        "records/s"
    )
    print()
    print(f"load / iterparse A: {rate / (n / a_seconds):.2f}x   (target >= 0.35x)")
    print(f"load / iterparse B: {rate / (n / b_seconds):.2f}x")
    print(f"re-run speed-up:    {first / again:.1f}x    (target >= 3x)")
    print(
        f"peak RSS: {first_rss:,.0f} MB at {n:,}, {small_rss:,.0f} MB at "
        f"{args.small:,} (target < 400 MB, flat); re-run {again_rss:,.0f} MB"
    )


if __name__ == "__main__":
    main()
