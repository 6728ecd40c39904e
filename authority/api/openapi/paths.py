"""The document's ``paths``, walked from the app's routes.

Each rule of ``app.url_map`` gives the path (``<id:authority_id>`` becomes
``{id}``), its path parameters (from the converters, or as the view declares
them) and the methods; the view's docstring gives the summary (its first line)
and the description (the rest); its declaration (``declare.documented``) the
operationId, the tag, the query's contract model, the body and the statuses.
Written here by hand is only what the format table drives and no route says:
``/authorities/{id}.{suffix}``, the same rule as ``/authorities/{id}`` read with a
suffix. BARE's routes without ``v2`` are generated from the ``v2`` ones.
Every operation answers 500 too, and lists its responses in status order.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator

from flask import Flask
from pydantic import BaseModel
from werkzeug.routing import Rule

from authority.api.negotiation import BY_SUFFIX
from authority.api.openapi.declare import BEARER, Operation, declaration
from authority.api.openapi.models import json_request, query_parameters
from authority.api.openapi.parameters import (
    CONDITIONAL,
    ID,
    LANGUAGE,
    parameter_components,
)
from authority.api.openapi.references import JSON, ref
from authority.api.openapi.responses import (
    authority_responses,
    problem,
    ref_responses,
)

UNDOCUMENTED = frozenset({"static"})
"""Endpoints the document leaves out on purpose: Flask's static files."""
PAGES = "web."
"""Endpoints of the workbench (``authority/web``): pages for people, whose contract
is what a browser shows, not the machine interface this document describes."""


def left_out(endpoint: str) -> bool:
    """True for an endpoint the document leaves out on purpose."""
    return endpoint in UNDOCUMENTED or endpoint.startswith(PAGES)


BARE_V2 = "/authority/rest/authorities/v2"
BARE_QUERY = "/authority/rest/functions/v2/query"
URLJOINED = {
    BARE_QUERY: ("/authority/rest/authorities/query", f"{BARE_V2}/query"),
}
"""BARE's search as its clients' ``urljoin`` on ``.../authorities/v2`` reaches it."""

DEFAULT_PATH_PARAMETERS: dict[str, JSON] = {
    "reference": ref("parameters", "Reference"),
    "id": ID,
}
"""Converter name -> the path parameter it reads, unless the view says otherwise."""
SUFFIX = ref("parameters", "Suffix")
"""A ``<suffix>`` is a format's suffix, whatever its converter."""
_ARGUMENT = re.compile(r"<(?:(?P<converter>[^:>]+):)?(?P<name>[^>]+)>")


NEGOTIATED = "/authorities/{id}"
"""The one authority, whose rule the format table reads a second way."""
METHODS = ("get", "post", "put", "patch", "delete")
"""The order of the operations in a path item (and on the page)."""


def path_items(app: Flask, tags: list[str]) -> JSON:
    """``paths``: path -> path item, for every documented route of ``app``.

    Args:
        app: the app whose routes are walked.
        tags: the document's tags, in the order the paths are grouped by.

    Returns:
        The path items by tag (of a path's GET, else of its first operation),
        then BARE's urljoined copies.
    """
    items: JSON = {}
    for rule, view, declared in _documented(app):
        path, parameters = _path(rule, declared)
        operation = _operation(view, declared, parameters)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            items.setdefault(path, {})[method.lower()] = operation
    items = _by_suffix(items)
    by_tag = sorted(items.items(), key=lambda kv: tags.index(_tag(kv[1])))
    grouped = {path: _in_order(item) for path, item in by_tag}
    return {**grouped, **_urljoined(grouped)}


def undocumented(app: Flask) -> list[str]:
    """The rules of ``app`` with no declaration and not left out on purpose."""
    return [
        rule.rule
        for rule in app.url_map.iter_rules()
        if not left_out(rule.endpoint)
        and declaration(app.view_functions[rule.endpoint], rule.rule) is None
    ]


def _documented(app: Flask) -> Iterator[tuple[Rule, Callable[..., object], Operation]]:
    rules = [r for r in app.url_map.iter_rules() if not left_out(r.endpoint)]
    aliases = {
        (r.endpoint, alias)
        for r in rules
        for alias in _aliases(_ARGUMENT.sub(_placeholder, r.rule))
    }
    for rule in rules:
        if (rule.endpoint, _ARGUMENT.sub(_placeholder, rule.rule)) in aliases:
            continue  # BARE's urljoined route: generated from the v2 one
        view = app.view_functions[rule.endpoint]
        declared = declaration(view, rule.rule)
        if declared is not None:
            yield rule, view, declared


def _placeholder(match: re.Match[str]) -> str:
    return "{" + match["name"] + "}"


def _path(rule: Rule, declared: Operation) -> tuple[str, list[JSON]]:
    """The document's path of ``rule`` and its path parameters, in path order."""
    parameters: list[JSON] = []

    def parameter(match: re.Match[str]) -> str:
        found = _path_parameter(match["name"], match["converter"], declared)
        parameters.append(found)
        return "{" + _name(found) + "}"

    return _ARGUMENT.sub(parameter, rule.rule), parameters


def _path_parameter(argument: str, converter: str | None, declared: Operation) -> JSON:
    if argument in declared.path:
        return declared.path[argument]
    if argument == "suffix":
        return SUFFIX
    if converter in DEFAULT_PATH_PARAMETERS:
        return DEFAULT_PATH_PARAMETERS[converter]
    raise LookupError(f"{declared.operation_id}: declare the path parameter {argument}")


def _name(parameter: JSON) -> str:
    """A path parameter's name; a component's is where the component says."""
    if "$ref" in parameter:
        parameter = parameter_components()[parameter["$ref"].rsplit("/", 1)[1]]
    name: str = parameter["name"]
    return name


def _operation(
    view: Callable[..., object], declared: Operation, path: list[JSON]
) -> JSON:
    summary, description = _docstring(view)
    query = query_parameters(declared.query) if declared.query else []
    built: JSON = {
        "operationId": declared.operation_id,
        "tags": [declared.tag],
        "summary": summary,
        "description": description,
    }
    if parameters := [*path, *query, *declared.parameters]:
        built["parameters"] = parameters
    answers = {
        status: problem(answer) if isinstance(answer, str) else answer
        for status, answer in declared.answers.items()
    }
    built["responses"] = _with_500(answers)
    if isinstance(declared.body, type) and issubclass(declared.body, BaseModel):
        built["requestBody"] = json_request(declared.body)
    elif declared.body is not None:
        built["requestBody"] = declared.body
    if declared.secured:
        built["security"] = BEARER
    return built


def _with_500(responses: JSON) -> JSON:
    """``responses`` and 500, in status order."""
    return dict(sorted({**responses, **ref_responses("ServerError")}.items()))


def _docstring(view: Callable[..., object]) -> tuple[str, str]:
    """The summary (the first line, without its full stop) and the description.

    The description's paragraphs are the docstring's, each joined into one line.
    """
    first, _, rest = inspect.cleandoc(view.__doc__ or "").partition("\n")
    paragraphs = (" ".join(p.split()) for p in rest.strip().split("\n\n"))
    return first.removesuffix("."), "\n\n".join(p for p in paragraphs if p)


def _tag(item: JSON) -> str:
    tag: str = item.get("get", next(iter(item.values())))["tags"][0]
    return tag


def _in_order(item: JSON) -> JSON:
    return {method: item[method] for method in METHODS if method in item}


def _by_suffix(items: JSON) -> JSON:
    """``/authorities/{id}.{suffix}``: the format table's second reading of a rule.

    The reference converter takes the suffix with the id; the view splits it off.
    The operation is the negotiated one's, with the suffix's formats and words.
    """
    if "get" not in items.get(NEGOTIATED, {}):
        return items
    negotiated = items[NEGOTIATED]["get"]
    parameters = [ref("parameters", "Id"), SUFFIX, *LANGUAGE, *CONDITIONAL]
    operation = {
        **negotiated,
        "operationId": "getAuthorityBySuffix",
        "summary": "One authority in the format its suffix names",
        "description": "The suffix chooses the format; format and Accept are not "
        "read. An id that is not in the id form is resolved as a reference, suffix "
        "and all (see /authorities/{id}).",
        "parameters": parameters,
        "responses": _with_500(
            authority_responses(BY_SUFFIX.values(), negotiated=False)
        ),
    }
    after: JSON = {}
    for path, item in items.items():  # listed right after the negotiated one
        after[path] = item
        if path == NEGOTIATED:
            after["/authorities/{id}.{suffix}"] = {"get": operation}
    return after


def _aliases(path: str) -> tuple[str, ...]:
    """Where BARE's clients' ``urljoin`` sends what is documented at ``path``."""
    if path == BARE_V2 or path.startswith(f"{BARE_V2}/"):
        return (path.replace("/v2", "", 1),)
    return URLJOINED.get(path, ())


def _urljoined(items: JSON) -> JSON:
    """BARE's routes again without ``v2``, as ``urljoin`` on its base calls them.

    Each copy is the same operation under its own operationId (``...Urljoined``).
    """
    aliases: JSON = {}
    for path, item in items.items():
        for n, target in enumerate(_aliases(path)):
            aliases[target] = {
                method: _alias(operation, path, n) for method, operation in item.items()
            }
    return aliases


def _alias(original: JSON, path: str, n: int) -> JSON:
    copy = dict(original)
    copy["operationId"] = f"{original['operationId']}Urljoined{n or ''}"
    note = f"The same as {path}, where BARE's clients' urljoin sends them."
    copy["description"] = " ".join(filter(None, (original["description"], note)))
    return copy
