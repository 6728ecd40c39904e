"""Benchmark: a full N-Triples dump with 2 workers, against reading the records alone.

    python bench/dump_bench.py [--records 20000] [--workers 2] [--all-forms]
        [--profile] [--work DIR]

1. ``--records`` synthetic BARE records (bench/bare_records.py), loaded by
   ``authority load`` into an embedded PostgreSQL in --work (kept: a later run over
   the same file skips the load; api_bench.py's helpers).
2. Baseline, in the same run: every authority read from the database through the
   service (``reading.all``: the batches a dump reads, turned into domain objects),
   and nothing else: records/s.
3. The dump: N-Triples of one consistent snapshot (``service/dumping.py``), written
   by ``--workers`` processes that join the snapshot, gzip-compressed into a file, as
   ``authority dump`` writes its first form: records/s (target >= 10,000 on 2 cores).
4. ``authority export --format nt --workers N`` of the same register (the current
   export: no snapshot, no gzip), for comparison.
5. With ``--all-forms``: ``authority dump --force`` (all five forms, the manifest,
   checksums) as an operator runs it, in seconds.
6. With ``--profile``: the N-Triples form written by one process under cProfile, the
   functions that took the most time (where a missed target goes).

The figures are printed; nothing fails on them.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority.export.dump import dump  # noqa: E402
from authority.export.job import ExportJob  # noqa: E402
from authority.export.output import output  # noqa: E402
from authority.extension import Runtime  # noqa: E402
from bench.api_bench import database, records_file  # noqa: E402

DEFAULT_WORK = Path.home() / ".cache" / "authority-bench" / "dumps"
TARGET = 10_000
"""Records/s of a full N-Triples dump on 2 cores (the issue's target)."""


def read_all(runtime: Runtime) -> tuple[int, float]:
    """(records, seconds) of reading every authority through the service."""
    start = time.perf_counter()
    count = sum(1 for _ in runtime.services.reading.all())
    return count, time.perf_counter() - start


def nt_dump(
    runtime: Runtime, url: str, workers: int, target: Path
) -> tuple[int, float]:
    """(records, seconds) of the N-Triples form of one snapshot, gzipped."""
    reset_peak_rss()
    start = time.perf_counter()
    with runtime.services.dumping.snapshot() as snapshot:
        job = ExportJob("nt", workers=workers, database_url=url, snapshot=snapshot.id)
        with output(str(target)) as stream:
            report = dump(snapshot, job, stream)
    return report.written, time.perf_counter() - start


def reset_peak_rss() -> None:
    """Start this process's peak RSS afresh (Linux: VmHWM := VmRSS)."""
    Path("/proc/self/clear_refs").write_text("5")


def rss_mb(field: str = "VmHWM") -> float:
    """This process's peak (VmHWM: since :func:`reset_peak_rss`) or current
    (VmRSS) resident memory, in MB."""
    status = Path("/proc/self/status").read_text()
    kilobytes = next(
        int(line.split()[1]) for line in status.splitlines()
        if line.startswith(f"{field}:")
    )  # fmt: skip
    return kilobytes / 1024


def profile(runtime: Runtime, target: Path) -> None:
    """The one-process N-Triples dump under cProfile: the top functions by own time."""
    profiler = cProfile.Profile()
    with runtime.services.dumping.snapshot() as snapshot:
        job = ExportJob("nt", snapshot=snapshot.id)
        with output(str(target)) as stream:
            profiler.runcall(dump, snapshot, job, stream)
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(15)
    print(report.getvalue())


def command(url: str, *args: str) -> float:
    """Seconds of ``authority ARGS`` on the bench's database."""
    environment = {**os.environ, "AUTHORITY_DATABASE_URL": url,
                   "AUTHORITY_AUTO_MIGRATE": "false"}  # fmt: skip
    start = time.perf_counter()
    subprocess.run(["authority", *args], env=environment, check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--all-forms", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    path = records_file(args.work, args.records)
    with (
        database(args.work, path) as (_server, url),
        tempfile.TemporaryDirectory(dir=args.work) as scratch,
    ):
        runtime = Runtime({"DATABASE_URL": url})
        try:
            read, read_seconds = read_all(runtime)
            start_rss = rss_mb("VmRSS")
            dumped, dump_seconds = nt_dump(
                runtime, url, args.workers, Path(scratch) / "dump.nt.gz"
            )
            dump_rss = rss_mb()
            if args.profile:
                profile(runtime, Path(scratch) / "profiled.nt.gz")
        finally:
            runtime.close()
        export_seconds = command(
            url, "export", "--format", "nt", "--workers", str(args.workers),
            "--output", f"{scratch}/x.nt",
        )  # fmt: skip
        all_seconds = None
        if args.all_forms:
            os.environ["AUTHORITY_DUMP_DIR"] = f"{scratch}/dumps"
            all_seconds = command(
                url, "dump", "--force", "--workers", str(args.workers)
            )
    read_rate, dump_rate = read / read_seconds, dumped / dump_seconds
    print(f"baseline, reading every authority (reading.all): {read:,} in "
          f"{read_seconds:,.1f} s = {read_rate:,.0f} records/s")  # fmt: skip
    print(f"N-Triples dump, one snapshot, {args.workers} workers, gzip: {dumped:,} in "
          f"{dump_seconds:,.1f} s = {dump_rate:,.0f} records/s")  # fmt: skip
    print(f"  ratio to reading alone: {dump_rate / read_rate:.2f}x")
    print(f"  the parent process's peak RSS during the dump: {dump_rss:,.0f} MB "
          f"({start_rss:,.0f} MB as it began)")  # fmt: skip
    print(f"authority export --format nt --workers {args.workers} (no snapshot, no "
          f"gzip): {read / export_seconds:,.0f} records/s ({export_seconds:,.1f} s, "
          "with the process start)")  # fmt: skip
    if all_seconds is not None:
        print(f"authority dump (all five forms, manifest): {all_seconds:,.1f} s = "
              f"{read / all_seconds:,.0f} records/s per dump")  # fmt: skip
    verdict = "meets" if dump_rate >= TARGET else "MISSES"
    print(f"target >= {TARGET:,} records/s on 2 cores: {dump_rate:,.0f} ({verdict} it)")


if __name__ == "__main__":
    main()
