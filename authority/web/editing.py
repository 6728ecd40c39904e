"""Creating and editing authorities (a placeholder until the editing lane fills it)."""

from __future__ import annotations

from flask import render_template

from authority.web.blueprint import blueprint


@blueprint.get("/authorities/new")
def new_authority() -> str:
    """The form for a new authority."""
    return render_template("web/search.html")
