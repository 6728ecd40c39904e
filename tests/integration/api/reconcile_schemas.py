"""The reconciliation API's JSON Schemas (0.2, from the corpus), ready to validate.

The schemas refer to one another by relative ``$ref`` (``type.json``); a registry
of them all, by their ``$id``, resolves those without a network.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.support import CORPUS

SCHEMAS = CORPUS / "reconciliation-api" / "0.2" / "schemas"


@cache
def _registry() -> tuple[Registry, dict[str, dict[str, Any]]]:
    by_name = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("*.json")}
    resources = [
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT7))
        for s in by_name.values()
        if "$id" in s
    ]
    return Registry().with_resources(resources), by_name


def assert_valid(document: Any, schema: str) -> None:
    """``document`` validates against ``schema`` (a file name of the 0.2 set)."""
    registry, by_name = _registry()
    validator = Draft7Validator(by_name[schema], registry=registry)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)
    ]
    assert not errors, errors[:5]
