"""How a candidate is scored against a query, and when it is a safe ``match``.

The score (0-100) adds up what agrees:

- **identifier**: an ISNI, VIAF, ORCID ... of the query that the candidate holds
  (canonical forms equal) scores 100 whatever the names say, less what conflicts
  (below); one the candidate holds a different value of, in the same scheme,
  costs 50;
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
- **type**: a candidate of a kind the query did not ask for -10 (under
  ``should``, or an identifier's holder, which no search filtered by kind).

Equal scores are ordered by quality level (kat3 first), then id.

``match`` is set only when the decision is safe: the one candidate holding an
identifier the query gave, with nothing against it (no other value in another of
the query's schemes, no other dates, a kind the query asked for), or a candidate
whose heading is the query's name exactly (folded), whose dates agree, and that
leads the next candidate by :data:`MARGIN` points or more. A name alone never
matches: a register of two million names holds namesakes the query cannot tell
apart.
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
    conflicts: float = 0.0
    """What speaks against the candidate (other identifiers, dates, kind): <= 0."""
    match: bool = False


@dataclass(frozen=True)
class Asked:
    """What a query asks, read once for all its candidates (not once for each)."""

    identifiers: tuple[Identifier, ...]
    name: tuple[str, str] | None
    dates: frozenset[str]
    birth: frozenset[str]
    death: frozenset[str]
    occupations: frozenset[str]
    kinds: tuple[Kind, ...]

    @classmethod
    def of(cls, query: Query) -> Asked:
        """The query's identifiers parsed, its name folded, its years found."""
        return cls(
            identifiers=tuple(query.identifiers()),
            name=_forms(query.query) if query.query.strip() else None,
            dates=frozenset(query.years("dates")),
            birth=frozenset(query.years("birthYear")),
            death=frozenset(query.years("deathYear")),
            occupations=frozenset(search_key(o) for o in query.values("occupation")),
            kinds=query.kinds,
        )


def scored(query: Query, candidates: Iterable[Authority]) -> list[Scored]:
    """The candidates scored against ``query``, best first, ``match`` decided."""
    asked = Asked.of(query)
    ranked = sorted(
        (_score(asked, a) for a in candidates),
        key=lambda s: (-s.score, -QUALITY.get(s.authority.quality, 0), s.authority.id),
    )
    _decide(ranked)
    return ranked


def _score(asked: Asked, authority: Authority) -> Scored:
    found = Scored(authority)
    _identifiers(found, asked.identifiers)
    if asked.name is not None:
        similarity, found.exact_heading = _name_similarity(asked.name, authority)
        found.features["name"] = round(similarity, 3)
        found.score += NAME * similarity
    _dates(found, asked)
    occupations = {search_key(o) for o in authority.attributes.occupations}
    if asked.occupations & occupations:
        found.features["occupation"] = True
        found.score += OCCUPATION
    if asked.kinds and authority.kind not in asked.kinds:
        found.features["type"] = False
        found.conflicts += OTHER_KIND
    found.score += found.conflicts
    if found.by_identifier:  # the identifier decides, less what speaks against it
        found.score = IDENTIFIER + found.conflicts
    found.score = round(min(max(found.score, 0.0), 100.0), 1)
    return found


def _identifiers(found: Scored, asked: Iterable[Identifier]) -> None:
    """Per scheme the candidate holds: one of the query's values, or another."""
    held = {(i.scheme, i.value) for i in found.authority.public_identifiers}
    schemes = {scheme for scheme, _ in held}
    values: dict[str, set[str]] = {}
    for identifier in asked:
        values.setdefault(identifier.scheme, set()).add(identifier.value)
    for scheme_name, given in values.items():
        if any((scheme_name, value) in held for value in given):
            found.by_identifier = True
            found.features[scheme_name] = True
        elif scheme_name in schemes:
            found.features[scheme_name] = False
            found.conflicts += OTHER_IDENTIFIER


def _dates(found: Scored, asked: Asked) -> None:
    authority = found.authority
    ours = set(YEAR.findall(heading_dates(authority) or ""))
    ours |= {y for y in (birth_year(authority), death_year(authority)) if y}
    checks = [(asked.dates, ours)]
    checks.append((asked.birth, {birth_year(authority)} - {None}))
    checks.append((asked.death, {death_year(authority)} - {None}))
    compared = [(set(years) <= theirs) for years, theirs in checks if years and theirs]
    if not compared:
        return
    found.dates_agree = all(compared)
    found.features["dates"] = found.dates_agree
    if found.dates_agree:
        found.score += DATES
    else:
        found.conflicts += OTHER_DATES


def name_similarity(text: str, authority: Authority) -> tuple[float, bool]:
    """How like ``text`` the authority's best name is (0-1); True: the heading is it."""
    return _name_similarity(_forms(text), authority)


def _name_similarity(
    asked: tuple[str, str], authority: Authority
) -> tuple[float, bool]:
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
    if holders:  # then no name decides; the one holder does if nothing is against it
        if len(holders) == 1 and not holders[0].conflicts:
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
