"""The files of the top-level ``schema/`` folder, installed or in a checkout.

``schema/`` holds language-neutral artefacts (the JSON Schema of our JSON, the JSON-LD
context, the OpenSearch mapping) that other tools read from the repository, so they
stay there. A wheel carries them as package data in ``authority/schema/`` (the build
hook in ``setup.py`` copies them); a checkout, or an editable install of one, has
them only beside the package.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGED = "schema"
"""The folder inside the installed package that holds ``schema/``."""
CHECKOUT = Path(__file__).resolve().parent.parent / "schema"
"""``schema/`` beside the package in a checkout."""


def schema_file(name: str) -> Traversable:
    """``schema/<name>``: the installed copy if there is one, else the checkout's."""
    packaged = files("authority") / PACKAGED / name
    return packaged if packaged.is_file() else CHECKOUT / name
