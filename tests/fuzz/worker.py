"""Fuzz cases in a child process: a crash, a flood or a hang costs one case.

The parent (:func:`run`) starts ``python -m tests.fuzz.worker`` and asks it for a
range of case numbers; the child makes each case itself (cases are a function of
seed, reader and number), runs it and answers one JSON line per case. The case
after the last answer is the one a dead child died on, so a segfault is pinned to
its case without bisecting; the parent notes it and starts a new child after it.

The child's address space is capped (``ADDRESS_LIMIT``) so that a memory flood
fails fast instead of taking the machine; a case whose peak resident memory ends
over ``MEMORY_LIMIT`` is a failure, and the child then exits so the next case is
measured afresh (the peak of a process only grows).
"""

from __future__ import annotations

import json
import os
import resource
import select
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.known import known_defect

MEMORY_LIMIT = 300 << 20
"""Peak resident memory allowed for reading inputs under 1 MB."""
ADDRESS_LIMIT = 1536 << 20
"""The child's address space: a flood hits this (MemoryError or a crash)."""
CASE_SECONDS = 20.0
"""A case that takes longer is a hang (a case normally takes milliseconds)."""
REPO = Path(__file__).resolve().parents[2]
CHILD = [sys.executable, "-m", "tests.fuzz.worker"]


@dataclass
class Finding:
    """A failed case, with what it matches among the defects known today."""

    number: int
    kind: str
    error: str
    known: str | None
    trace: str = ""


@dataclass
class Summary:
    """One reader's run."""

    reader: str
    seed: int
    cases: int = 0
    records: int = 0
    errors: int = 0
    peak_rss: int = 0
    """Bytes: the highest peak of any child that ran this reader's cases."""
    findings: list[Finding] = field(default_factory=list)

    def by_kind(self) -> Counter[str]:
        """Failed cases by kind."""
        return Counter(f.kind for f in self.findings)


def run(
    reader: str,
    seed: int,
    cases: int,
    on_case: Callable[[], object] = lambda: None,
    start: int = 0,
) -> Summary:
    """Run cases ``start .. cases-1`` of ``reader`` in child processes."""
    summary = Summary(reader, seed)
    while start < cases:
        start = _run_child(summary, start, cases, on_case)
    return summary


def _run_child(
    summary: Summary, start: int, stop: int, on_case: Callable[[], object]
) -> int:
    """Run cases from ``start`` in one child; the number to go on from."""
    child = subprocess.Popen(
        CHILD,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the libraries' warnings about broken input
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdin is not None and child.stdout is not None
    order = {"reader": summary.reader, "seed": summary.seed, "start": start}
    child.stdin.write(json.dumps({**order, "stop": stop}).encode() + b"\n")
    child.stdin.close()
    number = start
    try:
        for line in _lines(child.stdout.fileno(), CASE_SECONDS):
            answer = json.loads(line)
            _count(summary, answer)
            on_case()
            number = answer["case"] + 1
        code = child.wait()
        if number < stop and (code != 0 or number == start):
            _note(summary, number, "crash", f"the child died with exit code {code}")
            on_case()
            return number + 1
        return number  # done, or the child left after a peak over the bound
    except TimeoutError:
        child.kill()
        _note(summary, number, "hang", f"no answer in {CASE_SECONDS:.0f} s")
        on_case()
        return number + 1
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


def _lines(fd: int, timeout: float) -> Iterator[bytes]:
    pending = b""
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return
        pending += chunk
        *complete, pending = pending.split(b"\n")
        yield from complete


def _count(summary: Summary, answer: dict[str, object]) -> None:
    summary.cases += 1
    summary.records += int(answer["records"])  # type: ignore[call-overload]
    summary.errors += int(answer["errors"])  # type: ignore[call-overload]
    summary.peak_rss = max(summary.peak_rss, int(answer["rss"]))  # type: ignore[call-overload]
    failure = answer.get("failure")
    if isinstance(failure, dict):
        number = int(answer["case"])  # type: ignore[call-overload]
        summary.findings.append(
            Finding(
                number,
                failure["kind"],
                failure["error"],
                known_defect(summary.reader, failure["kind"], failure["error"],
                             failure["trace"], _case_data(summary, number)),
                failure["trace"],
            )
        )  # fmt: skip


def _note(summary: Summary, number: int, kind: str, error: str) -> None:
    summary.cases += 1
    data = _case_data(summary, number)
    known = known_defect(summary.reader, kind, error, "", data)
    summary.findings.append(Finding(number, kind, error, known))


def _case_data(summary: Summary, number: int) -> bytes:
    from tests.fuzz.mutations import case

    return case(summary.seed, summary.reader, number).data


# The child


def main() -> None:
    """Run the cases the parent asks for; answer one JSON line per case."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))
    from tests.fuzz.harness import Failure, run_case
    from tests.fuzz.mutations import case

    order = json.loads(sys.stdin.readline())
    reader, seed = order["reader"], order["seed"]
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        folder = os.path.join(scratch, reader)  # run_case reads the source here
        os.mkdir(folder)
        for number in range(order["start"], order["stop"]):
            outcome = run_case(case(seed, reader, number), folder)
            peak = _peak_rss()
            failure = outcome.failure
            if failure is None and peak > MEMORY_LIMIT:
                failure = Failure("memory", f"peak RSS {peak >> 20} MB")
            answer = {
                "case": number,
                "records": outcome.records,
                "errors": outcome.errors,
                "rss": peak,
                "failure": failure.as_dict() if failure else None,
            }
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
            if peak > MEMORY_LIMIT:
                return


def _peak_rss() -> int:
    """This process's own peak resident memory, in bytes.

    Linux's ``ru_maxrss`` survives exec: a child of a process that once held
    400 MB (pytest, late in the suite) starts at 400 MB. The memory map's high-water
    mark (``VmHWM``) starts afresh with the program.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) << 10
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10


if __name__ == "__main__":
    main()
