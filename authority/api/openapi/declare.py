"""What only a view can say about its operation, declared beside it.

The document walks the app's routes (``paths.path_items``): the path, its
parameters' shapes and the methods come from the rule, the summary and the
description from the view's docstring, the query parameters from the contract
model the view reads. The rest is the view's declaration, ``@documented(...)``:
its operationId, tag, statuses and what else it reads. A route without one is
not in the document, and a test fails on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from authority.api.contracts.query import Parameters
from authority.api.openapi.references import JSON

View = TypeVar("View", bound=Callable[..., object])

BEARER: list[JSON] = [{"bearer": []}, {"apikey": []}]
"""Either scheme carries one of our tokens."""


@dataclass(frozen=True)
class Operation:
    """One view's declaration: what the route and the docstring cannot say.

    Attributes:
        operation_id: the operation's unique name (and the page's anchor).
        tag: the operation's one tag.
        answers: status -> response object (or a problem's description); 500
            is added to every operation.
        query: the contract model of the query parameters, if any.
        parameters: other parameters (headers, format-table ones), after the
            path and query parameters.
        path: parameter objects by the view's argument name, where the
            converter's default is not what the document says.
        body: the request body, a model (a required JSON body) or an object.
        secured: True for a write: it names the token schemes.
    """

    operation_id: str
    tag: str
    answers: Mapping[str, JSON | str]
    query: type[Parameters] | None = None
    parameters: Sequence[JSON] = ()
    path: Mapping[str, JSON] = field(default_factory=dict)
    body: type[BaseModel] | JSON | None = None
    secured: bool = False


DECLARED: dict[Callable[..., object], dict[str | None, Operation]] = {}
"""View -> rule (None: every rule of the view) -> its declaration."""


def documented(
    operation_id: str,
    tag: str,
    answers: Mapping[str, JSON | str],
    *,
    rule: str | None = None,
    query: type[Parameters] | None = None,
    parameters: Sequence[JSON] = (),
    path: Mapping[str, JSON] | None = None,
    body: type[BaseModel] | JSON | None = None,
    secured: bool = False,
) -> Callable[[View], View]:
    """Declare a view's operation (below its route decorators).

    Args:
        operation_id: the fields of :class:`Operation`, as are tag, answers,
            query, parameters, path, body and secured.
        tag: the operation's tag.
        answers: status -> response object or a problem's description.
        rule: the one Flask rule (as written) this declares, where a view's rules
            differ (a second ``@documented`` declares another); None for all.
        query: the contract model of the query.
        parameters: further parameters.
        path: path parameters by argument name.
        body: the request body.
        secured: a write that needs a token.

    Returns:
        A decorator that registers the view and returns it unchanged.
    """
    declared = Operation(
        operation_id, tag, answers, query, parameters, path or {}, body, secured
    )

    def register(view: View) -> View:
        DECLARED.setdefault(view, {})[rule] = declared
        return view

    return register


def declaration(view: Callable[..., object], rule: str) -> Operation | None:
    """The declaration of ``view`` for ``rule``, if it has one."""
    by_rule = DECLARED.get(view, {})
    return by_rule.get(rule, by_rule.get(None))


def security_schemes() -> JSON:
    """``components.securitySchemes``: our token, and BARE's way of sending it."""
    return {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `authority token create`.",
        },
        "apikey": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "BARE's form of the same token: `Authorization: apikey "
            "<token>`.",
        },
    }
