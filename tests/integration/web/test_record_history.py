"""History with diffs, revert, delete and restore in the workbench (HTTP)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Field, Subfield
from authority.extension import services
from tests.integration.web.conftest import Workbench, csrf_of
from tests.integration.web.test_record import make, parse, person, sign_in, texts


def edited(workbench: Workbench, authority_id: str, *fields: Field) -> int:
    """A new revision of ``authority_id`` with ``fields``: its number."""
    with workbench.app.app_context():
        current = services().reading.get(authority_id)
        stored = services().cataloguing.update(
            current.with_fields(fields), current.revision, Actor("per", "UiO")
        )
    return stored.revision


def form_of(web: FlaskClient, path: str) -> dict[str, str]:
    """The hidden fields of the page's confirmation form."""
    document = parse(web.get(path).data)
    (form,) = document.xpath("//form[@class='confirm-form']")
    return {i.get("name"): i.get("value") for i in form.xpath(".//input")}


def test_history_shows_each_revision_with_its_diff(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Historisk, Hilde"))
    edited(workbench, new, *person("Historisk, Hilde, 1950-"))
    document = parse(web.get(f"/authorities/{new}/history.html?lang=en").data)
    revisions = document.xpath("//li[@class='revision']")
    assert [r.get("id") for r in revisions] == ["revision-2", "revision-1"]
    newest = revisions[0]
    assert texts(newest, ".//h2") == ["Revision 2: Edited"]
    assert texts(newest, ".//del") == ["removed: 100 1# $a Historisk, Hilde"]
    assert texts(newest, ".//ins") == ["added: 100 1# $a Historisk, Hilde, 1950-"]
    assert "UiO" in texts(newest, ".//dd")
    assert "per" not in " ".join(texts(newest, ".//dd"))  # the public history
    assert newest.xpath(".//time/@datetime")
    assert not document.xpath("//a[contains(@href, 'revert.html')]")  # anonymous


def test_a_cataloguer_reverts_from_the_confirmation_page(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Tilbake, Tor"))
    edited(workbench, new, *person("Tilbake, Tor, feil"))
    sign_in(web, workbench.cataloguer)
    history = parse(web.get(f"/authorities/{new}/history.html").data)
    assert history.xpath(f"//a[@href='/authorities/{new}/revert.html?to=1']")
    confirm = f"/authorities/{new}/revert.html?to=1&lang=en"
    page = parse(web.get(confirm).data)
    assert texts(page, "//del") == ["removed: 100 1# $a Tilbake, Tor, feil"]
    assert texts(page, "//ins") == ["added: 100 1# $a Tilbake, Tor"]
    fields = form_of(web, confirm)
    assert fields["to"] == "1" and fields["expected"] == "2"
    response = web.post(f"/authorities/{new}/revert.html?lang=en", data=fields)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/authorities/{new}.html"
    after = parse(web.get(f"/authorities/{new}.html?lang=en").data)
    assert texts(after, "//h1") == ["Tilbake, Tor"]
    assert "Reverted to revision 1" in texts(after, "//div[@role='status']")[0]


def test_a_stale_revert_shows_the_conflict_and_overwrites_nothing(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Samtidig, Siri"))
    edited(workbench, new, *person("Samtidig, Siri, 1960-"))
    sign_in(web, workbench.cataloguer)
    fields = form_of(web, f"/authorities/{new}/revert.html?to=1")
    edited(workbench, new, *person("Samtidig, Siri, 1961-"))  # someone else
    response = web.post(f"/authorities/{new}/revert.html?lang=en", data=fields)
    assert response.status_code == 409
    body = parse(response.data)
    assert "Someone else changed this authority" in texts(body, "//h2")
    assert "revision 2 to revision 3" in body.text_content()
    fresh = body.xpath("//form[@class='confirm-form']//input[@name='expected']/@value")
    assert fresh == ["3"]
    with workbench.app.app_context():
        assert services().reading.get(new).label == "Samtidig, Siri, 1961-"


@pytest.mark.parametrize(
    ("to", "status"),
    [("", 400), ("abc", 400), ("0", 400), ("-1", 400), ("9" * 30, 400),
     ("²", 400), ("99", 404), ("999999999", 404)],
)  # fmt: skip
def test_bad_revision_numbers_are_messages(
    web: FlaskClient, workbench: Workbench, to: str, status: int
) -> None:
    new = make(workbench, *person("Feilnummer, Frida"))
    sign_in(web, workbench.cataloguer)
    response = web.get(f"/authorities/{new}/revert.html", query_string={"to": to})
    assert response.status_code == status
    assert parse(response.data).xpath("//*[@id='error-summary']")
    posted = web.post(
        f"/authorities/{new}/revert.html",
        data={"to": to, "expected": "1", "csrf_token": csrf_of(web)},
    )
    assert posted.status_code == status


def test_revert_needs_a_signed_in_cataloguer(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Anonym, Anne"))
    response = web.get(f"/authorities/{new}/revert.html?to=1")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")


def test_a_cataloguer_may_not_revert_a_delete(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Slettet, Sverre"))
    with workbench.app.app_context():
        services().cataloguing.delete(new, None, Actor("ola", "NB"))
        services().cataloguing.restore(new, Actor("ola", "NB"))
    sign_in(web, workbench.cataloguer)
    history = parse(web.get(f"/authorities/{new}/history.html").data)
    assert not history.xpath("//a[contains(@href, 'revert.html')]")
    response = web.get(f"/authorities/{new}/revert.html?to=1&lang=en")
    assert response.status_code == 403
    assert "Only an administrator" in response.get_data(as_text=True)
    assert not parse(response.data).xpath("//form[@class='confirm-form']")


def test_an_admin_deletes_and_restores(web: FlaskClient, workbench: Workbench) -> None:
    new = make(workbench, *person("Livssyklus, Liv"))
    sign_in(web, workbench.admin)
    fields = form_of(web, f"/authorities/{new}/delete.html")
    assert fields["expected"] == "1"
    response = web.post(f"/authorities/{new}/delete.html?lang=en", data=fields)
    assert response.status_code == 303
    page = web.get(f"/authorities/{new}.html?lang=en")
    assert page.status_code == 410
    assert "deleted" in texts(parse(page.data), "//div[@role='status']")[0]
    fields = form_of(web, f"/authorities/{new}/restore.html")
    response = web.post(f"/authorities/{new}/restore.html?lang=en", data=fields)
    assert response.status_code == 303
    page = web.get(f"/authorities/{new}.html?lang=en")
    assert page.status_code == 200
    assert "restored" in texts(parse(page.data), "//div[@role='status']")[0]


def test_a_stale_delete_is_refused(web: FlaskClient, workbench: Workbench) -> None:
    new = make(workbench, *person("Gammel, Gunn"))
    sign_in(web, workbench.admin)
    fields = form_of(web, f"/authorities/{new}/delete.html")
    edited(workbench, new, *person("Gammel, Gunn, 1940-"))
    response = web.post(f"/authorities/{new}/delete.html", data=fields)
    assert response.status_code == 409
    with workbench.app.app_context():
        assert services().reading.get(new).revision == 2


def test_delete_and_restore_are_for_admins(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Vernet, Vera"))
    for action in ("delete", "restore"):
        anonymous = web.get(f"/authorities/{new}/{action}.html")
        assert anonymous.status_code == 303
        assert anonymous.headers["Location"].startswith("/login?next=")
    sign_in(web, workbench.cataloguer)
    for action in ("delete", "restore"):
        refused = web.get(f"/authorities/{new}/{action}.html")
        assert refused.status_code == 403
        assert b"skip-link" in refused.data  # the workbench's error page
        posted = web.post(
            f"/authorities/{new}/{action}.html",
            data={"expected": "1", "csrf_token": csrf_of(web)},
        )
        assert posted.status_code == 403


def test_restoring_an_active_authority_is_a_message(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Aktiv, Arne"))
    sign_in(web, workbench.admin)
    response = web.get(f"/authorities/{new}/restore.html?lang=en")
    assert response.status_code == 409
    assert "Only a deleted authority" in response.get_data(as_text=True)


def test_a_post_without_csrf_is_refused(web: FlaskClient, workbench: Workbench) -> None:
    new = make(workbench, *person("Forfalsket, Finn"))
    sign_in(web, workbench.admin)
    response = web.post(f"/authorities/{new}/delete.html", data={"expected": "1"})
    assert response.status_code == 400
    with workbench.app.app_context():
        assert services().reading.get(new).revision == 1


def test_unknown_ids_are_404_pages(web: FlaskClient, workbench: Workbench) -> None:
    sign_in(web, workbench.admin)
    for path in (
        "/authorities/12345678901/revert.html?to=1",
        "/authorities/12345678901/delete.html",
        "/authorities/12345678901/restore.html",
    ):
        response = web.get(path)
        assert response.status_code == 404, path
        assert b"skip-link" in response.data


def test_history_of_a_merge_and_revert_by_an_admin(
    web: FlaskClient, workbench: Workbench
) -> None:
    loser = make(workbench, *person("Slått, Sam"))
    survivor = make(workbench, *person("Slått, Sam, 1970-"))
    with workbench.app.app_context():
        services().cataloguing.merge(loser, survivor, Actor("kari", "NTNU"))
    document = parse(web.get(f"/authorities/{loser}/history.html?lang=en").data)
    (merge,) = document.xpath("//li[@id='revision-2']")
    assert "Status: removed: Active → added: Merged" in texts(merge, ".//li")
    sign_in(web, workbench.admin)
    fields = form_of(web, f"/authorities/{loser}/revert.html?to=1")
    assert web.post(f"/authorities/{loser}/revert.html", data=fields).status_code == 303
    assert web.get(f"/authorities/{loser}.html").status_code == 200


def test_subfield_changes_read_as_marc_lines(
    web: FlaskClient, workbench: Workbench
) -> None:
    new = make(workbench, *person("Linje, Lise"))
    edited(
        workbench,
        new,
        *person("Linje, Lise"),
        Field("670", " ", " ", (Subfield("a", "Wikipedia <2024>"),)),
    )
    document = parse(web.get(f"/authorities/{new}/history.html").data)
    (newest,) = document.xpath("//li[@id='revision-2']")
    assert (
        texts(newest, ".//ins")
        and "670 ## $a Wikipedia <2024>" in texts(newest, ".//ins")[0]
    )


def test_an_old_revision_says_it_is_one(web: FlaskClient, workbench: Workbench) -> None:
    new = make(workbench, *person("Gamal, Gro"))
    edited(workbench, new, *person("Gamal, Gro, 1930-"))
    history = parse(web.get(f"/authorities/{new}/history.html?lang=en").data)
    (link,) = history.xpath("//a[text()='View revision 1']/@href")
    old = parse(web.get(link).data)
    assert texts(old, "//h1") == ["Gamal, Gro"]
    warning = texts(old, "//div[@class='warning']")[0]
    assert "This is revision 1 of the authority" in warning
    assert old.xpath(f"//div[@class='warning']//a[@href='/authorities/{new}.html']")
    current = parse(web.get(f"/authorities/{new}.html").data)
    assert not current.xpath("//div[@class='warning']")
