"""How a candidate is scored against a query, and when it is a safe ``match``.

The score (0-100) adds up what agrees:

- **identifier**: an ISNI, VIAF, ORCID ... of the query that the candidate holds
  (canonical forms equal) scores 100 whatever the names say; one the candidate
  holds a different value of, in the same scheme, costs 50;
- **name**: the similarity (0-1) of the query's text to the candidate's heading,
  variants and other-language labels, each folded by the register's own search key
  (``domain/search_terms.search_key``: case, accents, æøå spelt out, punctuation
  off), with and without the heading's dates, the words in their order or sorted
  (so ``Henrik Ibsen`` is ``Ibsen, Henrik``); 80 points at 1. The heading counts
  whole, a variant or label 0.95 of its similarity;
- **dates**: years of the query (``dates``, ``birthYear``, ``deathYear``) that the
  candidate's dates (the heading's $d, 046) agree with: +20; a year that differs
  (two people of one name): -40;
- **occupation** equal to one of the candidate's (folded): +5;
- **type**, when ``type_strict`` is ``should``: a candidate of another kind -10.

Equal scores are ordered by quality level (kat3 first), then id.

``match`` is set only when the decision is safe: the one candidate holding an
identifier the query gave, or a candidate whose heading is the query's name exactly
(folded), whose dates agree, and that leads the next candidate by
:data:`MARGIN` points or more. A name alone never matches: a register of two
million names holds namesakes the query cannot tell apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from authority.domain import Authority, Identifier, Kind, QualityLevel
from authority.domain.search_terms import search_key
from authority.reconciliation.properties import (
    YEAR,
    birth_year,
    death_year,
    heading_dates,
)
from authority.reconciliation.queries import Query

NAME, DATES, OTHER_DATES, OCCUPATION, OTHER_KIND = 80.0, 20.0, -40.0, 5.0, -10.0
IDENTIFIER, OTHER_IDENTIFIER = 100.0, -50.0
VARIANT = 0.95
"""A variant's or label's similarity counts this much of a heading's."""
MARGIN = 15.0
"""Points a safe name match must lead the next candidate by."""
QUALITY: dict[QualityLevel | None, int] = {
    QualityLevel.KAT3: 3,
    QualityLevel.KAT2: 2,
    QualityLevel.KAT1: 1,
}
"""Between equal scores, the better catalogued authority first (then the id)."""


@dataclass
class Scored:
    """A candidate, its score and what made it (the result's ``features``)."""

    authority: Authority
    score: float = 0.0
    features: dict[str, float | bool] = field(default_factory=dict)
    exact_heading: bool = False
    dates_agree: bool = False
    by_identifier: bool = False
    match: bool = False


def scored(query: Query, candidates: Iterable[Authority]) -> list[Scored]:
    """The candidates scored against ``query``, best first, ``match`` decided."""
    ranked = sorted(
        (_score(query, a) for a in candidates),
        key=lambda s: (-s.score, -QUALITY.get(s.authority.quality, 0), s.authority.id),
    )
    _decide(ranked)
    return ranked


def _score(query: Query, authority: Authority) -> Scored:
    found = Scored(authority)
    _identifiers(found, query.identifiers())
    if query.query.strip():
        similarity, found.exact_heading = name_similarity(query.query, authority)
        found.features["name"] = round(similarity, 3)
        found.score += NAME * similarity
    _dates(found, query)
    occupations = {search_key(o) for o in authority.attributes.occupations}
    if any(search_key(o) in occupations for o in query.values("occupation")):
        found.features["occupation"] = True
        found.score += OCCUPATION
    if (
        query.type_strict == "should"
        and query.kinds
        and authority.kind not in query.kinds
    ):
        found.features["type"] = False
        found.score += OTHER_KIND
    if found.by_identifier:
        found.score = IDENTIFIER
    found.score = round(min(max(found.score, 0.0), 100.0), 1)
    return found


def _identifiers(found: Scored, asked: list[Identifier]) -> None:
    held = {(i.scheme, i.value) for i in found.authority.public_identifiers}
    schemes = {scheme for scheme, _ in held}
    for identifier in asked:
        if (identifier.scheme, identifier.value) in held:
            found.by_identifier = True
            found.features[identifier.scheme] = True
        elif identifier.scheme in schemes:
            found.features[identifier.scheme] = False
            found.score += OTHER_IDENTIFIER


def _dates(found: Scored, query: Query) -> None:
    authority = found.authority
    ours = set(YEAR.findall(heading_dates(authority) or ""))
    ours |= {y for y in (birth_year(authority), death_year(authority)) if y}
    checks = [(query.years("dates"), ours)]
    checks.append((query.years("birthYear"), {birth_year(authority)} - {None}))
    checks.append((query.years("deathYear"), {death_year(authority)} - {None}))
    compared = [(set(asked) <= theirs) for asked, theirs in checks if asked and theirs]
    if not compared:
        return
    found.dates_agree = all(compared)
    found.features["dates"] = found.dates_agree
    found.score += DATES if found.dates_agree else OTHER_DATES


def name_similarity(text: str, authority: Authority) -> tuple[float, bool]:
    """How like ``text`` the authority's best name is (0-1); True: the heading is it."""
    asked = _forms(text)
    best = 0.0
    if authority.heading is not None:
        for name in _heading_forms(authority):
            similarity = _similarity(asked, _forms(name))
            if similarity == 1.0:
                return 1.0, True  # nothing beats the heading itself
            best = max(best, similarity)
    others = [v.label for v in authority.variants] + [x.value for x in authority.labels]
    for name in others:
        best = max(best, VARIANT * _similarity(asked, _forms(name)))
    return best, False


def _heading_forms(authority: Authority) -> list[str]:
    """The heading with its dates and without them."""
    heading = authority.heading
    assert heading is not None  # noqa: S101 - the caller checked
    undated = " ".join(s.value for s in heading.subfields if s.code not in "d0w")
    return [authority.label, undated]


def _forms(name: str) -> tuple[str, str]:
    """The folded name, its words as given and sorted."""
    key = search_key(name)
    return key, " ".join(sorted(key.split()))


def _similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    if not a[0] or not b[0]:
        return 0.0
    if a[0] == b[0] or a[1] == b[1]:
        return 1.0
    return max(SequenceMatcher(None, a[0], b[0]).ratio(),
               SequenceMatcher(None, a[1], b[1]).ratio())  # fmt: skip


def _decide(ranked: list[Scored]) -> None:
    """Set ``match`` on the one safe candidate, if there is one (module docstring)."""
    holders = [s for s in ranked if s.by_identifier]
    if holders:
        if len(holders) == 1:
            holders[0].match = True
        return
    if not ranked:
        return
    first = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    first.match = (
        first.exact_heading and first.dates_agree and first.score - runner_up >= MARGIN
    )


def kinds_filter(query: Query) -> tuple[Kind, ...]:
    """The kinds a search for ``query`` filters by (``should``: none, scored)."""
    return () if query.type_strict == "should" else query.kinds
