"""Editing and merging over HTTP: revisions, record order and the checks.

A stale merge preview, the heading's place, stored records the checks accept,
warnings carried in the session cookie, private identifiers in the preview.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.extension import services
from tests.integration.web.conftest import Workbench
from tests.integration.web.test_edit import form_of, post, signed_in, stored, text


@pytest.fixture
def cataloguer(web: FlaskClient, workbench: Workbench) -> tuple[FlaskClient, str]:
    return web, signed_in(web, workbench.cataloguer)


def source(text: str) -> Field:
    return Field("670", " ", " ", (Subfield("a", text),))


def hidden(page: str, name: str) -> str:
    found = re.search(f'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


# A merge confirms what its preview showed


def test_a_stale_merge_preview_does_not_merge(
    cataloguer: Any, workbench: Workbench
) -> None:
    loser = stored(workbench, "Foreldet, Tapt")
    survivor = stored(workbench, "Foreldet, Overlevende")
    url = f"/authorities/{loser.id}/merge.html"
    preview = text(cataloguer[0].get(url, query_string={"into": survivor.id}))
    confirm = {
        "into": survivor.id,
        "loser_revision": hidden(preview, "loser_revision"),
        "survivor_revision": hidden(preview, "survivor_revision"),
    }
    with workbench.app.app_context():  # someone edits the survivor meanwhile
        changed = services().cataloguing.update(
            survivor.with_fields((*survivor.fields, source("Endret imens"))),
            survivor.revision,
            Actor("other"),
        )
    response = post(cataloguer, url, confirm)
    assert response.status_code == 409
    page = text(response)
    assert 'class="error-summary"' in page and "was changed since" in page
    assert hidden(page, "survivor_revision") == str(changed.revision)
    with workbench.app.app_context():
        assert services().reading.get(loser.id).status.value == "active"
    again = {**confirm, "survivor_revision": str(changed.revision)}
    assert post(cataloguer, url, again).status_code == 303


def test_a_merge_without_the_previews_revisions_shows_the_preview(
    cataloguer: Any, workbench: Workbench
) -> None:
    loser = stored(workbench, "Uten, Revisjon")
    survivor = stored(workbench, "Uten, Revisjonen")
    url = f"/authorities/{loser.id}/merge.html"
    for sent in ({}, {"loser_revision": "x", "survivor_revision": "1"}):
        response = post(cataloguer, url, {"into": survivor.id, **sent})
        assert response.status_code == 409
        assert 'name="loser_revision"' in text(response)
    with workbench.app.app_context():
        assert services().reading.get(loser.id).status.value == "active"


def test_the_service_refuses_a_merge_of_other_revisions(workbench: Workbench) -> None:
    from authority.errors import RevisionMismatchError

    loser = stored(workbench, "Tjeneste, Tapt")
    survivor = stored(workbench, "Tjeneste, Overlevende")
    with workbench.app.app_context():
        merging = services().cataloguing
        with pytest.raises(RevisionMismatchError):
            merging.merge(loser.id, survivor.id, Actor("t"), expected_loser=99)
        with pytest.raises(RevisionMismatchError):
            merging.merge(loser.id, survivor.id, Actor("t"), expected_survivor=99)
        kept = merging.merge(
            loser.id, survivor.id, Actor("t"), loser.revision, survivor.revision
        )
    assert kept.id == survivor.id


def test_the_preview_marks_private_identifiers(
    cataloguer: Any, workbench: Workbench
) -> None:
    feide = Field(
        "024", "7", " ", (Subfield("a", "privat@uio.no"), Subfield("2", "feide"))
    )
    loser = stored(workbench, "Privat, Tapt", feide)
    survivor = stored(workbench, "Privat, Overlevende")
    page = text(
        cataloguer[0].get(
            f"/authorities/{loser.id}/merge.html", query_string={"into": survivor.id}
        )
    )
    assert page.count("privat@uio.no (not public)") == 2  # the loser, what moves


# The editor shows the record's order


def test_a_move_past_the_heading_is_stored_as_shown(
    cataloguer: Any, workbench: Workbench
) -> None:
    record = stored(workbench, "Rekkefølge, Rolf", Field("400", "1", " ", (
        Subfield("a", "Rolf R."),)), source("Kilde"))  # fmt: skip
    fields = [source("Først"), *record.fields]
    data = {**form_of(fields), "revision": str(record.revision)}
    url = f"/authorities/{record.id}/edit"
    page = text(post(cataloguer, url, {**data, "action": "move-down:0"}))
    shown = re.findall(r'name="(f-\d+)-tag" value="(\d{3})"', page)
    assert [tag for _name, tag in shown] == ["100", "670", "400", "670"]
    assert 'id="heading"' in page and 'href="#heading"' in page
    moved = {**form_of([fields[1], fields[0], *fields[2:]]), "action": "save"}
    assert (
        post(cataloguer, url, {**moved, "revision": str(record.revision)}).status_code
        == 303
    )
    with workbench.app.app_context():
        saved = services().reading.get(record.id)
    assert [f.tag for f in saved.fields if f.data is None] == [
        "100",
        "670",
        "400",
        "670",
    ]


# Stored records the checks accept can be saved


def test_a_stored_record_the_checks_accept_saves_unchanged_and_edited(
    cataloguer: Any, workbench: Workbench
) -> None:
    odd = (
        Field("100", "1", " ", (Subfield("a", "Lokal, Lise"), Subfield("c", ""))),
        Field("960", " ", " ", (Subfield("%", "lokal kode"),)),
    )
    with workbench.app.app_context():
        record = services().cataloguing.create(
            Authority("", Kind.PERSON, odd), Actor("test")
        )
    url = f"/authorities/{record.id}/edit"
    data = {**form_of(list(record.fields)), "revision": str(record.revision)}
    assert post(cataloguer, url, {**data, "action": "save"}).status_code == 303
    edited = form_of([*record.fields, source("Ny kilde")])
    saving = {**edited, "revision": str(record.revision), "action": "save"}
    assert post(cataloguer, url, saving).status_code == 303
    with workbench.app.app_context():
        saved = services().reading.get(record.id)
    assert saved.fields[:2] == odd[:1] + odd[1:]


def test_form_view_input_is_never_dropped_silently(
    cataloguer: Any, workbench: Workbench
) -> None:
    record = stored(workbench, "Skjema, Sara")
    data = {**form_of(list(record.fields)), "f-0-tag": "10", "shown": "form"}
    sent = {**data, "s-name": "Skjema, Sara Endret", "revision": str(record.revision)}
    response = post(cataloguer, f"/authorities/{record.id}/edit", {**sent,
                    "action": "save"})  # fmt: skip
    assert response.status_code == 422
    assert "was not applied" in text(response)


# Warnings after a save


def test_warnings_fit_the_cookie_and_are_marked_english(
    cataloguer: Any, workbench: Workbench
) -> None:
    # each warning quotes its value; eight would fill the cookie (and random
    # text, unlike "xxx", does not compress). The x: a VIAF value ending in digits
    # is read as that number (identifiers.py), which is no warning.
    long = secrets.token_urlsafe(360)
    bad = [
        Field(
            "024", "7", " ", (Subfield("a", f"ikke-{n}{long}x"), Subfield("2", "viaf"))
        )
        for n in range(8)
    ]
    with workbench.app.app_context():
        record = services().cataloguing.create(
            Authority("", Kind.PERSON, (*stored_fields("Lang, Liv"), *bad)),
            Actor("test"),
        )
    web, _token = cataloguer
    web.get("/?lang=nb")
    data = {**form_of([*record.fields, source("Ny")]), "revision": str(record.revision)}
    response = post(cataloguer, f"/authorities/{record.id}/edit", {**data,
                    "action": "save"})  # fmt: skip
    assert response.status_code == 303
    cookie = response.headers.get_all("Set-Cookie")
    assert all(len(c) < 4000 for c in cookie), [len(c) for c in cookie]
    page = text(web.get(f"/authorities/{record.id}.html"))
    warned = re.findall(r'notice-warning" role="status"><p>(.*?)</p>', page, re.S)
    assert len(warned) == 6  # five, and how many more
    assert all(w.startswith('<span lang="en">') for w in warned[:5])
    assert "…" in warned[0] and "3 " in warned[5]


def stored_fields(name: str) -> tuple[Field, ...]:
    return (Field("100", "1", " ", (Subfield("a", name),)),)
