"""Query parameters as models: read from the request, refused as 400 problems.

A parameter model's fields are the parameters, by name (an alias where the name
is not a Python one, ``from``), their types, defaults and bounds; the OpenAPI
document lists them from the model. Each field reads its raw text with a
``BeforeValidator`` that says, in the register's own words, what is wrong
(``size must be a whole number, not 'abc'``), so the constraints the schema shows
are never what refuses a value.

A request with several bad parameters is answered with one of them, as before:
first any value that cannot be read (``READING``, what the views checked), then a
word of the query that names something unknown (``IN_QUERY``, BARE's
``authoritytype:``), then any value out of the search's bounds (``BOUNDS``, what
the service checks too), each in the model's field order.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar, get_origin

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from werkzeug.exceptions import BadRequest

from authority.api.contracts.style import JSON
from authority.errors import SearchQueryError

READING = "unreadable_parameter"
"""A value the API cannot read: not a number, not one of the choices."""
IN_QUERY = "unknown_in_query"
"""A word of the query text that names what there is not (``authoritytype:robot``)."""
BOUNDS = "parameter_out_of_bounds"
"""A value read, but beyond what a search takes (the service checks it again)."""

Q = TypeVar("Q", bound=BaseModel)


class Parameters(BaseModel):
    """The query parameters of one route. Other parameters are let through."""

    model_config = ConfigDict(
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        use_attribute_docstrings=True,
    )


def parsed(model: type[Q]) -> Q:
    """This request's query as ``model``; 400 naming the first bad parameter.

    A repeatable parameter (a tuple field) takes every value given; a required
    one that is missing reads as empty, as the views always read it.
    """
    try:
        return model.model_validate(request_values(model))
    except ValidationError as error:
        raise BadRequest(first_problem(error)) from None


def request_values(model: type[BaseModel]) -> dict[str, Any]:
    """This request's query values for ``model``'s fields, as :func:`parsed` reads.

    The workbench's pages read their forms with it too.
    """
    given: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if get_origin(field.annotation) is tuple:
            if key in request.args:
                given[key] = request.args.getlist(key)
        elif key in request.args:
            given[key] = request.args[key]
        elif field.is_required():
            given[key] = ""
    return given


def first_problem(error: ValidationError) -> str:
    """What the first bad parameter's error says (see the module docstring)."""
    found = first_error(error)
    if found["type"] in (READING, IN_QUERY, BOUNDS):
        return str(found["msg"])
    # a check of pydantic's own: name the parameter
    return f"{'.'.join(map(str, found['loc']))}: {found['msg']}"


def first_error(error: ValidationError) -> ErrorDetails:
    """The error a request with several bad parameters is answered with."""
    errors = error.errors()
    for stage in (READING, IN_QUERY, BOUNDS):
        for found in errors:
            if found["type"] == stage:
                return found
    return errors[0]


def refused(detail: str, stage: str = READING) -> PydanticCustomError:
    """The error a reader raises; ``detail`` is the problem's detail, verbatim."""
    return PydanticCustomError(stage, "{detail}", {"detail": detail})


def within_bounds(check: Callable[[], object], stage: str = BOUNDS) -> None:
    """Run one of the search's own checks; its SearchQueryError as our error."""
    try:
        check()
    except SearchQueryError as error:
        raise refused(str(error), stage) from None


def whole_number(name: str, raw: object) -> int:
    """1 to 6 ASCII digits (``int`` reads other digits, and huge runs, too)."""
    text = str(raw)
    if not ascii_number(text, 6):
        raise refused(f"{name} must be a whole number, not {text!r}")
    return int(text)


def ascii_number(raw: str, most_digits: int) -> bool:
    """True for 1 to ``most_digits`` ASCII digits."""
    return raw.isascii() and raw.isdigit() and len(raw) <= most_digits


def choice(name: str, enum: type[Enum], value: str) -> Any:
    """``value`` as a member of ``enum``, or the error listing the choices."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(e.value) for e in enum)
        raise refused(f"{name}={value!r}; choose from {allowed}") from None


def split_values(raw: object) -> list[str]:
    """Every value of a repeatable parameter (``kind=a&kind=b`` or ``kind=a,b``)."""
    given = raw if isinstance(raw, list | tuple) else [raw]
    return [v for text in given for v in str(text).split(",") if v]


def choices(name: str, enum: type[Enum]) -> Callable[[object], tuple[Any, ...]]:
    """A reader of a repeatable parameter whose values are ``enum``'s."""

    def read(raw: object) -> tuple[Any, ...]:
        return tuple(choice(name, enum, v) for v in split_values(raw))

    return read


def empty_ignored(enum: type[Enum]) -> Callable[[JSON], None]:
    """The schema of a repeatable ``enum`` parameter: an empty value is allowed.

    ``split_values`` skips it (``kind=``, ``kind=person,``), as a form with an "any"
    option sends it; the document must say so, or a client that sends one is told
    it broke the contract that the answer keeps.
    """

    def schema(field: JSON) -> None:
        field["items"] = {"enum": [*(e.value for e in enum), ""]}

    return schema


def cursor_offset(raw: object) -> int:
    """The offset a ``cursor`` (from a next/prev link) stands for."""
    text = str(raw)
    if not text:
        return 0
    try:
        decoded = base64.urlsafe_b64decode(text.encode() + b"==").decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    digits = decoded[1:]
    if not decoded.startswith("o") or not ascii_number(digits, 6):
        raise refused("cursor is not one a next or prev link gave")
    return int(digits)


def cursor(offset: int) -> str:
    """The ``cursor`` a link to the page at ``offset`` carries."""
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")
