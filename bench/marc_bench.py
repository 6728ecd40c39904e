"""MARC read+map and MARCXML write speed, as ratios to lxml and pymarc in the same run.

    python bench/marc_bench.py [--records 100000] [--repeat 3]

Input: every authority record of ../shared/corpus (marc-authority/, bare/marcxchange/)
written as one MARCXML collection by pymarc, repeated to --records records.

Read + map (target: >= 0.5x bare iterparse) is timed against two baselines:
  A. iterparse visiting every element (the minimal streaming pass in Python);
  B. iterparse visiting only records (libxml2 builds them; Python never looks inside).
Write (target: >= 2x pymarc's record_to_xml) is marc_output (the envelope's fields
generated around the stored ones) + our MARCXML writer, against record_to_xml on the
same records. Best of --repeat runs, contenders interleaved so they
share the machine's noise. Not a test: it prints, it never fails on a time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymarc
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from authority.errors import MarcMappingError  # noqa: E402
from authority.marc.from_marc import from_fields  # noqa: E402
from authority.marc.read import read, read_xml  # noqa: E402
from authority.marc.serialize import xml_record  # noqa: E402
from authority.marc.to_marc import marc_output  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
RECORD = "{http://www.loc.gov/MARC21/slim}record"


def corpus_xml(count: int) -> tuple[bytes, int]:
    """The corpus as one MARCXML collection of at least ``count`` records."""
    folders = (CORPUS / "marc-authority", CORPUS / "bare" / "marcxchange")
    paths = sorted(
        p for f in folders for p in f.rglob("*") if p.suffix in (".xml", ".mrc")
    )
    records = [
        pymarc.record_to_xml(r.marc_record, namespace=False)
        for path in paths
        for r in read(str(path))
        if r.marc_record is not None
    ]
    copies = -(-count // len(records))
    body = b"".join(records * copies)
    head = b'<collection xmlns="http://www.loc.gov/MARC21/slim">'
    return head + body + b"</collection>", len(records) * copies


def iterparse_every_element(data: bytes) -> int:
    n = 0
    for _, element in etree.iterparse(
        io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True
    ):
        if element.tag == RECORD:
            n += 1
            _release(element)
    return n


def iterparse_records(data: bytes) -> int:
    n = 0
    for _, element in etree.iterparse(
        io.BytesIO(data), events=("end",), tag=RECORD, resolve_entities=False,
        no_network=True,
    ):  # fmt: skip
        n += 1
        _release(element)
    return n


def _release(element: etree._Element) -> None:
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def ours_read_map(data: bytes) -> int:
    n = 0
    for result in read_xml(io.BytesIO(data)):
        with contextlib.suppress(MarcMappingError):  # Koha's record with no 1XX
            from_fields(result.leader or "", result.fields)
        n += 1
    return n


def pymarc_read(data: bytes) -> int:
    return len(pymarc.parse_xml_to_array(io.BytesIO(data)))


def best(runs: int, contenders: dict[str, Callable[[], int]]) -> dict[str, float]:
    times = {name: float("inf") for name in contenders}
    for _ in range(runs):
        for name, run in contenders.items():
            start = time.perf_counter()
            run()
            times[name] = min(times[name], time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    data, count = corpus_xml(args.records)
    print(f"input: {count} records, {len(data) / 1e6:.1f} MB of MARCXML")
    reading = best(
        args.repeat,
        {
            "A: iterparse, every element": lambda: iterparse_every_element(data),
            "B: iterparse, records only": lambda: iterparse_records(data),
            "ours: read + map": lambda: ours_read_map(data),
            "pymarc: parse_xml_to_array": lambda: pymarc_read(data),
        },
    )
    records = pymarc.parse_xml_to_array(io.BytesIO(data))
    authorities = []
    for result in read_xml(io.BytesIO(data)):
        try:
            authorities.append(from_fields(result.leader or "", result.fields))
        except MarcMappingError:
            continue
    outputs = [marc_output(a) for a in authorities]
    writing = best(
        args.repeat,
        {
            "pymarc: record_to_xml": lambda: len(
                [pymarc.record_to_xml(r) for r in records]
            ),
            "ours: marc_output + write": lambda: len(
                [xml_record(marc_output(a), "marcxml", False) for a in authorities]
            ),
            "ours: write only": lambda: len(
                [xml_record(r, "marcxml", False) for r in outputs]
            ),
        },
    )
    report(count, reading, writing)
    print(f"peak RSS of this process: {peak_mb():.0f} MB (input held in memory: "
          f"{len(data) / 1e6:.0f} MB)")  # fmt: skip


def report(count: int, reading: dict[str, float], writing: dict[str, float]) -> None:
    print(f"\n{'':34}{'seconds':>9}{'records/s':>12}")
    for name, seconds in {**reading, **writing}.items():
        print(f"{name:34}{seconds:9.2f}{count / seconds:12,.0f}")
    ours = reading["ours: read + map"]
    print()
    for baseline, target in (("A: iterparse, every element", 0.5),
                             ("B: iterparse, records only", None)):  # fmt: skip
        ratio = reading[baseline] / ours
        verdict = "" if target is None else (" met" if ratio >= target else " NOT met")
        goal = f"(target >= {target}x)" if target else "(stricter, no target)"
        print(f"read+map vs {baseline[:1]}: {ratio:.2f}x {goal}{verdict}")
    for name in ("ours: marc_output + write", "ours: write only"):
        ratio = writing["pymarc: record_to_xml"] / writing[name]
        verdict = " met" if ratio >= 2 else " NOT met"
        print(f"{name} vs pymarc record_to_xml: {ratio:.2f}x (target >= 2x){verdict}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
