"""Sessions (lifetime, sign-out, cookies), safe links and redirects, caching of
public pages, stale restores and the revert preview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Status
from authority.domain.tokens import token_hash
from authority.extension import services
from tests.integration.web.conftest import Workbench, csrf_of
from tests.integration.web.test_record import RILKE, make, parse, person, sign_in
from tests.integration.web.test_record_history import edited, form_of

OPTIONS = ["endpoint=x", "_scheme=javascript", "_anchor=x", "_external=1"]


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("path", ["/login", "/", f"/authorities/{RILKE}.html"])
def test_a_parameter_named_like_a_url_for_option_stays_a_parameter(
    web: FlaskClient, path: str, option: str
) -> None:
    response = web.get(f"{path}?{option}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    links = parse(response.data).xpath("//a[@hreflang]/@href")
    assert len(links) == 4
    for href in links:
        assert href.startswith(path + "?") and option in href and "lang=" in href


@pytest.mark.parametrize("option", OPTIONS)
def test_the_api_page_too(web: FlaskClient, option: str) -> None:
    response = web.get(
        f"/authorities/{RILKE}?{option}", headers={"Accept": "text/html"}
    )
    assert response.status_code == 200
    for href in parse(response.data).xpath("//a[@hreflang]/@href"):
        assert href.startswith(f"/authorities/{RILKE}?")


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/%0A/x",
        "/%0D%0ALocation:%20x",
        "/\\evil.example",
        "/%5Cevil.example",
        "//evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/%20/evil.example",
        "evil.example",
    ],
)
def test_sign_in_goes_back_to_this_site_only(
    web: FlaskClient, workbench: Workbench, target: str
) -> None:
    token = csrf_of(web)
    response = web.post(
        f"/login?next={target}",
        data={"token": workbench.cataloguer, "csrf_token": token},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_sign_in_goes_back_to_a_page_of_this_site(
    web: FlaskClient, workbench: Workbench
) -> None:
    token = csrf_of(web)
    response = web.post(
        "/login?next=/authorities/new%3Fkind%3Dperson",
        data={"token": workbench.cataloguer, "csrf_token": token},
    )
    assert response.headers["Location"] == "/authorities/new?kind=person"


def test_without_a_secret_key_a_post_is_refused_with_a_page(
    web: FlaskClient, workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workbench.app.config.get("DATABASE_URL")
    monkeypatch.setitem(workbench.app.config, "SECRET_KEY", None)
    for path in ("/login", "/logout"):
        response = web.post(path, data={"token": workbench.cataloguer})
        assert response.status_code == 503
        assert "AUTHORITY_SECRET_KEY" in response.get_data(as_text=True)


def test_the_cookie_is_not_reissued_on_each_request(
    web: FlaskClient, workbench: Workbench
) -> None:
    sign_in(web, workbench.cataloguer)
    response = web.get("/")
    assert "kari" in response.get_data(as_text=True)
    assert not [
        c
        for c in response.headers.getlist("Set-Cookie")
        if c.startswith("authority_session=")
    ]


def test_a_session_ends_a_working_day_after_signing_in(
    web: FlaskClient, workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(web, workbench.cataloguer)
    assert "kari" in web.get("/").get_data(as_text=True)
    monkeypatch.setattr("authority.web.session.LIFETIME", timedelta(seconds=0))
    assert "kari" not in web.get("/").get_data(as_text=True)


def test_a_cookie_of_the_old_design_is_anonymous(
    web: FlaskClient, workbench: Workbench
) -> None:
    with workbench.app.test_request_context():
        key = token_hash(workbench.cataloguer)
    with web.session_transaction() as session:
        session["principal"] = {"via": "token", "key": key}
    assert "kari" not in web.get("/").get_data(as_text=True)


def test_signing_out_ends_a_copy_of_the_cookie(
    web: FlaskClient, workbench: Workbench
) -> None:
    sign_in(web, workbench.cataloguer)
    copy = workbench.app.test_client()
    cookie = web.get_cookie("authority_session")
    assert cookie is not None
    copy.set_cookie("authority_session", cookie.value)
    assert "kari" in copy.get("/").get_data(as_text=True)
    token = csrf_of(web, "/")
    assert web.post("/logout", data={"csrf_token": token}).status_code == 303
    assert "kari" not in web.get("/").get_data(as_text=True)
    assert "kari" not in copy.get("/").get_data(as_text=True)


def test_the_cookie_holds_no_token_and_differs_per_session(
    web: FlaskClient, workbench: Workbench
) -> None:
    values = []
    for _ in range(2):
        client = workbench.app.test_client()
        sign_in(client, workbench.cataloguer)
        cookie = client.get_cookie("authority_session")
        assert cookie is not None
        values.append(cookie.value)
        with client.session_transaction() as session:
            assert set(session) <= {"session", "csrf_token", "_permanent"}
            assert token_hash(workbench.cataloguer) not in str(dict(session))
    assert values[0] != values[1]


def test_an_anonymous_visit_sets_no_cookie(web: FlaskClient) -> None:
    assert not web.get("/").headers.getlist("Set-Cookie")


def test_static_files_are_cacheable_and_cost_no_lookup(
    web: FlaskClient, workbench: Workbench
) -> None:
    sign_in(web, workbench.cataloguer)
    response = web.get("/static/web/workbench.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Cookie" not in response.headers.get("Vary", "")
    response.close()


def test_the_gone_page_varies_by_language(
    web: FlaskClient, workbench: Workbench
) -> None:
    gone = make(workbench, *person("Borte, Bjarne"))
    with workbench.app.app_context():
        services().cataloguing.delete(gone, None, Actor("ola", "NB"))
    response = web.get(f"/authorities/{gone}.html")
    assert response.status_code == 410
    assert "public" in response.headers["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_a_public_page_keeps_a_pending_notice_for_later(
    web: FlaskClient, workbench: Workbench
) -> None:
    with web.session_transaction() as session:
        session["_flashes"] = [("message", "Saved, just now")]
    response = web.get(f"/authorities/{RILKE}.html")
    assert "public" in response.headers["Cache-Control"]
    assert "Saved, just now" not in response.get_data(as_text=True)
    assert not response.headers.getlist("Set-Cookie")
    assert "Saved, just now" in web.get("/").get_data(as_text=True)


def test_the_switch_on_the_api_page_remembers_the_choice(web: FlaskClient) -> None:
    response = web.get(f"/authorities/{RILKE}?lang=nn", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert any(c.startswith("lang=nn;") for c in response.headers.getlist("Set-Cookie"))
    json = web.get(
        f"/authorities/{RILKE}?lang=nn", headers={"Accept": "application/json"}
    )
    assert not json.headers.getlist("Set-Cookie")


def test_a_stale_restore_is_refused(web: FlaskClient, workbench: Workbench) -> None:
    new = make(workbench, *person("Tilbake, Tone"))
    admin = Actor("ola", "NB")
    with workbench.app.app_context():
        services().cataloguing.delete(new, None, admin)
    sign_in(web, workbench.admin)
    fields = form_of(web, f"/authorities/{new}/restore.html")
    assert fields["expected"] == "2"
    with workbench.app.app_context():  # another admin restores and deletes again
        services().cataloguing.restore(new, admin)
        services().cataloguing.delete(new, None, admin)
    response = web.post(f"/authorities/{new}/restore.html?lang=en", data=fields)
    assert response.status_code == 409
    assert "before you restore it" in response.get_data(as_text=True)
    with workbench.app.app_context():
        stored = services().reading.find(new)
    assert stored is not None
    assert (stored.revision, stored.status) == (4, Status.DELETED)


def test_the_revert_preview_is_what_the_revert_writes(workbench: Workbench) -> None:
    new = make(workbench, *person("Forhånd, Frida"))
    with workbench.app.app_context():
        edited(workbench, new, *person("Forhånd, Frida, 1950-"))
        cataloguing = services().cataloguing
        preview = cataloguing.revert_preview(new, 1)
        assert preview.undoes == [] and preview.current.revision == 2
        stored = cataloguing.revert(new, 1, Actor("kari", "NTNU"))
    assert preview.reverted.fields == stored.fields == person("Forhånd, Frida")
    assert preview.reverted.status is stored.status
