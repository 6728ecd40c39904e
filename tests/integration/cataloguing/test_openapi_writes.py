"""Schemathesis on the write routes, with an admin's token: every check it has
(``--checks all``, tests/integration/api/conformance.py).

The read suite (tests/integration/api/test_openapi.py) sends writes without a
token (401 everywhere); this one lets generated writes through to the service,
on the cataloguing tests' own database, seeded with a few records to edit.
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.integration.api import conformance
from tests.integration.cataloguing.support import Tokens, created, person

WRITES = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture(scope="module")
def write_schema(cataloguing_app: Flask, tokens: Tokens) -> schemathesis.BaseSchema:
    client = cataloguing_app.test_client()
    for n in range(3):  # something for generated ids to hit now and then
        created(client, tokens, person(f"Schema, Sigrid {n}"))
    api = schemathesis.openapi.from_wsgi(
        "/openapi.json", cataloguing_app, config=conformance.config(max_examples=30)
    )
    return api.include(method=WRITES)


schema = schemathesis.pytest.from_fixture("write_schema")


@schema.parametrize()
def test_writes_with_a_token_keep_to_the_document(
    case: schemathesis.Case, tokens: Tokens
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens.admin}"})


def test_sequences_of_calls_keep_to_the_document(
    cataloguing_app: Flask, tokens: Tokens
) -> None:
    """Stateful: created records are read, edited and deleted along the links the
    document implies, with every check; ``use_after_free`` holds everywhere but on
    BARE's own routes (conformance.py's one exemption)."""
    authorization = {"Authorization": f"Bearer {tokens.admin}"}
    api = schemathesis.openapi.from_wsgi(
        "/openapi.json",
        cataloguing_app,
        config=conformance.config(max_examples=10, headers=authorization),
    )
    machine = api.as_state_machine()

    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=10,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
