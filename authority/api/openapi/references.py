"""How the OpenAPI document points at its own components.

Every schema, parameter, header and response that is used more than once is a
component, and every use is a local ``$ref``. One place spells those references.
"""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]
"""A JSON object as the document holds it."""

SCHEMAS = "#/components/schemas/"
"""Where the component schemas sit in the document."""


def ref(kind: str, name: str) -> JSON:
    """A reference to a component: ``ref("headers", "ETag")``."""
    return {"$ref": f"#/components/{kind}/{name}"}


def schema_ref(name: str) -> JSON:
    """A reference to a component schema: ``schema_ref("Problem")``."""
    return {"$ref": SCHEMAS + name}
