"""A Source over a list in memory: the provider's input, for its unit tests.

The register's own HarvestService is tested against PostgreSQL in
tests/integration/oai; here the protocol alone is under test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from authority.domain import Authority, Status
from authority.domain.history import Stamped, Window
from authority.domain.vocabularies import vocabulary
from authority.linkeddata.uris import Uris
from authority.oai import Deployment, Provider
from authority.oai.formats import Rendering
from authority.oai.sets import Set
from tests.support import corpus_authorities

START = datetime(2026, 1, 1, tzinfo=UTC)
BASE_URL = "https://authority.test/oai"


class ListSource:
    """Stamped authorities in change order, one a minute from START."""

    def __init__(self, authorities: list[Authority]) -> None:
        self.stamped = [
            Stamped(n, START + timedelta(minutes=n), a)
            for n, a in enumerate(authorities, 1)
        ]

    def last_change(self) -> int:
        return len(self.stamped)

    def earliest(self) -> datetime | None:
        return self.stamped[0].recorded if self.stamped else None

    def _matching(self, window: Window) -> list[Stamped]:
        test = Set("", "", "", "", window.kind, window.quality, window.vocabulary)
        return [
            s
            for s in self.stamped
            if s.seq <= window.last_seq
            and (window.since is None or s.recorded >= window.since)
            and (window.before is None or s.recorded < window.before)
            and test.holds(s.authority)
        ]

    def page(self, window: Window, after: int, limit: int) -> list[Stamped]:
        return [s for s in self._matching(window) if s.seq > after][:limit]

    def size(self, window: Window) -> int:
        return len(self._matching(window))

    def vocabularies(self) -> list[str]:
        codes = {vocabulary(s.authority) for s in self.stamped}
        return sorted(c for c in codes if c is not None)

    def record(self, reference: str) -> Stamped | None:
        return next((s for s in self.stamped if s.authority.id == reference), None)


def sample() -> list[Authority]:
    """Two of each (kind, quality, status) of the corpus, one of them deleted."""
    chosen: dict[tuple[object, ...], list[Authority]] = {}
    for a in corpus_authorities():
        group = chosen.setdefault((a.kind, a.quality, a.status), [])
        if len(group) < 2:
            group.append(a)
    picked = [a for group in chosen.values() for a in group]
    merged = replace(picked[1], status=Status.MERGED, merged_into=picked[0].id)
    return [*picked[:1], merged, *picked[2:]]


def provider(
    page_size: int = 5, authorities: list[Authority] | None = None
) -> Provider:
    deployment = Deployment(
        repository_identifier="bibsys.no",
        repository_name="Test register",
        admin_email="admin@example.org",
        page_size=page_size,
        token_lifetime=3600,
        rendering=Rendering(Uris("https://authority.test/"), "NO-TrBIB"),
    )
    return Provider(
        ListSource(sample() if authorities is None else authorities), deployment
    )
