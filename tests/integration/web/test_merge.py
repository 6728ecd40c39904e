"""Merging in the workbench over HTTP: choose, preview what moves, confirm, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Authority, Field, Subfield
from authority.domain.ids import linking_form
from authority.extension import services
from tests.integration.web.conftest import Workbench
from tests.integration.web.test_edit import post, signed_in, stored, text


@pytest.fixture
def cataloguer(web: FlaskClient, workbench: Workbench) -> tuple[FlaskClient, str]:
    return web, signed_in(web, workbench.cataloguer)


def trio(workbench: Workbench, name: str) -> tuple[Authority, Authority, Authority]:
    """A loser with an identifier, a survivor, and a third relating to the loser."""
    viaf = Field("024", "7", " ", (Subfield("a", "987654321"), Subfield("2", "viaf")))
    loser = stored(workbench, f"{name}, Tapt", viaf)
    survivor = stored(workbench, f"{name}, Overlevende")
    see_also = Field(
        "500",
        "1",
        " ",
        (Subfield("a", f"{name}, Tapt"), Subfield("0", linking_form(loser.id))),
    )
    third = stored(workbench, f"{name}, Tredje", see_also)
    return loser, survivor, third


def test_the_preview_lists_what_moves(cataloguer: Any, workbench: Workbench) -> None:
    loser, survivor, third = trio(workbench, "Flytt")
    web = cataloguer[0]
    page = text(
        web.get(f"/authorities/{loser.id}/merge.html?into={linking_form(survivor.id)}")
    )
    assert "Flytt, Tapt" in page  # the new variant
    assert "987654321" in page  # the identifier that moves
    assert f"/authorities/{third.id}.html" in page  # relinked
    assert f'name="into" value="{survivor.id}"' in page
    with workbench.app.app_context():  # a preview writes nothing
        assert services().reading.get(loser.id).revision == loser.revision


def test_a_confirmed_merge_goes_to_the_survivor(
    cataloguer: Any, workbench: Workbench
) -> None:
    loser, survivor, third = trio(workbench, "Sammen")
    seen = {"loser_revision": loser.revision, "survivor_revision": survivor.revision}
    response = post(
        cataloguer,
        f"/authorities/{loser.id}/merge.html",
        {"into": survivor.id, **seen},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/authorities/{survivor.id}.html")
    with workbench.app.app_context():
        kept = services().reading.get(survivor.id)
        relinked = services().reading.get(third.id)
    assert "Sammen, Tapt" in [v.label for v in kept.variants]
    assert [r.target_id for r in relinked.relations] == [survivor.id]


def test_a_search_lists_candidates_as_radio_buttons(
    cataloguer: Any, workbench: Workbench
) -> None:
    loser = stored(workbench, "Søkbar, Sigrid")
    other = stored(workbench, "Søkbar, Solveig")
    page = text(cataloguer[0].get(f"/authorities/{loser.id}/merge.html?q=Søkbar"))
    assert f'type="radio" name="into" id="into-{other.id}"' in page
    assert f'id="into-{loser.id}"' not in page


@pytest.mark.parametrize("case", ["itself", "unknown", "merged", "deleted", "junk"])
def test_refusals_are_messages_at_the_field(
    cataloguer: Any, workbench: Workbench, case: str
) -> None:
    loser = stored(workbench, f"Avvist, {case}")
    other = stored(workbench, f"Annen, {case}")
    with workbench.app.app_context():
        if case == "merged":
            services().cataloguing.merge(
                other.id, stored(workbench, f"Tredje, {case}").id, Actor("t")
            )
        elif case == "deleted":
            services().cataloguing.delete(other.id, None, Actor("t"))
    into = {"itself": loser.id, "unknown": "99999999999", "junk": "<script>x"}.get(
        case, other.id
    )
    for response in (
        cataloguer[0].get(
            f"/authorities/{loser.id}/merge.html", query_string={"into": into}
        ),
        post(cataloguer, f"/authorities/{loser.id}/merge.html", {"into": into}),
    ):
        assert response.status_code == 422
        page = text(response)
        assert 'href="#into"' in page and 'aria-invalid="true"' in page
        assert "<script>x" not in page
    with workbench.app.app_context():
        assert services().reading.get(loser.id).revision == loser.revision


def test_a_merged_authority_cannot_be_merged_again(
    cataloguer: Any, workbench: Workbench
) -> None:
    loser = stored(workbench, "Allerede, Borte")
    survivor = stored(workbench, "Allerede, Her")
    with workbench.app.app_context():
        services().cataloguing.merge(loser.id, survivor.id, Actor("t"))
    assert cataloguer[0].get(f"/authorities/{loser.id}/merge.html").status_code == 409
    assert cataloguer[0].get("/authorities/99999999998/merge.html").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00<script>"},
        {"q": "x" * 100_000},
        {"q": "Søk\x1f"},
        {"into": "\x00"},
        {"into": "9" * 100_000},
    ],
)
def test_bad_input_on_the_merge_page_is_never_a_500(
    cataloguer: Any, workbench: Workbench, params: dict[str, str]
) -> None:
    loser = stored(workbench, "Rar, Rakel")
    response = cataloguer[0].get(
        f"/authorities/{loser.id}/merge.html", query_string=params
    )
    assert response.status_code in (200, 422)
    assert "<script>" not in text(response)
