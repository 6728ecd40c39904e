"""The base of every contract model, and the JSON Schema form the document keeps.

pydantic writes JSON Schema 2020-12, which is OpenAPI 3.1's own dialect, so a
model's schema goes into the document as it is, after one tidying pass that keeps
the form the hand-written schemas had (and that ``schema/authority.schema.json``
has): no generated titles, ``null`` in the ``type`` list (``oneOf`` with ``null``
for a reference), no ``default: null``, a docstring's lines as one description;
and in a schema of its own (the published one, a route's parameters) every enum
written where it is used. In the document the enums are components.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic.json_schema import SkipJsonSchema as SkipJsonSchema
from pydantic_core import CoreSchema

JSON = dict[str, Any]
"""A JSON object as a schema holds it."""

SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
SUBSCHEMA_KEYS = ("items", "additionalProperties", "not", "propertyNames")
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")


class Contract(BaseModel):
    """A body the API sends or reads: camelCase on the wire, closed, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        use_enum_values=True,
        use_attribute_docstrings=True,
    )

    def body(self) -> JSON:
        """The body as JSON data, by its wire names (``exclude_if`` applied)."""
        return self.model_dump(mode="json", by_alias=True)


class HouseStyle(GenerateJsonSchema):
    """pydantic's generator, tidied as the module docstring says."""

    def generate(
        self, schema: CoreSchema, mode: JsonSchemaMode = "validation"
    ) -> JsonSchemaValue:
        """A model's schema, tidied, its enums inlined; its title kept."""
        generated = super().generate(schema, mode)
        tidied: JSON = tidy(inline_enums(generated))
        if "title" in generated:
            tidied = {"title": generated["title"], **tidied}
        return tidied

    def generate_definitions(self, inputs: Any) -> Any:
        """Several models' schemas (the document's components), tidied."""
        mapping, definitions = super().generate_definitions(inputs)
        return mapping, {name: tidy(d) for name, d in definitions.items()}

    def field_title_should_be_set(self, schema: Any) -> bool:
        """Never: a property's name is its title."""
        return False


def tidy(schema: Any) -> Any:
    """``schema`` in the house form (see the module docstring)."""
    if not isinstance(schema, dict):
        return schema
    tidied: JSON = {}
    for key, value in schema.items():
        if key in SUBSCHEMA_MAPS:
            tidied[key] = {k: tidy(v) for k, v in value.items()}
        elif key in SUBSCHEMA_KEYS:
            tidied[key] = tidy(value)
        elif key in SUBSCHEMA_LISTS:
            tidied[key] = [tidy(v) for v in value]
        elif key == "title" or (key == "default" and value is None):
            continue  # generated titles and null defaults say nothing
        elif key == "description" and isinstance(value, str):
            tidied[key] = " ".join(value.split())  # a docstring's lines, as one
        else:
            tidied[key] = value
    return _nullable(tidied)


def _nullable(schema: JSON) -> JSON:
    """``anyOf: [X, {type: null}]`` as ``type: [X, null]`` where X has one type."""
    branches = schema.get("anyOf")
    if not branches or len(branches) != 2 or {"type": "null"} not in branches:
        return schema
    [other] = [b for b in branches if b != {"type": "null"}]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if isinstance(other.get("type"), str) and "$ref" not in other:
        return {**other, "type": [other["type"], "null"], **rest}
    if "enum" in other and "$ref" not in other:
        return {**other, "enum": [*other["enum"], None], **rest}
    return {"oneOf": [other, {"type": "null"}], **rest}


def inline_enums(schema: JSON) -> JSON:
    """Every ``$ref`` to an enum of ``$defs`` replaced by the enum itself."""
    definitions = schema.get("$defs", {})
    enums = {
        f"#/$defs/{name}": {"enum": d["enum"]}
        for name, d in definitions.items()
        if "enum" in d and "properties" not in d
    }
    if not enums:
        return schema
    inlined: JSON = _replace_refs(schema, enums)
    kept = {n: d for n, d in definitions.items() if f"#/$defs/{n}" not in enums}
    if kept:
        inlined["$defs"] = kept
    else:
        del inlined["$defs"]
    return inlined


def _replace_refs(node: Any, targets: dict[str, JSON]) -> Any:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference in targets:
            rest = {k: _replace_refs(v, targets) for k, v in node.items()}
            del rest["$ref"]
            return {**targets[reference], **rest}
        return {k: _replace_refs(v, targets) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_refs(item, targets) for item in node]
    return node
