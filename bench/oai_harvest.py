"""Benchmark: a full OAI-PMH harvest through Sickle, against `authority export`.

    python bench/oai_harvest.py [--records 20000] [--page-size 100]
        [--worker-class gthread] [--threads 4] [--work DIR]

1. ``--records`` synthetic BARE records (bench/bare_records.py), loaded by
   ``authority load`` into an embedded PostgreSQL in --work (kept: a later run over
   the same file skips the load; api_bench.py's helpers).
2. The production gunicorn (authority/gunicorn.py) over it, OAI_PAGE_SIZE set.
3. Sickle harvests ``ListRecords`` in ``marcxchange``, set ``bibsys_authorities``,
   from ``/authority/rest/oai`` (BARE's path), every page timed: records/s, and the
   first page's time against the median of the last tenth of the pages (a page deep
   in the harvest should cost what the first does: keyset paging, no OFFSET; the
   first one also counts the list for completeListSize). The requests' own time is
   printed apart from Sickle's parsing of each record (its xml_to_dict), so that a
   missed target says which side it is on.
4. ``authority export --format marcxchange`` of the same register in the same run:
   records/s, and the harvest's ratio to it (issue 18's target: >= 0.5x).
5. The peak RSS of the gunicorn workers during the harvest (constant memory per
   request: it should not grow with the register).

The figures are printed; nothing fails on them.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sickle import Sickle

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.api_bench import database, gunicorn, records_file  # noqa: E402
from bench.processes import descendants  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "api"
TARGET_RATIO = 0.5


class TimedSickle(Sickle):  # type: ignore[misc]
    """Sickle, each request timed (the harvest itself is Sickle's own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.times: list[float] = []

    def harvest(self, **kwargs: Any) -> Any:
        start = time.perf_counter()
        response = super().harvest(**kwargs)
        self.times.append(time.perf_counter() - start)
        return response


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid``'s descendants (the workers), in MB."""
    total = 0
    for child in descendants(pid):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def harvest(base: str, pid: int) -> tuple[int, float, list[float], float]:
    """(records, seconds, page times, peak worker RSS MB) of a full harvest."""
    client = TimedSickle(base + "/authority/rest/oai", max_retries=0, timeout=600)
    peak, count = rss_mb(pid), 0
    start = time.perf_counter()
    for _record in client.ListRecords(
        metadataPrefix="marcxchange", set="bibsys_authorities", ignore_deleted=False
    ):
        count += 1
        if count % 1000 == 0:
            peak = max(peak, rss_mb(pid))
    return count, time.perf_counter() - start, client.times, max(peak, rss_mb(pid))


def export(url: str, work: Path) -> tuple[int, float]:
    """(records, seconds) of ``authority export --format marcxchange``."""
    output = work / "export.xml"
    environment = {**os.environ, "AUTHORITY_DATABASE_URL": url}
    start = time.perf_counter()
    done = subprocess.run(
        ["authority", "export", "--format", "marcxchange", "--output", str(output)],
        env=environment, check=True, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    output.unlink()
    said = re.search(r"Exported (\d+) authorities", done.stdout + done.stderr)
    if said is None:
        raise RuntimeError(f"export said no count: {done.stderr[-500:]}")
    return int(said.group(1)), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["AUTHORITY_OAI_PAGE_SIZE"] = str(args.page_size)
    path = records_file(args.work, args.records)
    with database(args.work, path) as (_server, url):
        log = args.work / "oai-gunicorn.log"
        with gunicorn(url, args.worker_class, args.threads, log) as (process, base):
            count, seconds, pages, peak = harvest(base, process.pid)
        exported, export_seconds = export(url, args.work)
    rate, export_rate = count / seconds, exported / export_seconds
    deep = pages[-max(1, len(pages) // 10) :]
    print(f"harvest (Sickle, marcxchange, {len(pages)} pages of {args.page_size}): "
          f"{count:,} records in {seconds:,.1f} s = {rate:,.0f} records/s")  # fmt: skip
    print(f"export --format marcxchange: {exported:,} records in "
          f"{export_seconds:,.1f} s = {export_rate:,.0f} records/s")  # fmt: skip
    served = count / sum(pages)
    print(f"  of which the requests (server, transfer; not Sickle's parsing): "
          f"{sum(pages):,.1f} s = {served:,.0f} records/s = "
          f"{served / export_rate:.2f}x export")  # fmt: skip
    ratio = rate / export_rate
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"harvest / export: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    print(f"first page {pages[0] * 1000:.0f} ms, deep pages (last tenth) median "
          f"{statistics.median(deep) * 1000:.0f} ms: ratio "
          f"{statistics.median(deep) / pages[0]:.2f}")  # fmt: skip
    print(f"gunicorn workers' peak RSS during the harvest: {peak:,.0f} MB")
    if count != exported:
        print(f"COUNTS DIFFER: harvest {count:,}, export {exported:,}")


if __name__ == "__main__":
    main()
