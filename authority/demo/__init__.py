"""The bundled demo set: real BARE records, so a newcomer sees data at once.

``records/`` holds BARE JSON (single records and search responses) and MARCXchange
files exactly as published; ``records/SOURCES.md`` says where each came from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from authority.barejson.read import from_bare_json
from authority.barejson.write import CARRIED as BARE_JSON_CARRIED
from authority.domain import Actor, Authority
from authority.domain.carried import Carried
from authority.domain.tokens import Role
from authority.marc.from_marc import CARRIED as MARC_CARRIED
from authority.marc.from_marc import from_marc
from authority.marc.read import read_xml
from authority.service import LoadingService
from authority.service.tokens import TokenService

RECORDS = Path(__file__).parent / "records"
DEMO_ACTOR = Actor("demo", None)
DEMO_TOKEN = "demo"  # noqa: S105 (the token's name)
"""The name of the demo workbench's administrator token."""


def authorities() -> Iterator[tuple[Authority, Carried]]:
    """Every demo authority, mapped from its file, and what its format says."""
    for path in sorted(RECORDS.iterdir()):
        if path.suffix == ".json":
            for record in _bare_records(json.loads(path.read_text(encoding="utf-8"))):
                yield from_bare_json(record), BARE_JSON_CARRIED
        elif path.suffix == ".xml":
            for result in read_xml(str(path)):
                if result.marc_record is None:
                    raise ValueError(f"{path.name} #{result.position}: {result.error}")
                yield from_marc(result.marc_record), MARC_CARRIED


def load(service: LoadingService) -> Counter[str]:
    """Load (or refresh) the demo set; returns the count per outcome."""
    outcomes: Counter[str] = Counter()
    for authority, carried in authorities():
        outcome, _ = service.upsert_from_source(authority, DEMO_ACTOR, carried)
        outcomes[outcome.value] += 1
    return outcomes


def workbench_token(tokens: TokenService) -> str:
    """A new administrator's token for the demo workbench; the last one is revoked.

    Shown once by ``serve --demo`` so that a newcomer can sign in at ``/login``
    at once. Only the demo makes a token by itself; a real deployment's tokens come
    from ``authority token create``.
    """
    if any(t.name == DEMO_TOKEN and t.revoked is None for t in tokens.all()):
        tokens.revoke(DEMO_TOKEN)
    _, secret = tokens.create(DEMO_TOKEN, Role.ADMIN, DEMO_ACTOR.institution)
    return secret


def _bare_records(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "results" in data:
        return list(data["results"])
    return [data] if isinstance(data, dict) else list(data)
