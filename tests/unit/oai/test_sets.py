"""The vocabulary sets: one per subject vocabulary the register holds."""

from __future__ import annotations

import pytest
from lxml import etree

from authority.domain.vocabularies import vocabulary
from authority.oai.sets import memberships, set_named, vocabulary_set
from tests.unit.oai.fixture import sample
from tests.unit.oai.test_provider import OAI, respond

DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_a_vocabulary_set_has_the_schemes_title_in_both_languages() -> None:
    humord = vocabulary_set("noubomn")
    assert humord is not None and humord.spec == "vocabulary:noubomn"
    assert humord.name == "Subject vocabulary: Realfagstermer"
    assert "Realfagstermer (noubomn)" in humord.english
    assert humord.bokmal == "Emneautoritetene i Realfagstermer (noubomn)."
    lcgft = vocabulary_set("lcgft")  # no title known: the code
    assert lcgft is not None and lcgft.name == "Subject vocabulary: lcgft"


@pytest.mark.parametrize("code", ["hum ord", "a:b", "æøå", "a/b", ""])
def test_only_codes_that_fit_setspec_become_sets(code: str) -> None:
    assert vocabulary_set(code) is None
    assert set_named(f"vocabulary:{code}") is None


def test_set_named() -> None:
    assert set_named("vocabulary:humord") == vocabulary_set("humord")
    assert set_named("kind:person") is not None
    assert set_named("vocabulary") is not None
    assert set_named("nothing") is None


def test_a_record_is_in_its_vocabularys_set_and_the_parent() -> None:
    for authority in sample():
        code = vocabulary(authority)
        specs = memberships(authority)
        if code is None:
            assert not any(s.startswith("vocabulary") for s in specs)
        else:
            assert specs[-2:] == ["vocabulary", f"vocabulary:{code}"], specs


def test_list_sets_lists_the_vocabularies_held() -> None:
    listed = respond(verb="ListSets")
    specs = [e.text for e in listed.iter(f"{OAI}setSpec")]
    assert [s for s in specs if s and s.startswith("vocabulary:")] == [
        "vocabulary:lcgft",
        "vocabulary:noubomn",
    ]
    entry = next(
        s for s in listed.iter(f"{OAI}set")
        if s.findtext(f"{OAI}setSpec") == "vocabulary:noubomn"
    )  # fmt: skip
    descriptions = {d.get(XML_LANG): d.text for d in entry.iter(f"{DC}description")}
    assert descriptions == {
        "en": "The subject authorities of Realfagstermer (noubomn).",
        "nb": "Emneautoritetene i Realfagstermer (noubomn).",
    }


def test_a_vocabulary_set_harvests_its_records_only() -> None:
    listed = respond(page_size=100, verb="ListIdentifiers", metadataPrefix="oai_dc",
                     set="vocabulary:lcgft")  # fmt: skip
    ids = [e.text for e in listed.iter(f"{OAI}identifier")]
    expected = [a.id for a in sample() if vocabulary(a) == "lcgft"]
    assert ids == [f"oai:bibsys.no:authority:{i}" for i in expected] and ids
    header = listed.find(f".//{OAI}header")
    assert header is not None
    assert "vocabulary:lcgft" in [e.text for e in header.iter(f"{OAI}setSpec")]


def test_an_unknown_vocabulary_is_no_records_and_a_bad_code_no_set() -> None:
    from tests.unit.oai.fixture import BASE_URL, provider
    from tests.unit.oai.test_provider import NOW

    def error(spec: str) -> str | None:
        body = provider().respond(
            {"verb": ["ListIdentifiers"], "metadataPrefix": ["oai_dc"], "set": [spec]},
            BASE_URL,
            NOW,
        )
        found = etree.fromstring(body).find(f"{OAI}error")
        return None if found is None else found.get("code")

    assert error("vocabulary:humord") == "noRecordsMatch"
    assert error("vocabulary:hum ord") == "badArgument"
