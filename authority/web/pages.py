"""Every page module of the workbench, and what the blueprint does around each view.

Importing this registers the views (each module adds its own to the blueprint) and,
once, the blueprint's hooks: the CSRF check before a view, the frame's context for
its templates, security headers after it (the language cookie is app-wide:
``register_web``), and an error
page in the frame instead of a problem document.
"""

from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import HTTPException

from authority.web import (  # noqa: F401  (their views)
    deleting,
    editing,
    history,
    merging,
    reconcile_preview,
    record,
    reverting,
    search,
    search_browse,
    signin,
)
from authority.web.blueprint import blueprint
from authority.web.frame import frame_context, secure_headers
from authority.web.session import check_csrf


@blueprint.errorhandler(HTTPException)
def error_page(error: HTTPException) -> tuple[str, int]:
    """A workbench error as a page in the frame, never a bare problem document."""
    status = error.code or 500
    return render_template("web/error.html", error=error, status=status), status


blueprint.before_request(check_csrf)
blueprint.context_processor(frame_context)
blueprint.after_request(secure_headers)
