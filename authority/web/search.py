"""The search page at ``/`` (a placeholder until the search lane fills it)."""

from __future__ import annotations

from flask import render_template

from authority.web.blueprint import blueprint


@blueprint.get("/")
def search() -> str:
    """The search page."""
    return render_template("web/search.html")
