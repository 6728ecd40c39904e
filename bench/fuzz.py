"""The long fuzz run over every reader: a robustness run, not a speed benchmark.

    python bench/fuzz.py [--cases 100000] [--seed 16] [--reader NAME ...]
    python bench/fuzz.py --reader marcjson --seed 16 --case 4711   # one case

The CI test (tests/unit/fuzz/) runs a few hundred cases per reader; this runs
--cases per reader with the same machinery (tests/fuzz): the corpus's documents,
unchanged and then mutated, through the loader's reading path in a child process,
every record written back in each output form. Prints, per reader: cases, records
read, reported errors, unhandled exceptions, other broken invariants (corrupted
output, lost records, a DTD let in, memory, hangs), crashes and peak RSS; each
failure is classified against the defects known from issue 16. The first few
reproducers of each reader and kind are saved in --findings (fuzz-findings/,
gitignored) with their traceback. Exit code 1 when any case failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz.known import KNOWN  # noqa: E402
from tests.fuzz.mutations import case  # noqa: E402
from tests.fuzz.seeds import READERS  # noqa: E402
from tests.fuzz.worker import Finding, Summary, run  # noqa: E402

SAVED_PER_KIND = 3
NEW_LISTED = 10
COLUMNS = ("cases", "records", "errors", "exceptions", "other", "crashes", "peak RSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="per reader")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--reader", action="append", choices=READERS)
    parser.add_argument("--case", type=int, help="run this one case and print it")
    parser.add_argument("--findings", type=Path, default=REPO / "fuzz-findings")
    args = parser.parse_args()
    readers = args.reader or list(READERS)
    if args.case is not None:
        sys.exit(one_case(readers[0], args.seed, args.case, args.findings))
    summaries = []
    started = time.monotonic()
    for reader in readers:
        with tqdm(total=args.cases, desc=f"{reader:>14}", unit=" cases") as bar:
            summary = run(reader, args.seed, args.cases, lambda: bar.update())
        summaries.append(summary)
        save(summary, args.findings)
    print_table(summaries, time.monotonic() - started)
    sys.exit(1 if any(s.findings for s in summaries) else 0)


def one_case(reader: str, seed: int, number: int, folder: Path) -> int:
    """Run one case in a child, print what it gave, save its input."""
    summary = run(reader, seed, number + 1, start=number)
    path = save_case(reader, seed, number, folder)
    print(f"{reader} case {number} (seed {seed}) -> {path}")
    print(f"records {summary.records} · errors {summary.errors}")
    for finding in summary.findings:
        print(f"{finding.kind}: {finding.error}\nknown: {finding.known}")
        print(finding.trace)
    return 1 if summary.findings else 0


def save(summary: Summary, folder: Path) -> None:
    """The first few reproducers of each kind of failure, with their traces."""
    saved: Counter[str] = Counter()
    for finding in summary.findings:
        new = finding.known is None  # every new one is kept
        if saved[finding.kind] >= SAVED_PER_KIND and not new:
            continue
        saved[finding.kind] += 1
        path = save_case(summary.reader, summary.seed, finding.number, folder)
        path.with_name(path.name + ".txt").write_text(describe(finding), "utf-8")


def save_case(reader: str, seed: int, number: int, folder: Path) -> Path:
    """Write the case's input as ``<folder>/<reader>/<seed>-<number>-<name>``."""
    found = case(seed, reader, number)
    path = folder / reader / f"{seed}-{number}-{found.name}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(found.data)
    return path


def describe(finding: Finding) -> str:
    known = f"{finding.known}: {KNOWN[finding.known]}" if finding.known else "NEW"
    return f"{finding.kind}: {finding.error}\nknown defect: {known}\n\n{finding.trace}"


def print_table(summaries: list[Summary], seconds: float) -> None:
    print(f"\n{'reader':>14}  " + "  ".join(f"{c:>10}" for c in COLUMNS))
    for s in summaries:
        kinds = s.by_kind()
        exceptions = kinds["exception"]
        crashes = kinds["crash"]
        other = len(s.findings) - exceptions - crashes
        row = (s.cases, s.records, s.errors, exceptions, other, crashes)
        cells = [f"{n:>10,}" for n in row] + [f"{s.peak_rss >> 20:>7} MB"]
        print(f"{s.reader:>14}  " + "  ".join(cells))
    print(f"({seconds:.0f} s)")
    for s in summaries:
        if s.findings:
            matches = Counter(f.known or "NEW" for f in s.findings)
            kinds = Counter(f.kind for f in s.findings)
            print(f"{s.reader}: {dict(kinds)}; matches {dict(matches)}")
        for f in [f for f in s.findings if f.known is None][:NEW_LISTED]:
            print(f"  NEW case {f.number}: {f.kind}: {f.error[:200]}")
    print(json.dumps({s.reader: summary_dict(s) for s in summaries}))


def summary_dict(s: Summary) -> dict[str, object]:
    return {
        "cases": s.cases,
        "records": s.records,
        "errors": s.errors,
        "failures": dict(s.by_kind()),
        "known": dict(Counter(f.known or "NEW" for f in s.findings)),
        "peak_rss_mb": s.peak_rss >> 20,
    }


if __name__ == "__main__":
    main()
