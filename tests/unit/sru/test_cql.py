"""CQL -> plan: the translation table, and a diagnostic for what cannot be expressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from authority.domain import Kind, QualityLevel, Status
from authority.search.model import Sort
from authority.sru.cql import Plan, SortKey, sort_of, translate
from authority.sru.diagnostics import Diagnostic

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


# The modification date and the subject vocabulary: filters of SearchQuery

DAY = datetime(2024, 5, 17, tzinfo=UTC)
MS = timedelta(milliseconds=1)
LAST = DAY + timedelta(days=1) - MS
TEN = DAY.replace(hour=10)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rec.lastModificationDate = 2024-05-17",
         Plan(modified_from=DAY, modified_until=LAST)),
        ("rec.lastModificationDate >= 2024-05-17", Plan(modified_from=DAY)),
        ("rec.lastModificationDate > 2024-05-17",
         Plan(modified_from=DAY + timedelta(days=1))),
        ("rec.lastModificationDate <= 2024-05-17", Plan(modified_until=LAST)),
        ("rec.lastModificationDate < 2024-05-17", Plan(modified_until=DAY - MS)),
        ("rec.lastModificationDate >= 2024-05-17T10:00:00Z", Plan(modified_from=TEN)),
        ("rec.lastModificationDate = 2024-05-17T10:00:00Z",
         Plan(modified_from=TEN, modified_until=TEN + timedelta(seconds=1) - MS)),
        ("rec.lastModificationDate > 2024-01-01 and rec.lastModificationDate < "
         "2024-05-17",
         Plan(modified_from=datetime(2024, 1, 2, tzinfo=UTC),
              modified_until=DAY - MS)),
        ("ibsen and rec.lastModificationDate >= 2024-05-17",
         Plan(words=("ibsen",), modified_from=DAY)),
        ("authority.vocabulary = humord", Plan(vocabularies=frozenset({"humord"}))),
        ("authority.vocabulary = HumOrd", Plan(vocabularies=frozenset({"humord"}))),
        ("authority.vocabulary any \"humord noubomn\"",
         Plan(vocabularies=frozenset({"humord", "noubomn"}))),
        ("authority.vocabulary = humord or authority.vocabulary = noubomn",
         Plan(vocabularies=frozenset({"humord", "noubomn"}))),
        ("authority.vocabulary = none", Plan(vocabularies=frozenset({"none"}))),
        ("authority.vocabulary = humord and authority.vocabulary = noubomn",
         Plan(vocabularies=frozenset())),
        ("authority.vocabulary = humord and bs.authoritytype = person",
         Plan(vocabularies=frozenset({"humord"}), kinds=PERSONAL)),
    ],
)  # fmt: skip
def test_dates_and_vocabularies_translate(query: str, expected: Plan) -> None:
    assert translate(query)[0] == expected


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("rec.lastModificationDate >= yesterday", 36),
        ("rec.lastModificationDate >= 2024-13-01", 36),
        ("rec.lastModificationDate >= \"2024-05-17 10:00:00\"", 36),
        ("rec.lastModificationDate any 2024-05-17", 22),
        ("authority.vocabulary > humord", 22),
        ("authority.vocabulary = \"hum ord!\"", 36),
        ("rec.lastModificationDate > 2024-01-01 or "
         "rec.lastModificationDate < 2020-01-01", 48),
        ("bs.authoritytype = person not authority.vocabulary = humord", 48),
        ("bs.authoritytype = person not rec.lastModificationDate > 2024-01-01", 48),
    ],
)  # fmt: skip
def test_dates_and_vocabularies_refused(query: str, number: int) -> None:
    with pytest.raises(Diagnostic) as raised:
        translate(query)
    assert raised.value.number == number


@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        # not takes away from what the clause finds (active), never widens it
        ("cql.any=ibsen not authority.status=deleted", {Status.ACTIVE}),
        ("cql.any=ibsen not authority.status=active", set()),
        # or adds to what the clause finds, never narrows it
        (
            "cql.any=ibsen or (cql.any=ibsen and authority.status=deleted)",
            {Status.ACTIVE, Status.DELETED},
        ),
    ],
)
def test_not_and_or_start_from_the_active_authorities(
    query: str, statuses: set[Status]
) -> None:
    assert translate(query)[0].statuses == frozenset(statuses)
