"""100 real names of the corpus, picked by a rule, for reconciliation's hits@1.

The rule (deterministic, documented here and in the README): the persons and
corporate bodies of ``tests.support.corpus_authorities()`` (every MARC file of the
corpus by name, records in file order, then the BARE JSON samples) whose heading
is a name (no title $t, no subdivision $v $x $y $z), every n-th of them so that the
100 spread over every file (n = their count // 100). The query is the name as a
spreadsheet holds it: the heading's parts without dates ($d), relator ($e) or
control subfields; the dates, when the heading has them, go in the ``dates``
property (a spreadsheet's second column). The known id is the record's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from authority.domain import Authority, Kind
from authority.domain.view import display_label
from tests.support import corpus_authorities

NAMES = 100
SKIPPED = frozenset("de0146789w")
"""Subfields that are not the name: dates, relator, links, control."""


@dataclass(frozen=True)
class Name:
    """One spreadsheet row: the name, its dates and type, and the known id."""

    id: str
    name: str
    dates: str | None
    kind: Kind


def is_name(authority: Authority) -> bool:
    heading = authority.heading
    if heading is None or authority.kind not in (Kind.PERSON, Kind.CORPORATE_BODY):
        return False
    return not any(s.code in "tvxyz" for s in heading.subfields)


def row(authority: Authority) -> Name:
    heading = authority.heading
    assert heading is not None
    kept = tuple(s for s in heading.subfields if s.code not in SKIPPED)
    name = display_label(heading.tag, kept).rstrip(" ,.")
    dates = " ".join(s.value for s in heading.subfields if s.code == "d")
    return Name(authority.id, name, dates.strip(" ,.") or None, authority.kind)


def names() -> list[Name]:
    """The 100 names of the rule above."""
    candidates = [a for a in corpus_authorities() if is_name(a)]
    step = len(candidates) // NAMES
    return [row(a) for a in candidates[::step][:NAMES]]
