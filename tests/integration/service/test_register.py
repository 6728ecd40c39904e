"""The services' register: short reads alike, a use case's unit of work passed on."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.service import ReadingService, Register, Services
from authority.storage.unit_of_work import UnitOfWork

ACTOR = Actor("test")


def person(authority_id: str) -> Authority:
    heading = Field("100", "1", " ", (Subfield("a", "Moser, May-Britt"),))
    return Authority(authority_id, Kind.PERSON, (heading,))


def test_find_and_find_many_read_alike(sessions: sessionmaker[Session]) -> None:
    opened: list[str] = []

    def counted(name: str) -> Callable[[], UnitOfWork]:
        def unit_of_work() -> UnitOfWork:
            opened.append(name)
            return UnitOfWork(sessions)

        return unit_of_work

    reading = ReadingService(Register(counted("write"), counted("short read")))
    reading.find("90517730")
    reading.find_many(["90517730"])
    assert opened == ["short read", "short read"]


def test_reads_inside_a_use_case_take_its_unit_of_work(
    committed_services: Services,
) -> None:
    reading = committed_services.reading
    with committed_services.register.unit_of_work() as uow:
        uow.authorities.insert(person("90517730"), "create", ACTOR)
        assert reading.find("90517730", uow) is not None
        assert list(reading.find_many(["90517730"], uow)) == ["90517730"]
        assert reading.find("90517730") is None  # not committed: not elsewhere
    assert reading.find("90517730") is None  # rolled back
