"""Which language a request gets: ?lang=, then the cookie, then Accept-Language."""

from __future__ import annotations

import pytest
from flask import Flask

from authority.web.i18n import chosen_language


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("", None, "", "nb"),
        ("", None, "en-GB,en;q=0.9", "en"),
        ("", None, "no,en;q=0.5", "nb"),
        ("", None, "nn-NO", "nn"),
        ("", None, "sme, nb;q=0.5", "se"),
        ("", None, "de, fr;q=0.5", "nb"),
        ("", "nn", "en", "nn"),
        ("?lang=se", "nn", "en", "se"),
        ("?lang=xx", "en", "nb", "en"),
        ("?lang=NB-no", None, "en", "nb"),
        ("", None, "nn;q=0, de", "nb"),
        ("", None, "en;q=0, se;q=0.2", "se"),
    ],
)
def test_language_choice(
    query: str, cookie: str | None, accept: str, expected: str
) -> None:
    app = Flask(__name__)
    headers = {"Accept-Language": accept} if accept else {}
    if cookie:
        headers["Cookie"] = f"lang={cookie}"
    with app.test_request_context("/" + query, headers=headers):
        assert chosen_language() == expected
