"""The format table, walked row by row: suffix, ?format= and Accept each choose it."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from authority.api.negotiation import (
    FORMATS,
    Format,
    UnsupportedFormatError,
    negotiate,
)


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


NONE = accept("")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

EXPECTED = {
    # name: (media type, suffix, family)
    "json": ("application/json", "json", "json"),
    "html": ("text/html", "html", "html"),
    "jsonld": ("application/ld+json", "jsonld", "rdf"),
    "ttl": ("text/turtle", "ttl", "rdf"),
    "nt": ("application/n-triples", "nt", "rdf"),
    "rdfxml": ("application/rdf+xml", "rdf", "rdf"),
    "marcxml": ("application/marcxml+xml", "xml", "marc"),
    "marcxchange": ("application/xml", None, "marc"),
    "iso2709": ("application/marc", "mrc", "marc"),
    "marcjson": ("application/marc+json", "marcjson", "marc"),
}
"""What the issue asks for; the table must say exactly this."""


def test_the_table_has_exactly_the_formats_asked_for() -> None:
    assert {
        f.name: (f.media_type, f.suffix, f.family.value) for f in FORMATS
    } == EXPECTED


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_each_row_is_reached_every_way(form: Format) -> None:
    if form.suffix:
        assert negotiate(form.suffix, None, NONE) is form
    assert negotiate(None, form.name, NONE) is form
    if form.name != "marcxchange":  # shares application/xml with MARCXML
        for media_type in form.media_types:
            assert negotiate(None, None, accept(media_type)) is form


@pytest.mark.parametrize(
    ("suffix", "name", "header", "expected"),
    [
        (None, None, "", "json"),  # the default
        (None, None, "*/*", "json"),
        (None, None, "application/*", "json"),
        (None, None, "text/*", "html"),
        # A browser: HTML first, XML at 0.9 does not win.
        (None, None, BROWSER, "html"),
        (None, None, "application/json;q=0.5, text/turtle", "ttl"),
        (None, None, "application/xml", "marcxml"),
        (None, None, "text/xml", "marcxml"),
        (None, None, "application/x-turtle", "ttl"),
        # Suffix beats format beats Accept.
        ("ttl", "marcxml", "application/json", "ttl"),
        (None, "marcxchange", "text/turtle", "marcxchange"),
        (None, "xml", "", "marcxml"),  # a suffix works as a format name
        (None, "mrc", "", "iso2709"),
    ],
)  # fmt: skip
def test_choice(
    suffix: str | None, name: str | None, header: str, expected: str
) -> None:
    assert negotiate(suffix, name, accept(header)).name == expected


@pytest.mark.parametrize(
    ("suffix", "name", "header", "status"),
    [
        ("foo", None, "", 404),
        ("JSON", None, "", 404),
        (None, "foo", "", 400),
        (None, "", "", 400),
        (None, None, "image/png", 406),
        (None, None, "foo", 406),
        (None, None, "application/json;q=0", 406),
    ],
)
def test_unsupported_says_what_is_supported(
    suffix: str | None, name: str | None, header: str, status: int
) -> None:
    with pytest.raises(UnsupportedFormatError) as raised:
        negotiate(suffix, name, accept(header))
    assert raised.value.status == status
    assert "ttl" in raised.value.supported["suffixes"]
    assert "marcxchange" in raised.value.supported["formats"]
    assert "text/turtle" in raised.value.supported["mediaTypes"]
    assert "supported:" in str(raised.value)
