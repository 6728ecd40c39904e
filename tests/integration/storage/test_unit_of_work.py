"""The unit of work commits first, then runs after-commit actions; never on rollback."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.orm import Session, sessionmaker

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.storage.unit_of_work import UnitOfWork

ACTOR = Actor("test")


def topic(authority_id: str) -> Authority:
    return Authority(
        authority_id, Kind.TOPIC, (Field("150", subfields=(Subfield("a", "Betong"),)),)
    )


def test_after_commit_actions_run_after_the_commit(
    sessions: sessionmaker[Session],
) -> None:
    seen: list[bool] = []
    with UnitOfWork(sessions) as uow:
        uow.authorities.insert(topic("NTUB00001"), "create", ACTOR)

        def check() -> None:
            with UnitOfWork(sessions) as other:
                seen.append(other.authorities.get("NTUB00001") is not None)

        uow.on_commit(check)
        assert seen == []
        uow.commit()
    assert seen == [True]


def test_no_actions_and_no_data_after_rollback(sessions: sessionmaker[Session]) -> None:
    ran: list[str] = []
    with pytest.raises(RuntimeError), UnitOfWork(sessions) as uow:
        uow.authorities.insert(topic("NTUB00002"), "create", ACTOR)
        uow.on_commit(lambda: ran.append("indexed"))
        raise RuntimeError("boom")
    with UnitOfWork(sessions) as uow:
        assert uow.authorities.get("NTUB00002") is None
        assert uow.authorities.changes() == []
    assert ran == []


def test_a_failing_action_never_loses_the_write(
    sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    def broken_index() -> None:
        raise ConnectionError("index down")

    with caplog.at_level(logging.ERROR), UnitOfWork(sessions) as uow:
        uow.authorities.insert(topic("NTUB00003"), "create", ACTOR)
        uow.on_commit(broken_index)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        assert uow.authorities.get("NTUB00003") is not None
    assert "after-commit action" in caplog.text
