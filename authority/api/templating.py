"""The one Jinja environment of our HTML pages (templates in ``api/templates``).

Autoescaping is on, so every value is data; undefined names are errors, so a typo
in a template fails its test instead of printing nothing.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template


@cache
def environment() -> Environment:
    """The template environment, made on first use (no work at import time)."""
    return Environment(
        loader=PackageLoader("authority.api", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template(name: str) -> Template:
    """The template called ``name``."""
    return environment().get_template(name)
