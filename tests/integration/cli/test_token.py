"""``authority token create|list|revoke`` as an operator runs them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from authority.domain.tokens import PREFIX, token_hash
from tests.integration.cli.test_cli import run

pytestmark = pytest.mark.slow


def test_create_prints_the_token_alone_and_stores_only_its_hash(
    database_url: str, engine: Engine
) -> None:
    made = run(
        "token",
        "create",
        "--name",
        "ola",
        "--role",
        "cataloguer",
        "--institution",
        "UBB",
        DATABASE_URL=database_url,
    )
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert made.stdout == secret + "\n"  # a script captures it as it is
    assert secret.startswith(PREFIX) and len(secret) > 40
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT role, institution, token_hash FROM api_tokens "
                "WHERE name = 'ola'"
            )
        ).one()
    assert tuple(row) == ("cataloguer", "UBB", token_hash(secret))
    assert secret not in repr(tuple(row))

    listed = run("token", "list", DATABASE_URL=database_url)
    assert listed.returncode == 0
    [line] = [
        entry for entry in listed.stdout.splitlines() if entry.startswith("ola\t")
    ]
    assert line.split("\t")[:3] == ["ola", "cataloguer", "UBB"]
    assert line.endswith("live")
    assert secret not in listed.stdout

    taken = run(
        "token", "create", "--name", "ola", "--role", "admin", DATABASE_URL=database_url
    )
    assert taken.returncode == 1
    assert "exists already" in taken.stderr

    revoked = run("token", "revoke", "ola", DATABASE_URL=database_url)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in run("token", "list", DATABASE_URL=database_url).stdout
    again = run("token", "revoke", "ola", DATABASE_URL=database_url)
    assert again.returncode == 1
    assert "no live token named 'ola'" in again.stderr


def test_a_role_must_be_one_we_know(database_url: str) -> None:
    result = run(
        "token",
        "create",
        "--name",
        "x",
        "--role",
        "superuser",
        DATABASE_URL=database_url,
    )
    assert result.returncode == 2
    assert "superuser" in result.stderr
