"""Creating and editing in the workbench over HTTP: checks, duplicates, conflicts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.extension import services
from tests.integration.web.conftest import Workbench, csrf_of


def signed_in(web: FlaskClient, secret: str) -> str:
    """Sign ``web`` in, in English; the session's CSRF token."""
    web.get("/?lang=en")
    token = csrf_of(web)
    web.post("/login", data={"token": secret, "csrf_token": token})
    return csrf_of(web, "/authorities/new")


def form_of(fields: list[Field]) -> dict[str, str]:
    """The MARC editor's inputs for ``fields``."""
    data: dict[str, str] = {"shown": "marc"}
    for n, f in enumerate(fields):
        data[f"f-{n}-tag"] = f.tag
        if f.data is not None:
            data[f"f-{n}-data"] = f.data
            continue
        data[f"f-{n}-ind1"], data[f"f-{n}-ind2"] = f.ind1, f.ind2
        for m, s in enumerate(f.subfields):
            data[f"f-{n}-s-{m}-code"], data[f"f-{n}-s-{m}-value"] = s
    return data


def person(name: str, *extra: Field) -> list[Field]:
    return [Field("100", "1", " ", (Subfield("a", name),)), *extra]


def stored(workbench: Workbench, name: str, *extra: Field) -> Authority:
    with workbench.app.app_context():
        record = Authority("", Kind.PERSON, tuple(person(name, *extra)))
        return services().cataloguing.create(record, Actor("test"))


@pytest.fixture
def cataloguer(web: FlaskClient, workbench: Workbench) -> tuple[FlaskClient, str]:
    return web, signed_in(web, workbench.cataloguer)


def post(client: tuple[FlaskClient, str], path: str, data: dict[str, Any]) -> Any:
    web, token = client
    return web.post(path, data={**data, "csrf_token": token})


def text(response: Any) -> str:
    return str(response.get_data(as_text=True))


# Signing in first


def test_an_anonymous_visitor_is_sent_to_sign_in(web: FlaskClient) -> None:
    response = web.get("/authorities/new")
    assert response.status_code == 303 and "/login" in response.headers["Location"]


# Creating


def test_a_new_authority_saves_and_goes_to_its_page(cataloguer: Any) -> None:
    data = form_of(
        person(
            "Edittest, Åse Ćelina", Field("670", " ", " ", (Subfield("a", "Kilde"),))
        )
    )
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 303
    target = response.headers["Location"]
    assert re.search(r"/authorities/\d+\.html$", target)
    authority_id = target.rsplit("/", 1)[1].removesuffix(".html")
    web = cataloguer[0]
    with web.application.app_context():
        saved = services().reading.get(authority_id)
    assert saved.label == "Edittest, Åse Ćelina"
    assert [f.tag for f in saved.fields] == ["100", "670"]
    notice = text(web.get("/authorities/new"))
    assert "The authority was created" in notice


def test_an_error_is_shown_at_its_field_and_nothing_is_saved(cataloguer: Any) -> None:
    data = form_of(
        [
            Field("100", "1", " ", (Subfield("a", ""),)),
            Field("670", " ", " ", (Subfield("a", "Kilde"),)),
        ]
    )
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#f-0-s-0-value"' in page
    assert (
        'id="f-0-s-0-value"' in page
        and 'aria-describedby="f-0-s-0-value-error"' in page
    )
    corrected = {**data, "f-0-s-0-value": "Rettet, Per"}
    assert (
        post(
            cataloguer, "/authorities/new", {**corrected, "action": "save"}
        ).status_code
        == 303
    )


def test_a_record_check_points_at_its_input(cataloguer: Any) -> None:
    isni = Field(
        "024", "7", " ", (Subfield("a", "0000000121312240"), Subfield("2", "isni"))
    )
    data = form_of(person("Sjekksifferfeil, Test", isni))
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert "wrong check digit" in page and 'href="#f-1-tag"' in page


def test_a_likely_duplicate_is_shown_before_create_anyway(
    cataloguer: Any, workbench: Workbench
) -> None:
    first = stored(workbench, "Dobbeltgjenger, Dora")
    data = form_of(person("Dobbeltgjenger, Dora"))
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 409
    page = text(response)
    assert f"/authorities/{first.id}.html" in page
    assert "the same name" in page and 'value="create-anyway"' in page
    anyway = post(cataloguer, "/authorities/new", {**data, "action": "create-anyway"})
    assert anyway.status_code == 303
    assert first.id not in anyway.headers["Location"]


# The editor's buttons


def test_editing_buttons_change_the_form_without_saving(cataloguer: Any) -> None:
    data = form_of(
        person("Knapp, Kari", Field("670", " ", " ", (Subfield("a", "Kilde"),)))
    )
    added = text(post(cataloguer, "/authorities/new", {**data, "action": "add-field"}))
    assert 'id="f-2-tag"' in added and "autofocus" in added
    note = Field("680", " ", " ", (Subfield("i", "Merknad"),))
    three = {**data, **form_of([*person("Knapp, Kari"), note])}
    three |= {"f-2-tag": "670", "f-2-s-0-code": "a", "f-2-s-0-value": "Kilde"}
    moved = text(post(cataloguer, "/authorities/new", {**three, "action": "move-up:2"}))
    assert moved.index('value="100"') < moved.index('value="Kilde"')
    assert moved.index('value="Kilde"') < moved.index('value="Merknad"')
    assert 'id="f-1-tag" name="f-1-tag" value="670"' in moved
    sub = text(
        post(cataloguer, "/authorities/new", {**data, "action": "add-subfield:0"})
    )
    assert 'id="f-0-s-1-code"' in sub


def test_the_two_views_agree(cataloguer: Any) -> None:
    data = form_of(person("Visning, Vera"))
    form = text(post(cataloguer, "/authorities/new", {**data, "action": "view:form"}))
    assert 'id="s-name"' in form and 'value="Visning, Vera"' in form
    structured = {"shown": "form", "f-0-tag": "100", "f-0-ind1": "1", "f-0-ind2": " ",
                  "f-0-s-0-code": "a", "f-0-s-0-value": "Visning, Vera",
                  "s-name": "Visning, Vera", "s-dates": "1901-1999",
                  "s-variants-0": "Vera Visning", "s-identifiers-0-scheme": "viaf",
                  "s-identifiers-0-value": "123456", "s-sources-0": "Wikipedia",
                  "s-notes-0": ""}  # fmt: skip
    marc = text(
        post(cataloguer, "/authorities/new", {**structured, "action": "view:marc"})
    )
    assert 'value="1901-1999"' in marc and 'value="400"' in marc
    assert 'value="024"' in marc and 'value="670"' in marc and 'value="680"' not in marc


# Editing


def test_an_edit_saves_with_its_revision(cataloguer: Any, workbench: Workbench) -> None:
    record = stored(workbench, "Redigert, Rolf")
    page = text(cataloguer[0].get(f"/authorities/{record.id}/edit"))
    assert f'name="revision" value="{record.revision}"' in page
    data = form_of(
        person("Redigert, Rolf", Field("680", " ", " ", (Subfield("i", "Ny note"),)))
    )
    saving = {**data, "revision": str(record.revision), "action": "save"}
    response = post(cataloguer, f"/authorities/{record.id}/edit", saving)
    assert response.status_code == 303
    with workbench.app.app_context():
        assert services().reading.get(record.id).notes[0].text == "Ny note"


def test_a_stale_revision_shows_the_conflict(
    cataloguer: Any, workbench: Workbench
) -> None:
    record = stored(workbench, "Konflikt, Kåre")
    with workbench.app.app_context():
        theirs = record.with_fields(
            person(
                "Konflikt, Kåre",
                Field("670", " ", " ", (Subfield("a", "Deres kilde"),)),
            )
        )
        services().cataloguing.edit(theirs, record.revision, Actor("ola", "NB"))
    mine = form_of(
        person("Konflikt, Kåre", Field("680", " ", " ", (Subfield("i", "Min note"),)))
    )
    saving = {**mine, "revision": str(record.revision), "action": "save"}
    response = post(cataloguer, f"/authorities/{record.id}/edit", saving)
    assert response.status_code == 409
    page = text(response)
    assert "ola" in page and "Deres kilde" in page and "Min note" in page
    assert f'href="/authorities/{record.id}/edit"' in page
    with workbench.app.app_context():
        now = services().reading.get(record.id)
    assert [n.text for n in now.notes] == ["Deres kilde"]


def test_a_warning_does_not_stop_a_save(cataloguer: Any, workbench: Workbench) -> None:
    bad = Field("024", "7", " ", (Subfield("a", "not-viaf"), Subfield("2", "viaf")))
    with workbench.app.app_context():
        record = services().cataloguing.create(
            Authority("", Kind.PERSON, tuple(person("Advarsel, Anne", bad))),
            Actor("test"),
        )
    data = form_of(
        person("Advarsel, Anne", bad, Field("670", " ", " ", (Subfield("a", "Ny"),)))
    )
    saving = {**data, "revision": str(record.revision), "action": "save"}
    response = post(cataloguer, f"/authorities/{record.id}/edit", saving)
    assert response.status_code == 303
    shown = text(cataloguer[0].get(f"/authorities/{record.id}/edit"))
    assert "not a VIAF number" in shown and "notice-warning" in shown


# Bad input


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"f-0-tag": ""}, "f-0-tag"),
        ({"f-0-tag": "abc"}, "f-0-tag"),
        ({"f-0-ind1": "12"}, "f-0-ind1"),
        ({"f-0-s-0-code": "ab"}, "f-0-s-0-code"),
        ({"f-0-s-0-value": "x" * 100_000}, "f-0-s-0-value"),
        ({"f-0-s-0-value": "Kontroll\x01tegn"}, "f-0-s-0-value"),
    ],
)
def test_bad_input_is_a_message_at_its_field(
    cataloguer: Any, change: dict[str, str], where: str
) -> None:
    data = {**form_of(person("Feil, Frida")), **change, "action": "save"}
    response = post(cataloguer, "/authorities/new", data)
    assert response.status_code == 422
    page = text(response)
    assert f'href="#{where}"' in page and f'id="{where}-error"' in page


def test_too_many_fields_are_capped_with_a_message(cataloguer: Any) -> None:
    data = form_of(
        person(
            "Mange, Mons",
            *[Field("670", " ", " ", (Subfield("a", str(n)),)) for n in range(1200)],
        )
    )
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#fields"' in page and "at most 1,000 fields" in page


def test_html_in_data_is_escaped(cataloguer: Any) -> None:
    data = form_of(person("<script>alert(1)</script>"))
    page = text(post(cataloguer, "/authorities/new", {**data, "action": "add-field"}))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_unknown_and_odd_ids_are_not_found(cataloguer: Any) -> None:
    assert cataloguer[0].get("/authorities/999999999999/edit").status_code == 404
    assert cataloguer[0].get("/authorities/<x>/edit").status_code == 404


def test_a_person_from_the_structured_form_alone(cataloguer: Any) -> None:
    data = {"shown": "form", "s-name": "Skjema, Synne", "s-dates": "1980-"}
    data |= {"s-variants-0": "Synne Skjema", "s-identifiers-0-scheme": "isni"}
    data |= {"s-identifiers-0-value": "", "s-sources-0": "", "s-notes-0": ""}
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 303
    authority_id = response.headers["Location"].rsplit("/", 1)[1][: -len(".html")]
    with cataloguer[0].application.app_context():
        saved = services().reading.get(authority_id)
    assert saved.label == "Skjema, Synne, 1980-"
    assert [v.label for v in saved.variants] == ["Synne Skjema"]


def test_bad_input_in_the_structured_form_is_shown_in_the_marc_view(
    cataloguer: Any,
) -> None:
    data = {"shown": "form", "s-name": "Styre\x07tegn", "s-dates": ""}
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#f-0-s-0-value"' in page and 'value="marc"' in page


def test_a_record_without_a_heading_points_at_the_fields(cataloguer: Any) -> None:
    data = form_of([Field("670", " ", " ", (Subfield("a", "Bare kilde"),))])
    response = post(cataloguer, "/authorities/new", {**data, "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#fields"' in page and "the record has no heading" in page
    assert '<span lang="en">' not in page  # an English page marks no English


def test_a_check_in_english_is_marked_so_on_a_norwegian_page(cataloguer: Any) -> None:
    cataloguer[0].get("/?lang=nb")
    data = form_of([Field("670", " ", " ", (Subfield("a", "Bare kilde"),))])
    page = text(post(cataloguer, "/authorities/new", {**data, "action": "save"}))
    assert '<span lang="en">the record has no heading' in page


@pytest.mark.parametrize("revision", ["", "abc", "9" * 50, "-1"])
def test_a_bad_revision_is_a_message(
    cataloguer: Any, workbench: Workbench, revision: str
) -> None:
    record = stored(workbench, "Revisjon, Rikke")
    saving = {**form_of(person("Revisjon, Rikke")), "action": "save"}
    response = post(
        cataloguer, f"/authorities/{record.id}/edit", {**saving, "revision": revision}
    )
    assert response.status_code == 400
    assert "revision it was based on" in text(response)


@pytest.mark.parametrize("action", ["", "move-up:", "remove-field:-1", "x" * 10_000])
def test_odd_actions_change_nothing(cataloguer: Any, action: str) -> None:
    data = form_of(person("Handling, Hans"))
    response = post(cataloguer, "/authorities/new", {**data, "action": action})
    assert response.status_code in (200, 303, 409)


def test_a_merged_or_deleted_authority_is_not_edited(
    cataloguer: Any, workbench: Workbench
) -> None:
    merged, deleted = stored(workbench, "Borte, Berit"), stored(workbench, "Vekk, Vera")
    survivor = stored(workbench, "Borte, B.")
    with workbench.app.app_context():
        services().cataloguing.merge(merged.id, survivor.id, Actor("t"))
        services().cataloguing.delete(deleted.id, None, Actor("t"))
    for gone in (merged, deleted):
        response = cataloguer[0].get(f"/authorities/{gone.id}/edit")
        assert response.status_code == 409
        assert "merged or deleted and cannot be edited" in text(response)
