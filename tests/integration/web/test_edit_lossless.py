"""Open a record in the editor, save it unchanged: nothing changes. In a real browser.

Browsers change what a form holds on its way back: a text input drops line breaks,
every line break is sent as CR LF, a select with nothing chosen sends its first
option. So this drives Chromium through both views, MARC and Form, for a sample
of the corpus (values with outer spaces, repeated subfields, a stride through the
rest) and for records built to be awkward. An unchanged save writes nothing: the
service's edit compares and returns the stored revision (no new revision).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.extension import services
from tests.integration.web.browser import assert_accessible, screenshots, sign_in
from tests.integration.web.conftest import Workbench
from tests.support import corpus_authorities

RECORD_PAGE = re.compile(r"/authorities/\d+\.html$")
SAMPLE = 10
"""Corpus authorities of each kind of awkwardness (each costs two saves)."""


def awkward() -> list[tuple[Field, ...]]:
    """Records the corpus lacks: every shape a value or indicator may take."""
    heading = Field("100", "1", " ", (Subfield("a", "Tapsfri, Tora"),))
    return [
        (
            heading,
            Field("680", " ", " ", (Subfield("i", "første linje\nandre linje"),)),
            Field("667", " ", " ", (Subfield("a", "\nleder\r\nCR LF\rCR\n"),)),
            Field("670", " ", " ", (Subfield("a", "Store norske leksikon "),)),
        ),
        (
            Field("100", "1", "#", (Subfield("a", " Rom,\nRita "), Subfield("c", ""))),
            Field("024", "7", " ", (Subfield("a", "Q4115189"),)),  # no $2
            Field("024", "7", " ", (Subfield("a", "x-1"), Subfield("2", "lokal"))),
            Field("400", " ", " ", (Subfield("a", "R"), Subfield("a", "R"))),
            Field("960", " ", " ", (Subfield("%", "lokal\tkode"),)),
        ),
        (
            Field("100", "1", " ", (Subfield("a", "<script>alert(1)</script> & Ášš"),)),
            Field(
                "670", " ", " ", (Subfield("a", "\u00a0nbsp\u200fRTL עברית e\u0301"),)
            ),
            Field("680", " ", " ", (Subfield("i", "  "), Subfield("i", "\r\n"))),
        ),
    ]


@pytest.fixture(scope="module")
def sample(workbench: Workbench) -> list[str]:
    """Ids of the sample: the awkward records, stored; corpus authorities."""
    corpus = corpus_authorities()
    spaced = [a.id for a in corpus if any(s.value != s.value.strip()
              for f in corpus_fields(a) for s in f.subfields)]  # fmt: skip
    repeated = [a.id for a in corpus if any(
        len({s.code for s in f.subfields}) < len(f.subfields)
        for f in corpus_fields(a))]  # fmt: skip
    stride = [a.id for a in corpus[:: len(corpus) // SAMPLE]]
    with workbench.app.app_context():
        built = [
            services().cataloguing.create(Authority("", Kind.PERSON, f), Actor("t")).id
            for f in awkward()
        ]
    return list(dict.fromkeys([*built, *spaced[:SAMPLE], *repeated[:SAMPLE],
                               *stride[:SAMPLE]]))  # fmt: skip


def corpus_fields(a: Authority) -> tuple[Field, ...]:
    return tuple(f for f in a.fields if f.data is None)


def save_unchanged(page: Page, authority_id: str, view: str) -> None:
    page.goto(f"/authorities/{authority_id}/edit?lang=en")
    if view == "form":
        page.get_by_role("button", name="Form", exact=True).click()
        expect(page.locator("#s-name")).to_have_count(1)
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(RECORD_PAGE)


@pytest.mark.parametrize("view", ["marc", "form"])
def test_an_unchanged_save_changes_nothing(
    page: Page, workbench: Workbench, sample: list[str], view: str
) -> None:
    sign_in(page, workbench.url, workbench.cataloguer)
    changed = []
    for authority_id in sample:
        with workbench.app.app_context():
            before = services().reading.get(authority_id)
        save_unchanged(page, authority_id, view)
        with workbench.app.app_context():
            after = services().reading.get(authority_id)
        if (after.fields, after.leader, after.revision) != (
            before.fields,
            before.leader,
            before.revision,
        ):
            diff = set(after.fields) ^ set(before.fields)
            changed.append((authority_id, sorted(map(str, diff))[:4]))
    assert changed == [], f"{len(changed)} of {len(sample)} changed"
    assert len(sample) > 2 * SAMPLE


def test_a_value_with_line_breaks_is_a_text_area(
    page: Page, workbench: Workbench, sample: list[str]
) -> None:
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{sample[0]}/edit?lang=en")
    screenshots(page, "edit-line-breaks")
    assert_accessible(page)
    area = page.locator("textarea#f-1-s-0-value")
    expect(area).to_have_value("første linje\nandre linje")
    area.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("tredje linje")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(RECORD_PAGE)
    with workbench.app.app_context():
        saved = services().reading.get(sample[0])
    assert saved.fields[1].first("i") == "første linje\nandre linje\ntredje linje"
    assert saved.fields[2].first("a") == "\nleder\r\nCR LF\rCR\n"  # untouched


def test_a_stale_merge_preview_comes_back_fresh(
    page: Page, workbench: Workbench
) -> None:
    from tests.integration.web.test_edit import stored

    loser = stored(workbench, "Gammel, Gunn")
    survivor = stored(workbench, "Gammel, G.")
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{loser.id}/merge.html?lang=nb&into={survivor.id}")
    variant = Field("400", "1", " ", (Subfield("a", "Gammel, Gunn Endret"),))
    with workbench.app.app_context():  # someone edits the survivor meanwhile
        services().cataloguing.update(
            survivor.with_fields((*survivor.fields, variant)),
            survivor.revision,
            Actor("other"),
        )
    page.get_by_role("button", name="Slå sammen", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("main")).to_contain_text("Gammel, Gunn Endret")
    screenshots(page, "merge-stale")
    assert_accessible(page)
    with workbench.app.app_context():
        assert services().reading.get(loser.id).status.value == "active"
