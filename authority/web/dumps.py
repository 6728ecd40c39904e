"""The ``/dumps`` page: the current dump's files, for a person choosing a download.

The API decides (``api/dumps.py``: negotiation, ETag, caching); this writes the
page, the same for everyone (publicly cached), in the reader's language.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from flask_babel import format_decimal

from authority.api.contracts.dumps import DumpListing
from authority.web.display import moment
from authority.web.frame import public_frame


def dumps_page(listing: DumpListing | None) -> str:
    """The page of ``listing`` (None: no dump has been published yet)."""
    return render_template(
        "web/dumps.html",
        **public_frame(),
        listing=listing,
        taken=moment(datetime.fromisoformat(listing.created)) if listing else None,
        number=format_decimal,
        size=_size,
    )


def _size(count: int) -> str:
    """A file size for people: MB with one decimal (kB below one MB)."""
    if count < 1_000_000:
        return f"{format_decimal(round(count / 1000, 1))} kB"
    return f"{format_decimal(round(count / 1_000_000, 1))} MB"
