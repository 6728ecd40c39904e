"""Every reader, fuzzed: a fixed seed, a few hundred cases each (tests/fuzz).

Each case is a corpus document, unchanged or mutated, read as ``authority load``
reads a file: it must end in records and reported errors (position and reason),
with every record written back in each output form unchanged, nothing lost before
a break, no DTD let in, no crash, no hang, and peak memory under 300 MB. The long
run is ``python bench/fuzz.py --cases 100000``; a failure here prints the command
that reproduces it, and which defect of issue 16 it matches.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.fuzz import worker
from tests.fuzz.harness import written_back
from tests.fuzz.known import KNOWN, known_defect
from tests.fuzz.mutations import case
from tests.fuzz.seeds import READERS, seeds
from tests.fuzz.worker import MEMORY_LIMIT, Summary, run

SEED = 16
CASES = int(os.environ.get("AUTHORITY_FUZZ_CASES", "200"))
"""Per reader; the seeds come first, unchanged (each reader has 2-31)."""


@pytest.mark.slow
@pytest.mark.parametrize("reader", READERS)
def test_the_reader_survives_fuzzing(reader: str) -> None:
    summary = run(reader, SEED, CASES)
    assert summary.cases == CASES
    if summary.findings:
        pytest.fail(described(summary), pytrace=False)
    assert summary.peak_rss < MEMORY_LIMIT


def described(summary: Summary) -> str:
    """The failures, grouped by the known defect they match (or NEW)."""
    lines = [
        f"{len(summary.findings)} of {summary.cases} {summary.reader} cases failed"
        f" (seed {summary.seed}):"
    ]
    by_defect: dict[str, list[str]] = {}
    for finding in summary.findings:
        name = finding.known or "NEW"
        by_defect.setdefault(name, []).append(
            f"    case {finding.number}: {finding.kind}: {finding.error[:200]}"
        )
    for name, found in sorted(by_defect.items(), key=lambda item: item[0] != "NEW"):
        what = KNOWN.get(name, "matches no known defect")
        lines.append(f"  {name} ({what}): {len(found)} cases")
        lines += found[:3]
    first = summary.findings[0].number
    lines.append(
        f"reproduce: python bench/fuzz.py --reader {summary.reader}"
        f" --seed {summary.seed} --case {first}"
    )
    return "\n".join(lines)


# The fuzzer itself


def test_cases_are_reproducible_and_the_seeds_come_first() -> None:
    pool = seeds("iso2709")
    assert [case(SEED, "iso2709", n) for n in range(len(pool))] == list(pool)
    later = [case(SEED, "iso2709", n) for n in range(len(pool), len(pool) + 20)]
    assert later == [case(SEED, "iso2709", n) for n in range(len(pool), len(pool) + 20)]
    assert any(c not in pool for c in later)


def test_a_value_that_grows_a_subfield_in_iso_2709_is_found() -> None:
    from authority.domain import Authority, Field, Kind, Subfield

    authority = Authority(
        id="90000001",
        kind=Kind.PERSON,
        fields=(Field("100", "1", " ", (Subfield("a", "Navn\x1fdINJECTED"),)),),
    )
    failure = written_back(authority)
    assert failure is not None and failure.kind in ("corrupted", "unwritable")
    known = known_defect("marcxml", failure.kind, failure.error, failure.trace, b"")
    assert known == "control-characters"


# A child that dies or hangs costs one case (a stand-in child, not a real crash)

ANSWER_THEN = """
import json, os, signal, sys, time
order = json.loads(sys.stdin.readline())
answer = {{"case": order["start"], "records": 0, "errors": 1, "rss": 1}}
print(json.dumps(answer), flush=True)
{then}
"""


def test_a_child_killed_by_a_signal_is_a_crash_of_the_next_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    then = "os.kill(os.getpid(), signal.SIGSEGV)"
    monkeypatch.setattr(
        worker, "CHILD", [sys.executable, "-c", ANSWER_THEN.format(then=then)]
    )
    summary = run("iso2709", SEED, 5)
    assert summary.cases == 5 and summary.errors == 3
    assert [(f.number, f.kind) for f in summary.findings] == [
        (1, "crash"),
        (3, "crash"),
    ]
    assert "-11" in summary.findings[0].error


def test_a_child_that_stops_answering_is_a_hang_of_that_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    then = "time.sleep(60)"
    monkeypatch.setattr(
        worker, "CHILD", [sys.executable, "-c", ANSWER_THEN.format(then=then)]
    )
    monkeypatch.setattr(worker, "CASE_SECONDS", 0.5)
    summary = run("iso2709", SEED, 2)
    assert summary.cases == 2
    assert [(f.number, f.kind) for f in summary.findings] == [(1, "hang")]


def test_a_child_s_memory_is_its_own_not_its_parent_s() -> None:
    # Late in the suite pytest holds hundreds of MB; Linux's ru_maxrss survives
    # exec, so every child looked over the bound and ran one case at a time.
    held = bytearray(MEMORY_LIMIT + (64 << 20))
    held[:: 1 << 12] = b"x" * len(held[:: 1 << 12])  # touched: resident
    summary = run("iso2709", SEED, 5)
    assert summary.cases == 5 and not summary.findings, described(summary)
    assert summary.peak_rss < MEMORY_LIMIT
    del held
