"""A BARE record stores the same fields whether it came as JSON or as MARCXchange."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from authority.barejson.read import from_bare_json
from authority.errors import ValidationError
from authority.marc.from_marc import from_fields
from authority.marc.read import read_xml
from authority.marc.serialize import to_bytes
from authority.marc.to_marc import marc_output
from authority.service import validate
from tests.support import CORPUS

UNSTORABLE: dict[tuple[str, str | None], str] = {
    ("bareSingleAuthorityCreateResponse.json", "123456789"): (
        "status: unknown quality level 'kat'"
    ),
    ("createAuthorityRequestToBare.json", None): "id: '' is not a valid authority id",
    ("nva-test-data-author-template.json", None): (
        "the record has no heading (1XX field)"
    ),
}
"""BARE's own test fixtures that are not records we would store (a ``"status":
"kat"``, a create request without an id, a template without fields): (file,
systemControlNumber) -> why validation refuses it."""
STORABLE = 15
"""Records of the samples that validate: a regression that refuses one fails
:func:`test_only_the_known_fixtures_are_refused` instead of shrinking the test."""


def corpus_records() -> list[tuple[tuple[str, str | None], dict[str, Any]]]:
    """Every record of the BARE JSON samples, keyed by (file, systemControlNumber)."""
    records = []
    for path in sorted((CORPUS / "bare" / "json").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data.get("results", [data]) if isinstance(data, dict) else data:
            if isinstance(item, dict) and "marcdata" in item:
                records.append(((path.name, item.get("systemControlNumber")), item))
    return records


def bare_records() -> list[dict[str, Any]]:
    """Every record of the samples but the known unstorable fixtures."""
    return [record for key, record in corpus_records() if key not in UNSTORABLE]


def test_only_the_known_fixtures_are_refused() -> None:
    refused = {}
    for key, record in corpus_records():
        try:
            validate(from_bare_json(record))
        except ValidationError as error:
            refused[key] = str(error)
    assert refused.keys() == UNSTORABLE.keys()
    for key, reason in UNSTORABLE.items():
        assert reason in refused[key], key
    assert len(bare_records()) == STORABLE


@pytest.mark.parametrize(
    "record", bare_records(), ids=lambda r: str(r.get("systemControlNumber"))
)
def test_json_and_marcxchange_give_the_same_fields(record: dict[str, Any]) -> None:
    from_json = from_bare_json(record)
    # What BARE's SRU would have served for the same record, read back in.
    document = to_bytes(marc_output(from_json, full=True), "marcxchange")
    (result,) = read_xml(io.BytesIO(document))
    from_marcxchange = from_fields(result.leader or "", result.fields)

    assert from_marcxchange.fields == from_json.fields
    assert from_marcxchange.leader is None
    assert (from_marcxchange.id, from_marcxchange.kind, from_marcxchange.quality) == (
        from_json.id,
        from_json.kind,
        from_json.quality,
    )
    assert (from_marcxchange.status, from_marcxchange.merged_into) == (
        from_json.status,
        from_json.merged_into,
    )
