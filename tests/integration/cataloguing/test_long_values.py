"""Values far longer than any real one: a clear answer, never a 500.

A heading is kept whole (its derived keys are bounded); an identifier longer than any
real one is refused (the identifier index is a btree, and the schemes' patterns cost
the square of the length: a Handle of 20,000 digits took 12 s to recognise).
"""

from __future__ import annotations

import random
import string

import pytest
from flask.testing import FlaskClient

from tests.integration.cataloguing.support import Tokens, bearer, person


def noise(size: int) -> str:
    """Text that does not compress (PostgreSQL compresses before it indexes)."""
    rng = random.Random(size)  # noqa: S311 (test data, not secrets)
    return "".join(rng.choice(string.ascii_letters) for _ in range(size))


@pytest.mark.parametrize("size", [3_000, 20_000])
def test_a_huge_heading_is_a_clear_answer(
    client: FlaskClient, tokens: Tokens, size: int
) -> None:
    body = person(f"Lang, {noise(size)}")
    response = client.post(
        "/authorities?force=true", json=body, headers=bearer(tokens.cataloguer)
    )
    assert response.status_code == 201, response.json


def test_a_huge_handle_is_a_clear_answer(client: FlaskClient, tokens: Tokens) -> None:
    handle = {"tag": "024", "ind1": "7", "ind2": " ",
              "subfields": [["a", "hdl.handle.net/11250-" + "1" * 20_000 + "x"],
                            ["2", "hdl"]]}  # fmt: skip
    response = client.post(
        "/authorities?force=true",
        json=person("Lang, Lars", handle),
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 422, response.json
    assert [p["where"] for p in response.json["problems"]] == ["024/$a"]


def test_a_record_with_thousands_of_variants_is_a_clear_answer(
    client: FlaskClient, tokens: Tokens
) -> None:
    # A guard: the duplicate check's advisory locks are bounded (LOCK_SPACE), so a
    # record's size never decides how much of PostgreSQL's lock table it takes.
    variants = [
        {"tag": "400", "ind1": "1", "ind2": " ",
         "subfields": [["a", f"Mangfold, Variant {n}"]]}
        for n in range(8_000)
    ]  # fmt: skip
    response = client.post(
        "/authorities?force=true",
        json=person("Mangfold, Maren", *variants),
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 201, response.json
