"""A load killed at any moment and started again ends where an uninterrupted one does.

Records are written in batches, one transaction each, and a reload skips what is
unchanged, so a ``kill -9`` costs at most the batch in flight, and the rerun writes
exactly what the killed run did not. Proved with real subprocesses killed mid-load
(reading inline and in a second process) and compared, table by table, with an
uninterrupted load into a second database.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from authority.storage import migrate
from tests.conftest import make_database
from tests.integration.cli.test_cli import AUTHORITY, environment, run
from tests.support import CORPUS, table_rows, truncate

pytestmark = pytest.mark.slow

RECORDS = 6000


def generated_records(path: Path) -> None:
    """BARE records made from a real sample, each with its own id (and some merges)."""
    rilke = json.loads((CORPUS / "bare" / "json" / "noraf_90053126.json").read_text())
    lines = []
    for n in range(RECORDS):
        scn = str(91_000_000 + n)
        record = {**rilke, "systemControlNumber": scn, "identifiersMap": {}}
        record["marcdata"] = [
            {**f, "subfields": [{"subcode": "a", "value": f"Rilke {n}, Rainer"}]}
            if f["tag"] == "100" else f
            for f in rilke["marcdata"]
        ]  # fmt: skip
        if n % 50 == 7:  # merged into a record that comes later in the file
            record |= {"deleted": True, "replacedBy": str(91_000_000 + n + 1)}
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines), encoding="utf-8")


def state(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Everything a load writes, without the clock."""
    queries = {
        "authorities": "SELECT id, kind, status, quality, content_hash, revision "
        "FROM authorities ORDER BY id",
        "redirects": "SELECT from_id, to_id FROM authority_redirects ORDER BY from_id",
        "revisions": "SELECT authority_id, revision, action FROM authority_revisions "
        "ORDER BY authority_id, revision",
        "changes": "SELECT seq, authority_id, revision, action FROM change_log "
        "ORDER BY seq",
        "identifiers": "SELECT authority_id, scheme, value FROM authority_identifiers "
        "ORDER BY 1, 2, 3",
        "search terms": "SELECT authority_id, position, key, status "
        "FROM search_terms ORDER BY 1, 2",
    }
    return table_rows(engine, queries)


@pytest.mark.parametrize("reader", ["inline", "process"])
def test_a_killed_load_run_again_equals_an_uninterrupted_one(
    engine: Engine, database_url: str, admin_url: str, tmp_path: Path, reader: str
) -> None:
    source = tmp_path / "records.jsonl"
    generated_records(source)
    reference_url = make_database(admin_url, "authority_resume_reference")
    reference = create_engine(reference_url)
    migrate.upgrade(reference)
    truncate(reference)
    truncate(engine)
    try:
        done = run("load", str(source), DATABASE_URL=reference_url, timeout=300)
        assert done.returncode == 0, done.stderr

        killed = subprocess.Popen(
            [*AUTHORITY, "load", "--reader", reader, str(source)],
            env=environment(DATABASE_URL=database_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while _count(engine) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        left_behind = _children(killed.pid)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        part = _count(engine)
        assert 0 < part < RECORDS, "the kill should land mid-load"
        _assert_gone(left_behind)  # an orphaned reader exits by itself

        again = run(
            "load", "--reader", reader, str(source), DATABASE_URL=database_url,
            timeout=300,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert state(engine) == state(reference)
    finally:
        truncate(engine)
        reference.dispose()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _assert_gone(pids: list[int], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and "zombie" not in _state(p)]  # fmt: skip
        if not alive:
            return
        time.sleep(0.2)
    raise AssertionError(f"processes {alive} outlived the killed load")


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "zombie"
    return next((line for line in status.splitlines() if line.startswith("State")), "")


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT count(*) FROM authorities")) or 0)
