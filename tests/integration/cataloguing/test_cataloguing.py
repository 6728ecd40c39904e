"""The write API against a real database: tokens, edits, lifecycle, history."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from rdflib import OWL, Literal, URIRef

from authority.api.negotiation import FORMATS
from authority.extension import runtime
from tests.integration.api.conftest import BASE
from tests.integration.cataloguing.support import (
    Tokens,
    bearer,
    created,
    isni,
    person,
    related,
)
from tests.support import parse_rdf

VALID_ISNI = "000000012146438X"
OTHER_ISNI = "0000000121032683"
MERGED_ISNI = "0000000123456789"


def if_match(token: str, revision: int) -> dict[str, str]:
    return bearer(token, **{"If-Match": f'"{revision}"'})


# Tokens and roles


def test_reads_are_anonymous_and_writes_need_a_token(
    client: FlaskClient, tokens: Tokens
) -> None:
    body = person("Anonym, Alf")
    assert client.post("/authorities", json=body).status_code == 401
    response = client.post("/authorities", json=body, headers=bearer("atk_nonsense"))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    wrong_scheme = {"Authorization": f"Basic {tokens.cataloguer}"}
    assert (
        client.post("/authorities", json=body, headers=wrong_scheme).status_code == 401
    )
    new = created(client, tokens, body)
    assert client.get(f"/authorities/{new}").status_code == 200
    # A proxy's Basic credentials are no token of ours: the read stays public.
    behind_a_proxy = client.get(f"/authorities/{new}", headers=wrong_scheme)
    assert behind_a_proxy.status_code == 200


def test_a_cataloguer_may_not_delete(client: FlaskClient, tokens: Tokens) -> None:
    new = created(client, tokens, person("Rolle, Rita"))
    response = client.delete(f"/authorities/{new}", headers=bearer(tokens.cataloguer))
    assert response.status_code == 403
    assert "admin" in response.json["detail"]
    assert client.get(f"/authorities/{new}").status_code == 200


def test_a_revoked_token_is_refused(
    client: FlaskClient, cataloguing_app: Flask
) -> None:
    from authority.domain.tokens import Role

    made = runtime(cataloguing_app).tokens
    _, secret = made.create("temporary", Role.CATALOGUER)
    assert (
        client.post(
            "/authorities?force=true", json=person("Kort, Karl"), headers=bearer(secret)
        ).status_code
        == 201
    )
    made.revoke("temporary")
    assert (
        client.post(
            "/authorities?force=true",
            json=person("Kort, Klara"),
            headers=bearer(secret),
        ).status_code
        == 401
    )


# Creating


def test_create_answers_201_with_location_and_records_who(
    client: FlaskClient, tokens: Tokens, cataloguing_app: Flask
) -> None:
    response = client.post(
        "/authorities",
        json=person("Nyskapt, Nora", dates="1971-"),
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 201
    new = response.json["id"]
    assert response.headers["Location"] == f"{BASE}authorities/{new}"
    assert response.headers["ETag"] == '"1"'
    assert response.json["label"] == "Nyskapt, Nora, 1971-"
    assert response.json["warnings"] == []
    [entry] = runtime(cataloguing_app).services.reading.history(new)
    assert (entry.actor.name, entry.actor.institution) == ("kari", "NTNU")
    # Search sees it as soon as the response is out.
    hits = client.get("/authorities", query_string={"q": "nyskapt nora"}).json["hits"]
    assert [h["id"] for h in hits] == [new]


def test_create_from_marcxml_and_marc_in_json(
    client: FlaskClient, tokens: Tokens
) -> None:
    marcxml = b"""<record xmlns="http://www.loc.gov/MARC21/slim">
      <leader>00000nz  a2200000n  4500</leader>
      <controlfield tag="008">230101n| acannaabn          |a aaa      </controlfield>
      <datafield tag="100" ind1="1" ind2=" "><subfield code="a">Xmlsen, Xena</subfield>
      </datafield></record>"""
    response = client.post(
        "/authorities?force=true",
        data=marcxml,
        content_type="application/marcxml+xml",
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 201, response.json
    assert response.json["label"] == "Xmlsen, Xena"
    marcjson = {
        "leader": "00000nz  a2200000n  4500",
        "fields": [
            {"100": {"ind1": "1", "ind2": " ", "subfields": [{"a": "Jsonsen, Jens"}]}}
        ],
    }
    response = client.post(
        "/authorities?force=true",
        json=marcjson,
        headers=bearer(tokens.cataloguer),
        content_type="application/marc+json",
    )
    assert response.status_code == 201, response.json
    assert response.json["label"] == "Jsonsen, Jens"


def test_a_likely_duplicate_is_409_unless_forced(
    client: FlaskClient, tokens: Tokens
) -> None:
    first = created(client, tokens, person("Dobbel, Dina", dates="1950-"))
    response = client.post(
        "/authorities",
        json=person("Dobbel, Dina", dates="1950-"),
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 409
    [candidate] = response.json["candidates"]
    assert candidate["id"] == first
    assert set(candidate["signals"]) == {"name", "dates"}
    assert candidate["score"] >= 0.6
    # Same name, other dates: another person, no conflict.
    other = client.post(
        "/authorities",
        json=person("Dobbel, Dina", dates="1901-1980"),
        headers=bearer(tokens.cataloguer),
    )
    assert other.status_code == 201
    forced = client.post(
        "/authorities?force=true",
        json=person("Dobbel, Dina", dates="1950-"),
        headers=bearer(tokens.cataloguer),
    )
    assert forced.status_code == 201


def test_match_ranks_candidates_with_their_signals(
    client: FlaskClient, tokens: Tokens
) -> None:
    by_isni = created(client, tokens, person("Isnisen, Ida", isni(VALID_ISNI)))
    by_name = created(client, tokens, person("Isnisen, Ida", dates="1990-"))
    response = client.post(
        "/authorities/match", json=person("Isnisen, Ida", isni(VALID_ISNI))
    )
    assert response.status_code == 200
    found = {c["id"]: c for c in response.json["candidates"]}
    assert response.json["candidates"][0]["id"] == by_isni
    assert found[by_isni]["signals"] == ["identifier:isni", "name"]
    assert found[by_name]["signals"] == ["name"]
    assert found[by_isni]["score"] > found[by_name]["score"]


# Editing with ETags


def test_put_needs_if_match_and_refuses_a_stale_one(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Etag, Erik"))
    edit = person("Etag, Erik Andreas")
    missing = client.put(
        f"/authorities/{new}", json=edit, headers=bearer(tokens.cataloguer)
    )
    assert missing.status_code == 428
    done = client.put(
        f"/authorities/{new}", json=edit, headers=if_match(tokens.cataloguer, 1)
    )
    assert done.status_code == 200
    assert done.headers["ETag"] == '"2"'
    assert done.json["label"] == "Etag, Erik Andreas"
    stale = client.put(
        f"/authorities/{new}",
        json=person("Etag, E."),
        headers=if_match(tokens.cataloguer, 1),
    )
    assert stale.status_code == 412
    assert stale.json["currentRevision"] == 2
    assert client.get(f"/authorities/{new}").json["label"] == "Etag, Erik Andreas"


def test_patch_is_a_json_merge_patch(client: FlaskClient, tokens: Tokens) -> None:
    new = created(client, tokens, person("Lapp, Lise"))
    response = client.patch(
        f"/authorities/{new}",
        json={"qualityLevel": "kat2"},
        headers=if_match(tokens.cataloguer, 1),
    )
    assert response.status_code == 200, response.json
    assert response.json["qualityLevel"] == "kat2"
    other_id = client.patch(
        f"/authorities/{new}",
        json={"id": "90053126"},
        headers=if_match(tokens.cataloguer, 2),
    )
    assert other_id.status_code == 422
    assert response.json["label"] == "Lapp, Lise"
    assert (
        client.patch(
            f"/authorities/{new}",
            json={"qualityLevel": "kat3"},
            headers=bearer(tokens.cataloguer),
        ).status_code
        == 428
    )


def test_fifty_concurrent_puts_with_one_etag_make_one_revision(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Samtidig, Sam"))
    services = runtime(cataloguing_app).services
    seq_before = services.reading.changes(after=0, limit=1_000_000)[-1].seq
    statuses: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(50)

    def put(n: int) -> None:
        own = cataloguing_app.test_client()
        start.wait()
        response = own.put(
            f"/authorities/{new}",
            json=person(f"Samtidig, Sam {n}"),
            headers=if_match(tokens.cataloguer, 1),
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=put, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [412] * 49
    history = services.reading.history(new)
    assert [r.authority.revision for r in history] == [1, 2]
    after = [c.seq for c in services.reading.changes(after=seq_before, limit=1000)]
    assert after == list(range(seq_before + 1, seq_before + 1 + len(after)))
    assert [c.authority_id for c in services.reading.changes(after=seq_before)] == [new]


# Validation


def test_every_problem_is_listed_with_its_field(
    client: FlaskClient, tokens: Tokens
) -> None:
    body = person(
        "Feil, Frida",
        isni("0000000121464364"),  # wrong check digit
        related("500", "Ingen, Ingen", "99999999"),  # no such authority
        {"tag": "046", "ind1": " ", "ind2": " ", "subfields": [["f", "sometime"]]},
        {"tag": "999x", "ind1": " ", "ind2": " ", "subfields": [["a", "?"]]},
    )
    body["fields"][0] = {"tag": "008", "data": "too short"}
    response = client.post(
        "/authorities?force=true", json=body, headers=bearer(tokens.cataloguer)
    )
    assert response.status_code == 422
    # (999x twice: an unknown tag, and no tag ISO 2709 can write)
    where = sorted(p["where"] for p in response.json["problems"])
    assert where == ["008", "024", "046/$f", "500", "999x", "999x"]
    assert (
        client.get("/authorities", query_string={"q": "feil frida"}).json["total"] == 0
    )


def test_an_old_problem_in_an_untouched_field_is_a_warning(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    # A legacy record with a short 008, as 432 of the corpus's records have.
    from authority.domain import Actor, Field, Subfield
    from authority.marc.from_marc import from_fields

    legacy = from_fields(
        "00000nz  a2200000n  4500",
        (
            Field("001", data="90900001"),
            Field("008", data="short 008"),
            Field("100", "1", " ", (Subfield("a", "Gammel, Gunnar"),)),
        ),
    )
    runtime(cataloguing_app).services.loading.upsert_from_source(
        legacy, Actor("legacy")
    )
    edit = {
        "fields": [
            {"tag": "008", "data": "short 008"},
            {
                "tag": "100",
                "ind1": "1",
                "ind2": " ",
                "subfields": [["a", "Gammel, Gunnar"], ["d", "1900-1970"]],
            },
        ]
    }
    response = client.put(
        "/authorities/90900001", json=edit, headers=if_match(tokens.cataloguer, 1)
    )
    assert response.status_code == 200, response.json
    assert [w["where"] for w in response.json["warnings"]] == ["008"]
    edit["fields"][0] = {"tag": "008", "data": "still short"}  # touched: an error now
    response = client.put(
        "/authorities/90900001", json=edit, headers=if_match(tokens.cataloguer, 2)
    )
    assert response.status_code == 422
    assert [p["where"] for p in response.json["problems"]] == ["008"]


# Lifecycle


def test_delete_then_restore(client: FlaskClient, tokens: Tokens) -> None:
    new = created(client, tokens, person("Borte, Bodil"))
    assert (
        client.delete(f"/authorities/{new}", headers=bearer(tokens.admin)).status_code
        == 204
    )
    gone = client.get(f"/authorities/{new}")
    assert gone.status_code == 410
    assert gone.json["id"] == new
    marc = client.get(f"/authorities/{new}.xml")
    assert marc.status_code == 410
    leader = etree.fromstring(marc.data).findtext(".//{*}leader")
    assert leader[5] == "d"
    turtle = client.get(f"/authorities/{new}.ttl")
    graph = parse_rdf(turtle.data, "ttl", f"{BASE}authorities/{new}")
    assert (URIRef(f"{BASE}authorities/{new}"), OWL.deprecated, Literal(True)) in graph
    assert (
        client.get("/authorities", query_string={"q": "borte bodil"}).json["total"] == 0
    )
    again = client.delete(f"/authorities/{new}", headers=bearer(tokens.admin))
    assert again.status_code == 409
    restored = client.post(f"/authorities/{new}/restore", headers=bearer(tokens.admin))
    assert restored.status_code == 200
    assert client.get(f"/authorities/{new}").status_code == 200
    assert (
        client.get("/authorities", query_string={"q": "borte bodil"}).json["total"] == 1
    )


def test_merge_moves_identifiers_relations_and_redirects_for_ever(
    client: FlaskClient, tokens: Tokens, cataloguing_app: Flask
) -> None:
    survivor = created(client, tokens, person("Hoved, Hans", dates="1900-1980"))
    loser = created(client, tokens, person("Hoved, H.", isni(MERGED_ISNI)))
    pointing = created(
        client, tokens, person("Venn, Vera", related("500", "Hoved, H.", loser))
    )
    modified = client.get(f"/authorities/{pointing}").json["modified"]
    response = client.post(
        f"/authorities/{loser}/merge",
        json={"into": survivor},
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 200, response.json
    assert response.headers["Location"] == f"{BASE}authorities/{survivor}"
    assert [i["value"] for i in response.json["identifiers"]] == [MERGED_ISNI]
    assert "Hoved, H." in [v["label"] for v in response.json["variants"]]
    for suffix in ("", ".json", ".xml", ".ttl", ".jsonld", ".nt", ".rdf", ".html"):
        moved = client.get(f"/authorities/{loser}{suffix}")
        assert moved.status_code == 301, suffix
        assert moved.headers["Location"] == f"{BASE}authorities/{survivor}{suffix}"
    for form in FORMATS:
        moved = client.get(f"/authorities/{loser}", query_string={"format": form.name})
        assert moved.status_code == 301, form.name
        assert moved.headers["Location"].startswith(f"{BASE}authorities/{survivor}")
    relinked = client.get(f"/authorities/{pointing}").json
    assert [r["id"] for r in relinked["relations"]] == [survivor]
    assert relinked["modified"] > modified  # harvesting by date sees the relink
    found = client.get(
        "/resolve", query_string={"id": f"https://isni.org/isni/{MERGED_ISNI}"}
    )
    assert found.headers["Location"] == f"{BASE}authorities/{survivor}"
    services = runtime(cataloguing_app).services
    assert [r.action for r in services.reading.history(loser)] == ["create", "merge"]
    assert [r.action for r in services.reading.history(survivor)] == ["create", "merge"]
    assert [r.action for r in services.reading.history(pointing)] == [
        "create",
        "relink",
    ]


def test_merge_refuses_itself_a_deleted_survivor_and_a_merged_loser(
    client: FlaskClient, tokens: Tokens
) -> None:
    one = created(client, tokens, person("Selv, Sigurd"))
    two = created(client, tokens, person("Slettet, Sonja"))
    client.delete(f"/authorities/{two}", headers=bearer(tokens.admin))
    token = bearer(tokens.cataloguer)
    itself = client.post(f"/authorities/{one}/merge", json={"into": one}, headers=token)
    assert itself.status_code == 422
    deleted = client.post(
        f"/authorities/{one}/merge", json={"into": two}, headers=token
    )
    assert deleted.status_code == 422
    assert "deleted" in deleted.json["problems"][0]["message"]
    assert (
        client.post(f"/authorities/{one}/merge", json={}, headers=token).status_code
        == 422
    )
    three = created(client, tokens, person("Tredje, Tor"))
    assert (
        client.post(
            f"/authorities/{three}/merge", json={"into": one}, headers=token
        ).status_code
        == 200
    )
    again = client.post(
        f"/authorities/{three}/merge", json={"into": one}, headers=token
    )
    assert again.status_code == 409


# History


def test_history_lists_who_what_and_the_field_diff(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Historie, Hilde"))
    client.put(
        f"/authorities/{new}",
        json=person("Historie, Hilde", dates="1960-"),
        headers=if_match(tokens.cataloguer, 1),
    )
    body = client.get(
        f"/authorities/{new}/history", headers=bearer(tokens.cataloguer)
    ).json
    first, second = body["revisions"]
    assert (
        first["revision"],
        first["action"],
        first["actor"],
        first["institution"],
    ) == (1, "create", "kari", "NTNU")
    assert second["action"] == "update"
    assert {c["change"] for c in second["changes"]} == {"added", "removed"}
    [added] = [c for c in second["changes"] if c["change"] == "added"]
    assert added["field"]["subfields"] == [["a", "Historie, Hilde"], ["d", "1960-"]]
    old = client.get(f"/authorities/{new}/history/1.json")
    assert old.status_code == 200 and old.json["label"] == "Historie, Hilde"
    old_marc = client.get(f"/authorities/{new}/history/1.xml")
    assert old_marc.mimetype == "application/marcxml+xml"
    assert client.get(f"/authorities/{new}/history/9").status_code == 404


def test_revert_makes_a_new_revision_equal_to_an_old_one(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Angre, Anna"))
    client.put(
        f"/authorities/{new}",
        json=person("Angre, Anne"),
        headers=if_match(tokens.cataloguer, 1),
    )
    response = client.post(
        f"/authorities/{new}/revert",
        json={"revision": 1},
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 200
    assert response.json["label"] == "Angre, Anna"
    assert response.json["revision"] == 3
    history = client.get(f"/authorities/{new}/history").json["revisions"]
    assert [r["action"] for r in history] == ["create", "update", "revert"]


def test_reverting_a_merge_needs_an_admin(client: FlaskClient, tokens: Tokens) -> None:
    survivor = created(client, tokens, person("Behold, Berit"))
    loser = created(client, tokens, person("Behold, B."))
    client.post(
        f"/authorities/{loser}/merge",
        json={"into": survivor},
        headers=bearer(tokens.cataloguer),
    )
    denied = client.post(
        f"/authorities/{loser}/revert",
        json={"revision": 1},
        headers=bearer(tokens.cataloguer),
    )
    assert denied.status_code == 403
    done = client.post(
        f"/authorities/{loser}/revert",
        json={"revision": 1},
        headers=bearer(tokens.admin),
    )
    assert done.status_code == 200
    assert client.get(f"/authorities/{loser}").status_code == 200


# Privacy


def test_private_identifiers_and_internal_notes_need_a_token(
    client: FlaskClient, tokens: Tokens
) -> None:
    feide = {
        "tag": "024",
        "ind1": "7",
        "ind2": " ",
        "subfields": [["a", "kari@ntnu.no"], ["2", "feide"]],
    }
    note = {
        "tag": "667",
        "ind1": " ",
        "ind2": " ",
        "subfields": [["a", "Intern merknad"]],
    }
    new = created(client, tokens, person("Privat, Petra", feide, note))
    public = client.get(f"/authorities/{new}")
    for fmt in ("", ".xml", ".ttl", ".html", ".mrc", ".jsonld"):
        assert b"kari@ntnu.no" not in client.get(f"/authorities/{new}{fmt}").data, fmt
        assert b"Intern merknad" not in client.get(f"/authorities/{new}{fmt}").data, fmt
    assert "feide" not in {i["scheme"] for i in public.json["identifiers"]}
    private = client.get(f"/authorities/{new}", headers=bearer(tokens.cataloguer))
    assert "feide" in {i["scheme"] for i in private.json["identifiers"]}
    assert "Intern merknad" in [n["text"] for n in private.json["notes"]]
    assert "private" in private.headers["Cache-Control"]
    assert "Authorization" in private.headers["Vary"]
    history = client.get(f"/authorities/{new}/history").data
    assert b"kari@ntnu.no" not in history


# Bad input


def test_bad_bodies_are_clear_4xx_and_write_nothing(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    token = bearer(tokens.cataloguer)
    services = runtime(cataloguing_app).services
    before = services.reading.count()
    cases: list[tuple[dict[str, Any], int]] = [
        ({"data": b"{not json", "content_type": "application/json"}, 400),
        ({"data": b"[1, 2]", "content_type": "application/json"}, 400),
        ({"data": b"plain", "content_type": "text/plain"}, 415),
        ({"data": b"", "content_type": "application/json"}, 400),
        ({"json": {**person("Ukjent, Ulf"), "colour": "blue"}}, 422),
        ({"json": {"fields": "none"}}, 422),
        ({"json": {"fields": [{"tag": "100"}]}}, 422),
        ({"json": {**person("Id, Ida"), "id": "90053126"}}, 422),
        (
            {
                "data": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><record>&x;</record>',
                "content_type": "application/marcxml+xml",
            },
            400,
        ),
        (
            {"data": b"<record><unclosed></record>", "content_type": "application/xml"},
            400,
        ),
        ({"data": b"x" * (5 * 1024 * 1024), "content_type": "application/json"}, 413),
    ]
    for sent, status in cases:
        response = client.post("/authorities?force=true", headers=token, **sent)
        assert response.status_code == status, (
            sent.get("json") or sent["data"][:80],
            response.json,
        )
        assert response.mimetype == "application/problem+json"
    assert services.reading.count() == before


# BARE's write routes


@pytest.mark.parametrize(
    "base",
    # BARE's own paths, and what its clients' urljoin on ".../v2" calls instead
    ["/authority/rest/authorities/v2", "/authority/rest/authorities"],
)
def test_bare_create_edit_identifiers_and_delete_with_an_apikey(
    client: FlaskClient, tokens: Tokens, base: str
) -> None:
    import json
    from pathlib import Path

    from tests.support import CORPUS

    body = json.loads(
        Path(CORPUS, "bare/json/createAuthorityRequestToBare.json").read_text()
    )
    apikey = {"Authorization": f"apikey {tokens.cataloguer}"}
    made = client.post(base, json=body, headers=apikey)
    assert made.status_code == 201, made.json
    new = made.json["systemControlNumber"]
    assert made.json["marcdata"][0]["subfields"][0]["value"] == "Unit, DotNo"
    body["marcdata"][0]["subfields"][0]["value"] = "Unit, DotNo Edited"
    edited = client.put(f"{base}/{new}", json=body, headers=apikey)
    assert edited.status_code == 200, edited.json
    assert client.get(f"/authorities/{new}").json["label"] == "Unit, DotNo Edited"
    added = client.post(
        f"{base}/{new}/identifiers",
        json={"source": "isni", "identifier": OTHER_ISNI},
        headers=apikey,
    )
    assert added.status_code == 200, added.json
    assert added.json["identifiersMap"]["isni"] == [OTHER_ISNI]
    removed = client.delete(
        f"{base}/{new}/identifiers/isni",
        query_string={"identifier": OTHER_ISNI},
        headers=apikey,
    )
    assert removed.status_code == 200
    assert "isni" not in removed.json.get("identifiersMap", {})
    denied = client.delete(f"{base}/{new}", headers=apikey)
    assert denied.status_code == 403
    deleted = client.delete(
        f"{base}/{new}",
        headers={"Authorization": f"apikey {tokens.admin}"},
    )
    assert deleted.status_code == 200
    assert deleted.json["deleted"] is True
    assert client.get(f"/authorities/{new}").status_code == 410


SEND = 'send {"source": "<scheme>", "identifier": "<value>"}'
NO_SCHEME = "is no scheme name (isni, viaf, orcid ...)"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"source": "isni"}, SEND),
        ({"source": 7, "identifier": OTHER_ISNI}, SEND),
        ({"source": "isni", "identifier": "  "}, SEND),
        ({"source": "is ni", "identifier": OTHER_ISNI}, f"source 'is ni' {NO_SCHEME}"),
        ({"source": "", "identifier": " "}, SEND),  # the body first, as BARE did
        ([], None),  # not an object: the body reader's own answer
    ],
)
def test_bare_identifier_bodies_are_refused_with_what_to_send(
    client: FlaskClient, tokens: Tokens, body: object, detail: str | None
) -> None:
    apikey = {"Authorization": f"apikey {tokens.cataloguer}"}
    answer = client.post(
        "/authority/rest/authorities/v2/90517730/identifiers",
        json=body,
        headers=apikey,
    )
    assert answer.status_code == 400, answer.json
    assert answer.mimetype == "application/problem+json"
    if detail is not None:
        assert answer.json["detail"] == detail


@pytest.mark.parametrize("name", ["CONFERENCE", "MEETING"])
def test_bare_clients_get_back_the_meeting_name_they_gave(
    client: FlaskClient, tokens: Tokens, name: str
) -> None:
    heading = [{"subcode": "a", "value": f"Nordisk {name.lower()} om leksikografi"}]
    body = {
        "authorityType": name,
        "status": "kat2",
        "marcdata": [{"tag": "111", "ind1": "2", "ind2": " ", "subfields": heading}],
    }
    apikey = {"Authorization": f"apikey {tokens.cataloguer}"}
    made = client.post("/authority/rest/authorities/v2", json=body, headers=apikey)
    assert made.status_code == 201, made.json
    assert made.json["authorityType"] == name
    new = made.json["systemControlNumber"]
    read = client.get(f"/authority/rest/authorities/v2/{new}?format=json")
    assert read.json["authorityType"] == name
    assert client.get(f"/authorities/{new}").json["kind"] == "meeting"
    other = "MEETING" if name == "CONFERENCE" else "CONFERENCE"
    edited = client.put(
        f"/authority/rest/authorities/v2/{new}",
        json={**body, "authorityType": other},
        headers=apikey,
    )
    assert edited.status_code == 200, edited.json
    assert (
        client.get(f"/authority/rest/authorities/{new}").json["authorityType"] == other
    )
    # An edit through our own JSON says nothing of BARE's name: it stays.
    ours = client.get(f"/authorities/{new}", headers=bearer(tokens.cataloguer))
    document = {"fields": ours.json["fields"], "qualityLevel": "kat3"}
    headers = bearer(tokens.cataloguer, **{"If-Match": ours.headers["ETag"]})
    mine = client.put(f"/authorities/{new}", json=document, headers=headers)
    assert mine.status_code == 200, mine.json
    assert (
        client.get(f"/authority/rest/authorities/{new}").json["authorityType"] == other
    )


def test_bare_put_of_a_corpus_sample(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    import json
    from pathlib import Path

    from authority.barejson.read import from_bare_json
    from authority.domain import Actor
    from tests.support import CORPUS

    path = Path(CORPUS, "bare/json/noraf_json_14011193.json")
    sample = json.loads(path.read_text())
    services = runtime(cataloguing_app).services
    services.loading.upsert_from_source(from_bare_json(sample), Actor("bare"))
    sample["status"] = "kat3"
    apikey = {"Authorization": f"apikey {tokens.cataloguer}"}
    response = client.put(
        "/authority/rest/authorities/v2/14011193", json=sample, headers=apikey
    )
    assert response.status_code == 200, response.json
    assert response.json["systemControlNumber"] == "14011193"
    assert response.json["status"] == "kat3"
    # It was kat3 already: a PUT that changes nothing writes no revision.
    assert [r.action for r in services.reading.history("14011193")] == ["create"]
