"""The workbench's one blueprint: every page module adds its views to it.

Endpoints are ``web.<view>`` (``url_for("web.search")``). Templates live in
``web/templates/web/``, static files (our own CSS and scripts, nothing third-party)
in ``web/static/``, served at ``/static/web/``.
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/web",
)
