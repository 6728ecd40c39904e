"""Harvesting: the register in change-log order, page by page (OAI-PMH's reads).

Each call is one short read; a harvest's pages hold no transaction between them.
Its consistency comes from the window's fixed end (``Window.last_seq``): every
authority with a change up to it is in the harvest exactly once, however the
register changes while the harvester pages.
"""

from __future__ import annotations

from datetime import datetime

from authority.domain.history import Stamped, Window
from authority.service.reading import ReadingService
from authority.service.register import Register


class HarvestService:
    """What a harvester reads: authorities with their datestamps, in change order."""

    def __init__(self, register: Register, reading: ReadingService) -> None:
        self._register = register
        self._reading = reading

    def last_change(self) -> int:
        """The change log's highest number: where a harvest started now ends."""
        with self._register.read() as uow:
            return uow.authorities.last_change()

    def earliest(self) -> datetime | None:
        """The earliest datestamp the register can give (None when it is empty)."""
        with self._register.read() as uow:
            return uow.authorities.earliest_change()

    def page(self, window: Window, after: int, limit: int) -> list[Stamped]:
        """Up to ``limit`` authorities of ``window`` after change number ``after``."""
        with self._register.read() as uow:
            return uow.authorities.harvest(window, after, limit)

    def vocabularies(self) -> list[str]:
        """The codes of the subject vocabularies the register holds."""
        with self._register.read() as uow:
            return uow.authorities.vocabularies()

    def size(self, window: Window) -> int:
        """How many authorities ``window`` holds in all."""
        with self._register.read() as uow:
            return uow.authorities.harvest_size(window)

    def record(self, reference: str) -> Stamped | None:
        """The one authority ``reference`` names (any form ``resolve`` knows).

        None when it names none, or several (an identifier two records share).
        """
        ids = self._reading.resolve(reference)
        if len(ids) != 1:
            return None
        with self._register.read() as uow:
            authority = uow.authorities.get(ids[0])
            recorded = uow.authorities.stamp(ids[0])
        if authority is None or recorded is None:
            return None
        return Stamped(0, recorded, authority)
