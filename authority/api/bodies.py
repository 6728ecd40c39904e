"""A write's body as an authority: our JSON, MARCXML or MARC-in-JSON.

The ``Content-Type`` chooses the reader. Our JSON representation is what ``GET``
answers: its ``fields`` (the MARC fields, our canonical content) and
``qualityLevel`` are what a write sets; everything else in it is derived from
the fields (heading, variants, relations ...) or kept by the register (dates,
revision, status) and is ignored, so a client may send back what it read. A key
the representation does not have is refused: it is a typo or a misunderstanding,
and silently dropping it would lose what the cataloguer meant.

XML is read without a DTD, entities or network: a body whose parsed document has
a DOCTYPE, wherever it stands, is refused (400). JSON is read within
``authority.json_input``'s bounds (nesting, number size), and the body's size is
bounded by ``MAX_CONTENT_LENGTH`` (413 beyond).
"""

from __future__ import annotations

import io
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from authority import json_input
from authority.domain import Authority, Field, QualityLevel, Status
from authority.errors import MarcMappingError, Problem, ValidationError
from authority.marc.from_marc import from_fields
from authority.marc.read import read
from authority.marc.to_marc import generated_leader

JSON_TYPES = ("application/json",)
MARCXML_TYPES = ("application/marcxml+xml", "application/xml", "text/xml")
MARCJSON_TYPES = ("application/marc+json",)
SUPPORTED = (*JSON_TYPES, *MARCXML_TYPES, *MARCJSON_TYPES)
C = TypeVar("C", bound=BaseModel)

REPRESENTATION_KEYS = frozenset(
    {"id", "uri", "kind", "status", "mergedInto", "qualityLevel", "label", "heading",
     "variants", "relations", "identifiers", "notes", "attributes", "labels",
     "provenance", "created", "modified", "revision", "fields", "links", "warnings"}
)  # fmt: skip
"""The keys of schema/authority.schema.json (a test keeps the two equal)."""


def record_from_request(authority_id: str | None = None) -> Authority:
    """The body as an authority with id ``authority_id`` (None: the body's, if any).

    400 for a body that cannot be read, 415 for a Content-Type we do not read,
    422 (ValidationError) for one that reads but says something wrong.
    """
    kind = request.mimetype
    if kind in JSON_TYPES:
        record = from_json(_json_object())
    elif kind in MARCXML_TYPES:
        record = _from_marc(request.get_data(), "xml")
    elif kind in MARCJSON_TYPES:
        record = _from_marc(request.get_data(), "marcjson")
    else:
        raise UnsupportedMediaType(
            f"send the record as one of {', '.join(SUPPORTED)}, not {kind or 'nothing'}"
        )
    if authority_id is None:
        return record
    if record.id and record.id != authority_id:
        raise invalid(
            f"the body is authority {record.id}, the URL {authority_id}", "id"
        )
    return record.with_envelope(id=authority_id)


def invalid(message: str, where: str) -> ValidationError:
    """A 422 naming one problem."""
    return ValidationError([Problem(message, where)])


def json_request(model: type[C], problem: str, where: str) -> C:
    """The JSON object body as ``model`` (api/contracts); else a 422 naming ``where``.

    415 and 400 as :func:`json_object` for a body that is no JSON object.
    """
    try:
        return model.model_validate(json_object())
    except PydanticValidationError:
        raise invalid(problem, where) from None


def json_object() -> dict[str, Any]:
    """The body as a JSON object (400 for anything else)."""
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType("send application/json")
    return _json_object()


def _json_object() -> dict[str, Any]:
    body = json_body()
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def json_body() -> Any:
    """The body as JSON, within json_input's bounds (400 saying what is wrong).

    Not Flask's get_json: the standard parser recurses once per nesting level.
    """
    try:
        return json_input.loads(request.get_data())
    except json_input.JSONInputError as error:
        raise BadRequest(f"the body is not JSON we read: {error}") from error


def from_json(body: dict[str, Any]) -> Authority:
    """Our JSON representation (as sent) as an authority without an id of its own."""
    unknown = sorted(set(body) - REPRESENTATION_KEYS)
    problems = [Problem(f"{key!r} is not a key of the representation", key)
                for key in unknown]  # fmt: skip
    fields = body.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(Problem("'fields' must be a list of MARC fields", "fields"))
        raise ValidationError(problems)
    parsed = []
    for n, raw in enumerate(fields):
        try:
            parsed.append(_field(raw))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(Problem(f"field {n} is not a MARC field ({error})",
                                    f"fields/{n}"))  # fmt: skip
    quality = body.get("qualityLevel")
    if quality is not None and quality not in {q.value for q in QualityLevel}:
        problems.append(Problem(f"qualityLevel {quality!r} is not kat1, kat2 or kat3",
                                "qualityLevel"))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    record = _mapped(generated_leader(Status.ACTIVE), tuple(parsed))
    identity = body.get("id")
    if isinstance(identity, str) and identity:
        record = record.with_envelope(id=identity)
    if quality is not None:
        record = record.with_envelope(quality=QualityLevel(quality))
    return record


def _field(raw: Any) -> Field:
    if not isinstance(raw, dict) or not isinstance(raw.get("tag"), str):
        raise TypeError("an object with a tag")
    if "data" in raw:
        if not isinstance(raw["data"], str):
            raise TypeError("data is text")
        return Field.from_dict(raw)
    subfields = raw["subfields"]
    if not isinstance(subfields, list) or not all(
        isinstance(s, list) and len(s) == 2 and all(isinstance(v, str) for v in s)
        for s in subfields
    ):
        raise TypeError("subfields are [code, value] pairs of text")
    for name in ("ind1", "ind2"):
        if not isinstance(raw.get(name), str):
            raise TypeError(f"{name} is text")
    return Field.from_dict(raw)


def _from_marc(data: bytes, form: str) -> Authority:
    results = list(read(io.BytesIO(data), form))
    if len(results) != 1:
        raise BadRequest(f"the body must hold one MARC record, not {len(results)}")
    [result] = results
    if result.error is not None or result.leader is None:
        why = result.error or "it is an OAI-PMH deleted header, not a record"
        raise BadRequest(f"the MARC record cannot be read: {why}")
    return _mapped(result.leader, result.fields)


def _mapped(leader: str, fields: tuple[Field, ...]) -> Authority:
    try:
        record = from_fields(leader, fields, check_shape=False)  # validate lists all
    except MarcMappingError as error:
        raise ValidationError([Problem(str(error), "1XX")]) from error
    if record.status is not Status.ACTIVE:
        raise invalid(
            "a write sets content; delete, merge and restore have their own routes",
            "leader",
        )
    return record
