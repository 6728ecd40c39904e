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


def viaf(value: str) -> Field:
    return Field("024", "7", " ", (Subfield("a", value), Subfield("2", "viaf")))


HAMSUN_ISNI = "0000000120169813"


def holder_of(asked: dict[str, object], candidate: Authority) -> tuple[float, bool]:
    [found] = scored(batch_from_json(json.dumps({"q": asked}))["q"], [candidate])
    return found.score, found.match


def by_isni(*properties: dict[str, str], **more: str) -> dict[str, object]:
    """A query for Hamsun's ISNI, with ``properties`` and ``more`` besides."""
    given = [{"pid": "isni", "v": HAMSUN_ISNI}, *properties]
    return {"query": "Hamsun", "properties": given, **more}


def test_an_identifier_with_another_identifier_against_it_is_no_match() -> None:
    hamsun = person("1", "Hamsun, Knut", None, isni(HAMSUN_ISNI), viaf("803679"))
    assert holder_of(by_isni(), hamsun) == (100.0, True)
    other_viaf = by_isni({"pid": "viaf", "v": "99999"})
    assert holder_of(other_viaf, hamsun) == (50.0, False)


def test_an_identifier_with_other_dates_against_it_is_no_match() -> None:
    hamsun = person("1", "Hamsun, Knut", "1859-1952", isni(HAMSUN_ISNI))
    agreeing = by_isni({"pid": "dates", "v": "1859-1952"})
    assert holder_of(agreeing, hamsun) == (100.0, True)
    other = by_isni({"pid": "birthYear", "v": "1901"})
    assert holder_of(other, hamsun) == (60.0, False)


def test_an_identifier_held_by_another_kind_is_no_match() -> None:
    hamsun = person("1", "Hamsun, Knut", None, isni(HAMSUN_ISNI))
    for strict in ("should", "any"):
        asked = by_isni(type="corporate_body", type_strict=strict)
        assert holder_of(asked, hamsun) == (90.0, False), strict
    assert holder_of(by_isni(type="person"), hamsun) == (100.0, True)
