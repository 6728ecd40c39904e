"""The search relevance set (tests/integration/search/relevance.py) against the corpus.

No backend: this checks that the set is fair. Every case must be answerable from
the data alone: its words occur (folded as ``search_key`` folds them) in a name of
each expected record, and no other record has a name that matches as well.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from authority.domain import Authority, Kind, Status
from authority.domain.search_terms import search_key
from tests.integration.search.relevance import CASES, Case, Miss, score
from tests.support import corpus_authorities

Strength = tuple[int, bool, int]
"""How well a name matches a query, smaller is better: (0 the whole name, 1 the
name begins with the query, 2 every word is the prefix of a word; a variant or
label rather than the heading; how many words the name has)."""


@cache
def corpus() -> dict[str, Authority]:
    return {authority.id: authority for authority in corpus_authorities()}


def names(authority: Authority) -> list[tuple[bool, str]]:
    """(is the heading, folded name) for the heading, variants and labels."""
    return _names(authority.id)


@cache
def _names(id_: str) -> list[tuple[bool, str]]:
    authority = corpus()[id_]
    found = [(True, search_key(authority.label))] if authority.label else []
    found += [(False, search_key(variant.label)) for variant in authority.variants]
    found += [(False, search_key(label.value)) for label in authority.labels]
    return [(heading, key) for heading, key in found if key]


fold = cache(search_key)


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` are at most one insertion, deletion or substitution apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def word_matches(query_word: str, word: str, typo: bool) -> bool:
    if word.startswith(query_word):
        return True
    size = len(query_word)
    return typo and any(
        one_edit(query_word, word[:n]) for n in (size - 1, size, size + 1)
    )


def strength(query: str, authority: Authority, typo: bool = False) -> Strength | None:
    """The best match of ``query`` on one of the names, None if none matches."""
    key = fold(query)
    found: list[Strength] = []
    for heading, name in names(authority):
        words = name.split()
        if not all(any(word_matches(q, w, typo) for w in words) for q in key.split()):
            continue
        level = 0 if name == key else 1 if name.startswith(key) else 2
        found.append((level, not heading, len(words)))
    return min(found) if found else None


def kind_of(case: Case) -> Kind:
    return corpus()[case.expected[0]].kind


def test_the_set_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    kinds = Counter(kind_of(case) for case in CASES)
    assert kinds[Kind.PERSON] >= 10, kinds
    assert kinds[Kind.CORPORATE_BODY] + kinds[Kind.MEETING] >= 10, kinds
    assert kinds[Kind.TOPIC] >= 10, kinds
    for kind in (Kind.PLACE, Kind.WORK, Kind.GENRE_FORM, Kind.MEETING):
        assert kinds[kind] >= 1, kind
    assert sum(case.typo for case in CASES) >= 5
    assert sum(case.kind is not None for case in CASES) >= 3
    queries = [(case.query.casefold(), case.kind) for case in CASES]
    assert len(queries) == len(set(queries)), "a query is in the set twice"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.query)
def test_the_expected_records_exist_and_are_active(case: Case) -> None:
    assert case.expected, "no expected id"
    assert case.why, "say what the case tests"
    assert len(set(case.expected)) == len(case.expected)
    for id_ in case.expected:
        assert id_ in corpus(), f"{id_} is not in the corpus"
        assert corpus()[id_].status is Status.ACTIVE, f"{id_} is not active"
    if case.kind is not None:
        assert case.kind in {kind.value for kind in Kind}
        assert all(corpus()[id_].kind.value == case.kind for id_ in case.expected)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.query)
def test_the_query_words_are_in_every_expected_record(case: Case) -> None:
    for id_ in case.expected:
        authority = corpus()[id_]
        assert strength(case.query, authority, typo=case.typo), (
            f"{case.query!r} does not match a name of {id_}: "
            f"{[key for _, key in names(authority)]}"
        )
        if case.typo:
            assert strength(case.query, authority) is None, (
                f"{case.query!r} is marked as a typo but matches {id_} without one"
            )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.query)
def test_no_other_record_matches_as_well(case: Case) -> None:
    expected = min(
        (
            found
            for id_ in case.expected
            if (found := strength(case.query, corpus()[id_], case.typo)) is not None
        ),
        default=None,
    )
    assert expected is not None, f"{case.query!r} matches no expected record"
    for authority in corpus().values():
        if authority.id in case.expected or authority.status is not Status.ACTIVE:
            continue
        if case.kind is not None and authority.kind.value != case.kind:
            continue
        found = strength(case.query, authority, case.typo)
        if case.typo:
            assert found is None, f"{authority.id} ({authority.label}) also matches"
        else:
            assert found is None or expected < found, (
                f"{authority.id} ({authority.label}) matches {found}, "
                f"the expected records only {expected}"
            )


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.kind], ids=lambda case: case.query
)
def test_a_kind_filter_leaves_something_out(case: Case) -> None:
    others = [
        authority.id
        for authority in corpus().values()
        if authority.kind.value != case.kind and strength(case.query, authority)
    ]
    assert others, f"{case.query!r} needs no {case.kind} filter"


def test_the_deleted_record_is_never_expected() -> None:
    deleted = {id_ for id_, a in corpus().items() if a.status is not Status.ACTIVE}
    assert deleted == {"REAL000011"}
    assert not deleted & {id_ for case in CASES for id_ in case.expected}


def test_score_counts_hits_at_1_and_3() -> None:
    cases = CASES[:4]
    perfect = score(lambda case: [case.expected[0], "x"], cases)
    assert (perfect.cases, perfect.hits_at_1, perfect.hits_at_3) == (4, 1.0, 1.0)
    assert perfect.misses == ()

    def second(case: Case) -> list[str]:
        return ["x", case.expected[0]] if case is cases[0] else []

    partly = score(second, cases)
    assert (partly.hits_at_1, partly.hits_at_3) == (0.0, 0.25)
    assert partly.misses[0] == Miss(cases[0], ("x", cases[0].expected[0]))
    assert partly.misses[0].in_top3
    assert not partly.misses[1].in_top3
    report = str(partly)
    assert "hits@1 0.0%" in report and "hits@3 25.0%" in report
    assert cases[1].query in report and "(nothing)" in report
    assert score(lambda case: list(case.expected)).hits_at_1 == 1.0
