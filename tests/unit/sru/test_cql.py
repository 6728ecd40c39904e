"""CQL -> plan: the translation table, and a diagnostic for what cannot be expressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from authority.domain import Kind, QualityLevel, Status
from authority.search.model import Sort
from authority.sru import pending
from authority.sru.cql import Plan, SortKey, sort_of, translate
from authority.sru.diagnostics import Diagnostic
from authority.sru.pending import Pending

PERSONAL = frozenset({Kind.PERSON, Kind.FAMILY})


def ref(*texts: str) -> tuple[frozenset[tuple[str, str, tuple[Kind, ...]]], ...]:
    return (frozenset(("ref", t, ()) for t in texts),)


TABLE = [
    ("ibsen", Plan(words=("ibsen",))),
    ('cql.serverChoice = "Ibsen, Henrik"', Plan(words=("Ibsen, Henrik",))),
    ("cql.any=ibsen", Plan(words=("ibsen",))),
    ("cql.allIndexes all ibsen", Plan(words=("ibsen",))),
    ("bib.namePersonal=ibs*", Plan(words=("ibs",), kinds=PERSONAL)),
    (
        "bib.nameCorporate=nato",
        Plan(words=("nato",), kinds=frozenset({Kind.CORPORATE_BODY})),
    ),
    ("bib.nameConference=nato", Plan(words=("nato",), kinds=frozenset({Kind.MEETING}))),
    ("marc.100=ibsen", Plan(words=("ibsen",), kinds=PERSONAL)),
    ("marc.151=oslo", Plan(words=("oslo",), kinds=frozenset({Kind.PLACE}))),
    ("rec.identifier=90361304", Plan(ids=ref("90361304"))),
    ('rec.identifier any "1 2"', Plan(ids=ref("1", "2"))),
    ("marc.001==90361304", Plan(ids=ref("90361304"))),
    ("bib.identifierAuthority=viaf:126209034", Plan(ids=ref("viaf:126209034"))),
    (
        'bib.namePersonal=="Ibsen, Henrik"',
        Plan(
            ids=(frozenset({("name", "Ibsen, Henrik", (Kind.PERSON, Kind.FAMILY))}),),
            kinds=PERSONAL,
        ),
    ),
    ("x and bs.authoritytype=person", Plan(words=("x",), kinds=PERSONAL)),
    (
        "x and bs.authoritytype=conference",
        Plan(words=("x",), kinds=frozenset({Kind.MEETING})),
    ),
    (
        "x and (bs.authoritytype=meeting or bs.authoritytype=corporation)",
        Plan(words=("x",), kinds=frozenset({Kind.MEETING, Kind.CORPORATE_BODY})),
    ),
    (
        "bib.namePersonal=x or bib.nameCorporate=x",
        Plan(words=("x",), kinds=PERSONAL | {Kind.CORPORATE_BODY}),
    ),
    (
        "x not authority.kind=topic",
        Plan(words=("x",), kinds=frozenset(Kind) - {Kind.TOPIC}),
    ),
    (
        "x and authority.quality=kat3",
        Plan(words=("x",), qualities=frozenset({QualityLevel.KAT3})),
    ),
    (
        'x and authority.status any "deleted merged"',
        Plan(words=("x",), statuses=frozenset({Status.DELETED, Status.MERGED})),
    ),
    ("x and y", Plan(words=("x", "y"))),
    ("rec.identifier=1 or rec.identifier=2", Plan(ids=ref("1", "2"))),
    (
        'rec.identifier any "1 2" not rec.identifier=2',
        Plan(ids=ref("1", "2"), without=frozenset({("ref", "2", ())})),
    ),
    (
        "bs.authoritytype=person and bs.authoritytype=corporation",
        Plan(kinds=frozenset()),
    ),
]


@pytest.mark.parametrize(("query", "plan"), TABLE, ids=[q for q, _ in TABLE])
def test_translation_table(query: str, plan: Plan) -> None:
    assert translate(query)[0] == plan


REFUSED = [
    ("a and", 10),
    ("(a", 10),
    ('"open', 10),
    ("dc.title=x", 16),
    ("rec.lastModificationDate>2020-01-01", 16),
    ("authority.vocabulary=humord", 16),
    ("foo.bar=x", 16),
    ("cql.any adj y", 19),
    ("x adj y", 16),
    ("bib.namePersonal<x", 19),
    ('cql.any any "a b"', 19),
    ("bib.namePersonal =/cql.stem x", 20),
    ("bs.authoritytype>person", 22),
    ("x*y", 28),
    ("x?", 28),
    ("^x", 31),
    ("bs.authoritytype=robot", 36),
    ("x prox y", 37),
    ("x or y", 48),
    ("bib.namePersonal=x or bs.authoritytype=person", 48),
    ("x not y", 48),
    ("x not authority.quality=kat1", 48),
    ("x not rec.identifier=1", 48),
    ("x and/foo y", 46),
    ("", 7),
    ("x" * 501, 12),
]


@pytest.mark.parametrize(("query", "number"), REFUSED, ids=[q[:40] for q, _ in REFUSED])
def test_what_cannot_be_expressed_is_a_diagnostic(query: str, number: int) -> None:
    with pytest.raises(Diagnostic) as raised:
        translate(query)
    assert raised.value.number == number
    assert raised.value.uri == f"info:srw/diagnostic/1/{number}"


def test_sort_by_in_cql_and_the_sorts_it_maps_to() -> None:
    _, keys = translate("x sortBy bib.namePersonal/sort.ascending")
    assert keys == [SortKey("bib.namePersonal", True)]
    assert sort_of(keys) is Sort.HEADING
    assert sort_of([]) is Sort.RELEVANCE
    assert sort_of([SortKey("rec.lastModificationDate", False)]) is Sort.MODIFIED


@pytest.mark.parametrize(
    ("keys", "number"),
    [
        ([SortKey("rec.lastModificationDate", True)], 90),
        ([SortKey("bib.namePersonal", False)], 90),
        ([SortKey("dc.title")], 88),
        ([SortKey("cql.any"), SortKey("cql.any")], 84),
    ],
)
def test_unsupported_sorts_are_diagnostics(keys: list[SortKey], number: int) -> None:
    with pytest.raises(Diagnostic) as raised:
        sort_of(keys)
    assert raised.value.number == number


# The pending indexes: mapped now, served after the merge (pending.py)

DAY = datetime(2024, 5, 17, tzinfo=UTC)
LAST = DAY + timedelta(days=1) - timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("comparitor", "term", "expected"),
    [
        ("=", "2024-05-17", Pending(modified_from=DAY, modified_until=LAST)),
        (">=", "2024-05-17", Pending(modified_from=DAY)),
        (">", "2024-05-17", Pending(modified_from=DAY + timedelta(days=1))),
        ("<=", "2024-05-17", Pending(modified_until=LAST)),
        ("<", "2024-05-17", Pending(modified_until=DAY - timedelta(microseconds=1))),
        (
            ">=",
            "2024-05-17T10:00:00Z",
            Pending(modified_from=DAY.replace(hour=10)),
        ),
    ],
)
def test_modification_dates_map_to_inclusive_bounds(
    comparitor: str, term: str, expected: Pending
) -> None:
    assert pending.translate("rec.lastModificationDate", comparitor, term) == expected


def test_vocabularies_map_to_codes() -> None:
    translated = pending.translate("authority.vocabulary", "any", "humord REAL")
    assert translated == Pending(vocabularies=("humord", "real"))


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("rec.lastModificationDate >= 2024-05-17", 16),
        ("rec.lastModificationDate > 2024-05-17T10:00:00Z", 16),
        ("authority.vocabulary = humord", 16),
        ("rec.lastModificationDate >= yesterday", 36),
        ("rec.lastModificationDate >= 2024-13-01", 36),
        ("rec.lastModificationDate any 2024-05-17", 22),
        ("authority.vocabulary > humord", 22),
    ],
)
def test_pending_indexes_check_the_term_then_wait(query: str, number: int) -> None:
    with pytest.raises(Diagnostic) as raised:
        translate(query)
    assert raised.value.number == number
