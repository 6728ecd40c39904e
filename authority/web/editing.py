"""Creating and editing authorities (a placeholder until the editing lane fills it)."""

from __future__ import annotations

from flask import render_template

from authority.web.blueprint import blueprint
from authority.web.session import require


@blueprint.get("/authorities/new")
def new_authority() -> str:
    """The form for a new authority."""
    require()
    return render_template("web/layout.html")  # until the editing lane fills it
