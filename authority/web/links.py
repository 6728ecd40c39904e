"""Links to the page being shown, with some query parameters changed.

Built from ``request.path`` and an urlencoded query, never by feeding the query to
``url_for``: a parameter named like one of ``url_for``'s own options (``endpoint``,
``_external``, ``_scheme``, ``_anchor``) must stay a parameter, not become an option
(a 500, or an absolute link built from the request's Host header on a public page).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request


def with_args(**changed: str | None) -> str:
    """This page's URL with ``changed`` query parameters (None: removed).

    Repeated parameters (``kind=person&kind=topic``) keep every value.
    """
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in changed]
    kept += [(k, v) for k, v in changed.items() if v is not None]
    return f"{request.path}?{urlencode(kept)}" if kept else request.path
