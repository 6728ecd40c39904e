"""The reconciliation API's JSON Schemas (0.2, from the corpus), ready to validate.

The schemas refer to ``type.json`` by a relative ``$ref``; each is given a copy of
it under ``definitions`` and its references pointed there, so that they validate
without a network or a registry.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft7Validator

from tests.support import CORPUS

SCHEMAS = CORPUS / "reconciliation-api" / "0.2" / "schemas"
TYPE = "#/definitions/reconciliation_type"


def _local(node: Any) -> Any:
    """``node`` with every ``$ref: type.json`` pointing at the local copy."""
    if isinstance(node, dict):
        if node.get("$ref") == "type.json":
            return {**node, "$ref": TYPE}
        return {k: _local(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_local(v) for v in node]
    return node


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    by_name = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("*.json")}
    reconciliation_type = _local(by_name["type.json"])
    reconciliation_type.pop("$id", None)
    for schema in by_name.values():
        local = _local(schema)
        local.setdefault("definitions", {})["reconciliation_type"] = reconciliation_type
        schema.clear()
        schema.update(local)
    return by_name


def assert_valid(document: Any, schema: str) -> None:
    """``document`` validates against ``schema`` (a file name of the 0.2 set)."""
    validator = Draft7Validator(_schemas()[schema])
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)
    ]
    assert not errors, errors[:5]
