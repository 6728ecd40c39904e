"""Is a new record one the register holds already? Candidates and their signals.

Candidates come from two places: the authorities whose heading or variants, their
dates left out, fold to the same key as the new record's (found through the search
backend, then compared), and the authorities that hold one of its public
identifiers. Each is scored by what matched:

- ``identifier`` (an ISNI, VIAF, ORCID ... the new record names): 1.0, the same
  entity whatever the names say;
- ``name`` (a heading or variant folds to the same key): 0.6;
- ``dates`` (the years of the heading's dates, such as 100 $d): +0.3 when equal,
  -0.6 when both have years and they differ (two people of one name).

A score of LIKELY or more is a likely duplicate: a create is refused with 409
unless forced. Two creates of one person at once must not both pass: a create
locks its ``match_keys`` (its name keys and identifiers) before it checks, and
holds them until its insert commits (service/cataloguing.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from authority.domain import Authority, Kind
from authority.domain.identifiers import scheme
from authority.domain.search_terms import search_key

LIKELY = 0.6
IDENTIFIER, NAME, SAME_DATES, OTHER_DATES = 1.0, 0.6, 0.3, -0.6
YEARS = re.compile(r"\d{4}")


@dataclass
class Candidate:
    """A stored authority a new record may duplicate, and why."""

    id: str
    label: str
    score: float = 0.0
    signals: list[str] = field(default_factory=list)

    @property
    def likely(self) -> bool:
        """True when the record is probably this authority again."""
        return self.score >= LIKELY


def candidates(
    record: Authority,
    search: Callable[[str, Kind], list[str]],
    holders: Callable[[str, str], list[str]],
    load: Callable[[list[str]], dict[str, Authority]],
) -> list[Candidate]:
    """Stored authorities ``record`` may duplicate, best first.

    ``search(name, kind)`` gives the ids of active authorities found by a name,
    ``holders(scheme, value)`` those holding an identifier, and ``load`` the
    stored authorities by id.
    """
    names = name_keys(record)
    found_by_name = {i for name in names for i in search(name, record.kind)}
    by_identifier: dict[str, list[str]] = {}
    for identifier in record.public_identifiers:
        for holder in holders(identifier.scheme, identifier.value):
            by_identifier.setdefault(holder, []).append(identifier.scheme)
    ids = sorted((found_by_name | set(by_identifier)) - {record.id})
    stored = load(ids)
    found = [
        _scored(record, a, bool(names & name_keys(a)), by_identifier.get(a.id, []))
        for a in (stored[i] for i in ids if i in stored)
    ]
    found = [c for c in found if c.signals and c.score > 0]
    return sorted(found, key=lambda c: (-c.score, c.id))


def match_keys(record: Authority) -> set[str]:
    """What two records that may match share: a name key of a kind, an identifier.

    Two records that ``candidates`` could find one from the other share at least
    one of these, so a lock on each serialises their duplicate checks.
    """
    names = {f"name:{record.kind.value}:{key}" for key in name_keys(record)}
    ids = {f"identifier:{i.scheme}:{i.value}" for i in record.public_identifiers}
    return names | ids


def name_keys(authority: Authority) -> set[str]:
    """The folded keys of the heading and variants, dates ($d) left out."""
    keys = set()
    for heading in (authority.heading, *authority.variants):
        if heading is not None:
            text = " ".join(s.value for s in heading.subfields if s.code not in "d0w")
            if key := search_key(text):
                keys.add(key)
    return keys


def _scored(
    record: Authority, stored: Authority, name: bool, schemes: list[str]
) -> Candidate:
    candidate = Candidate(stored.id, stored.label)
    for scheme_name in dict.fromkeys(schemes):
        if not scheme(scheme_name).private:
            candidate.signals.append(f"identifier:{scheme_name}")
    if candidate.signals:
        candidate.score += IDENTIFIER
    if name:
        candidate.signals.append("name")
        candidate.score += NAME
    ours, theirs = _years(record), _years(stored)
    if ours and theirs:
        same = ours == theirs
        candidate.signals.append("dates" if same else "other-dates")
        candidate.score += SAME_DATES if same else OTHER_DATES
    candidate.score = round(max(candidate.score, 0.0), 2)
    return candidate


def _years(authority: Authority) -> tuple[str, ...]:
    """The years of the heading's dates ($d), in order."""
    heading = authority.heading
    if heading is None:
        return ()
    dates = " ".join(s.value for s in heading.subfields if s.code == "d")
    return tuple(YEARS.findall(dates))
