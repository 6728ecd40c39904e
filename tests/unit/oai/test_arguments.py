"""Every error condition of OAI-PMH 2.0, as an OAI-PMH document that validates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

from tests.unit.oai.fixture import BASE_URL, provider
from tests.unit.oai.schemas import validate

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def respond(**given: str | list[str]) -> etree._Element:
    arguments = {
        k.rstrip("_"): v if isinstance(v, list) else [v] for k, v in given.items()
    }
    body = provider().respond(arguments, BASE_URL, NOW)
    validate(body)
    return etree.fromstring(body)


def error(root: etree._Element) -> str | None:
    found = root.find(f"{OAI}error")
    return found.get("code") if found is not None else None


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Frobnicate"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["marc21", "oai_dc"]},
         "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21",
          "from_": "2026-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21",
          "from_": "2026-01-01T00:00"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21",
          "from_": "2026-01-01", "until": "2026-01-01T10:00:00Z"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21",
          "from_": "2026-02-01", "until": "2026-01-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "set": "nope"},
         "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "marc21"},
         "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "garbage!"}, "badResumptionToken"),
        ({"verb": "GetRecord", "metadataPrefix": "marc21",
          "identifier": "oai:bibsys.no:authority:1\x00"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "eyJwcmVmaXgiOjF9"},
         "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "identifier": "oai:bibsys.no:authority:1",
          "metadataPrefix": "marc21"}, "idDoesNotExist"),
        ({"verb": "GetRecord", "identifier": "oai:bibsys.no:authority:90053126"},
         "badArgument"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:other:2"},
         "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "from_": "2030-01-01"},
         "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "kind:family"},
         "noRecordsMatch"),
    ],
)  # fmt: skip
def test_error_conditions(given: dict[str, str | list[str]], code: str) -> None:
    root = respond(**given)
    assert error(root) == code
    request = root.find(f"{OAI}request")
    assert request is not None and request.text == BASE_URL
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the spec: no arguments echoed then


def test_a_token_past_its_expiry_is_refused() -> None:
    p = provider(page_size=2)
    first = etree.fromstring(
        p.respond(
            {"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"]}, BASE_URL, NOW
        )
    )
    token = first.findtext(f".//{OAI}resumptionToken")
    assert token
    later = datetime(2026, 6, 3, tzinfo=UTC)
    body = p.respond(
        {"verb": ["ListIdentifiers"], "resumptionToken": [token]}, BASE_URL, later
    )
    validate(body)
    assert error(etree.fromstring(body)) == "badResumptionToken"


def test_day_and_second_granularity_are_inclusive() -> None:
    # fixture: one change a minute from 2026-01-01T00:01:00Z
    one = respond(
        verb="ListIdentifiers",
        metadataPrefix="marc21",
        from_="2026-01-01T00:02:00Z",
        until="2026-01-01T00:03:00Z",
    )
    stamps = [e.text for e in one.iter(f"{OAI}datestamp")]
    assert stamps == ["2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z"]
    day = respond(verb="ListIdentifiers", metadataPrefix="marc21", until="2026-01-01")
    assert error(day) is None


@pytest.mark.parametrize("field", ["expires", "last_seq", "after"])
def test_a_forged_token_with_huge_numbers_is_refused(field: str) -> None:
    import base64
    import json

    p = provider(page_size=2)
    first = etree.fromstring(
        p.respond(
            {"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"]}, BASE_URL, NOW
        )
    )
    token = first.findtext(f".//{OAI}resumptionToken") or ""
    fields = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    fields[field] = 10**20
    forged = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode()
    body = p.respond(
        {"verb": ["ListIdentifiers"], "resumptionToken": [forged]}, BASE_URL, NOW
    )
    validate(body)
    assert error(etree.fromstring(body)) == "badResumptionToken"


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-31T23:59:59Z"])
def test_until_the_end_of_time_is_no_bound(until: str) -> None:
    given = {"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"]}
    body = provider().respond({**given, "until": [until]}, BASE_URL, NOW)
    validate(body)
    everything = provider().respond(given, BASE_URL, NOW)
    headers = etree.fromstring(body).findall(f".//{OAI}header")
    assert headers and len(headers) == len(
        etree.fromstring(everything).findall(f".//{OAI}header")
    )


def test_a_list_whose_next_record_left_its_set_asks_for_a_new_harvest() -> None:
    from tests.unit.oai.fixture import sample

    p = provider(page_size=2, authorities=sample()[:3])
    first = etree.fromstring(
        p.respond(
            {"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"]}, BASE_URL, NOW
        )
    )
    token = first.findtext(f".//{OAI}resumptionToken")
    assert token
    p.source.stamped.pop()  # the third record left the set
    body = p.respond(
        {"verb": ["ListIdentifiers"], "resumptionToken": [token]}, BASE_URL, NOW
    )
    validate(body)
    assert error(etree.fromstring(body)) == "badResumptionToken"
