"""The contracts (``api/contracts``) in the document: schemas, parameters, bodies.

Our own thin generator over pydantic's JSON Schema rather than spectree,
flask-openapi3 or apispec: pydantic already writes JSON Schema 2020-12, the dialect
of OpenAPI 3.1, so a model's schema is a component as it is. The libraries would
each take over what the views do well already: flask-openapi3 replaces the app
class and answers a bad parameter with its own 422 body, spectree validates in
its own decorator with its own error shape, and neither can say that
``/authorities/{id}`` answers in the ten formats of ``negotiation.FORMATS``; apispec
writes OpenAPI 3.0 schemas and its pydantic plugin is a third-party add-on.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from authority.api.contracts.query import Parameters
from authority.api.contracts.style import HouseStyle
from authority.api.openapi.references import JSON, SCHEMAS, schema_ref


def component_schemas(
    answered: Iterable[type[BaseModel]], read: Iterable[type[BaseModel]]
) -> JSON:
    """``components.schemas`` of the bodies the API answers and reads, by name.

    Models nested in them (a hit in the results) are components too.
    """
    inputs: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        *((m, "serialization") for m in answered),
        *((m, "validation") for m in read),
    ]
    _, definitions = models_json_schema(
        inputs, ref_template=SCHEMAS + "{model}", schema_generator=HouseStyle
    )
    found: JSON = definitions.get("$defs", {})
    return found


def query_parameters(model: type[Parameters]) -> list[JSON]:
    """The parameter objects of a route's query, one per field, in field order."""
    schema = model.model_json_schema(schema_generator=HouseStyle)
    if "$defs" in schema:  # a parameter is a value or a list of values
        raise ValueError(f"{model.__name__} has a field that is a model")
    required = set(schema.get("required", ()))
    parameters = []
    for name, property_schema in schema["properties"].items():
        described = dict(property_schema)
        description = described.pop("description", "")
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": description,
                "schema": described,
            }
        )
    return parameters


def json_body(model: type[BaseModel], description: str) -> JSON:
    """A response whose JSON body is ``model``."""
    return {
        "description": description,
        "content": {"application/json": {"schema": schema_ref(model.__name__)}},
    }


def json_request(model: type[BaseModel]) -> JSON:
    """A required JSON request body that is ``model``."""
    content = {"application/json": {"schema": schema_ref(model.__name__)}}
    return {"required": True, "content": content}


def form_request(model: type[Parameters]) -> JSON:
    """An optional form body (``application/x-www-form-urlencoded``) of ``model``."""
    schema = model.model_json_schema(schema_generator=HouseStyle)
    schema.pop("title", None)
    content = {"application/x-www-form-urlencoded": {"schema": schema}}
    return {"required": False, "content": content}
