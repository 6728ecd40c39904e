"""Scoring and the match decision, without a database (reconciliation/scoring.py)."""

from __future__ import annotations

import json

from authority.domain import Authority, Field, Kind, QualityLevel, Subfield
from authority.reconciliation.queries import Query, batch_from_json
from authority.reconciliation.scoring import MARGIN, name_similarity, scored


def person(
    authority_id: str,
    name: str,
    dates: str | None = None,
    *more: Field,
    quality: QualityLevel | None = None,
) -> Authority:
    parts = (Subfield("a", name),) + ((Subfield("d", dates),) if dates else ())
    heading = Field("100", "1", " ", parts)
    return Authority(authority_id, Kind.PERSON, (heading, *more), quality=quality)


def isni(value: str) -> Field:
    return Field("024", "7", " ", (Subfield("a", value), Subfield("2", "isni")))


def variant(name: str) -> Field:
    return Field("400", "1", " ", (Subfield("a", name),))


def query(text: str = "", **properties: str) -> Query:
    asked = {
        "query": text,
        "properties": [{"pid": k, "v": v} for k, v in properties.items()],
    }
    return batch_from_json(json.dumps({"q": asked}))["q"]


def test_inverted_names_accents_and_punctuation_are_the_same_name() -> None:
    ibsen = person("1", "Ibsen, Henrik", "1828-1906")
    for text in (
        "Henrik Ibsen",
        "ibsen henrik",
        "IBSEN, Henrik.",
        "Ibsen, Henrik, 1828-1906",
    ):
        assert name_similarity(text, ibsen) == (1.0, True), text
    valkeapaa = person("2", "Valkeapää, Nils-Aslak")
    assert name_similarity("Valkeapaa Nils Aslak", valkeapaa)[0] == 1.0


def test_a_variant_counts_a_little_less_than_the_heading() -> None:
    rowling = person("1", "Galbraith, Robert", "1965-", variant("Rowling, J.K."))
    similarity, exact = name_similarity("Rowling, J.K.", rowling)
    assert 0.9 < similarity < 1.0 and not exact


def test_a_name_alone_never_matches() -> None:
    [found] = scored(
        query("Ibsen, Henrik"), [person("1", "Ibsen, Henrik", "1828-1906")]
    )
    assert found.score == 80.0 and not found.match


def test_agreeing_dates_and_a_clear_lead_make_a_match() -> None:
    candidates = [
        person("1", "Ibsen, Henrik", "1828-1906"),
        person("2", "Ibsen, Sigurd"),
    ]
    best, other = scored(query("Henrik Ibsen", dates="1828-1906"), candidates)
    assert (best.authority.id, best.score, best.match) == ("1", 100.0, True)
    assert best.score - other.score >= MARGIN and not other.match


def test_namesakes_with_the_same_dates_never_match() -> None:
    twins = [person("1", "Hansen, Ola", "1950-"), person("2", "Hansen, Ola", "1950-")]
    ranked = scored(query("Hansen, Ola", dates="1950"), twins)
    assert [s.score for s in ranked] == [100.0, 100.0]
    assert not any(s.match for s in ranked)


def test_other_dates_sink_a_namesake() -> None:
    [found] = scored(
        query("Hansen, Ola", birthYear="1901"), [person("1", "Hansen, Ola", "1950-")]
    )
    assert found.score == 40.0 and found.features["dates"] is False


def test_an_identifier_decides_and_another_value_of_its_scheme_costs() -> None:
    holder = person("1", "Hamsun, Marie", None, isni("0000000120169813"))
    other = person("2", "Hamsun, Marie", None, isni("0000000000000001"))
    best, second = scored(query("Marie", isni="0000 0001 2016 9813"), [other, holder])
    assert (best.authority.id, best.score, best.match) == ("1", 100.0, True)
    assert second.features["isni"] is False and second.score < 50


def test_equal_scores_put_the_better_catalogued_first() -> None:
    twins = [
        person("1", "Hansen, Ola"),
        person("2", "Hansen, Ola", quality=QualityLevel.KAT3),
    ]
    assert [s.authority.id for s in scored(query("Hansen, Ola"), twins)] == ["2", "1"]
