"""What the cataloguing tests share: tokens, bodies, and a create."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient


@dataclass(frozen=True)
class Tokens:
    cataloguer: str
    admin: str


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def person(
    name: str, *extra: dict[str, Any], dates: str | None = None
) -> dict[str, Any]:
    """A JSON body for a new person: 008, 040, 100 and any extra fields."""
    heading: list[list[str]] = [["a", name]]
    if dates:
        heading.append(["d", dates])
    return {
        "fields": [
            {"tag": "008", "data": "230101n| acannaabn          |a aaa      "},
            {
                "tag": "040",
                "ind1": " ",
                "ind2": " ",
                "subfields": [["a", "NO-TrBIB"], ["b", "nob"], ["c", "NO-TrBIB"]],
            },
            {"tag": "100", "ind1": "1", "ind2": " ", "subfields": heading},
            *extra,
        ]
    }


def isni(value: str) -> dict[str, Any]:
    return {
        "tag": "024",
        "ind1": "7",
        "ind2": " ",
        "subfields": [["a", value], ["2", "isni"]],
    }


def related(tag: str, name: str, target: str) -> dict[str, Any]:
    return {
        "tag": tag,
        "ind1": "1",
        "ind2": " ",
        "subfields": [["a", name], ["0", f"(NO-TrBIB){target}"]],
    }


def created(client: FlaskClient, tokens: Tokens, body: dict[str, Any]) -> str:
    """POST ``body`` (forced past the duplicate check); the new id."""
    response = client.post(
        "/authorities?force=true", json=body, headers=bearer(tokens.cataloguer)
    )
    assert response.status_code == 201, response.json
    return str(response.json["id"])
