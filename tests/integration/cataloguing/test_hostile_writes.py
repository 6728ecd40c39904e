"""Hostile and broken write bodies: DTDs, control characters, and what an edit
leaves alone (the stored leader)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from authority.domain import Actor
from authority.extension import runtime
from authority.marc.from_marc import from_fields
from authority.marc.read import read
from tests.integration.cataloguing.support import Tokens, bearer, created, person
from tests.support import CORPUS
from tests.unit.loaders.test_hostile_xml import DOCTYPES, hostile

NEW_PERSON = (
    '<record xmlns="http://www.loc.gov/MARC21/slim">'
    "<leader>00000nz  a2200000n  4500</leader>"
    '<datafield tag="100" ind1="1" ind2=" "><subfield code="a">Entity, &xxe;'
    "</subfield></datafield></record>"
)


def if_match(token: str, revision: int) -> dict[str, str]:
    return bearer(token, **{"If-Match": f'"{revision}"'})


# DTDs


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
@pytest.mark.parametrize("route", ["/authorities?force=true", "/authorities/match"])
def test_xml_with_a_dtd_is_400_wherever_the_doctype_stands(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens, doctype: str,
    route: str,
) -> None:  # fmt: skip
    services = runtime(cataloguing_app).services
    before = services.reading.count()
    response = client.post(
        route,
        data=hostile(doctype, NEW_PERSON),
        content_type="application/marcxml+xml",
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 400, response.json
    assert response.mimetype == "application/problem+json"
    assert (
        "DTD" in response.json["detail"] or "amplification" in (response.json["detail"])
    )
    assert services.reading.count() == before


# Control characters


def _with(value: str, tag: str = "100") -> dict[str, Any]:
    body = person("Kontroll, Karl")
    for f in body["fields"]:
        if f["tag"] == tag:
            f["subfields"].append(["d", value])
    return body


@pytest.mark.parametrize("character", ["\x1f", "\x1e", "\x1d", "\x00", "\x0b"])
def test_a_control_character_in_a_subfield_is_422_naming_where(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens, character: str
) -> None:
    services = runtime(cataloguing_app).services
    before = services.reading.count()
    body = _with(f"1950{character}dINJECTED")
    response = client.post(
        "/authorities?force=true", json=body, headers=bearer(tokens.cataloguer)
    )
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    [problem] = response.json["problems"]
    assert problem["where"] == "100[1]/$d"
    assert f"U+{ord(character):04X}" in problem["message"]
    assert services.reading.count() == before


def test_what_iso_2709_cannot_write_back_is_422_with_every_other_problem(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    # An indicator or subfield code of two characters shifted every byte after it
    # in ISO 2709; a body lists it beside the write's other problems.
    services = runtime(cataloguing_app).services
    before = services.reading.count()
    odd = {"tag": "670", "ind1": "10", "ind2": " ", "subfields": [["ab", "Kilde"]]}
    body = person("Skjev, Sigrid", odd)
    body["fields"][0] = {"tag": "008", "data": "too short"}
    response = client.post(
        "/authorities?force=true", json=body, headers=bearer(tokens.cataloguer)
    )
    assert response.status_code == 422, response.json
    where = sorted(p["where"] for p in response.json["problems"])
    assert {"008", "670/ind1", "670/$ab"} <= set(where), where
    assert services.reading.count() == before


def test_tab_line_feed_and_carriage_return_are_allowed(
    client: FlaskClient, tokens: Tokens
) -> None:
    note = {"tag": "670", "ind1": " ", "ind2": " ",
            "subfields": [["a", "Kilde\tmed\nlinjer\r\nog tab"]]}  # fmt: skip
    new = created(client, tokens, person("Linjeskift, Line", note))
    stored = client.get(f"/authorities/{new}", headers=bearer(tokens.cataloguer))
    assert (
        stored.json["fields"][-1]["subfields"][0][1] == "Kilde\tmed\nlinjer\r\nog tab"
    )


def test_control_characters_are_422_in_an_edit_and_in_marc_in_json(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Redigert, Rita"))
    second = {"tag": "400", "ind1": "1", "ind2": " ",
              "subfields": [["a", "Rita"]]}  # fmt: skip
    body = person("Redigert, Rita", second, dict(second, subfields=[["a", "R\x1fx"]]))
    response = client.put(
        f"/authorities/{new}", json=body, headers=if_match(tokens.cataloguer, 1)
    )
    assert response.status_code == 422, response.json
    assert [p["where"] for p in response.json["problems"]] == ["400[2]/$a"]
    marcjson = {
        "leader": "00000nz  a2200000n  4500",
        "fields": [{"100": {"ind1": "1", "ind2": " ",
                            "subfields": [{"a": "Json\x1esen"}]}}],
    }  # fmt: skip
    response = client.post(
        "/authorities?force=true",
        json=marcjson,
        content_type="application/marc+json",
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 422, response.json
    assert response.json["problems"][0]["where"] == "100[1]/$a"


# The leader on an edit

GND = CORPUS / "marc-authority/mc2skos/gnd-1020118989.xml"
"""A record whose leader says more than ours would: /17 ``o``, /18 ``c``."""


def _stored_gnd(cataloguing_app: Flask, copy: str) -> str:
    """The GND record stored as a load stores it, as one more ``copy`` of it."""
    [result] = read(str(GND))
    assert result.leader == "00000nz  a2200000oc 4500"
    fields = tuple(
        f._replace(data=f"{f.data}-{copy}") if f.tag == "001" else f
        for f in result.fields
    )
    record = from_fields(result.leader, fields, mint_id=True)
    _, stored = runtime(cataloguing_app).services.loading.upsert_from_source(
        record, Actor("load:marcxml")
    )
    return stored.id


def _marcxml_leader(client: FlaskClient, authority_id: str) -> str:
    response = client.get(
        f"/authorities/{authority_id}", query_string={"format": "marcxml"}
    )
    return str(etree.fromstring(response.data).findtext(".//{*}leader"))


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_json_edit_keeps_the_stored_leader(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens, method: str
) -> None:
    new = _stored_gnd(cataloguing_app, method)
    assert _marcxml_leader(client, new) == "00000nz  a2200000oc 4500"
    current = client.get(f"/authorities/{new}", headers=bearer(tokens.cataloguer))
    fields = current.json["fields"]
    note = {"tag": "670", "ind1": " ", "ind2": " ", "subfields": [["a", "Redigert"]]}
    revision = int(current.headers["ETag"].strip('"'))
    if method == "put":
        response = client.put(
            f"/authorities/{new}",
            json={"fields": [*fields, note]},
            headers=if_match(tokens.cataloguer, revision),
        )
    else:
        response = client.patch(
            f"/authorities/{new}",
            json={"fields": [*fields, note]},
            content_type="application/merge-patch+json",
            headers=if_match(tokens.cataloguer, revision),
        )
    assert response.status_code == 200, response.json
    assert response.json["fields"][-1] == note
    assert _marcxml_leader(client, new) == "00000nz  a2200000oc 4500"
    # A status change touches /05 only (admins delete; the tombstone says d).
    client.delete(f"/authorities/{new}", headers=bearer(tokens.admin))
    stored = runtime(cataloguing_app).services.reading.find(new)
    assert stored is not None and stored.leader == "00000nz  a2200000oc 4500"


def test_a_marcxml_edit_sets_the_leader_it_sends(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    new = _stored_gnd(cataloguing_app, "marcxml")
    current = client.get(
        f"/authorities/{new}", query_string={"format": "marcxml"},
        headers=bearer(tokens.cataloguer),
    )  # fmt: skip
    revision = int(current.headers["ETag"].split("-")[0].strip('W/"'))
    sent = current.data.replace(b"a2200000oc 4500", b"a2200000n  4500")
    response = client.put(
        f"/authorities/{new}",
        data=sent,
        content_type="application/marcxml+xml",
        headers=if_match(tokens.cataloguer, revision),
    )
    assert response.status_code == 200, response.json
    assert _marcxml_leader(client, new) == "00000nz  a2200000n  4500"
